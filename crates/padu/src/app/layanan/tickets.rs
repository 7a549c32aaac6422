//! A ticket opened, read, and tickets listed, each as the caller may.

use super::{blank, parse_kind, parse_priority, rights_on, scope, sla_status, user_of};
use crate::app::calendar::calendar;
use crate::app::notify::Template;
use crate::app::{App, AppError};
use chrono::{DateTime, Utc};
use padu_domain::sla::{evaluate, SlaStatus, TicketEvent};
use padu_domain::ticket::{self, TicketRights, Tier};
use padu_domain::{Actor, Denied};
use padu_store::attachments::{Attachment, Owner};
use padu_store::tickets::{NewTicket, Ticket, TicketEventRow, TicketFilter};
use padu_store::{AuditCtx, ListQuery, Page};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What someone asks the desk for (the API body and the page form).
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

/// Opens a ticket in the PD's Tier 1 queue with the SLA of its type and priority, and tells
/// that desk's staff.
pub async fn open(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: TicketInput,
) -> Result<Ticket, AppError> {
    let requester = app.store.get_user(user_of(actor)?).await?;
    let kind = parse_kind(&input.kind)?;
    let priority = match blank(input.priority) {
        Some(p) => parse_priority(&p)?,
        None => ticket::default_priority(kind),
    };
    let pd_id =
        match input.pd_id {
            Some(p) => p,
            None => actor.operator_pds().next().map(|p| p.0).ok_or_else(|| {
                AppError::invalid("pd_id", "choose the PD whose desk should answer")
            })?,
        };
    app.store
        .get_pd(pd_id)
        .await
        .map_err(|_| AppError::invalid("pd_id", "no such Perangkat Daerah"))?;
    if let Some(parent) = input.parent_id {
        visible_parent(app, actor, parent).await?;
    }
    let new = NewTicket {
        kind,
        priority,
        pd_id,
        title: input.title,
        body: input.body,
        requester_user_id: Some(requester.id),
        requester_label: requester.full_name.clone(),
        link_kind: blank(input.link_kind),
        link_ref: blank(input.link_ref),
        parent_id: input.parent_id,
    };
    new.validate()?;
    let cal = calendar(&app.store).await?;
    let sla = ticket::sla_for(app.profile(), kind, priority);
    let snap = ticket::snapshot(&evaluate(
        &cal,
        sla,
        &[(ctx.at, TicketEvent::Opened)],
        ctx.at,
    ));
    let t = app.store.create_ticket(ctx, &new, &sla, &snap).await?;
    let staff = app.store.desk_staff(t.pd_id, Tier::One).await?;
    let pd_staff: Vec<i64> = staff
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| *id != requester.id)
        .collect();
    super::tell(app, &pd_staff, Template::TicketOpened, &t).await;
    Ok(t)
}

/// A parent ticket must exist and be one the caller sees; either way the field is at fault.
pub(super) async fn visible_parent(app: &App, actor: &Actor, id: i64) -> Result<(), AppError> {
    let no_such = || AppError::invalid("parent_id", "no such ticket");
    let parent = app.store.get_ticket(id).await.map_err(|_| no_such())?;
    if !rights_on(actor, &parent).view {
        return Err(no_such());
    }
    Ok(())
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

/// A ticket with its timers at `now`, and the timeline, children and files the caller may
/// see; to anyone who may not see it, it does not exist.
pub async fn detail(
    app: &App,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<TicketDetail, AppError> {
    user_of(actor)?;
    let t = app.store.get_ticket(id).await?;
    let rights = rights_on(actor, &t);
    if !rights.view {
        return Err(Denied::Hidden.into());
    }
    let all_events = app.store.ticket_events(id, false).await?;
    let cal = calendar(&app.store).await?;
    let sla = sla_status(&cal, &all_events, now);
    let events = if rights.internal {
        all_events
    } else {
        all_events.into_iter().filter(|e| e.public).collect()
    };
    let children = app
        .store
        .ticket_children(id)
        .await?
        .into_iter()
        .filter(|c| rights_on(actor, c).view)
        .collect();
    let attachments = app
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

/// Tickets the caller may see ([`super::scope`]), filtered and paged.
pub async fn list(
    app: &App,
    actor: &Actor,
    filter: &TicketFilter,
    page: &ListQuery,
) -> Result<Page<Ticket>, AppError> {
    user_of(actor)?;
    Ok(app.store.list_tickets(&scope(actor), filter, page).await?)
}

/// May `actor` add a file to ticket `id`, and is the file public? The requester's files are;
/// the desk's staff keep one among staff by asking `internal`. Those who only read the ticket
/// add none.
pub async fn file_is_public(
    app: &App,
    actor: &Actor,
    id: i64,
    internal: bool,
) -> Result<bool, AppError> {
    user_of(actor)?;
    let t = app.store.get_ticket(id).await?;
    let r = rights_on(actor, &t);
    if !r.view {
        return Err(Denied::Hidden.into());
    }
    if !(r.work || r.requester || r.note) {
        return Err(Denied::Forbidden.into());
    }
    Ok(!(internal && r.note))
}

/// Whom ticket `t` may be assigned to (the active staff of its desk, by name), offered only to
/// those who work it; to anyone else, nobody.
pub async fn assignees(
    app: &App,
    actor: &Actor,
    t: &Ticket,
) -> Result<Vec<(i64, String)>, AppError> {
    if !rights_on(actor, t).work {
        return Ok(vec![]);
    }
    Ok(app.store.desk_staff(t.pd_id, t.tier).await?)
}
