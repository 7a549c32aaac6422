//! Planning documents with their versions, signed approvals and reviews (PRODUCT.md module 2;
//! the review schedule is `padu_domain::planning`). A document and its first version are one
//! write; a version, once approved, is never changed: a change is a new version.

use crate::audit::{append, Change};
use crate::catalog::date;
use crate::page::{Arg, Where};
use crate::{check_len, check_text, ts, AuditCtx, ListQuery, Page, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::catalog::PlanFacts;
use padu_domain::planning::PlanKind;
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PlanSummary {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub kind: PlanKind,
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    pub classification: Classification,
    /// The newest version's number.
    pub latest_version: i64,
    /// The newest approved version's number and when it was approved.
    pub approved_version: Option<i64>,
    pub approved_on: Option<NaiveDate>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PlanVersion {
    pub number: i64,
    /// Section name → text; the names are the kind's (`PlanKind::sections`).
    pub sections: BTreeMap<String, String>,
    pub sections_sha256: String,
    pub note: String,
    pub created_by: String,
    pub created_at: String,
    pub approval: Option<Approval>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Approval {
    pub approved_by: String,
    pub role: String,
    pub approved_at: String,
    /// The signed statement (`padu_domain::planning::approval_statement`).
    pub statement: String,
    /// Ed25519 signature over the statement, hex.
    pub signature: String,
    pub public_key_pem: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct PlanReview {
    pub id: i64,
    pub reviewed_on: NaiveDate,
    pub basis: String,
    pub outcome: String,
    pub created_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Plan {
    #[serde(flatten)]
    pub summary: PlanSummary,
    /// Newest first.
    pub versions: Vec<PlanVersion>,
    /// Newest first.
    pub reviews: Vec<PlanReview>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    /// The Dinas for the Pemda's plans; the PD for its Rencana dan Anggaran.
    pub pd_id: i64,
    pub kind: PlanKind,
    pub title: String,
    pub start_year: i32,
    pub end_year: i32,
    #[serde(default = "biasa")]
    pub classification: Classification,
    /// The first version's sections.
    #[serde(default)]
    pub sections: BTreeMap<String, String>,
    #[serde(default)]
    pub note: String,
}

fn biasa() -> Classification {
    Classification::Biasa
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionInput {
    pub sections: BTreeMap<String, String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub reviewed_on: NaiveDate,
    /// Why: scheduled (mid-term, last year, yearly) or the trigger (a change in the national
    /// architecture, the RPJMD, an evaluation result…).
    pub basis: String,
    pub outcome: String,
}

/// Section names must be the kind's; every text at most 20,000 characters.
pub fn check_sections(
    kind: PlanKind,
    sections: &BTreeMap<String, String>,
) -> Result<(), StoreError> {
    for (name, text) in sections {
        if !kind.sections().contains(&name.as_str()) {
            return Err(StoreError::invalid(
                &format!("sections.{name}"),
                format!(
                    "not a section of this plan; the sections are {}",
                    kind.sections().join(", ")
                ),
            ));
        }
        check_len(&format!("sections.{name}"), text, 20_000)?;
    }
    Ok(())
}

/// The hash of a version's sections: SHA-256 over the canonical JSON (keys sorted).
pub fn sections_sha256(sections: &BTreeMap<String, String>) -> String {
    let json = serde_json::to_string(sections).unwrap_or_default();
    hex::encode(Sha256::digest(json.as_bytes()))
}

impl PlanInput {
    pub fn validate(&self) -> Result<(), StoreError> {
        check_text("title", &self.title, 300)?;
        if !(2000..=2100).contains(&self.start_year) {
            return Err(StoreError::invalid(
                "start_year",
                "must be a year 2000–2100",
            ));
        }
        let years = self.end_year - self.start_year + 1;
        if years < 1 || years > self.kind.max_years() {
            return Err(StoreError::invalid(
                "end_year",
                format!(
                    "a {} runs 1–{} years from its start year",
                    self.kind.as_str(),
                    self.kind.max_years()
                ),
            ));
        }
        check_len("note", &self.note, 2000)?;
        check_sections(self.kind, &self.sections)
    }
}

const SUMMARY: &str = "d.id, d.pd_id, p.name, d.kind, d.title, d.start_year, d.end_year, d.classification, d.created_at, d.updated_at, (SELECT MAX(number) FROM planning_versions v WHERE v.document_id = d.id), (SELECT MAX(number) FROM planning_versions v WHERE v.document_id = d.id AND v.approved_at IS NOT NULL), (SELECT MAX(approved_at) FROM planning_versions v WHERE v.document_id = d.id)";
const JOINS: &str = "JOIN perangkat_daerah p ON p.id = d.pd_id";

fn summary(r: &AnyRow) -> Result<PlanSummary, StoreError> {
    let kind: String = r.try_get(3)?;
    let approved_at: Option<String> = r.try_get(12)?;
    Ok(PlanSummary {
        id: r.try_get(0)?,
        pd_id: r.try_get(1)?,
        pd_name: r.try_get(2)?,
        kind: crate::catalog::parse("kind", &kind)?,
        title: r.try_get(4)?,
        start_year: r.try_get::<i64, _>(5)? as i32,
        end_year: r.try_get::<i64, _>(6)? as i32,
        classification: crate::classification_at(r, 7)?,
        created_at: r.try_get(8)?,
        updated_at: r.try_get(9)?,
        latest_version: r.try_get::<Option<i64>, _>(10)?.unwrap_or(0),
        approved_version: r.try_get(11)?,
        approved_on: approved_at.and_then(|a| a.get(..10).and_then(|d| d.parse().ok())),
    })
}

async fn insert_version(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    document: i64,
    number: i64,
    sections: &BTreeMap<String, String>,
    note: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO planning_versions (document_id, number, sections, sections_sha256, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(document)
        .bind(number)
        .bind(serde_json::to_string(sections).unwrap_or_default())
        .bind(sections_sha256(sections))
        .bind(note.to_string())
        .bind(ctx.actor_label.clone())
        .bind(ts(ctx.at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_plan(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    input: &PlanInput,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query("INSERT INTO planning_documents (pd_id, kind, title, start_year, end_year, classification, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id")
        .bind(input.pd_id)
        .bind(input.kind.as_str())
        .bind(input.title.trim().to_string())
        .bind(i64::from(input.start_year))
        .bind(i64::from(input.end_year))
        .bind(input.classification.as_str())
        .bind(ts(ctx.at))
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
    insert_version(tx, ctx, id, 1, &input.sections, &input.note).await?;
    append(
        tx,
        ctx,
        Change {
            action: "create",
            entity: "plan",
            entity_id: Some(id.to_string()),
            pd_id: Some(input.pd_id),
            before: None,
            after: Some(serde_json::to_value(input).unwrap_or_default()),
        },
    )
    .await?;
    Ok(id)
}

/// Adds the version after the newest of `plan` inside `tx`.
async fn next_version(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    plan: &PlanSummary,
    input: &VersionInput,
) -> Result<(), StoreError> {
    let id = plan.id;
    let number: i64 = sqlx::query(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM planning_versions WHERE document_id = $1",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    insert_version(tx, ctx, id, number, &input.sections, &input.note).await?;
    sqlx::query("UPDATE planning_documents SET updated_at = $1 WHERE id = $2")
        .bind(ts(ctx.at))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    append(
        tx,
        ctx,
        Change {
            action: "create",
            entity: "plan_version",
            entity_id: Some(format!("{id}/{number}")),
            pd_id: Some(plan.pd_id),
            before: None,
            after: Some(serde_json::to_value(input).unwrap_or_default()),
        },
    )
    .await?;
    Ok(())
}

impl Store {
    /// Who drafts the plans the profile gives to the planning PD: the kinds, and that PD as
    /// the region names it by code (none until a PD with that code exists).
    pub async fn plan_drafters(
        &self,
        profile: &padu_domain::profile::Profile,
    ) -> Result<padu_domain::planning::Drafters, StoreError> {
        let planning_pd = match &profile.planning_pd {
            Some(code) => self
                .pd_by_code(&code.value)
                .await?
                .map(|pd| padu_domain::PdId(pd.id)),
            None => None,
        };
        Ok(padu_domain::planning::Drafters {
            planning_pd,
            kinds: profile.planning_pd_drafts.keys().copied().collect(),
        })
    }
}

impl Store {
    pub async fn list_plans(
        &self,
        scope: &ReadScope,
        kind: Option<PlanKind>,
        q: &ListQuery,
    ) -> Result<Page<PlanSummary>, StoreError> {
        let mut w = Where::default();
        if let Some(like) = q.like() {
            w.and("LOWER(d.title) LIKE ? ESCAPE '\\'", [Arg::Text(like)]);
        }
        if let Some(k) = kind {
            w.and("d.kind = ?", [Arg::Text(k.as_str().into())]);
        }
        w.readable_by(scope, "d");
        self.paged(
            &w,
            crate::page::PagedSelect {
                from: "planning_documents d",
                alias: "d",
                columns: SUMMARY,
                joins: JOINS,
                order: "d.start_year DESC, d.id DESC",
                search_count_from: None,
                steer_by_count: false,
                outer_order: "d.start_year DESC, d.id DESC",
                ids_then_rows: Some("planning_documents"),
            },
            q,
            summary,
        )
        .await
    }

    pub async fn get_plan(&self, id: i64) -> Result<Plan, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {SUMMARY} FROM planning_documents d {JOINS} WHERE d.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let summary = summary(&r)?;
        let versions = sqlx::query("SELECT v.number, v.sections, v.sections_sha256, v.note, v.created_by, v.created_at, v.approved_by, v.approved_role, v.approved_at, v.statement, v.signature, k.public_key_pem FROM planning_versions v LEFT JOIN signing_keys k ON k.id = v.key_id WHERE v.document_id = $1 ORDER BY v.number DESC")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let sections: String = r.try_get(1)?;
                let approved_at: Option<String> = r.try_get(8)?;
                let approval = match approved_at {
                    Some(approved_at) => Some(Approval {
                        approved_by: r.try_get::<Option<String>, _>(6)?.unwrap_or_default(),
                        role: r.try_get::<Option<String>, _>(7)?.unwrap_or_default(),
                        approved_at,
                        statement: r.try_get::<Option<String>, _>(9)?.unwrap_or_default(),
                        signature: r.try_get::<Option<String>, _>(10)?.unwrap_or_default(),
                        public_key_pem: r.try_get::<Option<String>, _>(11)?.unwrap_or_default(),
                    }),
                    None => None,
                };
                Ok(PlanVersion {
                    number: r.try_get(0)?,
                    sections: serde_json::from_str(&sections)
                        .map_err(|_| StoreError::invalid("sections", "stored sections are not JSON"))?,
                    sections_sha256: r.try_get(2)?,
                    note: r.try_get(3)?,
                    created_by: r.try_get(4)?,
                    created_at: r.try_get(5)?,
                    approval,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let reviews = sqlx::query("SELECT id, reviewed_on, basis, outcome, created_by, created_at FROM planning_reviews WHERE document_id = $1 ORDER BY reviewed_on DESC, id DESC")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(PlanReview {
                    id: r.try_get(0)?,
                    reviewed_on: date("reviewed_on", r.try_get(1)?)?
                        .ok_or_else(|| StoreError::invalid("reviewed_on", "missing"))?,
                    basis: r.try_get(2)?,
                    outcome: r.try_get(3)?,
                    created_by: r.try_get(4)?,
                    created_at: r.try_get(5)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Plan {
            summary,
            versions,
            reviews,
        })
    }

    /// Creates the document and its version 1 in one transaction.
    pub async fn create_plan(&self, ctx: &AuditCtx, input: &PlanInput) -> Result<Plan, StoreError> {
        input.validate()?;
        self.check_pd(input.pd_id).await?;
        let mut w = self.begin_write().await?;
        let id = insert_plan(&mut w.tx, ctx, input).await?;
        w.commit().await?;
        self.get_plan(id).await
    }

    /// Adds the next version (the previous ones stay as they were).
    pub async fn add_plan_version(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &VersionInput,
    ) -> Result<Plan, StoreError> {
        let plan = self.get_plan(id).await?;
        check_sections(plan.summary.kind, &input.sections)?;
        check_len("note", &input.note, 2000)?;
        let mut w = self.begin_write().await?;
        next_version(&mut w.tx, ctx, &plan.summary, input).await?;
        w.commit().await?;
        self.get_plan(id).await
    }

    /// An import's plans in one transaction: new documents, and new versions of existing ones
    /// (each checked again first). Any failure writes nothing.
    pub async fn import_plans(
        &self,
        ctx: &AuditCtx,
        new: &[PlanInput],
        versions: &[(i64, VersionInput)],
    ) -> Result<(), StoreError> {
        let mut plans = Vec::with_capacity(versions.len());
        for input in new {
            input.validate()?;
            self.check_pd(input.pd_id).await?;
        }
        for (id, v) in versions {
            let plan = self.get_plan(*id).await?;
            check_sections(plan.summary.kind, &v.sections)?;
            plans.push(plan.summary);
        }
        let mut w = self.begin_write().await?;
        for input in new {
            insert_plan(&mut w.tx, ctx, input).await?;
        }
        for (summary, (_, v)) in plans.iter().zip(versions) {
            next_version(&mut w.tx, ctx, summary, v).await?;
        }
        w.commit().await
    }

    /// Every plan as (PD, kind, title in lower case) → id, for matching an import's rows.
    pub async fn plan_keys(
        &self,
    ) -> Result<std::collections::HashMap<(i64, String, String), i64>, StoreError> {
        sqlx::query("SELECT id, pd_id, kind, title FROM planning_documents")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let title: String = r.try_get(3)?;
                Ok((
                    (r.try_get(1)?, r.try_get(2)?, title.trim().to_lowercase()),
                    r.try_get(0)?,
                ))
            })
            .collect()
    }

    /// Records the approval of version `number` (signed by the caller). A version is approved
    /// once: a second approval, or one of a version that is not the newest, is a conflict.
    pub async fn approve_plan_version(
        &self,
        ctx: &AuditCtx,
        id: i64,
        number: i64,
        approval: &Approval,
        key_id: i64,
    ) -> Result<Plan, StoreError> {
        let plan = self.get_plan(id).await?;
        let version = plan
            .versions
            .iter()
            .find(|v| v.number == number)
            .ok_or(StoreError::NotFound)?;
        if version.approval.is_some() {
            return Err(StoreError::Conflict {
                field: "version".into(),
                message: "this version is already approved".into(),
            });
        }
        if number != plan.summary.latest_version {
            return Err(StoreError::Conflict {
                field: "version".into(),
                message: "only the newest version can be approved".into(),
            });
        }
        let mut w = self.begin_write().await?;
        let done = sqlx::query("UPDATE planning_versions SET approved_by = $1, approved_role = $2, approved_at = $3, statement = $4, signature = $5, key_id = $6 WHERE document_id = $7 AND number = $8 AND approved_at IS NULL")
            .bind(approval.approved_by.clone())
            .bind(approval.role.clone())
            .bind(approval.approved_at.clone())
            .bind(approval.statement.clone())
            .bind(approval.signature.clone())
            .bind(key_id)
            .bind(id)
            .bind(number)
            .execute(&mut *w.tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                field: "version".into(),
                message: "this version is already approved".into(),
            });
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "approve",
                entity: "plan_version",
                entity_id: Some(format!("{id}/{number}")),
                pd_id: Some(plan.summary.pd_id),
                before: None,
                after: Some(serde_json::json!({
                    "statement": approval.statement,
                    "signature": approval.signature,
                })),
            },
        )
        .await?;
        w.commit().await?;
        self.get_plan(id).await
    }

    pub async fn add_plan_review(
        &self,
        ctx: &AuditCtx,
        id: i64,
        today: NaiveDate,
        input: &ReviewInput,
    ) -> Result<Plan, StoreError> {
        let plan = self.get_plan(id).await?;
        check_text("basis", &input.basis, 500)?;
        check_text("outcome", &input.outcome, 10_000)?;
        if input.reviewed_on > today {
            return Err(StoreError::invalid(
                "reviewed_on",
                "must not be in the future",
            ));
        }
        let mut w = self.begin_write().await?;
        sqlx::query("INSERT INTO planning_reviews (document_id, reviewed_on, basis, outcome, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(input.reviewed_on.to_string())
            .bind(input.basis.trim().to_string())
            .bind(input.outcome.clone())
            .bind(ctx.actor_label.clone())
            .bind(ts(ctx.at))
            .execute(&mut *w.tx)
            .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "plan_review",
                entity_id: Some(id.to_string()),
                pd_id: Some(plan.summary.pd_id),
                before: None,
                after: Some(serde_json::to_value(input).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        self.get_plan(id).await
    }

    /// What the review rule needs of every plan the scope may read.
    pub async fn plan_facts(&self, scope: &ReadScope) -> Result<Vec<PlanFacts>, StoreError> {
        let mut w = Where::default();
        w.readable_by(scope, "d");
        let rows = w
            .bind(sqlx::query(&format!(
                "SELECT {SUMMARY} FROM planning_documents d {JOINS} WHERE {} ORDER BY d.id",
                w.sql()
            )))
            .fetch_all(&self.pool)
            .await?;
        let reviews = sqlx::query("SELECT document_id, reviewed_on FROM planning_reviews")
            .fetch_all(&self.pool)
            .await?;
        let mut by_plan: BTreeMap<i64, Vec<NaiveDate>> = BTreeMap::new();
        for r in &reviews {
            if let Some(d) = date("reviewed_on", r.try_get(1)?)? {
                by_plan.entry(r.try_get(0)?).or_default().push(d);
            }
        }
        rows.iter()
            .map(|r| {
                let s = summary(r)?;
                Ok(PlanFacts {
                    id: s.id,
                    pd_id: Some(s.pd_id),
                    title: s.title,
                    kind: s.kind,
                    start_year: s.start_year,
                    end_year: s.end_year,
                    approved_on: s.approved_on,
                    reviews: by_plan.remove(&s.id).unwrap_or_default(),
                })
            })
            .collect()
    }
}
