//! The audit log: read by those `access::READS_AUDIT_LOG` admits, its chain and signed
//! checkpoints verified on demand (the last report is kept for the dashboard).

use crate::app::registers::{page_query, paged_sheet, Format, SheetFile};
use crate::app::{App, AppError};
use crate::audit_ops::VerifyReport;
use chrono::{DateTime, NaiveDate, Utc};
use padu_domain::audit::AuditEntry;
use padu_domain::sla::wib_day_start;
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

/// Which entries of the log to show or export: by entity, action, actor (a username, its
/// tokens' entries too, or an account's id), PD, and whole days in the region, both included.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub action: Option<String>,
    pub actor: Option<String>,
    pub actor_user_id: Option<i64>,
    pub pd_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl AuditQuery {
    pub fn filter(&self) -> AuditFilter {
        AuditFilter {
            entity: self.entity.clone(),
            action: self.action.clone(),
            actor_user_id: self.actor_user_id,
            actor: self.actor.clone(),
            pd_id: self.pd_id,
            from: self.from.map(wib_day_start),
            until: self.until.and_then(|d| d.succ_opt()).map(wib_day_start),
        }
    }
}

/// The entries `query` selects, newest first, as CSV or XLSX, a page at a time.
pub async fn export_audit(
    app: &App,
    actor: &Actor,
    query: &AuditQuery,
    today: NaiveDate,
    format: Format,
) -> Result<SheetFile, AppError> {
    authorize(actor, Action::Read, &Resource::audit_log())?;
    let filter = query.filter();
    let store = app.store.clone();
    let header = [
        "seq",
        "at",
        "actor",
        "action",
        "entity",
        "entity_id",
        "pd_id",
        "ip",
        "detail",
        "hash",
    ];
    paged_sheet(
        "audit",
        &header,
        today,
        format,
        move |n| {
            let (store, filter) = (store.clone(), filter.clone());
            async move { store.list_audit(&filter, &page_query(n)).await }
        },
        |e: &AuditEntry| {
            vec![
                e.seq.to_string(),
                e.at.clone(),
                e.actor_label.clone(),
                e.action.clone(),
                e.entity.clone(),
                e.entity_id.clone().unwrap_or_default(),
                e.pd_id.map(|p| p.to_string()).unwrap_or_default(),
                e.ip.clone().unwrap_or_default(),
                e.detail.clone(),
                e.hash.clone(),
            ]
        },
    )
}
