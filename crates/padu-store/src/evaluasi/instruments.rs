//! Evaluation instruments as loaded: each file kept whole under its code, read by
//! `padu_domain::evaluasi::instrument::parse` before it is stored and whenever it is used.

use crate::audit::{append, Change};
use crate::{ts, AuditCtx, Store, StoreError};
use serde::Serialize;
use serde_json::json;
use sqlx::Row;

/// An instrument as the list shows it.
#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct StoredInstrument {
    pub code: String,
    pub name: String,
    pub loaded_at: String,
    pub loaded_by: String,
    /// Years evaluated on it.
    pub years: Vec<i64>,
}

impl Store {
    /// Every instrument loaded, by code.
    pub async fn instruments(&self) -> Result<Vec<StoredInstrument>, StoreError> {
        let years =
            sqlx::query("SELECT instrument_code, year FROM evaluasi_evaluations ORDER BY year")
                .fetch_all(&self.pool)
                .await?;
        sqlx::query(
            "SELECT code, name, loaded_at, loaded_by FROM evaluasi_instruments ORDER BY code",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let code: String = r.try_get(0)?;
            let years = years
                .iter()
                .filter(|y| y.try_get::<String, _>(0).is_ok_and(|c| c == code))
                .map(|y| y.try_get(1))
                .collect::<Result<_, _>>()?;
            Ok(StoredInstrument {
                name: r.try_get(1)?,
                loaded_at: r.try_get(2)?,
                loaded_by: r.try_get(3)?,
                years,
                code,
            })
        })
        .collect()
    }

    /// The file of instrument `code`.
    pub async fn instrument_text(&self, code: &str) -> Result<String, StoreError> {
        sqlx::query("SELECT source_text FROM evaluasi_instruments WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// Stores an instrument already read: new, or replacing one no evaluation uses yet (one in
    /// use is a version evaluations were scored on; its successor takes a new code).
    pub async fn put_instrument(
        &self,
        ctx: &AuditCtx,
        code: &str,
        name: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        let used: i64 =
            sqlx::query("SELECT COUNT(*) FROM evaluasi_evaluations WHERE instrument_code = $1")
                .bind(code)
                .fetch_one(&mut *w.tx)
                .await?
                .try_get(0)?;
        if used > 0 {
            return Err(StoreError::conflict(
                "code",
                format!("instrument {code} is in use by an evaluation; load a new version under a new code"),
            ));
        }
        sqlx::query("DELETE FROM evaluasi_instruments WHERE code = $1")
            .bind(code)
            .execute(&mut *w.tx)
            .await?;
        sqlx::query("INSERT INTO evaluasi_instruments (code, name, source_text, loaded_at, loaded_by) VALUES ($1, $2, $3, $4, $5)")
            .bind(code)
            .bind(name)
            .bind(text)
            .bind(ts(ctx.at))
            .bind(&ctx.actor_label)
            .execute(&mut *w.tx)
            .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "instrument_loaded",
                entity: "evaluation_instrument",
                entity_id: Some(code.to_string()),
                pd_id: None,
                before: None,
                after: Some(json!({ "code": code, "name": name, "bytes": text.len() })),
            },
        )
        .await?;
        w.commit().await
    }
}
