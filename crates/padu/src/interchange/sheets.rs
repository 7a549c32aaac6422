//! Each register's columns: how a row becomes its input, and a record becomes a row. Column
//! names are the API's field names (with `pd` holding the PD's code), so an error from the
//! store's validation points at its column.

use super::table::Row;
use super::CellError;
use chrono::NaiveDate;
use padu_domain::catalog::APPLICATION_SECTORS;
use padu_domain::profile::ProfileId;
use padu_domain::{Classification, PdId, ReadScope, Resource};
use padu_store::catalog::{Application, ApplicationFilter, ApplicationInput};
use padu_store::datasets::{Dataset, DatasetFilter, DatasetInput};
use padu_store::registers::{Register, Upsert, UpsertReport};
use padu_store::sites::{Site, SiteFilter, SiteInput};
use padu_store::{AuditCtx, ListQuery, Page, Store, StoreError};
use serde::Serialize;
use std::future::Future;

/// What validation depends on besides the row: the region's rules and today's date.
#[derive(Debug, Clone, Copy)]
pub struct SheetEnv {
    pub profile: ProfileId,
    pub today: NaiveDate,
}

type Progress<'a> = &'a mut (dyn FnMut(usize, usize) + Send);

/// A register that imports and exports as a sheet.
pub trait Sheet: Register + Clone + PartialEq + Send + Sync + 'static {
    type Record: Serialize + Send + Sync;
    /// The register's name in paths and file names.
    const NAME: &'static str;
    const HEADER: &'static [&'static str];
    const REQUIRED: &'static [&'static str];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError>;
    /// The same validation the API applies.
    fn check(&self, env: &SheetEnv) -> Result<(), StoreError>;
    fn name_of(&self) -> &str;
    fn classification(&self) -> Classification;
    fn resource(&self) -> Resource {
        Resource::record(self.pd_id().map(PdId), self.classification())
    }
    fn input_of(record: &Self::Record) -> Self;
    fn resource_of(record: &Self::Record) -> Resource {
        Self::input_of(record).resource()
    }
    /// Carries over what a sheet has no column for from the stored record.
    fn keeping(self, _record: &Self::Record) -> Self {
        self
    }
    fn cells(record: &Self::Record, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String>;

    fn get(store: &Store, id: i64)
        -> impl Future<Output = Result<Self::Record, StoreError>> + Send;
    fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> impl Future<Output = Result<Page<Self::Record>, StoreError>> + Send;
    fn write(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> impl Future<Output = Result<UpsertReport, StoreError>> + Send;
}

fn classification(row: &Row<'_>) -> Result<Classification, CellError> {
    row.text("classification")
        .to_lowercase()
        .replace(' ', "_")
        .parse()
        .map_err(|m: String| row.error("classification", m))
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A unit enum's serde spelling (`khusus`, `ready_made`), as the API writes it.
fn serde_text<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn flag_text(b: bool) -> String {
    if b { "ya" } else { "tidak" }.to_string()
}

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
    fn name_of(&self) -> &str {
        &self.name
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
    fn name_of(&self) -> &str {
        &self.name
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
}

impl Sheet for SiteInput {
    type Record = Site;
    const NAME: &'static str = "sites";
    const HEADER: &'static [&'static str] = &[
        "pd",
        "name",
        "kind",
        "service",
        "address",
        "bandwidth_mbps",
        "latitude",
        "longitude",
        "classification",
        "source",
    ];
    const REQUIRED: &'static [&'static str] = &[
        "name",
        "kind",
        "bandwidth_mbps",
        "latitude",
        "longitude",
        "classification",
    ];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        Ok(SiteInput {
            pd_id: pd,
            unit_kerja_id: None,
            name: row.text("name").to_string(),
            kind: row.text("kind").to_lowercase(),
            service: row
                .optional("service")
                .unwrap_or_else(|| "METRO E".to_string()),
            address: row.text("address").to_string(),
            bandwidth_mbps: row.required_int("bandwidth_mbps")?,
            latitude: row.real("latitude")?,
            longitude: row.real("longitude")?,
            classification: classification(row)?,
            source: row.optional("source"),
        })
    }

    fn check(&self, _env: &SheetEnv) -> Result<(), StoreError> {
        self.validate()
    }
    fn name_of(&self) -> &str {
        &self.name
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn input_of(record: &Site) -> Self {
        record.into()
    }
    /// A sheet has no Unit Kerja column: the stored one stays.
    fn keeping(mut self, record: &Site) -> Self {
        if self.pd_id == record.pd_id {
            self.unit_kerja_id = record.unit_kerja_id;
        }
        self
    }
    fn cells(s: &Site, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(s.pd_id),
            s.name.clone(),
            s.kind.clone(),
            s.service.clone(),
            s.address.clone(),
            s.bandwidth_mbps.to_string(),
            s.latitude.to_string(),
            s.longitude.to_string(),
            s.classification.as_str().to_string(),
            s.source.clone().unwrap_or_default(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Site, StoreError> {
        store.get_site(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Site>, StoreError> {
        store.list_sites(scope, &SiteFilter::default(), q).await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store.import_sites(ctx, rows, progress).await
    }
}
