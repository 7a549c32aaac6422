//! Network sites, websites and the infrastructure register as sheets.

use super::{classification, classification_or_biasa, Progress, Sheet, SheetEnv};
use crate::interchange::table::Row;
use crate::interchange::CellError;
use padu_domain::{Classification, ReadScope};
use padu_store::infrastructure::{Infrastructure, InfrastructureFilter, InfrastructureInput};
use padu_store::registers::{Upsert, UpsertReport};
use padu_store::sites::{Site, SiteFilter, SiteInput};
use padu_store::websites::{Website, WebsiteFilter, WebsiteInput};
use padu_store::{AuditCtx, ListQuery, Page, Store, StoreError};

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
    fn key_of(&self) -> String {
        self.name.clone()
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
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        input: &Self,
    ) -> Result<Site, StoreError> {
        store.create_site(ctx, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Site, StoreError> {
        store.update_site(ctx, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_site(ctx, id).await
    }
}

impl Sheet for WebsiteInput {
    type Record = Website;
    const NAME: &'static str = "websites";
    const HEADER: &'static [&'static str] = &[
        "pd",
        "host",
        "purpose",
        "status",
        "hosted_at",
        "classification",
    ];
    const REQUIRED: &'static [&'static str] = &["pd", "host", "purpose", "status", "hosted_at"];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        Ok(WebsiteInput {
            pd_id: pd.ok_or_else(|| row.error("pd", "must not be empty"))?,
            host: row.text("host").to_lowercase(),
            purpose: row.text("purpose").to_string(),
            status: row.text("status").to_lowercase(),
            hosted_at: row.text("hosted_at").to_string(),
            classification: classification_or_biasa(row)?,
        })
    }
    fn check(&self, _env: &SheetEnv) -> Result<(), StoreError> {
        self.validate()
    }
    fn key_of(&self) -> String {
        self.host.clone()
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn input_of(record: &Website) -> Self {
        record.into()
    }
    fn cells(w: &Website, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(Some(w.pd_id)),
            w.host.clone(),
            w.purpose.clone(),
            w.status.clone(),
            w.hosted_at.clone(),
            w.classification.as_str().to_string(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Website, StoreError> {
        store.get_website(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Website>, StoreError> {
        store
            .list_websites(scope, &WebsiteFilter::default(), q)
            .await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store.import_websites(ctx, rows, progress).await
    }
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        input: &Self,
    ) -> Result<Website, StoreError> {
        store.create_website(ctx, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Website, StoreError> {
        store.update_website(ctx, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_record::<WebsiteInput>(ctx, id).await
    }
}

impl Sheet for InfrastructureInput {
    type Record = Infrastructure;
    const NAME: &'static str = "infrastructure";
    const HEADER: &'static [&'static str] = &[
        "pd",
        "name",
        "kind",
        "placed_at",
        "provider",
        "specification",
        "site_id",
        "status",
        "classification",
    ];
    const REQUIRED: &'static [&'static str] = &["pd", "name", "kind", "placed_at", "status"];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        Ok(InfrastructureInput {
            pd_id: pd.ok_or_else(|| row.error("pd", "must not be empty"))?,
            name: row.text("name").to_string(),
            kind: row.text("kind").to_lowercase(),
            placed_at: row.text("placed_at").to_lowercase(),
            provider: row.text("provider").to_string(),
            specification: row.text("specification").to_string(),
            site_id: row.int("site_id")?,
            status: row.text("status").to_lowercase(),
            classification: if row.text("classification").is_empty() {
                Classification::Terbatas
            } else {
                classification(row)?
            },
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
    fn input_of(record: &Infrastructure) -> Self {
        record.into()
    }
    fn cells(i: &Infrastructure, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(Some(i.pd_id)),
            i.name.clone(),
            i.kind.clone(),
            i.placed_at.clone(),
            i.provider.clone(),
            i.specification.clone(),
            i.site_id.map(|s| s.to_string()).unwrap_or_default(),
            i.status.clone(),
            i.classification.as_str().to_string(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Infrastructure, StoreError> {
        store.get_record::<InfrastructureInput>(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Infrastructure>, StoreError> {
        store
            .list_infrastructure(scope, &InfrastructureFilter::default(), q)
            .await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store.import_infrastructure(ctx, rows, progress).await
    }
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        input: &Self,
    ) -> Result<Infrastructure, StoreError> {
        store.create_infrastructure(ctx, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Infrastructure, StoreError> {
        store.update_infrastructure(ctx, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_record::<InfrastructureInput>(ctx, id).await
    }
}
