//! The audit log: read by those `access::READS_AUDIT_LOG` admits, its chain and signed
//! checkpoints verified on demand (the last report is kept for the dashboard).

use crate::app::{App, AppError};
use crate::audit_ops::VerifyReport;
use chrono::{DateTime, Utc};
use padu_domain::audit::AuditEntry;
use padu_domain::{authorize, Action, Actor, Resource};
use padu_store::audit::{AuditFilter, Checkpoint};
use padu_store::{ListQuery, Page};

pub async fn list_audit(
    app: &App,
    actor: &Actor,
    filter: &AuditFilter,
    q: &ListQuery,
) -> Result<Page<AuditEntry>, AppError> {
    authorize(actor, Action::Read, &Resource::audit_log())?;
    Ok(app.store.list_audit(filter, q).await?)
}

/// Verifies the whole chain and every signed checkpoint as of `now`, and keeps the report.
pub async fn verify_audit(
    app: &App,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<VerifyReport, AppError> {
    authorize(actor, Action::Read, &Resource::audit_log())?;
    let report = crate::audit_ops::verify(&app.store, now, &mut |_| {}).await?;
    *app.last_verify.lock().unwrap_or_else(|p| p.into_inner()) = Some(report.clone());
    Ok(report)
}

/// The report of the last verification, if one ran since the start.
pub fn last_verify(app: &App) -> Option<VerifyReport> {
    app.last_verify
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
}

/// The newest signed checkpoints.
pub async fn checkpoints(app: &App, actor: &Actor) -> Result<Vec<Checkpoint>, AppError> {
    authorize(actor, Action::Read, &Resource::audit_log())?;
    Ok(app.store.list_checkpoints(100).await?)
}
