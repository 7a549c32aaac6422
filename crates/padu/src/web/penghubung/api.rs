//! The service bus registry's JSON API (`/api/v1/gsb/…`). Every signed-in staff member reads
//! the registry (it is the catalogue of what can be exchanged). The Dinas manages all of it; an
//! Operator PD manages the subsystems, services, tokens and access rights of its own PD's
//! member. A service's backend addresses are shown to the Dinas and the providing PD only.
//! The operations are `app::penghubung`'s; every change is audited (in the store) and takes
//! effect on the gateway at once.

use crate::app::penghubung::{self as ops, sees_backend_of};
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SharedState};
use axum::extract::{Path, Query, State};
use axum::Json;
use padu_domain::gsb::{KEEPS_THE_BUS, MANAGES_MEMBERS};
use padu_domain::Gate;
use padu_store::gsb::{
    AccessRight, GsbToken, Member, NewMember, NewSubsystem, Service, ServiceInput, Subsystem,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(registry))
        .api(KEEPS_THE_BUS, routes!(create_member))
        .api(MANAGES_MEMBERS, routes!(create_subsystem))
        .api(MANAGES_MEMBERS, routes!(create_bus_service))
        .api(MANAGES_MEMBERS, routes!(update_bus_service))
        .api(KEEPS_THE_BUS, routes!(clear_bus_service))
        .api(MANAGES_MEMBERS, routes!(grant))
        .api(MANAGES_MEMBERS, routes!(revoke))
        .api(MANAGES_MEMBERS, routes!(list_tokens, create_token))
        .api(MANAGES_MEMBERS, routes!(revoke_token))
        .api(Gate::SignedIn, routes!(monitoring))
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
async fn registry(State(state): State<SharedState>, caller: Caller) -> Json<serde_json::Value> {
    let g = &state.gsb;
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
            if !sees_backend_of(&caller.actor, &r, s.subsystem_id) {
                if let Some(o) = json.as_object_mut() {
                    o.remove("base_url");
                    o.remove("openapi_url");
                }
            }
        }
    }
    Json(value)
}

#[utoipa::path(post, path = "/api/v1/gsb/members", tag = "service-bus", request_body = NewMember, responses((status = 200, body = Member), (status = 403), (status = 409), (status = 422)))]
async fn create_member(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<NewMember>,
) -> Result<Json<Member>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        ops::add_member(&state, &caller.actor, &ctx, &input).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/gsb/members/{id}/subsystems", tag = "service-bus", params(("id" = i64, Path)), request_body = NewSubsystem, responses((status = 200, body = Subsystem), (status = 403), (status = 404), (status = 422)))]
async fn create_subsystem(
    State(state): State<SharedState>,
    caller: Caller,
    Path(member_id): Path<i64>,
    ApiJson(input): ApiJson<NewSubsystem>,
) -> Result<Json<Subsystem>, ApiError> {
    let ctx = caller.audit_ctx();
    let s = ops::add_subsystem(&state, &caller.actor, &ctx, member_id, &input).await?;
    Ok(Json(s))
}

#[utoipa::path(post, path = "/api/v1/gsb/subsystems/{id}/services", tag = "service-bus", params(("id" = i64, Path)), request_body = ServiceInput, responses((status = 200, body = Service), (status = 403), (status = 404), (status = 422)))]
async fn create_bus_service(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> Result<Json<Service>, ApiError> {
    let ctx = caller.audit_ctx();
    let s = ops::add_service(&state, &caller.actor, &ctx, subsystem_id, &input).await?;
    Ok(Json(s))
}

#[utoipa::path(put, path = "/api/v1/gsb/services/{id}", tag = "service-bus", params(("id" = i64, Path)), request_body = ServiceInput, responses((status = 200, body = Service), (status = 403), (status = 404), (status = 422)))]
async fn update_bus_service(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ServiceInput>,
) -> Result<Json<Service>, ApiError> {
    let ctx = caller.audit_ctx();
    let s = ops::update_service(&state, &caller.actor, &ctx, id, &input).await?;
    Ok(Json(s))
}

/// The Dinas clears a PD's service to serve, having considered its operational fitness and
/// security (where the region requires it, Bogor Pasal 23(4)c).
#[utoipa::path(post, path = "/api/v1/gsb/services/{id}/clearance", tag = "service-bus", params(("id" = i64, Path)), responses((status = 200, body = Service), (status = 403), (status = 404)))]
async fn clear_bus_service(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Service>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        ops::clear_service(&state, &caller.actor, &ctx, id).await?,
    ))
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
    let (ctx, i) = (caller.audit_ctx(), &input);
    let a = ops::grant_access(
        &state,
        &caller.actor,
        &ctx,
        service_id,
        &i.client,
        &i.method,
        &i.path,
    )
    .await?;
    Ok(Json(a))
}

#[utoipa::path(delete, path = "/api/v1/gsb/access/{id}", tag = "service-bus", operation_id = "gsb_revoke_access", params(("id" = i64, Path)), responses((status = 200, body = AccessRight), (status = 403), (status = 404)))]
async fn revoke(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<AccessRight>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        ops::revoke_access(&state, &caller.actor, &ctx, id).await?,
    ))
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
    let ctx = caller.audit_ctx();
    let (token, secret) =
        ops::create_token(&state, &caller.actor, &ctx, subsystem_id, &input.name).await?;
    Ok(Json(NewTokenView { token, secret }))
}

#[utoipa::path(get, path = "/api/v1/gsb/subsystems/{id}/tokens", tag = "service-bus", operation_id = "gsb_list_tokens", params(("id" = i64, Path)), responses((status = 200, body = [GsbToken]), (status = 403), (status = 404)))]
async fn list_tokens(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
) -> Result<Json<Vec<GsbToken>>, ApiError> {
    Ok(Json(
        ops::list_tokens(&state, &caller.actor, subsystem_id).await?,
    ))
}

/// Revokes a client token; the gateway refuses it from the next request.
#[utoipa::path(delete, path = "/api/v1/gsb/tokens/{id}", tag = "service-bus", operation_id = "gsb_revoke_token", params(("id" = i64, Path)), responses((status = 200, body = GsbToken), (status = 403), (status = 404)))]
async fn revoke_token(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<GsbToken>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        ops::revoke_token(&state, &caller.actor, &ctx, id).await?,
    ))
}

#[derive(Deserialize)]
struct WindowQuery {
    minutes: Option<u64>,
}

/// Requests, errors and latency per service and client over the last `minutes` (default 15).
#[utoipa::path(get, path = "/api/v1/gsb/monitoring", tag = "service-bus", params(("minutes" = Option<u64>, Query, description = "window in minutes (default 15)")), responses((status = 200, body = [crate::gsb::monitor::Row]), (status = 401)))]
async fn monitoring(
    State(state): State<SharedState>,
    Query(q): Query<WindowQuery>,
) -> Json<Vec<crate::gsb::monitor::Row>> {
    Json(state.gsb.monitor.window(q.minutes.unwrap_or(15)))
}
