//! Any register's operations (every register of `padu_store::with_register!`: the catalogue's and
//! the network sites): one record read, created, replaced or deleted as `authorize` allows; the register
//! form's row read and saved (through the same parsing and checks as an import row); the
//! register exported as the caller may read it. A record the caller may not read does not
//! exist for them; a create the caller may not make is refused (there is nothing to hide yet).

use super::{App, AppError};
use crate::interchange::{cells, pd_directory, save_row, CellError, SheetWriter};
use chrono::NaiveDate;
use futures_util::stream::{self, BoxStream, StreamExt};
use padu_domain::{authorize, Action, Actor, Denied, ReadScope};
use padu_store::page::MAX_PER_PAGE;
use padu_store::registers::{
    check_dinas_only, key_of, resource_of, Env, Filters, Record, Register,
};
use padu_store::{AuditCtx, ListQuery};
use std::collections::HashMap;
use std::sync::Arc;

/// A refusal to create: there is nothing to hide yet, so a record out of sight is a plain
/// refusal.
pub fn forbid_hidden(d: Denied) -> Denied {
    match d {
        Denied::Hidden => Denied::Forbidden,
        other => other,
    }
}

/// The public must sign in first.
pub fn signed_in(actor: &Actor) -> Result<(), AppError> {
    match actor {
        Actor::Public => Err(Denied::NotAuthenticated.into()),
        Actor::User { .. } => Ok(()),
    }
}

/// What a register's validation needs besides the record: the region's profile and today.
/// Whether `actor` writes as the Dinas (for the registers' `DINAS_ONLY` fields).
pub fn is_dinas(actor: &Actor) -> bool {
    padu_domain::Gate::ADMIN.admits(actor).is_ok()
}

pub fn env(app: &App, today: NaiveDate) -> Env {
    Env {
        profile: app.profile(),
        today,
    }
}

/// The validation's today: the day in the region when the change is made.
fn env_at(app: &App, ctx: &AuditCtx) -> Env {
    env(app, padu_domain::sla::wib_date(ctx.at))
}

pub async fn read<S: Register>(app: &App, actor: &Actor, id: i64) -> Result<Record<S>, AppError> {
    let record = app.store.get_record::<S>(id).await?;
    authorize(actor, Action::Read, &resource_of(&record.fields))?;
    Ok(record)
}

pub async fn create<S: Register>(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: &S,
) -> Result<Record<S>, AppError> {
    authorize(actor, Action::Create, &resource_of(input)).map_err(forbid_hidden)?;
    check_dinas_only(is_dinas(actor), input, None)?;
    Ok(app
        .store
        .create_record(ctx, &env_at(app, ctx), input)
        .await?)
}

pub async fn update<S: Register>(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &S,
) -> Result<Record<S>, AppError> {
    let existing = app.store.get_record::<S>(id).await?;
    authorize(actor, Action::Update, &resource_of(&existing.fields))?;
    // Moving it to another PD or classification needs the right there too.
    authorize(actor, Action::Update, &resource_of(input))?;
    check_dinas_only(is_dinas(actor), input, Some(&existing.fields))?;
    Ok(app
        .store
        .update_record(ctx, &env_at(app, ctx), id, input)
        .await?)
}

pub async fn delete<S: Register>(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
) -> Result<(), AppError> {
    let existing = app.store.get_record::<S>(id).await?;
    authorize(actor, Action::Delete, &resource_of(&existing.fields))?;
    Ok(app.store.delete_record::<S>(ctx, id).await?)
}

/// One page of the records `actor` may read that match `filters` (fields of the register's
/// `filters`, or its PD).
pub async fn list<S: Register>(
    app: &App,
    actor: &Actor,
    filters: &Filters,
    q: &ListQuery,
) -> Result<padu_store::Page<Record<S>>, AppError> {
    Ok(app
        .store
        .list_records::<S>(&ReadScope::of(actor), filters, q)
        .await?)
}

