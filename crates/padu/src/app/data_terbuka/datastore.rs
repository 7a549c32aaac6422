//! The queryable store's operations (issue 22 item 3): a tabular file (CSV, XLSX, a JSON
//! array of objects) checked row by row and its column types guessed, then loaded into a
//! staging table that the resource's own transaction puts in place; a published resource's
//! rows searched as CKAN's `datastore_search` does and read out for the downloads. A file with
//! bad rows is refused whole, naming the rows: nothing half-loaded is kept.

use crate::app::registers::SheetFile;
use crate::app::{App, AppError};
use crate::interchange::tabular::Rows;
use crate::interchange::CellError;
use crate::interchange::SheetWriter;
use padu_domain::data_terbuka::datastore::{
    cell_value, field_ids, Cell, Field, Guess, Search, SearchParams,
};
use padu_store::data_terbuka::datastore::{Datastore, Found, Staged};
use padu_store::StoreError;

/// How many bad rows an error lists (it counts them all).
const LISTED_ROW_ERRORS: usize = 10;

fn row_error(e: &CellError) -> String {
    if e.column.is_empty() {
        format!("row {}: {}", e.row, e.message)
    } else {
        format!("row {}, column {}: {}", e.row, e.column, e.message)
    }
}

/// Checks every row of `rows` and guesses each column's type: the fields to load. Rows with
/// more or fewer cells than the header, text that is not UTF-8, or a forbidden control
/// character are errors; all of them are counted, the first ten named.
pub fn survey(rows: &Rows<'_>) -> Result<(Vec<Field>, u64), AppError> {
    let header = rows
        .header()
        .map_err(|e| AppError::invalid("file", row_error(&e)))?;
    let ids = field_ids(&header).map_err(|(column, why)| {
        AppError::invalid(
            "file",
            format!("row 1 (the header), column {column}: {why}"),
        )
    })?;
    let mut guesses = vec![Guess::default(); ids.len()];
    let mut errors: Vec<String> = Vec::new();
    let mut bad = 0u64;
    let mut count = 0u64;
    for row in rows.each() {
        let problem = match row {
            Err(e) => Some(row_error(&e)),
            Ok((number, cells)) if cells.len() != ids.len() => Some(format!(
                "row {number}: {} cells where the header has {}",
                cells.len(),
                ids.len()
            )),
            Ok((number, cells)) => {
                count += 1;
                let mut problem = None;
                for (i, cell) in cells.iter().enumerate() {
                    if let Some(c) = padu_domain::text::forbidden_char(cell) {
                        problem = Some(format!(
                            "row {number}, column {}: {}",
                            ids[i],
                            padu_domain::text::forbidden_message(c)
                        ));
                        break;
                    }
                    guesses[i].see(cell);
                }
                problem
            }
        };
        if let Some(p) = problem {
            bad += 1;
            if errors.len() < LISTED_ROW_ERRORS {
                errors.push(p);
            }
        }
    }
    if bad > 0 {
        if bad > errors.len() as u64 {
            errors.push(format!("{bad} rows in all"));
        }
        errors.push("nothing was saved".into());
        return Err(AppError::invalid("file", errors.join("; ")));
    }
    let fields = ids
        .into_iter()
        .zip(guesses)
        .map(|(id, g)| Field {
            id,
            field_type: g.field_type(),
        })
        .collect();
    Ok((fields, count))
}

/// Checks and loads a file of `format` into a staging table: `None` when the file is not
/// tabular (a JSON document that is not an array of objects).
pub async fn stage(app: &App, format: &str, data: &[u8]) -> Result<Option<Staged>, AppError> {
    let Some(rows) =
        Rows::open(format, data).map_err(|e| AppError::invalid("file", row_error(&e)))?
    else {
        return Ok(None);
    };
    let started = std::time::Instant::now();
    let (fields, count) = survey(&rows)?;
    let checked = started.elapsed();
    let converted = rows.each().map(|row| {
        let (number, cells) = row.map_err(|e| StoreError::invalid("file", row_error(&e)))?;
        cells
            .iter()
            .zip(&fields)
            .map(|(cell, f)| {
                cell_value(f.field_type, cell).ok_or_else(|| {
                    StoreError::invalid("file", format!("row {number}: \"{cell}\" changed type"))
                })
            })
            .collect::<Result<Vec<Cell>, _>>()
    });
    let staged = app.store.stage_datastore(&fields, converted).await?;
    // What a large upload's time went to, for whoever runs the portal (and bench/).
    tracing::info!(
        rows = count,
        checked_ms = checked.as_millis() as u64,
        loaded_and_indexed_ms = (started.elapsed() - checked).as_millis() as u64,
        "a tabular resource's rows are staged for the queryable store"
    );
    Ok(Some(staged))
}

