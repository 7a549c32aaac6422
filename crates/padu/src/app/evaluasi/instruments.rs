//! Evaluation instruments: the shipped PermenPANRB 59/2020, and any a region loads from a file
//! (a successor such as the Indeks Pemerintah Digital) without a change of code.

use crate::app::{App, AppError};
use padu_domain::evaluasi::instrument::{parse, Instrument, SHIPPED};
use padu_domain::evaluasi::CLAIMS_LEVELS;
use padu_domain::Actor;
use padu_store::evaluasi::instruments::StoredInstrument;
use padu_store::{AuditCtx, Store, StoreError};

/// Instrument `code` as its file reads.
pub async fn instrument(app: &App, code: &str) -> Result<Instrument, AppError> {
    let text = app.store.instrument_text(code).await?;
    // Stored only after it read; a file that no longer reads is a fault of this version's
    // parser, named with the instrument.
    parse(&text).map_err(|e| AppError::invalid("instrument", format!("{code}: {e}")))
}

/// Every instrument loaded.
pub async fn instruments(app: &App) -> Result<Vec<StoredInstrument>, AppError> {
    Ok(app.store.instruments().await?)
}

/// Loads an instrument from its file (the Dinas or the Koordinator): the whole file is read
/// and checked first; a mistake is named by its line and nothing is stored.
pub async fn load(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    bytes: &[u8],
) -> Result<Instrument, AppError> {
    CLAIMS_LEVELS.admits(actor)?;
    let text = std::str::from_utf8(bytes)
        .map_err(|_| AppError::invalid("file", "is not a UTF-8 text (TOML) file"))?;
    let instrument = parse(text).map_err(|e| AppError::invalid("file", e.to_string()))?;
    app.store
        .put_instrument(ctx, &instrument.code, &instrument.name, text)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { message, .. } => AppError::invalid("file", message),
            e => e.into(),
        })?;
    Ok(instrument)
}

/// Stores the shipped instrument at start when it is not there yet.
pub async fn ensure_shipped(store: &Store, ctx: &AuditCtx) -> Result<(), AppError> {
    let shipped = parse(SHIPPED).map_err(|e| AppError::invalid("instrument", e.to_string()))?;
    match store.instrument_text(&shipped.code).await {
        Ok(_) => Ok(()),
        Err(StoreError::NotFound) => Ok(store
            .put_instrument(ctx, &shipped.code, &shipped.name, SHIPPED)
            .await?),
        Err(e) => Err(e.into()),
    }
}
