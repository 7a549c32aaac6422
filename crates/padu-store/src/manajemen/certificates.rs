//! Certificates the Dinas monitors (Pessel Pasal 55(6)-(7); Kalbar Pasal 20(6), Bogor Pasal
//! 26(6)): the electronic certificates (TTE, issued by BSrE) of each PD's officials and the TLS
//! certificates of its websites and services, with issuer, subject, validity and revocation. A
//! TLS certificate is read from its PEM (`padu::app::manajemen::security`), never typed in,
//! and keeps its SHA-256 fingerprint.

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::manajemen::security::{CertificateFact, CERTIFICATE_KINDS};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// A certificate as stored.
pub type Certificate = crate::registers::Record<CertificateInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertificateInput {
    /// The PD whose official or system holds it.
    pub pd_id: i64,
    /// sertifikat_elektronik (an official's TTE) or sertifikat_tls.
    pub kind: String,
    /// The official's name, or the TLS certificate's subject.
    pub holder: String,
    /// The official's position (jabatan), for an electronic certificate.
    #[serde(default)]
    pub position: String,
    /// The host names a TLS certificate covers, comma-separated.
    #[serde(default)]
    pub hosts: String,
    pub issuer: String,
    #[serde(default)]
    pub serial_number: String,
    /// SHA-256 of the certificate's DER, hex, when it was read from its PEM.
    #[serde(default)]
    pub fingerprint: String,
    #[serde(default)]
    pub not_before: Option<NaiveDate>,
    pub not_after: NaiveDate,
    #[serde(default)]
    pub revoked: bool,
    #[serde(default)]
    pub revoked_on: Option<NaiveDate>,
    #[serde(default)]
    pub application_ids: Vec<i64>,
    #[serde(default)]
    pub website_ids: Vec<i64>,
    /// The SPBE services it secures.
    #[serde(default)]
    pub service_ids: Vec<i64>,
    #[serde(default)]
    pub note: String,
    #[serde(default = "terbatas")]
    pub classification: Classification,
}

fn terbatas() -> Classification {
    Classification::Terbatas
}

const FIELDS: [Field; 17] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("kind", Kind::Choice(&CERTIFICATE_KINDS)).required(),
    Field::new("holder", Kind::Text).required(),
    Field::new("position", Kind::Text),
    Field::new("hosts", Kind::Text),
    Field::new("issuer", Kind::Text).required(),
    Field::new("serial_number", Kind::Text),
    Field::new("fingerprint", Kind::Text),
    Field::new("not_before", Kind::Date),
    Field::new("not_after", Kind::Date).required(),
    Field::new("revoked", Kind::Flag),
    Field::new("revoked_on", Kind::Date),
    Field::new("application_ids", Kind::Ids("catalog_applications")),
    Field::new("website_ids", Kind::Ids("catalog_websites")),
    Field::new("service_ids", Kind::Ids("catalog_services")),
    Field::new("note", Kind::Long),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS))
        .required()
        .or("terbatas"),
];

impl Register for CertificateInput {
    const TABLE: &'static str = "manajemen_certificates";
    const DEF: Definition = Definition {
        name: "security_certificates",
        entity: "certificate",
        fields: &FIELDS,
        key: &["holder", "kind", "serial_number"],
        unique: &[],
        search: &["holder", "issuer", "hosts"],
        filters: &["kind", "revoked"],
        shown: &["kind", "issuer", "not_after", "revoked"],
        order: &["not_after", "holder"],
        api: "/api/v1/manajemen/certificates",
        page: "/manajemen/sertifikat",
    };

    /// Validity runs forward; a revocation has its day and only a revoked certificate has one;
    /// a TLS certificate names its hosts, an electronic one its holder's position.
    fn validate(&self, _env: &Env) -> Result<(), StoreError> {
        check_text("holder", &self.holder, 300)?;
        check_text("issuer", &self.issuer, 300)?;
        check_len("position", &self.position, 200)?;
        check_len("hosts", &self.hosts, 2000)?;
        check_len("serial_number", &self.serial_number, 200)?;
        check_len("note", &self.note, 4000)?;
        let sha256 = |f: &str| f.len() == 64 && f.bytes().all(|b| b.is_ascii_hexdigit());
        if !self.fingerprint.is_empty() && !sha256(&self.fingerprint) {
            return Err(StoreError::invalid(
                "fingerprint",
                "must be a SHA-256 in 64 hexadecimal digits",
            ));
        }
        if self.not_before.is_some_and(|b| b > self.not_after) {
            return Err(StoreError::invalid(
                "not_after",
                "must not come before the start of validity",
            ));
        }
        match (self.revoked, self.revoked_on) {
            (true, None) => {
                return Err(StoreError::invalid(
                    "revoked_on",
                    "a revoked certificate says when it was revoked",
                ))
            }
            (false, Some(_)) => {
                return Err(StoreError::invalid(
                    "revoked",
                    "tick the revocation when giving its day",
                ))
            }
            _ => {}
        }
        if self.kind == "sertifikat_tls" {
            check_text("hosts", &self.hosts, 2000)
                .map_err(|_| StoreError::invalid("hosts", "a TLS certificate names its hosts"))?;
        } else {
            check_text("position", &self.position, 200).map_err(|_| {
                StoreError::invalid(
                    "position",
                    "an electronic certificate names its holder's position",
                )
            })?;
        }
        Ok(())
    }
}

impl Store {
    /// What the security rules and reminders need of the certificates `scope` may read.
    pub async fn certificate_facts(
        &self,
        scope: &ReadScope,
    ) -> Result<Vec<CertificateFact>, StoreError> {
        let none = crate::registers::Filters::new();
        Ok(self
            .all_records::<CertificateInput>(scope, &none)
            .await?
            .into_iter()
            .map(|r| CertificateFact {
                id: r.id,
                pd_id: r.fields.pd_id,
                subject: r.fields.holder,
                not_after: r.fields.not_after,
                revoked: r.fields.revoked,
                classification: r.fields.classification,
            })
            .collect())
    }

    /// The certificate read from a PEM with this SHA-256 fingerprint, if one was.
    pub async fn certificate_with_fingerprint(
        &self,
        fingerprint: &str,
    ) -> Result<Option<i64>, StoreError> {
        use sqlx::Row;
        let row = sqlx::query("SELECT id FROM manajemen_certificates WHERE fingerprint = $1")
            .bind(fingerprint)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// Every notice the security sweep sent, by subject: one read per sweep, whatever the
    /// number of incidents and certificates.
    pub async fn security_notices(
        &self,
    ) -> Result<std::collections::HashMap<String, Vec<String>>, StoreError> {
        use sqlx::Row;
        let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
        for r in sqlx::query("SELECT subject, notice FROM manajemen_security_notices")
            .fetch_all(&self.pool)
            .await?
        {
            out.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
        }
        Ok(out)
    }

    /// Records that `notice` about `subject` went out; false when it already had (another
    /// sweep got there first), so a notice goes once.
    pub async fn security_notice_sent(
        &self,
        subject: &str,
        notice: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO manajemen_security_notices (subject, notice, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(subject)
        .bind(notice)
        .bind(crate::ts(at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
