//! Public complaints over HTTP: the operations both the JSON API and the UI use, the API routes,
//! and the scheduler job that closes and escalates on deadlines. The rules themselves are in
//! `padu_domain::complaint`.

use crate::app::calendar::calendar;
use crate::app::notify::{self, Template};
use crate::app::pengaduan::tell_complainant;
use crate::web::kit::Routes;
use crate::web::kit::{query, ApiJson, ListParams};
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use padu_domain::complaint::{self, Category, Deadlines, Status, Step, StepError, Who};
use padu_domain::Gate;
use padu_domain::{Actor, Role};
use padu_store::complaints::{
    Complaint, ComplaintFilter, ComplaintScope, ComplaintUpdate, NewComplaint, StepRecord,
};
use padu_store::{Page, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_complaints, file_complaint))
        .api(Gate::Anyone, routes!(get_complaint))
        .api(Gate::Anyone, routes!(take_step))
        .api(Gate::Anyone, routes!(add_note))
        .api(Gate::Anyone, routes!(track))
        .api(Gate::Anyone, routes!(complainant_response))
        .api(Gate::Anyone, routes!(statistics))
        .api(Gate::Anyone, routes!(similar_api))
}

/// A complaint that may be the same as another.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Similar {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub pd_name: Option<String>,
    pub created_at: String,
    pub distance_km: Option<f64>,
    pub score: f64,
}

/// Open complaints like the given text and place, best first (at most 5). The public sees
/// public ones only; `staff` includes unverified and confidential ones.
pub async fn similar(
    state: &SharedState,
    staff: bool,
    text: &str,
    point: Option<(f64, f64)>,
    exclude: Option<i64>,
) -> Result<Vec<Similar>, ApiError> {
    use padu_domain::complaint::similar as sim;
    let words = sim::words(text);
    let list: Vec<String> = words.iter().cloned().collect();
    // About 1 km of latitude or longitude near the equator, then filtered by true distance.
    let candidates = state
        .store
        .similar_candidates(&list, point, 0.01, staff, 200)
        .await?;
    let mut out: Vec<Similar> = candidates
        .into_iter()
        .filter(|c| Some(c.id) != exclude)
        .filter_map(|c| {
            let text_score =
                sim::text_score(&words, &sim::words(&format!("{} {}", c.title, c.body)));
            let distance = match (point, c.latitude, c.longitude) {
                (Some(p), Some(la), Some(lo)) => Some(sim::distance_km(p, (la, lo))),
                _ => None,
            };
            let score = sim::score(text_score, distance);
            (score >= sim::THRESHOLD).then(|| Similar {
                id: c.id,
                title: c.title,
                status: c.status.as_str().into(),
                pd_name: c.pd_name,
                created_at: c.created_at,
                distance_km: distance.map(|d| (d * 100.0).round() / 100.0),
                score: (score * 100.0).round() / 100.0,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)));
    out.truncate(5);
    Ok(out)
}

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
    Ok(Json(similar(&state, false, &text, point, None).await?))
}

/// A complaint as one viewer may see it: identity blanked where the rules say so.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplaintView {
    #[serde(flatten)]
    pub complaint: Complaint,
    /// Whether the complainant's identity is shown to this viewer.
    pub identity_shown: bool,
    /// Which deadline has passed, if any.
    #[schema(value_type = Option<String>)]
    pub overdue: Option<complaint::Overdue>,
}

pub fn view_for(actor: &Actor, c: Complaint, now: DateTime<Utc>) -> Option<ComplaintView> {
    let v = complaint::view(
        actor,
        c.pd_id.map(padu_domain::PdId),
        c.status,
        c.anonymous,
        c.confidential,
    );
    if !v.content {
        return None;
    }
    let mut c = c;
    if !v.identity {
        c.reporter_name = None;
        c.reporter_email = None;
        c.reporter_phone = None;
    }
    let overdue = complaint::overdue(c.status, &c.deadlines, now);
    Some(ComplaintView {
        complaint: c,
        identity_shown: v.identity,
        overdue,
    })
}

/// Staff who see complaints: Pemda-wide roles see all, an Operator PD those of its PDs.
pub fn scope_of(actor: &Actor) -> ComplaintScope {
    let pemda_wide = [
        Role::AdminDinas,
        Role::Koordinator,
        Role::Auditor,
        Role::Pimpinan,
    ];
    if pemda_wide.iter().any(|r| actor.has_role(*r)) {
        ComplaintScope::All
    } else if matches!(actor, Actor::Public) {
        ComplaintScope::Public
    } else {
        ComplaintScope::Pds(actor.operator_pds().map(|p| p.0).collect())
    }
}

