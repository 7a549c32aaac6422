//! Websites and sub-domains (Pessel Pasal 11, Bogor Pasal 22): each PD's sites, where they are
//! hosted and whether they are live. The compliance rules flag a live one outside the Pemda's
//! domain.

use crate::registers::{Env, Register};
use crate::{check_text, Store, StoreError};
use padu_domain::catalog::{WebsiteFacts, WEBSITE_STATUSES};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// A website as stored.
pub type Website = crate::registers::Record<WebsiteInput>;

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

const FIELDS: [Field; 6] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("host", Kind::Host).required(),
    Field::new("purpose", Kind::Text).required(),
    Field::new("status", Kind::Choice(&WEBSITE_STATUSES)).required(),
    Field::new("hosted_at", Kind::Text).required(),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).or("biasa"),
];

impl Register for WebsiteInput {
    const TABLE: &'static str = "catalog_websites";
    const DEF: Definition = Definition {
        name: "websites",
        entity: "website",
        fields: &FIELDS,
        key: &["host"],
        unique: &["host"],
        search: &["host", "purpose"],
        filters: &["status"],
        shown: &["purpose", "hosted_at", "status"],
        order: &["host"],
        api: "/api/v1/catalog/websites",
        page: "/katalog/situs",
    };

    fn validate(&self, _env: &Env) -> Result<(), StoreError> {
        if !valid_host(self.host.trim()) || self.host.trim() != self.host.trim().to_lowercase() {
            return Err(StoreError::invalid(
                "host",
                "must be a host name in lower case, e.g. dinkes.pesisirselatankab.go.id (no https://, no path)",
            ));
        }
        check_text("purpose", &self.purpose, 500)?;
        check_text("hosted_at", &self.hosted_at, 200)
    }
}

impl Store {
    /// Live websites the scope may read, for the domain rule.
    pub async fn website_facts(&self, scope: &ReadScope) -> Result<Vec<WebsiteFacts>, StoreError> {
        let live = vec![("status".to_string(), "aktif".to_string())];
        Ok(self
            .all_records::<WebsiteInput>(scope, &live)
            .await?
            .into_iter()
            .map(|s| WebsiteFacts {
                id: s.id,
                pd_id: Some(s.pd_id),
                host: s.fields.host,
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
