//! The Layanan SPBE catalogue, the business processes and the infrastructure register over the
//! JSON API and as pages, and the whole architecture as an ArchiMate 3.1 exchange file.

use crate::app::katalog;
use crate::web::kit::{ApiError, Caller, Routes, SharedState};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use padu_domain::Gate;
use utoipa_axum::routes;

/// Anyone reads what the records' classification lets them; the registers' keepers write; the
/// whole architecture and the pages are for those signed in.
pub fn routes() -> Routes {
    Routes::new().api(Gate::SignedIn, routes!(archimate_api))
}

/// The architecture the caller may read as an ArchiMate 3.1 Model Exchange File.
pub(super) async fn archimate_file(
    state: &SharedState,
    caller: &Caller,
) -> Result<Response, ApiError> {
    let xml = katalog::archimate(state, &caller.actor).await?;
    let file = format!("padu-archimate-{}.xml", caller.today());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        xml,
    )
        .into_response())
}

/// The architecture (PDs, processes, services, applications, data sets, network sites and
/// their relations) in the ArchiMate 3.1 Open Exchange Format.
#[utoipa::path(get, path = "/api/v1/catalog/archimate", tag = "catalog", responses((status = 200, content_type = "application/xml", body = String)))]
async fn archimate_api(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    archimate_file(&state, &caller).await
}
