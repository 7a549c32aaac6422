//! The bus's trust: client certificates of this instance's subsystems (issued from a CSR or with
//! a key made here and shown once, renewed, revoked: effective at the next request), and
//! federation with other instances (the Dinas only).

use super::managed_subsystem;
use crate::app::{App, AppError};
use padu_domain::gsb::KEEPS_THE_BUS;
use padu_domain::Actor;
use padu_store::gsb_trust::{Certificate, Federation, NewCertificate};
use padu_store::{AuditCtx, StoreError};
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = GsbIssuedCertificate)]
pub struct Issued {
    #[serde(flatten)]
    pub certificate: Certificate,
    /// Only when Padu made the key: shown once, never stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_pem: Option<String>,
    pub ca_cert_pem: String,
}

/// Issues a client certificate to a subsystem of this instance that `actor` manages, from the
/// client's CSR or, without one, with a key made here. `renews_id` names the certificate it
/// renews.
pub async fn issue_certificate(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    subsystem_id: i64,
    csr_pem: Option<&str>,
    renews_id: Option<i64>,
) -> Result<Issued, AppError> {
    let g = &app.gsb;
    let r = g.registry();
    managed_subsystem(&r, actor, subsystem_id)?;
    let client = r.client_id(subsystem_id).ok_or(StoreError::NotFound)?;
    if client.instance != g.instance {
        return Err(StoreError::invalid(
            "subsystem",
            "certificates are issued only to this instance's own subsystems",
        )
        .into());
    }
    let issued =
        g.ca.issue_client(&client.to_string(), &g.instance, csr_pem, ctx.at)
            .map_err(|e| StoreError::invalid("csr_pem", e.0))?;
    let certificate = app
        .store
        .insert_certificate(
            ctx,
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
    Ok(Issued {
        certificate,
        key_pem: issued.key_pem,
        ca_cert_pem: g.ca.cert_pem.clone(),
    })
}

/// A new certificate for the same subsystem (a new key, or the one in the CSR). The old one
/// stays valid until it expires or is revoked, so the client can switch without a gap.
pub async fn renew_certificate(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    csr_pem: Option<&str>,
) -> Result<Issued, AppError> {
    let old = app.store.get_certificate(id).await?;
    if old.revoked_at.is_some() {
        return Err(StoreError::conflict("id", "a revoked certificate is not renewed").into());
    }
    issue_certificate(app, actor, ctx, old.subsystem_id, csr_pem, Some(id)).await
}

pub async fn revoke_certificate(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    reason: &str,
) -> Result<Certificate, AppError> {
    let old = app.store.get_certificate(id).await?;
    managed_subsystem(&app.gsb.registry(), actor, old.subsystem_id)?;
    let c = app.store.revoke_certificate(ctx, id, reason).await?;
    app.gsb.reload().await?;
    Ok(c)
}

pub async fn list_certificates(
    app: &App,
    actor: &Actor,
    subsystem_id: i64,
) -> Result<Vec<Certificate>, AppError> {
    managed_subsystem(&app.gsb.registry(), actor, subsystem_id)?;
    Ok(app.store.list_certificates(subsystem_id).await?)
}

/// Trusts another instance: its CA's certificates are accepted by this gateway's listener (for
/// that instance's clients only), and this gateway calls its services over mutual TLS.
pub async fn add_federation(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    instance: &str,
    gateway_url: &str,
    ca_cert_pem: &str,
) -> Result<Federation, AppError> {
    KEEPS_THE_BUS.admits(actor)?;
    if instance == app.gsb.instance {
        return Err(StoreError::invalid("instance", "is this instance itself").into());
    }
    let fingerprint = crate::gsb::tls::check_ca_pem(ca_cert_pem)
        .map_err(|e| StoreError::invalid("ca_cert_pem", e))?;
    let f = app
        .store
        .add_federation(ctx, instance, gateway_url, ca_cert_pem.trim(), &fingerprint)
        .await?;
    app.gsb.reload().await?;
    Ok(f)
}

pub async fn remove_federation(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<Federation, AppError> {
    KEEPS_THE_BUS.admits(actor)?;
    let f = app.store.remove_federation(ctx, id).await?;
    app.gsb.reload().await?;
    Ok(f)
}

/// The revoked certificates as the CRL lists them: serial (hex) and when it was revoked.
pub async fn revoked_certificates(
    app: &App,
) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, AppError> {
    Ok(app
        .store
        .revoked_certificates()
        .await?
        .into_iter()
        .filter_map(|c| {
            let at = padu_store::parse_ts(c.revoked_at.as_deref()?)?;
            Some((c.serial, at))
        })
        .collect())
}