/// The loaded store of a published resource, found by the id CKAN clients know it by.
pub async fn published_store(app: &App, public_id: &str) -> Result<Datastore, AppError> {
    let store = app
        .store
        .datastore_by_public_id(public_id)
        .await?
        .ok_or(StoreError::NotFound)?;
    published_resource(app, store.resource_id).await?;
    Ok(store)
}

/// The loaded store of published resource `resource_id`, if it has one.
pub async fn published_store_of(
    app: &App,
    resource_id: i64,
) -> Result<Option<Datastore>, AppError> {
    published_resource(app, resource_id).await?;
    Ok(app.store.datastore(resource_id).await?)
}

/// Only a published data set's resources are read without an account.
async fn published_resource(app: &App, resource_id: i64) -> Result<(), AppError> {
    let r = app.store.open_resource(resource_id).await?;
    let d = app.store.get_open_dataset(r.dataset_id).await?;
    if d.status != "terbit" {
        return Err(StoreError::NotFound.into());
    }
    Ok(())
}

/// A page of `store`'s rows as CKAN's `datastore_search` parameters ask.
pub async fn search(
    app: &App,
    store: &Datastore,
    params: &SearchParams,
) -> Result<(Search, Found), AppError> {
    let search =
        Search::read(&store.fields, params).map_err(|(p, why)| AppError::invalid(p, why))?;
    let found = app.store.datastore_search(store, &search).await?;
    Ok((search, found))
}

/// Rows of `store` after row `after`, at most `limit`: an export's next page.
pub async fn rows_after(
    app: &App,
    store: &Datastore,
    after: i64,
    limit: i64,
) -> Result<Vec<(i64, Vec<Cell>)>, AppError> {
    Ok(app.store.datastore_rows(store, after, limit).await?)
}

/// Loads again every tabular resource whose newest version has no store (after a restore,
/// which leaves the derived tables out, or for files uploaded before the store existed), and
/// drops what an interrupted load left. Run at start.
pub async fn ensure_loaded(app: &App) -> Result<usize, AppError> {
    app.store.drop_datastore_staging().await?;
    let loaded = app.store.datastore_resource_ids().await?;
    let mut n = 0;
    for r in app.store.open_resources(&[]).await? {
        let Some(v) = r.current.as_ref() else {
            continue;
        };
        if r.kind != "file" || loaded.contains(&r.id) {
            continue;
        }
        let data = app.store.attachment_data(v.attachment_id).await?;
        let staged = match stage(app, &r.format, &data).await {
            Ok(staged) => staged,
            // A file kept before the store checked rows: it stays a download only.
            Err(e) => {
                tracing::warn!(resource = r.id, error = %e, "a resource's file could not be loaded into the queryable store");
                None
            }
        };
        if let Some(staged) = staged {
            if let Err(e) = app
                .store
                .place_loaded(
                    &staged,
                    r.id,
                    v.version,
                    &app.pemda.instance_id,
                    app.clock.now(),
                )
                .await
            {
                app.store.discard_staged(staged).await;
                return Err(e.into());
            }
            n += 1;
        }
    }
    Ok(n)
}

/// The formats a loaded resource downloads in, whatever it was uploaded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Csv,
    Json,
    Xlsx,
}

impl Export {
    pub fn parse(s: &str) -> Result<Export, AppError> {
        match s {
            "csv" => Ok(Export::Csv),
            "json" => Ok(Export::Json),
            "xlsx" => Ok(Export::Xlsx),
            other => Err(AppError::invalid(
                "format",
                format!("unknown format {other}; csv, json or xlsx"),
            )),
        }
    }
}

