//! The catalogue's workflows over the API and as pages: system selection requests (Kalbar
//! Pasal 16), Dinas recommendations before procurement or development (Pessel Pasal 6(3), 9(2),
//! 10(4)c) and Mandiri TIK assessments (Bogor Pasal 47). The rules are
//! `padu_domain::requests`; every step is audited and notified in the app.

use crate::app::katalog::{self, request_link, StepInput};
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{
    confirm_box, confirmed, layout, pager, when_text, OrPage, PageParams, UiResult,
};
use crate::web::kit::SessionForm;
use crate::web::kit::{query, ApiError, ApiJson, Caller, ListParams, Routes, SharedState};
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::html;
use padu_domain::requests::{Criteria, RequestKind, SUBMITS_REQUESTS, TAKES_STEPS};
use padu_domain::Gate;
use padu_store::requests::{Request, RequestFilter, RequestInput};
use padu_store::Page;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::routes;

/// Anyone reads the requests their classification shows (the pages: those signed in); a PD's
/// operators and the Dinas submit; those with a part in the workflow take its steps (which
/// step on which request, `padu_domain::requests::apply` says).
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_requests))
        .api(SUBMITS_REQUESTS, routes!(create_request))
        .api(Gate::Anyone, routes!(get_request))
        .api(TAKES_STEPS, routes!(step_request))
        .get("/permohonan", Gate::SignedIn, requests_page)
        .post("/permohonan", SUBMITS_REQUESTS, new_submit)
        .get("/permohonan/{id}", Gate::SignedIn, request_page)
        .post("/permohonan/{id}/langkah", TAKES_STEPS, step_submit)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
    /// system_selection, hardware_recommendation, application_recommendation or mandiri_tik.
    #[param(value_type = Option<String>)]
    pub kind: Option<RequestKind>,
    /// Only requests waiting on someone.
    pub open: Option<bool>,
}

/// Requests the caller may read, most recently changed first.
#[utoipa::path(get, path = "/api/v1/catalog/requests", tag = "catalog", params(RequestParams), responses((status = 200, body = Page<Request>), (status = 422)))]
async fn list_requests(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Request>>, ApiError> {
    let p: RequestParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    let filter = RequestFilter {
        pd_id: p.pd_id,
        kind: p.kind,
        open: p.open.unwrap_or(false),
    };
    Ok(Json(
        katalog::requests(&state, &caller.actor, &filter, &q).await?,
    ))
}

/// Submits a request of a PD (its operators or the Dinas); the Dinas is notified.
#[utoipa::path(post, path = "/api/v1/catalog/requests", tag = "catalog", request_body = RequestInput, responses((status = 201, body = Request), (status = 403), (status = 422)))]
async fn create_request(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<RequestInput>,
) -> Result<(StatusCode, Json<Request>), ApiError> {
    let ctx = caller.audit_ctx();
    let r = katalog::submit(&state, &caller.actor, &ctx, &input).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// One request with its timeline.
#[utoipa::path(get, path = "/api/v1/catalog/requests/{id}", tag = "catalog", params(("id" = i64, Path)), responses((status = 200, body = Request), (status = 404)))]
async fn get_request(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Request>, ApiError> {
    Ok(Json(katalog::request(&state, &caller.actor, id).await?))
}

/// Takes a step: `{"step": "approve", "note": …}`, `{"step": "reject", "reason": …}`,
/// `{"step": "resubmit", "note": …, "revision": {…}}`, `{"step": "establish", "note": …}`
/// or `{"step": "withdraw", "note": …}`. A step the caller's role does not take is 403; one
/// the request's status does not allow is 409.
#[utoipa::path(post, path = "/api/v1/catalog/requests/{id}/steps", tag = "catalog", params(("id" = i64, Path)), request_body = StepInput, responses((status = 200, body = Request), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn step_request(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<StepInput>,
) -> Result<Json<Request>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        katalog::take_step(&state, &caller.actor, &ctx, id, &input).await?,
    ))
}

fn status_label(lang: Lang, status: padu_domain::requests::RequestStatus) -> &'static str {
    t(lang, &format!("request.status.{}", status.as_str()))
}

fn kind_label(lang: Lang, kind: RequestKind) -> &'static str {
    t(lang, &format!("request.kind.{}", kind.as_str()))
}

