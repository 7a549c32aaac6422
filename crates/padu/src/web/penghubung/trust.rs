//! The service bus's trust API: the instance CA and its CRL (public, as a CA's distribution
//! points are), client certificates per subsystem (issue from a CSR or with a key made here and
//! shown once; renew; revoke, effective at the next request), and federation with other
//! instances (the Dinas only). Every change is audited in the store.

use super::api::{may_manage, member_of_subsystem, require_dinas};
use crate::web::kit::ApiJson;
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use padu_domain::Gate;
use padu_store::gsb_trust::{Certificate, Federation, NewCertificate};
use padu_store::StoreError;
use serde::{Deserialize, Serialize};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(ca_pem))
        .api(Gate::Anyone, routes!(crl_pem))
        .api(Gate::Anyone, routes!(ca_info))
        .api(Gate::Anyone, routes!(list_certificates, issue))
        .api(Gate::Anyone, routes!(renew))
        .api(Gate::Anyone, routes!(revoke))
        .api(Gate::Anyone, routes!(list_federation, add_federation))
        .api(Gate::Anyone, routes!(remove_federation))
}

const PEM: &str = "application/x-pem-file";

#[utoipa::path(get, path = "/api/v1/gsb/ca.pem", tag = "service-bus", security(()), responses((status = 200, description = "the instance CA certificate (PEM)", content_type = "application/x-pem-file", body = String)))]
async fn ca_pem(State(state): State<SharedState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, PEM)], state.gsb.ca.cert_pem.clone())
}

