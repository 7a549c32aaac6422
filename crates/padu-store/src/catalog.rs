//! Katalog & Arsitektur SPBE registers (PRODUCT.md module 2): the applications register, and
//! the facts the compliance rules (`padu_domain::catalog::evaluate`) read from the records.

use crate::page::{Arg, Where};
use crate::registers::{Register, Stored, Upsert, UpsertReport};
use crate::sites::AnyQuery;
use crate::{check_len, check_text, AuditCtx, ListQuery, Page, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::catalog::{
    required_documents, ApplicationFacts, ApplicationKind, Origin, APPLICATION_SECTORS,
};
use padu_domain::profile::ProfileId;
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

use padu_domain::catalog::APPLICATION_STATUSES;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Application {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub name: String,
    pub description: String,
    pub kind: ApplicationKind,
    pub sector: String,
    pub origin: Origin,
    pub open_source: bool,
    pub source_repository: Option<String>,
    pub url: Option<String>,
    pub status: String,
    pub in_production_since: Option<NaiveDate>,
    pub tested_on: Option<NaiveDate>,
    pub last_review: Option<NaiveDate>,
    /// Codes of the profile's documentation checklist that the application has.
    pub documents: Vec<String>,
    pub classification: Classification,
    pub created_at: String,
    pub updated_at: String,
}

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
}

