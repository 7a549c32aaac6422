//! The JSON API under /api/v1, described in OpenAPI 3.1 from this code (utoipa).

use crate::web::kit::state::secret_hash;
use crate::web::kit::{query, ApiError, ApiJson, Caller, ListParams, Routes, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use chrono::Duration;
use padu_domain::password::{check_policy, hash_password, verify_password};
use padu_domain::throttle::failure_delay;
use padu_domain::Gate;
use padu_domain::{authorize, Action, Grant, PdId, ReadScope, Resource, Role};
use padu_store::org::PdInput;
use padu_store::sites::{SiteFilter, SiteInput};
use padu_store::users::{NewToken, NewUser, UserUpdate};
use padu_store::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(login))
        .api(Gate::Anyone, routes!(me))
        .api(Gate::Anyone, routes!(list_pds, create_pd))
        .api(Gate::Anyone, routes!(get_pd, update_pd, delete_pd))
        .api(Gate::Anyone, routes!(list_unit_kerja, create_unit_kerja))
        .api(Gate::Anyone, routes!(list_sites, create_site))
        .api(Gate::Anyone, routes!(get_site, update_site, delete_site))
        .api(Gate::Anyone, routes!(list_users, create_user))
        .api(Gate::Anyone, routes!(get_user, update_user))
        .api(Gate::Anyone, routes!(set_grants))
        .api(Gate::Anyone, routes!(list_tokens, create_token))
        .api(Gate::Anyone, routes!(revoke_token))
        .api(Gate::Anyone, routes!(list_audit))
        .api(Gate::Anyone, routes!(verify_audit))
        .api(Gate::Anyone, routes!(list_checkpoints))
        .api(Gate::Anyone, routes!(public_key))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    pub storage: &'static str,
    pub schema_version: i64,
}

pub async fn healthz(State(state): State<SharedState>) -> impl IntoResponse {
    match (state.store.ping().await, state.store.schema_version().await) {
        (Ok(()), Ok(v)) => (StatusCode::OK, Json(Health { status: "ok", version: crate::VERSION, storage: state.store.engine().as_str(), schema_version: v })).into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable", "version": crate::VERSION, "storage": state.store.engine().as_str() }))).into_response(),
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

/// What a sign-in attempt came to.
pub enum LoginOutcome {
    Ok(padu_store::users::User),
    Refused(ApiError),
}

/// A hash with the parameters of real ones, checked when there is no account's own to check,
/// so that the answer takes as long as for a real account.
fn stand_in_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("stand-in for a missing account", &mut rand::rngs::OsRng))
}

/// The sign-in rules shared by the UI and the API: per-address rate limit, an attempt reserved
/// per account and address before the Argon2id check (so parallel guesses cannot outrun the
/// lockout, and guessing from one address does not lock the owner out elsewhere), growing
/// delay (PRODUCT.md module 9). An unknown name, a wrong password and a locked account answer
/// alike, after the same work, so the answer reveals neither which names exist nor a lock.
/// Every attempt is audited.
pub async fn attempt_login(
    state: &SharedState,
    caller: &Caller,
    username: &str,
    password: &str,
) -> Result<LoginOutcome, ApiError> {
    let address = caller.ip.clone().unwrap_or_default();
    if let Err(wait) = state.login_limiter.hit(&address, std::time::Instant::now()) {
        return Ok(LoginOutcome::Refused(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many sign-in attempts from this address; try again in {wait} s"),
        )));
    }
    let now = caller.now;
    let found = state.store.user_for_login(username).await?;
    let ctx = caller.audit_ctx();
    let refused = || {
        LoginOutcome::Refused(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "wrong username or password, or sign-in paused after repeated failures; try again later",
        ))
    };
    let known = found.as_ref().map(|(user, _)| user.id);
    let reserved = match &found {
        Some((user, _)) => state.store.reserve_login(user.id, &address, now).await?,
        None => None,
    };
    let (Some((user, hash)), Some(attempt)) = (found, reserved) else {
        verify_password(password, stand_in_hash());
        state
            .store
            .record_login_failure(&ctx, known, username, 0, None)
            .await?;
        return Ok(refused());
    };
    if !verify_password(password, &hash) || !user.active {
        state
            .store
            .record_login_failure(
                &ctx,
                Some(user.id),
                username,
                i64::from(attempt.failures),
                attempt.locked_until,
            )
            .await?;
        if let Ok(d) = failure_delay(attempt.failures).to_std() {
            tokio::time::sleep(d).await;
        }
        return Ok(refused());
    }
    state.store.release_login(user.id, &address).await?;
    Ok(LoginOutcome::Ok(user))
}

