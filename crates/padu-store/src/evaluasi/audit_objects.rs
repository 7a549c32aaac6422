//! What the Pemda audits (Pessel Pasal 62(1), Kalbar Pasal 36(2), Bogor Pasal 41(1)): an
//! infrastructure, an application or a security scope, of a PD or of the Pemda as a whole (kept
//! under the PD that answers for it), each due again the profile's `audit_months` after the
//! report of its last audit. A register like any other: form, import, export, list, API.

use crate::registers::{Env, Register};
use crate::{check_len, check_text, StoreError};
use padu_domain::evaluasi::audit::AUDIT_KINDS;
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::Classification;
use serde::{Deserialize, Serialize};

/// An audit object as stored.
pub type AuditObject = crate::registers::Record<AuditObjectInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditObjectInput {
    /// The PD that answers for it (the auditee).
    pub pd_id: i64,
    pub name: String,
    /// infrastruktur, aplikasi or keamanan.
    pub kind: String,
    /// Whether it is the Pemda's as a whole (a shared data centre, the intranet).
    #[serde(default)]
    pub pemda_wide: bool,
    #[serde(default)]
    pub description: String,
    #[serde(default = "terbatas")]
    pub classification: Classification,
}

fn terbatas() -> Classification {
    Classification::Terbatas
}

const FIELDS: [Field; 6] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("name", Kind::Text).required(),
    Field::new("kind", Kind::Choice(&AUDIT_KINDS)).required(),
    Field::new("pemda_wide", Kind::Flag),
    Field::new("description", Kind::Long),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS))
        .required()
        .or("terbatas"),
];

impl Register for AuditObjectInput {
    const TABLE: &'static str = "audit_objects";
    const DEF: Definition = Definition {
        name: "audit_objects",
        entity: "audit_object",
        fields: &FIELDS,
        key: &["name", "kind"],
        unique: &[],
        search: &["name", "description"],
        filters: &["kind"],
        shown: &["kind", "pemda_wide"],
        order: &["kind", "name"],
        api: "/api/v1/audit/objects",
        page: "/audit-tik/objek",
    };

    fn validate(&self, _env: &Env) -> Result<(), StoreError> {
        check_text("name", &self.name, 300)?;
        check_len("description", &self.description, 8000)
    }
}
