//! Audit TIK over the JSON API: the audits (list, request, read), their steps, work papers,
//! findings and a security audit's ratings, a finding's follow-up, and the schedule. The audit
//! objects are a register (`/api/v1/audit/objects`, the kit's records routes).

use crate::app::evaluasi::{self, AuditRow, AuditView, ScheduleRow};
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SharedState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use padu_domain::evaluasi::audit::{REQUESTS_AUDITS, RUNS_AUDITS};
use padu_domain::Gate;
use padu_store::evaluasi::audit_findings::{AuditFinding, FindingInput, FindingStep};
use padu_store::evaluasi::audits::{
    Audit, AuditRequest, AuditStep, ControlRatings, WorkPaper, WorkPaperInput,
};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(audits_api))
        .api(REQUESTS_AUDITS, routes!(request_api))
        .api(Gate::SignedIn, routes!(audit_api))
        .api(RUNS_AUDITS, routes!(step_api))
        .api(RUNS_AUDITS, routes!(work_paper_api))
        .api(RUNS_AUDITS, routes!(finding_api))
        .api(RUNS_AUDITS, routes!(ratings_api))
        .api(Gate::SignedIn, routes!(follow_up_api))
        .api(Gate::SignedIn, routes!(schedule_api))
        .api(Gate::SignedIn, routes!(findings_sheet_api))
}

/// The audits the caller may read, newest first, with their open findings.
#[utoipa::path(get, path = "/api/v1/audit/audits", tag = "evaluasi", responses((status = 200, body = Vec<AuditRow>)))]
async fn audits_api(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<AuditRow>>, ApiError> {
    Ok(Json(evaluasi::audits(&state, &caller.actor).await?))
}

/// Asks for an audit of an object (Pessel Lampiran III Bab VI C a).
#[utoipa::path(post, path = "/api/v1/audit/audits", tag = "evaluasi", request_body = AuditRequest, responses((status = 201, body = Audit), (status = 403), (status = 422)))]
async fn request_api(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(body): ApiJson<AuditRequest>,
) -> Result<(StatusCode, Json<Audit>), ApiError> {
    let a = evaluasi::request(&state, &caller.actor, &caller.audit_ctx(), &body).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// Audit `id` whole: its steps, work papers, findings and ratings.
#[utoipa::path(get, path = "/api/v1/audit/audits/{id}", tag = "evaluasi", params(("id" = i64, Path)), responses((status = 200, body = AuditView), (status = 404)))]
async fn audit_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<AuditView>, ApiError> {
    Ok(Json(evaluasi::audit(&state, &caller.actor, id).await?))
}

/// Takes the audit to its next step with the fields that step fills.
#[utoipa::path(post, path = "/api/v1/audit/audits/{id}/steps", tag = "evaluasi", params(("id" = i64, Path)), request_body = AuditStep, responses((status = 200, body = Audit), (status = 403), (status = 404), (status = 422)))]
async fn step_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<AuditStep>,
) -> Result<Json<Audit>, ApiError> {
    Ok(Json(
        evaluasi::advance(&state, &caller.actor, &caller.audit_ctx(), id, &body).await?,
    ))
}

/// Adds a work paper to the audit's execution.
#[utoipa::path(post, path = "/api/v1/audit/audits/{id}/work-papers", tag = "evaluasi", params(("id" = i64, Path)), request_body = WorkPaperInput, responses((status = 201, body = WorkPaper), (status = 403), (status = 404), (status = 422)))]
async fn work_paper_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<WorkPaperInput>,
) -> Result<(StatusCode, Json<WorkPaper>), ApiError> {
    let p = evaluasi::add_work_paper(&state, &caller.actor, &caller.audit_ctx(), id, &body).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// Records a finding of the audit.
#[utoipa::path(post, path = "/api/v1/audit/audits/{id}/findings", tag = "evaluasi", params(("id" = i64, Path)), request_body = FindingInput, responses((status = 201, body = AuditFinding), (status = 403), (status = 404), (status = 422)))]
async fn finding_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FindingInput>,
) -> Result<(StatusCode, Json<AuditFinding>), ApiError> {
    let f = evaluasi::add_finding(&state, &caller.actor, &caller.audit_ctx(), id, &body).await?;
    Ok((StatusCode::CREATED, Json(f)))
}

/// Saves a security audit's ratings (design, implementation, effectiveness) of the controls
/// given.
#[utoipa::path(put, path = "/api/v1/audit/audits/{id}/ratings", tag = "evaluasi", params(("id" = i64, Path)), request_body = ControlRatings, responses((status = 200, body = AuditView), (status = 403), (status = 404), (status = 422)))]
async fn ratings_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ControlRatings>,
) -> Result<Json<AuditView>, ApiError> {
    evaluasi::rate_controls(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        id,
        &body.ratings,
    )
    .await?;
    Ok(Json(evaluasi::audit(&state, &caller.actor, id).await?))
}

/// Moves a finding's follow-up: the auditee's response and action plan, its report that the
/// work is done, the auditor's verification.
#[utoipa::path(post, path = "/api/v1/audit/findings/{id}/steps", tag = "evaluasi", params(("id" = i64, Path)), request_body = FindingStep, responses((status = 200, body = AuditFinding), (status = 403), (status = 404), (status = 422)))]
async fn follow_up_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<FindingStep>,
) -> Result<Json<AuditFinding>, ApiError> {
    Ok(Json(
        evaluasi::step_finding(&state, &caller.actor, &caller.audit_ctx(), id, &body).await?,
    ))
}

/// Every audit object the caller may read with its last report and when it is due again.
#[utoipa::path(get, path = "/api/v1/audit/schedule", tag = "evaluasi", responses((status = 200, body = Vec<ScheduleRow>)))]
async fn schedule_api(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<ScheduleRow>>, ApiError> {
    Ok(Json(
        evaluasi::schedule(&state, &caller.actor, caller.today()).await?,
    ))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct SheetQuery {
    /// csv (the default) or xlsx.
    pub format: Option<String>,
}

/// Every finding of the audits the caller may read, as a sheet with its audit and follow-up.
#[utoipa::path(get, path = "/api/v1/audit/findings/sheet", tag = "evaluasi", params(SheetQuery), responses((status = 200, description = "CSV or XLSX")))]
async fn findings_sheet_api(
    State(state): State<SharedState>,
    caller: Caller,
    axum::extract::Query(q): axum::extract::Query<SheetQuery>,
) -> Result<axum::response::Response, ApiError> {
    let format = crate::app::registers::Format::parse(q.format.as_deref())?;
    let sheet = evaluasi::findings_sheet(&state, &caller.actor, format, caller.today(), &|v| {
        crate::web::kit::i18n::value_label(caller.lang, v).to_string()
    })
    .await?;
    Ok(crate::web::kit::download::sheet_response(sheet))
}
