//! The Service Desk's JSON API: tickets, their actions, supervision, saved views and the
//! holidays. The operations are `crate::app::layanan`'s; the rules `padu_domain::ticket`'s.

use crate::app::layanan::{self as desk, ActionInput, TicketDetail, TicketInput};
use crate::app::AppError;
use crate::web::kit::Routes;
use crate::web::kit::{query, ApiJson, ListParams};
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use padu_domain::sla::calendar::KEEPS_HOLIDAYS;
use padu_domain::ticket::{self, TicketStatus};
use padu_domain::{Denied, Gate};
use padu_store::tickets::{DeskRow, SavedView, Ticket, TicketFilter};
use padu_store::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(list_tickets, open_ticket))
        .api(Gate::SignedIn, routes!(get_ticket))
        .api(Gate::SignedIn, routes!(ticket_action))
        .api(ticket::READS_EVERY_DESK, routes!(supervision))
        .api(Gate::SignedIn, routes!(list_views, create_view))
        .api(Gate::SignedIn, routes!(delete_view))
        .api(Gate::SignedIn, routes!(list_holidays))
        .api(KEEPS_HOLIDAYS, routes!(import_holidays))
}

/// A step the ticket's rules refuse the caller, in the desk's words.
pub fn step_refused(e: AppError) -> ApiError {
    match e {
        AppError::Denied(Denied::Forbidden) => ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "you may not take this step on this ticket",
        ),
        other => other.into(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Holiday {
    pub day: String,
    pub name: String,
}

/// The days off of the working-day calendar (every SLA deadline skips them).
#[utoipa::path(get, path = "/api/v1/holidays", tag = "layanan", responses((status = 200, body = [Holiday])))]
async fn list_holidays(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<Holiday>>, ApiError> {
    let days = desk::holidays(&state, &caller.actor).await?;
    Ok(Json(
        days.into_iter()
            .map(|(d, n)| Holiday {
                day: d.to_string(),
                name: n,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct HolidayImport {
    /// One day a line: `YYYY-MM-DD,name` (or `;` / tab); a header line is skipped.
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HolidaysImported {
    /// How many days off the text held.
    pub imported: usize,
}

/// Imports days off (the Dinas only); a bad line changes nothing and is named in the error.
#[utoipa::path(post, path = "/api/v1/holidays", tag = "layanan", request_body = HolidayImport, responses((status = 200, body = HolidaysImported), (status = 403), (status = 422)))]
async fn import_holidays(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<HolidayImport>,
) -> Result<Json<HolidaysImported>, ApiError> {
    let ctx = caller.audit_ctx();
    let n = desk::import_holidays(&state, &caller.actor, &ctx, &input.text).await?;
    Ok(Json(HolidaysImported { imported: n }))
}

/// The queue's filters, as the API's query and the page's search form send them (a saved
/// view is one such query string).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    /// Words in the title or text.
    pub q: Option<String>,
    pub kind: Option<String>,
    pub priority: Option<String>,
    pub status: Option<String>,
    /// Only open tickets, most urgent first (the queue).
    pub open: Option<bool>,
    pub tier: Option<i64>,
    pub pd_id: Option<i64>,
    /// A user id, or "me".
    pub assignee: Option<String>,
    pub breached: Option<bool>,
}

impl TicketParams {
    pub fn filter(&self, caller: &Caller) -> Result<TicketFilter, ApiError> {
        let some = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        Ok(TicketFilter {
            kind: some(&self.kind).map(|k| desk::parse_kind(&k)).transpose()?,
            priority: some(&self.priority)
                .map(|p| desk::parse_priority(&p))
                .transpose()?,
            status: some(&self.status)
                .map(|s| {
                    TicketStatus::parse(&s).ok_or_else(|| {
                        ApiError::invalid(
                            "status",
                            format!("must be one of {}", TicketStatus::choices()),
                        )
                    })
                })
                .transpose()?,
            open: self.open.unwrap_or(false),
            tier: match self.tier {
                None => None,
                Some(t @ (1 | 2)) => Some(t),
                Some(_) => return Err(ApiError::invalid("tier", "must be 1 or 2")),
            },
            pd_id: self.pd_id,
            assignee_user_id: match some(&self.assignee).as_deref() {
                None => None,
                Some("me") => caller.user.as_ref().map(|u| u.id),
                Some(n) => Some(
                    n.parse()
                        .map_err(|_| ApiError::invalid("assignee", "a user id or me"))?,
                ),
            },
            breached: self.breached.unwrap_or(false),
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

/// The queue as the query string asks for it, and the parameters read.
pub async fn list(
    state: &SharedState,
    caller: &Caller,
    raw: Option<&str>,
) -> Result<(TicketParams, Page<Ticket>), ApiError> {
    caller.require_user()?;
    let p: TicketParams = query(raw)?;
    let page = desk::list(state, &caller.actor, &p.filter(caller)?, &p.list()?).await?;
    Ok((p, page))
}

/// Tickets the caller may see: the Dinas and supervisors all, a PD its own desk and what it
/// asked for, anyone else what they asked for.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "layanan", params(TicketParams), responses((status = 200, body = Page<Ticket>), (status = 401), (status = 422)))]
async fn list_tickets(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Ticket>>, ApiError> {
    Ok(Json(list(&state, &caller, raw.as_deref()).await?.1))
}

/// Opens a ticket in the PD's Tier 1 queue, with the SLA of its type and priority.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "layanan", request_body = TicketInput, responses((status = 201, body = Ticket), (status = 422)))]
async fn open_ticket(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<TicketInput>,
) -> Result<(StatusCode, Json<Ticket>), ApiError> {
    let t = desk::open(&state, &caller.actor, &caller.audit_ctx(), input).await?;
    Ok((StatusCode::CREATED, Json(t)))
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "layanan", params(("id" = i64, Path)), responses((status = 200, body = TicketDetail), (status = 404)))]
async fn get_ticket(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<TicketDetail>, ApiError> {
    Ok(Json(
        desk::detail(&state, &caller.actor, caller.now, id).await?,
    ))
}

/// Replies, notes, escalation to Tier 2 with a reason, assignment, resolution, rating, merging,
/// and field updates (an SLA change keeps the time already spent).
#[utoipa::path(post, path = "/api/v1/tickets/{id}/actions", tag = "layanan", params(("id" = i64, Path)), request_body = ActionInput, responses((status = 200, body = Ticket), (status = 403), (status = 409), (status = 422)))]
async fn ticket_action(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ActionInput>,
) -> Result<Json<Ticket>, ApiError> {
    let t = desk::act(&state, &caller.actor, &caller.audit_ctx(), id, input)
        .await
        .map_err(step_refused)?;
    Ok(Json(t))
}

/// Every PD's desk at a glance; a PD without Tier 1 staff is flagged.
#[utoipa::path(get, path = "/api/v1/service-desk/supervision", tag = "layanan", responses((status = 200, body = [DeskRow]), (status = 403)))]
async fn supervision(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<DeskRow>>, ApiError> {
    Ok(Json(desk::supervision(&state, &caller.actor).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ViewInput {
    pub name: String,
    /// The queue's query string, e.g. `open=true&tier=2&priority=kritis`.
    pub query: String,
}

/// Checks a saved view's query is one the queue accepts, so a view never breaks the page.
pub fn check_view_query(caller: &Caller, q: &str) -> Result<String, ApiError> {
    let q = q.trim().trim_start_matches('?').to_string();
    let p: TicketParams = query(Some(&q)).map_err(|e| ApiError::invalid("query", e.message))?;
    p.filter(caller)
        .map_err(|e| ApiError::invalid("query", e.message))?;
    Ok(q)
}

#[utoipa::path(get, path = "/api/v1/service-desk/views", tag = "layanan", responses((status = 200, body = [SavedView])))]
async fn list_views(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<SavedView>>, ApiError> {
    Ok(Json(desk::saved_views(&state, &caller.actor).await?))
}

#[utoipa::path(post, path = "/api/v1/service-desk/views", tag = "layanan", request_body = ViewInput, responses((status = 201, body = SavedView), (status = 409), (status = 422)))]
async fn create_view(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<ViewInput>,
) -> Result<(StatusCode, Json<SavedView>), ApiError> {
    caller.require_user()?;
    let q = check_view_query(&caller, &input.query)?;
    let ctx = caller.audit_ctx();
    let view = desk::save_view(&state, &caller.actor, &ctx, &input.name, &q).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[utoipa::path(delete, path = "/api/v1/service-desk/views/{id}", tag = "layanan", params(("id" = i64, Path)), responses((status = 204), (status = 404)))]
async fn delete_view(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    desk::delete_view(&state, &caller.actor, &caller.audit_ctx(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
