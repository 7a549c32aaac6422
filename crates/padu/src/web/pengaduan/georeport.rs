//! Open311 GeoReport v2's formats: an answer as JSON or XML, its error list, the services
//! (the SP4N-LAPOR! report types), a complaint as a service request, and the Service
//! Discovery document.

use crate::web::kit::{ApiError, SharedState};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use padu_domain::complaint::{Category, Status};
use padu_store::complaints::Complaint;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Json,
    Xml,
}

/// Splits `name.json` / `name.xml`.
pub(super) fn split(file: &str) -> Option<(&str, Format)> {
    let (stem, ext) = file.rsplit_once('.')?;
    let f = match ext {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((stem, f))
}

/// A GeoReport answer: a list of records, each rendered as a JSON object or an XML element.
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) root: &'static str,
    pub(super) item: &'static str,
    pub(super) records: Vec<Vec<(&'static str, Value)>>,
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn xml_value(out: &mut String, key: &str, v: &Value) {
    match v {
        Value::Null => out.push_str(&format!("<{key}/>")),
        Value::Array(items) => {
            out.push_str(&format!("<{key}>"));
            for i in items {
                if let Value::Object(m) = i {
                    out.push_str("<attribute>");
                    for (k, v) in m {
                        xml_value(out, k, v);
                    }
                    out.push_str("</attribute>");
                }
            }
            out.push_str(&format!("</{key}>"));
        }
        Value::String(s) => out.push_str(&format!("<{key}>{}</{key}>", xml_escape(s))),
        other => out.push_str(&format!("<{key}>{other}</{key}>")),
    }
}

impl Answer {
    pub(super) fn render(self, f: Format) -> Response {
        match f {
            Format::Json => {
                let list: Vec<Value> = self
                    .records
                    .into_iter()
                    .map(|r| {
                        Value::Object(r.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                    })
                    .collect();
                // A service definition is one object, everything else a list.
                let body = if self.root == "service_definition" {
                    list.into_iter().next().unwrap_or(Value::Null)
                } else {
                    Value::Array(list)
                };
                (
                    self.status,
                    [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                    body.to_string(),
                )
                    .into_response()
            }
            Format::Xml => {
                let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
                let single = self.root == "service_definition";
                out.push_str(&format!("<{}>", self.root));
                for r in self.records {
                    if !single {
                        out.push_str(&format!("<{}>", self.item));
                    }
                    for (k, v) in r {
                        xml_value(&mut out, k, &v);
                    }
                    if !single {
                        out.push_str(&format!("</{}>", self.item));
                    }
                }
                out.push_str(&format!("</{}>", self.root));
                (
                    self.status,
                    [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                    out,
                )
                    .into_response()
            }
        }
    }
}

/// A GeoReport error list: `[{code, description}]`.
pub(super) fn error(status: StatusCode, description: impl Into<String>) -> Answer {
    Answer {
        status,
        root: "errors",
        item: "error",
        records: vec![vec![
            ("code", json!(status.as_u16())),
            ("description", json!(description.into())),
        ]],
    }
}

pub(super) fn from_api(e: ApiError) -> Answer {
    let d = match &e.field {
        Some(f) => format!("{f}: {}", e.message),
        None => e.message.clone(),
    };
    error(e.status, d)
}

fn service_name(c: Category) -> (&'static str, &'static str) {
    match c {
        Category::Pengaduan => (
            "Pengaduan pelayanan publik",
            "Keluhan atas pelayanan publik yang tidak sesuai standar.",
        ),
        Category::Aspirasi => (
            "Aspirasi",
            "Usul dan saran untuk perbaikan pelayanan publik.",
        ),
        Category::PermintaanInformasi => (
            "Permintaan informasi",
            "Permintaan informasi publik kepada Perangkat Daerah.",
        ),
    }
}

pub(super) fn services() -> Answer {
    Answer {
        status: StatusCode::OK,
        root: "services",
        item: "service",
        records: Category::ALL
            .iter()
            .map(|c| {
                let (name, description) = service_name(*c);
                vec![
                    ("service_code", json!(c.as_str())),
                    ("service_name", json!(name)),
                    ("description", json!(description)),
                    ("metadata", json!(false)),
                    ("type", json!("realtime")),
                    ("keywords", json!("lapor, sp4n, pengaduan")),
                    ("group", json!("SP4N-LAPOR!")),
                ]
            })
            .collect(),
    }
}

fn open_or_closed(s: Status) -> &'static str {
    if s.is_open() {
        "open"
    } else {
        "closed"
    }
}

fn w3c(ts: &str) -> Value {
    padu_store::parse_ts(ts)
        .map(|d| json!(d.to_rfc3339()))
        .unwrap_or(Value::Null)
}

/// A request's description: the complaint's title and body, or the body alone when the title
/// is its first line (as for a request POSTed here, whose title is cut from its description).
fn description(c: &Complaint) -> String {
    if c.body.starts_with(c.title.as_str()) {
        c.body.clone()
    } else {
        format!("{}\n\n{}", c.title, c.body)
    }
}

fn request_record(c: &Complaint, notes: Option<&str>) -> Vec<(&'static str, Value)> {
    let expected = c
        .deadlines
        .verify_due
        .or(c.deadlines.follow_up_due)
        .or(c.deadlines.respond_due)
        .filter(|_| c.status.is_open());
    let status_notes = match notes {
        Some(n) if !n.is_empty() => format!("{}: {n}", c.status.as_str()),
        _ => c.status.as_str().to_string(),
    };
    vec![
        ("service_request_id", json!(c.id.to_string())),
        ("status", json!(open_or_closed(c.status))),
        ("status_notes", json!(status_notes)),
        ("detailed_status", json!(c.status.as_str())),
        ("service_name", json!(service_name(c.category).0)),
        ("service_code", json!(c.category.as_str())),
        ("description", json!(description(c))),
        ("agency_responsible", json!(c.pd_name)),
        ("service_notice", Value::Null),
        ("requested_datetime", w3c(&c.created_at)),
        ("updated_datetime", w3c(&c.updated_at)),
        (
            "expected_datetime",
            expected
                .map(|d| json!(d.to_rfc3339()))
                .unwrap_or(Value::Null),
        ),
        ("address", json!(c.location_text)),
        ("address_id", Value::Null),
        ("zipcode", Value::Null),
        ("lat", json!(c.latitude)),
        ("long", json!(c.longitude)),
        ("media_url", Value::Null),
    ]
}

/// Requests as GeoReport lists them, each with the latest text of its public timeline.
pub(super) fn requests(list: Vec<(Complaint, Option<String>)>) -> Answer {
    Answer {
        status: StatusCode::OK,
        root: "service_requests",
        item: "request",
        records: list
            .iter()
            .map(|(c, note)| request_record(c, note.as_deref()))
            .collect(),
    }
}

/// When the discovery document or the service definitions last changed (Service Discovery's
/// `changeset`: clients refresh what they cached once it changes).
const CHANGESET: &str = "2026-12-02T00:00:00Z";

/// The MIME types every endpoint answers in.
const FORMATS: [&str; 2] = ["text/xml", "application/json"];

/// Where this instance's GeoReport v2 endpoint is, absolute as Service Discovery requires: the
/// `--public-url` when set, else the address the client reached (Padu itself speaks plain HTTP;
/// behind a TLS proxy set `--public-url`).
fn endpoint_url(state: &SharedState, headers: &axum::http::HeaderMap) -> String {
    format!(
        "{}/open311/v2",
        crate::web::kit::address::public_base(state, headers)
    )
}

/// The Service Discovery document (wiki.open311.org/Service_Discovery): the provider's
/// changeset, contact and key service, and its one endpoint with its formats.
pub(super) fn discovery(
    state: &SharedState,
    headers: &axum::http::HeaderMap,
    f: Format,
) -> Response {
    let contact = format!(
        "{} (https://{}): pengaduan lewat /lapor, status lewat /lacak",
        state.profile().pemda,
        state.profile().domain().unwrap_or_default()
    );
    let key_service = "api_key adalah token API Padu: minta akun kepada Dinas, lalu buat token di menu Token API (/tokens)";
    let url = endpoint_url(state, headers);
    match f {
        Format::Json => {
            let body = json!({
                "changeset": CHANGESET,
                "contact": contact,
                "key_service": key_service,
                "endpoints": [{
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": url,
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": FORMATS,
                }],
            });
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                body.to_string(),
            )
                .into_response()
        }
        Format::Xml => {
            let text = |key: &str, v: &str| format!("<{key}>{}</{key}>", xml_escape(v));
            let formats: String = FORMATS.iter().map(|m| text("format", m)).collect();
            let out = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><discovery>{}{}{}<endpoints><endpoint>{}{}{}{}<formats>{formats}</formats></endpoint></endpoints></discovery>",
                text("changeset", CHANGESET),
                text("contact", &contact),
                text("key_service", key_service),
                text("specification", "http://wiki.open311.org/GeoReport_v2"),
                text("url", &url),
                text("changeset", CHANGESET),
                text("type", "production"),
            );
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
                out,
            )
                .into_response()
        }
    }
}
