//! CSV and XLSX import and export of the catalogue's registers over the API (the operations
//! are `app::katalog::{import, export}`, the rules `crate::interchange`). The API takes the file
//! as the request body with a bearer token; the pages take it from a form with the session's
//! CSRF token. CSV exports stream page by page.

use crate::app::katalog;
use crate::app::registers::Format;
use crate::interchange::{self, CellError, ImportReport};
use crate::web::kit::download::sheet_response;
use crate::web::kit::{ApiError, Caller, Routes, SharedState};
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use padu_domain::Gate;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::routes;

/// An import file may be this large (100,000 rows of a register fit well inside).
pub const MAX_IMPORT_BYTES: usize = 48 * 1024 * 1024;

/// The request body limit of an import: the file plus the form around it.
pub const BODY_LIMIT: usize = MAX_IMPORT_BYTES + 64 * 1024;

pub fn body_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(BODY_LIMIT)
}

/// Anyone signed in imports (each row as the rules let them write it: the plans' drafters as
/// well as the registers' keepers) and exports what they may read.
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(import_api))
        .api(Gate::SignedIn, routes!(export_api))
}

/// An import's outcome as the API answers it: the report, or 422 with every bad cell.
pub enum ImportAnswer {
    Done(ImportReport),
    Rejected(Vec<CellError>),
}

impl From<Result<ImportReport, Vec<CellError>>> for ImportAnswer {
    fn from(outcome: Result<ImportReport, Vec<CellError>>) -> Self {
        match outcome {
            Ok(report) => ImportAnswer::Done(report),
            Err(errors) => ImportAnswer::Rejected(errors),
        }
    }
}

impl IntoResponse for ImportAnswer {
    fn into_response(self) -> Response {
        match self {
            ImportAnswer::Done(report) => Json(report).into_response(),
            ImportAnswer::Rejected(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(serde_json::json!({ "error": {
                    "code": "invalid",
                    "field": "file",
                    "message": format!("{} problem(s) in the file; nothing was imported", errors.len()),
                    "errors": &errors[..errors.len().min(interchange::MAX_REPORTED_ERRORS)],
                }})),
            )
                .into_response(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Write the good rows and report the bad ones, instead of writing nothing.
    pub skip_bad_rows: Option<bool>,
}

/// Imports a CSV or XLSX file (the request body) into `applications`, `datasets`, `sites`,
/// `websites` or `agendas`.
/// Rows are matched to existing records by PD and name. With any bad row nothing is written
/// and the answer lists every problem by row and column, unless `skip_bad_rows=true`.
#[utoipa::path(post, path = "/api/v1/catalog/import/{register}", tag = "catalog", params(("register" = String, Path), ImportParams), request_body(content = Vec<u8>, content_type = "application/octet-stream"), responses((status = 200, body = ImportReport), (status = 413), (status = 422)))]
async fn import_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(register): Path<String>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<ImportAnswer, ApiError> {
    let p: ImportParams = crate::web::kit::query(raw.as_deref())?;
    if body.is_empty() {
        return Err(ApiError::invalid("file", "the request body is empty"));
    }
    let skip_bad_rows = p.skip_bad_rows.unwrap_or(false);
    let ctx = caller.audit_ctx();
    let outcome =
        katalog::import(&state, &caller.actor, &ctx, &register, &body, skip_bad_rows).await?;
    Ok(outcome.into())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// csv (default, streamed) or xlsx.
    pub format: Option<String>,
}

/// Exports a register as the caller may read it, in the columns its import takes.
#[utoipa::path(get, path = "/api/v1/catalog/export/{register}", tag = "catalog", params(("register" = String, Path), ExportParams), responses((status = 200, description = "the register as CSV (default) or XLSX", content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 404), (status = 422)))]
async fn export_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(register): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p: ExportParams = crate::web::kit::query(raw.as_deref())?;
    let format = Format::parse(p.format.as_deref())?;
    let file = katalog::export(&state, &caller.actor, caller.today(), &register, format).await?;
    Ok(sheet_response(file))
}
