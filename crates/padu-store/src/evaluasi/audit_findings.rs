//! An audit's findings: criteria, condition, cause, effect, recommendation and severity as the
//! auditor writes them; the auditee's response and action plan with its due day; and the
//! follow-up, moved as `padu_domain::evaluasi::audit::finding_step` allows, through to the
//! auditor's verified close (Pessel Lampiran III Bab VI C f–g).

use super::audits::Audit;
use crate::audit::{append, Change};
use crate::{check_len, check_text, ts, AuditCtx, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::evaluasi::audit::{finding_step, FINDING_STATUSES, SEVERITIES};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingInput {
    pub title: String,
    /// What should be (the standard, the regulation).
    pub criteria: String,
    /// What is.
    pub condition: String,
    pub cause: String,
    pub effect: String,
    pub recommendation: String,
    /// rendah, sedang, tinggi or kritis.
    pub severity: String,
}

/// A move of a finding's follow-up: its new status and what comes with it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingStep {
    /// ditanggapi (the auditee's response and action plan), selesai_diklaim (the auditee
    /// reports it done), ditutup (the auditor verified it) or back to ditanggapi (the auditor
    /// did not).
    pub status: String,
    #[serde(default)]
    pub response: Option<String>,
    #[serde(default)]
    pub action_plan: Option<String>,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    /// What was done, or why the auditor sends it back.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AuditFinding {
    pub id: i64,
    pub audit_id: i64,
    pub pd_id: i64,
    pub title: String,
    pub criteria: String,
    pub condition: String,
    pub cause: String,
    pub effect: String,
    pub recommendation: String,
    pub severity: String,
    pub status: String,
    pub response: String,
    pub action_plan: String,
    pub due_on: Option<String>,
    pub progress_note: String,
    pub verified_by: Option<String>,
    pub closed_on: Option<String>,
    pub created_at: String,
    /// The auditee's member of staff who last answered it or reported it done.
    pub answered_by_user_id: Option<i64>,
}

const FINDING: &str = "id, audit_id, pd_id, title, criteria, condition_text, cause, effect, recommendation, severity, status, response, action_plan, due_on, progress_note, verified_by, closed_on, created_at, answered_by_user_id";

fn finding(r: &sqlx::any::AnyRow) -> Result<AuditFinding, StoreError> {
    Ok(AuditFinding {
        id: r.try_get(0)?,
        audit_id: r.try_get(1)?,
        pd_id: r.try_get(2)?,
        title: r.try_get(3)?,
        criteria: r.try_get(4)?,
        condition: r.try_get(5)?,
        cause: r.try_get(6)?,
        effect: r.try_get(7)?,
        recommendation: r.try_get(8)?,
        severity: r.try_get(9)?,
        status: r.try_get(10)?,
        response: r.try_get(11)?,
        action_plan: r.try_get(12)?,
        due_on: r.try_get(13)?,
        progress_note: r.try_get(14)?,
        verified_by: r.try_get(15)?,
        closed_on: r.try_get(16)?,
        created_at: r.try_get(17)?,
        answered_by_user_id: r.try_get(18)?,
    })
}

