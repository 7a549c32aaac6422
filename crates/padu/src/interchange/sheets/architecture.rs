//! The Layanan SPBE catalogue and the business processes as sheets. Links are written as ids
//! (`application_ids`, `service_ids`: `3, 14`), as the export shows them; a process names its
//! parent by code, so a whole map loads from one file.

use super::{classification_or_biasa, Progress, Sheet, SheetEnv};
use crate::interchange::table::Row;
use crate::interchange::CellError;
use padu_domain::{Classification, ReadScope};
use padu_store::architecture::{ArchitectureFilter, Process, ProcessInput, Service, ServiceInput};
use padu_store::registers::{Upsert, UpsertReport};
use padu_store::{AuditCtx, ListQuery, Page, Store, StoreError};

fn ids(row: &Row<'_>, column: &str) -> Result<Vec<i64>, CellError> {
    row.text(column)
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| row.error(column, format!("{s} is not a record id")))
        })
        .collect()
}

fn ids_text(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Sheet for ServiceInput {
    type Record = Service;
    const NAME: &'static str = "services";
    const HEADER: &'static [&'static str] = &[
        "pd",
        "name",
        "description",
        "kind",
        "sector",
        "application_ids",
        "bus_service",
        "url",
        "classification",
    ];
    const REQUIRED: &'static [&'static str] = &["pd", "name", "kind", "sector"];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        Ok(ServiceInput {
            pd_id: pd.ok_or_else(|| row.error("pd", "must not be empty"))?,
            name: row.text("name").to_string(),
            description: row.text("description").to_string(),
            kind: row.text("kind").to_lowercase(),
            sector: row.text("sector").to_string(),
            application_ids: ids(row, "application_ids")?,
            bus_service: row.optional("bus_service"),
            url: row.optional("url"),
            classification: classification_or_biasa(row)?,
        })
    }
    fn check(&self, _env: &SheetEnv) -> Result<(), StoreError> {
        self.validate()
    }
    fn key_of(&self) -> String {
        self.name.clone()
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn input_of(record: &Service) -> Self {
        record.into()
    }
    fn cells(s: &Service, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(Some(s.pd_id)),
            s.name.clone(),
            s.description.clone(),
            s.kind.clone(),
            s.sector.clone(),
            ids_text(&s.application_ids),
            s.bus_service.clone().unwrap_or_default(),
            s.url.clone().unwrap_or_default(),
            s.classification.as_str().to_string(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Service, StoreError> {
        store.get_record::<ServiceInput>(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Service>, StoreError> {
        store
            .list_spbe_services(scope, &ArchitectureFilter::default(), q)
            .await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store.import_spbe_services(ctx, rows, progress).await
    }
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        input: &Self,
    ) -> Result<Service, StoreError> {
        store.create_spbe_service(ctx, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Service, StoreError> {
        store.update_spbe_service(ctx, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_record::<ServiceInput>(ctx, id).await
    }
}

impl Sheet for ProcessInput {
    type Record = Process;
    const NAME: &'static str = "processes";
    const HEADER: &'static [&'static str] = &[
        "pd",
        "code",
        "name",
        "level",
        "parent_code",
        "sector",
        "description",
        "service_ids",
        "application_ids",
        "classification",
    ];
    const REQUIRED: &'static [&'static str] = &["pd", "code", "name", "level", "sector"];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        Ok(ProcessInput {
            pd_id: pd.ok_or_else(|| row.error("pd", "must not be empty"))?,
            code: row.text("code").to_string(),
            name: row.text("name").to_string(),
            level: row.required_int("level")?,
            parent_code: row.optional("parent_code"),
            sector: row.text("sector").to_string(),
            description: row.text("description").to_string(),
            service_ids: ids(row, "service_ids")?,
            application_ids: ids(row, "application_ids")?,
            classification: classification_or_biasa(row)?,
        })
    }
    fn check(&self, _env: &SheetEnv) -> Result<(), StoreError> {
        self.validate()
    }
    fn key_of(&self) -> String {
        self.code.clone()
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn input_of(record: &Process) -> Self {
        record.into()
    }
    fn cells(p: &Process, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(Some(p.pd_id)),
            p.code.clone(),
            p.name.clone(),
            p.level.to_string(),
            p.parent_code.clone().unwrap_or_default(),
            p.sector.clone(),
            p.description.clone(),
            ids_text(&p.service_ids),
            ids_text(&p.application_ids),
            p.classification.as_str().to_string(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Process, StoreError> {
        store.get_record::<ProcessInput>(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Process>, StoreError> {
        store
            .list_processes(scope, &ArchitectureFilter::default(), q)
            .await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store.import_processes(ctx, rows, progress).await
    }
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        input: &Self,
    ) -> Result<Process, StoreError> {
        store.create_process(ctx, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Process, StoreError> {
        store.update_process(ctx, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_process(ctx, id).await
    }
}
