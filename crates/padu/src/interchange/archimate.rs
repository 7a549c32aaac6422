//! The architecture in the ArchiMate 3.1 Model Exchange File Format (The Open Group): the PDs
//! as business actors, business processes with their hierarchy, the Layanan SPBE as business
//! services, applications as application components, data sets as data objects, and the
//! network sites as nodes of the intra-government network, with the relationships the
//! catalogue records, and the infrastructure (data centres, servers and devices as nodes and
//! devices, the Pusat Data's offerings as technology services). Tools such as Archi import it (File › Import › Open Exchange File).

use padu_store::architecture::{Process, Service};
use padu_store::catalog::Application;
use padu_store::datasets::Dataset;
use padu_store::infrastructure::Infrastructure;
use padu_store::org::Pd;
use padu_store::sites::Site;
use std::collections::HashMap;
use std::fmt::Write;

pub const NAMESPACE: &str = "http://www.opengroup.org/xsd/archimate/3.0/";

/// What the export holds (already narrowed to what the caller may read).
pub struct Model<'a> {
    pub name: &'a str,
    pub pds: &'a [Pd],
    pub processes: &'a [Process],
    pub services: &'a [Service],
    pub applications: &'a [Application],
    pub datasets: &'a [Dataset],
    pub sites: &'a [Site],
    pub infrastructure: &'a [Infrastructure],
}

/// Text escaped for XML content or an attribute (also the gateway's XML answers).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

struct Writer {
    xml: String,
    relationships: String,
    next_relationship: usize,
}

impl Writer {
    fn element(&mut self, id: &str, kind: &str, name: &str, documentation: &str) {
        let _ = write!(
            self.xml,
            "    <element identifier=\"{id}\" xsi:type=\"{kind}\">\n      <name xml:lang=\"id\">{}</name>\n",
            esc(name)
        );
        if !documentation.is_empty() {
            let _ = writeln!(
                self.xml,
                "      <documentation xml:lang=\"id\">{}</documentation>",
                esc(documentation)
            );
        }
        self.xml.push_str("    </element>\n");
    }

    fn relationship(&mut self, kind: &str, source: &str, target: &str) {
        self.next_relationship += 1;
        let _ = writeln!(
            self.relationships,
            "    <relationship identifier=\"id-rel-{}\" source=\"{source}\" target=\"{target}\" xsi:type=\"{kind}\" />",
            self.next_relationship
        );
    }
}

