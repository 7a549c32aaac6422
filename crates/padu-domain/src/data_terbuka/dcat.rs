//! The published data sets as a DCAT-AP 3 catalogue: every mandatory class and property
//! (dcat:Catalog with dct:title, dct:description, dct:publisher and its datasets; dcat:Dataset
//! with dct:title and dct:description; dcat:Distribution with dcat:accessURL; foaf:Agent with
//! foaf:name) and the recommended ones Padu holds (contact point, keywords, theme, publisher,
//! spatial and temporal coverage, licence, format, media type, availability, checksum).

use super::rdf::{expand, iri, lang, text, typed, Graph, Node};
use super::vocabulary::{licence, theme_uri};

/// A publisher (a PD, or the Pemda for the catalogue).
pub struct Agent {
    pub iri: String,
    pub name: String,
}

pub struct Distribution {
    pub iri: String,
    pub title: String,
    pub description: String,
    /// Where it is reached (the portal's page of the data set for a file, the link itself).
    pub access_url: String,
    /// The file itself, for a file.
    pub download_url: Option<String>,
    /// CSV, JSON, XLSX, or what a link says.
    pub format: String,
    pub byte_size: Option<i64>,
    pub sha256: Option<String>,
    pub modified: String,
}

pub struct Dataset {
    pub iri: String,
    pub landing_page: String,
    pub identifier: String,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    pub theme: String,
    pub licence: String,
    pub publisher: Agent,
    pub issued: Option<String>,
    pub modified: String,
    pub temporal_start: Option<String>,
    pub temporal_end: Option<String>,
    pub spatial: String,
    /// The update schedule (bulanan, triwulanan, semesteran, tahunan, sekali).
    pub update_schedule: String,
    pub distributions: Vec<Distribution>,
}

pub struct Catalogue {
    pub iri: String,
    pub title: String,
    pub description: String,
    pub homepage: String,
    pub publisher: Agent,
    pub datasets: Vec<Dataset>,
}

const EU: &str = "http://publications.europa.eu/resource/authority";

/// The EU frequency authority's code of an update schedule.
fn frequency(schedule: &str) -> Option<&'static str> {
    Some(match schedule {
        "bulanan" => "MONTHLY",
        "triwulanan" => "QUARTERLY",
        "semesteran" => "BIANNUAL",
        "tahunan" => "ANNUAL",
        "sekali" => "NEVER",
        _ => return None,
    })
}

fn media_type(format: &str) -> Option<&'static str> {
    Some(match format {
        "CSV" => "text/csv",
        "JSON" => "application/json",
        "XLSX" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "HTML" => "text/html",
        _ => return None,
    })
}

/// A moment as xsd:dateTime (the stored RFC 3339) or a day as xsd:date.
fn when(v: &str) -> Node {
    if v.len() == 10 {
        typed(v, &expand("xsd:date"))
    } else {
        typed(v, &expand("xsd:dateTime"))
    }
}

fn agent(g: &mut Graph, a: &Agent) -> Node {
    let node = iri(&a.iri);
    g.add(&node, "rdf:type", iri(expand("foaf:Agent")));
    g.add(&node, "foaf:name", lang(&a.name, "id"));
    node
}

