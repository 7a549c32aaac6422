//! Planning documents over the JSON API: versions, approvals signed with the instance's Ed25519
//! key (checkable with openssl, as the audit checkpoints), reviews, the review milestones of the
//! region's regulation, and the register as CSV or XLSX (`app::katalog`'s planning).

use crate::app::katalog::{self, ApprovalCheck, PlanView};
use crate::app::registers::Format;
use crate::web::kit::{query, ApiError, ApiJson, Caller, ListParams, Routes, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use padu_domain::planning::{PlanKind, APPROVES_PLANS, DRAFTS_PLANS, REVIEWS_PLANS};
use padu_domain::Gate;
use padu_store::planning::{Plan, PlanInput, PlanSummary, ReviewInput, VersionInput};
use padu_store::Page;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::routes;

/// Anyone reads the plans their classification shows; the planning roles draft, approve and
/// review (which plan, the rules of `padu_domain::planning` say); the register's file is for
/// those signed in.
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_plans))
        .api(DRAFTS_PLANS, routes!(create_plan))
        .api(Gate::Anyone, routes!(get_plan))
        .api(DRAFTS_PLANS, routes!(add_version))
        .api(APPROVES_PLANS, routes!(approve_version))
        .api(Gate::Anyone, routes!(verify_approval))
        .api(REVIEWS_PLANS, routes!(add_review))
        .api(Gate::SignedIn, routes!(export_plans))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    /// rencana_induk, arsitektur, peta_rencana or rencana_anggaran.
    #[param(value_type = Option<String>)]
    pub kind: Option<PlanKind>,
}

/// Planning documents the caller may read, newest period first.
#[utoipa::path(get, path = "/api/v1/plans", tag = "planning", params(PlanParams), responses((status = 200, body = Page<PlanSummary>), (status = 422)))]
async fn list_plans(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<PlanSummary>>, ApiError> {
    let p: PlanParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    Ok(Json(
        katalog::plans(&state, &caller.actor, p.kind, &q).await?,
    ))
}

/// One plan with every version, its approvals, reviews and the scheduled review milestones.
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "planning", params(("id" = i64, Path)), responses((status = 200, body = PlanView), (status = 404)))]
async fn get_plan(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<PlanView>, ApiError> {
    Ok(Json(
        katalog::plan(&state, &caller.actor, caller.today(), id).await?,
    ))
}

/// Drafts a plan and its version 1 (the Dinas or the Tim Koordinasi; a PD's operators for its
/// own Rencana dan Anggaran).
#[utoipa::path(post, path = "/api/v1/plans", tag = "planning", request_body = PlanInput, responses((status = 201, body = Plan), (status = 403), (status = 422)))]
async fn create_plan(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<PlanInput>,
) -> Result<(StatusCode, Json<Plan>), ApiError> {
    let ctx = caller.audit_ctx();
    let plan = katalog::draft(&state, &caller.actor, &ctx, &input).await?;
    Ok((StatusCode::CREATED, Json(plan)))
}

/// Adds the next version; earlier versions and their approvals stay as they were.
#[utoipa::path(post, path = "/api/v1/plans/{id}/versions", tag = "planning", params(("id" = i64, Path)), request_body = VersionInput, responses((status = 200, body = Plan), (status = 403), (status = 404), (status = 422)))]
async fn add_version(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<VersionInput>,
) -> Result<Json<Plan>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        katalog::new_version(&state, &caller.actor, &ctx, id, &input).await?,
    ))
}

/// Approves the plan's newest version: every section filled, approved once, by the approving
/// role; the statement is signed with the instance's Ed25519 key.
#[utoipa::path(post, path = "/api/v1/plans/{id}/versions/{number}/approve", tag = "planning", params(("id" = i64, Path), ("number" = i64, Path)), responses((status = 200, body = Plan), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn approve_version(
    State(state): State<SharedState>,
    caller: Caller,
    Path((id, number)): Path<(i64, i64)>,
) -> Result<Json<Plan>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        katalog::approve(&state, &caller.actor, &ctx, id, number).await?,
    ))
}

/// The approval of one version: statement, signature, public key, and whether it holds.
#[utoipa::path(get, path = "/api/v1/plans/{id}/versions/{number}/approval", tag = "planning", params(("id" = i64, Path), ("number" = i64, Path)), responses((status = 200, body = ApprovalCheck), (status = 404)))]
async fn verify_approval(
    State(state): State<SharedState>,
    caller: Caller,
    Path((id, number)): Path<(i64, i64)>,
) -> Result<Json<ApprovalCheck>, ApiError> {
    Ok(Json(
        katalog::approval(&state, &caller.actor, id, number).await?,
    ))
}

/// Records a review, scheduled or on a trigger (the Tim Koordinasi or the Dinas).
#[utoipa::path(post, path = "/api/v1/plans/{id}/reviews", tag = "planning", params(("id" = i64, Path)), request_body = ReviewInput, responses((status = 200, body = Plan), (status = 403), (status = 404), (status = 422)))]
async fn add_review(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<Json<Plan>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        katalog::review(&state, &caller.actor, &ctx, id, &input).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// csv (default) or xlsx.
    pub format: Option<String>,
}

/// The planning register as CSV or XLSX: each document with its newest version's sections,
/// its approval and any missed review. It imports back through `/api/v1/catalog/import/plans`
/// (a changed row becomes a new version).
#[utoipa::path(get, path = "/api/v1/plans/export", tag = "planning", params(ExportParams), responses((status = 200, description = "the register as CSV (default) or XLSX", content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 422)))]
async fn export_plans(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p: ExportParams = query(raw.as_deref())?;
    let format = Format::parse(p.format.as_deref())?;
    let file = katalog::plans_file(&state, &caller.actor, caller.today(), format).await?;
    Ok(crate::web::kit::download::sheet_response(file))
}
