//! Public complaints' JSON API: filing and tracking without an account, the staff's list,
//! steps and notes, similar complaints and statistics. The operations are
//! `crate::app::pengaduan`'s; the rules `padu_domain::complaint`'s.

use crate::app::pengaduan::{
    self as complaints, ComplaintDetail, ComplaintInput, ComplaintView, ResponseInput, Similar,
    Statistics, StepInput, Tracked,
};
use crate::app::AppError;
use crate::web::kit::Routes;
use crate::web::kit::{query, ApiJson, ListParams};
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use padu_domain::complaint::{Category, Status};
use padu_domain::{Denied, Gate};
use padu_store::complaints::{Complaint, ComplaintFilter, ComplaintUpdate};
use padu_store::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_complaints, file_complaint))
        .api(Gate::Anyone, routes!(get_complaint))
        .api(Gate::SignedIn, routes!(take_step))
        .api(Gate::SignedIn, routes!(add_note))
        .api(Gate::Anyone, routes!(track))
        .api(Gate::Anyone, routes!(complainant_response))
        .api(Gate::Anyone, routes!(statistics))
        .api(Gate::Anyone, routes!(similar_api))
}

/// A refusal of the complaint's rules, in the flow's words: `message` says who may.
pub fn refused_as(message: &'static str) -> impl Fn(AppError) -> ApiError {
    move |e| match e {
        AppError::Denied(Denied::Forbidden) => {
            ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
        }
        other => other.into(),
    }
}

/// A step the flow refuses the caller.
pub const STEP_REFUSED: &str = "you may not take this step on this complaint";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarParams {
    pub title: Option<String>,
    pub body: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// Open public complaints like a report about to be filed (nearby, or with similar words), so
/// a citizen can follow an existing one instead of filing it again.
#[utoipa::path(get, path = "/api/v1/complaints/similar", tag = "layanan", params(SimilarParams), responses((status = 200, body = [Similar])))]
async fn similar_api(
    State(state): State<SharedState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<Similar>>, ApiError> {
    let p: SimilarParams = query(raw.as_deref())?;
    let text = format!(
        "{} {}",
        p.title.unwrap_or_default(),
        p.body.unwrap_or_default()
    );
    let point = p.latitude.zip(p.longitude);
    Ok(Json(
        complaints::similar(&state, false, &text, point, None).await?,
    ))
}

/// Files a complaint from the public channel, behind its abuse protections: a field only
/// robots fill in, and a limit per address.
pub async fn file(
    state: &SharedState,
    caller: &Caller,
    input: ComplaintInput,
) -> Result<Complaint, ApiError> {
    if input
        .website
        .as_deref()
        .is_some_and(|w| !w.trim().is_empty())
    {
        return Err(ApiError::invalid("website", "leave this field empty"));
    }
    let key = format!("complaint:{}", caller.ip.as_deref().unwrap_or("?"));
    if let Err(wait) = state.complaint_limiter.hit(&key, std::time::Instant::now()) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("too many complaints from this address; try again in {wait} s"),
        ));
    }
    Ok(complaints::file(state, &caller.audit_ctx(), input).await?)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplaintParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    /// Text in the title, body or tracking code.
    pub q: Option<String>,
    /// menunggu_verifikasi, diteruskan, ditindaklanjuti, selesai, ditolak, digabung.
    pub status: Option<String>,
    /// pengaduan, aspirasi, permintaan_informasi.
    pub category: Option<String>,
    pub pd_id: Option<i64>,
    /// Only open complaints past a deadline.
    pub overdue: Option<bool>,
}

impl ComplaintParams {
    pub fn filter(&self, now: DateTime<Utc>) -> Result<ComplaintFilter, ApiError> {
        Ok(ComplaintFilter {
            status: match self.status.as_deref().filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => Some(
                    Status::parse(s)
                        .ok_or_else(|| ApiError::invalid("status", "unknown status"))?,
                ),
            },
            category: match self.category.as_deref().filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => Some(
                    Category::parse(s)
                        .ok_or_else(|| ApiError::invalid("category", "unknown category"))?,
                ),
            },
            pd_id: self.pd_id,
            overdue_at: self.overdue.unwrap_or(false).then_some(now),
        })
    }
    pub fn list(&self) -> Result<padu_store::ListQuery, ApiError> {
        ListParams {
            page: self.page,
            per_page: self.per_page,
            q: self.q.clone(),
        }
        .query()
    }
}

