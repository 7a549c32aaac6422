//! Appending to and reading the hash-chained audit log.

use crate::{ts, AuditCtx, Engine, ListQuery, Page, Store, StoreError};
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use padu_domain::audit::{entry_hash, AuditEntry};
use sqlx::any::AnyRow;
use sqlx::Row;

/// What a change did, for its audit entry.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub pd_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Appends one entry to the chain inside the caller's transaction; returns its number. The
/// UPDATE of the head row comes first: on PostgreSQL it locks the row until commit, so
/// concurrent appenders queue.
pub(crate) async fn append(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    change: Change<'_>,
) -> Result<i64, StoreError> {
    append_all(tx, ctx, vec![change]).await
}

/// Appends many entries at once (an import's rows) inside the caller's transaction: the head
/// is moved once for all of them and the entries go in several to a statement. Updating the
/// head row once per entry inside one long PostgreSQL transaction leaves a version of the row
/// per update that each later update walks (measured: 4 ms per row by the 100,000th).
pub(crate) async fn append_all(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    changes: Vec<Change<'_>>,
) -> Result<i64, StoreError> {
    if changes.is_empty() {
        return Ok(0);
    }
    let n = changes.len() as i64;
    let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(n)
        .fetch_one(&mut **tx)
        .await?;
    let last: i64 = head.try_get(0)?;
    let mut prev_hash: String = head.try_get(1)?;
    let at = ts(ctx.at);
    let mut entries = Vec::with_capacity(changes.len());
    for (i, change) in changes.into_iter().enumerate() {
        let detail =
            serde_json::json!({ "before": change.before, "after": change.after }).to_string();
        let mut entry = AuditEntry {
            seq: last - n + 1 + i as i64,
            at: at.clone(),
            actor_user_id: ctx.actor_user_id,
            actor_label: ctx.actor_label.clone(),
            action: change.action.to_string(),
            entity: change.entity.to_string(),
            entity_id: change.entity_id,
            pd_id: change.pd_id,
            detail,
            ip: ctx.ip.clone(),
            prev_hash: prev_hash.clone(),
            hash: String::new(),
        };
        entry.hash = entry_hash(&entry, &prev_hash);
        prev_hash = entry.hash.clone();
        entries.push(entry);
    }
    for chunk in entries.chunks(400) {
        let marks: Vec<String> = (0..chunk.len())
            .map(|r| {
                let b = r * 12;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 8,
                    b + 9,
                    b + 10,
                    b + 11,
                    b + 12
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO audit_log ({COLUMNS}) VALUES {}",
            marks.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for e in chunk {
            q = q
                .bind(e.seq)
                .bind(e.at.clone())
                .bind(e.actor_user_id)
                .bind(e.actor_label.clone())
                .bind(e.action.clone())
                .bind(e.entity.clone())
                .bind(e.entity_id.clone())
                .bind(e.pd_id)
                .bind(e.detail.clone())
                .bind(e.ip.clone())
                .bind(e.prev_hash.clone())
                .bind(e.hash.clone());
        }
        q.execute(&mut **tx).await?;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(prev_hash)
        .execute(&mut **tx)
        .await?;
    Ok(last)
}

const COLUMNS: &str = "seq, at, actor_user_id, actor_label, action, entity, entity_id, pd_id, detail, ip, prev_hash, hash";

fn entry(r: &AnyRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        seq: r.try_get(0)?,
        at: r.try_get(1)?,
        actor_user_id: r.try_get(2)?,
        actor_label: r.try_get(3)?,
        action: r.try_get(4)?,
        entity: r.try_get(5)?,
        entity_id: r.try_get(6)?,
        pd_id: r.try_get(7)?,
        detail: r.try_get(8)?,
        ip: r.try_get(9)?,
        prev_hash: r.try_get(10)?,
        hash: r.try_get(11)?,
    })
}

/// Filters of the audit log list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub action: Option<String>,
    pub actor_user_id: Option<i64>,
    /// Entries whose actor's name starts with this (a username; its tokens' entries too).
    pub actor: Option<String>,
    pub pd_id: Option<i64>,
    /// Entries at or after this moment.
    pub from: Option<DateTime<Utc>>,
    /// Entries before this moment.
    pub until: Option<DateTime<Utc>>,
}

/// A signed checkpoint of the chain head.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Checkpoint {
    pub id: i64,
    pub seq: i64,
    pub hash: String,
    pub at: String,
    pub key_id: i64,
    pub message: String,
    pub signature: String,
    pub public_key_pem: String,
}

