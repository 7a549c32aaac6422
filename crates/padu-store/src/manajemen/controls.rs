//! The BSSN web-application standard as a checklist: the controls' texts the region imports
//! (the standard's codes and functions are `padu_domain::manajemen::security::controls`), and
//! each application's standing on each control with its evidence, saved a checklist at a time
//! and audited.

use crate::audit::{append, Change};
use crate::{check_len, ts, AuditCtx, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::manajemen::security::{control_function, CONTROL_STATUSES};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

/// A control's text as the region imported it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlText {
    /// K1–K72.
    pub code: String,
    pub text: String,
    /// Where it comes from (the standard's item, ASVS or CWE).
    #[serde(default)]
    pub reference: String,
}

/// The texts a call sets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlTexts {
    pub controls: Vec<ControlText>,
}

/// The controls of a checklist a call saves.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlAssessments {
    pub controls: Vec<ControlAssessment>,
}

/// An application's standing on one control.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlAssessment {
    pub code: String,
    /// terpenuhi, terpenuhi_sebagian, belum_terpenuhi or tidak_berlaku.
    pub status: String,
    #[serde(default)]
    pub evidence: String,
    /// Set by the store when saved.
    #[serde(default)]
    pub assessed_on: Option<NaiveDate>,
    #[serde(default)]
    pub assessed_by: String,
}

fn known(field: &str, code: &str) -> Result<(), StoreError> {
    control_function(code)
        .map(|_| ())
        .ok_or_else(|| StoreError::invalid(field, format!("{code} is not a control K1–K72")))
}

impl Store {
    /// Every control text the region imported, by code.
    pub async fn control_texts(&self) -> Result<Vec<ControlText>, StoreError> {
        sqlx::query("SELECT code, text, reference FROM manajemen_control_texts")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(ControlText {
                    code: r.try_get(0)?,
                    text: r.try_get(1)?,
                    reference: r.try_get(2)?,
                })
            })
            .collect()
    }

    /// Sets the texts of the controls given (all or none, one audit entry).
    pub async fn set_control_texts(
        &self,
        ctx: &AuditCtx,
        texts: &[ControlText],
    ) -> Result<usize, StoreError> {
        for (i, t) in texts.iter().enumerate() {
            known(&format!("controls[{i}].code"), &t.code)?;
            crate::check_text(&format!("controls[{i}].text"), &t.text, 4000)?;
            check_len(&format!("controls[{i}].reference"), &t.reference, 300)?;
        }
        let mut w = self.begin_write().await?;
        for t in texts {
            sqlx::query("INSERT INTO manajemen_control_texts (code, text, reference, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET text = excluded.text, reference = excluded.reference, updated_at = excluded.updated_at")
                .bind(&t.code)
                .bind(t.text.trim())
                .bind(t.reference.trim())
                .bind(ts(ctx.at))
                .execute(&mut *w.tx)
                .await?;
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "control_texts_set",
                entity: "security_control",
                entity_id: None,
                pd_id: None,
                before: None,
                after: Some(json!({ "codes": texts.iter().map(|t| &t.code).collect::<Vec<_>>() })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(texts.len())
    }

    /// Every assessed application's count of controls at each status, as
    /// (application, status, count).
    pub async fn control_assessment_counts(&self) -> Result<Vec<(i64, String, i64)>, StoreError> {
        sqlx::query("SELECT application_id, status, COUNT(*) FROM manajemen_control_assessments GROUP BY application_id, status")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }

    /// Application `id`'s checklist: the controls it was assessed on.
    pub async fn control_assessments(
        &self,
        application_id: i64,
    ) -> Result<Vec<ControlAssessment>, StoreError> {
        sqlx::query("SELECT code, status, evidence, assessed_on, assessed_by FROM manajemen_control_assessments WHERE application_id = $1")
            .bind(application_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(ControlAssessment {
                    code: r.try_get(0)?,
                    status: r.try_get(1)?,
                    evidence: r.try_get(2)?,
                    assessed_on: r.try_get::<String, _>(3)?.parse().ok(),
                    assessed_by: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Saves the controls given of application `id`'s checklist, as assessed `today` by the
    /// caller: each checked (a control of the standard, a known status, evidence for a control
    /// met in whole or part) before any is written; those unchanged keep their day. One audit
    /// entry with what changed.
    pub async fn save_control_assessments(
        &self,
        ctx: &AuditCtx,
        application_id: i64,
        pd_id: Option<i64>,
        rows: &[ControlAssessment],
        today: NaiveDate,
    ) -> Result<usize, StoreError> {
        for (i, r) in rows.iter().enumerate() {
            known(&format!("controls[{i}].code"), &r.code)?;
            if !CONTROL_STATUSES.contains(&r.status.as_str()) {
                return Err(StoreError::invalid(
                    &format!("controls[{i}].status"),
                    format!("must be one of {}", CONTROL_STATUSES.join(", ")),
                ));
            }
            check_len(&format!("controls[{i}].evidence"), &r.evidence, 2000)?;
            if r.status.starts_with("terpenuhi") && r.evidence.trim().is_empty() {
                return Err(StoreError::invalid(
                    &format!("controls[{i}].evidence"),
                    "a control met names its evidence",
                ));
            }
        }
        let before = self.control_assessments(application_id).await?;
        let changed: Vec<&ControlAssessment> = rows
            .iter()
            .filter(|r| {
                !before.iter().any(|b| {
                    b.code == r.code && b.status == r.status && b.evidence == r.evidence.trim()
                })
            })
            .collect();
        if changed.is_empty() {
            return Ok(0);
        }
        let by = ctx.actor_label.clone();
        let mut w = self.begin_write().await?;
        for r in &changed {
            sqlx::query("INSERT INTO manajemen_control_assessments (application_id, code, status, evidence, assessed_on, assessed_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (application_id, code) DO UPDATE SET status = excluded.status, evidence = excluded.evidence, assessed_on = excluded.assessed_on, assessed_by = excluded.assessed_by")
                .bind(application_id)
                .bind(&r.code)
                .bind(&r.status)
                .bind(r.evidence.trim())
                .bind(today.to_string())
                .bind(&by)
                .execute(&mut *w.tx)
                .await?;
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "controls_assessed",
                entity: "application",
                entity_id: Some(application_id.to_string()),
                pd_id,
                before: None,
                after: Some(json!(changed
                    .iter()
                    .map(|r| json!({ "code": r.code, "status": r.status, "evidence": r.evidence.trim() }))
                    .collect::<Vec<_>>())),
            },
        )
        .await?;
        w.commit().await?;
        Ok(changed.len())
    }
}
