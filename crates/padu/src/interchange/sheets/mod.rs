//! Each register's columns: how a row becomes its input, and a record becomes a row. Column
//! names are the API's field names (with `pd` holding the PD's code), so an error from the
//! store's validation points at its column.

mod architecture;
mod catalog;
mod governance;
mod infrastructure;

use super::table::Row;
use super::CellError;
use chrono::NaiveDate;
use padu_domain::profile::ProfileId;
use padu_domain::{Classification, PdId, ReadScope, Resource};
use padu_store::registers::{Register, Upsert, UpsertReport};
use padu_store::{AuditCtx, ListQuery, Page, Store, StoreError};
use serde::Serialize;
use std::future::Future;

/// What validation depends on besides the row: the region's rules and today's date.
#[derive(Debug, Clone, Copy)]
pub struct SheetEnv {
    pub profile: ProfileId,
    pub today: NaiveDate,
}

pub(crate) type Progress<'a> = &'a mut (dyn FnMut(usize, usize) + Send);

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
    /// The row's key within its PD, as `Register::KEY` reads it from the record.
    fn key_of(&self) -> String;
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
    fn create(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        input: &Self,
    ) -> impl Future<Output = Result<Self::Record, StoreError>> + Send;
    fn update(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> impl Future<Output = Result<Self::Record, StoreError>> + Send;
    fn delete(
        store: &Store,
        ctx: &AuditCtx,
        id: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

pub(crate) fn classification(row: &Row<'_>) -> Result<Classification, CellError> {
    row.text("classification")
        .to_lowercase()
        .replace(' ', "_")
        .parse()
        .map_err(|m: String| row.error("classification", m))
}

pub(crate) fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A unit enum's serde spelling (`khusus`, `ready_made`), as the API writes it.
pub(crate) fn serde_text<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(crate) fn flag_text(b: bool) -> String {
    if b { "ya" } else { "tidak" }.to_string()
}

/// The `classification` column, or Biasa when the sheet has none or leaves it empty.
pub(crate) fn classification_or_biasa(row: &Row<'_>) -> Result<Classification, CellError> {
    if row.text("classification").is_empty() {
        Ok(Classification::Biasa)
    } else {
        classification(row)
    }
}

/// The one table of registers that are sheets: each register's input type (its name is the
/// type's `Sheet::NAME`) and the page that lists its records, in the order the pages offer
/// them. Adding a register adds its line here; every dispatch over a register named at run time
/// (import, export, the form, its page, the list of names) expands from this table:
/// - `with_sheet!(name, S => body, other => fallback)` runs `body` with the type alias `S` for
///   the register called `name`, or `fallback` with `other` bound to an unknown name;
/// - `with_sheet!(@table list_page name)` is the page listing `name`'s records, if it is one;
/// - `with_sheet!(@table names "extra", ...)` is every register's name, then the extra ones.
macro_rules! with_sheet {
    (@table $($args:tt)*) => {
        $crate::interchange::with_sheet!(@expand [$($args)*]
            padu_store::catalog::ApplicationInput => "/katalog",
            padu_store::architecture::ServiceInput => "/katalog/layanan",
            padu_store::architecture::ProcessInput => "/katalog/proses",
            padu_store::datasets::DatasetInput => "/katalog/data",
            padu_store::sites::SiteInput => "/sites",
            padu_store::infrastructure::InfrastructureInput => "/katalog/infrastruktur",
            padu_store::websites::WebsiteInput => "/katalog/situs",
            padu_store::agendas::AgendaInput => "/tata-kelola",
            padu_store::policies::PolicyInput => "/tata-kelola",
        )
    };
    (@expand [dispatch $name:expr, $S:ident, $body:expr, $other:pat, $fallback:expr]
        $($ty:path => $page:literal,)*) => {
        match $name {
            $(name if name == <$ty as $crate::interchange::Sheet>::NAME => {
                type $S = $ty;
                $body
            })*
            $other => $fallback,
        }
    };
    (@expand [list_page $name:expr] $($ty:path => $page:literal,)*) => {
        match $name {
            $(name if name == <$ty as $crate::interchange::Sheet>::NAME => Some($page),)*
            _ => None,
        }
    };
    (@expand [names $($extra:literal),*] $($ty:path => $page:literal,)*) => {
        [$(<$ty as $crate::interchange::Sheet>::NAME,)* $($extra),*]
    };
    ($name:expr, $S:ident => $body:expr, $other:pat => $fallback:expr) => {
        $crate::interchange::with_sheet!(@table dispatch $name, $S, $body, $other, $fallback)
    };
}
pub(crate) use with_sheet;