/// A row to delete: `table` (a table name from code, never from input), its register's indexed
/// text `search` (empty for a table not searched by word), and what the audit log names it by.
pub(crate) struct Deletion<'a> {
    pub table: &'static str,
    pub search: &'a str,
    pub entity: &'static str,
    pub id: i64,
    pub pd_id: Option<i64>,
}

impl Store {
    /// Deletes the row `what` names and audits it with the record as it was (`before`), in one
    /// transaction.
    pub(crate) async fn delete_audited(
        &self,
        ctx: &AuditCtx,
        what: Deletion<'_>,
        before: serde_json::Value,
    ) -> Result<(), StoreError> {
        let Deletion {
            table,
            search,
            entity,
            id,
            pd_id,
        } = what;
        let mut w = self.begin_write().await?;
        let users = Self::references_to(&mut w.tx, self.engine, table, id).await?;
        if !users.is_empty() {
            let named: Vec<String> = users
                .iter()
                .map(|(t, column, n)| format!("{n} in {t} ({column})"))
                .collect();
            return Err(StoreError::conflict(
                "id",
                format!(
                    "still in use by {}; change or remove those records first",
                    named.join(", ")
                ),
            ));
        }
        sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        crate::search::reindex(&mut w.tx, self.engine, table, search, id).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "delete",
                entity,
                entity_id: Some(id.to_string()),
                pd_id,
                before: Some(before),
                after: None,
            },
        )
        .await?;
        w.commit().await?;
        Ok(())
    }

    /// The records that still refer to row `id` of `table` through a foreign key that forbids
    /// deleting it (neither ON DELETE CASCADE nor SET NULL), as (table, column, count). The
    /// keys are read from the schema itself, so a new migration's references count at once.
    pub(crate) async fn references_to(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        engine: Engine,
        table: &str,
        id: i64,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let keys = match engine {
            Engine::Sqlite => "SELECT m.name, f.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = $1 AND f.on_delete IN ('NO ACTION', 'RESTRICT') ORDER BY m.name, f.\"from\"",
            Engine::Postgres => "SELECT c.conrelid::regclass::text, a.attname::text FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] WHERE c.contype = 'f' AND c.confrelid = $1::text::regclass AND c.confdeltype IN ('a', 'r') ORDER BY 1, 2",
        };
        let keys: Vec<(String, String)> = sqlx::query(keys)
            .bind(table)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
        let mut users = Vec::new();
        for (child, column) in keys {
            // Names from the schema catalogue, never from input.
            let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {child} WHERE {column} = $1"))
                .bind(id)
                .fetch_one(&mut **tx)
                .await?
                .try_get(0)?;
            if n > 0 {
                users.push((child, column, n));
            }
        }
        Ok(users)
    }

    /// Records an event that is not itself a stored change (a login, a failed login, a backup).
    pub async fn record_event(
        &self,
        ctx: &AuditCtx,
        change: Change<'_>,
    ) -> Result<i64, StoreError> {
        let mut w = self.begin_write().await?;
        let seq = append(&mut w.tx, ctx, change).await?;
        w.commit().await?;
        Ok(seq)
    }

    /// Newest first, filtered and paginated.
    pub async fn list_audit(
        &self,
        f: &AuditFilter,
        q: &ListQuery,
    ) -> Result<Page<AuditEntry>, StoreError> {
        // Times are stored as RFC 3339 text of one width, so they compare as text.
        let cond = "($1 IS NULL OR entity = $1) AND ($2 IS NULL OR action = $2) AND ($3 IS NULL OR actor_user_id = $3) AND ($4 IS NULL OR pd_id = $4) AND ($5 IS NULL OR LOWER(actor_label || ' ' || entity || ' ' || COALESCE(entity_id, '') || ' ' || detail) LIKE $5 ESCAPE '\\') AND ($6 IS NULL OR at >= $6) AND ($7 IS NULL OR at < $7) AND ($8 IS NULL OR LOWER(actor_label) LIKE $8 ESCAPE '\\')";
        let like = q.like();
        let (from, until) = (f.from.map(ts), f.until.map(ts));
        let actor = f
            .actor
            .as_deref()
            .map(|a| format!("{}%", crate::page::like_literal(a.trim())));
        let total: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM audit_log WHERE {cond}"))
            .bind(&f.entity)
            .bind(&f.action)
            .bind(f.actor_user_id)
            .bind(f.pd_id)
            .bind(&like)
            .bind(&from)
            .bind(&until)
            .bind(&actor)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE {cond} ORDER BY seq DESC LIMIT $9 OFFSET $10"
        ))
        .bind(&f.entity)
        .bind(&f.action)
        .bind(f.actor_user_id)
        .bind(f.pd_id)
        .bind(&like)
        .bind(&from)
        .bind(&until)
        .bind(&actor)
        .bind(i64::from(q.limit()))
        .bind(q.offset())
        .fetch_all(&self.pool)
        .await?;
        let items = rows.iter().map(entry).collect::<Result<_, _>>()?;
        Ok(Page::new(items, total, q))
    }

    /// The head as the store records it: the last sequence number and hash.
    pub async fn audit_head(&self) -> Result<(i64, String), StoreError> {
        let r = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }

    pub async fn audit_entry(&self, seq: i64) -> Result<AuditEntry, StoreError> {
        let r = sqlx::query(&format!("SELECT {COLUMNS} FROM audit_log WHERE seq = $1"))
            .bind(seq)
            .fetch_optional(&self.pool)
            .await?;
        Ok(entry(&r.ok_or(StoreError::NotFound)?)?)
    }

    /// Registers a public key (idempotent by fingerprint) and returns its id.
    pub async fn register_signing_key(
        &self,
        fingerprint: &str,
        public_key_pem: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<i64, StoreError> {
        let _g = self.write_lock.lock().await;
        if let Some(r) = sqlx::query("SELECT id FROM signing_keys WHERE fingerprint = $1")
            .bind(fingerprint)
            .fetch_optional(&self.pool)
            .await?
        {
            return Ok(r.try_get(0)?);
        }
        let r = sqlx::query("INSERT INTO signing_keys (fingerprint, public_key_pem, created_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(fingerprint)
            .bind(public_key_pem)
            .bind(ts(at))
            .fetch_one(&self.pool)
            .await?;
        Ok(r.try_get(0)?)
    }

    /// Every registered public key: (fingerprint, PEM).
    pub async fn signing_keys(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query("SELECT fingerprint, public_key_pem FROM signing_keys ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// Stores a signed checkpoint of the head `seq`/`hash`.
    pub async fn add_checkpoint(
        &self,
        seq: i64,
        hash: &str,
        at: &str,
        key_id: i64,
        message: &str,
        signature_hex: &str,
    ) -> Result<i64, StoreError> {
        let _g = self.write_lock.lock().await;
        let r = sqlx::query("INSERT INTO audit_checkpoints (seq, hash, at, key_id, message, signature) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(seq)
            .bind(hash)
            .bind(at)
            .bind(key_id)
            .bind(message)
            .bind(signature_hex)
            .fetch_one(&self.pool)
            .await?;
        Ok(r.try_get(0)?)
    }

    /// Newest first.
    pub async fn list_checkpoints(&self, limit: i64) -> Result<Vec<Checkpoint>, StoreError> {
        let rows = sqlx::query("SELECT c.id, c.seq, c.hash, c.at, c.key_id, c.message, c.signature, k.public_key_pem FROM audit_checkpoints c JOIN signing_keys k ON k.id = c.key_id ORDER BY c.id DESC LIMIT $1")
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Checkpoint {
                    id: r.try_get(0)?,
                    seq: r.try_get(1)?,
                    hash: r.try_get(2)?,
                    at: r.try_get(3)?,
                    key_id: r.try_get(4)?,
                    message: r.try_get(5)?,
                    signature: r.try_get(6)?,
                    public_key_pem: r.try_get(7)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// The hash of entry `seq`, if it exists (to match checkpoints against the chain).
    pub async fn audit_hash_at(&self, seq: i64) -> Result<Option<String>, StoreError> {
        let r = sqlx::query("SELECT hash FROM audit_log WHERE seq = $1")
            .bind(seq)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.map(|r| r.try_get(0)).transpose()?)
    }

    /// Total entries, for the dashboard.
    pub async fn audit_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }

    /// Up to `limit` entries after `after_seq`, in chain order: verification walks the whole
    /// log in such batches without holding it in memory.
    pub async fn audit_batch(
        &self,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
        ))
        .bind(after_seq)
        .bind(limit)
        .fetch(&self.pool)
        .map_err(StoreError::from)
        .and_then(|r| async move { entry(&r).map_err(StoreError::from) })
        .try_collect()
        .await
    }
}