/// Rows an export reads at a time.
const EXPORT_PAGE: i64 = 5_000;

/// `store`'s rows as a file named `name` in `format`, made page by page as it is sent. A
/// spreadsheet's formula-like text goes behind an apostrophe (the sheet writer's guard), so a
/// cell such as `=HYPERLINK(…)` is shown, never run.
pub fn export(
    app: &App,
    store: Datastore,
    name: &str,
    format: Export,
) -> Result<SheetFile, AppError> {
    use futures_util::{stream, StreamExt};
    let header: Vec<&str> = store.fields.iter().map(|f| f.id.as_str()).collect();
    let (writer, first) = match format {
        Export::Json => (None, b"[".to_vec()),
        _ => {
            let (w, first) = SheetWriter::start(format == Export::Xlsx, "data", &header)
                .map_err(|e| StoreError::Io(std::io::Error::other(e)))?;
            (Some(w), first)
        }
    };
    let ids: Vec<String> = store.fields.iter().map(|f| f.id.clone()).collect();
    let app_store = app.store.clone();
    let store = std::sync::Arc::new(store);
    let chunks = stream::unfold(
        Some((writer, 0i64, first)),
        move |state: Option<(Option<SheetWriter>, i64, Vec<u8>)>| {
            let (app_store, store, ids) = (app_store.clone(), store.clone(), ids.clone());
            async move {
                let (mut writer, after, mut out) = state?;
                let stop = |e: String| Some((Err(std::io::Error::other(e)), None));
                let rows = match app_store.datastore_rows(&store, after, EXPORT_PAGE).await {
                    Ok(rows) => rows,
                    Err(e) => {
                        tracing::error!(error = %e, resource = store.resource_id, "export stopped");
                        return stop("export stopped".into());
                    }
                };
                let last = rows.last().map_or(after, |(id, _)| *id);
                match writer.as_mut() {
                    Some(w) => match w.rows(
                        rows.iter()
                            .map(|(_, cells)| cells.iter().map(Cell::to_text).collect::<Vec<_>>()),
                    ) {
                        Ok(bytes) => out.extend(bytes),
                        Err(e) => return stop(e),
                    },
                    None => {
                        for (id, cells) in &rows {
                            if *id > 1 {
                                out.push(b',');
                            }
                            let object: serde_json::Map<String, serde_json::Value> = ids
                                .iter()
                                .cloned()
                                .zip(cells.iter().map(Cell::to_json))
                                .collect();
                            out.extend(serde_json::to_vec(&object).unwrap_or_default());
                            out.push(b'\n');
                        }
                    }
                }
                let next = if rows.len() as i64 == EXPORT_PAGE {
                    Some((writer, last, Vec::new()))
                } else {
                    match writer {
                        Some(w) => match w.finish() {
                            Ok(bytes) => out.extend(bytes),
                            Err(e) => return stop(e),
                        },
                        None => out.push(b']'),
                    }
                    None
                };
                Some((Ok(out), next))
            }
        },
    );
    let (extension, content_type) = match format {
        Export::Csv => ("csv", SheetWriter::content_type(false)),
        Export::Xlsx => ("xlsx", SheetWriter::content_type(true)),
        Export::Json => ("json", "application/json"),
    };
    Ok(SheetFile {
        filename: format!("{name}.{extension}"),
        content_type,
        chunks: chunks.boxed(),
    })
}

/// Published data set `name`, its resource `resource_id` and that resource's loaded rows.
pub async fn published_table(
    app: &App,
    name: &str,
    resource_id: i64,
) -> Result<(super::Published, Datastore), AppError> {
    let p = super::published_named(app, name).await?;
    if !p.resources.iter().any(|r| r.id == resource_id) {
        return Err(StoreError::NotFound.into());
    }
    let store = app.store.datastore(resource_id).await?.ok_or_else(|| {
        AppError::invalid(
            "format",
            "this resource has no table: it downloads only as its file",
        )
    })?;
    Ok((p, store))
}
