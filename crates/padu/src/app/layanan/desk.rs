//! What the desk keeps beside its tickets: each user's saved views of the queue, the
//! supervision of every PD's desk, the region's holidays, and each user's notifications.

use super::user_of;
use crate::app::{App, AppError};
use chrono::{DateTime, NaiveDate, Utc};
use padu_domain::sla::calendar::KEEPS_HOLIDAYS;
use padu_domain::{ticket, Actor};
use padu_store::notify::Notification;
use padu_store::tickets::{DeskRow, SavedView};
use padu_store::{AuditCtx, StoreError};

pub async fn saved_views(app: &App, actor: &Actor) -> Result<Vec<SavedView>, AppError> {
    Ok(app.store.saved_views(user_of(actor)?).await?)
}

/// Saves a view of the queue for its user; `query` is the queue's query string, which the
/// caller has checked the queue accepts.
pub async fn save_view(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    name: &str,
    query: &str,
) -> Result<SavedView, AppError> {
    Ok(app
        .store
        .save_view(ctx, user_of(actor)?, name, query)
        .await?)
}

/// Deletes one of the caller's own views (another's does not exist for them).
pub async fn delete_view(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    Ok(app.store.delete_view(ctx, user_of(actor)?, id).await?)
}

/// Every PD's desk at a glance, for those who read every desk; a PD without Tier 1 staff is
/// flagged.
pub async fn supervision(app: &App, actor: &Actor) -> Result<Vec<DeskRow>, AppError> {
    ticket::READS_EVERY_DESK.admits(actor)?;
    Ok(app.store.desk_supervision().await?)
}

/// The days off every working-day deadline skips; anyone signed in reads them.
pub async fn holidays(app: &App, actor: &Actor) -> Result<Vec<(NaiveDate, String)>, AppError> {
    user_of(actor)?;
    Ok(app.store.holidays().await?)
}

/// Replaces the days off with those of `text` (one `YYYY-MM-DD,name` a line), for those who
/// keep them; a bad line changes nothing and is named in the error. Returns how many.
pub async fn import_holidays(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    text: &str,
) -> Result<usize, AppError> {
    KEEPS_HOLIDAYS.admits(actor)?;
    Ok(crate::app::calendar::import_holidays(&app.store, ctx, text).await?)
}

/// The caller's latest notifications, newest first.
pub async fn notifications(app: &App, actor: &Actor) -> Result<Vec<Notification>, AppError> {
    Ok(app.store.notifications(user_of(actor)?, 100).await?)
}

/// Opens one of the caller's notifications: marks it read at `now` and gives where it leads
/// (the notifications page when it has no link). Another user's is not found.
pub async fn open_notification(
    app: &App,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let user = user_of(actor)?;
    let n = app
        .store
        .notification(user, id)
        .await?
        .ok_or(StoreError::NotFound)?;
    app.store.mark_read(user, Some(id), now).await?;
    Ok(n.link.unwrap_or_else(|| "/notifikasi".into()))
}

/// Marks all of the caller's notifications read at `now`.
pub async fn mark_notifications_read(
    app: &App,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    app.store.mark_read(user_of(actor)?, None, now).await?;
    Ok(())
}