async fn requests_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let filter = RequestFilter {
        pd_id: p.pd_id,
        ..RequestFilter::default()
    };
    let page = katalog::requests(&state, &caller.actor, &filter, &p.list())
        .await
        .or_page(&state, &caller)?;
    let submittable = katalog::submitting_pds(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "request.title"),
        html! {
            p.muted { (t(lang, "request.intro")) }
            table #requests {
                thead { tr { th { "#" } th { (t(lang, "request.subject")) } th { (t(lang, "plan.kind")) } th { (t(lang, "catalog.pd")) } th { (t(lang, "catalog.status")) } th { (t(lang, "request.updated")) } } }
                tbody {
                    @for r in &page.items {
                        tr {
                            td.num { (r.id) }
                            td { a href=(request_link(r.id)) { (r.title) } }
                            td { (kind_label(lang, r.kind)) }
                            td { (r.pd_name) }
                            td { strong { (status_label(lang, r.status)) } }
                            td { (r.updated_at.get(..10).unwrap_or("")) }
                        }
                    }
                }
            }
            (pager(lang, &page, "/permohonan", &p.q))
            @if !submittable.is_empty() {
                h2 { (t(lang, "request.new")) }
                form.stack.card #new-request method="post" action="/permohonan" {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    label { (t(lang, "plan.kind")) " " select name="kind" { @for k in katalog::offered(&state) { option value=(k.as_str()) { (kind_label(lang, k)) } } } }
                    label { (t(lang, "catalog.pd")) " " select name="pd_id" { @for pd in &submittable { option value=(pd.id) { (pd.name) } } } }
                    label { (t(lang, "request.subject")) " " input type="text" name="title" required; }
                    label { (t(lang, "request.needs")) " " textarea name="needs_analysis" {} }
                    label { (t(lang, "request.benefits")) " " textarea name="benefit_analysis" {} }
                    label { (t(lang, "request.cost")) " " input type="number" name="estimated_cost" min="0"; }
                    label.check { input type="checkbox" name="ict_staff" value="true"; " " (t(lang, "request.criteria_staff")) }
                    label.check { input type="checkbox" name="own_application_experience" value="true"; " " (t(lang, "request.criteria_experience")) }
                    button type="submit" { (t(lang, "request.submit")) }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
struct NewForm {
    kind: RequestKind,
    pd_id: i64,
    title: String,
    #[serde(default)]
    needs_analysis: String,
    #[serde(default)]
    benefit_analysis: String,
    #[serde(default)]
    estimated_cost: String,
    #[serde(default)]
    ict_staff: Option<String>,
    #[serde(default)]
    own_application_experience: Option<String>,
}

async fn new_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<NewForm>,
) -> UiResult {
    let estimated_cost = match f.estimated_cost.trim() {
        "" => None,
        c => Some(
            c.parse()
                .map_err(|_| ApiError::invalid("estimated_cost", "a whole number of rupiah"))
                .or_page(&state, &caller)?,
        ),
    };
    let input = RequestInput {
        pd_id: f.pd_id,
        kind: f.kind,
        title: f.title,
        needs_analysis: f.needs_analysis,
        benefit_analysis: f.benefit_analysis,
        estimated_cost,
        criteria: Criteria {
            ict_staff: f.ict_staff.is_some(),
            own_application_experience: f.own_application_experience.is_some(),
        },
        classification: padu_domain::Classification::Biasa,
    };
    let r = katalog::submit(&state, &caller.actor, &caller.audit_ctx(), &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("{}?pesan=saved", request_link(r.id))).into_response())
}

async fn request_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let r = katalog::request(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let steps = katalog::steps_open(&state, &caller.actor, &r);
    Ok(layout(
        &state,
        &caller,
        &r.title,
        html! {
            p.muted { (kind_label(lang, r.kind)) " · " (r.kind.clause(state.profile()).unwrap_or_default()) " · " (r.pd_name) " · " (t(lang, "request.round")) " " (r.round) }
            p #request-status { (t(lang, "catalog.status")) ": " strong { (status_label(lang, r.status)) } }
            dl.facts {
                dt { (t(lang, "request.needs")) } dd.pre { (r.needs_analysis) }
                dt { (t(lang, "request.benefits")) } dd.pre { (r.benefit_analysis) }
                @if let Some(c) = r.estimated_cost { dt { (t(lang, "request.cost")) } dd { "Rp " (c) } }
                @if r.kind == RequestKind::MandiriTik {
                    dt { (t(lang, "request.criteria_staff")) } dd { @if r.criteria.ict_staff { "✓" } @else { "✗" } }
                    dt { (t(lang, "request.criteria_experience")) } dd { @if r.criteria.own_application_experience { "✓" } @else { "✗" } }
                }
            }
            h2 { (t(lang, "request.timeline")) }
            ol.timeline #request-timeline {
                @for e in &r.events {
                    li { strong { (t(lang, &format!("request.step.{}", e.step))) } " → " (status_label(lang, e.status)) " · " (e.actor) " · " (when_text(&e.at)) @if !e.note.is_empty() { br; span.pre { (e.note) } } }
                }
            }
            @if !steps.is_empty() {
                form.stack.card #request-step method="post" action={ "/permohonan/" (r.id) "/langkah" } {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    label { (t(lang, "request.step")) " " select name="step" { @for s in &steps { option value=(s) { (t(lang, &format!("request.step.{s}"))) } } } }
                    label { (t(lang, "request.note")) " " textarea name="note" {} }
                    (confirm_box(lang, t(lang, "request.step_confirm")))
                    button type="submit" { (t(lang, "request.take_step")) }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
struct StepForm {
    step: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    confirm: String,
}

async fn step_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<StepForm>,
) -> UiResult {
    confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    let step = StepInput::named(&f.step, f.note).or_page(&state, &caller)?;
    katalog::take_step(&state, &caller.actor, &caller.audit_ctx(), id, &step)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("{}?pesan=saved", request_link(id))).into_response())
}