impl Store {
    pub async fn add_finding(
        &self,
        ctx: &AuditCtx,
        audit: &Audit,
        input: &FindingInput,
    ) -> Result<AuditFinding, StoreError> {
        for (name, value) in [
            ("title", &input.title),
            ("criteria", &input.criteria),
            ("condition", &input.condition),
            ("cause", &input.cause),
            ("effect", &input.effect),
            ("recommendation", &input.recommendation),
        ] {
            check_text(name, value, if name == "title" { 300 } else { 8000 })?;
        }
        if !SEVERITIES.contains(&input.severity.as_str()) {
            return Err(StoreError::invalid(
                "severity",
                format!("must be one of {}", SEVERITIES.join(", ")),
            ));
        }
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO audit_findings (audit_id, pd_id, title, criteria, condition_text, cause, effect, recommendation, severity, status, response, action_plan, progress_note, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'terbuka', '', '', '', $10, $11, $11) RETURNING id")
            .bind(audit.id)
            .bind(audit.pd_id)
            .bind(input.title.trim())
            .bind(input.criteria.trim())
            .bind(input.condition.trim())
            .bind(input.cause.trim())
            .bind(input.effect.trim())
            .bind(input.recommendation.trim())
            .bind(&input.severity)
            .bind(&ctx.actor_label)
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "finding_recorded",
                entity: "audit_finding",
                entity_id: Some(id.to_string()),
                pd_id: Some(audit.pd_id),
                before: None,
                after: Some(json!({ "audit": audit.id, "finding": input })),
            },
        )
        .await?;
        w.commit().await?;
        self.get_finding(id).await
    }

    pub async fn get_finding(&self, id: i64) -> Result<AuditFinding, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {FINDING} FROM audit_findings WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(finding)
            .unwrap_or(Err(StoreError::NotFound))
    }

    /// The findings of audit `audit_id`, or of every audit when none is given.
    pub async fn findings(&self, audit_id: Option<i64>) -> Result<Vec<AuditFinding>, StoreError> {
        sqlx::query(&format!(
            "SELECT {FINDING} FROM audit_findings WHERE $1 = 0 OR audit_id = $1 ORDER BY id"
        ))
        .bind(audit_id.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(finding)
        .collect()
    }

    /// Moves finding `id`'s follow-up, as the auditee (`by_auditor` false) or the auditor.
    pub async fn step_finding(
        &self,
        ctx: &AuditCtx,
        id: i64,
        step: &FindingStep,
        by_auditor: bool,
        today: NaiveDate,
    ) -> Result<AuditFinding, StoreError> {
        if !FINDING_STATUSES.contains(&step.status.as_str()) {
            return Err(StoreError::invalid(
                "status",
                format!("must be one of {}", FINDING_STATUSES.join(", ")),
            ));
        }
        check_len("note", &step.note, 4000)?;
        let before = self.get_finding(id).await?;
        finding_step(&before.status, &step.status, by_auditor)
            .map_err(|why| StoreError::invalid("status", why))?;
        let response = step
            .response
            .as_deref()
            .unwrap_or(&before.response)
            .trim()
            .to_string();
        let plan = step
            .action_plan
            .as_deref()
            .unwrap_or(&before.action_plan)
            .trim()
            .to_string();
        let due_on = step.due_on.map(|d| d.to_string()).or(before.due_on.clone());
        if step.status == "ditanggapi" && !by_auditor {
            check_text("response", &response, 8000)?;
            check_text("action_plan", &plan, 8000)?;
            if due_on.is_none() {
                return Err(StoreError::invalid(
                    "due_on",
                    "an action plan has its due day",
                ));
            }
        }
        if step.status == "selesai_diklaim" || (by_auditor && step.status == "ditanggapi") {
            check_text("note", &step.note, 4000)?;
        }
        let closed = step.status == "ditutup";
        let answered_by = if by_auditor {
            before.answered_by_user_id
        } else {
            ctx.actor_user_id
        };
        let mut w = self.begin_write().await?;
        // Moved only from the status it was read in: of two moves at once, one lands.
        let moved = sqlx::query("UPDATE audit_findings SET status = $1, response = $2, action_plan = $3, due_on = $4, progress_note = $5, verified_by = $6, closed_on = $7, updated_at = $8, answered_by_user_id = $9 WHERE id = $10 AND status = $11")
            .bind(&step.status)
            .bind(&response)
            .bind(&plan)
            .bind(&due_on)
            .bind(if step.note.trim().is_empty() { before.progress_note.clone() } else { step.note.trim().to_string() })
            .bind(closed.then(|| ctx.actor_label.clone()))
            .bind(closed.then(|| today.to_string()))
            .bind(ts(ctx.at))
            .bind(answered_by)
            .bind(id)
            .bind(&before.status)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if moved == 0 {
            return Err(StoreError::conflict(
                "status",
                "the finding moved meanwhile; reload it",
            ));
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "finding_followed_up",
                entity: "audit_finding",
                entity_id: Some(id.to_string()),
                pd_id: Some(before.pd_id),
                before: Some(json!({ "status": before.status })),
                after: Some(json!(step)),
            },
        )
        .await?;
        w.commit().await?;
        self.get_finding(id).await
    }
}