/// What a citizen sends (the API body and the public form).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ComplaintInput {
    /// pengaduan, aspirasi or permintaan_informasi.
    pub category: String,
    pub title: String,
    pub body: String,
    pub location_text: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub confidential: bool,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_phone: Option<String>,
    /// Leave empty: a field people never see, which only robots fill in.
    #[serde(default)]
    pub website: Option<String>,
}

/// Files a complaint for anyone, with the abuse protections of a public form.
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
    file_checked(state, caller, input).await
}

/// Files a complaint that passed the abuse checks of its channel (the public form above, or an
/// Open311 client with a valid api_key, which is accountable for what it sends).
pub async fn file_checked(
    state: &SharedState,
    caller: &Caller,
    input: ComplaintInput,
) -> Result<Complaint, ApiError> {
    let category = Category::parse(&input.category).ok_or_else(|| {
        ApiError::invalid(
            "category",
            "must be pengaduan, aspirasi or permintaan_informasi",
        )
    })?;
    let new = NewComplaint {
        category,
        title: input.title,
        body: input.body,
        location_text: input.location_text,
        latitude: input.latitude,
        longitude: input.longitude,
        anonymous: input.anonymous,
        confidential: input.confidential,
        reporter_name: input.reporter_name,
        reporter_email: input.reporter_email,
        reporter_phone: input.reporter_phone,
    };
    new.validate()?;
    let mut ctx = caller.audit_ctx();
    if caller.user.is_none() {
        ctx.actor_label = "pelapor".into();
    }
    let cal = calendar(&state.store).await?;
    let deadlines = complaint::on_filing(&cal, ctx.at);
    // A fresh code on the (astronomically unlikely) collision.
    for _ in 0..3 {
        let code = complaint::tracking_code(rand::random());
        match state
            .store
            .file_complaint(&ctx, &new, &code, &deadlines)
            .await
        {
            Err(StoreError::Conflict { field, .. }) if field == "tracking_code" => continue,
            other => return Ok(other?),
        }
    }
    Err(ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
        "try again",
    ))
}

/// A staff step on a complaint, as the API and the UI send it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = ComplaintStepInput)]
pub struct StepInput {
    /// forward, reject, merge, follow_up, return, close.
    pub step: String,
    /// The PD to forward to (forward).
    pub pd_id: Option<i64>,
    /// The older complaint this one duplicates (merge).
    pub merged_into: Option<i64>,
    /// The text the complainant sees: reason, follow-up or note to the PD.
    #[serde(default)]
    pub body: String,
}

fn step_error(e: StepError) -> ApiError {
    match e {
        StepError::Forbidden => ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "you may not take this step on this complaint",
        ),
        StepError::WrongStatus(s) => ApiError::field(
            StatusCode::CONFLICT,
            "conflict",
            "step",
            format!("not possible while the complaint is {}", s.as_str()),
        ),
    }
}

