//! The follow-ups of compliance findings (`padu_domain::follow_up`): one row a finding, named
//! by its rule and subject, written (or, on reopening, deleted) with its audit entry in one
//! transaction. Who may take which step is the domain's; the caller checks it first.

use crate::audit::{append, Change};
use crate::{check_len, ts, AuditCtx, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::follow_up::FollowUpState;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;

/// A finding's follow-up as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FollowUp {
    pub rule: String,
    pub subject: String,
    pub pd_id: Option<i64>,
    pub state: FollowUpState,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub target_date: Option<NaiveDate>,
    /// Why it was waived (empty otherwise).
    pub reason: String,
    /// Who took the last step, by name.
    pub by_name: Option<String>,
    pub updated_at: String,
}

/// A step to record (the domain has checked it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowUp<'a> {
    pub rule: &'a str,
    pub subject: &'a str,
    pub pd_id: Option<i64>,
    pub state: FollowUpState,
    pub assignee_id: Option<i64>,
    pub target_date: Option<NaiveDate>,
    pub reason: &'a str,
}

const SELECT: &str = "SELECT f.rule, f.subject, f.pd_id, f.state, f.assignee_id, a.full_name, f.target_date, f.reason, b.full_name, f.updated_at FROM finding_follow_ups f LEFT JOIN users a ON a.id = f.assignee_id LEFT JOIN users b ON b.id = f.by_user_id";

fn follow_up(r: &sqlx::any::AnyRow) -> Result<FollowUp, StoreError> {
    let state: String = r.try_get(3)?;
    let target: Option<String> = r.try_get(6)?;
    Ok(FollowUp {
        rule: r.try_get(0)?,
        subject: r.try_get(1)?,
        pd_id: r.try_get(2)?,
        state: FollowUpState::parse(&state).ok_or_else(|| {
            StoreError::Db(sqlx::Error::Decode(
                format!("follow-up state {state}").into(),
            ))
        })?,
        assignee_id: r.try_get(4)?,
        assignee_name: r.try_get(5)?,
        target_date: target.and_then(|d| d.parse().ok()),
        reason: r.try_get(7)?,
        by_name: r.try_get(8)?,
        updated_at: r.try_get(9)?,
    })
}

impl Store {
    /// Every recorded follow-up; the caller matches them to the day's findings, which it has
    /// already narrowed to what the reader may see.
    pub async fn follow_ups(&self) -> Result<Vec<FollowUp>, StoreError> {
        let rows = sqlx::query(&format!("{SELECT} ORDER BY f.id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(follow_up).collect()
    }

    pub async fn follow_up(
        &self,
        rule: &str,
        subject: &str,
    ) -> Result<Option<FollowUp>, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE f.rule = $1 AND f.subject = $2"))
            .bind(rule)
            .bind(subject)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(follow_up).transpose()
    }

    /// Records a step on a finding, replacing the one before.
    pub async fn record_follow_up(
        &self,
        ctx: &AuditCtx,
        step: &NewFollowUp<'_>,
    ) -> Result<FollowUp, StoreError> {
        check_len("reason", step.reason, 2000)?;
        let before = self.follow_up(step.rule, step.subject).await?;
        let mut w = self.begin_write().await?;
        sqlx::query("INSERT INTO finding_follow_ups (rule, subject, pd_id, state, assignee_id, target_date, reason, by_user_id, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (rule, subject) DO UPDATE SET pd_id = excluded.pd_id, state = excluded.state, assignee_id = excluded.assignee_id, target_date = excluded.target_date, reason = excluded.reason, by_user_id = excluded.by_user_id, updated_at = excluded.updated_at")
            .bind(step.rule)
            .bind(step.subject)
            .bind(step.pd_id)
            .bind(step.state.as_str())
            .bind(step.assignee_id)
            .bind(step.target_date.map(|d| d.to_string()))
            .bind(step.reason.trim())
            .bind(ctx.actor_user_id)
            .bind(ts(ctx.at))
            .execute(&mut *w.tx)
            .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: match step.state {
                    FollowUpState::Acknowledged => "finding_acknowledged",
                    FollowUpState::Assigned => "finding_assigned",
                    FollowUpState::Waived => "finding_waived",
                },
                entity: "finding",
                entity_id: Some(format!("{}/{}", step.rule, step.subject)),
                pd_id: step.pd_id,
                before: before.map(|b| json!(b)),
                after: Some(json!({
                    "state": step.state,
                    "assignee_id": step.assignee_id,
                    "target_date": step.target_date,
                    "reason": step.reason.trim(),
                })),
            },
        )
        .await?;
        w.commit().await?;
        self.follow_up(step.rule, step.subject)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Takes a finding's follow-up back: the finding is open again.
    pub async fn reopen_finding(
        &self,
        ctx: &AuditCtx,
        rule: &str,
        subject: &str,
    ) -> Result<(), StoreError> {
        let before = self
            .follow_up(rule, subject)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut w = self.begin_write().await?;
        sqlx::query("DELETE FROM finding_follow_ups WHERE rule = $1 AND subject = $2")
            .bind(rule)
            .bind(subject)
            .execute(&mut *w.tx)
            .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "finding_reopened",
                entity: "finding",
                entity_id: Some(format!("{rule}/{subject}")),
                pd_id: before.pd_id,
                before: Some(json!(before)),
                after: None,
            },
        )
        .await?;
        w.commit().await
    }
}
