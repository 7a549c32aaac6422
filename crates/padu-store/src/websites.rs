//! Websites and sub-domains (Pessel Pasal 11, Bogor Pasal 22): each PD's sites, where they are
//! hosted and whether they are live. The compliance rules flag a live one outside the Pemda's
//! domain.

use crate::page::{Arg, Where};
use crate::registers::{Register, Stored};
use crate::sites::AnyQuery;
use crate::{check_text, AuditCtx, ListQuery, Page, Store, StoreError};
use padu_domain::catalog::WebsiteFacts;
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

use padu_domain::catalog::WEBSITE_STATUSES;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Website {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub host: String,
    pub purpose: String,
    pub status: String,
    pub hosted_at: String,
    pub classification: Classification,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebsiteInput {
    pub pd_id: i64,
    /// The host name, e.g. `dinkes.pesisirselatankab.go.id`.
    pub host: String,
    pub purpose: String,
    /// aktif or nonaktif.
    pub status: String,
    /// Where it runs: the Pusat Data, a DRC, a provider.
    pub hosted_at: String,
    #[serde(default = "biasa")]
    pub classification: Classification,
}

fn biasa() -> Classification {
    Classification::Biasa
}

/// A DNS host name: dot-separated labels of letters, digits and hyphens (RFC 1123), at least
/// two labels, 253 characters at most.
pub fn valid_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl WebsiteInput {
    pub fn validate(&self) -> Result<(), StoreError> {
        if !valid_host(self.host.trim()) || self.host.trim() != self.host.trim().to_lowercase() {
            return Err(StoreError::invalid(
                "host",
                "must be a host name in lower case, e.g. dinkes.pesisirselatankab.go.id (no https://, no path)",
            ));
        }
        check_text("purpose", &self.purpose, 500)?;
        check_text("hosted_at", &self.hosted_at, 200)?;
        if !WEBSITE_STATUSES.contains(&self.status.as_str()) {
            return Err(StoreError::invalid(
                "status",
                format!("must be one of {}", WEBSITE_STATUSES.join(", ")),
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default)]
pub struct WebsiteFilter {
    pub pd_id: Option<i64>,
}

impl Register for WebsiteInput {
    const TABLE: &'static str = "catalog_websites";
    const ENTITY: &'static str = "website";
    const KEY: &'static str = "host";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "host",
        "purpose",
        "status",
        "hosted_at",
        "classification",
    ];
    fn pd_id(&self) -> Option<i64> {
        Some(self.pd_id)
    }
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.host.trim().to_string())
            .bind(self.purpose.clone())
            .bind(self.status.clone())
            .bind(self.hosted_at.clone())
            .bind(self.classification.as_str().to_string())
    }
}

impl Stored for WebsiteInput {
    type Record = Website;
    const SELECT: &'static str = "t.id, t.pd_id, p.name, t.host, t.purpose, t.status, t.hosted_at, t.classification, t.created_at, t.updated_at";
    const JOINS: &'static str = "JOIN perangkat_daerah p ON p.id = t.pd_id";
    const ORDER: &'static str = "t.host, t.id";
    fn decode(r: &AnyRow) -> Result<Website, StoreError> {
        Ok(Website {
            id: r.try_get(0)?,
            pd_id: r.try_get(1)?,
            pd_name: r.try_get(2)?,
            host: r.try_get(3)?,
            purpose: r.try_get(4)?,
            status: r.try_get(5)?,
            hosted_at: r.try_get(6)?,
            classification: crate::classification_at(r, 7)?,
            created_at: r.try_get(8)?,
            updated_at: r.try_get(9)?,
        })
    }
    fn record_pd(r: &Website) -> Option<i64> {
        Some(r.pd_id)
    }
}

impl From<&Website> for WebsiteInput {
    fn from(w: &Website) -> Self {
        WebsiteInput {
            pd_id: w.pd_id,
            host: w.host.clone(),
            purpose: w.purpose.clone(),
            status: w.status.clone(),
            hosted_at: w.hosted_at.clone(),
            classification: w.classification,
        }
    }
}

impl Store {
    async fn check_website(&self, input: &WebsiteInput, id: Option<i64>) -> Result<(), StoreError> {
        input.validate()?;
        self.check_pd(input.pd_id).await?;
        let taken = sqlx::query("SELECT id FROM catalog_websites WHERE host = $1")
            .bind(input.host.trim())
            .fetch_optional(&self.pool)
            .await?;
        if let Some(r) = taken {
            if Some(r.try_get::<i64, _>(0)?) != id {
                return Err(StoreError::Conflict {
                    field: "host".into(),
                    message: "this host is already registered".into(),
                });
            }
        }
        Ok(())
    }

    pub async fn list_websites(
        &self,
        scope: &ReadScope,
        f: &WebsiteFilter,
        q: &ListQuery,
    ) -> Result<Page<Website>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        w.readable_by(scope, "t");
        self.list_records::<WebsiteInput>(w, q).await
    }

    pub async fn get_website(&self, id: i64) -> Result<Website, StoreError> {
        self.get_record::<WebsiteInput>(id).await
    }

    pub async fn create_website(
        &self,
        ctx: &AuditCtx,
        input: &WebsiteInput,
    ) -> Result<Website, StoreError> {
        self.check_website(input, None).await?;
        self.create_record(ctx, input).await
    }

    pub async fn update_website(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &WebsiteInput,
    ) -> Result<Website, StoreError> {
        self.check_website(input, Some(id)).await?;
        self.update_record(ctx, id, input).await
    }

    /// Writes an import's rows in one transaction, each checked again first.
    pub async fn import_websites(
        &self,
        ctx: &AuditCtx,
        rows: &[crate::registers::Upsert<WebsiteInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<crate::registers::UpsertReport, StoreError> {
        for row in rows {
            let id = match row {
                crate::registers::Upsert::Update { id, .. } => Some(*id),
                crate::registers::Upsert::Create(_) => None,
            };
            self.check_website(row.input(), id).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

    /// Live websites the scope may read, for the domain rule.
    pub async fn website_facts(&self, scope: &ReadScope) -> Result<Vec<WebsiteFacts>, StoreError> {
        let mut w = Where::default();
        w.and("t.status = 'aktif'", []);
        w.readable_by(scope, "t");
        Ok(self
            .all_records::<WebsiteInput>(&w)
            .await?
            .into_iter()
            .map(|s| WebsiteFacts {
                id: s.id,
                pd_id: Some(s.pd_id),
                host: s.host,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::valid_host;

    #[test]
    fn host_names_are_checked_label_by_label() {
        assert!(valid_host("dinkes.pesisirselatankab.go.id"));
        assert!(valid_host("e-office.pesisirselatankab.go.id"));
        for bad in [
            "pesisirselatankab",
            "https://x.go.id",
            "x..go.id",
            "-x.go.id",
            "x.go.id/path",
            "dinas kesehatan.go.id",
        ] {
            assert!(!valid_host(bad), "{bad}");
        }
    }
}
