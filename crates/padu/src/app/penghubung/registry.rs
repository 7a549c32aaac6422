//! Changes to the bus's registry: members (the Dinas), and what a member's managers keep
//! (subsystems, services, access rights, client tokens).

use super::{managed_subsystem, service_of};
use crate::app::{App, AppError};
use padu_domain::gsb::{awaits_clearance, may_manage, ClientId, Endpoint, KEEPS_THE_BUS};
use padu_domain::{Actor, PdId};
use padu_store::gsb::{
    AccessRight, GsbToken, Member, NewMember, NewSubsystem, Service, ServiceInput, Subsystem,
};
use padu_store::gsb_trust::Certificate;
use padu_store::{AuditCtx, StoreError};

/// Registers a member (the Dinas only).
pub async fn add_member(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: &NewMember,
) -> Result<Member, AppError> {
    KEEPS_THE_BUS.admits(actor)?;
    let m = app.store.create_member(ctx, input).await?;
    app.gsb.reload().await?;
    Ok(m)
}

/// Adds a subsystem to a member `actor` manages.
pub async fn add_subsystem(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    member_id: i64,
    input: &NewSubsystem,
) -> Result<Subsystem, AppError> {
    let member = app
        .gsb
        .registry()
        .members
        .iter()
        .find(|m| m.id == member_id)
        .cloned()
        .ok_or(StoreError::NotFound)?;
    may_manage(actor, member.pd_id.map(PdId))?;
    let s = app.store.create_subsystem(ctx, member_id, input).await?;
    app.gsb.reload().await?;
    Ok(s)
}

/// Registers a service of a subsystem `actor` manages.
pub async fn add_service(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    subsystem_id: i64,
    input: &ServiceInput,
) -> Result<Service, AppError> {
    managed_subsystem(&app.gsb.registry(), actor, subsystem_id)?;
    // Where the region requires it, a PD's service waits for the Dinas (Bogor Pasal 23(4)c).
    let required = app.profile().bus_service_clearance.is_some();
    let cleared = !awaits_clearance(actor, required);
    let s = app
        .store
        .create_service(ctx, subsystem_id, input, cleared)
        .await?;
    app.gsb.reload().await?;
    Ok(s)
}

/// The Dinas clears a service to serve, having considered its operational fitness and
/// security (Bogor Pasal 23(4)c).
pub async fn clear_service(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<Service, AppError> {
    KEEPS_THE_BUS.admits(actor)?;
    service_of(&app.gsb.registry(), id)?;
    let s = app.store.clear_service(ctx, id).await?;
    app.gsb.reload().await?;
    Ok(s)
}

pub async fn update_service(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &ServiceInput,
) -> Result<Service, AppError> {
    let r = app.gsb.registry();
    managed_subsystem(&r, actor, service_of(&r, id)?.subsystem_id)?;
    let s = app.store.update_service(ctx, id, input).await?;
    app.gsb.reload().await?;
    Ok(s)
}

/// Grants a client subsystem (`instance/class/member/subsystem`) access to a service's
/// endpoints (`method`, `*` for any; `path`, empty for all): the provider's managers decide.
pub async fn grant_access(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    service_id: i64,
    client: &str,
    method: &str,
    path: &str,
) -> Result<AccessRight, AppError> {
    let r = app.gsb.registry();
    managed_subsystem(&r, actor, service_of(&r, service_id)?.subsystem_id)?;
    let client =
        ClientId::parse(client).map_err(|e| StoreError::invalid("client", e.to_string()))?;
    let client_id = r
        .subsystem_of(&client)
        .map(|s| s.id)
        .ok_or_else(|| StoreError::invalid("client", "no such subsystem is registered"))?;
    let endpoint =
        Endpoint::new(method, path).map_err(|e| StoreError::invalid(e.field, e.message))?;
    let a = app
        .store
        .grant_access(ctx, service_id, client_id, &endpoint)
        .await?;
    app.gsb.reload().await?;
    Ok(a)
}

pub async fn revoke_access(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<AccessRight, AppError> {
    let r = app.gsb.registry();
    let a = r
        .access
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .ok_or(StoreError::NotFound)?;
    managed_subsystem(&r, actor, service_of(&r, a.service_id)?.subsystem_id)?;
    let gone = app.store.revoke_access(ctx, id).await?;
    app.gsb.reload().await?;
    Ok(gone)
}

/// A client token for a subsystem `actor` manages; the secret is returned once (the client
/// sends it as `X-Padu-Token`), Padu keeps its hash.
pub async fn create_token(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    subsystem_id: i64,
    name: &str,
) -> Result<(GsbToken, String), AppError> {
    managed_subsystem(&app.gsb.registry(), actor, subsystem_id)?;
    let secret = format!("pgsb_{}", crate::app::foundation::new_secret());
    let t = app
        .store
        .create_gsb_token(
            ctx,
            subsystem_id,
            name,
            &padu_domain::gsb::sha256_hex(secret.as_bytes()),
            &secret[..12],
        )
        .await?;
    app.gsb.reload().await?;
    Ok((t, secret))
}

pub async fn list_tokens(
    app: &App,
    actor: &Actor,
    subsystem_id: i64,
) -> Result<Vec<GsbToken>, AppError> {
    managed_subsystem(&app.gsb.registry(), actor, subsystem_id)?;
    Ok(app.store.list_gsb_tokens(subsystem_id).await?)
}

/// Revokes a client token; the gateway refuses it from the next request.
pub async fn revoke_token(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<GsbToken, AppError> {
    let owner = app
        .store
        .gsb_token_subsystem(id)
        .await?
        .ok_or(StoreError::NotFound)?;
    managed_subsystem(&app.gsb.registry(), actor, owner)?;
    let t = app.store.revoke_gsb_token(ctx, id).await?;
    app.gsb.reload().await?;
    Ok(t)
}

/// A subsystem's credentials as its managers see them.
pub struct Credentials {
    pub member: Member,
    /// `instance/class/member/subsystem`.
    pub name: String,
    pub certificates: Vec<Certificate>,
    pub tokens: Vec<GsbToken>,
}

pub async fn subsystem_credentials(
    app: &App,
    actor: &Actor,
    id: i64,
) -> Result<Credentials, AppError> {
    let r = app.gsb.registry();
    let member = managed_subsystem(&r, actor, id)?;
    let name = r.client_id(id).map(|c| c.to_string()).unwrap_or_default();
    Ok(Credentials {
        member,
        name,
        certificates: app.store.list_certificates(id).await?,
        tokens: app.store.list_gsb_tokens(id).await?,
    })
}
