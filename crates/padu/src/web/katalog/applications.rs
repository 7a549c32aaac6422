//! Katalog & Arsitektur SPBE over HTTP: the applications register, the data inventory and the compliance
//! findings (`padu_domain::catalog::evaluate` over the records the caller may read).

use crate::app::katalog;
use crate::web::kit::{query, records, ApiError, ApiJson, Caller, ListParams, Routes, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use padu_domain::catalog::{
    required_documents, Finding, RequiredDocument, Severity, APPLICATION_SECTORS, BACKUP_PERIODS,
    DATA_DISTRIBUTIONS, KEEPS_REGISTERS, PROCESS_SECTORS,
};
use padu_domain::profile::ProfileId;
use padu_domain::Gate;
use padu_store::catalog::{Application, ApplicationFilter, ApplicationInput, APPLICATION_STATUSES};
use padu_store::datasets::{Dataset, DatasetFilter, DatasetInput};
use padu_store::Page;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa_axum::routes;

/// Anyone reads what the records' classification lets them (the public: Biasa); the registers'
/// keepers write.
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_applications))
        .api(KEEPS_REGISTERS, routes!(create_application))
        .api(Gate::Anyone, routes!(get_application))
        .api(
            KEEPS_REGISTERS,
            routes!(update_application, delete_application),
        )
        .api(Gate::Anyone, routes!(list_datasets))
        .api(KEEPS_REGISTERS, routes!(create_dataset))
        .api(Gate::Anyone, routes!(get_dataset))
        .api(KEEPS_REGISTERS, routes!(update_dataset, delete_dataset))
        .api(Gate::Anyone, routes!(list_findings))
        .api(Gate::Anyone, routes!(vocabulary))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
    /// One of the 23 sectors of Pessel Lampiran I.
    pub sector: Option<String>,
    /// planned, development, production or retired.
    pub status: Option<String>,
}