/// The model as an exchange file. Relationships whose ends are not in the model (a link to a
/// record the caller may not read) are left out, so the file is always consistent.
pub fn write(m: &Model<'_>) -> String {
    let mut w = Writer {
        xml: String::new(),
        relationships: String::new(),
        next_relationship: 0,
    };
    let _ = write!(
        w.xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<model xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"{NAMESPACE} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Model.xsd\" identifier=\"id-padu-model\">\n  <name xml:lang=\"id\">{}</name>\n  <documentation xml:lang=\"id\">Diekspor oleh Padu dari Katalog SPBE.</documentation>\n  <elements>\n",
        esc(m.name)
    );
    let pd_id = |id: i64| format!("id-pd-{id}");
    let known_pd: std::collections::HashSet<i64> = m.pds.iter().map(|p| p.id).collect();
    for pd in m.pds {
        w.element(&pd_id(pd.id), "BusinessActor", &pd.name, "");
    }
    let app_ids: std::collections::HashSet<i64> = m.applications.iter().map(|a| a.id).collect();
    for a in m.applications {
        let doc = format!("Sektor {}; {}", a.sector, a.description);
        w.element(
            &format!("id-app-{}", a.id),
            "ApplicationComponent",
            &a.name,
            &doc,
        );
        if known_pd.contains(&a.pd_id) {
            w.relationship("Association", &pd_id(a.pd_id), &format!("id-app-{}", a.id));
        }
    }
    let service_ids: std::collections::HashSet<i64> = m.services.iter().map(|s| s.id).collect();
    for s in m.services {
        let id = format!("id-svc-{}", s.id);
        let doc = format!("Layanan {} — {}; {}", s.kind, s.sector, s.description);
        w.element(&id, "BusinessService", &s.name, &doc);
        if known_pd.contains(&s.pd_id) {
            w.relationship("Association", &pd_id(s.pd_id), &id);
        }
        for a in s.application_ids.iter().filter(|a| app_ids.contains(a)) {
            w.relationship("Association", &format!("id-app-{a}"), &id);
        }
    }
    let by_code: HashMap<(i64, &str), i64> = m
        .processes
        .iter()
        .map(|p| ((p.pd_id, p.code.as_str()), p.id))
        .collect();
    for p in m.processes {
        let id = format!("id-proc-{}", p.id);
        let doc = format!(
            "{} — level {}, sektor {}; {}",
            p.code, p.level, p.sector, p.description
        );
        w.element(&id, "BusinessProcess", &p.name, &doc);
        if known_pd.contains(&p.pd_id) {
            w.relationship("Assignment", &pd_id(p.pd_id), &id);
        }
        if let Some(parent) = p
            .parent_code
            .as_deref()
            .and_then(|c| by_code.get(&(p.pd_id, c)))
        {
            w.relationship("Composition", &format!("id-proc-{parent}"), &id);
        }
        for s in p.service_ids.iter().filter(|s| service_ids.contains(s)) {
            w.relationship("Serving", &format!("id-svc-{s}"), &id);
        }
        for a in p.application_ids.iter().filter(|a| app_ids.contains(a)) {
            w.relationship("Serving", &format!("id-app-{a}"), &id);
        }
    }
    for d in m.datasets {
        let id = format!("id-data-{}", d.id);
        let doc = format!(
            "{}; klasifikasi {}, distribusi {}",
            d.description, d.classification, d.distribution
        );
        w.element(&id, "DataObject", &d.name, &doc);
        if known_pd.contains(&d.pd_id) {
            w.relationship("Association", &pd_id(d.pd_id), &id);
        }
    }
    if !m.sites.is_empty() {
        w.element(
            "id-net",
            "CommunicationNetwork",
            "Jaringan Intra Pemerintah Daerah",
            "Metro-E ke setiap titik layanan",
        );
    }
    for s in m.sites {
        let id = format!("id-site-{}", s.id);
        let doc = format!(
            "{}; {} Mbps; {:.6}, {:.6}",
            s.address, s.bandwidth_mbps, s.latitude, s.longitude
        );
        w.element(&id, "Node", &s.name, &doc);
        w.relationship("Association", "id-net", &id);
        if let Some(pd) = s.pd_id.filter(|p| known_pd.contains(p)) {
            w.relationship("Association", &pd_id(pd), &id);
        }
    }
    let site_ids: std::collections::HashSet<i64> = m.sites.iter().map(|s| s.id).collect();
    for i in m.infrastructure {
        let id = format!("id-infra-{}", i.id);
        let kind = match i.kind.as_str() {
            "iaas" | "paas" | "saas" => "TechnologyService",
            "perangkat_jaringan" => "Device",
            _ => "Node",
        };
        let doc = format!(
            "{} di {}; {}; {}",
            i.kind, i.placed_at, i.provider, i.specification
        );
        w.element(&id, kind, &i.name, &doc);
        if known_pd.contains(&i.pd_id) {
            w.relationship("Association", &pd_id(i.pd_id), &id);
        }
        if let Some(site) = i.site_id.filter(|s| site_ids.contains(s)) {
            w.relationship("Association", &id, &format!("id-site-{site}"));
        }
    }
    w.xml.push_str("  </elements>\n");
    if !w.relationships.is_empty() {
        w.xml.push_str("  <relationships>\n");
        w.xml.push_str(&w.relationships);
        w.xml.push_str("  </relationships>\n");
    }
    w.xml.push_str("</model>\n");
    w.xml
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            esc("A & B <c> \"d\" 'e'\u{1}"),
            "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
    }
}
