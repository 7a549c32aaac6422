//! Foundation's JSON API: signing in, the caller, health; PDs, their units of work and the
//! network sites (accounts, tokens and the audit log are in `accounts_api`).

use crate::app::foundation as ops;
use crate::web::kit::{query, ApiError, ApiJson, Caller, ListParams, Routes, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use padu_domain::access::FOUNDS_PDS;
use padu_domain::{Gate, Grant, Role};
use padu_store::org::{Pd, PdInput, UnitKerja};
use padu_store::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

/// One `routes!` per path (utoipa-axum serves every handler of a `routes!` on each of its
/// paths), each method behind its own gate.
pub fn routes() -> Routes {
    let (anyone, writers) = (Gate::Anyone, Gate::WRITERS);
    Routes::new()
        .api(anyone, routes!(login))
        .api(Gate::SignedIn, routes!(me))
        .api(anyone, routes!(list_pds))
        .api(FOUNDS_PDS, routes!(create_pd))
        .api(anyone, routes!(get_pd))
        .api(writers, routes!(update_pd))
        .api(FOUNDS_PDS, routes!(delete_pd))
        .api(anyone, routes!(list_unit_kerja))
        .api(writers, routes!(create_unit_kerja))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub storage: &'static str,
    pub schema_version: i64,
}

pub async fn healthz(State(state): State<SharedState>) -> impl IntoResponse {
    let storage = ops::storage_engine(&state);
    match ops::schema_version(&state).await {
        Ok(v) => (StatusCode::OK, Json(Health { status: "ok", version: crate::VERSION, storage, schema_version: v })).into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable", "version": crate::VERSION, "storage": storage }))).into_response(),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// Which of the user's roles the token acts with (needed when the user has several).
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub pd_id: Option<i64>,
    /// Token lifetime in hours, 1–720 (default 8).
    #[serde(default)]
    pub expires_in_hours: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    pub token: String,
    pub expires_at: String,
    pub user: padu_store::users::User,
}

/// Refused sign-ins, as the API and the page answer them: too many from one address (before
/// any account is looked at), or a refusal that says nothing more.
pub enum Refusal {
    RateLimited(u64),
    Refused,
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::RateLimited(wait) => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many sign-in attempts from this address; try again in {wait} s"),
            ),
            Refusal::Refused => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong username or password, or sign-in paused after repeated failures; try again later",
            ),
        }
    }
}

/// A sign-in from the caller's address: the web's per-address rate limit, then the
/// application's throttled check (`app::foundation::sign_in`).
pub async fn attempt_login(
    state: &SharedState,
    caller: &Caller,
    username: &str,
    password: &str,
) -> Result<Result<padu_store::users::User, Refusal>, ApiError> {
    let address = caller.ip.clone().unwrap_or_default();
    if let Err(wait) = state.login_limiter.hit(&address, std::time::Instant::now()) {
        return Ok(Err(Refusal::RateLimited(wait)));
    }
    let user = ops::sign_in(state, &caller.audit_ctx(), username, password).await?;
    Ok(user.ok_or(Refusal::Refused))
}

/// Signs in and returns a bearer token scoped to one role and PD of the user.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest, responses((status = 200, body = LoginResponse), (status = 401), (status = 422), (status = 429)))]
async fn login(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let hours = ops::token_hours(req.expires_in_hours)?;
    let user = attempt_login(&state, &caller, &req.username, &req.password).await??;
    let grant = pick_grant(&user.grants, req.role, req.pd_id)?;
    let (token, expires) =
        ops::login_token(&state, &caller.audit_ctx(), &user, grant, hours).await?;
    Ok(Json(LoginResponse {
        token,
        expires_at: padu_store::ts(expires),
        user,
    }))
}

