//! A small RDF graph and its three standard serialisations (Turtle, RDF/XML, JSON-LD in its
//! expanded form), enough for the DCAT-AP catalogue: IRIs, blank nodes, and literals plain,
//! language-tagged or typed. Pure: the caller builds the triples, these write them.

use std::fmt::Write;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    Iri(String),
    Blank(String),
    /// (text, language)
    Lang(String, String),
    /// (text, datatype IRI; empty for a plain string)
    Typed(String, String),
}

pub fn iri(s: impl Into<String>) -> Node {
    Node::Iri(s.into())
}

pub fn text(s: impl Into<String>) -> Node {
    Node::Typed(s.into(), String::new())
}

pub fn lang(s: impl Into<String>, tag: &str) -> Node {
    Node::Lang(s.into(), tag.into())
}

pub fn typed(s: impl Into<String>, datatype: &str) -> Node {
    Node::Typed(s.into(), datatype.into())
}

/// The prefixes the serialisations use: (prefix, namespace).
pub const PREFIXES: [(&str, &str); 12] = [
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("locn", "http://www.w3.org/ns/locn#"),
    ("adms", "http://www.w3.org/ns/adms#"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
];

/// `prefix:local` as its full IRI (`dcat:Dataset` → `http://www.w3.org/ns/dcat#Dataset`).
pub fn expand(curie: &str) -> String {
    match curie.split_once(':') {
        Some((p, local)) => PREFIXES
            .iter()
            .find(|(prefix, _)| *prefix == p)
            .map_or_else(|| curie.to_string(), |(_, ns)| format!("{ns}{local}")),
        None => curie.to_string(),
    }
}

/// A triple's subject is an IRI or a blank node; its predicate an IRI.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Triple {
    pub subject: Node,
    pub predicate: String,
    pub object: Node,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub triples: Vec<Triple>,
}

impl Graph {
    /// Adds (subject, `predicate` as a CURIE, object).
    pub fn add(&mut self, subject: &Node, predicate: &str, object: Node) {
        self.triples.push(Triple {
            subject: subject.clone(),
            predicate: expand(predicate),
            object,
        });
    }

    /// The subjects in the order they first appear, each with its triples.
    fn subjects(&self) -> Vec<(&Node, Vec<&Triple>)> {
        let mut out: Vec<(&Node, Vec<&Triple>)> = Vec::new();
        for t in &self.triples {
            match out.iter_mut().find(|(s, _)| *s == &t.subject) {
                Some((_, ts)) => ts.push(t),
                None => out.push((&t.subject, vec![t])),
            }
        }
        out
    }

    pub fn to_turtle(&self) -> String {
        let mut out = String::new();
        for (p, ns) in PREFIXES {
            let _ = writeln!(out, "@prefix {p}: <{ns}> .");
        }
        for (subject, triples) in self.subjects() {
            let _ = write!(out, "\n{}", turtle_node(subject));
            for (i, t) in triples.iter().enumerate() {
                let sep = if i + 1 == triples.len() { " ." } else { " ;" };
                let _ = write!(
                    out,
                    "\n    {} {}{sep}",
                    turtle_iri(&t.predicate),
                    turtle_node(&t.object)
                );
            }
            out.push('\n');
        }
        out
    }

    pub fn to_rdf_xml(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF");
        for (p, ns) in PREFIXES {
            let _ = write!(out, "\n  xmlns:{p}=\"{}\"", xml_escape(ns));
        }
        out.push_str(">\n");
        for (subject, triples) in self.subjects() {
            match subject {
                Node::Blank(id) => {
                    let _ = writeln!(out, "  <rdf:Description rdf:nodeID=\"{}\">", xml_escape(id));
                }
                Node::Iri(i) => {
                    let _ = writeln!(out, "  <rdf:Description rdf:about=\"{}\">", xml_escape(i));
                }
                _ => continue,
            }
            for t in triples {
                let (element, declaration) = xml_element(&t.predicate);
                match &t.object {
                    Node::Iri(o) => {
                        let _ = writeln!(
                            out,
                            "    <{element}{declaration} rdf:resource=\"{}\"/>",
                            xml_escape(o)
                        );
                    }
                    Node::Blank(b) => {
                        let _ = writeln!(
                            out,
                            "    <{element}{declaration} rdf:nodeID=\"{}\"/>",
                            xml_escape(b)
                        );
                    }
                    Node::Lang(v, l) => {
                        let _ = writeln!(
                            out,
                            "    <{element}{declaration} xml:lang=\"{}\">{}</{element}>",
                            xml_escape(l),
                            xml_escape(v)
                        );
                    }
                    Node::Typed(v, d) if d.is_empty() => {
                        let _ = writeln!(
                            out,
                            "    <{element}{declaration}>{}</{element}>",
                            xml_escape(v)
                        );
                    }
                    Node::Typed(v, d) => {
                        let _ = writeln!(
                            out,
                            "    <{element}{declaration} rdf:datatype=\"{}\">{}</{element}>",
                            xml_escape(d),
                            xml_escape(v)
                        );
                    }
                }
            }
            out.push_str("  </rdf:Description>\n");
        }
        out.push_str("</rdf:RDF>\n");
        out
    }

