//! A change to a ticket: the step the rules allow (`padu_domain::ticket::apply`), the SLA
//! timers replayed with the new event, one recorded change, and whoever must hear of it.

use super::tickets::visible_parent;
use super::{blank, parse_kind, parse_priority, rights_on, sla_status, user_of};
use crate::app::calendar::calendar;
use crate::app::notify::Template;
use crate::app::{App, AppError};
use chrono::{DateTime, Utc};
use padu_domain::sla::TicketEvent;
use padu_domain::ticket::{self, Step, StepError, TicketStatus, Tier};
use padu_domain::{Actor, Denied};
use padu_store::tickets::{NewEvent, Ticket, TicketEventRow, MAX_TEXT};
use padu_store::{check_len, check_text, AuditCtx};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// A change to a ticket, as the API and the page send it.
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

/// A step the rules refuse: not the caller's to take (403), a bad rating (422), or not now
/// (409 on `action`).
fn refused(e: StepError) -> AppError {
    match e {
        StepError::Forbidden => Denied::Forbidden.into(),
        StepError::BadRating => AppError::invalid("rating", "a rating is 1 to 5"),
        other => AppError::Conflict {
            field: Some("action".into()),
            message: other.to_string(),
        },
    }
}

/// The event one action records on the timeline.
struct Change {
    kind: &'static str,
    /// The requester sees it.
    public: bool,
    /// What the SLA timers hear.
    sla_event: Option<TicketEvent>,
    data: Option<serde_json::Value>,
}

impl Change {
    fn new(kind: &'static str, public: bool, sla_event: Option<TicketEvent>) -> Self {
        Change {
            kind,
            public,
            sla_event,
            data: None,
        }
    }
    fn with(self, data: serde_json::Value) -> Self {
        Change {
            data: Some(data),
            ..self
        }
    }
}

/// Applies an action to a ticket at `ctx.at`: rights and step from the rules, SLA replayed
/// with the new event, then one recorded change. Notifies whoever must hear of it.
pub async fn act(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: ActionInput,
) -> Result<Ticket, AppError> {
    user_of(actor)?;
    let before = app.store.get_ticket(id).await?;
    let rights = rights_on(actor, &before);
    if !rights.view {
        return Err(Denied::Hidden.into());
    }
    let body = input.body.trim().to_string();
    check_len("body", &body, MAX_TEXT)?;
    let (after, change) = change(app, actor, &before, input, &body, ctx.at).await?;
    let data = match change.sla_event {
        Some(TicketEvent::SlaChanged(t)) => Some(json!({ "sla": t })),
        _ => change.data,
    };
    let ev = NewEvent {
        kind: change.kind,
        body,
        public: change.public,
        sla_event: change.sla_event.as_ref().map(ticket::event_name),
        data,
    };
    // Replay the timers with the new event to store what the queue shows.
    let cal = calendar(&app.store).await?;
    let mut events = app.store.ticket_events(id, false).await?;
    events.push(TicketEventRow {
        id: 0,
        at: padu_store::ts(ctx.at),
        kind: change.kind.into(),
        actor_user_id: ctx.actor_user_id,
        actor_label: ctx.actor_label.clone(),
        body: String::new(),
        public: change.public,
        sla_event: ev.sla_event.map(String::from),
        data: ev.data.clone(),
    });
    let snap = ticket::snapshot(&sla_status(&cal, &events, ctx.at));
    let t = app
        .store
        .record_ticket_change(ctx, &before, &after, &snap, &ev)
        .await?;
    tell_of_change(app, ctx.actor_user_id, &before, &t, change.kind).await;
    Ok(t)
}

