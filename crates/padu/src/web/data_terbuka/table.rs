//! A loaded resource on the portal (no account): its columns with their guessed types, its
//! rows as a paged table sortable by any column, a chart of a number column drawn on the
//! server, and downloads as CSV, JSON or XLSX whatever the upload's format.

use crate::app::data_terbuka::datastore::{self as ds, Export};
use crate::web::kit::chart::bars;
use crate::web::kit::download::sheet_response;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{layout, pager_with, OrPage, UiResult};
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Path, Query, State};
use maud::{html, Markup};
use padu_domain::data_terbuka::datastore::{Cell, FieldType, SearchParams};
use padu_store::data_terbuka::datastore::Datastore;
use serde::Deserialize;
use serde_json::json;

/// Rows a page of the table shows.
const PER_PAGE: u64 = 25;

#[derive(Deserialize, Default)]
pub(super) struct TableQuery {
    page: Option<u64>,
    /// The column sorted by.
    #[serde(default)]
    sort: String,
    /// `desc` for a descending sort.
    #[serde(default)]
    order: String,
}

pub(super) async fn table_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path((name, resource)): Path<(String, i64)>,
    Query(q): Query<TableQuery>,
) -> UiResult {
    let lang = caller.lang;
    let (p, store) = ds::published_table(&state, &name, resource)
        .await
        .or_page(&state, &caller)?;
    let page = q.page.unwrap_or(1).max(1);
    let descending = q.order == "desc";
    let sort_known = store.fields.iter().any(|f| f.id == q.sort);
    let params = SearchParams {
        sort: sort_known.then(|| {
            json!(format!(
                "{} {}",
                q.sort,
                if descending { "desc" } else { "asc" }
            ))
        }),
        limit: Some(json!(PER_PAGE)),
        offset: Some(json!((page - 1).saturating_mul(PER_PAGE))),
        ..SearchParams::default()
    };
    let (_, found) = ds::search(&state, &store, &params)
        .await
        .or_page(&state, &caller)?;
    let r = p
        .resources
        .iter()
        .find(|r| r.id == resource)
        .map(|r| r.name.clone())
        .unwrap_or_default();
    let base = format!("/data-terbuka/{name}/tabel/{resource}");
    let pager = padu_store::Page::<()> {
        items: Vec::new(),
        total: store.row_count,
        more: false,
        page: u32::try_from(page).unwrap_or(u32::MAX),
        per_page: PER_PAGE as u32,
    };
    let mut keep: Vec<(&str, &str)> = Vec::new();
    if sort_known {
        keep.push(("sort", &q.sort));
        if descending {
            keep.push(("order", "desc"));
        }
    }
    let download = format!("/data-terbuka/{name}/unduh/{resource}");
    Ok(layout(
        &state,
        &caller,
        &format!("{} — {}", r, t(lang, "dt.table")),
        html! {
            p { a href={ "/data-terbuka/" (name) } { "← " (p.dataset.title) } }
            p {
                (t(lang, "dt.download_as")) ": "
                a href={ (download) "?format=csv" } { "CSV" } " · "
                a href={ (download) "?format=json" } { "JSON" } " · "
                a href={ (download) "?format=xlsx" } { "XLSX" } " · "
                a href=(download) { (t(lang, "dt.original")) }
                " · " a href={ "/api/3/action/datastore_search?resource_id=" (store.public_id) } { (t(lang, "dt.datastore_api")) }
            }
            (chart(lang, &store, &found.columns, &found.rows))
            div.table-scroll {
                table #rows {
                    thead { tr { @for f in &store.fields {
                        @let next = if q.sort == f.id && !descending { "desc" } else { "asc" };
                        @let mark = if q.sort == f.id { if descending { " ▼" } else { " ▲" } } else { "" };
                        th aria-sort=(if q.sort == f.id { if descending { "descending" } else { "ascending" } } else { "none" }) {
                            a href={ (base) "?sort=" (urlencode(&f.id)) "&order=" (next) } title=(t(lang, "dt.sort_by")) { (f.id) (mark) }
                        }
                    } } }
                    tbody { @for row in &found.rows { tr {
                        // The search answers `_id` first; the table leaves it out.
                        @for (cell, f) in row.iter().skip(1).zip(&store.fields) {
                            @if f.field_type.is_number() { td.num { (cell.to_text()) } } @else { td { (cell.to_text()) } }
                        }
                    } } }
                }
            }
            (pager_with(lang, &pager, &base, &keep))
            h2 { (t(lang, "dt.columns")) }
            table.details {
                thead { tr { th { (t(lang, "dt.column")) } th { (t(lang, "dt.column_type")) } } }
                tbody { @for f in &store.fields { tr { td { (f.id) } td { (t(lang, f.field_type.label_key())) } } } }
            }
            p.muted { (store.row_count) " " (t(lang, "dt.rows")) }
        },
    ))
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Bars of the first number column for the page's rows, each labelled by the first text or
/// date column (or the row number): what a reader sees first, in the table's order.
fn chart(lang: Lang, store: &Datastore, columns: &[String], rows: &[Vec<Cell>]) -> Markup {
    let at = |id: &str| columns.iter().position(|c| c == id);
    let Some(value) = store.fields.iter().find(|f| f.field_type.is_number()) else {
        return html! {};
    };
    let label = store
        .fields
        .iter()
        .find(|f| matches!(f.field_type, FieldType::Text | FieldType::Date));
    let (Some(v), l) = (at(&value.id), label.and_then(|f| at(&f.id))) else {
        return html! {};
    };
    let points: Vec<(String, f64)> = rows
        .iter()
        .filter_map(|row| {
            let n = match row.get(v)? {
                Cell::Int(i) => *i as f64,
                Cell::Numeric(f) => *f,
                _ => return None,
            };
            let name = l
                .and_then(|l| row.get(l))
                .map(Cell::to_text)
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| row.first().map(Cell::to_text).unwrap_or_default());
            Some((name.chars().take(36).collect(), n))
        })
        .collect();
    if points.is_empty() {
        return html! {};
    }
    let title = format!(
        "{}: {} — {}",
        t(lang, "dt.chart_of"),
        value.id,
        t(lang, "dt.chart_note")
    );
    bars(&title, &points)
}

/// A loaded resource's rows as a download in `format`.
pub(super) async fn converted(
    state: &SharedState,
    caller: &Caller,
    name: &str,
    resource: i64,
    format: &str,
) -> UiResult {
    let export = Export::parse(format).or_page(state, caller)?;
    let (_, store) = ds::published_table(state, name, resource)
        .await
        .or_page(state, caller)?;
    let file =
        ds::export(state, store, &format!("{name}-{resource}"), export).or_page(state, caller)?;
    Ok(super::cacheable(sheet_response(file)))
}
