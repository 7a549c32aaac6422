//! Katalog & Arsitektur SPBE pages: the compliance findings and the applications register the
//! caller may read (with each application's documentation checklist), the data and information
//! inventory, and import and export of the registers as CSV or XLSX.

use super::io::{body_limit, ImportAnswer};
use crate::app::katalog::{self, REGISTERS};
use crate::app::registers;
use crate::app::registers::Format;
use crate::web::kit::download::sheet_response;
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{
    day, layout, pager, search_form, session_upload, OrPage, PageParams, UiResult,
};
use crate::web::kit::wording::{field_label, message};
use crate::web::kit::{Caller, Routes, SharedState};
use axum::extract::{Multipart, Path, Query, State};
use axum::handler::Handler;
use axum::response::IntoResponse;
use maud::{html, Markup};
use padu_domain::catalog::{required_documents, Severity};
use padu_domain::Gate;
use padu_store::catalog::ApplicationInput;

/// The catalogue's pages are for those signed in; what each shows follows the records' rules.
pub fn routes() -> Routes {
    let signed_in = Gate::SignedIn;
    Routes::new()
        .get("/katalog", signed_in, catalog_page)
        .get("/katalog/impor", signed_in, interchange_page)
        .post(
            "/katalog/impor",
            signed_in,
            import_submit.layer(body_limit()),
        )
        .get("/katalog/ekspor/{file}", signed_in, export_file)
}

/// The catalogue's own navigation: findings and applications, data, import and export.
/// Where a finding's subject (`application:12`, `pd:7`, ...) is shown: its register's form
/// (which shows the record to those who may read it), the PD's page or the plan's.
pub(super) fn subject_link(subject: &str) -> Option<String> {
    // `pd:7:2026` (a PD's finding for a year) links to the PD as `pd:7` does.
    let (kind, rest) = subject.split_once(':')?;
    let id: i64 = rest.split(':').next()?.parse().ok()?;
    match kind {
        "pd" => Some(format!("/pd/{id}")),
        "plan" => Some(format!("/rencana/{id}")),
        "audit" => Some(format!("/audit-tik/{id}")),
        entity => padu_store::registers::all()
            .find(|(_, def)| def.entity == entity)
            .map(|(_, def)| format!("/katalog/formulir/{}?id={id}", def.name)),
    }
}

pub(super) fn severity_label(lang: Lang, s: Severity) -> &'static str {
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
    let page = registers::list::<ApplicationInput>(&state, &caller.actor, &p.filters(), &p.list())
        .await
        .or_page(&state, &caller)?;
    let found = katalog::work_items(&state, &caller.actor, caller.today(), p.pd_id, None)
        .await
        .or_page(&state, &caller)?;
    let checklist = required_documents(state.profile());
    // A finding leads to its record's form for those who keep the registers.
    let keeps_registers = padu_domain::catalog::KEEPS_REGISTERS
        .admits(&caller.actor)
        .is_ok();
    Ok(layout(
        &state,
        &caller,
        t(lang, "catalog.title"),
        html! {
            (super::lists::tabs(lang, "/katalog"))
            h2 { (t(lang, "catalog.findings")) " (" (found.len()) ")" }
            @if found.is_empty() {
                p.muted { (t(lang, "catalog.no_findings")) }
            } @else {
                table.findings {
                    thead { tr {
                        th { (t(lang, "catalog.severity")) }
                        th { (t(lang, "catalog.requirement")) }
                        th { (t(lang, "catalog.clause")) }
                        th { (t(lang, "catalog.subject")) }
                        th { (t(lang, "catalog.due")) }
                        th { (t(lang, "catalog.detail")) }
                        th { (t(lang, "follow_up.title")) }
                    } }
                    tbody {
                        @for item in &found {
                            @let f = &item.finding;
                            tr {
                                td { span class={ "sev-" (format!("{:?}", f.severity).to_lowercase()) } { (severity_label(lang, f.severity)) } }
                                td { (t(lang, &format!("finding.{}", f.rule.key()))) }
                                td { (f.clause) }
                                td {
                                    @match subject_link(&f.subject).filter(|_| keeps_registers) {
                                        Some(href) => a href=(href) { (f.subject_name) },
                                        None => (f.subject_name),
                                    }
                                }
                                td { (day(f.due)) }
                                td { (f.detail.join(", ")) }
                                td {
                                    (super::findings::follow_up_text(lang, item))
                                    " " a href=(katalog::finding_link(&item.finding.rule.key(), &item.finding.subject)) { (t(lang, "follow_up.act")) }
                                }
                            }
                        }
                    }
                }
            }
            h2 { (t(lang, "catalog.applications")) }
            (crate::web::kit::layout::add_link::<ApplicationInput>(&caller))
            (search_form(lang, "/katalog", &p.q))
            table {
                thead { tr {
                    th { (t(lang, "catalog.name")) }
                    th { (t(lang, "catalog.pd")) }
                    th { (t(lang, "catalog.sector")) }
                    th { (t(lang, "catalog.status")) }
                    th { (t(lang, "catalog.documents")) }
                    th { (t(lang, "catalog.last_review")) }
                    th {}
                } }
                tbody {
                    @for a in &page.items {
                        tr {
                            td { a href={ "/katalog/aplikasi/" (a.id) } { strong { (a.name) } } @if let Some(u) = &a.url { br; code { (u) } } }
                            td { (a.pd_name.as_deref().unwrap_or_default()) }
                            td { (a.sector) }
                            td { (value_label(lang, &a.status)) }
                            td.num { (a.documents.len()) " / " (checklist.len()) }
                            td { (a.last_review.map(day).unwrap_or_else(|| "—".into())) }
                            td { (crate::web::kit::layout::edit_link(&caller, a)) }
                        }
                    }
                }
            }
            (pager(lang, &page, "/katalog", &p.q))
        },
    ))
}