/// The CA's current revocation list, signed now.
#[utoipa::path(get, path = "/api/v1/gsb/crl.pem", tag = "service-bus", security(()), responses((status = 200, description = "the signed CRL (PEM)", content_type = "application/x-pem-file", body = String)))]
pub async fn crl_pem(State(state): State<SharedState>) -> Result<impl IntoResponse, ApiError> {
    let revoked: Vec<_> = state
        .store
        .revoked_certificates()
        .await?
        .into_iter()
        .filter_map(|c| {
            let at = padu_store::parse_ts(c.revoked_at.as_deref()?)?;
            Some((c.serial, at))
        })
        .collect();
    let pem = state
        .gsb
        .ca
        .crl_pem(&revoked, state.clock.now())
        .map_err(|e| {
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
async fn ca_info(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<CaView>, ApiError> {
    caller.require_user()?;
    Ok(Json(CaView {
        instance: state.gsb.instance.clone(),
        fingerprint: state.gsb.ca.fingerprint.clone(),
        cert_pem: state.gsb.ca.cert_pem.clone(),
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = GsbIssueInput)]
struct IssueInput {
    /// The client's certificate signing request (PEM). Without one, Padu makes the key and
    /// returns it once.
    #[serde(default)]
    csr_pem: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = GsbIssuedCertificate)]
pub(crate) struct IssuedView {
    #[serde(flatten)]
    pub certificate: Certificate,
    /// Only when Padu made the key: shown once, never stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_pem: Option<String>,
    pub ca_cert_pem: String,
}

/// Issues a client certificate (the API and the pages).
pub(crate) async fn issue_for(
    state: &SharedState,
    caller: &Caller,
    subsystem_id: i64,
    csr_pem: Option<&str>,
    renews_id: Option<i64>,
) -> Result<IssuedView, ApiError> {
    let g = &state.gsb;
    may_manage(caller, &member_of_subsystem(g, subsystem_id)?)?;
    let client = g
        .registry()
        .client_id(subsystem_id)
        .ok_or_else(ApiError::not_found)?;
    if client.instance != g.instance {
        return Err(StoreError::invalid(
            "subsystem",
            "certificates are issued only to this instance's own subsystems",
        )
        .into());
    }
    let issued =
        g.ca.issue_client(&client.to_string(), &g.instance, csr_pem, caller.now)
            .map_err(|e| StoreError::invalid("csr_pem", e.0))?;
    let certificate = state
        .store
        .insert_certificate(
            &caller.audit_ctx(),
            &NewCertificate {
                subsystem_id,
                serial: issued.serial,
                fingerprint: issued.fingerprint,
                subject: issued.subject,
                not_before: padu_store::ts(issued.not_before),
                not_after: padu_store::ts(issued.not_after),
                cert_pem: issued.cert_pem,
                renews_id,
            },
        )
        .await?;
    g.reload().await?;
    Ok(IssuedView {
        certificate,
        key_pem: issued.key_pem,
        ca_cert_pem: g.ca.cert_pem.clone(),
    })
}

#[utoipa::path(post, path = "/api/v1/gsb/subsystems/{id}/certificates", tag = "service-bus", params(("id" = i64, Path)), request_body = IssueInput, responses((status = 200, body = IssuedView), (status = 403), (status = 404), (status = 422)))]
async fn issue(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
    ApiJson(input): ApiJson<IssueInput>,
) -> Result<Json<IssuedView>, ApiError> {
    issue_for(
        &state,
        &caller,
        subsystem_id,
        input.csr_pem.as_deref(),
        None,
    )
    .await
    .map(Json)
}

/// A new certificate for the same subsystem (a new key, or the one in the CSR). The old one
/// stays valid until it expires or is revoked, so the client can switch without a gap.
#[utoipa::path(post, path = "/api/v1/gsb/certificates/{id}/renew", tag = "service-bus", params(("id" = i64, Path)), request_body = IssueInput, responses((status = 200, body = IssuedView), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn renew(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<IssueInput>,
) -> Result<Json<IssuedView>, ApiError> {
    let old = state.store.get_certificate(id).await?;
    if old.revoked_at.is_some() {
        return Err(StoreError::conflict("id", "a revoked certificate is not renewed").into());
    }
    issue_for(
        &state,
        &caller,
        old.subsystem_id,
        input.csr_pem.as_deref(),
        Some(id),
    )
    .await
    .map(Json)
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
    revoke_certificate(&state, &caller, id, &input.reason)
        .await
        .map(Json)
}

/// Revokes a client certificate (the API and the pages).
pub(crate) async fn revoke_certificate(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> Result<Certificate, ApiError> {
    let old = state.store.get_certificate(id).await?;
    may_manage(caller, &member_of_subsystem(&state.gsb, old.subsystem_id)?)?;
    let c = state
        .store
        .revoke_certificate(&caller.audit_ctx(), id, reason)
        .await?;
    state.gsb.reload().await?;
    Ok(c)
}

#[utoipa::path(get, path = "/api/v1/gsb/subsystems/{id}/certificates", tag = "service-bus", params(("id" = i64, Path)), responses((status = 200, body = [Certificate]), (status = 403), (status = 404)))]
async fn list_certificates(
    State(state): State<SharedState>,
    caller: Caller,
    Path(subsystem_id): Path<i64>,
) -> Result<Json<Vec<Certificate>>, ApiError> {
    may_manage(&caller, &member_of_subsystem(&state.gsb, subsystem_id)?)?;
    Ok(Json(state.store.list_certificates(subsystem_id).await?))
}

#[utoipa::path(get, path = "/api/v1/gsb/federation", tag = "service-bus", responses((status = 200, body = [Federation]), (status = 401)))]
async fn list_federation(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<Federation>>, ApiError> {
    caller.require_user()?;
    Ok(Json(state.gsb.registry().federation.clone()))
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
    require_dinas(&caller)?;
    if input.instance == state.gsb.instance {
        return Err(StoreError::invalid("instance", "is this instance itself").into());
    }
    let fingerprint = crate::gsb::tls::check_ca_pem(&input.ca_cert_pem)
        .map_err(|e| StoreError::invalid("ca_cert_pem", e))?;
    let f = state
        .store
        .add_federation(
            &caller.audit_ctx(),
            &input.instance,
            &input.gateway_url,
            input.ca_cert_pem.trim(),
            &fingerprint,
        )
        .await?;
    state.gsb.reload().await?;
    Ok(Json(f))
}

#[utoipa::path(delete, path = "/api/v1/gsb/federation/{id}", tag = "service-bus", params(("id" = i64, Path)), responses((status = 200, body = Federation), (status = 403), (status = 404)))]
async fn remove_federation(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Federation>, ApiError> {
    require_dinas(&caller)?;
    let f = state
        .store
        .remove_federation(&caller.audit_ctx(), id)
        .await?;
    state.gsb.reload().await?;
    Ok(Json(f))
}