/// Adds data set `d` to `g`; returns its node.
pub fn dataset(g: &mut Graph, d: &Dataset) -> Node {
    let node = iri(&d.iri);
    g.add(&node, "rdf:type", iri(expand("dcat:Dataset")));
    g.add(&node, "dct:title", lang(&d.title, "id"));
    g.add(&node, "dct:description", lang(&d.description, "id"));
    g.add(&node, "dct:identifier", text(&d.identifier));
    g.add(&node, "dcat:landingPage", iri(&d.landing_page));
    for k in &d.keywords {
        g.add(&node, "dcat:keyword", lang(k, "id"));
    }
    g.add(&node, "dcat:theme", iri(theme_uri(&d.theme)));
    let publisher = agent(g, &d.publisher);
    g.add(&node, "dct:publisher", publisher);
    let contact = Node::Blank(format!("contact-{}", d.identifier));
    g.add(&node, "dcat:contactPoint", contact.clone());
    g.add(&contact, "rdf:type", iri(expand("vcard:Organization")));
    g.add(&contact, "vcard:fn", text(&d.publisher.name));
    g.add(&contact, "vcard:hasURL", iri(&d.publisher.iri));
    if let Some(issued) = &d.issued {
        g.add(&node, "dct:issued", when(issued));
    }
    g.add(&node, "dct:modified", when(&d.modified));
    if let Some(code) = frequency(&d.update_schedule) {
        g.add(
            &node,
            "dct:accrualPeriodicity",
            iri(format!("{EU}/frequency/{code}")),
        );
    }
    if d.temporal_start.is_some() || d.temporal_end.is_some() {
        let period = Node::Blank(format!("period-{}", d.identifier));
        g.add(&node, "dct:temporal", period.clone());
        g.add(&period, "rdf:type", iri(expand("dct:PeriodOfTime")));
        if let Some(s) = &d.temporal_start {
            g.add(&period, "dcat:startDate", when(s));
        }
        if let Some(e) = &d.temporal_end {
            g.add(&period, "dcat:endDate", when(e));
        }
    }
    if !d.spatial.is_empty() {
        let place = Node::Blank(format!("place-{}", d.identifier));
        g.add(&node, "dct:spatial", place.clone());
        g.add(&place, "rdf:type", iri(expand("dct:Location")));
        g.add(&place, "locn:geographicName", lang(&d.spatial, "id"));
    }
    let licence_url = licence(&d.licence).map(|l| l.url);
    for x in &d.distributions {
        let dist = iri(&x.iri);
        g.add(&node, "dcat:distribution", dist.clone());
        g.add(&dist, "rdf:type", iri(expand("dcat:Distribution")));
        g.add(&dist, "dcat:accessURL", iri(&x.access_url));
        if let Some(u) = &x.download_url {
            g.add(&dist, "dcat:downloadURL", iri(u));
        }
        g.add(&dist, "dct:title", lang(&x.title, "id"));
        if !x.description.is_empty() {
            g.add(&dist, "dct:description", lang(&x.description, "id"));
        }
        g.add(
            &dist,
            "dct:format",
            iri(format!("{EU}/file-type/{}", x.format.to_uppercase())),
        );
        if let Some(m) = media_type(&x.format) {
            g.add(
                &dist,
                "dcat:mediaType",
                iri(format!("https://www.iana.org/assignments/media-types/{m}")),
            );
        }
        if let Some(url) = licence_url {
            g.add(&dist, "dct:license", iri(url));
        }
        g.add(&dist, "dcatap:availability", iri(expand("dcatap:stable")));
        g.add(&dist, "dct:modified", when(&x.modified));
        if let Some(size) = x.byte_size {
            g.add(
                &dist,
                "dcat:byteSize",
                typed(size.to_string(), &expand("xsd:nonNegativeInteger")),
            );
        }
        if let Some(sum) = &x.sha256 {
            let checksum = Node::Blank(format!(
                "checksum-{}",
                x.iri.rsplit('-').next().unwrap_or("0")
            ));
            g.add(&dist, "spdx:checksum", checksum.clone());
            g.add(&checksum, "rdf:type", iri(expand("spdx:Checksum")));
            g.add(
                &checksum,
                "spdx:algorithm",
                iri(expand("spdx:checksumAlgorithm_sha256")),
            );
            g.add(
                &checksum,
                "spdx:checksumValue",
                typed(sum, &expand("xsd:hexBinary")),
            );
        }
    }
    if let Some(url) = licence_url {
        g.add(&iri(url), "rdf:type", iri(expand("dct:LicenseDocument")));
    }
    node
}

/// The whole catalogue.
pub fn catalogue(c: &Catalogue) -> Graph {
    let mut g = Graph::default();
    let node = iri(&c.iri);
    g.add(&node, "rdf:type", iri(expand("dcat:Catalog")));
    g.add(&node, "dct:title", lang(&c.title, "id"));
    g.add(&node, "dct:description", lang(&c.description, "id"));
    g.add(&node, "foaf:homepage", iri(&c.homepage));
    g.add(&node, "dct:language", iri(format!("{EU}/language/IND")));
    let publisher = agent(&mut g, &c.publisher);
    g.add(&node, "dct:publisher", publisher);
    for d in &c.datasets {
        g.add(&node, "dcat:dataset", iri(&d.iri));
    }
    for d in &c.datasets {
        dataset(&mut g, d);
    }
    g
}

/// One data set alone, as its page's RDF.
pub fn dataset_graph(d: &Dataset) -> Graph {
    let mut g = Graph::default();
    dataset(&mut g, d);
    g
}
