//! The catalogue's vocabularies for this region over the API: sectors, statuses and the
//! documentation checklist of its regulation.

use crate::web::kit::{Caller, Routes, SharedState};
use axum::extract::State;
use axum::Json;
use padu_domain::catalog::{
    required_documents, RequiredDocument, APPLICATION_SECTORS, APPLICATION_STATUSES,
    BACKUP_PERIODS, DATA_DISTRIBUTIONS, PROCESS_SECTORS,
};
use padu_domain::Gate;
use serde::Serialize;
use utoipa_axum::routes;

/// Anyone reads the vocabularies.
pub fn routes() -> Routes {
    Routes::new().api(Gate::Anyone, routes!(vocabulary))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Vocabulary {
    /// The profile in force (`pessel`, or a region's own).
    pub profile: String,
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
        profile: profile.id.clone(),
        application_sectors: &APPLICATION_SECTORS,
        process_sectors: &PROCESS_SECTORS,
        application_statuses: &APPLICATION_STATUSES,
        data_distributions: &DATA_DISTRIBUTIONS,
        backup_periods: &BACKUP_PERIODS,
        required_documents: required_documents(profile),
    })
}