pub async fn take(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    input: StepInput,
) -> Result<Complaint, ApiError> {
    caller.require_user()?;
    let c = state.store.get_complaint(id).await?;
    if view_for(&caller.actor, c.clone(), caller.now).is_none() {
        return Err(ApiError::not_found());
    }
    let body = input.body.trim().to_string();
    let (step, kind, needs_body) = match input.step.as_str() {
        "forward" => {
            let pd = input
                .pd_id
                .ok_or_else(|| ApiError::invalid("pd_id", "choose the PD to forward to"))?;
            state
                .store
                .get_pd(pd)
                .await
                .map_err(|_| ApiError::invalid("pd_id", "no such Perangkat Daerah"))?;
            (
                Step::Forward {
                    pd: padu_domain::PdId(pd),
                },
                "forwarded",
                false,
            )
        }
        "reject" => (Step::Reject, "rejected", true),
        "merge" => (Step::Merge, "merged", false),
        "follow_up" => (Step::FollowUp, "follow_up", true),
        "return" => (Step::ReturnToDinas, "returned", true),
        "close" => (Step::Close, "closed", false),
        _ => {
            return Err(ApiError::invalid(
                "step",
                "must be forward, reject, merge, follow_up, return or close",
            ))
        }
    };
    if needs_body && body.is_empty() {
        return Err(ApiError::invalid(
            "body",
            "write the text the complainant will read",
        ));
    }
    padu_store::check_len("body", &body, padu_store::MAX_TEXT)?;
    let merged_into = if step == Step::Merge {
        let target = input
            .merged_into
            .ok_or_else(|| ApiError::invalid("merged_into", "give the complaint it duplicates"))?;
        let t = state
            .store
            .get_complaint(target)
            .await
            .map_err(|_| ApiError::invalid("merged_into", "no such complaint"))?;
        // Duplicates merge into the older one, which must still be open.
        if t.id >= c.id || !t.status.is_open() {
            return Err(ApiError::invalid(
                "merged_into",
                "must be an older complaint that is still open",
            ));
        }
        Some(t.id)
    } else {
        None
    };
    let ctx = caller.audit_ctx();
    let cal = calendar(&state.store).await?;
    let (new_status, deadlines) = complaint::apply(
        &cal,
        c.status,
        c.pd_id.map(padu_domain::PdId),
        &step,
        &Who::Staff(&caller.actor),
        ctx.at,
    )
    .map_err(step_error)?;
    let pd_id = match &step {
        Step::Forward { pd } => Some(pd.0),
        Step::ReturnToDinas => None,
        _ => c.pd_id,
    };
    let body = if body.is_empty() {
        match (&step, merged_into) {
            (Step::Merge, Some(t)) => format!("#{t}"),
            _ => body,
        }
    } else {
        body
    };
    let done = state
        .store
        .record_complaint_step(
            &ctx,
            id,
            &StepRecord {
                expected_status: c.status,
                new_status,
                deadlines,
                pd_id,
                merged_into,
                kind,
                body,
                public: true,
            },
        )
        .await?;
    if let Step::Forward { pd } = step {
        // The Dinas forwarded it: its people need no notice of their own step.
        let pd_only: Vec<i64> = state
            .store
            .pd_operators(pd.0)
            .await?
            .into_iter()
            .filter(|u| Some(*u) != caller.user.as_ref().map(|me| me.id))
            .collect();
        notify::users(
            state,
            &pd_only,
            Template::ComplaintForwarded,
            &done.tracking_code,
            &done.title,
            &format!("/pengaduan/{}", done.id),
        )
        .await;
    }
    tell_complainant(state, &done).await;
    Ok(done)
}

/// The complainant's answer to the follow-up, with the tracking code.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ResponseInput {
    pub satisfied: bool,
    #[serde(default)]
    pub body: String,
}