/// The keys of every record of `S` that `actor` may read (an application's name, a process's
/// code), sorted: what a form suggests where a record is named.
pub async fn keys<S: Register>(app: &App, actor: &Actor) -> Result<Vec<String>, AppError> {
    let records = app
        .store
        .all_records::<S>(&ReadScope::of(actor), &Filters::new())
        .await?;
    let mut keys: Vec<String> = records.iter().map(|r| key_of(&r.fields)).collect();
    keys.sort();
    keys.dedup();
    Ok(keys)
}

/// The records of the register kept in `table` that `actor` may read, as (id, key) by key:
/// what a form offers where a field links records of another register (`Kind::Ids`).
pub async fn linkable(
    app: &App,
    actor: &Actor,
    table: &str,
) -> Result<Vec<(String, String)>, AppError> {
    let name = padu_store::registers::all()
        .find(|(t, _)| *t == table)
        .map(|(_, def)| def.name)
        .unwrap_or_default();
    let mut records: Vec<(String, String)> = padu_store::with_register!(
        name,
        S => app
            .store
            .all_records::<S>(&ReadScope::of(actor), &Filters::new())
            .await?
            .iter()
            .map(|r| (r.id.to_string(), key_of(&r.fields)))
            .collect(),
        _ => Vec::new()
    );
    records.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(records)
}

/// Every PD as (code, name), by name: the form's choice of PD.
pub async fn pd_choices(app: &App) -> Result<Vec<(String, String)>, AppError> {
    Ok(app
        .store
        .all_pds()
        .await?
        .into_iter()
        .map(|pd| (pd.code, pd.name))
        .collect())
}

/// The form's fields of record `id`, by column, if the caller may read it; for a new record,
/// the caller's own PD.
pub async fn form_values<S: Register>(
    app: &App,
    actor: &Actor,
    id: Option<i64>,
) -> Result<HashMap<String, String>, AppError> {
    let Some(id) = id else {
        // A new record starts in the caller's own PD when they operate exactly one.
        let mut own = actor.operator_pds();
        let (Some(pd), None) = (own.next(), own.next()) else {
            return Ok(HashMap::new());
        };
        let (_, code_of) = pd_directory(&app.store).await?;
        return Ok(code_of
            .get(&pd.0)
            .map(|code| HashMap::from([("pd".to_string(), code.clone())]))
            .unwrap_or_default());
    };
    let record = read::<S>(app, actor, id).await?;
    let (_, code_of) = pd_directory(&app.store).await?;
    let cells = cells(&record, &|pd| pd_code(&code_of, pd));
    Ok(S::DEF
        .header()
        .into_iter()
        .map(str::to_string)
        .zip(cells)
        .collect())
}

/// Saves the form's row: a new record, or the replacement of record `id`. Problems come back
/// by column, as an import reports them.
pub async fn save_form<S: Register>(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: Option<i64>,
    fields: &HashMap<String, String>,
) -> Result<Result<(), Vec<CellError>>, AppError> {
    signed_in(actor)?;
    Ok(save_row::<S>(&app.store, actor, ctx, &env_at(app, ctx), id, fields).await?)
}