/// The ticket as `input.action` leaves it, and the event it records.
async fn change(
    app: &App,
    actor: &Actor,
    before: &Ticket,
    input: ActionInput,
    body: &str,
    at: DateTime<Utc>,
) -> Result<(Ticket, Change), AppError> {
    let rights = rights_on(actor, before);
    let mut after = before.clone();
    let step =
        |s: Step| ticket::apply(rights, before.status, before.tier, s, false).map_err(refused);
    let require_body = |what: &str| {
        check_text("body", body, MAX_TEXT).map_err(|_| AppError::invalid("body", what))
    };
    // Notes, assignment and updates are not steps of the ticket's life: their rights and
    // statuses are checked here.
    let may = |allowed: bool, status_allows: bool| {
        if !allowed {
            Err(refused(StepError::Forbidden))
        } else if !status_allows {
            Err(refused(StepError::WrongStatus(before.status)))
        } else {
            Ok(())
        }
    };
    let open = before.status.is_open();
    let change = match input.action.as_str() {
        "reply" => {
            require_body("write the reply")?;
            let o = step(Step::Reply)?;
            after.status = o.status;
            Change::new("reply", true, o.sla_event)
        }
        "note" => {
            may(rights.note, true)?;
            require_body("write the note")?;
            may(true, open || before.status == TicketStatus::Selesai)?;
            Change::new("note", false, None)
        }
        "wait" => {
            require_body("say what the requester must send")?;
            let o = step(Step::WaitOnRequester)?;
            after.status = o.status;
            // Asking the requester is a reply they see: it also counts as a response.
            Change::new("waiting", true, o.sla_event)
        }
        "resolve" => {
            require_body("write how it was resolved")?;
            let o = step(Step::Resolve)?;
            let children = app.store.ticket_children(before.id).await?;
            if children.iter().any(|c| c.status.is_open()) {
                return Err(AppError::Conflict {
                    field: Some("action".into()),
                    message: "resolve the child tickets first".into(),
                });
            }
            after.status = o.status;
            after.resolved_at = Some(padu_store::ts(at));
            Change::new("resolved", true, o.sla_event)
        }
        "reopen" => {
            let o = step(Step::Reopen)?;
            after.status = o.status;
            after.resolved_at = None;
            Change::new("reopened", true, o.sla_event)
        }
        "rate" => {
            let stars = input
                .rating
                .ok_or_else(|| AppError::invalid("rating", "a rating is 1 to 5"))?;
            let o = step(Step::Rate(stars))?;
            after.status = o.status;
            after.rating = Some(i64::from(stars));
            after.rating_comment = Some(body.to_string()).filter(|b| !b.is_empty());
            after.closed_at = Some(padu_store::ts(at));
            Change::new("rated", true, None).with(json!({ "rating": stars }))
        }
        "escalate" => {
            require_body("give the reason for escalating")?;
            let o = step(Step::Escalate)?;
            after.status = o.status;
            after.tier = o.tier;
            after.escalation_reason = Some(body.to_string());
            after.assignee_user_id = None;
            Change::new("escalated", false, o.sla_event)
        }
        "return" => {
            require_body("say why Tier 1 should handle it")?;
            let o = step(Step::ReturnToTier1)?;
            after.tier = o.tier;
            after.assignee_user_id = None;
            Change::new("returned", false, o.sla_event)
        }
        "assign" => {
            may(rights.work, open)?;
            if let Some(u) = input.assignee_user_id {
                let staff = app.store.desk_staff(before.pd_id, before.tier).await?;
                if !staff.iter().any(|(id, _)| *id == u) {
                    return Err(AppError::invalid(
                        "assignee_user_id",
                        "not someone who works this queue",
                    ));
                }
            }
            after.assignee_user_id = input.assignee_user_id;
            Change::new("assigned", false, None)
                .with(json!({ "assignee_user_id": input.assignee_user_id }))
        }
        "merge" => {
            let target_id = input.merged_into.ok_or_else(|| {
                AppError::invalid("merged_into", "give the ticket it duplicates")
            })?;
            let target = app
                .store
                .get_ticket(target_id)
                .await
                .map_err(|_| AppError::invalid("merged_into", "no such ticket"))?;
            if target.id == before.id
                || !target.status.is_open()
                || !rights_on(actor, &target).work
            {
                return Err(AppError::invalid(
                    "merged_into",
                    "must be another open ticket you work",
                ));
            }
            let o = step(Step::Merge)?;
            after.status = o.status;
            after.merged_into = Some(target.id);
            after.closed_at = Some(padu_store::ts(at));
            Change::new("merged", true, o.sla_event).with(json!({ "merged_into": target.id }))
        }
        "update" => {
            may(rights.work, open)?;
            update(app, actor, &mut after, before, input).await?;
            let sla = ticket::sla_for(app.profile(), after.kind, after.priority);
            let changed_sla = sla != before.sla;
            after.sla = sla;
            Change::new(
                "updated",
                false,
                changed_sla.then_some(TicketEvent::SlaChanged(sla)),
            )
        }
        _ => {
            return Err(AppError::invalid(
                "action",
                "must be reply, note, wait, resolve, reopen, rate, escalate, return, assign, merge or update",
            ))
        }
    };
    Ok((after, change))
}

/// An update's new priority, type, subject and parent (a parent the caller sees, and never
/// the ticket's own descendant).
async fn update(
    app: &App,
    actor: &Actor,
    after: &mut Ticket,
    before: &Ticket,
    input: ActionInput,
) -> Result<(), AppError> {
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
            visible_parent(app, actor, p).await?;
            let mut chain = std::collections::HashMap::new();
            let mut at = Some(p);
            while let Some(x) = at {
                if chain.len() > 1000 || chain.contains_key(&x) {
                    break;
                }
                let up = app.store.ticket_parent(x).await?;
                chain.insert(x, up);
                at = up;
            }
            if ticket::creates_cycle(before.id, p, |t| chain.get(&t).copied().flatten()) {
                return Err(AppError::invalid(
                    "parent_id",
                    "a ticket cannot be its own ancestor",
                ));
            }
            after.parent_id = Some(p);
        }
    }
    Ok(())
}

/// Who hears of a change (never the one who made it): the requester of public replies and
/// outcomes, the Dinas of an escalation, the PD of a return, the assignee of an assignment.
async fn tell_of_change(app: &App, me: Option<i64>, before: &Ticket, t: &Ticket, kind: &str) {
    let not_me = |v: Vec<i64>| v.into_iter().filter(|u| Some(*u) != me).collect::<Vec<_>>();
    let requester = not_me(t.requester_user_id.into_iter().collect());
    let (who, template) = match kind {
        "reply" | "waiting" | "resolved" | "merged" => (requester, Template::TicketReply),
        "escalated" => {
            let dinas = app
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
            not_me(app.store.pd_operators(t.pd_id).await.unwrap_or_default()),
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
    super::tell(app, &who, template, t).await;
}
