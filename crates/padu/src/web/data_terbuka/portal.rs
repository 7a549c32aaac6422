//! The public portal (no account): search with facets by producer, theme, keyword, format
//! and licence; a data set's page with its resources, its metadata and schema.org `Dataset`
//! JSON-LD for search engines; the files themselves.

use crate::app::data_terbuka::{self as dt, Published};
use crate::web::kit::address::public_base;
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{layout, OrPage, UiResult};
use crate::web::kit::upload::file_response;
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use maud::{html, Markup, PreEscaped};
use padu_domain::data_terbuka::search::FACET_FIELDS;
use padu_domain::data_terbuka::vocabulary::licence;
use serde::Deserialize;
use serde_json::json;

const PER_PAGE: usize = 20;

#[derive(Deserialize, Default)]
pub(super) struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    organization: String,
    #[serde(default)]
    groups: String,
    #[serde(default)]
    tags: String,
    #[serde(default)]
    res_format: String,
    #[serde(default)]
    license_id: String,
    #[serde(default)]
    sort: String,
    page: Option<usize>,
}

impl SearchQuery {
    fn chosen(&self) -> Vec<(&'static str, &str)> {
        FACET_FIELDS
            .iter()
            .zip([
                &self.organization,
                &self.groups,
                &self.tags,
                &self.res_format,
                &self.license_id,
            ])
            .filter(|(_, v)| !v.is_empty())
            .map(|(f, v)| (*f, v.as_str()))
            .collect()
    }

    /// This search's address with `field` set to `value` (or cleared, for an empty value).
    fn with(&self, field: &str, value: &str) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .chosen()
            .into_iter()
            .filter(|(f, _)| *f != field)
            .collect();
        if !value.is_empty() {
            pairs.push((field, value));
        }
        if !self.q.is_empty() {
            pairs.push(("q", &self.q));
        }
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("/data-terbuka?{query}")
    }
}

/// A facet value as people read it: a PD's name, a theme's words, a licence's title.
fn facet_label(lang: Lang, field: &str, value: &str, orgs: &[(String, String)]) -> String {
    match field {
        "organization" => orgs
            .iter()
            .find(|(n, _)| n == value)
            .map_or(value.to_string(), |(_, title)| title.clone()),
        "groups" => t(lang, &format!("dt.theme.{}", value.to_uppercase())).to_string(),
        "license_id" => licence(value).map_or(value.to_string(), |l| l.title.to_string()),
        _ => value.to_string(),
    }
}