/// The two formats a register is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// `csv` (also when none is named) or `xlsx`.
    pub fn parse(s: Option<&str>) -> Result<Format, AppError> {
        match s.unwrap_or("csv") {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(AppError::invalid(
                "format",
                format!("unknown format {other}; csv or xlsx"),
            )),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// An exported sheet: its file name, its type and its bytes as they are made.
pub struct SheetFile {
    pub filename: String,
    pub content_type: &'static str,
    pub chunks: BoxStream<'static, Result<Vec<u8>, std::io::Error>>,
}

impl SheetFile {
    /// A sheet made whole: `padu-{name}-{today}.{csv|xlsx}` with `rows` under `header`.
    pub fn whole(
        name: &str,
        today: NaiveDate,
        format: Format,
        header: &[&str],
        rows: Vec<Vec<String>>,
    ) -> Result<SheetFile, AppError> {
        let xlsx = format == Format::Xlsx;
        let (mut writer, mut bytes) = SheetWriter::start(xlsx, name, header).map_err(unwritable)?;
        bytes.extend(writer.rows(rows).map_err(unwritable)?);
        bytes.extend(writer.finish().map_err(unwritable)?);
        Ok(SheetFile {
            filename: file_name(name, today, format),
            content_type: SheetWriter::content_type(xlsx),
            chunks: stream::once(async { Ok(bytes) }).boxed(),
        })
    }
}

fn file_name(name: &str, today: NaiveDate, format: Format) -> String {
    format!("padu-{name}-{today}.{}", format.extension())
}

/// A sheet the writer could not make: an internal error (logged by the web layer).
fn unwritable(e: String) -> AppError {
    AppError::Store(padu_store::StoreError::Io(std::io::Error::other(e)))
}

/// The register as `actor` may read it, in the columns its import takes, page by page.
pub async fn export<S: Register>(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
    format: Format,
) -> Result<SheetFile, AppError> {
    signed_in(actor)?;
    let scope = ReadScope::of(actor);
    let (_, code_of) = pd_directory(&app.store).await?;
    let store = app.store.clone();
    paged_sheet(
        S::DEF.name,
        &S::DEF.header(),
        today,
        format,
        move |n| {
            let (store, scope) = (store.clone(), scope.clone());
            async move {
                store
                    .list_records::<S>(&scope, &Filters::new(), &page_query(n))
                    .await
            }
        },
        move |r| cells(r, &|id| pd_code(&code_of, id)),
    )
}

/// A sheet of `name` under `header`, its rows read a page at a time by `page(n)` (pages of
/// `MAX_PER_PAGE` from 1) and written by `row`: each page is encoded as it is read, and the
/// sheet closes after the last. A read or write error ends the stream early: the client sees a
/// cut-off download, never a short file passed off as whole.
pub fn paged_sheet<T, P, Fut, W>(
    name: &'static str,
    header: &[&str],
    today: NaiveDate,
    format: Format,
    page: P,
    row: W,
) -> Result<SheetFile, AppError>
where
    T: Send + 'static,
    P: Fn(u32) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<padu_store::Page<T>, padu_store::StoreError>> + Send,
    W: Fn(&T) -> Vec<String> + Send + Sync + 'static,
{
    let xlsx = format == Format::Xlsx;
    let (writer, header_bytes) = SheetWriter::start(xlsx, name, header).map_err(unwritable)?;
    let (page, row) = (Arc::new(page), Arc::new(row));
    let chunks = stream::unfold(
        Some((writer, 1u32, header_bytes)),
        move |state: Option<(SheetWriter, u32, Vec<u8>)>| {
            let (page, row) = (page.clone(), row.clone());
            async move {
                let (mut writer, n, mut out) = state?;
                let stop = |e: String| Some((Err(std::io::Error::other(e)), None));
                let items = match page(n).await {
                    Ok(p) => p.items,
                    Err(e) => {
                        tracing::error!(error = %e, sheet = name, "export stopped");
                        return stop("export stopped".into());
                    }
                };
                match writer.rows(items.iter().map(|r| row(r))) {
                    Ok(bytes) => out.extend(bytes),
                    Err(e) => return stop(e),
                }
                let next = if items.len() == MAX_PER_PAGE as usize {
                    Some((writer, n + 1, Vec::new()))
                } else {
                    match writer.finish() {
                        Ok(bytes) => out.extend(bytes),
                        Err(e) => return stop(e),
                    }
                    None
                };
                Some((Ok(out), next))
            }
        },
    );
    Ok(SheetFile {
        filename: file_name(name, today, format),
        content_type: SheetWriter::content_type(xlsx),
        chunks: chunks.boxed(),
    })
}

pub fn page_query(page: u32) -> ListQuery {
    ListQuery {
        page,
        per_page: MAX_PER_PAGE,
        q: None,
    }
}

fn pd_code(code_of: &HashMap<i64, String>, id: Option<i64>) -> String {
    id.and_then(|id| code_of.get(&id).cloned())
        .unwrap_or_default()
}