/// Applications the caller may see (by classification and PD).
#[utoipa::path(get, path = "/api/v1/catalog/applications", tag = "catalog", params(ApplicationParams), responses((status = 200, body = Page<Application>), (status = 422)))]
async fn list_applications(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Application>>, ApiError> {
    let p: ApplicationParams = query(raw.as_deref())?;
    let filter = ApplicationFilter {
        pd_id: p.pd_id,
        sector: p.sector,
        status: p.status,
    };
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    Ok(Json(
        katalog::applications(&state, &caller.actor, &filter, &q).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/catalog/applications/{id}", tag = "catalog", params(("id" = i64, Path)), responses((status = 200, body = Application), (status = 404)))]
async fn get_application(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Application>, ApiError> {
    records::read::<ApplicationInput>(&state, &caller, id).await
}

/// Registers an application of a PD (its operators, or the Dinas).
#[utoipa::path(post, path = "/api/v1/catalog/applications", tag = "catalog", request_body = ApplicationInput, responses((status = 201, body = Application), (status = 403), (status = 422)))]
async fn create_application(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<ApplicationInput>,
) -> Result<(StatusCode, Json<Application>), ApiError> {
    records::create(&state, &caller, input).await
}

#[utoipa::path(put, path = "/api/v1/catalog/applications/{id}", tag = "catalog", params(("id" = i64, Path)), request_body = ApplicationInput, responses((status = 200, body = Application), (status = 403), (status = 404), (status = 422)))]
async fn update_application(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ApplicationInput>,
) -> Result<Json<Application>, ApiError> {
    records::update(&state, &caller, id, input).await
}

#[utoipa::path(delete, path = "/api/v1/catalog/applications/{id}", tag = "catalog", params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404)))]
async fn delete_application(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    records::delete::<ApplicationInput>(&state, &caller, id).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DatasetParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
    /// publik, antar_instansi or internal.
    pub distribution: Option<String>,
}

/// The data and information inventory (Kalbar Pasal 11(7)) the caller may see.
#[utoipa::path(get, path = "/api/v1/catalog/datasets", tag = "catalog", params(DatasetParams), responses((status = 200, body = Page<Dataset>), (status = 422)))]
async fn list_datasets(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Dataset>>, ApiError> {
    let p: DatasetParams = query(raw.as_deref())?;
    let filter = DatasetFilter {
        pd_id: p.pd_id,
        distribution: p.distribution,
    };
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    Ok(Json(
        katalog::datasets(&state, &caller.actor, &filter, &q).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/catalog/datasets/{id}", tag = "catalog", params(("id" = i64, Path)), responses((status = 200, body = Dataset), (status = 404)))]
async fn get_dataset(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Dataset>, ApiError> {
    records::read::<DatasetInput>(&state, &caller, id).await
}

/// Registers a data set of a PD (its operators, or the Dinas).
#[utoipa::path(post, path = "/api/v1/catalog/datasets", tag = "catalog", request_body = DatasetInput, responses((status = 201, body = Dataset), (status = 403), (status = 422)))]
async fn create_dataset(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<DatasetInput>,
) -> Result<(StatusCode, Json<Dataset>), ApiError> {
    records::create(&state, &caller, input).await
}

#[utoipa::path(put, path = "/api/v1/catalog/datasets/{id}", tag = "catalog", params(("id" = i64, Path)), request_body = DatasetInput, responses((status = 200, body = Dataset), (status = 403), (status = 404), (status = 422)))]
async fn update_dataset(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<DatasetInput>,
) -> Result<Json<Dataset>, ApiError> {
    records::update(&state, &caller, id, input).await
}

#[utoipa::path(delete, path = "/api/v1/catalog/datasets/{id}", tag = "catalog", params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404)))]
async fn delete_dataset(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    records::delete::<DatasetInput>(&state, &caller, id).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FindingParams {
    pub pd_id: Option<i64>,
    /// high, medium or low.
    pub severity: Option<String>,
}

/// Compliance findings: each names its rule, the clause behind it, severity, PD and due date.
#[utoipa::path(get, path = "/api/v1/catalog/findings", tag = "catalog", params(FindingParams), responses((status = 200, body = [Finding]), (status = 422)))]
async fn list_findings(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<Finding>>, ApiError> {
    let p: FindingParams = query(raw.as_deref())?;
    let severity = match p.severity.as_deref() {
        None => None,
        Some("high") => Some(Severity::High),
        Some("medium") => Some(Severity::Medium),
        Some("low") => Some(Severity::Low),
        Some(other) => {
            return Err(ApiError::invalid(
                "severity",
                format!("unknown severity {other}; one of high, medium, low"),
            ))
        }
    };
    Ok(Json(
        katalog::findings(&state, &caller.actor, caller.today(), p.pd_id, severity).await?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Vocabulary {
    pub profile: ProfileId,
    #[schema(value_type = Vec<String>)]
    pub application_sectors: &'static [&'static str],
    #[schema(value_type = Vec<String>)]
    pub process_sectors: &'static [&'static str],
    #[schema(value_type = Vec<String>)]
    pub application_statuses: &'static [&'static str],
    #[schema(value_type = Vec<String>)]
    pub data_distributions: &'static [&'static str],
    #[schema(value_type = Vec<String>)]
    pub backup_periods: &'static [&'static str],
    /// The documentation checklist of this region's regulation.
    #[schema(value_type = Vec<RequiredDocument>)]
    pub required_documents: &'static [RequiredDocument],
}

/// The catalogue's vocabularies for this region: sectors, statuses, documentation checklist.
#[utoipa::path(get, path = "/api/v1/catalog/vocabulary", tag = "catalog", responses((status = 200, body = Vocabulary)))]
async fn vocabulary(State(state): State<SharedState>, _caller: Caller) -> Json<Vocabulary> {
    let profile = state.profile();
    Json(Vocabulary {
        profile,
        application_sectors: &APPLICATION_SECTORS,
        process_sectors: &PROCESS_SECTORS,
        application_statuses: &APPLICATION_STATUSES,
        data_distributions: &DATA_DISTRIBUTIONS,
        backup_periods: &BACKUP_PERIODS,
        required_documents: required_documents(profile),
    })
}
