//! The service bus's trust records: client certificates the instance CA issued (and their
//! revocation), federated instances whose CA this one trusts, and message-log archives.
//! Certificates and federation are registry changes, so they are audited; the gateway reads
//! them in its registry snapshot (`Store::registry`).

use crate::gsb::Kept;
use crate::{check_text, ts, AuditCtx, Store, StoreError};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A client certificate issued to a subsystem.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Certificate {
    pub id: i64,
    pub subsystem_id: i64,
    /// Serial number, hex.
    pub serial: String,
    /// SHA-256 of the DER certificate, hex: how the gateway recognises it.
    pub fingerprint: String,
    pub subject: String,
    pub not_before: String,
    pub not_after: String,
    pub cert_pem: String,
    /// The certificate this one renewed.
    pub renews_id: Option<i64>,
    pub created_at: String,
    pub revoked_at: Option<String>,
    pub revoked_reason: Option<String>,
}

/// A certificate as the CA made it, before it is stored.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub subsystem_id: i64,
    pub serial: String,
    pub fingerprint: String,
    pub subject: String,
    pub not_before: String,
    pub not_after: String,
    pub cert_pem: String,
    pub renews_id: Option<i64>,
}

/// Another instance this one trusts: its gateway and the CA that issues its certificates.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Federation {
    pub id: i64,
    pub instance: String,
    pub gateway_url: String,
    pub ca_cert_pem: String,
    pub ca_fingerprint: String,
    pub created_at: String,
}

/// Message-log records moved to an archive file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Archive {
    pub id: i64,
    pub first_record: i64,
    pub last_record: i64,
    pub last_batch: i64,
    pub last_chain: String,
    pub file_name: String,
    pub file_sha256: String,
    pub created_at: String,
}

const CERT_COLUMNS: &str = "id, subsystem_id, serial, fingerprint, subject, not_before, not_after, cert_pem, renews_id, created_at, revoked_at, revoked_reason";
const FEDERATION_COLUMNS: &str =
    "id, instance, gateway_url, ca_cert_pem, ca_fingerprint, created_at";
const ARCHIVE_COLUMNS: &str =
    "id, first_record, last_record, last_batch, last_chain, file_name, file_sha256, created_at";

pub(crate) fn certificate(r: &AnyRow) -> Result<Certificate, StoreError> {
    Ok(Certificate {
        id: r.try_get(0)?,
        subsystem_id: r.try_get(1)?,
        serial: r.try_get(2)?,
        fingerprint: r.try_get(3)?,
        subject: r.try_get(4)?,
        not_before: r.try_get(5)?,
        not_after: r.try_get(6)?,
        cert_pem: r.try_get(7)?,
        renews_id: r.try_get(8)?,
        created_at: r.try_get(9)?,
        revoked_at: r.try_get(10)?,
        revoked_reason: r.try_get(11)?,
    })
}

pub(crate) fn federation(r: &AnyRow) -> Result<Federation, StoreError> {
    Ok(Federation {
        id: r.try_get(0)?,
        instance: r.try_get(1)?,
        gateway_url: r.try_get(2)?,
        ca_cert_pem: r.try_get(3)?,
        ca_fingerprint: r.try_get(4)?,
        created_at: r.try_get(5)?,
    })
}

fn archive(r: &AnyRow) -> Result<Archive, StoreError> {
    Ok(Archive {
        id: r.try_get(0)?,
        first_record: r.try_get(1)?,
        last_record: r.try_get(2)?,
        last_batch: r.try_get(3)?,
        last_chain: r.try_get(4)?,
        file_name: r.try_get(5)?,
        file_sha256: r.try_get(6)?,
        created_at: r.try_get(7)?,
    })
}

/// The unrevoked certificates: fingerprint → subsystem (expiry is the TLS handshake's check).
pub(crate) const LIVE_CERTS: &str =
    "SELECT fingerprint, subsystem_id FROM gsb_certificates WHERE revoked_at IS NULL";
pub(crate) fn federation_query() -> String {
    format!("SELECT {FEDERATION_COLUMNS} FROM gsb_federation ORDER BY instance")
}

impl Store {
    /// Stores a certificate the CA issued (audited; the PEM is public).
    pub async fn insert_certificate(
        &self,
        ctx: &AuditCtx,
        c: &NewCertificate,
    ) -> Result<Certificate, StoreError> {
        let sql = format!("INSERT INTO gsb_certificates (subsystem_id, serial, fingerprint, subject, not_before, not_after, cert_pem, renews_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {CERT_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(c.subsystem_id)
            .bind(&c.serial)
            .bind(&c.fingerprint)
            .bind(&c.subject)
            .bind(&c.not_before)
            .bind(&c.not_after)
            .bind(&c.cert_pem)
            .bind(c.renews_id)
            .bind(ts(ctx.at));
        self.audited_change(
            ctx,
            ("issue", "gsb_certificate"),
            "serial",
            query,
            certificate,
            Kept::Now,
        )
        .await
    }

    pub async fn get_certificate(&self, id: i64) -> Result<Certificate, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {CERT_COLUMNS} FROM gsb_certificates WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        certificate(&r.ok_or(StoreError::NotFound)?)
    }

