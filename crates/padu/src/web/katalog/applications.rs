//! Katalog & Arsitektur SPBE over HTTP: the applications register, the data inventory and the compliance
//! findings (`padu_domain::catalog::evaluate` over the records the caller may read).

use crate::app::katalog;
use crate::web::kit::{query, ApiError, Caller, Routes, SharedState};
use axum::extract::{RawQuery, State};
use axum::Json;
use padu_domain::catalog::{
    required_documents, Finding, RequiredDocument, Severity, APPLICATION_SECTORS,
    APPLICATION_STATUSES, BACKUP_PERIODS, DATA_DISTRIBUTIONS, PROCESS_SECTORS,
};
use padu_domain::profile::ProfileId;
use padu_domain::Gate;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa_axum::routes;

/// Anyone reads what the records' classification lets them (the public: Biasa); the registers'
/// keepers write.
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_findings))
        .api(Gate::Anyone, routes!(vocabulary))
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
