//! The SPBE evaluation over the JSON API: instruments (list, read, load a file), each year's
//! evaluation (start, read with its index), claims and their review, and the year as a sheet.

use crate::app::evaluasi::{self, EvaluationSummary, EvaluationView, IndicatorView};
use crate::app::registers::Format;
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SharedState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use padu_domain::evaluasi::instrument::Instrument;
use padu_domain::evaluasi::{CLAIMS_LEVELS, REVIEWS_CLAIMS};
use padu_domain::Gate;
use padu_store::evaluasi::evaluations::{Claim, ClaimInput, ClaimReview, Evaluation};
use padu_store::evaluasi::instruments::StoredInstrument;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(instruments_api))
        .api(Gate::SignedIn, routes!(instrument_api))
        .api(CLAIMS_LEVELS, routes!(load_api))
        .api(Gate::SignedIn, routes!(evaluations_api))
        .api(CLAIMS_LEVELS, routes!(start_api))
        .api(Gate::SignedIn, routes!(evaluation_api))
        .api(Gate::SignedIn, routes!(sheet_api))
        .api(Gate::SignedIn, routes!(indicator_api))
        .api(CLAIMS_LEVELS, routes!(claim_api))
        .api(REVIEWS_CLAIMS, routes!(review_api))
}

/// An instrument file to load, as its TOML text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstrumentFile {
    /// The whole file: domains, aspects, indicators with weights, levels and predicates.
    pub text: String,
}

/// A year's evaluation to start.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEvaluation {
    pub year: i64,
    /// The code of a loaded instrument.
    pub instrument: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct SheetQuery {
    /// csv (the default) or xlsx.
    pub format: Option<String>,
}

/// The instruments loaded, with the years evaluated on each.
#[utoipa::path(get, path = "/api/v1/evaluasi/instruments", tag = "evaluasi", responses((status = 200, body = Vec<StoredInstrument>)))]
async fn instruments_api(
    State(state): State<SharedState>,
) -> Result<Json<Vec<StoredInstrument>>, ApiError> {
    Ok(Json(evaluasi::instruments(&state).await?))
}

/// Instrument `code` whole: domains, aspects, indicators, levels, predicates.
#[utoipa::path(get, path = "/api/v1/evaluasi/instruments/{code}", tag = "evaluasi", params(("code" = String, Path)), responses((status = 200, body = Instrument), (status = 404)))]
async fn instrument_api(
    State(state): State<SharedState>,
    Path(code): Path<String>,
) -> Result<Json<Instrument>, ApiError> {
    Ok(Json(evaluasi::instrument(&state, &code).await?))
}

/// Loads an instrument from its file; a mistake is named by its line and nothing is stored.
#[utoipa::path(post, path = "/api/v1/evaluasi/instruments", tag = "evaluasi", request_body = InstrumentFile, responses((status = 201, body = Instrument), (status = 403), (status = 422)))]
async fn load_api(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(body): ApiJson<InstrumentFile>,
) -> Result<(StatusCode, Json<Instrument>), ApiError> {
    let i = evaluasi::load(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        body.text.as_bytes(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(i)))
}

/// Every year's evaluation with its index and predicate, newest first.
#[utoipa::path(get, path = "/api/v1/evaluasi/evaluations", tag = "evaluasi", responses((status = 200, body = Vec<EvaluationSummary>)))]
async fn evaluations_api(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<EvaluationSummary>>, ApiError> {
    Ok(Json(evaluasi::overview(&state, &caller.actor).await?))
}

/// Starts a year's evaluation on a loaded instrument (one a year).
#[utoipa::path(post, path = "/api/v1/evaluasi/evaluations", tag = "evaluasi", request_body = NewEvaluation, responses((status = 201, body = Evaluation), (status = 403), (status = 409), (status = 422)))]
async fn start_api(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewEvaluation>,
) -> Result<(StatusCode, Json<Evaluation>), ApiError> {
    let e = evaluasi::start(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        body.year,
        &body.instrument,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(e)))
}

/// Year `year`'s evaluation: its index by aspect, domain and in all with the predicate, each
/// indicator's claim and review, the earlier years, and where a level gained counts most.
#[utoipa::path(get, path = "/api/v1/evaluasi/evaluations/{year}", tag = "evaluasi", params(("year" = i64, Path)), responses((status = 200, body = EvaluationView), (status = 404)))]
async fn evaluation_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(year): Path<i64>,
) -> Result<Json<EvaluationView>, ApiError> {
    Ok(Json(
        evaluasi::evaluation(&state, &caller.actor, year).await?,
    ))
}

/// Year `year`'s evaluation as a sheet, a row an indicator.
#[utoipa::path(get, path = "/api/v1/evaluasi/evaluations/{year}/sheet", tag = "evaluasi", params(("year" = i64, Path), SheetQuery), responses((status = 200, description = "CSV or XLSX"), (status = 404)))]
async fn sheet_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(year): Path<i64>,
    Query(q): Query<SheetQuery>,
) -> Result<Response, ApiError> {
    let format = Format::parse(q.format.as_deref())?;
    let sheet = evaluasi::sheet(&state, &caller.actor, year, format, caller.today(), &|v| {
        crate::web::kit::i18n::value_label(caller.lang, v).to_string()
    })
    .await?;
    Ok(crate::web::kit::download::sheet_response(sheet))
}

/// Indicator `indicator` of year `year`: its levels and criteria, claim, files, and the records
/// Padu proposes as evidence.
#[utoipa::path(get, path = "/api/v1/evaluasi/evaluations/{year}/indicators/{indicator}", tag = "evaluasi", params(("year" = i64, Path), ("indicator" = i64, Path)), responses((status = 200, body = IndicatorView), (status = 404)))]
async fn indicator_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path((year, indicator)): Path<(i64, i64)>,
) -> Result<Json<IndicatorView>, ApiError> {
    Ok(Json(
        evaluasi::indicator(&state, &caller.actor, year, indicator).await?,
    ))
}

/// Claims an indicator's level with its justification and evidence links; a claim whose level
/// changes goes back to the assessor.
#[utoipa::path(put, path = "/api/v1/evaluasi/evaluations/{year}/claims", tag = "evaluasi", params(("year" = i64, Path)), request_body = ClaimInput, responses((status = 200, body = Claim), (status = 403), (status = 404), (status = 422)))]
async fn claim_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(year): Path<i64>,
    ApiJson(body): ApiJson<ClaimInput>,
) -> Result<Json<Claim>, ApiError> {
    Ok(Json(
        evaluasi::claim(&state, &caller.actor, &caller.audit_ctx(), year, &body).await?,
    ))
}

/// The assessor's review of an indicator's claim: setuju, or revisi with a level and a note.
#[utoipa::path(put, path = "/api/v1/evaluasi/evaluations/{year}/indicators/{indicator}/review", tag = "evaluasi", params(("year" = i64, Path), ("indicator" = i64, Path)), request_body = ClaimReview, responses((status = 200, body = Claim), (status = 403), (status = 404), (status = 422)))]
async fn review_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path((year, indicator)): Path<(i64, i64)>,
    ApiJson(body): ApiJson<ClaimReview>,
) -> Result<Json<Claim>, ApiError> {
    Ok(Json(
        evaluasi::review(
            &state,
            &caller.actor,
            &caller.audit_ctx(),
            year,
            indicator,
            &body,
        )
        .await?,
    ))
}
