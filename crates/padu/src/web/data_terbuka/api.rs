//! Publishing over the JSON API, for the producers' own systems and the walidata: draft a data
//! set from an inventory entry, rewrite its metadata, add links and files (and new versions of
//! a file), and move it through the walidata's check.

use crate::app::data_terbuka::{self as dt, DatasetView, NewResource};
use crate::web::kit::upload::read_upload_limited;
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::Json;
use padu_domain::data_terbuka::publication::PUBLISHES;
use padu_domain::Gate;
use padu_store::data_terbuka::datasets::{OpenDataset, OpenDatasetInput};
use padu_store::data_terbuka::resources::{LinkInput, OpenResource};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(open_datasets_api))
        .api(PUBLISHES, routes!(open_draft_api))
        .api(Gate::SignedIn, routes!(open_dataset_api))
        .api(PUBLISHES, routes!(open_edit_api))
        .api(PUBLISHES, routes!(open_step_api))
        .api(PUBLISHES, routes!(open_link_api))
        .merge(
            Routes::new()
                .api(PUBLISHES, routes!(open_file_api))
                .api(PUBLISHES, routes!(open_version_api))
                .body_limit(super::MAX_FILE_BYTES + 64 * 1024),
        )
}

/// A move of a data set's publication.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationStep {
    /// diajukan (the producer submits), terbit (the walidata publishes), dikembalikan (the
    /// walidata returns it, saying what to correct) or ditarik (withdrawn, saying why).
    pub status: String,
    #[serde(default)]
    pub note: String,
}

/// The data sets the caller may read, most recently changed first.
#[utoipa::path(get, path = "/api/v1/data-terbuka/datasets", tag = "data_terbuka", responses((status = 200, body = Vec<OpenDataset>)))]
async fn open_datasets_api(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<OpenDataset>>, ApiError> {
    Ok(Json(dt::datasets(&state, &caller.actor).await?))
}

/// Drafts a data set from an inventory entry of the caller's PD (classified Biasa).
#[utoipa::path(post, path = "/api/v1/data-terbuka/datasets", tag = "data_terbuka", request_body = OpenDatasetInput, responses((status = 201, body = OpenDataset), (status = 403), (status = 409), (status = 422)))]
async fn open_draft_api(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(body): ApiJson<OpenDatasetInput>,
) -> Result<(StatusCode, Json<OpenDataset>), ApiError> {
    let d = dt::draft(&state, &caller.actor, &caller.audit_ctx(), &body).await?;
    Ok((StatusCode::CREATED, Json(d)))
}

/// A data set with its resources, every version of its files and the steps open to the caller.
#[utoipa::path(get, path = "/api/v1/data-terbuka/datasets/{id}", tag = "data_terbuka", params(("id" = i64, Path)), responses((status = 200, body = DatasetView), (status = 404)))]
async fn open_dataset_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<DatasetView>, ApiError> {
    Ok(Json(dt::dataset(&state, &caller.actor, id).await?))
}

/// Rewrites a data set's metadata (not while the walidata checks it).
#[utoipa::path(put, path = "/api/v1/data-terbuka/datasets/{id}", tag = "data_terbuka", params(("id" = i64, Path)), request_body = OpenDatasetInput, responses((status = 200, body = OpenDataset), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn open_edit_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<OpenDatasetInput>,
) -> Result<Json<OpenDataset>, ApiError> {
    Ok(Json(
        dt::edit(&state, &caller.actor, &caller.audit_ctx(), id, &body).await?,
    ))
}

/// Moves a data set: submitted by its producer, published or returned by the walidata,
/// withdrawn by either.
#[utoipa::path(post, path = "/api/v1/data-terbuka/datasets/{id}/status", tag = "data_terbuka", params(("id" = i64, Path)), request_body = PublicationStep, responses((status = 200, body = OpenDataset), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn open_step_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<PublicationStep>,
) -> Result<Json<OpenDataset>, ApiError> {
    Ok(Json(
        dt::step(
            &state,
            &caller.actor,
            &caller.audit_ctx(),
            id,
            &body.status,
            &body.note,
        )
        .await?,
    ))
}

/// Adds a link to data held elsewhere.
#[utoipa::path(post, path = "/api/v1/data-terbuka/datasets/{id}/links", tag = "data_terbuka", params(("id" = i64, Path)), request_body = LinkInput, responses((status = 201, body = OpenResource), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn open_link_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<LinkInput>,
) -> Result<(StatusCode, Json<OpenResource>), ApiError> {
    let r = dt::add_resource(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        id,
        NewResource::Link(&body),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// Adds a file resource (CSV in UTF-8, JSON or XLSX; at most 50 MB): the parts `file`,
/// `name`, and optionally `description` and `note`.
#[utoipa::path(post, path = "/api/v1/data-terbuka/datasets/{id}/files", tag = "data_terbuka", params(("id" = i64, Path)), request_body(content_type = "multipart/form-data", description = "`file`, `name`, `description`, `note`"), responses((status = 201, body = OpenResource), (status = 403), (status = 404), (status = 413), (status = 422)))]
async fn open_file_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<(StatusCode, Json<OpenResource>), ApiError> {
    let up = read_upload_limited(form, super::MAX_FILE_BYTES).await?;
    let resource = super::new_file(&up);
    let r = dt::add_resource(&state, &caller.actor, &caller.audit_ctx(), id, resource).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// Keeps a new version of a file resource (the same format): the parts `file` and `note`.
#[utoipa::path(post, path = "/api/v1/data-terbuka/datasets/{id}/files/{resource}", tag = "data_terbuka", params(("id" = i64, Path), ("resource" = i64, Path)), request_body(content_type = "multipart/form-data", description = "`file`, `note`"), responses((status = 201, body = OpenResource), (status = 403), (status = 404), (status = 413), (status = 422)))]
async fn open_version_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path((id, resource)): Path<(i64, i64)>,
    form: Multipart,
) -> Result<(StatusCode, Json<OpenResource>), ApiError> {
    let up = read_upload_limited(form, super::MAX_FILE_BYTES).await?;
    let file = super::version_file(&up);
    let r = dt::add_version(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        id,
        resource,
        &file,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(r)))
}