pub async fn respond(
    state: &SharedState,
    caller: &Caller,
    code: &str,
    input: ResponseInput,
) -> Result<Complaint, ApiError> {
    let code = complaint::normalize_tracking_code(code).ok_or_else(ApiError::not_found)?;
    let c = state.store.complaint_by_code(&code).await?;
    padu_store::check_len("body", &input.body, padu_store::MAX_TEXT)?;
    let mut ctx = caller.audit_ctx();
    ctx.actor_label = "pelapor".into();
    ctx.actor_user_id = None;
    let cal = calendar(&state.store).await?;
    let (new_status, deadlines) = complaint::apply(
        &cal,
        c.status,
        c.pd_id.map(padu_domain::PdId),
        &Step::ComplainantResponse {
            satisfied: input.satisfied,
        },
        &Who::Complainant,
        ctx.at,
    )
    .map_err(step_error)?;
    let verdict = if input.satisfied {
        "Puas / satisfied"
    } else {
        "Belum puas / not satisfied"
    };
    let body = match input.body.trim() {
        "" => verdict.to_string(),
        text => format!("{verdict}: {text}"),
    };
    Ok(state
        .store
        .record_complaint_step(
            &ctx,
            c.id,
            &StepRecord {
                expected_status: c.status,
                new_status,
                deadlines,
                pd_id: c.pd_id,
                merged_into: None,
                kind: "complainant_response",
                body,
                public: true,
            },
        )
        .await?)
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
    let now = caller.now;
    let page = state
        .store
        .list_complaints(&scope_of(&caller.actor), &p.filter(now)?, &p.list()?)
        .await?;
    Ok(Json(Page {
        more: page.more,
        items: page
            .items
            .into_iter()
            .filter_map(|c| view_for(&caller.actor, c, now))
            .collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
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

#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintDetail {
    pub complaint: ComplaintView,
    /// Oldest first; internal notes only for those who handle the complaint and the supervisors.
    pub updates: Vec<ComplaintUpdate>,
}

pub async fn detail(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<ComplaintDetail, ApiError> {
    let c = state.store.get_complaint(id).await?;
    let internal = complaint::may_read_internal(&caller.actor, c.pd_id.map(padu_domain::PdId));
    let view = view_for(&caller.actor, c, caller.now).ok_or_else(ApiError::not_found)?;
    let updates = state.store.complaint_updates(id, !internal).await?;
    Ok(ComplaintDetail {
        complaint: view,
        updates,
    })
}

#[utoipa::path(get, path = "/api/v1/complaints/{id}", tag = "layanan", params(("id" = i64, Path)), responses((status = 200, body = ComplaintDetail), (status = 404)))]
async fn get_complaint(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<ComplaintDetail>, ApiError> {
    Ok(Json(detail(&state, &caller, id).await?))
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
    let c = take(&state, &caller, id, input).await?;
    view_for(&caller.actor, c, caller.now)
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct NoteInput {
    pub body: String,
}

pub async fn note(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    body: &str,
) -> Result<ComplaintUpdate, ApiError> {
    caller.require_user()?;
    let c = state.store.get_complaint(id).await?;
    let forwarded_pd = c.pd_id.map(padu_domain::PdId);
    if view_for(&caller.actor, c, caller.now).is_none() {
        return Err(ApiError::not_found());
    }
    if !complaint::may_handle(&caller.actor, forwarded_pd) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "only the Dinas and the PD the complaint was forwarded to write on it",
        ));
    }
    Ok(state
        .store
        .add_complaint_note(&caller.audit_ctx(), id, "note", body, false)
        .await?)
}

/// An internal note: by the Dinas or the PD the complaint was forwarded to, never shown to the
/// complainant or the public.
#[utoipa::path(post, path = "/api/v1/complaints/{id}/notes", tag = "layanan", params(("id" = i64, Path)), request_body = NoteInput, responses((status = 201, body = ComplaintUpdate), (status = 404)))]
async fn add_note(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NoteInput>,
) -> Result<(StatusCode, Json<ComplaintUpdate>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(note(&state, &caller, id, &input.body).await?),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Tracked {
    pub tracking_code: String,
    pub category: String,
    pub title: String,
    pub body: String,
    pub status: String,
    pub pd_name: Option<String>,
    pub deadlines: Deadlines,
    pub created_at: String,
    pub closed_at: Option<String>,
    /// The public timeline (no internal notes).
    pub updates: Vec<ComplaintUpdate>,
    /// The complainant may respond now (satisfied or not).
    pub can_respond: bool,
    /// Files the complainant attached (only the code holder and staff see them).
    pub attachments: Vec<padu_store::attachments::Attachment>,
    /// Files may still be added.
    pub open: bool,
}

/// Whoever holds the tracking code sees the complaint and its public timeline, without the
/// complainant's identity (the code is the only secret; confidential complaints included).
pub async fn tracked(state: &SharedState, code: &str) -> Result<Tracked, ApiError> {
    let code = complaint::normalize_tracking_code(code).ok_or_else(ApiError::not_found)?;
    let c = state.store.complaint_by_code(&code).await?;
    let updates = state.store.complaint_updates(c.id, true).await?;
    let attachments = state
        .store
        .attachments(padu_store::attachments::Owner::Complaint(c.id), false)
        .await?;
    Ok(Tracked {
        attachments,
        open: c.status.is_open(),
        tracking_code: c.tracking_code,
        category: c.category.as_str().into(),
        title: c.title,
        body: c.body,
        status: c.status.as_str().into(),
        pd_name: c.pd_name,
        deadlines: c.deadlines,
        created_at: c.created_at,
        closed_at: c.closed_at,
        updates,
        can_respond: c.status == Status::Ditindaklanjuti,
    })
}

#[utoipa::path(get, path = "/api/v1/complaints/track/{code}", tag = "layanan", params(("code" = String, Path)), responses((status = 200, body = Tracked), (status = 404)))]
async fn track(
    State(state): State<SharedState>,
    Path(code): Path<String>,
) -> Result<Json<Tracked>, ApiError> {
    Ok(Json(tracked(&state, &code).await?))
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
    respond(&state, &caller, &code, input).await?;
    Ok(Json(tracked(&state, &code).await?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Statistics {
    /// Count per status (no personal data).
    pub by_status: std::collections::BTreeMap<String, i64>,
    pub total: i64,
}

/// Public statistics: counts only.
#[utoipa::path(get, path = "/api/v1/complaints/statistics", tag = "layanan", responses((status = 200, body = Statistics)))]
async fn statistics(State(state): State<SharedState>) -> Result<Json<Statistics>, ApiError> {
    let counts = state.store.complaint_counts().await?;
    let mut by_status: std::collections::BTreeMap<String, i64> = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect();
    for (s, n) in &counts {
        by_status.insert(s.as_str().into(), *n);
    }
    Ok(Json(Statistics {
        total: counts.iter().map(|(_, n)| n).sum(),
        by_status,
    }))
}
