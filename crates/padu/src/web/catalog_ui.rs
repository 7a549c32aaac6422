//! Katalog & Arsitektur SPBE pages: the applications register the caller may read, with each
//! application's documentation checklist, and the compliance findings over those records.

#![allow(clippy::result_large_err)]

use super::catalog::{findings, profile};
use super::i18n::{t, Lang};
use super::ui::{layout, pager, search_form, OrPage, PageParams, UiResult};
use super::{Caller, SharedState};
use axum::extract::{Query, State};
use axum::routing::get;
use axum::Router;
use maud::html;
use padu_domain::catalog::{required_documents, Severity};
use padu_domain::ReadScope;
use padu_store::catalog::ApplicationFilter;

pub fn routes() -> Router<SharedState> {
    Router::new().route("/katalog", get(catalog_page))
}

fn severity_label(lang: Lang, s: Severity) -> &'static str {
    match s {
        Severity::High => t(lang, "catalog.severity.high"),
        Severity::Medium => t(lang, "catalog.severity.medium"),
        Severity::Low => t(lang, "catalog.severity.low"),
    }
}

async fn catalog_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    caller.require_user().or_page(&state, &caller)?;
    let page = state
        .store
        .list_applications(
            &ReadScope::of(&caller.actor),
            &ApplicationFilter {
                pd_id: p.pd_id,
                ..ApplicationFilter::default()
            },
            &p.list(),
        )
        .await
        .or_page(&state, &caller)?;
    let found = findings(&state, &caller, p.pd_id, None)
        .await
        .or_page(&state, &caller)?;
    let checklist = required_documents(profile(&state));
    Ok(layout(
        &state,
        &caller,
        t(lang, "catalog.title"),
        html! {
            h2 { (t(lang, "catalog.findings")) " (" (found.len()) ")" }
            @if found.is_empty() {
                p.muted { (t(lang, "catalog.no_findings")) }
            } @else {
                table.findings {
                    thead { tr {
                        th { (t(lang, "catalog.severity")) }
                        th { (t(lang, "catalog.clause")) }
                        th { (t(lang, "catalog.subject")) }
                        th { (t(lang, "catalog.due")) }
                        th { (t(lang, "catalog.detail")) }
                    } }
                    tbody {
                        @for f in &found {
                            tr {
                                td { span class={ "sev-" (format!("{:?}", f.severity).to_lowercase()) } { (severity_label(lang, f.severity)) } }
                                td { (f.clause) }
                                td { (f.subject_name) }
                                td { (f.due) }
                                td { (f.detail.join(", ")) }
                            }
                        }
                    }
                }
            }
            h2 { (t(lang, "catalog.applications")) }
            (search_form(lang, "/katalog", &p.q))
            table {
                thead { tr {
                    th { (t(lang, "catalog.name")) }
                    th { (t(lang, "catalog.pd")) }
                    th { (t(lang, "catalog.sector")) }
                    th { (t(lang, "catalog.status")) }
                    th { (t(lang, "catalog.documents")) }
                    th { (t(lang, "catalog.last_review")) }
                } }
                tbody {
                    @for a in &page.items {
                        tr {
                            td { strong { (a.name) } @if let Some(u) = &a.url { br; code { (u) } } }
                            td { (a.pd_name) }
                            td { (a.sector) }
                            td { (a.status) }
                            td.num { (a.documents.len()) " / " (checklist.len()) }
                            td { (a.last_review.map(|d| d.to_string()).unwrap_or_else(|| "—".into())) }
                        }
                    }
                }
            }
            (pager(lang, &page, "/katalog", &p.q))
        },
    ))
}
