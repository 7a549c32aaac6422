//! SPBE policies and SOPs (Pessel Pasal 66–67): the Pemda's strategic, operational and special
//! policies, and each PD's SOPs for its ICT management processes, with their legal basis and
//! status. The compliance rules look for a policy in force per subject and an SOP per PD.

use crate::page::{Arg, Where};
use crate::registers::{Register, Stored, Upsert, UpsertReport};
use crate::sites::AnyQuery;
use crate::{check_len, check_text, AuditCtx, ListQuery, Page, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::catalog::{POLICY_SUBJECTS, SOP_SUBJECTS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

use padu_domain::catalog::{POLICY_KINDS, POLICY_STATUSES};

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Policy {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub kind: String,
    pub subject: String,
    pub title: String,
    /// The number of the regulation or decree that sets it.
    pub reference: String,
    pub established_on: Option<NaiveDate>,
    pub status: String,
    pub classification: Classification,
    pub created_at: String,
    pub updated_at: String,
}

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

impl PolicyInput {
    pub fn validate(&self) -> Result<(), StoreError> {
        check_text("title", &self.title, 300)?;
        check_len("reference", &self.reference, 200)?;
        if !POLICY_KINDS.contains(&self.kind.as_str()) {
            return Err(StoreError::invalid("kind", "must be kebijakan or sop"));
        }
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
        if !POLICY_STATUSES.contains(&self.status.as_str()) {
            return Err(StoreError::invalid(
                "status",
                format!("must be one of {}", POLICY_STATUSES.join(", ")),
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

impl Register for PolicyInput {
    const TABLE: &'static str = "governance_policies";
    const ENTITY: &'static str = "policy";
    const KEY: &'static str = "title";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "kind",
        "subject",
        "title",
        "reference",
        "established_on",
        "status",
        "classification",
    ];
    fn pd_id(&self) -> Option<i64> {
        Some(self.pd_id)
    }
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.kind.clone())
            .bind(self.subject.clone())
            .bind(self.title.trim().to_string())
            .bind(self.reference.clone())
            .bind(self.established_on.map(|d| d.to_string()))
            .bind(self.status.clone())
            .bind(self.classification.as_str().to_string())
    }
}

impl Stored for PolicyInput {
    type Record = Policy;
    const SELECT: &'static str = "t.id, t.pd_id, p.name, t.kind, t.subject, t.title, t.reference, t.established_on, t.status, t.classification, t.created_at, t.updated_at";
    const JOINS: &'static str = "JOIN perangkat_daerah p ON p.id = t.pd_id";
    const ORDER: &'static str = "t.title, t.id";
    fn decode(r: &AnyRow) -> Result<Policy, StoreError> {
        Ok(Policy {
            id: r.try_get(0)?,
            pd_id: r.try_get(1)?,
            pd_name: r.try_get(2)?,
            kind: r.try_get(3)?,
            subject: r.try_get(4)?,
            title: r.try_get(5)?,
            reference: r.try_get(6)?,
            established_on: crate::catalog::date("established_on", r.try_get(7)?)?,
            status: r.try_get(8)?,
            classification: crate::classification_at(r, 9)?,
            created_at: r.try_get(10)?,
            updated_at: r.try_get(11)?,
        })
    }
    fn record_pd(r: &Policy) -> Option<i64> {
        Some(r.pd_id)
    }
}

impl From<&Policy> for PolicyInput {
    fn from(p: &Policy) -> Self {
        PolicyInput {
            pd_id: p.pd_id,
            kind: p.kind.clone(),
            subject: p.subject.clone(),
            title: p.title.clone(),
            reference: p.reference.clone(),
            established_on: p.established_on,
            status: p.status.clone(),
            classification: p.classification,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct PolicyFilter {
    pub pd_id: Option<i64>,
    pub kind: Option<String>,
}

impl Store {
    async fn check_policy(&self, input: &PolicyInput) -> Result<(), StoreError> {
        input.validate()?;
        self.check_pd(input.pd_id).await
    }

    pub async fn list_policies(
        &self,
        scope: &ReadScope,
        f: &PolicyFilter,
        q: &ListQuery,
    ) -> Result<Page<Policy>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(k) = &f.kind {
            w.and("t.kind = ?", [Arg::Text(k.clone())]);
        }
        w.readable_by(scope, "t");
        self.list_records::<PolicyInput>(w, q).await
    }

    pub async fn create_policy(
        &self,
        ctx: &AuditCtx,
        input: &PolicyInput,
    ) -> Result<Policy, StoreError> {
        self.check_policy(input).await?;
        self.create_record(ctx, input).await
    }

    pub async fn update_policy(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &PolicyInput,
    ) -> Result<Policy, StoreError> {
        self.check_policy(input).await?;
        self.update_record(ctx, id, input).await
    }

    pub async fn import_policies(
        &self,
        ctx: &AuditCtx,
        rows: &[Upsert<PolicyInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
        for row in rows {
            self.check_policy(row.input()).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

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