/// The one grant of the user that the request names (any, when the user holds one).
fn pick_grant(grants: &[Grant], role: Option<Role>, pd_id: Option<i64>) -> Result<Grant, ApiError> {
    let matching: Vec<&Grant> = grants
        .iter()
        .filter(|g| {
            role.is_none_or(|r| g.role == r) && (pd_id.is_none() || g.pd.map(|p| p.0) == pd_id)
        })
        .collect();
    match matching.as_slice() {
        [one] => Ok(**one),
        [] if grants.is_empty() => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "no_role",
            "the account holds no role",
        )),
        [] => Err(ApiError::invalid(
            "role",
            "the account holds no such role and PD",
        )),
        _ => Err(ApiError::invalid(
            "role",
            format!(
                "the account holds several roles; choose one of {}",
                grants
                    .iter()
                    .map(|g| format!(
                        "{}{}",
                        g.role,
                        g.pd.map(|p| format!("@{}", p.0)).unwrap_or_default()
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub user: padu_store::users::User,
    pub acting_as: Vec<Grant>,
}

/// The signed-in user and the role(s) this request acts with.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", responses((status = 200, body = Me), (status = 401)))]
async fn me(caller: Caller) -> Result<Json<Me>, ApiError> {
    let user = caller.require_user()?.clone();
    Ok(Json(Me {
        acting_as: caller.actor.grants().to_vec(),
        user,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PdFilter {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    /// dinas, badan, sekretariat, inspektorat, satuan, kecamatan or lainnya.
    pub kind: Option<String>,
}

/// Perangkat Daerah (public).
#[utoipa::path(get, path = "/api/v1/pds", tag = "organisation", params(PdFilter), responses((status = 200, body = Page<Pd>), (status = 422)))]
async fn list_pds(
    State(state): State<SharedState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Pd>>, ApiError> {
    let f: PdFilter = query(raw.as_deref())?;
    let q = ListParams {
        page: f.page,
        per_page: f.per_page,
        q: f.q,
    }
    .query()?;
    Ok(Json(ops::list_pds(&state, &q, f.kind.as_deref()).await?))
}

#[utoipa::path(get, path = "/api/v1/pds/{id}", tag = "organisation", params(("id" = i64, Path)), responses((status = 200, body = Pd), (status = 404)))]
async fn get_pd(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Pd>, ApiError> {
    Ok(Json(ops::get_pd(&state, &caller.actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/pds", tag = "organisation", request_body = PdInput, responses((status = 201, body = Pd), (status = 403), (status = 409), (status = 422)))]
async fn create_pd(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<PdInput>,
) -> Result<impl IntoResponse, ApiError> {
    let pd = ops::create_pd(&state, &caller.actor, &caller.audit_ctx(), &input).await?;
    Ok((StatusCode::CREATED, Json(pd)))
}

#[utoipa::path(put, path = "/api/v1/pds/{id}", tag = "organisation", params(("id" = i64, Path)), request_body = PdInput, responses((status = 200, body = Pd), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn update_pd(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PdInput>,
) -> Result<Json<Pd>, ApiError> {
    let ctx = caller.audit_ctx();
    let pd = ops::update_pd(&state, &caller.actor, &ctx, id, |_| input).await?;
    Ok(Json(pd))
}

#[utoipa::path(delete, path = "/api/v1/pds/{id}", tag = "organisation", params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409)))]
async fn delete_pd(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    ops::delete_pd(&state, &caller.actor, &caller.audit_ctx(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/pds/{id}/unit-kerja", tag = "organisation", params(("id" = i64, Path)), responses((status = 200, body = [UnitKerja]), (status = 404)))]
async fn list_unit_kerja(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<UnitKerja>>, ApiError> {
    Ok(Json(ops::unit_kerja(&state, &caller.actor, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UnitKerjaInput {
    pub name: String,
    pub kind: String,
}

#[utoipa::path(post, path = "/api/v1/pds/{id}/unit-kerja", tag = "organisation", params(("id" = i64, Path)), request_body = UnitKerjaInput, responses((status = 201, body = UnitKerja), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn create_unit_kerja(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<UnitKerjaInput>,
) -> Result<impl IntoResponse, ApiError> {
    let (actor, ctx) = (&caller.actor, caller.audit_ctx());
    let unit = ops::create_unit_kerja(&state, actor, &ctx, id, &input.name, &input.kind).await?;
    Ok((StatusCode::CREATED, Json(unit)))
}
