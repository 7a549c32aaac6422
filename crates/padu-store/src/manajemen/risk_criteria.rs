//! The impact criteria of a risk context (PermenPANRB 5/2020 Formulir 2.0): for each of the 7
//! national impact areas and each impact level 1–5, what that level means for the unit pemilik
//! risiko in that period, as the region writes its own thresholds. Saved a matrix at a time,
//! audited with the context.

use crate::audit::{append, Change};
use crate::{check_len, ts, AuditCtx, Store, StoreError};
use padu_domain::manajemen::risk::IMPACT_AREAS;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

/// One cell of the matrix.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// One of the 7 impact areas.
    pub impact_area: String,
    /// 1–5.
    pub level: i64,
    /// What the level means in this area (empty: not set).
    pub criterion: String,
}

/// A matrix as a call saves it: the cells given; a cell given empty is cleared.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    pub criteria: Vec<Criterion>,
}

impl Store {
    /// Context `id`'s criteria, by area and level.
    pub async fn risk_criteria(&self, context_id: i64) -> Result<Vec<Criterion>, StoreError> {
        sqlx::query("SELECT impact_area, level, criterion FROM manajemen_risk_criteria WHERE context_id = $1 ORDER BY impact_area, level")
            .bind(context_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Criterion {
                    impact_area: r.try_get(0)?,
                    level: r.try_get(1)?,
                    criterion: r.try_get(2)?,
                })
            })
            .collect()
    }

    /// Saves the cells given of context `id`'s matrix (each checked before any is written; an
    /// empty one clears its cell); one audit entry with what was given.
    pub async fn save_risk_criteria(
        &self,
        ctx: &AuditCtx,
        context_id: i64,
        pd_id: i64,
        cells: &[Criterion],
    ) -> Result<(), StoreError> {
        for (i, c) in cells.iter().enumerate() {
            if !IMPACT_AREAS.contains(&c.impact_area.as_str()) {
                return Err(StoreError::invalid(
                    &format!("criteria[{i}].impact_area"),
                    format!("must be one of {}", IMPACT_AREAS.join(", ")),
                ));
            }
            if !(1..=5).contains(&c.level) {
                return Err(StoreError::invalid(
                    &format!("criteria[{i}].level"),
                    "must be 1–5",
                ));
            }
            check_len(&format!("criteria[{i}].criterion"), &c.criterion, 500)?;
        }
        let mut w = self.begin_write().await?;
        for c in cells {
            sqlx::query("DELETE FROM manajemen_risk_criteria WHERE context_id = $1 AND impact_area = $2 AND level = $3")
                .bind(context_id)
                .bind(&c.impact_area)
                .bind(c.level)
                .execute(&mut *w.tx)
                .await?;
            if !c.criterion.trim().is_empty() {
                sqlx::query("INSERT INTO manajemen_risk_criteria (context_id, impact_area, level, criterion, updated_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(context_id)
                    .bind(&c.impact_area)
                    .bind(c.level)
                    .bind(c.criterion.trim())
                    .bind(ts(ctx.at))
                    .execute(&mut *w.tx)
                    .await?;
            }
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "risk_criteria_set",
                entity: "risk_context",
                entity_id: Some(context_id.to_string()),
                pd_id: Some(pd_id),
                before: None,
                after: Some(json!(cells)),
            },
        )
        .await?;
        w.commit().await
    }
}
