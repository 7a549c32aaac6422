//! Compliance findings as work items, over the API and as a page: each finding says in words
//! what its rule requires, links to its record, and is acknowledged, assigned with a target
//! date, waived by the Dinas with a reason, or reopened (`app::katalog::follow_up`, the rules
//! `padu_domain::follow_up`).

use crate::app::katalog::{self, FollowUpInput, WorkItem};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{
    confirm_box, confirmed, day as layout_day, layout, opt, when_text, OrPage, UiResult,
};
use crate::web::kit::{query, ApiError, ApiJson, Caller, Routes, SessionForm, SharedState};
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::{html, Markup};
use padu_domain::catalog::Severity;
use padu_domain::follow_up::{may_follow_up, FollowUpState, FOLLOWS_UP_FINDINGS};
use padu_domain::{Gate, PdId, Role};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::routes;

/// Anyone reads the findings over what they may read; those who follow findings up act.
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_findings))
        .api(FOLLOWS_UP_FINDINGS, routes!(follow_up))
        .get("/katalog/temuan", Gate::SignedIn, finding_page)
        .post("/katalog/temuan", FOLLOWS_UP_FINDINGS, follow_up_submit)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingParams {
    pub pd_id: Option<i64>,
    /// high, medium or low.
    pub severity: Option<String>,
}

