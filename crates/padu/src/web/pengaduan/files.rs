//! A complaint's files, added and read by the complainant with the tracking code.

use crate::app::pengaduan as complaints;
use crate::web::kit::upload::{file_response, read_upload, store_upload, Upload};
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use padu_domain::Gate;
use padu_store::attachments::{Attachment, Owner};
use utoipa_axum::routes;

/// The complainant adds a file to an open complaint, with the tracking code.
pub async fn attach_to_complaint(
    state: &SharedState,
    caller: &Caller,
    code: &str,
    up: &Upload,
) -> Result<Attachment, ApiError> {
    let c = complaints::files_allowed(state, code).await?;
    store_upload(state, caller, Owner::Complaint(c.id), true, up).await
}

#[utoipa::path(post, path = "/api/v1/complaints/track/{code}/attachments", tag = "layanan", params(("code" = String, Path)), request_body(content_type = "multipart/form-data", description = "`file`"), responses((status = 201, body = Attachment), (status = 404), (status = 413), (status = 415)))]
async fn upload_complaint_file(
    State(state): State<SharedState>,
    caller: Caller,
    Path(code): Path<String>,
    form: Multipart,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let up = read_upload(form).await?;
    Ok((
        StatusCode::CREATED,
        Json(attach_to_complaint(&state, &caller, &code, &up).await?),
    ))
}

/// The complainant downloads a file of their own complaint.
#[utoipa::path(get, path = "/api/v1/complaints/track/{code}/attachments/{id}", tag = "layanan", params(("code" = String, Path), ("id" = i64, Path)), responses((status = 200, description = "the file"), (status = 404)))]
async fn download_tracked(
    State(state): State<SharedState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let (a, data) = complaints::tracked_file(&state, &code, id).await?;
    Ok(file_response(&a, data))
}

pub(super) fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(upload_complaint_file))
        .api(Gate::Anyone, routes!(download_tracked))
}
