//! CSV and XLSX interchange for the catalogue's registers (issue 4, PRODUCT.md module 2):
//! a region loads the Excel inventories it keeps today, and takes them out again.
//!
//! An import reads every row, resolves its PD, validates it exactly as the API would, checks
//! that the caller may write it, and matches it to an existing record by PD and name (so a file
//! can be loaded again after it was edited). Errors come back by spreadsheet row and column.
//! Nothing is written while any row is bad, unless the caller asked to skip bad rows; the good
//! rows are then written in one transaction. Exports use the same columns, so an exported file
//! imports back unchanged.

pub mod archimate;
pub mod plans;
mod sheets;
mod table;
pub mod tabular;
mod writer;
mod xlsx;

pub use sheets::{cells, keeping, parse};
pub use table::{read_table, write_csv_row, Table};
pub use writer::SheetWriter;
pub use xlsx::{xlsx, SharedBuf, XlsxStream};

use padu_domain::{authorize, Action, Actor};
pub use padu_store::registers::Env;
use padu_store::registers::{check, check_dinas_only, key_of, resource_of, Register, Upsert};
use padu_store::{AuditCtx, Store, StoreError};
use serde::Serialize;
use std::collections::HashMap;

/// The most problems an answer lists (it counts them all): enough to fix a file by, and an
/// answer of bounded size.
pub const MAX_REPORTED_ERRORS: usize = 1000;

