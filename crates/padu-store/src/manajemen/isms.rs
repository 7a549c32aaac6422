//! Manajemen Keamanan Informasi SPBE, the ISMS (Peraturan BSSN 4/2021; Kalbar Pasal 29, Bogor
//! Pasal 34, Pessel Pasal 54): each PD's records of the six stages — the scope, who is
//! responsible, planning with its policies, operation, performance evaluation, continual
//! improvement — each with its owner, its document, the day and, for a policy or a plan, when
//! it is next reviewed. The evaluation stage's records are the monitoring Kalbar Pasal 29(5)
//! asks for at least yearly (`padu_domain::manajemen::security::evaluation_findings`).

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::manajemen::security::{IsmsFact, ISMS_STAGES};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// An ISMS record as stored.
pub type IsmsRecord = crate::registers::Record<IsmsRecordInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IsmsRecordInput {
    pub pd_id: i64,
    /// One of the six stages.
    pub stage: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Who is responsible for it.
    pub owner: String,
    /// The decree, policy or report that holds it.
    #[serde(default)]
    pub document_reference: String,
    pub recorded_on: NaiveDate,
    /// When it is next reviewed (a policy, a plan).
    #[serde(default)]
    pub review_due: Option<NaiveDate>,
    #[serde(default = "terbatas")]
    pub classification: Classification,
}

fn terbatas() -> Classification {
    Classification::Terbatas
}

const FIELDS: [Field; 9] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("stage", Kind::Choice(&ISMS_STAGES)).required(),
    Field::new("title", Kind::Text).required(),
    Field::new("description", Kind::Long),
    Field::new("owner", Kind::Text).required(),
    Field::new("document_reference", Kind::Text),
    Field::new("recorded_on", Kind::Date).required(),
    Field::new("review_due", Kind::Date),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS))
        .required()
        .or("terbatas"),
];

impl Register for IsmsRecordInput {
    const TABLE: &'static str = "manajemen_isms_records";
    const DEF: Definition = Definition {
        name: "isms_records",
        entity: "isms_record",
        fields: &FIELDS,
        key: &["title", "stage"],
        unique: &[],
        search: &["title", "description"],
        filters: &["stage"],
        shown: &["stage", "owner", "recorded_on", "review_due"],
        order: &["stage", "recorded_on"],
        api: "/api/v1/manajemen/isms-records",
        page: "/manajemen/smki",
    };

    /// Recorded on a day that has come; reviewed after it was recorded.
    fn validate(&self, env: &Env) -> Result<(), StoreError> {
        check_text("title", &self.title, 300)?;
        check_text("owner", &self.owner, 200)?;
        check_len("description", &self.description, 8000)?;
        check_len("document_reference", &self.document_reference, 300)?;
        if self.recorded_on > env.today {
            return Err(StoreError::invalid(
                "recorded_on",
                "must not be in the future",
            ));
        }
        if self.review_due.is_some_and(|d| d <= self.recorded_on) {
            return Err(StoreError::invalid(
                "review_due",
                "must come after the day it was recorded",
            ));
        }
        Ok(())
    }
}

impl Store {
    /// What the ISMS rule needs of the records `scope` may read.
    pub async fn isms_facts(&self, scope: &ReadScope) -> Result<Vec<IsmsFact>, StoreError> {
        let none = crate::registers::Filters::new();
        Ok(self
            .all_records::<IsmsRecordInput>(scope, &none)
            .await?
            .into_iter()
            .map(|r| IsmsFact {
                pd_id: r.fields.pd_id,
                stage: r.fields.stage,
                recorded_on: r.fields.recorded_on,
            })
            .collect())
    }
}