/// Signs in and returns a bearer token scoped to one role and PD of the user.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest, responses((status = 200, body = LoginResponse), (status = 401), (status = 422), (status = 429)))]
async fn login(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    let hours = req.expires_in_hours.unwrap_or(8);
    if !(1..=720).contains(&hours) {
        return Err(ApiError::invalid("expires_in_hours", "must be 1–720"));
    }
    let user = match attempt_login(&state, &caller, &req.username, &req.password).await? {
        LoginOutcome::Ok(u) => u,
        LoginOutcome::Refused(e) => return Err(e),
    };
    let grant = pick_grant(&user.grants, req.role, req.pd_id)?;
    let token = format!("padu_{}", crate::web::kit::state::new_secret());
    let expires = caller.now + Duration::hours(hours);
    let ctx = padu_store::AuditCtx {
        actor_user_id: Some(user.id),
        actor_label: user.username.clone(),
        ..caller.audit_ctx()
    };
    state
        .store
        .create_token(
            &ctx,
            &NewToken {
                user_id: user.id,
                name: "login".into(),
                token_hash: secret_hash(&token),
                prefix: token[..12].to_string(),
                role: grant.role,
                pd_id: grant.pd.map(|p| p.0),
                expires_at: Some(expires),
            },
        )
        .await?;
    state.store.record_login(&ctx, user.id, "api", None).await?;
    Ok(Json(LoginResponse {
        token,
        expires_at: padu_store::ts(expires),
        user,
    }))
}

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
#[utoipa::path(get, path = "/api/v1/pds", tag = "organisation", params(PdFilter), responses((status = 200, body = Page<padu_store::org::Pd>), (status = 422)))]
async fn list_pds(
    State(state): State<SharedState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<padu_store::org::Pd>>, ApiError> {
    let f: PdFilter = query(raw.as_deref())?;
    let q = ListParams {
        page: f.page,
        per_page: f.per_page,
        q: f.q,
    }
    .query()?;
    Ok(Json(state.store.list_pds(&q, f.kind.as_deref()).await?))
}

#[utoipa::path(get, path = "/api/v1/pds/{id}", tag = "organisation", params(("id" = i64, Path)), responses((status = 200, body = padu_store::org::Pd), (status = 404)))]
async fn get_pd(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<padu_store::org::Pd>, ApiError> {
    authorize(&caller.actor, Action::Read, &Resource::pd(PdId(id)))?;
    Ok(Json(state.store.get_pd(id).await?))
}

#[utoipa::path(post, path = "/api/v1/pds", tag = "organisation", request_body = PdInput, responses((status = 201, body = padu_store::org::Pd), (status = 403), (status = 409), (status = 422)))]
async fn create_pd(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<PdInput>,
) -> Result<impl IntoResponse, ApiError> {
    authorize(&caller.actor, Action::Create, &Resource::new_pd())?;
    Ok((
        StatusCode::CREATED,
        Json(state.store.create_pd(&caller.audit_ctx(), &input).await?),
    ))
}

#[utoipa::path(put, path = "/api/v1/pds/{id}", tag = "organisation", params(("id" = i64, Path)), request_body = PdInput, responses((status = 200, body = padu_store::org::Pd), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn update_pd(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<PdInput>,
) -> Result<Json<padu_store::org::Pd>, ApiError> {
    state.store.get_pd(id).await?;
    authorize(&caller.actor, Action::Update, &Resource::pd(PdId(id)))?;
    Ok(Json(
        state
            .store
            .update_pd(&caller.audit_ctx(), id, &input)
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/pds/{id}", tag = "organisation", params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409)))]
async fn delete_pd(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.get_pd(id).await?;
    authorize(&caller.actor, Action::Delete, &Resource::pd(PdId(id)))?;
    state.store.delete_pd(&caller.audit_ctx(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/pds/{id}/unit-kerja", tag = "organisation", params(("id" = i64, Path)), responses((status = 200, body = [padu_store::org::UnitKerja]), (status = 404)))]
async fn list_unit_kerja(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<padu_store::org::UnitKerja>>, ApiError> {
    authorize(&caller.actor, Action::Read, &Resource::pd(PdId(id)))?;
    state.store.get_pd(id).await?;
    Ok(Json(state.store.list_unit_kerja(id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UnitKerjaInput {
    pub name: String,
    pub kind: String,
}

#[utoipa::path(post, path = "/api/v1/pds/{id}/unit-kerja", tag = "organisation", params(("id" = i64, Path)), request_body = UnitKerjaInput, responses((status = 201, body = padu_store::org::UnitKerja), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn create_unit_kerja(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<UnitKerjaInput>,
) -> Result<impl IntoResponse, ApiError> {
    state.store.get_pd(id).await?;
    authorize(
        &caller.actor,
        Action::Create,
        &Resource::record(Some(PdId(id)), padu_domain::Classification::Biasa),
    )?;
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .store
                .create_unit_kerja(&caller.audit_ctx(), id, &input.name, &input.kind)
                .await?,
        ),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SiteParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
    /// pd_office, puskesmas, rsud, kantor_perwakilan or lokasi_publik.
    pub kind: Option<String>,
}

/// Network sites the caller may see (by classification and PD).
#[utoipa::path(get, path = "/api/v1/sites", tag = "infrastructure", params(SiteParams), responses((status = 200, body = Page<padu_store::sites::Site>), (status = 422)))]
async fn list_sites(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<padu_store::sites::Site>>, ApiError> {
    let p: SiteParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    Ok(Json(
        state
            .store
            .list_sites(
                &ReadScope::of(&caller.actor),
                &SiteFilter {
                    pd_id: p.pd_id,
                    kind: p.kind,
                },
                &q,
            )
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/sites/{id}", tag = "infrastructure", params(("id" = i64, Path)), responses((status = 200, body = padu_store::sites::Site), (status = 404)))]
async fn get_site(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<padu_store::sites::Site>, ApiError> {
    crate::web::kit::records::read::<SiteInput>(&state, &caller, id).await
}

#[utoipa::path(post, path = "/api/v1/sites", tag = "infrastructure", request_body = SiteInput, responses((status = 201, body = padu_store::sites::Site), (status = 403), (status = 422)))]
async fn create_site(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<SiteInput>,
) -> Result<(StatusCode, Json<padu_store::sites::Site>), ApiError> {
    crate::web::kit::records::create(&state, &caller, input).await
}

#[utoipa::path(put, path = "/api/v1/sites/{id}", tag = "infrastructure", params(("id" = i64, Path)), request_body = SiteInput, responses((status = 200, body = padu_store::sites::Site), (status = 403), (status = 404), (status = 422)))]
async fn update_site(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<SiteInput>,
) -> Result<Json<padu_store::sites::Site>, ApiError> {
    crate::web::kit::records::update(&state, &caller, id, input).await
}

#[utoipa::path(delete, path = "/api/v1/sites/{id}", tag = "infrastructure", params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404), (status = 409)))]
async fn delete_site(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    crate::web::kit::records::delete::<SiteInput>(&state, &caller, id).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserParams), responses((status = 200, body = Page<padu_store::users::User>), (status = 422), (status = 403)))]
async fn list_users(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<padu_store::users::User>>, ApiError> {
    authorize(&caller.actor, Action::Read, &Resource::user(None))?;
    let p: UserParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    Ok(Json(state.store.list_users(&q, p.pd_id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateUser {
    pub username: String,
    pub full_name: String,
    #[serde(default)]
    pub email: Option<String>,
    pub password: String,
    pub grants: Vec<Grant>,
}

/// Checks a password against the BSSN policy, naming the field.
pub fn policy(field: &str, password: &str, username: &str) -> Result<(), ApiError> {
    let bad = check_policy(password, username);
    if bad.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            field,
            bad.iter()
                .map(|v| v.message())
                .collect::<Vec<_>>()
                .join("; "),
        ))
    }
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUser, responses((status = 201, body = padu_store::users::User), (status = 403), (status = 409), (status = 422)))]
async fn create_user(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateUser>,
) -> Result<impl IntoResponse, ApiError> {
    authorize(&caller.actor, Action::Create, &Resource::user(None))?;
    policy("password", &req.password, &req.username)?;
    padu_store::users::validate_username(&req.username)?;
    let new = NewUser {
        username: req.username,
        full_name: req.full_name,
        email: req.email,
        password_hash: hash_password(&req.password, &mut rand::rngs::OsRng),
        grants: req.grants,
    };
    Ok((
        StatusCode::CREATED,
        Json(state.store.create_user(&caller.audit_ctx(), &new).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), responses((status = 200, body = padu_store::users::User), (status = 403), (status = 404)))]
async fn get_user(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<padu_store::users::User>, ApiError> {
    authorize(
        &caller.actor,
        Action::Read,
        &Resource::user(Some(padu_domain::UserId(id))),
    )?;
    Ok(Json(state.store.get_user(id).await?))
}

#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), request_body = UserUpdate, responses((status = 200, body = padu_store::users::User), (status = 403), (status = 404), (status = 422)))]
async fn update_user(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(up): ApiJson<UserUpdate>,
) -> Result<Json<padu_store::users::User>, ApiError> {
    authorize(
        &caller.actor,
        Action::Update,
        &Resource::user(Some(padu_domain::UserId(id))),
    )?;
    Ok(Json(
        state
            .store
            .update_user(&caller.audit_ctx(), id, &up)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct GrantsInput {
    pub grants: Vec<Grant>,
}

/// Replaces the roles of a user (a permission change, audited).
#[utoipa::path(put, path = "/api/v1/users/{id}/grants", tag = "users", params(("id" = i64, Path)), request_body = GrantsInput, responses((status = 200, body = padu_store::users::User), (status = 403), (status = 404), (status = 422)))]
async fn set_grants(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(req): ApiJson<GrantsInput>,
) -> Result<Json<padu_store::users::User>, ApiError> {
    authorize(
        &caller.actor,
        Action::Update,
        &Resource::user(Some(padu_domain::UserId(id))),
    )?;
    state.store.get_user(id).await?;
    for g in &req.grants {
        if let Some(pd) = g.pd {
            state.store.get_pd(pd.0).await.map_err(|_| {
                ApiError::invalid("grants", format!("no Perangkat Daerah {}", pd.0))
            })?;
        }
    }
    Ok(Json(
        state
            .store
            .set_grants(&caller.audit_ctx(), id, &req.grants)
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", params(ListParams), responses((status = 200, body = Page<padu_store::users::ApiToken>), (status = 401), (status = 422)))]
async fn list_tokens(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<padu_store::users::ApiToken>>, ApiError> {
    let user = caller.require_user()?;
    let p: ListParams = query(raw.as_deref())?;
    // The Dinas sees every token (to revoke); everyone else their own.
    let all = authorize(
        &caller.actor,
        Action::Read,
        &Resource::api_token(padu_domain::UserId(-1)),
    )
    .is_ok();
    Ok(Json(
        state
            .store
            .list_tokens(if all { None } else { Some(user.id) }, &p.query()?)
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateToken {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub pd_id: Option<i64>,
    /// Days until the token expires, 1–365.
    pub expires_in_days: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    /// Shown once; Padu keeps only its hash.
    pub token: String,
    pub details: padu_store::users::ApiToken,
}

/// Makes an API token for the caller, scoped to one of the caller's roles and PDs.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = CreateToken, responses((status = 201, body = CreatedToken), (status = 401), (status = 403), (status = 422)))]
async fn create_token(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(req): ApiJson<CreateToken>,
) -> Result<impl IntoResponse, ApiError> {
    let (token, details) = issue_token(&state, &caller, &req).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { token, details })))
}

/// Shared by the API and the UI: checks and creates a token; returns the secret once.
pub async fn issue_token(
    state: &SharedState,
    caller: &Caller,
    req: &CreateToken,
) -> Result<(String, padu_store::users::ApiToken), ApiError> {
    let user = caller.require_user()?;
    authorize(
        &caller.actor,
        Action::Create,
        &Resource::api_token(padu_domain::UserId(user.id)),
    )?;
    if !(1..=365).contains(&req.expires_in_days) {
        return Err(ApiError::invalid("expires_in_days", "must be 1–365"));
    }
    let grant = Grant {
        role: req.role,
        pd: req.pd_id.map(PdId),
    };
    // A token never carries more than its maker holds in this request.
    if !caller.actor.grants().contains(&grant) {
        return Err(ApiError::invalid(
            "role",
            "you do not hold this role for this PD",
        ));
    }
    let token = format!("padu_{}", crate::web::kit::state::new_secret());
    let new = NewToken {
        user_id: user.id,
        name: req.name.clone(),
        token_hash: secret_hash(&token),
        prefix: token[..12].to_string(),
        role: req.role,
        pd_id: req.pd_id,
        expires_at: Some(caller.now + Duration::days(req.expires_in_days)),
    };
    let details = state.store.create_token(&caller.audit_ctx(), &new).await?;
    Ok((token, details))
}

/// Revokes a token at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", params(("id" = i64, Path)), responses((status = 200, body = padu_store::users::ApiToken), (status = 403), (status = 404)))]
async fn revoke_token(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<padu_store::users::ApiToken>, ApiError> {
    let t = state.store.get_token(id).await?;
    authorize(
        &caller.actor,
        Action::Delete,
        &Resource::api_token(padu_domain::UserId(t.user_id)),
    )
    .map_err(|_| ApiError::not_found())?;
    Ok(Json(
        state.store.revoke_token(&caller.audit_ctx(), id).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub entity: Option<String>,
    pub action: Option<String>,
    pub actor_user_id: Option<i64>,
    pub pd_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams), responses((status = 200, body = Page<padu_domain::audit::AuditEntry>), (status = 422), (status = 403)))]
async fn list_audit(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<padu_domain::audit::AuditEntry>>, ApiError> {
    authorize(&caller.actor, Action::Read, &Resource::audit_log())?;
    let p: AuditParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    let f = padu_store::audit::AuditFilter {
        entity: p.entity,
        action: p.action,
        actor_user_id: p.actor_user_id,
        pd_id: p.pd_id,
    };
    Ok(Json(state.store.list_audit(&f, &q).await?))
}

/// Verifies the whole chain and every signed checkpoint now.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit", responses((status = 200, body = crate::audit_ops::VerifyReport), (status = 403)))]
async fn verify_audit(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<crate::audit_ops::VerifyReport>, ApiError> {
    authorize(&caller.actor, Action::Read, &Resource::audit_log())?;
    let report = crate::audit_ops::verify(&state.store, caller.now, &mut |_| {}).await?;
    *state.last_verify.lock().unwrap_or_else(|p| p.into_inner()) = Some(report.clone());
    Ok(Json(report))
}

/// Signed checkpoints, newest first: `message` is the exact signed text, `signature` hex Ed25519.
#[utoipa::path(get, path = "/api/v1/audit/checkpoints", tag = "audit", responses((status = 200, body = [padu_store::audit::Checkpoint]), (status = 403)))]
async fn list_checkpoints(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<padu_store::audit::Checkpoint>>, ApiError> {
    authorize(&caller.actor, Action::Read, &Resource::audit_log())?;
    Ok(Json(state.store.list_checkpoints(100).await?))
}

/// The instance's Ed25519 public key (PEM), to check checkpoints with openssl.
#[utoipa::path(get, path = "/api/v1/audit/public-key.pem", tag = "audit", responses((status = 200, content_type = "application/x-pem-file", body = String)))]
async fn public_key(State(state): State<SharedState>) -> impl IntoResponse {
    (
        [(axum::http::header::CONTENT_TYPE, "application/x-pem-file")],
        state.key.public_pem(),
    )
}