/// One problem in an imported file. `row` counts as a spreadsheet does: the header is row 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CellError {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl CellError {
    /// An error quotes at most a short prefix of the file: a column name or a message holding
    /// a cell's text is cut, so an answer stays small whatever the file holds.
    pub fn new(row: usize, column: &str, message: impl Into<String>) -> Self {
        CellError {
            row,
            column: padu_domain::text::prefix(column, 64),
            message: padu_domain::text::prefix(&message.into(), 600),
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows left out because they were bad (only when asked to skip them).
    pub skipped: Vec<CellError>,
}

#[derive(Debug)]
pub enum ImportError {
    /// The file, or some of its rows, cannot be taken; nothing was written.
    Rejected(Vec<CellError>),
    Store(StoreError),
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

/// Which column a store validation error names: the store's field names are the columns'
/// (`pd_id` is the `pd` column; `documents[2]` is the `documents` column).
fn column_of(field: &str) -> &str {
    let field = field.split('[').next().unwrap_or(field);
    if field == "pd_id" {
        "pd"
    } else {
        field
    }
}

/// PD codes and names (lower case) → id, for the `pd` column; and id → code for exports.
pub async fn pd_directory(
    store: &Store,
) -> Result<(HashMap<String, i64>, HashMap<i64, String>), StoreError> {
    let mut by_key = HashMap::new();
    let mut code_of = HashMap::new();
    for pd in store.all_pds().await? {
        by_key.insert(pd.code.to_lowercase(), pd.id);
        by_key.insert(pd.name.to_lowercase(), pd.id);
        code_of.insert(pd.id, pd.code);
    }
    Ok((by_key, code_of))
}

/// The registers that import and export, by name: every sheet's, then the plans'.
pub const REGISTERS: &[&str] = &padu_store::with_register!(@names "plans");

/// An import into a register named at run time (the API's path, the CLI's `--register`);
/// None for a name that is not in `REGISTERS`.
#[allow(clippy::too_many_arguments)]
pub async fn import_named(
    register: &str,
    store: &Store,
    actor: &Actor,
    ctx: &AuditCtx,
    env: &Env,
    bytes: &[u8],
    skip_bad_rows: bool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Option<Result<ImportReport, ImportError>> {
    Some(match register {
        "plans" => plans::import_plans(store, actor, ctx, env, bytes, skip_bad_rows).await,
        named => padu_store::with_register!(
            named,
            S => import::<S>(store, actor, ctx, env, bytes, skip_bad_rows, progress).await,
            _ => return None
        ),
    })
}

/// Imports `bytes` (CSV or XLSX) into `S`'s register as `actor`.
pub async fn import<S: Register>(
    store: &Store,
    actor: &Actor,
    ctx: &AuditCtx,
    env: &Env,
    bytes: &[u8],
    skip_bad_rows: bool,
    progress: &mut (dyn FnMut(usize, usize) + Send),
) -> Result<ImportReport, ImportError> {
    let table = read_table(bytes).map_err(|e| ImportError::Rejected(vec![e]))?;
    table
        .check_header(&S::DEF.header(), &S::DEF.required_columns())
        .map_err(ImportError::Rejected)?;
    let (pds, _) = pd_directory(store).await?;
    let existing = store.ids_by_pd_and_name::<S>().await?;
    let mut report = ImportReport {
        rows: table.rows.len(),
        ..ImportReport::default()
    };
    let mut errors = Vec::new();
    let mut writes: Vec<Upsert<S>> = Vec::new();
    let mut seen: HashMap<(Option<i64>, String), usize> = HashMap::new();
    for (i, cells) in table.rows.iter().enumerate() {
        let row = table.row(i, cells);
        match plan_row::<S>(store, actor, env, &pds, &existing, &mut seen, &row).await? {
            Ok(Some(write)) => writes.push(write),
            Ok(None) => report.unchanged += 1,
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() && !skip_bad_rows {
        return Err(ImportError::Rejected(errors));
    }
    report.skipped = errors;
    let written = store.import_records(ctx, env, &writes, progress).await?;
    report.created = written.created;
    report.updated = written.updated;
    Ok(report)
}

/// The row's `pd` cell as a PD id (by code or name), None when empty.
fn resolve_pd(row: &table::Row<'_>, pds: &HashMap<String, i64>) -> Result<Option<i64>, CellError> {
    match row.text("pd") {
        "" => Ok(None),
        key => pds
            .get(&key.to_lowercase())
            .copied()
            .map(Some)
            .ok_or_else(|| row.error("pd", format!("no PD with code or name {key}"))),
    }
}

/// The row as its register's input, validated as the API validates it.
fn parsed<S: Register>(
    row: &table::Row<'_>,
    pds: &HashMap<String, i64>,
    env: &Env,
) -> Result<Result<S, CellError>, StoreError> {
    let pd = match resolve_pd(row, pds) {
        Ok(pd) => pd,
        Err(e) => return Ok(Err(e)),
    };
    let input = match parse::<S>(row, pd) {
        Ok(input) => input,
        Err(e) => return Ok(Err(e)),
    };
    match check(&input, env) {
        Ok(()) => Ok(Ok(input)),
        Err(StoreError::Invalid { field, message }) => {
            Ok(Err(row.error(column_of(&field), message)))
        }
        Err(other) => Err(other),
    }
}

fn refused(n: usize) -> CellError {
    CellError::new(
        n,
        "pd",
        "you may not write records of this PD or classification",
    )
}

/// One row: its write, None when it equals the stored record, or the first problem found.
async fn plan_row<S: Register>(
    store: &Store,
    actor: &Actor,
    env: &Env,
    pds: &HashMap<String, i64>,
    existing: &HashMap<(Option<i64>, String), i64>,
    seen: &mut HashMap<(Option<i64>, String), usize>,
    row: &table::Row<'_>,
) -> Result<Result<Option<Upsert<S>>, CellError>, StoreError> {
    let n = row.number;
    let input: S = match parsed(row, pds, env)? {
        Ok(input) => input,
        Err(e) => return Ok(Err(e)),
    };
    let key = (
        padu_store::registers::pd_of(&input),
        key_of(&input).trim().to_lowercase(),
    );
    if let Some(first) = seen.insert(key.clone(), n) {
        return Ok(Err(CellError::new(
            n,
            S::DEF.key[0],
            format!(
                "the same PD and {} as row {first}",
                S::DEF.key.join(" and ")
            ),
        )));
    }
    if authorize(actor, Action::Create, &resource_of(&input)).is_err() {
        return Ok(Err(refused(n)));
    }
    let dinas = padu_domain::Gate::ADMIN.admits(actor).is_ok();
    let Some(&id) = existing.get(&key) else {
        if let Err(StoreError::Invalid { field, message }) = check_dinas_only(dinas, &input, None) {
            return Ok(Err(CellError::new(n, column_of(&field), message)));
        }
        return Ok(Ok(Some(Upsert::Create(input))));
    };
    let record = store.get_record::<S>(id).await?;
    if authorize(actor, Action::Update, &resource_of(&record.fields)).is_err() {
        return Ok(Err(refused(n)));
    }
    let input = keeping(input, &record);
    if let Err(StoreError::Invalid { field, message }) =
        check_dinas_only(dinas, &input, Some(&record.fields))
    {
        return Ok(Err(CellError::new(n, column_of(&field), message)));
    }
    if record.fields == input {
        return Ok(Ok(None));
    }
    Ok(Ok(Some(Upsert::Update {
        id,
        before: serde_json::to_value(&record).unwrap_or_default(),
        input,
    })))
}

/// Saves one record from a form whose fields are the sheet's columns: a new record, or the
/// replacement of record `id`. Problems come back by column, as an import reports them.
pub async fn save_row<S: Register>(
    store: &Store,
    actor: &Actor,
    ctx: &AuditCtx,
    env: &Env,
    id: Option<i64>,
    fields: &HashMap<String, String>,
) -> Result<Result<(), Vec<CellError>>, StoreError> {
    let header = S::DEF.header();
    let table = Table {
        header: header.iter().map(|h| h.to_string()).collect(),
        rows: vec![header
            .iter()
            .map(|h| fields.get(*h).cloned().unwrap_or_default())
            .collect()],
    };
    let row = table.row(0, &table.rows[0]);
    let (pds, _) = pd_directory(store).await?;
    let input: S = match parsed(&row, &pds, env)? {
        Ok(input) => input,
        Err(e) => return Ok(Err(vec![e])),
    };
    if authorize(actor, Action::Create, &resource_of(&input)).is_err() {
        return Ok(Err(vec![refused(row.number)]));
    }
    let dinas = padu_domain::Gate::ADMIN.admits(actor).is_ok();
    let written = match id {
        None => match check_dinas_only(dinas, &input, None) {
            Ok(()) => store.create_record(ctx, env, &input).await.map(|_| ()),
            Err(e) => Err(e),
        },
        Some(id) => {
            let record = store.get_record::<S>(id).await?;
            if authorize(actor, Action::Update, &resource_of(&record.fields)).is_err() {
                return Ok(Err(vec![refused(row.number)]));
            }
            let input = keeping(input, &record);
            match check_dinas_only(dinas, &input, Some(&record.fields)) {
                Ok(()) => store.update_record(ctx, env, id, &input).await.map(|_| ()),
                Err(e) => Err(e),
            }
        }
    };
    match written {
        Ok(()) => Ok(Ok(())),
        Err(StoreError::Invalid { field, message } | StoreError::Conflict { field, message }) => {
            Ok(Err(vec![row.error(column_of(&field), message)]))
        }
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_fields_map_to_their_columns() {
        assert_eq!(column_of("pd_id"), "pd");
        assert_eq!(column_of("documents[3]"), "documents");
        assert_eq!(column_of("last_updated"), "last_updated");
    }
}
