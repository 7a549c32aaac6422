//! CSV and XLSX import and export of the catalogue's registers over HTTP (the rules live in
//! `crate::interchange`). The API takes the file as the request body with a bearer token; the
//! pages take it from a form with the session's CSRF token. CSV exports stream page by page.

use crate::interchange::{
    self, pd_directory, CellError, ImportError, ImportReport, Sheet, SheetWriter,
};
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream;
use padu_domain::Gate;
use padu_domain::ReadScope;
use padu_store::agendas::AgendaInput;
use padu_store::architecture::{ProcessInput, ServiceInput};
use padu_store::catalog::ApplicationInput;
use padu_store::datasets::DatasetInput;
use padu_store::infrastructure::InfrastructureInput;
use padu_store::page::MAX_PER_PAGE;
use padu_store::policies::PolicyInput;
use padu_store::sites::SiteInput;
use padu_store::websites::WebsiteInput;
use padu_store::ListQuery;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use utoipa::IntoParams;
use utoipa_axum::routes;

/// An import file may be this large (100,000 rows of a register fit well inside).
pub const MAX_IMPORT_BYTES: usize = 48 * 1024 * 1024;

/// The request body limit of an import: the file plus the form around it.
pub const BODY_LIMIT: usize = MAX_IMPORT_BYTES + 64 * 1024;

pub fn body_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(BODY_LIMIT)
}

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(import_api))
        .api(Gate::Anyone, routes!(export_api))
}

pub use crate::interchange::REGISTERS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(s: Option<&str>) -> Result<Format, ApiError> {
        match s.unwrap_or("csv") {
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            other => Err(ApiError::invalid(
                "format",
                format!("unknown format {other}; csv or xlsx"),
            )),
        }
    }
}

fn unknown_register(name: &str) -> ApiError {
    ApiError::invalid(
        "register",
        format!("unknown register {name}; one of {}", REGISTERS.join(", ")),
    )
}

/// An import's outcome as the API answers it: the report, or 422 with every bad cell.
pub enum ImportAnswer {
    Done(ImportReport),
    Rejected(Vec<CellError>),
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

/// Imports into the named register, as the caller. Every row is checked first.
pub async fn import_named(
    state: &SharedState,
    caller: &Caller,
    register: &str,
    bytes: &[u8],
    skip_bad_rows: bool,
) -> Result<ImportAnswer, ApiError> {
    caller.require_user()?;
    let env = crate::web::kit::records::env(state, caller);
    let started = std::time::Instant::now();
    let result = interchange::import_named(
        register,
        &state.store,
        &caller.actor,
        &caller.audit_ctx(),
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
            Ok(ImportAnswer::Done(report))
        }
        Err(ImportError::Rejected(errors)) => Ok(ImportAnswer::Rejected(errors)),
        Err(ImportError::Store(e)) => Err(e.into()),
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
    import_named(
        &state,
        &caller,
        &register,
        &body,
        p.skip_bad_rows.unwrap_or(false),
    )
    .await
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
    export_named(&state, &caller, &register, format).await
}

pub async fn export_named(
    state: &SharedState,
    caller: &Caller,
    register: &str,
    format: Format,
) -> Result<Response, ApiError> {
    caller.require_user()?;
    let scope = ReadScope::of(&caller.actor);
    if register == "plans" {
        return super::planning::plans_file(state, caller, format).await;
    }
    match register {
        "applications" => export::<ApplicationInput>(state, scope, format).await,
        "datasets" => export::<DatasetInput>(state, scope, format).await,
        "sites" => export::<SiteInput>(state, scope, format).await,
        "websites" => export::<WebsiteInput>(state, scope, format).await,
        "agendas" => export::<AgendaInput>(state, scope, format).await,
        "policies" => export::<PolicyInput>(state, scope, format).await,
        "services" => export::<ServiceInput>(state, scope, format).await,
        "processes" => export::<ProcessInput>(state, scope, format).await,
        "infrastructure" => export::<InfrastructureInput>(state, scope, format).await,
        other => Err(unknown_register(other)),
    }
}

fn page_query(page: u32) -> ListQuery {
    ListQuery {
        page,
        per_page: MAX_PER_PAGE,
        q: None,
    }
}

async fn export<S: Sheet>(
    state: &SharedState,
    scope: ReadScope,
    format: Format,
) -> Result<Response, ApiError> {
    let (_, code_of) = pd_directory(&state.store).await?;
    let code_of = Arc::new(code_of);
    let file = format!(
        "padu-{}-{}.{}",
        S::NAME,
        padu_domain::sla::wib_date(state.clock.now()),
        if format == Format::Csv { "csv" } else { "xlsx" }
    );
    let disposition = format!("attachment; filename=\"{file}\"");
    let xlsx = format == Format::Xlsx;
    let internal = |e: String| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e);
    let (writer, header_bytes) = SheetWriter::start(xlsx, S::NAME, S::HEADER).map_err(internal)?;
    let store = state.store.clone();
    // One page per chunk, encoded as it goes; the sheet closes after the last page. A read or
    // write error ends the stream early: the client sees a cut-off download, never a short
    // file passed off as whole.
    let chunks = stream::unfold(
        Some((writer, 1u32, header_bytes)),
        move |state: Option<(SheetWriter, u32, Vec<u8>)>| {
            let store = store.clone();
            let scope = scope.clone();
            let code_of = code_of.clone();
            async move {
                let (mut writer, n, mut out) = state?;
                let stop = |e: String| Some((Err(std::io::Error::other(e)), None));
                let page = match S::page(&store, &scope, &page_query(n)).await {
                    Ok(page) => page,
                    Err(e) => {
                        tracing::error!(error = %e, register = S::NAME, "export stopped");
                        return stop("export stopped".into());
                    }
                };
                let cells = page
                    .items
                    .iter()
                    .map(|r| S::cells(r, &|id| pd_code(&code_of, id)));
                match writer.rows(cells) {
                    Ok(bytes) => out.extend(bytes),
                    Err(e) => return stop(e),
                }
                let next = if page.items.len() == MAX_PER_PAGE as usize {
                    Some((writer, n + 1, Vec::new()))
                } else {
                    match writer.finish() {
                        Ok(bytes) => out.extend(bytes),
                        Err(e) => return stop(e),
                    }
                    None
                };
                Some((Ok(Bytes::from(out)), next))
            }
        },
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                SheetWriter::content_type(xlsx).to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}

fn pd_code(code_of: &HashMap<i64, String>, id: Option<i64>) -> String {
    id.and_then(|id| code_of.get(&id).cloned())
        .unwrap_or_default()
}