pub(super) async fn search_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<SearchQuery>,
) -> UiResult {
    let lang = caller.lang;
    let fq: Vec<String> = q
        .chosen()
        .iter()
        .map(|(f, v)| format!("{f}:\"{}\"", v.replace('"', "")))
        .collect();
    let sort = match q.sort.as_str() {
        "judul" => "title_string asc",
        "nama" => "name asc",
        _ => "",
    };
    let page = q.page.unwrap_or(1).max(1);
    let fq = fq.join(" ");
    let request = dt::SearchRequest {
        q: &q.q,
        fq: &fq,
        sort,
        start: (page - 1) * PER_PAGE,
        rows: PER_PAGE,
        facet_fields: &FACET_FIELDS,
        facet_limit: 20,
    };
    let found = dt::search(&state, &request)
        .await
        .or_page(&state, &caller)?;
    let orgs: Vec<(String, String)> = found
        .organizations
        .iter()
        .map(|o| (o.name.clone(), o.pd.name.clone()))
        .collect();
    let shown: Vec<&_> = found.results.iter().map(|p| &p.dataset).collect();
    let overdue = dt::overdue_updates(&state, &shown, caller.today())
        .await
        .or_page(&state, &caller)?;
    let pages = found.count.div_ceil(PER_PAGE);
    Ok(layout(
        &state,
        &caller,
        t(lang, "dt.portal.title"),
        html! {
            p.muted { (t(lang, "dt.portal.intro")) }
            form.search method="get" action="/data-terbuka" role="search" {
                @for (f, v) in q.chosen() { input type="hidden" name=(f) value=(v); }
                label { (t(lang, "dt.portal.search")) " " input type="search" name="q" value=(q.q); }
                label { (t(lang, "dt.portal.sort")) " "
                    select name="sort" {
                        option value="" { (t(lang, "dt.portal.sort_relevance")) }
                        option value="judul" selected[q.sort == "judul"] { (t(lang, "dt.portal.sort_title")) }
                    }
                }
                button type="submit" { (t(lang, "dt.portal.search")) }
            }
            div.portal {
                aside.facets aria-label=(t(lang, "dt.portal.filters")) {
                    @for field in FACET_FIELDS {
                        @let items = found.facets.get(field).cloned().unwrap_or_default();
                        @if !items.is_empty() {
                            h2 { (t(lang, &format!("dt.facet.{field}"))) }
                            ul { @for (value, count) in &items {
                                @let on = q.chosen().iter().any(|(f, v)| *f == field && v == value);
                                li { @if on {
                                    strong { (facet_label(lang, field, value, &orgs)) } " (" (count) ") "
                                    a href=(q.with(field, "")) aria-label=(t(lang, "dt.portal.clear")) { "✕" }
                                } @else {
                                    a href=(q.with(field, value)) { (facet_label(lang, field, value, &orgs)) } " (" (count) ")"
                                } }
                            } }
                        }
                    }
                }
                section.results {
                    p { strong { (found.count) } " " (t(lang, "dt.portal.found")) }
                    @for p in &found.results { (card(lang, p, overdue.iter().find(|(id, _)| *id == p.dataset.id).map(|(_, due)| *due))) }
                    p.muted { (t(lang, "dt.portal.machine")) " "
                        a href="/api/3/action/package_search" { "CKAN API" } " · DCAT-AP: "
                        a href="/data-terbuka/katalog.ttl" { "Turtle" } " · "
                        a href="/data-terbuka/katalog.rdf" { "RDF/XML" } " · "
                        a href="/data-terbuka/katalog.jsonld" { "JSON-LD" }
                    }
                    @if pages > 1 {
                        nav.pager aria-label=(t(lang, "common.pages")) {
                            @for n in 1..=pages {
                                @if n == page { strong { (n) } } @else {
                                    a href={ (q.with("", "")) "&page=" (n) } { (n) }
                                }
                                " "
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// The mark of a data set past its update schedule, with the day it was due.
fn overdue_mark(lang: Lang, due: chrono::NaiveDate) -> Markup {
    html! { span.warn { (t(lang, "dt.overdue")) " " (crate::web::kit::layout::day(due)) } }
}

fn card(lang: Lang, p: &Published, overdue: Option<chrono::NaiveDate>) -> Markup {
    let d = &p.dataset;
    let mut formats: Vec<&str> = p.resources.iter().map(|r| r.format.as_str()).collect();
    formats.sort_unstable();
    formats.dedup();
    html! {
        article.card.dataset {
            h3 { a href={ "/data-terbuka/" (d.name) } { (d.title) } }
            p.muted { (d.pd_name) " · " (t(lang, &format!("dt.theme.{}", d.theme))) " · " (t(lang, "dt.updated")) " " (super::day_of(&d.updated_at)) }
            p { (d.description.chars().take(240).collect::<String>()) @if d.description.chars().count() > 240 { "…" } }
            p { @for f in formats { span.badge { (f) } " " } @if let Some(due) = overdue { (overdue_mark(lang, due)) } }
        }
    }
}

/// The schema.org `Dataset` of `p` (search engines read it from the page).
fn json_ld(base: &str, pemda: &str, p: &Published) -> serde_json::Value {
    let d = &p.dataset;
    let page = format!("{base}/data-terbuka/{}", d.name);
    let temporal = match (&d.temporal_start, &d.temporal_end) {
        (Some(s), Some(e)) => Some(format!("{s}/{e}")),
        (Some(s), None) => Some(format!("{s}/..")),
        (None, Some(e)) => Some(format!("../{e}")),
        (None, None) => None,
    };
    let distribution: Vec<serde_json::Value> = p
        .resources
        .iter()
        .map(|r| {
            json!({
                "@type": "DataDownload",
                "name": r.name,
                "encodingFormat": r.format,
                "contentUrl": download_url(base, &d.name, r),
            })
        })
        .collect();
    let mut ld = json!({
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": d.title,
        "description": d.description,
        "url": page,
        "identifier": page,
        "keywords": d.keywords,
        "license": licence(&d.licence).map(|l| l.url),
        "creator": { "@type": "Organization", "name": d.pd_name },
        "dateModified": d.updated_at,
        "datePublished": d.published_at,
        "distribution": distribution,
        "includedInDataCatalog": { "@type": "DataCatalog", "name": format!("Data Terbuka {pemda}"), "url": format!("{base}/data-terbuka") },
    });
    if let Some(t) = temporal {
        ld["temporalCoverage"] = json!(t);
    }
    if !d.spatial.is_empty() {
        ld["spatialCoverage"] = json!({ "@type": "Place", "name": d.spatial });
    }
    ld
}

/// Where resource `r` of data set `name` is fetched: its file on the portal, or its link.
pub(super) fn download_url(
    base: &str,
    name: &str,
    r: &padu_store::data_terbuka::resources::OpenResource,
) -> String {
    if r.kind == "link" {
        r.url.clone()
    } else {
        format!("{base}/data-terbuka/{name}/unduh/{}", r.id)
    }
}

pub(super) async fn dataset_page(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> UiResult {
    // The data set's DCAT description: by extension, or asked for in `Accept`.
    let rdf = match super::dcat::Syntax::of_path(&name) {
        Some((bare, syntax)) => Some((bare.to_string(), syntax)),
        None => super::dcat::Syntax::negotiated(&headers).map(|s| (name.clone(), s)),
    };
    if let Some((bare, syntax)) = rdf {
        return super::dcat::dataset_rdf(&state, &headers, &bare, syntax)
            .await
            .map_err(IntoResponse::into_response);
    }
    let lang = caller.lang;
    let p = dt::published_named(&state, &name)
        .await
        .or_page(&state, &caller)?;
    let base = public_base(&state, &headers);
    // `</` cannot close the script early: JSON allows `<\/`.
    let ld = json_ld(&base, &state.profile().pemda, &p)
        .to_string()
        .replace("</", "<\\/");
    let d = &p.dataset;
    let overdue = dt::overdue_updates(&state, &[d], caller.today())
        .await
        .or_page(&state, &caller)?
        .first()
        .map(|(_, due)| *due);
    Ok(layout(
        &state,
        &caller,
        &d.title,
        html! {
            script type="application/ld+json" { (PreEscaped(ld)) }
            p { a href="/data-terbuka" { "← " (t(lang, "dt.portal.title")) } }
            @if let Some(due) = overdue { p.notice role="note" { (overdue_mark(lang, due)) " — " (t(lang, "dt.overdue_explained")) } }
            p { (d.description) }
            h2 { (t(lang, "dt.resources")) }
            table #resources {
                thead { tr { th { (t(lang, "field.name")) } th { (t(lang, "dt.format")) } th { (t(lang, "dt.updated")) } th { } } }
                tbody { @for r in &p.resources { tr {
                    td { (r.name) @if !r.description.is_empty() { br; small.muted { (r.description) } } }
                    td { (r.format) }
                    td { (super::day_of(&r.updated_at)) }
                    td {
                        a href=(download_url("", &d.name, r)) { @if r.kind == "link" { (t(lang, "dt.open_link")) } @else { (t(lang, "dt.download")) } }
                        @if r.datastore_active { " · " a href={ "/data-terbuka/" (d.name) "/tabel/" (r.id) } { (t(lang, "dt.table_of")) } }
                    }
                } } }
            }
            h2 { (t(lang, "dt.metadata")) }
            table.details {
                tr { th { (t(lang, "dt.producer")) } td { (d.pd_name) } }
                tr { th { (t(lang, "dt.field.theme")) } td { (t(lang, &format!("dt.theme.{}", d.theme))) } }
                tr { th { (t(lang, "dt.field.keywords")) } td { @for k in &d.keywords { a href={ "/data-terbuka?tags=" (k) } { (k) } " " } } }
                tr { th { (t(lang, "dt.field.licence")) } td { @match licence(&d.licence) { Some(l) => a href=(l.url) rel="license" { (l.title) }, None => (d.licence) } } }
                @if d.temporal_start.is_some() || d.temporal_end.is_some() {
                    tr { th { (t(lang, "dt.temporal")) } td { (d.temporal_start.as_deref().unwrap_or("…")) " – " (d.temporal_end.as_deref().unwrap_or("…")) } }
                }
                @if !d.spatial.is_empty() { tr { th { (t(lang, "dt.field.spatial")) } td { (d.spatial) } } }
                tr { th { (t(lang, "dt.field.update_schedule")) } td { (value_label(lang, &d.update_schedule)) } }
                @if !d.reference_codes.is_empty() { tr { th { (t(lang, "dt.field.reference_codes")) } td { (d.reference_codes) } } }
                tr { th { (t(lang, "dt.walidata_checked")) } td { (super::day_of(d.published_at.as_deref().unwrap_or_default())) } }
                tr { th { (t(lang, "dt.updated")) } td { (super::day_of(&d.updated_at)) } }
                tr { th { "API" } td { a href={ "/api/3/action/package_show?id=" (d.name) } { "CKAN package_show" } } }
                tr { th { "DCAT-AP" } td {
                    a href={ "/data-terbuka/" (d.name) ".ttl" } { "Turtle" } " · "
                    a href={ "/data-terbuka/" (d.name) ".rdf" } { "RDF/XML" } " · "
                    a href={ "/data-terbuka/" (d.name) ".jsonld" } { "JSON-LD" }
                } }
            }
        },
    ))
}

#[derive(Deserialize)]
pub(super) struct VersionQuery {
    versi: Option<i64>,
    /// csv, json or xlsx: a loaded resource's rows in that format, whatever its upload's.
    format: Option<String>,
}

/// A published resource's file (its current version, or `?versi=N`), for anyone.
pub(super) async fn download(
    State(state): State<SharedState>,
    caller: Caller,
    Path((name, resource)): Path<(String, i64)>,
    Query(v): Query<VersionQuery>,
) -> UiResult {
    if let Some(format) = &v.format {
        return super::table::converted(&state, &caller, &name, resource, format).await;
    }
    let (a, data) = dt::published_file(&state, &name, resource, v.versi)
        .await
        .or_page(&state, &caller)?;
    Ok(super::cacheable(file_response(&a, data)))
}
