//! The Service Desk over HTTP: the operations the API and the UI share, the API routes, and the
//! job that sends SLA reminders and closes resolved tickets nobody rated. The rules are in
//! `padu_domain::ticket`; the SLA timers in `padu_domain::sla`.

use crate::app::calendar::calendar;
use crate::app::layanan::{link, sla_status};
use crate::app::notify::{self, Template};
use crate::web::kit::Routes;
use crate::web::kit::{query, ApiJson, ListParams};
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use padu_domain::sla::{evaluate, SlaStatus, TicketEvent};
use padu_domain::ticket::{
    self, Priority, Step, StepError, TicketRights, TicketStatus, TicketType, Tier,
};
use padu_domain::Gate;
use padu_domain::{Actor, PdId, Role, UserId};
use padu_store::attachments::{Attachment, Owner};
use padu_store::tickets::{
    DeskRow, NewEvent, NewTicket, SavedView, Ticket, TicketEventRow, TicketFilter, TicketScope,
    MAX_TEXT,
};
use padu_store::{check_len, check_text, Page};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_tickets, open_ticket))
        .api(Gate::Anyone, routes!(get_ticket))
        .api(Gate::Anyone, routes!(ticket_action))
        .api(Gate::Anyone, routes!(supervision))
        .api(Gate::Anyone, routes!(list_views, create_view))
        .api(Gate::Anyone, routes!(delete_view))
        .api(Gate::Anyone, routes!(list_holidays, import_holidays))
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
    caller.require_user()?;
    Ok(Json(
        state
            .store
            .holidays()
            .await?
            .into_iter()
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

/// Imports days off (the Dinas only); a bad line changes nothing and is named in the error.
pub async fn holidays_from_text(
    state: &SharedState,
    caller: &Caller,
    text: &str,
) -> Result<usize, ApiError> {
    caller.require_user()?;
    if !caller.actor.has_role(Role::AdminDinas) {
        return Err(padu_domain::Denied::Forbidden.into());
    }
    Ok(crate::ops::import_holidays(&state.store, &caller.audit_ctx(), text).await?)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HolidaysImported {
    /// How many days off the text held.
    pub imported: usize,
}

#[utoipa::path(post, path = "/api/v1/holidays", tag = "layanan", request_body = HolidayImport, responses((status = 200, body = HolidaysImported), (status = 403), (status = 422)))]
async fn import_holidays(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<HolidayImport>,
) -> Result<Json<HolidaysImported>, ApiError> {
    let n = holidays_from_text(&state, &caller, &input.text).await?;
    Ok(Json(HolidaysImported { imported: n }))
}

/// The rights of the caller on a ticket.
pub fn rights_on(actor: &Actor, t: &Ticket) -> TicketRights {
    ticket::rights(
        actor,
        PdId(t.pd_id),
        t.tier,
        t.requester_user_id.map(UserId),
    )
}

/// Which tickets a list shows the caller.
pub fn scope_of(actor: &Actor) -> TicketScope {
    let all = [
        Role::AdminDinas,
        Role::Koordinator,
        Role::Auditor,
        Role::Pimpinan,
    ];
    match actor {
        Actor::Public => TicketScope::Requester(-1),
        Actor::User { id, .. } if all.iter().any(|r| actor.has_role(*r)) => {
            let _ = id;
            TicketScope::All
        }
        Actor::User { id, .. } => {
            let pds: Vec<i64> = actor.operator_pds().map(|p| p.0).collect();
            if pds.is_empty() {
                TicketScope::Requester(id.0)
            } else {
                TicketScope::Pds { pds, user: id.0 }
            }
        }
    }
}

/// What someone asks the desk for (the API body and the UI form).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TicketInput {
    /// keluhan, gangguan, masalah, permintaan, perubahan (Kalbar Pasal 35(3)).
    pub kind: String,
    /// rendah, sedang, tinggi, kritis; by default from the type.
    pub priority: Option<String>,
    /// The PD whose Tier 1 desk answers; by default the caller's own PD.
    pub pd_id: Option<i64>,
    pub title: String,
    pub body: String,
    /// application, asset or service.
    pub link_kind: Option<String>,
    pub link_ref: Option<String>,
    pub parent_id: Option<i64>,
}

fn parse_kind(s: &str) -> Result<TicketType, ApiError> {
    TicketType::parse(s).ok_or_else(|| {
        ApiError::invalid("kind", format!("must be one of {}", TicketType::choices()))
    })
}

fn parse_priority(s: &str) -> Result<Priority, ApiError> {
    Priority::parse(s).ok_or_else(|| {
        ApiError::invalid(
            "priority",
            format!("must be one of {}", Priority::choices()),
        )
    })
}

fn blank(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn open(
    state: &SharedState,
    caller: &Caller,
    input: TicketInput,
) -> Result<Ticket, ApiError> {
    let user = caller.require_user()?.clone();
    let kind = parse_kind(&input.kind)?;
    let priority = match blank(input.priority) {
        Some(p) => parse_priority(&p)?,
        None => ticket::default_priority(kind),
    };
    let pd_id = match input.pd_id {
        Some(p) => p,
        None => caller
            .actor
            .operator_pds()
            .next()
            .map(|p| p.0)
            .ok_or_else(|| ApiError::invalid("pd_id", "choose the PD whose desk should answer"))?,
    };
    state
        .store
        .get_pd(pd_id)
        .await
        .map_err(|_| ApiError::invalid("pd_id", "no such Perangkat Daerah"))?;
    if let Some(parent) = input.parent_id {
        let p = state
            .store
            .get_ticket(parent)
            .await
            .map_err(|_| ApiError::invalid("parent_id", "no such ticket"))?;
        if !rights_on(&caller.actor, &p).view {
            return Err(ApiError::invalid("parent_id", "no such ticket"));
        }
    }
    let new = NewTicket {
        kind,
        priority,
        pd_id,
        title: input.title,
        body: input.body,
        requester_user_id: Some(user.id),
        requester_label: user.full_name.clone(),
        link_kind: blank(input.link_kind),
        link_ref: blank(input.link_ref),
        parent_id: input.parent_id,
    };
    new.validate()?;
    let ctx = caller.audit_ctx();
    let cal = calendar(&state.store).await?;
    let sla = ticket::sla_for(kind, priority);
    let snap = ticket::snapshot(&evaluate(
        &cal,
        sla,
        &[(ctx.at, TicketEvent::Opened)],
        ctx.at,
    ));
    let t = state.store.create_ticket(&ctx, &new, &sla, &snap).await?;
    let staff = state.store.desk_staff(t.pd_id, Tier::One).await?;
    let pd_staff: Vec<i64> = staff
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| *id != user.id)
        .collect();
    notify::users(
        state,
        &pd_staff,
        Template::TicketOpened,
        &t.id.to_string(),
        &t.title,
        &link(t.id),
    )
    .await;
    Ok(t)
}

/// A change to a ticket, as the API and the UI send it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ActionInput {
    /// reply, note, wait, resolve, reopen, rate, escalate, return, assign, merge, update.
    pub action: String,
    /// The reply, note, reason or resolution text.
    #[serde(default)]
    pub body: String,
    /// assign: the user to assign (none to unassign).
    pub assignee_user_id: Option<i64>,
    /// rate: 1 to 5.
    pub rating: Option<u8>,
    /// merge: the open ticket this one duplicates.
    pub merged_into: Option<i64>,
    /// update: a new priority or type (the SLA follows, keeping the time spent).
    pub priority: Option<String>,
    pub kind: Option<String>,
    /// update: what the ticket is about.
    pub link_kind: Option<String>,
    pub link_ref: Option<String>,
    /// update: the parent ticket (0 to detach).
    pub parent_id: Option<i64>,
}

fn step_error(e: StepError) -> ApiError {
    match e {
        StepError::Forbidden => ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "you may not take this step on this ticket",
        ),
        StepError::BadRating => ApiError::invalid("rating", "a rating is 1 to 5"),
        other => ApiError::field(
            StatusCode::CONFLICT,
            "conflict",
            "action",
            other.to_string(),
        ),
    }
}