/// Compliance findings: each names its rule, the clause behind it, severity, PD and due date,
/// and its follow-up (acknowledged, assigned, waived) if any.
#[utoipa::path(get, path = "/api/v1/catalog/findings", tag = "catalog", params(FindingParams), responses((status = 200, body = [WorkItem]), (status = 422)))]
async fn list_findings(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<WorkItem>>, ApiError> {
    let p: FindingParams = query(raw.as_deref())?;
    let severity = match p.severity.as_deref() {
        None => None,
        Some("high") => Some(Severity::High),
        Some("medium") => Some(Severity::Medium),
        Some("low") => Some(Severity::Low),
        Some(other) => {
            return Err(ApiError::invalid(
                "severity",
                format!("unknown severity {other}; one of high, medium, low"),
            ))
        }
    };
    Ok(Json(
        katalog::work_items(&state, &caller.actor, caller.today(), p.pd_id, severity).await?,
    ))
}

/// A step on a finding: acknowledge or assign (the finding's PD, the Dinas; the Tim Koordinasi
/// for Pemda-wide ones), waive with a reason or reopen (the Dinas). Audited.
#[utoipa::path(post, path = "/api/v1/catalog/findings/follow-ups", tag = "catalog", request_body = FollowUpInput, responses((status = 200, body = WorkItem), (status = 403), (status = 404), (status = 422)))]
async fn follow_up(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<FollowUpInput>,
) -> Result<Json<WorkItem>, ApiError> {
    Ok(Json(
        katalog::follow_up(
            &state,
            &caller.actor,
            &caller.audit_ctx(),
            caller.today(),
            &input,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize)]
struct FindingQuery {
    rule: String,
    subject: String,
}

/// A follow-up's state in words, with who and until when.
pub fn follow_up_text(lang: Lang, item: &WorkItem) -> Markup {
    let Some(f) = &item.follow_up else {
        return html! { span.muted { (t(lang, "follow_up.open")) } };
    };
    html! {
        span class={ "follow-" (f.state.as_str()) } { (value_label(lang, f.state.as_str())) }
        @if let (Some(who), Some(day)) = (&f.assignee_name, f.target_date) {
            " · " (who) " · " (t(lang, "follow_up.target")) " " (layout_day(day))
        }
        @if f.state == FollowUpState::Waived {
            br; span.muted { (f.reason) }
        }
    }
}

async fn finding_page(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> UiResult {
    let lang = caller.lang;
    let q: FindingQuery = query(raw.as_deref()).or_page(&state, &caller)?;
    let item = katalog::work_item(&state, &caller.actor, caller.today(), &q.rule, &q.subject)
        .await
        .or_page(&state, &caller)?;
    let f = &item.finding;
    let pd = f.pd_id.map(PdId);
    let acts = may_follow_up(&caller.actor, pd);
    let dinas = caller.actor.has_role(Role::AdminDinas);
    let people = if acts {
        katalog::assignable(&state, f.pd_id)
            .await
            .or_page(&state, &caller)?
    } else {
        Vec::new()
    };
    let today = caller.today().to_string();
    let step_form = |step: &str, inner: Markup| {
        html! {
            form.stacked method="post" action="/katalog/temuan" {
                input type="hidden" name="csrf" value=(caller.csrf());
                input type="hidden" name="rule" value=(f.rule.key());
                input type="hidden" name="subject" value=(f.subject);
                input type="hidden" name="step" value=(step);
                (inner)
            }
        }
    };
    let body = html! {
        p { a href="/katalog" { "← " (t(lang, "catalog.findings")) } }
        dl.facts {
            dt { (t(lang, "catalog.requirement")) } dd { (t(lang, &format!("finding.{}", f.rule.key()))) }
            dt { (t(lang, "catalog.clause")) } dd { (f.clause) }
            dt { (t(lang, "catalog.severity")) } dd { (super::pages::severity_label(lang, f.severity)) }
            dt { (t(lang, "catalog.subject")) } dd {
                @match super::pages::subject_link(&f.subject) {
                    Some(href) => a href=(href) { (f.subject_name) },
                    None => (f.subject_name),
                }
            }
            dt { (t(lang, "catalog.due")) } dd { (layout_day(f.due)) }
            @if !f.detail.is_empty() {
                dt { (t(lang, "catalog.detail")) } dd { (f.detail.join(", ")) }
            }
            dt { (t(lang, "follow_up.title")) } dd { (follow_up_text(lang, &item)) }
            @if let Some(done) = &item.follow_up {
                dt { (t(lang, "follow_up.by")) } dd { (done.by_name.as_deref().unwrap_or("—")) " · " (when_text(&done.updated_at)) }
            }
        }
        @if acts {
            h2 { (t(lang, "follow_up.act")) }
            @if item.follow_up.is_none() {
                (step_form("acknowledge", html! {
                    p.muted { (t(lang, "follow_up.acknowledge_help")) }
                    button type="submit" { (t(lang, "follow_up.step.acknowledge")) }
                }))
            }
            (step_form("assign", html! {
                label { (t(lang, "follow_up.assignee")) " "
                    select name="assignee_id" required {
                        option value="" { (t(lang, "form.choose")) }
                        @for (id, name) in &people { option value=(id) { (name) } }
                    }
                }
                label { (t(lang, "follow_up.target_date")) " " input type="date" name="target_date" min=(today) required; }
                button type="submit" { (t(lang, "follow_up.step.assign")) }
            }))
            @if dinas {
                (step_form("waive", html! {
                    label { (t(lang, "follow_up.reason")) " " textarea name="reason" required minlength="10" rows="3" {} }
                    (confirm_box(lang, t(lang, "follow_up.waive_confirm")))
                    button.danger type="submit" { (t(lang, "follow_up.step.waive")) }
                }))
                @if item.follow_up.is_some() {
                    (step_form("reopen", html! {
                        (confirm_box(lang, t(lang, "follow_up.reopen_confirm")))
                        button.danger type="submit" { (t(lang, "follow_up.step.reopen")) }
                    }))
                }
            }
        }
    };
    Ok(layout(&state, &caller, t(lang, "follow_up.page"), body))
}

#[derive(Debug, Deserialize)]
struct StepForm {
    rule: String,
    subject: String,
    step: String,
    #[serde(default)]
    assignee_id: String,
    #[serde(default)]
    target_date: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirm: String,
}

async fn follow_up_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<StepForm>,
) -> UiResult {
    let lang = caller.lang;
    if matches!(f.step.as_str(), "waive" | "reopen") {
        confirmed(lang, &f.confirm).or_page(&state, &caller)?;
    }
    let assignee_id = match opt(&f.assignee_id) {
        None => None,
        Some(v) => Some(
            v.parse()
                .map_err(|_| ApiError::invalid("assignee_id", "not a number"))
                .or_page(&state, &caller)?,
        ),
    };
    let target_date = match opt(&f.target_date) {
        None => None,
        Some(v) => Some(
            v.parse()
                .map_err(|_| ApiError::invalid("target_date", "not a date"))
                .or_page(&state, &caller)?,
        ),
    };
    let input = FollowUpInput {
        rule: f.rule,
        subject: f.subject,
        step: f.step,
        assignee_id,
        target_date,
        reason: opt(&f.reason),
    };
    katalog::follow_up(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        caller.today(),
        &input,
    )
    .await
    .or_page(&state, &caller)?;
    let link = katalog::finding_link(&input.rule, &input.subject);
    Ok(Redirect::to(&format!("{link}&pesan=saved")).into_response())
}