    /// JSON-LD in its expanded form: no context to fetch, every IRI whole.
    pub fn to_json_ld(&self) -> serde_json::Value {
        let rdf_type = expand("rdf:type");
        let nodes: Vec<serde_json::Value> = self
            .subjects()
            .into_iter()
            .map(|(subject, triples)| {
                let mut node = serde_json::Map::new();
                node.insert(
                    "@id".into(),
                    serde_json::json!(match subject {
                        Node::Iri(i) => i.clone(),
                        Node::Blank(b) => format!("_:{b}"),
                        _ => String::new(),
                    }),
                );
                for t in triples {
                    if t.predicate == rdf_type {
                        if let Node::Iri(class) = &t.object {
                            push(&mut node, "@type", serde_json::json!(class));
                        }
                        continue;
                    }
                    let value = match &t.object {
                        Node::Iri(o) => serde_json::json!({ "@id": o }),
                        Node::Blank(b) => serde_json::json!({ "@id": format!("_:{b}") }),
                        Node::Lang(v, l) => serde_json::json!({ "@value": v, "@language": l }),
                        Node::Typed(v, d) if d.is_empty() => serde_json::json!({ "@value": v }),
                        Node::Typed(v, d) => serde_json::json!({ "@value": v, "@type": d }),
                    };
                    push(&mut node, &t.predicate, value);
                }
                serde_json::Value::Object(node)
            })
            .collect();
        serde_json::Value::Array(nodes)
    }
}

fn push(
    node: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    value: serde_json::Value,
) {
    match node.get_mut(key) {
        Some(serde_json::Value::Array(values)) => values.push(value),
        _ => {
            node.insert(key.into(), serde_json::Value::Array(vec![value]));
        }
    }
}

fn turtle_iri(i: &str) -> String {
    let escaped: String = i
        .chars()
        .map(|c| match c {
            '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' | ' ' => {
                format!("\\u{:04X}", c as u32)
            }
            c if (c as u32) < 0x20 => format!("\\u{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect();
    format!("<{escaped}>")
}

fn turtle_literal(v: &str) -> String {
    let mut s = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(s, "\\u{:04X}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

fn turtle_node(n: &Node) -> String {
    match n {
        Node::Iri(i) => turtle_iri(i),
        Node::Blank(b) => format!("_:{b}"),
        Node::Lang(v, l) => format!("{}@{l}", turtle_literal(v)),
        Node::Typed(v, d) if d.is_empty() => turtle_literal(v),
        Node::Typed(v, d) => format!("{}^^{}", turtle_literal(v), turtle_iri(d)),
    }
}

fn xml_escape(v: &str) -> String {
    v.chars()
        .filter(|c| !matches!(*c as u32, 0..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F))
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// A predicate as an XML element: `prefix:local` when a known namespace holds it, else with
/// a namespace declared on the element itself.
fn xml_element(predicate: &str) -> (String, String) {
    for (p, ns) in PREFIXES {
        if let Some(local) = predicate.strip_prefix(ns) {
            if !local.is_empty()
                && local
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && !local.starts_with(|c: char| c.is_ascii_digit() || c == '-')
            {
                return (format!("{p}:{local}"), String::new());
            }
        }
    }
    let split = predicate.rfind(['#', '/']).map_or(0, |i| i + 1);
    (
        format!("ns0:{}", &predicate[split..]),
        format!(" xmlns:ns0=\"{}\"", xml_escape(&predicate[..split])),
    )
}