impl ApplicationInput {
    /// Checks every field; document codes must belong to `profile`'s checklist.
    pub fn validate(&self, profile: ProfileId) -> Result<(), StoreError> {
        check_text("name", &self.name, 200)?;
        check_len("description", &self.description, 4000)?;
        if !APPLICATION_SECTORS.contains(&self.sector.as_str()) {
            return Err(StoreError::invalid(
                "sector",
                "must be one of the 23 application sectors of Pessel Lampiran I",
            ));
        }
        if !APPLICATION_STATUSES.contains(&self.status.as_str()) {
            return Err(StoreError::invalid(
                "status",
                format!("must be one of {}", APPLICATION_STATUSES.join(", ")),
            ));
        }
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
            if !checklist.iter().any(|d| d.code == code) {
                return Err(StoreError::invalid(
                    &format!("documents[{i}]"),
                    format!(
                        "{code} is not in this region's checklist ({})",
                        checklist
                            .iter()
                            .map(|d| d.code)
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

#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    pub pd_id: Option<i64>,
    pub sector: Option<String>,
    pub status: Option<String>,
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

fn application(r: &AnyRow) -> Result<Application, StoreError> {
    let documents: String = r.try_get(15)?;
    Ok(Application {
        id: r.try_get(0)?,
        pd_id: r.try_get(1)?,
        pd_name: r.try_get(2)?,
        name: r.try_get(3)?,
        description: r.try_get(4)?,
        kind: parse("kind", &r.try_get::<String, _>(5)?)?,
        sector: r.try_get(6)?,
        origin: parse("origin", &r.try_get::<String, _>(7)?)?,
        open_source: r.try_get::<i64, _>(8)? != 0,
        source_repository: r.try_get(9)?,
        url: r.try_get(10)?,
        status: r.try_get(11)?,
        in_production_since: date("in_production_since", r.try_get(12)?)?,
        tested_on: date("tested_on", r.try_get(13)?)?,
        last_review: date("last_review", r.try_get(14)?)?,
        documents: documents
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
        classification: crate::classification_at(r, 16)?,
        created_at: r.try_get(17)?,
        updated_at: r.try_get(18)?,
    })
}

/// A unit enum's serde name (`umum`, `ready_made`): the stored text.
pub(crate) fn enum_text<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(crate) fn text_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

impl Store {
    pub async fn list_applications(
        &self,
        scope: &ReadScope,
        f: &ApplicationFilter,
        q: &ListQuery,
    ) -> Result<Page<Application>, StoreError> {
        let mut w = Where::default();
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(s) = &f.sector {
            w.and("t.sector = ?", [Arg::Text(s.clone())]);
        }
        if let Some(s) = &f.status {
            w.and("t.status = ?", [Arg::Text(s.clone())]);
        }
        w.readable_by(scope, "t");
        self.list_records::<ApplicationInput>(w, q).await
    }

    pub async fn get_application(&self, id: i64) -> Result<Application, StoreError> {
        self.get_record::<ApplicationInput>(id).await
    }

    pub async fn create_application(
        &self,
        ctx: &AuditCtx,
        profile: ProfileId,
        input: &ApplicationInput,
    ) -> Result<Application, StoreError> {
        input.validate(profile)?;
        self.check_pd(input.pd_id).await?;
        self.create_record(ctx, input).await
    }

    pub async fn update_application(
        &self,
        ctx: &AuditCtx,
        profile: ProfileId,
        id: i64,
        input: &ApplicationInput,
    ) -> Result<Application, StoreError> {
        input.validate(profile)?;
        self.check_pd(input.pd_id).await?;
        self.update_record(ctx, id, input).await
    }

    /// Writes an import's rows in one transaction, each validated again first.
    pub async fn import_applications(
        &self,
        ctx: &AuditCtx,
        profile: ProfileId,
        rows: &[Upsert<ApplicationInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<UpsertReport, StoreError> {
        for row in rows {
            let input = row.input();
            input.validate(profile)?;
            self.check_pd(input.pd_id).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

    pub async fn delete_application(&self, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        self.delete_record::<ApplicationInput>(ctx, id).await
    }

    /// Every application the scope may read, in id order.
    pub async fn all_applications(
        &self,
        scope: &ReadScope,
    ) -> Result<Vec<Application>, StoreError> {
        let mut w = Where::default();
        w.readable_by(scope, "t");
        self.all_records::<ApplicationInput>(&w).await
    }

    /// What the compliance rules need of every application the scope may read (retired ones
    /// are out of the rules' reach).
    pub async fn application_facts(
        &self,
        scope: &ReadScope,
    ) -> Result<Vec<ApplicationFacts>, StoreError> {
        Ok(self
            .all_applications(scope)
            .await?
            .into_iter()
            .filter(|a| a.status != "retired")
            .map(|a| ApplicationFacts {
                id: a.id,
                pd_id: Some(a.pd_id),
                name: a.name,
                origin: a.origin,
                in_production_since: a.in_production_since,
                documents: a.documents,
                tested_on: a.tested_on,
                last_review: a.last_review,
            })
            .collect())
    }
}

impl Register for ApplicationInput {
    const TABLE: &'static str = "catalog_applications";
    const ENTITY: &'static str = "application";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "name",
        "description",
        "kind",
        "sector",
        "origin",
        "open_source",
        "source_repository",
        "url",
        "status",
        "in_production_since",
        "tested_on",
        "last_review",
        "documents",
        "classification",
    ];

    fn pd_id(&self) -> Option<i64> {
        Some(self.pd_id)
    }

    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.name.trim().to_string())
            .bind(self.description.clone())
            .bind(enum_text(&self.kind))
            .bind(self.sector.clone())
            .bind(enum_text(&self.origin))
            .bind(i64::from(self.open_source))
            .bind(self.source_repository.clone())
            .bind(self.url.clone())
            .bind(self.status.clone())
            .bind(text_date(self.in_production_since))
            .bind(text_date(self.tested_on))
            .bind(text_date(self.last_review))
            .bind(self.documents.join(","))
            .bind(self.classification.as_str().to_string())
    }
}

impl Stored for ApplicationInput {
    type Record = Application;
    const SELECT: &'static str = "t.id, t.pd_id, p.name, t.name, t.description, t.kind, t.sector, t.origin, t.open_source, t.source_repository, t.url, t.status, t.in_production_since, t.tested_on, t.last_review, t.documents, t.classification, t.created_at, t.updated_at";
    const JOINS: &'static str = "JOIN perangkat_daerah p ON p.id = t.pd_id";
    const ORDER: &'static str = "t.name, t.id";
    fn decode(r: &AnyRow) -> Result<Application, StoreError> {
        application(r)
    }
    fn record_pd(r: &Application) -> Option<i64> {
        Some(r.pd_id)
    }
}

impl From<&Application> for ApplicationInput {
    fn from(a: &Application) -> Self {
        ApplicationInput {
            pd_id: a.pd_id,
            name: a.name.clone(),
            description: a.description.clone(),
            kind: a.kind,
            sector: a.sector.clone(),
            origin: a.origin,
            open_source: a.open_source,
            source_repository: a.source_repository.clone(),
            url: a.url.clone(),
            status: a.status.clone(),
            in_production_since: a.in_production_since,
            tested_on: a.tested_on,
            last_review: a.last_review,
            documents: a.documents.clone(),
            classification: a.classification,
        }
    }
}
