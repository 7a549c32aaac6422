//! Import and export of the registers by name, as CSV or XLSX (the rules live in
//! `crate::interchange`): an import checks every row first and writes nothing while any is bad,
//! unless asked to skip the bad ones; an export holds what the caller may read, in the columns
//! its import takes.

use crate::app::registers::{self, signed_in, Format, SheetFile};
use crate::app::{App, AppError};
use crate::interchange::{self, CellError, ImportError, ImportReport};
use chrono::NaiveDate;
use padu_domain::Actor;
use padu_store::AuditCtx;

pub use crate::interchange::REGISTERS;

/// A register name that is not in `REGISTERS`, answered with the names that are.
pub fn unknown_register(name: &str) -> AppError {
    AppError::invalid(
        "register",
        format!("unknown register {name}; one of {}", REGISTERS.join(", ")),
    )
}

/// Imports `bytes` into the register named `register` as `actor`: the report, or every bad
/// cell when nothing was written.
pub async fn import(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    register: &str,
    bytes: &[u8],
    skip_bad_rows: bool,
) -> Result<Result<ImportReport, Vec<CellError>>, AppError> {
    signed_in(actor)?;
    let env = registers::env(app, padu_domain::sla::wib_date(ctx.at));
    let started = std::time::Instant::now();
    let result = interchange::import_named(
        register,
        &app.store,
        actor,
        ctx,
        &env,
        bytes,
        skip_bad_rows,
        &mut |_, _| {},
    )
    .await
    .ok_or_else(|| unknown_register(register))?;
    match result {
        Ok(report) => {
            tracing::info!(
                register,
                rows = report.rows,
                created = report.created,
                updated = report.updated,
                skipped = report.skipped.len(),
                ms = started.elapsed().as_millis() as u64,
                "import"
            );
            Ok(Ok(report))
        }
        Err(ImportError::Rejected(errors)) => Ok(Err(errors)),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

/// The register named `register` as `actor` may read it.
pub async fn export(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
    register: &str,
    format: Format,
) -> Result<SheetFile, AppError> {
    signed_in(actor)?;
    match register {
        "plans" => super::plans_file(app, actor, today, format).await,
        named => padu_store::with_register!(
            named,
            S => registers::export::<S>(app, actor, today, format).await,
            other => Err(unknown_register(other))
        ),
    }
}
