//! The BSSN web-application standard as each application's checklist: an overview of the
//! applications with their standing, a checklist page with a status and evidence per control,
//! and the standard's texts, which the Dinas imports for the region. The same over the API.

use crate::app::manajemen::{self, Checklist, ChecklistRow, ChecklistSummary};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{day, layout, session_upload, OrPage, UiResult};
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::{html, Markup};
use padu_domain::catalog::KEEPS_REGISTERS;
use padu_domain::manajemen::security::{CONTROL_STATUSES, SETS_CONTROL_TEXTS};
use padu_domain::Gate;
use padu_store::manajemen::controls::{ControlAssessment, ControlAssessments, ControlTexts};
use std::collections::HashMap;
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(checklist_api))
        .api(KEEPS_REGISTERS, routes!(assess_api))
        .api(Gate::SignedIn, routes!(texts_api))
        .api(SETS_CONTROL_TEXTS, routes!(set_texts_api))
        .get("/manajemen/kontrol", Gate::SignedIn, overview_page)
        .post("/manajemen/kontrol/teks", SETS_CONTROL_TEXTS, texts_submit)
        .get(
            "/manajemen/kontrol/aplikasi/{id}",
            Gate::SignedIn,
            checklist_page,
        )
        .post(
            "/manajemen/kontrol/aplikasi/{id}",
            KEEPS_REGISTERS,
            checklist_submit,
        )
}

/// Application `id`'s checklist against the standard's 72 controls.
#[utoipa::path(get, path = "/api/v1/catalog/applications/{id}/controls", tag = "manajemen", params(("id" = i64, Path)), responses((status = 200, body = Checklist), (status = 403), (status = 404)))]
async fn checklist_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Checklist>, ApiError> {
    Ok(Json(manajemen::checklist(&state, &caller.actor, id).await?))
}

/// Saves the controls given of application `id`'s checklist (each a code, a status and, for a
/// control met, its evidence); the others stay. Answers the checklist as it now stands.
#[utoipa::path(put, path = "/api/v1/catalog/applications/{id}/controls", tag = "manajemen", params(("id" = i64, Path)), request_body = ControlAssessments, responses((status = 200, body = Checklist), (status = 403), (status = 404), (status = 422)))]
async fn assess_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ControlAssessments>,
) -> Result<Json<Checklist>, ApiError> {
    manajemen::assess_controls(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        id,
        &body.controls,
    )
    .await?;
    Ok(Json(manajemen::checklist(&state, &caller.actor, id).await?))
}

/// The standard's 72 controls with their functions and the texts the region imported.
#[utoipa::path(get, path = "/api/v1/manajemen/controls", tag = "manajemen", responses((status = 200, body = Vec<ChecklistRow>)))]
async fn texts_api(State(state): State<SharedState>) -> Result<Json<Vec<ChecklistRow>>, ApiError> {
    Ok(Json(manajemen::control_texts(&state).await?))
}

/// Sets the texts of the controls given (the Dinas), all or none.
#[utoipa::path(put, path = "/api/v1/manajemen/controls", tag = "manajemen", request_body = ControlTexts, responses((status = 200, body = Vec<ChecklistRow>), (status = 403), (status = 422)))]
async fn set_texts_api(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(body): ApiJson<ControlTexts>,
) -> Result<Json<Vec<ChecklistRow>>, ApiError> {
    manajemen::set_control_texts(&state, &caller.actor, &caller.audit_ctx(), &body.controls)
        .await?;
    Ok(Json(manajemen::control_texts(&state).await?))
}

async fn overview_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let summaries = manajemen::control_summaries(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    let texts = manajemen::control_texts(&state)
        .await
        .or_page(&state, &caller)?;
    let imported = texts.iter().filter(|r| !r.text.is_empty()).count();
    Ok(layout(
        &state,
        &caller,
        t(lang, "controls.title"),
        html! {
            (super::security::tabs(lang, "/manajemen/kontrol"))
            p.muted { (t(lang, "controls.intro")) }
            (overview(lang, &summaries))
            h2 { (t(lang, "controls.texts")) }
            p { (imported) " / 72 " (t(lang, "controls.texts_imported")) }
            @if SETS_CONTROL_TEXTS.admits(&caller.actor).is_ok() {
                form.card method="post" action="/manajemen/kontrol/teks" enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    p.muted { (t(lang, "controls.import_intro")) }
                    label { (t(lang, "controls.file")) " " input type="file" name="file" accept=".csv,.xlsx" required; }
                    button type="submit" { (t(lang, "controls.import")) }
                }
            }
            (catalogue(lang, &texts))
        },
    ))
}

fn overview(lang: Lang, summaries: &[ChecklistSummary]) -> Markup {
    html! {
        table #controls-overview {
            thead { tr {
                th { (t(lang, "controls.application")) }
                th { (t(lang, "catalog.pd")) }
                th.num { (t(lang, "controls.assessed")) }
                th.num { (value_label(lang, "terpenuhi")) }
                th.num { (value_label(lang, "belum_terpenuhi")) }
            } }
            tbody {
                @for s in summaries {
                    tr {
                        td { a href={ "/manajemen/kontrol/aplikasi/" (s.application_id) } { (s.application) } }
                        td { (s.pd_name.as_deref().unwrap_or_default()) }
                        td.num { (s.assessed) " / 72" }
                        td.num { (s.met) }
                        td.num { (s.unmet) }
                    }
                }
            }
        }
    }
}

