//! Downloads of attached files, by anyone the owning record's rules let read them
//! (`app::files::may_read`).

use crate::app::files;
use crate::web::kit::layout::{OrPage, UiResult};
use crate::web::kit::upload::file_response;
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, State};
use axum::response::Response;
use padu_domain::Gate;
use utoipa_axum::routes;

/// The file as a download, or "not found" to anyone who may not read it.
pub async fn fetch(state: &SharedState, caller: &Caller, id: i64) -> Result<Response, ApiError> {
    let (a, data) = files::read(state, &caller.actor, id).await?;
    Ok(file_response(&a, data))
}

#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "layanan", params(("id" = i64, Path)), responses((status = 200, description = "the file"), (status = 404)))]
pub(super) async fn download(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    fetch(&state, &caller, id).await
}

async fn download_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    fetch(&state, &caller, id).await.or_page(&state, &caller)
}

pub(super) fn routes() -> Routes {
    // Anyone signed in asks; the owning record's rules answer (`files::may_read`).
    Routes::new().api(Gate::SignedIn, routes!(download)).get(
        "/lampiran/{id}",
        Gate::SignedIn,
        download_page,
    )
}