/// Applies an action to a ticket: rights and step from the rules, SLA replayed with the new
/// event, then one recorded change. Notifies whoever must hear of it.
pub async fn act(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    input: ActionInput,
) -> Result<Ticket, ApiError> {
    caller.require_user()?;
    let before = state.store.get_ticket(id).await?;
    let rights = rights_on(&caller.actor, &before);
    if !rights.view {
        return Err(ApiError::not_found());
    }
    let body = input.body.trim().to_string();
    check_len("body", &body, MAX_TEXT)?;
    let ctx = caller.audit_ctx();
    let mut after = before.clone();
    let step =
        |s: Step| ticket::apply(rights, before.status, before.tier, s, false).map_err(step_error);
    let require_body = |what: &str| -> Result<(), ApiError> {
        check_text("body", &body, MAX_TEXT).map_err(|_| ApiError::invalid("body", what.to_string()))
    };
    let (kind, public, sla_event, data): (&'static str, bool, Option<TicketEvent>, Option<serde_json::Value>) =
        match input.action.as_str() {
            "reply" => {
                require_body("write the reply")?;
                let o = step(Step::Reply)?;
                after.status = o.status;
                ("reply", true, o.sla_event, None)
            }
            "note" => {
                if !rights.note {
                    return Err(step_error(StepError::Forbidden));
                }
                require_body("write the note")?;
                if !before.status.is_open() && before.status != TicketStatus::Selesai {
                    return Err(step_error(StepError::WrongStatus(before.status)));
                }
                ("note", false, None, None)
            }
            "wait" => {
                require_body("say what the requester must send")?;
                let o = step(Step::WaitOnRequester)?;
                after.status = o.status;
                // Asking the requester is a reply they see: it also counts as a response.
                ("waiting", true, o.sla_event, None)
            }
            "resolve" => {
                require_body("write how it was resolved")?;
                let o = step(Step::Resolve)?;
                if state
                    .store
                    .ticket_children(id)
                    .await?
                    .iter()
                    .any(|c| c.status.is_open())
                {
                    return Err(ApiError::field(
                        StatusCode::CONFLICT,
                        "conflict",
                        "action",
                        "resolve the child tickets first",
                    ));
                }
                after.status = o.status;
                after.resolved_at = Some(padu_store::ts(ctx.at));
                ("resolved", true, o.sla_event, None)
            }
            "reopen" => {
                let o = step(Step::Reopen)?;
                after.status = o.status;
                after.resolved_at = None;
                ("reopened", true, o.sla_event, None)
            }
            "rate" => {
                let stars = input
                    .rating
                    .ok_or_else(|| ApiError::invalid("rating", "a rating is 1 to 5"))?;
                let o = step(Step::Rate(stars))?;
                after.status = o.status;
                after.rating = Some(i64::from(stars));
                after.rating_comment = Some(body.clone()).filter(|b| !b.is_empty());
                after.closed_at = Some(padu_store::ts(ctx.at));
                ("rated", true, None, Some(serde_json::json!({ "rating": stars })))
            }
            "escalate" => {
                require_body("give the reason for escalating (Bogor Pasal 40(10))")?;
                let o = step(Step::Escalate)?;
                after.status = o.status;
                after.tier = o.tier;
                after.escalation_reason = Some(body.clone());
                after.assignee_user_id = None;
                ("escalated", false, o.sla_event, None)
            }
            "return" => {
                require_body("say why Tier 1 should handle it")?;
                let o = step(Step::ReturnToTier1)?;
                after.tier = o.tier;
                after.assignee_user_id = None;
                ("returned", false, o.sla_event, None)
            }
            "assign" => {
                if !rights.work {
                    return Err(step_error(StepError::Forbidden));
                }
                if !before.status.is_open() {
                    return Err(step_error(StepError::WrongStatus(before.status)));
                }
                if let Some(u) = input.assignee_user_id {
                    let staff = state.store.desk_staff(before.pd_id, before.tier).await?;
                    if !staff.iter().any(|(id, _)| *id == u) {
                        return Err(ApiError::invalid(
                            "assignee_user_id",
                            "not someone who works this queue",
                        ));
                    }
                }
                after.assignee_user_id = input.assignee_user_id;
                ("assigned", false, None, Some(serde_json::json!({ "assignee_user_id": input.assignee_user_id })))
            }
            "merge" => {
                let target_id = input
                    .merged_into
                    .ok_or_else(|| ApiError::invalid("merged_into", "give the ticket it duplicates"))?;
                let target = state
                    .store
                    .get_ticket(target_id)
                    .await
                    .map_err(|_| ApiError::invalid("merged_into", "no such ticket"))?;
                if target.id == id || !target.status.is_open() || !rights_on(&caller.actor, &target).work {
                    return Err(ApiError::invalid(
                        "merged_into",
                        "must be another open ticket you work",
                    ));
                }
                let o = step(Step::Merge)?;
                after.status = o.status;
                after.merged_into = Some(target.id);
                after.closed_at = Some(padu_store::ts(ctx.at));
                ("merged", true, o.sla_event, Some(serde_json::json!({ "merged_into": target.id })))
            }
            "update" => {
                if !rights.work {
                    return Err(step_error(StepError::Forbidden));
                }
                if !before.status.is_open() {
                    return Err(step_error(StepError::WrongStatus(before.status)));
                }
                if let Some(p) = blank(input.priority) {
                    after.priority = parse_priority(&p)?;
                }
                if let Some(k) = blank(input.kind) {
                    after.kind = parse_kind(&k)?;
                }
                if input.link_kind.is_some() || input.link_ref.is_some() {
                    after.link_kind = blank(input.link_kind);
                    after.link_ref = blank(input.link_ref);
                }
                match input.parent_id {
                    None => {}
                    Some(0) => after.parent_id = None,
                    Some(p) => {
                        let parent = state
                            .store
                            .get_ticket(p)
                            .await
                            .map_err(|_| ApiError::invalid("parent_id", "no such ticket"))?;
                        if !rights_on(&caller.actor, &parent).view {
                            return Err(ApiError::invalid("parent_id", "no such ticket"));
                        }
                        let mut chain = std::collections::HashMap::new();
                        let mut at = Some(p);
                        while let Some(x) = at {
                            if chain.len() > 1000 || chain.contains_key(&x) {
                                break;
                            }
                            let up = state.store.ticket_parent(x).await?;
                            chain.insert(x, up);
                            at = up;
                        }
                        if ticket::creates_cycle(id, p, |t| chain.get(&t).copied().flatten()) {
                            return Err(ApiError::invalid(
                                "parent_id",
                                "a ticket cannot be its own ancestor",
                            ));
                        }
                        after.parent_id = Some(p);
                    }
                }
                let sla = ticket::sla_for(after.kind, after.priority);
                let changed_sla = sla != before.sla;
                after.sla = sla;
                ("updated", false, changed_sla.then_some(TicketEvent::SlaChanged(sla)), None)
            }
            _ => {
                return Err(ApiError::invalid(
                    "action",
                    "must be reply, note, wait, resolve, reopen, rate, escalate, return, assign, merge or update",
                ))
            }
        };
    let mut data = data;
    if let Some(TicketEvent::SlaChanged(t)) = sla_event {
        data = Some(serde_json::json!({ "sla": t }));
    }
    let ev = NewEvent {
        kind,
        body,
        public,
        sla_event: sla_event.as_ref().map(ticket::event_name),
        data,
    };
    // Replay the timers with the new event to store what the queue shows.
    let cal = calendar(&state.store).await?;
    let mut events = state.store.ticket_events(id, false).await?;
    events.push(TicketEventRow {
        id: 0,
        at: padu_store::ts(ctx.at),
        kind: kind.into(),
        actor_user_id: ctx.actor_user_id,
        actor_label: ctx.actor_label.clone(),
        body: String::new(),
        public,
        sla_event: ev.sla_event.map(String::from),
        data: ev.data.clone(),
    });
    let snap = ticket::snapshot(&sla_status(&cal, &events, ctx.at));
    let t = state
        .store
        .record_ticket_change(&ctx, &before, &after, &snap, &ev)
        .await?;
    after_change(state, caller, &before, &t, kind).await;
    Ok(t)
}

/// Who hears of a change: the requester of public replies and outcomes, the Dinas of an
/// escalation, the PD of a return, the assignee of an assignment.
async fn after_change(
    state: &SharedState,
    caller: &Caller,
    before: &Ticket,
    t: &Ticket,
    kind: &str,
) {
    let me = caller.user.as_ref().map(|u| u.id);
    let not_me = |v: Vec<i64>| v.into_iter().filter(|u| Some(*u) != me).collect::<Vec<_>>();
    let requester = not_me(t.requester_user_id.into_iter().collect());
    let (who, template) = match kind {
        "reply" | "waiting" | "resolved" | "merged" => (requester, Template::TicketReply),
        "escalated" => {
            let dinas = state
                .store
                .desk_staff(t.pd_id, Tier::Two)
                .await
                .unwrap_or_default();
            (
                not_me(dinas.into_iter().map(|(id, _)| id).collect()),
                Template::TicketEscalated,
            )
        }
        "returned" => (
            not_me(state.store.pd_operators(t.pd_id).await.unwrap_or_default()),
            Template::TicketReturned,
        ),
        "assigned" if t.assignee_user_id != before.assignee_user_id => (
            not_me(t.assignee_user_id.into_iter().collect()),
            Template::TicketAssigned,
        ),
        "reopened" | "rated" => (
            not_me(t.assignee_user_id.into_iter().collect()),
            Template::TicketReply,
        ),
        _ => return,
    };
    notify::users(
        state,
        &who,
        template,
        &t.id.to_string(),
        &t.title,
        &link(t.id),
    )
    .await;
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TicketDetail {
    pub ticket: Ticket,
    pub rights: TicketRights,
    /// The three timers, each with its state and remaining working time.
    pub sla: SlaStatus,
    /// Oldest first; internal notes only for staff.
    pub events: Vec<TicketEventRow>,
    pub children: Vec<Ticket>,
    pub attachments: Vec<Attachment>,
}

pub async fn detail(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<TicketDetail, ApiError> {
    caller.require_user()?;
    let t = state.store.get_ticket(id).await?;
    let rights = rights_on(&caller.actor, &t);
    if !rights.view {
        return Err(ApiError::not_found());
    }
    let all_events = state.store.ticket_events(id, false).await?;
    let cal = calendar(&state.store).await?;
    let sla = sla_status(&cal, &all_events, caller.now);
    let events = if rights.internal {
        all_events
    } else {
        all_events.into_iter().filter(|e| e.public).collect()
    };
    let children = state
        .store
        .ticket_children(id)
        .await?
        .into_iter()
        .filter(|c| rights_on(&caller.actor, c).view)
        .collect();
    let attachments = state
        .store
        .attachments(Owner::Ticket(id), !rights.internal)
        .await?;
    Ok(TicketDetail {
        ticket: t,
        rights,
        sla,
        events,
        children,
        attachments,
    })
}

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
            kind: some(&self.kind).map(|k| parse_kind(&k)).transpose()?,
            priority: some(&self.priority)
                .map(|p| parse_priority(&p))
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

pub async fn list(
    state: &SharedState,
    caller: &Caller,
    raw: Option<&str>,
) -> Result<(TicketParams, Page<Ticket>), ApiError> {
    caller.require_user()?;
    let p: TicketParams = query(raw)?;
    let page = state
        .store
        .list_tickets(&scope_of(&caller.actor), &p.filter(caller)?, &p.list()?)
        .await?;
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
    Ok((
        StatusCode::CREATED,
        Json(open(&state, &caller, input).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "layanan", params(("id" = i64, Path)), responses((status = 200, body = TicketDetail), (status = 404)))]
async fn get_ticket(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<TicketDetail>, ApiError> {
    Ok(Json(detail(&state, &caller, id).await?))
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
    Ok(Json(act(&state, &caller, id, input).await?))
}

/// May the caller see every PD's desk? The Dinas and the supervisors (Bogor Pasal 40(11)).
pub fn supervises(actor: &Actor) -> bool {
    [
        Role::AdminDinas,
        Role::Koordinator,
        Role::Auditor,
        Role::Pimpinan,
    ]
    .iter()
    .any(|r| actor.has_role(*r))
}

/// Every PD's desk at a glance; a PD without Tier 1 staff is flagged.
#[utoipa::path(get, path = "/api/v1/service-desk/supervision", tag = "layanan", responses((status = 200, body = [DeskRow]), (status = 403)))]
async fn supervision(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Json<Vec<DeskRow>>, ApiError> {
    caller.require_user()?;
    if !supervises(&caller.actor) {
        return Err(padu_domain::Denied::Forbidden.into());
    }
    Ok(Json(state.store.desk_supervision().await?))
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
    let u = caller.require_user()?;
    Ok(Json(state.store.saved_views(u.id).await?))
}

#[utoipa::path(post, path = "/api/v1/service-desk/views", tag = "layanan", request_body = ViewInput, responses((status = 201, body = SavedView), (status = 409), (status = 422)))]
async fn create_view(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<ViewInput>,
) -> Result<(StatusCode, Json<SavedView>), ApiError> {
    let u = caller.require_user()?;
    let q = check_view_query(&caller, &input.query)?;
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .store
                .save_view(&caller.audit_ctx(), u.id, &input.name, &q)
                .await?,
        ),
    ))
}

#[utoipa::path(delete, path = "/api/v1/service-desk/views/{id}", tag = "layanan", params(("id" = i64, Path)), responses((status = 204), (status = 404)))]
async fn delete_view(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let u = caller.require_user()?;
    state
        .store
        .delete_view(&caller.audit_ctx(), u.id, id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
