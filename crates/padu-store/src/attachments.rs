//! Files attached to tickets, complaints, applications (their artifacts), LAN diagrams and an
//! evaluation's claims (their evidence). The web layer checks type and size before a file
//! gets here; the store keeps the bytes with their SHA-256.

use crate::audit::{append, Change};
use crate::{ts, AuditCtx, Store, StoreError};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// What a file is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Ticket(i64),
    Complaint(i64),
    /// An application's artifact (Bogor Pasal 25(4)).
    Application(i64),
    /// The drawing of a LAN diagram submission (Bogor Pasal 21).
    LanDiagram(i64),
    /// Evidence of an indicator's claimed level in a self-evaluation.
    EvaluationClaim(i64),
    /// Evidence of an audit's work paper.
    AuditWorkPaper(i64),
    /// A version of an open data set's file resource (public once the data set is).
    OpenResource(i64),
}

impl Owner {
    pub(crate) fn parts(self) -> (&'static str, i64) {
        match self {
            Owner::Ticket(id) => ("ticket", id),
            Owner::Complaint(id) => ("complaint", id),
            Owner::Application(id) => ("application", id),
            Owner::LanDiagram(id) => ("lan_diagram", id),
            Owner::EvaluationClaim(id) => ("evaluation_claim", id),
            Owner::AuditWorkPaper(id) => ("audit_work_paper", id),
            Owner::OpenResource(id) => ("open_resource", id),
        }
    }
}

/// A file to store: its name, sniffed type and bytes.
pub struct NewFile<'a> {
    pub filename: &'a str,
    pub content_type: &'a str,
    pub data: &'a [u8],
}

/// Stores a file inside `tx` and audits it; returns its id.
pub(crate) async fn insert_attachment(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    owner: Owner,
    file: &NewFile<'_>,
    public: bool,
    pd_id: Option<i64>,
) -> Result<i64, StoreError> {
    let (kind, owner_id) = owner.parts();
    let sha = hex::encode(Sha256::digest(file.data));
    let id: i64 = sqlx::query("INSERT INTO attachments (owner_kind, owner_id, filename, content_type, size_bytes, sha256, public, uploaded_by, created_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
        .bind(kind)
        .bind(owner_id)
        .bind(file.filename)
        .bind(file.content_type)
        .bind(file.data.len() as i64)
        .bind(&sha)
        .bind(i64::from(public))
        .bind(&ctx.actor_label)
        .bind(ts(ctx.at))
        .bind(file.data.to_vec())
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    append(
        tx,
        ctx,
        Change {
            action: "attach",
            entity: kind,
            entity_id: Some(owner_id.to_string()),
            pd_id,
            before: None,
            after: Some(serde_json::json!({ "attachment_id": id, "filename": file.filename, "size_bytes": file.data.len(), "sha256": sha, "public": public })),
        },
    )
    .await?;
    Ok(id)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Attachment {
    pub id: i64,
    pub owner_kind: String,
    pub owner_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// Seen by the requester or complainant (internal files are staff only).
    pub public: bool,
    pub uploaded_by: String,
    pub created_at: String,
}

const COLUMNS: &str = "id, owner_kind, owner_id, filename, content_type, size_bytes, sha256, public, uploaded_by, created_at";

fn attachment(r: &sqlx::any::AnyRow) -> Result<Attachment, StoreError> {
    Ok(Attachment {
        id: r.try_get(0)?,
        owner_kind: r.try_get(1)?,
        owner_id: r.try_get(2)?,
        filename: r.try_get(3)?,
        content_type: r.try_get(4)?,
        size_bytes: r.try_get(5)?,
        sha256: r.try_get(6)?,
        public: r.try_get::<i64, _>(7)? != 0,
        uploaded_by: r.try_get(8)?,
        created_at: r.try_get(9)?,
    })
}

impl Store {
    pub async fn add_attachment(
        &self,
        ctx: &AuditCtx,
        owner: Owner,
        filename: &str,
        content_type: &str,
        public: bool,
        data: &[u8],
    ) -> Result<Attachment, StoreError> {
        let mut w = self.begin_write().await?;
        let file = NewFile {
            filename,
            content_type,
            data,
        };
        let id = insert_attachment(&mut w.tx, ctx, owner, &file, public, None).await?;
        w.commit().await?;
        self.attachment(id).await
    }

    pub async fn attachment(&self, id: i64) -> Result<Attachment, StoreError> {
        let r = sqlx::query(&format!("SELECT {COLUMNS} FROM attachments WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        attachment(&r.ok_or(StoreError::NotFound)?)
    }

    pub async fn attachment_data(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        let r = sqlx::query("SELECT data FROM attachments WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.ok_or(StoreError::NotFound)?.try_get(0)?)
    }

    pub async fn attachments(
        &self,
        owner: Owner,
        public_only: bool,
    ) -> Result<Vec<Attachment>, StoreError> {
        let (kind, id) = owner.parts();
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM attachments WHERE owner_kind = $1 AND owner_id = $2 AND ($3 = 0 OR public = 1) ORDER BY id"))
            .bind(kind)
            .bind(id)
            .bind(i64::from(public_only))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(attachment).collect()
    }
}