/// The standard's functions and controls, with the region's texts.
fn catalogue(lang: Lang, rows: &[ChecklistRow]) -> Markup {
    html! {
        @for (function, controls) in by_function(rows) {
            details {
                summary { (value_label(lang, function)) " (" (controls.len()) ")" }
                ul { @for r in controls { li { strong { (r.code) } " " (text_or_missing(lang, r)) } } }
            }
        }
    }
}

fn text_or_missing(lang: Lang, r: &ChecklistRow) -> Markup {
    html! {
        @if r.text.is_empty() { span.muted { (t(lang, "controls.no_text")) } } @else { (r.text) }
        @if !r.reference.is_empty() { " " span.muted { "(" (r.reference) ")" } }
    }
}

/// The rows grouped by function, in the standard's order.
fn by_function(rows: &[ChecklistRow]) -> Vec<(&'static str, Vec<&ChecklistRow>)> {
    let mut out: Vec<(&'static str, Vec<&ChecklistRow>)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some((f, list)) if *f == r.function => list.push(r),
            _ => out.push((r.function, vec![r])),
        }
    }
    out
}

async fn texts_submit(
    State(state): State<SharedState>,
    caller: Caller,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, 1 << 20).await?;
    manajemen::import_control_texts(&state, &caller.actor, &caller.audit_ctx(), &up.data)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/manajemen/kontrol?pesan=saved").into_response())
}

async fn checklist_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let c = manajemen::checklist(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let title = format!("{} — {}", t(lang, "controls.title"), c.application);
    Ok(layout(
        &state,
        &caller,
        &title,
        html! {
            p.noprint { a href="/manajemen/kontrol" { "← " (t(lang, "controls.title")) } }
            p { (c.pd_name.as_deref().unwrap_or_default()) }
            table.facts #control-counts {
                @for (status, n) in &c.counts {
                    tr { th { (value_label(lang, status)) } td.num { (n) } }
                }
            }
            (checklist_form(lang, &caller, &c))
        },
    ))
}

fn checklist_form(lang: Lang, caller: &Caller, c: &Checklist) -> Markup {
    let rows = |controls: &[&ChecklistRow]| {
        html! {
            @for r in controls {
                @let a = r.assessment.as_ref();
                @let status = a.map(|a| a.status.as_str()).unwrap_or_default();
                tr {
                    td { strong { (r.code) } }
                    td { (text_or_missing(lang, r)) }
                    td {
                        @if c.may_assess {
                            select name={ "status." (r.code) } aria-label={ (t(lang, "controls.status")) " " (r.code) } {
                                option value="" { (value_label(lang, "belum_dinilai")) }
                                @for s in CONTROL_STATUSES { option value=(s) selected[s == status] { (value_label(lang, s)) } }
                            }
                        } @else {
                            (value_label(lang, if status.is_empty() { "belum_dinilai" } else { status }))
                        }
                    }
                    td {
                        @if c.may_assess {
                            input type="text" name={ "evidence." (r.code) } aria-label={ (t(lang, "controls.evidence")) " " (r.code) } value=(a.map(|a| a.evidence.as_str()).unwrap_or_default());
                        } @else {
                            (a.map(|a| a.evidence.as_str()).unwrap_or_default())
                        }
                        @if let Some(a) = a {
                            @if let Some(on) = a.assessed_on { br; span.muted { (day(on)) " · " (a.assessed_by) } }
                        }
                    }
                }
            }
        }
    };
    let body = html! {
        @for (function, controls) in by_function(&c.rows) {
            h2 { (value_label(lang, function)) }
            table.checklist {
                thead { tr {
                    th { (t(lang, "controls.code")) }
                    th { (t(lang, "controls.control")) }
                    th { (t(lang, "controls.status")) }
                    th { (t(lang, "controls.evidence")) }
                } }
                tbody { (rows(&controls)) }
            }
        }
    };
    html! {
        @if c.may_assess {
            form method="post" action={ "/manajemen/kontrol/aplikasi/" (c.application_id) } {
                input type="hidden" name="csrf" value=(caller.csrf());
                (body)
                button type="submit" { (t(lang, "controls.save")) }
            }
        } @else {
            (body)
        }
    }
}

/// The checklist form: `status.K1` and `evidence.K1` for each control; a control left
/// without a status is not saved.
async fn checklist_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    crate::web::kit::SessionForm(f): crate::web::kit::SessionForm<HashMap<String, String>>,
) -> UiResult {
    let mut rows: Vec<ControlAssessment> = f
        .iter()
        .filter_map(|(k, status)| {
            let code = k.strip_prefix("status.")?;
            (!status.is_empty()).then(|| ControlAssessment {
                code: code.to_string(),
                status: status.clone(),
                evidence: f
                    .get(&format!("evidence.{code}"))
                    .cloned()
                    .unwrap_or_default(),
                assessed_on: None,
                assessed_by: String::new(),
            })
        })
        .collect();
    // In the standard's order, and a control met without evidence named by its own field.
    rows.sort_by_key(|r| {
        r.code
            .trim_start_matches('K')
            .parse::<u32>()
            .unwrap_or(u32::MAX)
    });
    if let Some(r) = rows
        .iter()
        .find(|r| r.status.starts_with("terpenuhi") && r.evidence.trim().is_empty())
    {
        return Err(ApiError::invalid(
            &format!("evidence.{}", r.code),
            "a control met names its evidence",
        ))
        .or_page(&state, &caller);
    }
    manajemen::assess_controls(&state, &caller.actor, &caller.audit_ctx(), id, &rows)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/manajemen/kontrol/aplikasi/{id}?pesan=saved")).into_response())
}
