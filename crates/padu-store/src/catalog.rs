//! Katalog & Arsitektur SPBE registers (PRODUCT.md module 2): the applications register, and
//! the facts the compliance rules (`padu_domain::catalog::evaluate`) read from the records.

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::catalog::{
    required_documents, ApplicationFacts, ApplicationKind, Origin, APPLICATION_KINDS,
    APPLICATION_SECTORS, APPLICATION_STATUSES, COPYRIGHT_HOLDERS, ORIGINS,
};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// An application as stored.
pub type Application = crate::registers::Record<ApplicationInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    pub pd_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub kind: ApplicationKind,
    /// One of the 23 sectors of Pessel Lampiran I.
    pub sector: String,
    pub origin: Origin,
    #[serde(default)]
    pub open_source: bool,
    #[serde(default)]
    pub source_repository: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// planned, development, production or retired.
    pub status: String,
    #[serde(default)]
    pub in_production_since: Option<NaiveDate>,
    #[serde(default)]
    pub tested_on: Option<NaiveDate>,
    #[serde(default)]
    pub last_review: Option<NaiveDate>,
    #[serde(default)]
    pub documents: Vec<String>,
    pub classification: Classification,
    /// pemda or pengembang, when recorded.
    #[serde(default)]
    pub copyright_holder: Option<String>,
}

const FIELDS: [Field; 16] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("name", Kind::Text).required(),
    Field::new("description", Kind::Long),
    Field::new("kind", Kind::Choice(&APPLICATION_KINDS)).required(),
    Field::new("sector", Kind::Choice(&APPLICATION_SECTORS)).required(),
    Field::new("origin", Kind::Choice(&ORIGINS)).required(),
    Field::new("open_source", Kind::Flag),
    Field::new("source_repository", Kind::Text),
    Field::new("url", Kind::Text),
    Field::new("status", Kind::Choice(&APPLICATION_STATUSES)).required(),
    Field::new("in_production_since", Kind::Date),
    Field::new("tested_on", Kind::Date),
    Field::new("last_review", Kind::Date),
    Field::new("documents", Kind::Codes),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).required(),
    Field::new("copyright_holder", Kind::Choice(&COPYRIGHT_HOLDERS)),
];

impl Register for ApplicationInput {
    const TABLE: &'static str = "catalog_applications";
    const DEF: Definition = Definition {
        name: "applications",
        entity: "application",
        fields: &FIELDS,
        key: &["name"],
        unique: &[],
        search: &["name", "description"],
        filters: &["sector", "status"],
        shown: &["sector", "status"],
        order: &["name"],
        api: "/api/v1/catalog/applications",
        page: "/katalog",
    };

    /// Document codes must belong to the region's checklist.
    fn validate(&self, env: &Env) -> Result<(), StoreError> {
        let profile = env.profile;
        check_text("name", &self.name, 200)?;
        check_len("description", &self.description, 4000)?;
        for (field, value) in [
            ("source_repository", &self.source_repository),
            ("url", &self.url),
        ] {
            if let Some(v) = value {
                check_len(field, v, 500)?;
                if !(v.starts_with("https://") || v.starts_with("http://")) {
                    return Err(StoreError::invalid(field, "must be an http(s) address"));
                }
            }
        }
        if self.open_source && self.source_repository.is_none() {
            return Err(StoreError::invalid(
                "source_repository",
                "an open-source application names its source repository",
            ));
        }
        if self.status == "production" && self.in_production_since.is_none() {
            return Err(StoreError::invalid(
                "in_production_since",
                "an application in production says since when",
            ));
        }
        let checklist = required_documents(profile);
        for (i, code) in self.documents.iter().enumerate() {
            if !checklist.iter().any(|d| d.code == *code) {
                return Err(StoreError::invalid(
                    &format!("documents[{i}]"),
                    format!(
                        "{code} is not in this region's checklist ({})",
                        checklist
                            .iter()
                            .map(|d| d.code.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            if self.documents[..i].contains(code) {
                return Err(StoreError::invalid(
                    &format!("documents[{i}]"),
                    format!("{code} is listed twice"),
                ));
            }
        }
        Ok(())
    }
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    field: &str,
    raw: &str,
) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(raw.to_string()))
        .map_err(|_| StoreError::invalid(field, format!("unknown stored value {raw}")))
}

pub(crate) fn date(field: &str, raw: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    raw.map(|d| {
        d.parse()
            .map_err(|_| StoreError::invalid(field, format!("stored date {d} is not YYYY-MM-DD")))
    })
    .transpose()
}

impl Store {
    /// What the compliance rules need of every application the scope may read (retired ones
    /// are out of the rules' reach).
    pub async fn application_facts(
        &self,
        scope: &ReadScope,
    ) -> Result<Vec<ApplicationFacts>, StoreError> {
        Ok(self
            .all_records::<ApplicationInput>(scope, &Vec::new())
            .await?
            .into_iter()
            .filter(|a| a.status != "retired")
            .map(|record| (record.id, record.fields))
            .map(|(id, a)| ApplicationFacts {
                id,
                pd_id: Some(a.pd_id),
                name: a.name,
                origin: a.origin,
                in_production_since: a.in_production_since,
                documents: a.documents,
                tested_on: a.tested_on,
                last_review: a.last_review,
                copyright_holder: a.copyright_holder,
            })
            .collect())
    }
}
