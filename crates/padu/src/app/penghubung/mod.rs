//! The service bus's operations: registry changes (`registry`: members, subsystems, services,
//! access rights, client tokens) and trust (`trust`: client certificates, federation). Who may
//! do each is `padu_domain::gsb` (`KEEPS_THE_BUS`, `may_manage`); each change is audited by the
//! store and reaches the gateway at once (the registry copy is reloaded).

mod registry;
mod trust;

pub use registry::{
    add_member, add_service, add_subsystem, clear_service, create_token, grant_access, list_tokens,
    revoke_access, revoke_token, subsystem_credentials, update_service, Credentials,
};
pub use trust::{
    add_federation, issue_certificate, list_certificates, remove_federation, renew_certificate,
    revoke_certificate, revoked_certificates, Issued,
};

use super::AppError;
use padu_domain::gsb::may_manage;
use padu_domain::{Actor, PdId};
use padu_store::gsb::{Member, Registry, Service};
use padu_store::StoreError;

/// The member a subsystem belongs to.
pub fn member_of_subsystem(r: &Registry, subsystem_id: i64) -> Result<Member, AppError> {
    let s = r
        .subsystems
        .iter()
        .find(|s| s.id == subsystem_id)
        .ok_or(StoreError::NotFound)?;
    Ok(r.members
        .iter()
        .find(|m| m.id == s.member_id)
        .cloned()
        .ok_or(StoreError::NotFound)?)
}

fn service_of(r: &Registry, id: i64) -> Result<Service, AppError> {
    Ok(r.services
        .iter()
        .find(|s| s.id == id)
        .cloned()
        .ok_or(StoreError::NotFound)?)
}

/// `actor` manages the member of `subsystem_id`, which exists; its member is returned.
fn managed_subsystem(r: &Registry, actor: &Actor, subsystem_id: i64) -> Result<Member, AppError> {
    let member = member_of_subsystem(r, subsystem_id)?;
    may_manage(actor, member.pd_id.map(PdId))?;
    Ok(member)
}

/// Whether `actor` sees the backend addresses of the services of `subsystem_id`
/// (`padu_domain::gsb::sees_backend`: the Dinas and the providing PD).
pub fn sees_backend_of(actor: &Actor, r: &Registry, subsystem_id: i64) -> bool {
    let provider_pd = member_of_subsystem(r, subsystem_id)
        .ok()
        .and_then(|m| m.pd_id)
        .map(PdId);
    padu_domain::gsb::sees_backend(actor, provider_pd)
}