fn register_label(lang: Lang, register: &str) -> &'static str {
    t(lang, &format!("catalog.register.{register}"))
}

fn interchange_form(lang: Lang, csrf: &str) -> Markup {
    html! {
        p.muted { (t(lang, "catalog.interchange_intro")) }
        form.stack method="post" action="/katalog/impor" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(csrf);
            label { (t(lang, "catalog.register")) " "
                select name="register" {
                    @for r in REGISTERS { option value=(r) { (register_label(lang, r)) } }
                }
            }
            label { (t(lang, "catalog.file")) " " input type="file" name="file" accept=".csv,.xlsx" required; }
            label { input type="checkbox" name="skip_bad_rows" value="true"; " " (t(lang, "catalog.skip_bad_rows")) }
            button type="submit" { (t(lang, "catalog.import")) }
        }
        h2 { (t(lang, "catalog.export")) }
        p { a href="/katalog/ekspor/archimate.xml" { (t(lang, "catalog.archimate")) } }
        ul {
            @for r in REGISTERS {
                li { (register_label(lang, r)) ": "
                    a href={ "/katalog/ekspor/" (r) ".csv" } { "CSV" } " · "
                    a href={ "/katalog/ekspor/" (r) ".xlsx" } { "XLSX" }
                }
            }
        }
    }
}

async fn interchange_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    Ok(layout(
        &state,
        &caller,
        t(lang, "catalog.interchange"),
        html! {
            (super::lists::tabs(lang, "/katalog/impor"))
            (interchange_form(lang, caller.csrf()))
        },
    ))
}

async fn import_submit(
    State(state): State<SharedState>,
    caller: Caller,
    form: Multipart,
) -> UiResult {
    let lang = caller.lang;
    let up = session_upload(&state, &caller, form, super::io::MAX_IMPORT_BYTES).await?;
    let field = |k: &str| up.fields.get(k).map(String::as_str).unwrap_or("");
    let register = field("register").to_string();
    let skip_bad_rows = field("skip_bad_rows") == "true";
    let ctx = caller.audit_ctx();
    let answer: ImportAnswer = katalog::import(
        &state,
        &caller.actor,
        &ctx,
        &register,
        &up.data,
        skip_bad_rows,
    )
    .await
    .or_page(&state, &caller)?
    .into();
    let body = match &answer {
        ImportAnswer::Done(r) => html! {
            h2 { (t(lang, "catalog.import_done")) ": " (register_label(lang, &register)) " — " (up.filename) }
            table #import-report {
                tr { th { (t(lang, "catalog.rows")) } td.num { (r.rows) } }
                tr { th { (t(lang, "catalog.created")) } td.num { (r.created) } }
                tr { th { (t(lang, "catalog.updated")) } td.num { (r.updated) } }
                tr { th { (t(lang, "catalog.unchanged")) } td.num { (r.unchanged) } }
                tr { th { (t(lang, "catalog.skipped")) } td.num { (r.skipped.len()) } }
            }
            (cell_errors(lang, &r.skipped))
        },
        ImportAnswer::Rejected(errors) => html! {
            h2.error { (t(lang, "catalog.import_rejected")) " — " (up.filename) }
            (cell_errors(lang, errors))
        },
    };
    let status = match answer {
        ImportAnswer::Done(_) => axum::http::StatusCode::OK,
        ImportAnswer::Rejected(_) => axum::http::StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok((
        status,
        layout(
            &state,
            &caller,
            t(lang, "catalog.interchange"),
            html! {
                (super::lists::tabs(lang, "/katalog/impor"))
                (body)
                p { a href="/katalog" { (t(lang, "catalog.back")) } }
                (interchange_form(lang, caller.csrf()))
            },
        ),
    )
        .into_response())
}

fn cell_errors(lang: Lang, errors: &[crate::interchange::CellError]) -> Markup {
    html! {
        @if !errors.is_empty() {
            table #import-errors {
                thead { tr { th { (t(lang, "catalog.row")) } th { (t(lang, "catalog.column")) } th { (t(lang, "catalog.problem")) } } }
                tbody {
                    @for e in errors.iter().take(crate::interchange::MAX_REPORTED_ERRORS) {
                        tr { td.num { (e.row) } td { (field_label(lang, &e.column)) } td { (message(lang, &e.message)) } }
                    }
                }
            }
        }
    }
}

/// `/katalog/ekspor/applications.xlsx` and the like, with the session's read scope.
async fn export_file(
    State(state): State<SharedState>,
    caller: Caller,
    Path(file): Path<String>,
) -> UiResult {
    if file == "archimate.xml" {
        return super::architecture::archimate_file(&state, &caller)
            .await
            .or_page(&state, &caller);
    }
    let (register, ext) = file.rsplit_once('.').unwrap_or((file.as_str(), ""));
    let format = Format::parse(Some(ext)).or_page(&state, &caller)?;
    let sheet = katalog::export(&state, &caller.actor, caller.today(), register, format)
        .await
        .or_page(&state, &caller)?;
    Ok(sheet_response(sheet))
}