    pub async fn list_certificates(
        &self,
        subsystem_id: i64,
    ) -> Result<Vec<Certificate>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {CERT_COLUMNS} FROM gsb_certificates WHERE subsystem_id = $1 ORDER BY id"
        ))
        .bind(subsystem_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(certificate).collect()
    }

    /// Every revoked certificate (for the CRL).
    pub async fn revoked_certificates(&self) -> Result<Vec<Certificate>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {CERT_COLUMNS} FROM gsb_certificates WHERE revoked_at IS NOT NULL ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(certificate).collect()
    }

    /// Revokes a certificate; the gateway refuses it from its next registry read on.
    pub async fn revoke_certificate(
        &self,
        ctx: &AuditCtx,
        id: i64,
        reason: &str,
    ) -> Result<Certificate, StoreError> {
        check_text("reason", reason, 200)?;
        let sql = format!("UPDATE gsb_certificates SET revoked_at = $1, revoked_reason = $2 WHERE id = $3 AND revoked_at IS NULL RETURNING {CERT_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(ts(ctx.at))
            .bind(reason.trim())
            .bind(id);
        self.audited_change(
            ctx,
            ("revoke", "gsb_certificate"),
            "id",
            query,
            certificate,
            Kept::Now,
        )
        .await
    }

    /// Trusts another instance (its CA certificate was checked by the caller).
    pub async fn add_federation(
        &self,
        ctx: &AuditCtx,
        instance: &str,
        gateway_url: &str,
        ca_cert_pem: &str,
        ca_fingerprint: &str,
    ) -> Result<Federation, StoreError> {
        padu_domain::gsb::check_part("instance", instance)
            .map_err(|e| StoreError::invalid(e.field, e.message))?;
        crate::gsb::check_base_url("gateway_url", gateway_url)?;
        if !gateway_url.starts_with("https://") {
            return Err(StoreError::invalid(
                "gateway_url",
                "a federated gateway is reached over https (mutual TLS)",
            ));
        }
        let sql = format!("INSERT INTO gsb_federation (instance, gateway_url, ca_cert_pem, ca_fingerprint, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {FEDERATION_COLUMNS}");
        let query = sqlx::query(&sql)
            .bind(instance)
            .bind(gateway_url.trim_end_matches('/'))
            .bind(ca_cert_pem)
            .bind(ca_fingerprint)
            .bind(ts(ctx.at));
        self.audited_change(
            ctx,
            ("create", "gsb_federation"),
            "instance",
            query,
            federation,
            Kept::Now,
        )
        .await
    }

    /// Stops trusting an instance (at once: the gateway re-reads the registry).
    pub async fn remove_federation(
        &self,
        ctx: &AuditCtx,
        id: i64,
    ) -> Result<Federation, StoreError> {
        let sql =
            format!("DELETE FROM gsb_federation WHERE id = $1 RETURNING {FEDERATION_COLUMNS}");
        let query = sqlx::query(&sql).bind(id);
        self.audited_change(
            ctx,
            ("delete", "gsb_federation"),
            "id",
            query,
            federation,
            Kept::Gone,
        )
        .await
    }

    pub async fn archives(&self) -> Result<Vec<Archive>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {ARCHIVE_COLUMNS} FROM gsb_archives ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(archive).collect()
    }

    /// Records that an archive file now holds records up to `a.last_record`, and deletes them
    /// from the database, in one transaction. Their batches stay.
    pub async fn record_archive(&self, a: &Archive) -> Result<Archive, StoreError> {
        check_text("file_name", &a.file_name, 500)?;
        let mut w = self.begin_write().await?;
        let r = sqlx::query(&format!("INSERT INTO gsb_archives (first_record, last_record, last_batch, last_chain, file_name, file_sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {ARCHIVE_COLUMNS}"))
            .bind(a.first_record)
            .bind(a.last_record)
            .bind(a.last_batch)
            .bind(&a.last_chain)
            .bind(&a.file_name)
            .bind(&a.file_sha256)
            .bind(&a.created_at)
            .fetch_one(&mut *w.tx)
            .await?;
        sqlx::query("DELETE FROM gsb_messages WHERE id >= $1 AND id <= $2")
            .bind(a.first_record)
            .bind(a.last_record)
            .execute(&mut *w.tx)
            .await?;
        w.commit().await?;
        archive(&r)
    }

    /// The last batch closed at or before `cutoff` (a timestamp as `ts` writes it).
    pub async fn last_batch_closed_by(
        &self,
        cutoff: &str,
    ) -> Result<Option<crate::gsb::Batch>, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {} FROM gsb_batches WHERE closed_at <= $1 ORDER BY id DESC LIMIT 1",
            crate::gsb::BATCH_COLUMNS
        ))
        .bind(cutoff)
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| crate::gsb::batch(&r)).transpose()
    }
}
