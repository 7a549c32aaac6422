//! The applications register and the data inventory as sheets.

use super::{classification, date_text, flag_text, serde_text, Progress, Sheet, SheetEnv};
use crate::interchange::table::Row;
use crate::interchange::CellError;
use padu_domain::catalog::APPLICATION_SECTORS;
use padu_domain::{Classification, ReadScope};
use padu_store::catalog::{Application, ApplicationFilter, ApplicationInput};
use padu_store::datasets::{Dataset, DatasetFilter, DatasetInput};
use padu_store::registers::{Upsert, UpsertReport};
use padu_store::{AuditCtx, ListQuery, Page, Store, StoreError};

impl Sheet for ApplicationInput {
    type Record = Application;
    const NAME: &'static str = "applications";
    const HEADER: &'static [&'static str] = &[
        "pd",
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
    const REQUIRED: &'static [&'static str] = &[
        "pd",
        "name",
        "kind",
        "sector",
        "origin",
        "status",
        "classification",
    ];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        let sector = row.text("sector");
        // Sectors are matched without regard to case, then stored as the regulation writes them.
        let sector = APPLICATION_SECTORS
            .iter()
            .find(|s| s.eq_ignore_ascii_case(sector))
            .map_or_else(|| sector.to_string(), |s| s.to_string());
        Ok(ApplicationInput {
            pd_id: pd.ok_or_else(|| row.error("pd", "must not be empty"))?,
            name: row.text("name").to_string(),
            description: row.text("description").to_string(),
            kind: row.choice("kind", &["umum", "khusus"])?,
            sector,
            origin: row.choice("origin", &["built", "ready_made"])?,
            open_source: row.flag("open_source")?,
            source_repository: row.optional("source_repository"),
            url: row.optional("url"),
            status: row.text("status").to_lowercase(),
            in_production_since: row.date("in_production_since")?,
            tested_on: row.date("tested_on")?,
            last_review: row.date("last_review")?,
            documents: row
                .text("documents")
                .split([',', ';'])
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            classification: classification(row)?,
        })
    }

    fn check(&self, env: &SheetEnv) -> Result<(), StoreError> {
        self.validate(env.profile)
    }
    fn key_of(&self) -> String {
        self.name.clone()
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn input_of(record: &Application) -> Self {
        record.into()
    }
    fn cells(a: &Application, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(Some(a.pd_id)),
            a.name.clone(),
            a.description.clone(),
            serde_text(&a.kind),
            a.sector.clone(),
            serde_text(&a.origin),
            flag_text(a.open_source),
            a.source_repository.clone().unwrap_or_default(),
            a.url.clone().unwrap_or_default(),
            a.status.clone(),
            date_text(a.in_production_since),
            date_text(a.tested_on),
            date_text(a.last_review),
            a.documents.join(", "),
            a.classification.as_str().to_string(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Application, StoreError> {
        store.get_application(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Application>, StoreError> {
        store
            .list_applications(scope, &ApplicationFilter::default(), q)
            .await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store
            .import_applications(ctx, env.profile, rows, progress)
            .await
    }
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        input: &Self,
    ) -> Result<Application, StoreError> {
        store.create_application(ctx, env.profile, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Application, StoreError> {
        store.update_application(ctx, env.profile, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_application(ctx, id).await
    }
}

impl Sheet for DatasetInput {
    type Record = Dataset;
    const NAME: &'static str = "datasets";
    const HEADER: &'static [&'static str] = &[
        "pd",
        "name",
        "description",
        "responsible_person",
        "classification",
        "distribution",
        "retention_years",
        "storage_location",
        "backup_period",
        "backup_media",
        "update_every_months",
        "last_updated",
    ];
    const REQUIRED: &'static [&'static str] = &[
        "pd",
        "name",
        "responsible_person",
        "classification",
        "distribution",
        "storage_location",
        "backup_period",
        "update_every_months",
        "last_updated",
    ];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        let lower = |c: &str| row.text(c).to_lowercase().replace(' ', "_");
        let retention = match row.text("retention_years").to_lowercase().as_str() {
            "permanen" | "permanent" => None,
            _ => row.int("retention_years")?,
        };
        Ok(DatasetInput {
            pd_id: pd.ok_or_else(|| row.error("pd", "must not be empty"))?,
            name: row.text("name").to_string(),
            description: row.text("description").to_string(),
            responsible_person: row.text("responsible_person").to_string(),
            classification: classification(row)?,
            distribution: lower("distribution"),
            retention_years: retention,
            storage_location: row.text("storage_location").to_string(),
            backup_period: lower("backup_period"),
            backup_media: row.text("backup_media").to_string(),
            update_every_months: row.required_int("update_every_months")?,
            last_updated: row.required_date("last_updated")?,
        })
    }

    fn check(&self, env: &SheetEnv) -> Result<(), StoreError> {
        self.validate(env.today)
    }
    fn key_of(&self) -> String {
        self.name.clone()
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn input_of(record: &Dataset) -> Self {
        record.into()
    }
    fn cells(d: &Dataset, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(Some(d.pd_id)),
            d.name.clone(),
            d.description.clone(),
            d.responsible_person.clone(),
            d.classification.as_str().to_string(),
            d.distribution.clone(),
            d.retention_years
                .map_or_else(|| "permanen".to_string(), |y| y.to_string()),
            d.storage_location.clone(),
            d.backup_period.clone(),
            d.backup_media.clone(),
            d.update_every_months.to_string(),
            d.last_updated.to_string(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Dataset, StoreError> {
        store.get_dataset(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Dataset>, StoreError> {
        store
            .list_datasets(scope, &DatasetFilter::default(), q)
            .await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store.import_datasets(ctx, env.today, rows, progress).await
    }
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        input: &Self,
    ) -> Result<Dataset, StoreError> {
        store.create_dataset(ctx, env.today, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Dataset, StoreError> {
        store.update_dataset(ctx, env.today, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_dataset(ctx, id).await
    }
}
