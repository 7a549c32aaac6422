//! LAN diagrams (Bogor Pasal 21): each PD submits its network drawing to the Dinas and reports
//! every change with a new one. A submission and its file are written in one transaction.
//! LAN drawings show internal addressing, so they are Terbatas: the PD and the Pemda-wide
//! roles read them.

use crate::attachments::{insert_attachment, Attachment, NewFile, Owner};
use crate::audit::{append, Change};
use crate::catalog::date;
use crate::{check_text, ts, AuditCtx, Store, StoreError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// The first submission, or a reported change.
pub const LAN_KINDS: [&str; 2] = ["awal", "perubahan"];

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct LanDiagram {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub kind: String,
    pub description: String,
    pub submitted_on: NaiveDate,
    pub created_by: String,
    pub created_at: String,
    pub files: Vec<Attachment>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct LanDiagramInput {
    pub pd_id: i64,
    /// awal or perubahan.
    pub kind: String,
    /// What the drawing shows, or what changed.
    pub description: String,
    pub submitted_on: NaiveDate,
}

impl LanDiagramInput {
    pub fn validate(&self, today: NaiveDate) -> Result<(), StoreError> {
        if !LAN_KINDS.contains(&self.kind.as_str()) {
            return Err(StoreError::invalid(
                "kind",
                format!("must be one of {}", LAN_KINDS.join(", ")),
            ));
        }
        check_text("description", &self.description, 4000)?;
        if self.submitted_on > today {
            return Err(StoreError::invalid(
                "submitted_on",
                "must not be in the future",
            ));
        }
        Ok(())
    }
}

impl Store {
    pub async fn add_lan_diagram(
        &self,
        ctx: &AuditCtx,
        today: NaiveDate,
        input: &LanDiagramInput,
        file: &NewFile<'_>,
    ) -> Result<LanDiagram, StoreError> {
        input.validate(today)?;
        self.check_pd(input.pd_id).await?;
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO lan_diagrams (pd_id, kind, description, submitted_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(input.pd_id)
            .bind(input.kind.clone())
            .bind(input.description.trim().to_string())
            .bind(input.submitted_on.to_string())
            .bind(ctx.actor_label.clone())
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "lan_diagram",
                entity_id: Some(id.to_string()),
                pd_id: Some(input.pd_id),
                before: None,
                after: Some(serde_json::to_value(input).unwrap_or_default()),
            },
        )
        .await?;
        insert_attachment(
            &mut w.tx,
            ctx,
            Owner::LanDiagram(id),
            file,
            false,
            Some(input.pd_id),
        )
        .await?;
        w.commit().await?;
        self.get_lan_diagram(id).await
    }

    pub async fn get_lan_diagram(&self, id: i64) -> Result<LanDiagram, StoreError> {
        self.lan_diagrams(Some(id), None)
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// Submissions, newest first: one (`id`), a PD's, or all.
    pub async fn lan_diagrams(
        &self,
        id: Option<i64>,
        pd_id: Option<i64>,
    ) -> Result<Vec<LanDiagram>, StoreError> {
        let rows = sqlx::query("SELECT l.id, l.pd_id, p.name, l.kind, l.description, l.submitted_on, l.created_by, l.created_at FROM lan_diagrams l JOIN perangkat_daerah p ON p.id = l.pd_id WHERE ($1 IS NULL OR l.id = $1) AND ($2 IS NULL OR l.pd_id = $2) ORDER BY l.submitted_on DESC, l.id DESC")
            .bind(id)
            .bind(pd_id)
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.try_get(0)?;
            out.push(LanDiagram {
                id,
                pd_id: r.try_get(1)?,
                pd_name: r.try_get(2)?,
                kind: r.try_get(3)?,
                description: r.try_get(4)?,
                submitted_on: date("submitted_on", r.try_get(5)?)?
                    .ok_or_else(|| StoreError::invalid("submitted_on", "missing"))?,
                created_by: r.try_get(6)?,
                created_at: r.try_get(7)?,
                files: self.attachments(Owner::LanDiagram(id), false).await?,
            });
        }
        Ok(out)
    }

    /// The PDs that have submitted a LAN diagram (for Bogor Pasal 21's rule).
    pub async fn pds_with_lan_diagram(&self) -> Result<Vec<i64>, StoreError> {
        sqlx::query("SELECT DISTINCT pd_id FROM lan_diagrams")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }

    /// Stores an application's artifact (Bogor Pasal 25(4)); a file that is one of the
    /// region's checklist documents (`document`, already checked by the caller) also marks the
    /// document as held, in the same transaction.
    pub async fn add_application_artifact(
        &self,
        ctx: &AuditCtx,
        application: i64,
        file: &NewFile<'_>,
        document: Option<&str>,
    ) -> Result<Attachment, StoreError> {
        let app = self
            .get_record::<crate::catalog::ApplicationInput>(application)
            .await?;
        let mut w = self.begin_write().await?;
        let id = insert_attachment(
            &mut w.tx,
            ctx,
            Owner::Application(application),
            file,
            false,
            Some(app.pd_id),
        )
        .await?;
        if let Some(code) = document.filter(|c| !app.documents.iter().any(|d| d == c)) {
            let mut documents = app.documents.clone();
            documents.push(code.to_string());
            sqlx::query(
                "UPDATE catalog_applications SET documents = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(documents.join(","))
            .bind(ts(ctx.at))
            .bind(application)
            .execute(&mut *w.tx)
            .await?;
            append(
                &mut w.tx,
                ctx,
                Change {
                    action: "update",
                    entity: "application",
                    entity_id: Some(application.to_string()),
                    pd_id: Some(app.pd_id),
                    before: Some(serde_json::json!({ "documents": app.documents })),
                    after: Some(serde_json::json!({ "documents": documents, "attachment_id": id })),
                },
            )
            .await?;
        }
        w.commit().await?;
        self.attachment(id).await
    }
}
