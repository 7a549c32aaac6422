//! A ticket's files: the requester's are public, staff choose.

use crate::app::layanan as desk;
use crate::web::kit::upload::{read_upload, store_upload, Upload};
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::Json;
use padu_domain::Gate;
use padu_store::attachments::{Attachment, Owner};
use utoipa_axum::routes;

/// Attaches a file to a ticket: the requester's files are public; staff choose (`internal=1`
/// keeps a file among staff).
pub async fn attach_to_ticket(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    up: &Upload,
) -> Result<Attachment, ApiError> {
    let public = desk::file_is_public(state, &caller.actor, id, up.internal()).await?;
    store_upload(state, caller, Owner::Ticket(id), public, up).await
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/attachments", tag = "layanan", params(("id" = i64, Path)), request_body(content_type = "multipart/form-data", description = "`file`, and `internal=1` for staff-only files"), responses((status = 201, body = Attachment), (status = 413), (status = 415), (status = 422)))]
async fn upload_ticket_file(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let up = read_upload(form).await?;
    Ok((
        StatusCode::CREATED,
        Json(attach_to_ticket(&state, &caller, id, &up).await?),
    ))
}

pub(super) fn routes() -> Routes {
    Routes::new().api(Gate::SignedIn, routes!(upload_ticket_file))
}
