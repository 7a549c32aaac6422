//! The service bus registry's JSON API (`/api/v1/gsb/…`). Every signed-in staff member reads
//! the registry (it is the catalogue of what can be exchanged). The Dinas manages all of it; an
//! Operator PD manages the subsystems, services, tokens and access rights of its own PD's
//! member. A service's backend addresses are shown to the Dinas and the providing PD only. Every change is audited (in the store) and takes effect on the gateway at once.

use crate::gsb::Gsb;
use crate::web::kit::ApiJson;
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, Query, State};
use axum::Json;
use padu_domain::gsb::{ClientId, Endpoint};
use padu_domain::Gate;
use padu_domain::{Denied, PdId, Role};
use padu_store::gsb::{
    AccessRight, GsbToken, Member, NewMember, NewSubsystem, Service, ServiceInput, Subsystem,
};
use padu_store::StoreError;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(registry))
        .api(Gate::Anyone, routes!(create_member))
        .api(Gate::Anyone, routes!(create_subsystem))
        .api(Gate::Anyone, routes!(create_service))
        .api(Gate::Anyone, routes!(update_service))
        .api(Gate::Anyone, routes!(grant))
        .api(Gate::Anyone, routes!(revoke))
        .api(Gate::Anyone, routes!(list_tokens, create_token))
        .api(Gate::Anyone, routes!(revoke_token))
        .api(Gate::Anyone, routes!(monitoring))
}

fn gsb(state: &SharedState) -> &Arc<Gsb> {
    &state.gsb
}

/// Only the Dinas (members, federation).
pub(crate) fn require_dinas(caller: &Caller) -> Result<(), ApiError> {
    caller.require_user()?;
    if caller.actor.has_role(Role::AdminDinas) {
        Ok(())
    } else {
        Err(Denied::Forbidden.into())
    }
}

/// Whether the caller may change what belongs to `member`.
pub(crate) fn may_manage(caller: &Caller, member: &Member) -> Result<(), ApiError> {
    caller.require_user()?;
    if caller.actor.has_role(Role::AdminDinas) {
        return Ok(());
    }
    let own = member
        .pd_id
        .is_some_and(|pd| caller.actor.operator_pds().any(|p| p == PdId(pd)));
    if own {
        Ok(())
    } else {
        Err(Denied::Forbidden.into())
    }
}

pub(crate) fn member_of_subsystem(gsb: &Gsb, subsystem_id: i64) -> Result<Member, ApiError> {
    let r = gsb.registry();
    let s = r
        .subsystems
        .iter()
        .find(|s| s.id == subsystem_id)
        .ok_or_else(ApiError::not_found)?;
    r.members
        .iter()
        .find(|m| m.id == s.member_id)
        .cloned()
        .ok_or_else(ApiError::not_found)
}

fn service_of(gsb: &Gsb, id: i64) -> Result<Service, ApiError> {
    gsb.registry()
        .services
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .ok_or_else(ApiError::not_found)
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = GsbServiceView)]
struct ServiceView {
    #[serde(flatten)]
    service: Service,
    /// `instance/class/member/subsystem/service`, as clients call it.
    id_text: String,
    health: crate::gsb::ProviderHealth,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = GsbRegistry)]
struct RegistryView {
    instance: String,
    members: Vec<Member>,
    subsystems: Vec<Subsystem>,
    services: Vec<ServiceView>,
    access: Vec<AccessRight>,
}

