//! The service bus's trust API: the instance CA and its CRL (public, as a CA's distribution
//! points are), client certificates per subsystem (issue from a CSR or with a key made here and
//! shown once; renew; revoke, effective at the next request), and federation with other
//! instances (the Dinas only). The operations are `app::penghubung`'s.

use crate::app::penghubung::{self as ops, Issued};
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SharedState};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use padu_domain::gsb::{KEEPS_THE_BUS, MANAGES_MEMBERS};
use padu_domain::Gate;
use padu_store::gsb_trust::{Certificate, Federation};
use serde::{Deserialize, Serialize};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(ca_pem))
        .api(Gate::Anyone, routes!(crl_pem))
        .api(Gate::SignedIn, routes!(ca_info))
        .api(MANAGES_MEMBERS, routes!(list_certificates, issue))
        .api(MANAGES_MEMBERS, routes!(renew))
        .api(MANAGES_MEMBERS, routes!(revoke))
        .api(Gate::SignedIn, routes!(list_federation))
        .api(KEEPS_THE_BUS, routes!(add_federation))
        .api(KEEPS_THE_BUS, routes!(remove_federation))
}

const PEM: &str = "application/x-pem-file";

#[utoipa::path(get, path = "/api/v1/gsb/ca.pem", tag = "service-bus", security(()), responses((status = 200, description = "the instance CA certificate (PEM)", content_type = "application/x-pem-file", body = String)))]
async fn ca_pem(State(state): State<SharedState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, PEM)], state.gsb.ca.cert_pem.clone())
}

/// The CA's current revocation list, signed now.
#[utoipa::path(get, path = "/api/v1/gsb/crl.pem", tag = "service-bus", security(()), responses((status = 200, description = "the signed CRL (PEM)", content_type = "application/x-pem-file", body = String)))]
async fn crl_pem(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    let revoked = ops::revoked_certificates(&state).await?;
    let pem = state.gsb.ca.crl_pem(&revoked, caller.now).map_err(|e| {
        tracing::error!(error = %e, "signing the CRL failed");
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the CRL cannot be signed",
        )
    })?;
    Ok(([(header::CONTENT_TYPE, PEM)], pem))
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = GsbCa)]
struct CaView {
    instance: String,
    fingerprint: String,
    cert_pem: String,
}

#[utoipa::path(get, path = "/api/v1/gsb/ca", tag = "service-bus", responses((status = 200, body = CaView), (status = 401)))]
async fn ca_info(State(state): State<SharedState>) -> Json<CaView> {
    Json(CaView {
        instance: state.gsb.instance.clone(),
        fingerprint: state.gsb.ca.fingerprint.clone(),
        cert_pem: state.gsb.ca.cert_pem.clone(),
    })
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = GsbIssueInput)]
struct IssueInput {
    /// The client's certificate signing request (PEM). Without one, Padu makes the key and
    /// returns it once.
    #[serde(default)]
    csr_pem: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/gsb/subsystems/{id}/certificates", tag = "service-bus", params(("id" = i64, Path)), request_body = IssueInput, responses((status = 200, body = Issued), (status = 403), (status = 404), (status = 422)))]
async fn issue(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
    ApiJson(input): ApiJson<IssueInput>,
) -> Result<Json<Issued>, ApiError> {
    let (ctx, csr) = (caller.audit_ctx(), input.csr_pem.as_deref());
    let issued =
        ops::issue_certificate(&state, &caller.actor, &ctx, subsystem_id, csr, None).await?;
    Ok(Json(issued))
}

/// A new certificate for the same subsystem (a new key, or the one in the CSR). The old one
/// stays valid until it expires or is revoked, so the client can switch without a gap.
#[utoipa::path(post, path = "/api/v1/gsb/certificates/{id}/renew", tag = "service-bus", params(("id" = i64, Path)), request_body = IssueInput, responses((status = 200, body = Issued), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn renew(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<IssueInput>,
) -> Result<Json<Issued>, ApiError> {
    let (ctx, csr) = (caller.audit_ctx(), input.csr_pem.as_deref());
    Ok(Json(
        ops::renew_certificate(&state, &caller.actor, &ctx, id, csr).await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = GsbRevokeInput)]
struct RevokeInput {
    reason: String,
}

#[utoipa::path(post, path = "/api/v1/gsb/certificates/{id}/revoke", tag = "service-bus", operation_id = "gsb_revoke_certificate", params(("id" = i64, Path)), request_body = RevokeInput, responses((status = 200, body = Certificate), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn revoke(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RevokeInput>,
) -> Result<Json<Certificate>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        ops::revoke_certificate(&state, &caller.actor, &ctx, id, &input.reason).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/gsb/subsystems/{id}/certificates", tag = "service-bus", params(("id" = i64, Path)), responses((status = 200, body = [Certificate]), (status = 403), (status = 404)))]
async fn list_certificates(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
) -> Result<Json<Vec<Certificate>>, ApiError> {
    Ok(Json(
        ops::list_certificates(&state, &caller.actor, subsystem_id).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/gsb/federation", tag = "service-bus", responses((status = 200, body = [Federation]), (status = 401)))]
async fn list_federation(State(state): State<SharedState>) -> Json<Vec<Federation>> {
    Json(state.gsb.registry().federation.clone())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = GsbFederationInput)]
struct FederationInput {
    instance: String,
    /// The other gateway, `https://host:port`.
    gateway_url: String,
    /// The other instance's CA certificate (its `/api/v1/gsb/ca.pem`).
    ca_cert_pem: String,
}

/// Trusts another instance: its CA's certificates are accepted by this gateway's listener (for
/// that instance's clients only), and this gateway calls its services over mutual TLS.
#[utoipa::path(post, path = "/api/v1/gsb/federation", tag = "service-bus", request_body = FederationInput, responses((status = 200, body = Federation), (status = 403), (status = 409), (status = 422)))]
async fn add_federation(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<FederationInput>,
) -> Result<Json<Federation>, ApiError> {
    let (ctx, i) = (caller.audit_ctx(), &input);
    let f = ops::add_federation(
        &state,
        &caller.actor,
        &ctx,
        &i.instance,
        &i.gateway_url,
        &i.ca_cert_pem,
    )
    .await?;
    Ok(Json(f))
}

#[utoipa::path(delete, path = "/api/v1/gsb/federation/{id}", tag = "service-bus", params(("id" = i64, Path)), responses((status = 200, body = Federation), (status = 403), (status = 404)))]
async fn remove_federation(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Federation>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        ops::remove_federation(&state, &caller.actor, &ctx, id).await?,
    ))
}
