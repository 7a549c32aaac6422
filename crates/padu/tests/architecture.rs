//! The Layanan SPBE catalogue, the business process map and the ArchiMate export, through the
//! API on both engines.

mod common;
use common::*;
use serde_json::{json, Value};
use std::collections::HashSet;

async fn import_csv(s: &TestServer, token: &str, register: &str, csv: &str) -> (u16, Value) {
    let r = s
        .http
        .post(s.url(&format!("/api/v1/catalog/import/{register}")))
        .bearer_auth(token)
        .body(csv.to_string())
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    (st, r.json().await.unwrap())
}

/// Elements (id → type and name) and relationships (type, source, target) of an exchange file,
/// read with a real XML parser.
/// (identifier or relationship type, type or source, name or target).
type Triple = (String, String, String);

fn read_archimate(xml: &str) -> (Vec<Triple>, Vec<Triple>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut elements = Vec::new();
    let mut relationships = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut in_name = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |k: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == k.as_bytes())
                        .map(|a| {
                            a.decode_and_unescape_value(reader.decoder())
                                .unwrap()
                                .to_string()
                        })
                        .unwrap_or_default()
                };
                match e.name().as_ref() {
                    b"element" => current = Some((attr("identifier"), attr("xsi:type"))),
                    b"relationship" => {
                        relationships.push((attr("xsi:type"), attr("source"), attr("target")))
                    }
                    b"name" => in_name = current.is_some(),
                    _ => {}
                }
            }
            Event::Text(t) if in_name => {
                if let Some((id, kind)) = current.take() {
                    elements.push((id, kind, t.decode().unwrap().to_string()));
                }
                in_name = false;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (elements, relationships)
}

#[tokio::test]
async fn services_and_processes_link_up_and_export_as_archimate() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let admin = s.token_of("admin").await;
        let service = json!({
            "pd_id": kesehatan,
            "name": "Surat keterangan sehat",
            "kind": "publik",
            "sector": "Kesehatan",
            "application_ids": [999999]
        });
        let (st, e) = s
            .post("/api/v1/catalog/services", Some(&op), service.clone())
            .await;
        assert_refused(st, &e, 422, "application_ids[0]");
        let mut admin_sector = service.clone();
        admin_sector["application_ids"] = json!([]);
        admin_sector["kind"] = json!("administrasi");
        let (st, e) = s
            .post("/api/v1/catalog/services", Some(&op), admin_sector)
            .await;
        assert_refused(st, &e, 422, "sector");
        let mut good = service.clone();
        good["application_ids"] = json!([]);
        let (st, svc) = s.post("/api/v1/catalog/services", Some(&op), good).await;
        assert_eq!(st, 201, "{svc}");

        // A whole map loads from one file, parents first or not; a bad parent is named.
        let map = format!(
            "pd,code,name,level,parent_code,sector,service_ids\n\
dinas-kesehatan,GIZ.01.01,Penimbangan balita,3,GIZ.01,Kesehatan,{}\n\
dinas-kesehatan,GIZ,Perbaikan gizi masyarakat,1,,Kesehatan,\n\
dinas-kesehatan,GIZ.01,Surveilans gizi,2,GIZ,Kesehatan,\n",
            svc["id"]
        );
        let (st, r) = import_csv(&s, &op, "processes", &map).await;
        assert_eq!((st, r["created"].as_i64()), (200, Some(3)), "{r}");
        let bad = "pd,code,name,level,parent_code,sector\n\
dinas-kesehatan,GIZ.02,Intervensi stunting,2,KES,Kesehatan\n\
dinas-kesehatan,GIZ.03,Konseling,2,,Kesehatan\n";
        let (st, r) = import_csv(&s, &op, "processes", bad).await;
        assert_eq!(st, 422, "{r}");
        let cells: Vec<(i64, &str)> = r["error"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["row"].as_i64().unwrap(), e["column"].as_str().unwrap()))
            .collect();
        // Row 2 hangs under the stored level-1 KES; row 3, at level 2, names no parent.
        assert_eq!(cells, [(3, "parent_code")], "{r}");
        let (_, list) = s.get("/api/v1/catalog/processes?q=gizi", Some(&op)).await;
        let parent = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["code"] == "GIZ.01")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let (st, _) = s
            .delete(&format!("/api/v1/catalog/processes/{parent}"), Some(&op))
            .await;
        assert_eq!(st, 409, "a process with processes under it stays");

        // The ArchiMate export: well-formed, every relationship's ends are elements, the new
        // process tree and its service are in, and another PD's secret application is not.
        let xml = s
            .http
            .get(s.url("/api/v1/catalog/archimate"))
            .bearer_auth(&op)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(xml.contains("http://www.opengroup.org/xsd/archimate/3.0/"));
        let (elements, relationships) = read_archimate(&xml);
        let ids: HashSet<&str> = elements.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(ids.len(), elements.len(), "identifiers are unique");
        for (kind, source, target) in &relationships {
            assert!(
                ids.contains(source.as_str()) && ids.contains(target.as_str()),
                "{kind} {source} {target}"
            );
        }
        let named = |kind: &str, name: &str| elements.iter().any(|e| e.1 == kind && e.2 == name);
        assert!(named("BusinessProcess", "Penimbangan balita"));
        assert!(named("BusinessService", "Surat keterangan sehat"));
        assert!(named("ApplicationComponent", "SIMPUS"));
        assert!(
            named("Node", "Dinas Kesehatan")
                || elements.iter().filter(|e| e.1 == "Node").count() > 0
        );
        assert!(
            !named("ApplicationComponent", "SIAK Terpusat"),
            "Rahasia, another PD's"
        );
        let composition = relationships
            .iter()
            .filter(|r| r.0 == "Composition")
            .count();
        assert!(composition >= 2, "{composition}");
        let admin_xml = s
            .http
            .get(s.url("/api/v1/catalog/archimate"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let (all, _) = read_archimate(&admin_xml);
        assert_eq!(
            all.iter()
                .filter(|e| e.1 == "Node" && e.0.starts_with("id-site-"))
                .count(),
            70,
            "Pessel's 70 sites"
        );
        assert!(all.iter().any(
            |e| e.1 == "TechnologyService" && e.2 == "Layanan VM (IaaS) untuk Perangkat Daerah"
        ));
        assert!(all
            .iter()
            .any(|e| e.1 == "ApplicationComponent" && e.2 == "SIAK Terpusat"));

        // The pages.
        for (path, text) in [
            ("/katalog/layanan", "Pendaftaran pasien puskesmas"),
            ("/katalog/proses", "Verifikasi kepesertaan BPJS Kesehatan"),
        ] {
            let html = s
                .http
                .get(s.url(path))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(html.contains(text), "{path}");
        }
        s.running.stop().await;
    })
    .await;
}