/// Complaints the caller may see: staff by role and PD, the public only what is public.
#[utoipa::path(get, path = "/api/v1/complaints", tag = "layanan", params(ComplaintParams), responses((status = 200, body = Page<ComplaintView>), (status = 422)))]
async fn list_complaints(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ComplaintView>>, ApiError> {
    let p: ComplaintParams = query(raw.as_deref())?;
    let (filter, page) = (p.filter(caller.now)?, p.list()?);
    Ok(Json(
        complaints::list(&state, &caller.actor, caller.now, &filter, &page).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Filed {
    pub id: i64,
    /// Keep it: it is the only way to follow the complaint without an account.
    pub tracking_code: String,
    pub status: String,
    #[schema(value_type = Option<String>)]
    pub verify_due: Option<DateTime<Utc>>,
}

/// Files a complaint; no account needed. Rate-limited per address.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "layanan", request_body = ComplaintInput, responses((status = 201, body = Filed), (status = 422), (status = 429)))]
async fn file_complaint(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<ComplaintInput>,
) -> Result<(StatusCode, Json<Filed>), ApiError> {
    let c = file(&state, &caller, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(Filed {
            id: c.id,
            tracking_code: c.tracking_code,
            status: c.status.as_str().into(),
            verify_due: c.deadlines.verify_due,
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/complaints/{id}", tag = "layanan", params(("id" = i64, Path)), responses((status = 200, body = ComplaintDetail), (status = 404)))]
async fn get_complaint(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<ComplaintDetail>, ApiError> {
    Ok(Json(
        complaints::detail(&state, &caller.actor, caller.now, id).await?,
    ))
}

/// A step in the SP4N-LAPOR! flow: forward / reject / merge / close (Dinas), follow_up / return
/// (the PD it was forwarded to, or the Dinas).
#[utoipa::path(post, path = "/api/v1/complaints/{id}/steps", tag = "layanan", params(("id" = i64, Path)), request_body = StepInput, responses((status = 200, body = ComplaintView), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn take_step(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<StepInput>,
) -> Result<Json<ComplaintView>, ApiError> {
    let c = complaints::take(&state, &caller.actor, &caller.audit_ctx(), id, input)
        .await
        .map_err(refused_as(STEP_REFUSED))?;
    complaints::view_for(&caller.actor, c, caller.now)
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NoteInput {
    pub body: String,
}

/// A note the complaint's rules refuse the caller.
pub const NOTE_REFUSED: &str =
    "only the Dinas and the PD the complaint was forwarded to write on it";

/// An internal note: by the Dinas or the PD the complaint was forwarded to, never shown to the
/// complainant or the public.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/notes", tag = "layanan", params(("id" = i64, Path)), request_body = NoteInput, responses((status = 201, body = ComplaintUpdate), (status = 404)))]
async fn add_note(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NoteInput>,
) -> Result<(StatusCode, Json<ComplaintUpdate>), ApiError> {
    let note = complaints::note(&state, &caller.actor, &caller.audit_ctx(), id, &input.body)
        .await
        .map_err(refused_as(NOTE_REFUSED))?;
    Ok((StatusCode::CREATED, Json(note)))
}

#[utoipa::path(get, path = "/api/v1/complaints/track/{code}", tag = "layanan", params(("code" = String, Path)), responses((status = 200, body = Tracked), (status = 404)))]
async fn track(
    State(state): State<SharedState>,
    Path(code): Path<String>,
) -> Result<Json<Tracked>, ApiError> {
    Ok(Json(complaints::tracked(&state, &code).await?))
}

/// The complainant's response to the follow-up: satisfied closes it, not satisfied returns it
/// to the PD with a fresh 5 working days.
#[utoipa::path(post, path = "/api/v1/complaints/track/{code}/response", tag = "layanan", params(("code" = String, Path)), request_body = ResponseInput, responses((status = 200, body = Tracked), (status = 404), (status = 409)))]
async fn complainant_response(
    State(state): State<SharedState>,
    caller: Caller,
    Path(code): Path<String>,
    ApiJson(input): ApiJson<ResponseInput>,
) -> Result<Json<Tracked>, ApiError> {
    complaints::respond(&state, &caller.audit_ctx(), &code, input).await?;
    Ok(Json(complaints::tracked(&state, &code).await?))
}

/// Public statistics: counts only.
#[utoipa::path(get, path = "/api/v1/complaints/statistics", tag = "layanan", responses((status = 200, body = Statistics)))]
async fn statistics(State(state): State<SharedState>) -> Result<Json<Statistics>, ApiError> {
    Ok(Json(complaints::statistics(&state).await?))
}
