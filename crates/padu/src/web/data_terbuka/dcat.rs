//! The DCAT-AP 3 catalogue and each data set's description, in Turtle, RDF/XML and JSON-LD:
//! by the address's extension (`/data-terbuka/katalog.ttl`, `/data-terbuka/{name}.rdf`, …) or
//! by content negotiation (`Accept: text/turtle`, `application/rdf+xml`,
//! `application/ld+json`). The graph is `padu_domain::data_terbuka::dcat`'s.

use crate::app::data_terbuka::{self as dt, Published};
use crate::web::kit::address::public_base;
use crate::web::kit::{ApiError, SharedState};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use padu_domain::data_terbuka::dcat::{self, Agent, Catalogue, Dataset, Distribution};
use padu_domain::data_terbuka::rdf::Graph;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Syntax {
    Turtle,
    RdfXml,
    JsonLd,
}

impl Syntax {
    /// The syntax an address's extension names: (the address without it, the syntax).
    pub(super) fn of_path(name: &str) -> Option<(&str, Syntax)> {
        [
            (".ttl", Syntax::Turtle),
            (".rdf", Syntax::RdfXml),
            (".jsonld", Syntax::JsonLd),
        ]
        .into_iter()
        .find_map(|(ext, s)| name.strip_suffix(ext).map(|n| (n, s)))
    }

    /// The RDF syntax the client's `Accept` asks for, if it asks for one before HTML.
    pub(super) fn negotiated(headers: &HeaderMap) -> Option<Syntax> {
        let accept = headers.get(header::ACCEPT)?.to_str().ok()?;
        for part in accept.split(',') {
            let kind = part.split(';').next().unwrap_or("").trim();
            match kind {
                "text/turtle" | "application/x-turtle" => return Some(Syntax::Turtle),
                "application/rdf+xml" => return Some(Syntax::RdfXml),
                "application/ld+json" => return Some(Syntax::JsonLd),
                "text/html" | "application/xhtml+xml" | "*/*" => return None,
                _ => {}
            }
        }
        None
    }

    fn respond(self, g: &Graph) -> Response {
        let (kind, body) = match self {
            Syntax::Turtle => ("text/turtle; charset=utf-8", g.to_turtle()),
            Syntax::RdfXml => ("application/rdf+xml; charset=utf-8", g.to_rdf_xml()),
            Syntax::JsonLd => ("application/ld+json", g.to_json_ld().to_string()),
        };
        (
            [
                (header::CONTENT_TYPE, kind),
                (header::VARY, "Accept"),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            body,
        )
            .into_response()
    }
}

fn dataset(base: &str, p: &Published) -> Dataset {
    let d = &p.dataset;
    let page = format!("{base}/data-terbuka/{}", d.name);
    Dataset {
        iri: page.clone(),
        landing_page: page.clone(),
        identifier: d.name.clone(),
        title: d.title.clone(),
        description: d.description.clone(),
        keywords: d.keywords.clone(),
        theme: d.theme.clone(),
        licence: d.licence.clone(),
        publisher: Agent {
            iri: format!("{base}/pd/{}", d.pd_id),
            name: d.pd_name.clone(),
        },
        issued: d.published_at.clone(),
        modified: d.updated_at.clone(),
        temporal_start: d.temporal_start.clone(),
        temporal_end: d.temporal_end.clone(),
        spatial: d.spatial.clone(),
        update_schedule: d.update_schedule.clone(),
        distributions: p
            .resources
            .iter()
            .map(|r| {
                let file = r.current.as_ref();
                Distribution {
                    iri: format!("{page}#sumber-{}", r.id),
                    title: r.name.clone(),
                    description: r.description.clone(),
                    access_url: if r.kind == "link" {
                        r.url.clone()
                    } else {
                        page.clone()
                    },
                    download_url: file.map(|_| super::portal::download_url(base, &d.name, r)),
                    format: r.format.clone(),
                    byte_size: file.map(|f| f.size_bytes),
                    sha256: file.map(|f| f.sha256.clone()),
                    modified: r.updated_at.clone(),
                }
            })
            .collect(),
    }
}

/// The catalogue in `syntax`.
async fn catalogue(
    state: &SharedState,
    headers: &HeaderMap,
    syntax: Syntax,
) -> Result<Response, ApiError> {
    let base = public_base(state, headers);
    let snapshot = dt::published(state).await?;
    let all = &snapshot.all;
    let pemda = state.profile().pemda.clone();
    let c = Catalogue {
        iri: format!("{base}/data-terbuka/katalog"),
        title: format!("Data Terbuka {pemda}"),
        description: format!(
            "Data yang dibuka Perangkat Daerah {pemda} untuk umum, diperiksa walidata sebelum terbit."
        ),
        homepage: format!("{base}/data-terbuka"),
        publisher: Agent {
            iri: base.clone(),
            name: pemda,
        },
        datasets: all.iter().map(|p| dataset(&base, p)).collect(),
    };
    Ok(syntax.respond(&dcat::catalogue(&c)))
}

/// `/data-terbuka/katalog`: Turtle unless the client asks for another syntax.
pub(super) async fn catalogue_negotiated(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let syntax = Syntax::negotiated(&headers).unwrap_or(Syntax::Turtle);
    catalogue(&state, &headers, syntax).await
}

pub(super) async fn catalogue_ttl(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalogue(&state, &headers, Syntax::Turtle).await
}

pub(super) async fn catalogue_rdf(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalogue(&state, &headers, Syntax::RdfXml).await
}

pub(super) async fn catalogue_jsonld(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    catalogue(&state, &headers, Syntax::JsonLd).await
}

/// Published data set `name` in `syntax`.
pub(super) async fn dataset_rdf(
    state: &SharedState,
    headers: &HeaderMap,
    name: &str,
    syntax: Syntax,
) -> Result<Response, ApiError> {
    let base = public_base(state, headers);
    let p = dt::published_named(state, name).await?;
    Ok(syntax.respond(&dcat::dataset_graph(&dataset(&base, &p))))
}
