//! SPBE policies and SOPs (Pessel Pasal 66–67): the Pemda's strategic, operational and special
//! policies, and each PD's SOPs for its ICT management processes, with their legal basis and
//! status. The compliance rules look for a policy in force per subject and an SOP per PD.

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::catalog::{
    POLICY_AND_SOP_SUBJECTS, POLICY_KINDS, POLICY_STATUSES, POLICY_SUBJECTS, SOP_SUBJECTS,
};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::Classification;
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A policy or SOP as stored.
pub type Policy = crate::registers::Record<PolicyInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    /// The Dinas for the Pemda's policies; the PD for its SOPs.
    pub pd_id: i64,
    /// kebijakan or sop.
    pub kind: String,
    /// A policy's subject (Pessel Pasal 66(2–4)), or an SOP's management process.
    pub subject: String,
    pub title: String,
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub established_on: Option<NaiveDate>,
    /// draf, berlaku or dicabut.
    pub status: String,
    #[serde(default = "biasa")]
    pub classification: Classification,
}

fn biasa() -> Classification {
    Classification::Biasa
}

const FIELDS: [Field; 8] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("title", Kind::Text).required(),
    Field::new("kind", Kind::Choice(&POLICY_KINDS)).required(),
    Field::new("subject", Kind::Choice(&POLICY_AND_SOP_SUBJECTS)).required(),
    Field::new("reference", Kind::Text),
    Field::new("established_on", Kind::Date),
    Field::new("status", Kind::Choice(&POLICY_STATUSES)).required(),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).or("biasa"),
];

impl Register for PolicyInput {
    const TABLE: &'static str = "governance_policies";
    const DEF: Definition = Definition {
        name: "policies",
        entity: "policy",
        fields: &FIELDS,
        key: &["title"],
        unique: &[],
        search: &["title", "subject", "reference"],
        filters: &["kind", "status"],
        shown: &["kind", "subject", "status"],
        order: &["title"],
        api: "/api/v1/governance/policies",
        page: "/tata-kelola",
    };

    fn validate(&self, _env: &Env) -> Result<(), StoreError> {
        check_text("title", &self.title, 300)?;
        check_len("reference", &self.reference, 200)?;
        let subjects: &[&str] = if self.kind == "sop" {
            &SOP_SUBJECTS
        } else {
            &POLICY_SUBJECTS
        };
        if !subjects.contains(&self.subject.as_str()) {
            return Err(StoreError::invalid(
                "subject",
                format!(
                    "a {}'s subject is one of {}",
                    self.kind,
                    subjects.join(", ")
                ),
            ));
        }
        if self.status == "berlaku"
            && (self.established_on.is_none() || self.reference.trim().is_empty())
        {
            return Err(StoreError::invalid(
                "established_on",
                "a policy in force names its legal basis (reference) and the day it was set",
            ));
        }
        Ok(())
    }
}

impl Store {
    /// The policy subjects with a policy in force (Pessel Pasal 66).
    pub async fn policy_subjects_in_force(&self) -> Result<Vec<String>, StoreError> {
        sqlx::query("SELECT DISTINCT subject FROM governance_policies WHERE kind = 'kebijakan' AND status = 'berlaku'")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }

    /// PDs with an SOP in force (Pessel Pasal 67(1)).
    pub async fn pds_with_sop(&self) -> Result<Vec<i64>, StoreError> {
        sqlx::query("SELECT DISTINCT pd_id FROM governance_policies WHERE kind = 'sop' AND status = 'berlaku'")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }
}
