//! Foundation's JSON API for accounts and their roles, API tokens and the audit log.

use crate::app::foundation::{self as ops, CreateToken, CreateUser};
use crate::web::kit::{query, ApiError, ApiJson, Caller, ListParams, Routes, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use padu_domain::access::{KEEPS_ACCOUNTS, READS_AUDIT_LOG};
use padu_domain::audit::AuditEntry;
use padu_domain::{Gate, Grant};
use padu_store::audit::Checkpoint;
use padu_store::users::{ApiToken, User, UserUpdate};
use padu_store::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(KEEPS_ACCOUNTS, routes!(list_users, create_user))
        .api(Gate::SignedIn, routes!(get_user))
        .api(KEEPS_ACCOUNTS, routes!(update_user))
        .api(KEEPS_ACCOUNTS, routes!(set_grants))
        .api(Gate::SignedIn, routes!(list_tokens, create_token))
        .api(Gate::SignedIn, routes!(revoke_token))
        .api(READS_AUDIT_LOG, routes!(list_audit))
        .api(READS_AUDIT_LOG, routes!(verify_audit))
        .api(READS_AUDIT_LOG, routes!(list_checkpoints))
        .api(Gate::Anyone, routes!(public_key))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserParams), responses((status = 200, body = Page<User>), (status = 422), (status = 403)))]
async fn list_users(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<User>>, ApiError> {
    let p: UserParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    Ok(Json(
        ops::list_users(&state, &caller.actor, &q, p.pd_id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUser, responses((status = 201, body = User), (status = 403), (status = 409), (status = 422)))]
async fn create_user(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateUser>,
) -> Result<impl IntoResponse, ApiError> {
    let user = ops::create_user(&state, &caller.actor, &caller.audit_ctx(), req).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), responses((status = 200, body = User), (status = 403), (status = 404)))]
async fn get_user(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(ops::get_user(&state, &caller.actor, id).await?))
}

#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), request_body = UserUpdate, responses((status = 200, body = User), (status = 403), (status = 404), (status = 422)))]
async fn update_user(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(up): ApiJson<UserUpdate>,
) -> Result<Json<User>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        ops::update_user(&state, &caller.actor, &ctx, id, &up).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct GrantsInput {
    pub grants: Vec<Grant>,
}

/// Replaces the roles of a user (a permission change, audited).
#[utoipa::path(put, path = "/api/v1/users/{id}/grants", tag = "users", params(("id" = i64, Path)), request_body = GrantsInput, responses((status = 200, body = User), (status = 403), (status = 404), (status = 422)))]
async fn set_grants(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<GrantsInput>,
) -> Result<Json<User>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        ops::set_grants(&state, &caller.actor, &ctx, id, &req.grants).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", params(ListParams), responses((status = 200, body = Page<ApiToken>), (status = 401), (status = 422)))]
async fn list_tokens(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ApiToken>>, ApiError> {
    let p: ListParams = query(raw.as_deref())?;
    Ok(Json(
        ops::list_tokens(&state, &caller.actor, &p.query()?).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// Shown once; Padu keeps only its hash.
    pub token: String,
    pub details: ApiToken,
}

/// Makes an API token for the caller, scoped to one of the caller's roles and PDs.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = CreateToken, responses((status = 201, body = CreatedToken), (status = 401), (status = 403), (status = 422)))]
async fn create_token(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateToken>,
) -> Result<impl IntoResponse, ApiError> {
    let (token, details) =
        ops::issue_token(&state, &caller.actor, &caller.audit_ctx(), &req).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { token, details })))
}

/// Revokes a token at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = i64, Path)), responses((status = 200, body = ApiToken), (status = 403), (status = 404)))]
async fn revoke_token(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<ApiToken>, ApiError> {
    match ops::revoke_token(&state, &caller.actor, &caller.audit_ctx(), id).await {
        Ok(t) => Ok(Json(t)),
        // Another's token does not exist for the API's callers.
        Err(crate::app::AppError::Denied(_)) => Err(ApiError::not_found()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub entity: Option<String>,
    pub action: Option<String>,
    /// Entries of the account with this username (and of its tokens).
    pub actor: Option<String>,
    pub actor_user_id: Option<i64>,
    pub pd_id: Option<i64>,
    /// From this day (in the region's zone), included.
    pub from: Option<chrono::NaiveDate>,
    /// Until this day (in the region's zone), included.
    pub until: Option<chrono::NaiveDate>,
}

impl AuditParams {
    pub fn audit_query(&self) -> ops::AuditQuery {
        ops::AuditQuery {
            entity: self.entity.clone(),
            action: self.action.clone(),
            actor: self.actor.clone(),
            actor_user_id: self.actor_user_id,
            pd_id: self.pd_id,
            from: self.from,
            until: self.until,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams), responses((status = 200, body = Page<AuditEntry>), (status = 422), (status = 403)))]
async fn list_audit(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<AuditEntry>>, ApiError> {
    let p: AuditParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q.clone(),
    }
    .query()?;
    let f = p.audit_query().filter();
    Ok(Json(ops::list_audit(&state, &caller.actor, &f, &q).await?))
}

/// Verifies the whole chain and every signed checkpoint now.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", responses((status = 200, body = crate::audit_ops::VerifyReport), (status = 403)))]
async fn verify_audit(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<crate::audit_ops::VerifyReport>, ApiError> {
    Ok(Json(
        ops::verify_audit(&state, &caller.actor, caller.now).await?,
    ))
}

/// Signed checkpoints, newest first: `message` is the exact signed text, `signature` hex Ed25519.
#[utoipa::path(get, path = "/api/v1/audit/checkpoints", tag = "audit", responses((status = 200, body = [Checkpoint]), (status = 403)))]
async fn list_checkpoints(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<Checkpoint>>, ApiError> {
    Ok(Json(ops::checkpoints(&state, &caller.actor).await?))
}

/// The instance's Ed25519 public key (PEM), to check checkpoints with openssl.
#[utoipa::path(get, path = "/api/v1/audit/public-key.pem", tag = "audit", responses((status = 200, content_type = "application/x-pem-file", body = String)))]
async fn public_key(State(state): State<SharedState>) -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/x-pem-file")],
        state.key.public_pem(),
    )
}
