//! In-app notifications and the mail outbox. Sending is the web crate's job (it owns the SMTP
//! client); here mail waits, is claimed, and is marked sent or retried with back-off.

use crate::{ts, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Notification {
    pub id: i64,
    pub at: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub read_at: Option<String>,
}

/// A notification for one user, with the mail to send if the user has an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNotification {
    pub user_id: i64,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Mail {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub sent_at: Option<String>,
    pub failed_at: Option<String>,
    pub last_error: Option<String>,
}

/// Waits between attempts: 1 min, 5 min, 30 min, 2 h, then 6 h; given up after `MAX_ATTEMPTS`.
pub fn backoff(attempts: i64) -> Duration {
    match attempts {
        ..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(30),
        4 => Duration::hours(2),
        _ => Duration::hours(6),
    }
}
pub const MAX_ATTEMPTS: i64 = 8;

fn notification(r: &sqlx::any::AnyRow) -> Result<Notification, StoreError> {
    Ok(Notification {
        id: r.try_get(0)?,
        at: r.try_get(1)?,
        kind: r.try_get(2)?,
        subject: r.try_get(3)?,
        body: r.try_get(4)?,
        link: r.try_get(5)?,
        read_at: r.try_get(6)?,
    })
}

fn mail(r: &sqlx::any::AnyRow) -> Result<Mail, StoreError> {
    Ok(Mail {
        id: r.try_get(0)?,
        to_addr: r.try_get(1)?,
        subject: r.try_get(2)?,
        body: r.try_get(3)?,
        created_at: r.try_get(4)?,
        attempts: r.try_get(5)?,
        next_attempt_at: r.try_get(6)?,
        sent_at: r.try_get(7)?,
        failed_at: r.try_get(8)?,
        last_error: r.try_get(9)?,
    })
}

const MAIL_COLUMNS: &str = "id, to_addr, subject, body, created_at, attempts, next_attempt_at, sent_at, failed_at, last_error";

impl Store {
    pub async fn notify(
        &self,
        at: DateTime<Utc>,
        list: &[NewNotification],
    ) -> Result<(), StoreError> {
        if list.is_empty() {
            return Ok(());
        }
        let mut w = self.begin_write().await?;
        for n in list {
            sqlx::query("INSERT INTO notifications (user_id, at, kind, subject, body, link) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(n.user_id)
                .bind(ts(at))
                .bind(&n.kind)
                .bind(&n.subject)
                .bind(&n.body)
                .bind(&n.link)
                .execute(&mut *w.tx)
                .await?;
        }
        w.commit().await
    }

    pub async fn notifications(
        &self,
        user_id: i64,
        limit: i64,
    ) -> Result<Vec<Notification>, StoreError> {
        let rows = sqlx::query("SELECT id, at, kind, subject, body, link, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2")
            .bind(user_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(notification).collect()
    }

    /// One of the user's notifications (none for another user's).
    pub async fn notification(
        &self,
        user_id: i64,
        id: i64,
    ) -> Result<Option<Notification>, StoreError> {
        let row = sqlx::query("SELECT id, at, kind, subject, body, link, read_at FROM notifications WHERE user_id = $1 AND id = $2")
            .bind(user_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(notification).transpose()
    }

    pub async fn unread_notifications(&self, user_id: i64) -> Result<i64, StoreError> {
        Ok(
            sqlx::query(
                "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
            )
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?,
        )
    }

    /// Marks the user's notifications read (all, or one).
    pub async fn mark_read(
        &self,
        user_id: i64,
        id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut w = self.begin_write().await?;
        let n = sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id = $3)")
            .bind(ts(at))
            .bind(user_id)
            .bind(id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        w.commit().await?;
        Ok(n)
    }

    pub async fn queue_mail(
        &self,
        at: DateTime<Utc>,
        to: &str,
        subject: &str,
        body: &str,
    ) -> Result<i64, StoreError> {
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO mail_outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
            .bind(to)
            .bind(subject)
            .bind(body)
            .bind(ts(at))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        w.commit().await?;
        Ok(id)
    }

    /// Mail due for an attempt at `now`, oldest first.
    pub async fn mail_due(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<Mail>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {MAIL_COLUMNS} FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2"))
            .bind(ts(now))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(mail).collect()
    }

    pub async fn outbox(&self, limit: i64) -> Result<Vec<Mail>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM mail_outbox ORDER BY id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(mail).collect()
    }

    /// Records an attempt: sent, or failed with the error (retried later, or given up).
    pub async fn mail_attempted(
        &self,
        id: i64,
        now: DateTime<Utc>,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        let r = sqlx::query("SELECT attempts FROM mail_outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *w.tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let attempts: i64 = r.try_get::<i64, _>(0)? + 1;
        match error {
            None => {
                sqlx::query("UPDATE mail_outbox SET attempts = $1, sent_at = $2, last_error = NULL WHERE id = $3")
                    .bind(attempts)
                    .bind(ts(now))
                    .bind(id)
                    .execute(&mut *w.tx)
                    .await?;
            }
            Some(e) => {
                let give_up = attempts >= MAX_ATTEMPTS;
                sqlx::query("UPDATE mail_outbox SET attempts = $1, next_attempt_at = $2, failed_at = $3, last_error = $4 WHERE id = $5")
                    .bind(attempts)
                    .bind(ts(now + backoff(attempts)))
                    .bind(give_up.then(|| ts(now)))
                    .bind(e)
                    .bind(id)
                    .execute(&mut *w.tx)
                    .await?;
            }
        }
        w.commit().await
    }
}