#[utoipa::path(get, path = "/api/v1/gsb/registry", tag = "service-bus", responses((status = 200, body = RegistryView), (status = 401)))]
async fn registry(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<serde_json::Value>, ApiError> {
    caller.require_user()?;
    let g = gsb(&state);
    let r = g.registry();
    let services = r
        .services
        .iter()
        .map(|s| ServiceView {
            id_text: r
                .client_id(s.subsystem_id)
                .map(|c| format!("{c}/{}", s.code))
                .unwrap_or_default(),
            health: g.health.of(s.id),
            service: Service {
                openapi: None,
                ..s.clone()
            },
        })
        .collect();
    let view = RegistryView {
        instance: g.instance.clone(),
        members: r.members.clone(),
        subsystems: r.subsystems.clone(),
        services,
        access: r.access.clone(),
    };
    let mut value = serde_json::to_value(view).unwrap_or_default();
    // Backend addresses only for the Dinas and the providing PD (`gsb::sees_backend`).
    if let Some(list) = value["services"].as_array_mut() {
        for (json, s) in list.iter_mut().zip(&r.services) {
            if !sees_backend_of(&caller, &r, s.subsystem_id) {
                if let Some(o) = json.as_object_mut() {
                    o.remove("base_url");
                    o.remove("openapi_url");
                }
            }
        }
    }
    Ok(Json(value))
}

/// Whether the caller may see the backend addresses of the services of `subsystem_id`.
pub(crate) fn sees_backend_of(
    caller: &Caller,
    r: &padu_store::gsb::Registry,
    subsystem_id: i64,
) -> bool {
    let provider_pd = r
        .subsystems
        .iter()
        .find(|s| s.id == subsystem_id)
        .and_then(|s| r.members.iter().find(|m| m.id == s.member_id))
        .and_then(|m| m.pd_id)
        .map(PdId);
    padu_domain::gsb::sees_backend(&caller.actor, provider_pd)
}

#[utoipa::path(post, path = "/api/v1/gsb/members", tag = "service-bus", request_body = NewMember, responses((status = 200, body = Member), (status = 403), (status = 409), (status = 422)))]
async fn create_member(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<NewMember>,
) -> Result<Json<Member>, ApiError> {
    add_member(&state, &caller, &input).await.map(Json)
}

/// Registers a member (the Dinas only), for the API and the pages.
pub(crate) async fn add_member(
    state: &SharedState,
    caller: &Caller,
    input: &NewMember,
) -> Result<Member, ApiError> {
    require_dinas(caller)?;
    let m = state
        .store
        .create_member(&caller.audit_ctx(), input)
        .await?;
    gsb(state).reload().await?;
    Ok(m)
}

#[utoipa::path(post, path = "/api/v1/gsb/members/{id}/subsystems", tag = "service-bus", params(("id" = i64, Path)), request_body = NewSubsystem, responses((status = 200, body = Subsystem), (status = 403), (status = 404), (status = 422)))]
async fn create_subsystem(
    State(state): State<SharedState>,
    caller: Caller,
    Path(member_id): Path<i64>,
    ApiJson(input): ApiJson<NewSubsystem>,
) -> Result<Json<Subsystem>, ApiError> {
    add_subsystem(&state, &caller, member_id, &input)
        .await
        .map(Json)
}

/// Adds a subsystem to a member its caller manages, for the API and the pages.
pub(crate) async fn add_subsystem(
    state: &SharedState,
    caller: &Caller,
    member_id: i64,
    input: &NewSubsystem,
) -> Result<Subsystem, ApiError> {
    let g = gsb(state);
    let member = g
        .registry()
        .members
        .iter()
        .find(|m| m.id == member_id)
        .cloned()
        .ok_or_else(ApiError::not_found)?;
    may_manage(caller, &member)?;
    let s = state
        .store
        .create_subsystem(&caller.audit_ctx(), member_id, input)
        .await?;
    g.reload().await?;
    Ok(s)
}

#[utoipa::path(post, path = "/api/v1/gsb/subsystems/{id}/services", tag = "service-bus", params(("id" = i64, Path)), request_body = ServiceInput, responses((status = 200, body = Service), (status = 403), (status = 404), (status = 422)))]
async fn create_service(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> Result<Json<Service>, ApiError> {
    add_service(&state, &caller, subsystem_id, &input)
        .await
        .map(Json)
}

/// Registers a service of a subsystem its caller manages, for the API and the pages.
pub(crate) async fn add_service(
    state: &SharedState,
    caller: &Caller,
    subsystem_id: i64,
    input: &ServiceInput,
) -> Result<Service, ApiError> {
    let g = gsb(state);
    may_manage(caller, &member_of_subsystem(g, subsystem_id)?)?;
    let s = state
        .store
        .create_service(&caller.audit_ctx(), subsystem_id, input)
        .await?;
    g.reload().await?;
    Ok(s)
}

#[utoipa::path(put, path = "/api/v1/gsb/services/{id}", tag = "service-bus", params(("id" = i64, Path)), request_body = ServiceInput, responses((status = 200, body = Service), (status = 403), (status = 404), (status = 422)))]
async fn update_service(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> Result<Json<Service>, ApiError> {
    let g = gsb(&state);
    let s = service_of(g, id)?;
    may_manage(&caller, &member_of_subsystem(g, s.subsystem_id)?)?;
    let s = state
        .store
        .update_service(&caller.audit_ctx(), id, &input)
        .await?;
    g.reload().await?;
    Ok(Json(s))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = GsbGrantInput)]
struct GrantInput {
    /// The client subsystem, `instance/class/member/subsystem`.
    client: String,
    #[serde(default = "any_method")]
    method: String,
    #[serde(default)]
    path: String,
}

fn any_method() -> String {
    "*".into()
}

/// Grants a client subsystem access to a service (the provider's managers decide).
#[utoipa::path(post, path = "/api/v1/gsb/services/{id}/access", tag = "service-bus", params(("id" = i64, Path)), request_body = GrantInput, responses((status = 200, body = AccessRight), (status = 403), (status = 404), (status = 422)))]
async fn grant(
    State(state): State<SharedState>,
    caller: Caller,
    Path(service_id): Path<i64>,
    ApiJson(input): ApiJson<GrantInput>,
) -> Result<Json<AccessRight>, ApiError> {
    grant_access(
        &state,
        &caller,
        service_id,
        &input.client,
        &input.method,
        &input.path,
    )
    .await
    .map(Json)
}

/// The grant, for the API and the pages.
pub(crate) async fn grant_access(
    state: &SharedState,
    caller: &Caller,
    service_id: i64,
    client: &str,
    method: &str,
    path: &str,
) -> Result<AccessRight, ApiError> {
    let g = gsb(state);
    let s = service_of(g, service_id)?;
    may_manage(caller, &member_of_subsystem(g, s.subsystem_id)?)?;
    let client =
        ClientId::parse(client).map_err(|e| StoreError::invalid("client", e.to_string()))?;
    let client_id = g
        .registry()
        .subsystem_of(&client)
        .map(|s| s.id)
        .ok_or_else(|| StoreError::invalid("client", "no such subsystem is registered"))?;
    let endpoint =
        Endpoint::new(method, path).map_err(|e| StoreError::invalid(e.field, e.message))?;
    let a = state
        .store
        .grant_access(&caller.audit_ctx(), service_id, client_id, &endpoint)
        .await?;
    g.reload().await?;
    Ok(a)
}

#[utoipa::path(delete, path = "/api/v1/gsb/access/{id}", tag = "service-bus", operation_id = "gsb_revoke_access", params(("id" = i64, Path)), responses((status = 200, body = AccessRight), (status = 403), (status = 404)))]
async fn revoke(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<AccessRight>, ApiError> {
    revoke_access(&state, &caller, id).await.map(Json)
}

/// The revoke, for the API and the pages.
pub(crate) async fn revoke_access(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<AccessRight, ApiError> {
    let g = gsb(state);
    let a = g
        .registry()
        .access
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or_else(ApiError::not_found)?;
    let s = service_of(g, a.service_id)?;
    may_manage(caller, &member_of_subsystem(g, s.subsystem_id)?)?;
    let gone = state.store.revoke_access(&caller.audit_ctx(), id).await?;
    g.reload().await?;
    Ok(gone)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = GsbTokenInput)]
struct TokenInput {
    name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = GsbNewToken)]
struct NewTokenView {
    #[serde(flatten)]
    token: GsbToken,
    /// Shown once: the client sends it as `X-Padu-Token`.
    secret: String,
}

#[utoipa::path(post, path = "/api/v1/gsb/subsystems/{id}/tokens", tag = "service-bus", operation_id = "gsb_create_token", params(("id" = i64, Path)), request_body = TokenInput, responses((status = 200, body = NewTokenView), (status = 403), (status = 404), (status = 422)))]
async fn create_token(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
    ApiJson(input): ApiJson<TokenInput>,
) -> Result<Json<NewTokenView>, ApiError> {
    let g = gsb(&state);
    may_manage(&caller, &member_of_subsystem(g, subsystem_id)?)?;
    let secret = format!("pgsb_{}", crate::web::kit::state::new_secret());
    let t = state
        .store
        .create_gsb_token(
            &caller.audit_ctx(),
            subsystem_id,
            &input.name,
            &padu_domain::gsb::sha256_hex(secret.as_bytes()),
            &secret[..12],
        )
        .await?;
    g.reload().await?;
    Ok(Json(NewTokenView { token: t, secret }))
}

#[utoipa::path(get, path = "/api/v1/gsb/subsystems/{id}/tokens", tag = "service-bus", operation_id = "gsb_list_tokens", params(("id" = i64, Path)), responses((status = 200, body = [GsbToken]), (status = 403), (status = 404)))]
async fn list_tokens(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
) -> Result<Json<Vec<GsbToken>>, ApiError> {
    may_manage(&caller, &member_of_subsystem(gsb(&state), subsystem_id)?)?;
    Ok(Json(state.store.list_gsb_tokens(subsystem_id).await?))
}

/// Revokes a client token; the gateway refuses it from the next request.
#[utoipa::path(delete, path = "/api/v1/gsb/tokens/{id}", tag = "service-bus", operation_id = "gsb_revoke_token", params(("id" = i64, Path)), responses((status = 200, body = GsbToken), (status = 403), (status = 404)))]
async fn revoke_token(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<GsbToken>, ApiError> {
    let g = gsb(&state);
    let owner = state
        .store
        .gsb_token_subsystem(id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    may_manage(&caller, &member_of_subsystem(g, owner)?)?;
    let t = state
        .store
        .revoke_gsb_token(&caller.audit_ctx(), id)
        .await?;
    g.reload().await?;
    Ok(Json(t))
}

#[derive(Deserialize)]
struct WindowQuery {
    minutes: Option<u64>,
}

/// Requests, errors and latency per service and client over the last `minutes` (default 15).
#[utoipa::path(get, path = "/api/v1/gsb/monitoring", tag = "service-bus", params(("minutes" = Option<u64>, Query, description = "window in minutes (default 15)")), responses((status = 200, body = [crate::gsb::monitor::Row]), (status = 401)))]
async fn monitoring(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<WindowQuery>,
) -> Result<Json<Vec<crate::gsb::monitor::Row>>, ApiError> {
    caller.require_user()?;
    Ok(Json(gsb(&state).monitor.window(q.minutes.unwrap_or(15))))
}
