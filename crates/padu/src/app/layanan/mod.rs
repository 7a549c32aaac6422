//! The Service Desk's operations: tickets opened, read, listed and changed (`tickets`, `act`),
//! the SLA sweep (`sweep`), and what the desk keeps beside its tickets (`desk`: saved views,
//! supervision, the region's holidays, in-app notifications). The rules are in
//! `padu_domain::ticket` (tiers, rights, steps) and `padu_domain::sla` (timers, calendar).

mod act;
mod desk;
mod sweep;
mod tickets;

pub use act::{act, ActionInput};
pub use desk::{
    delete_view, holidays, import_holidays, mark_notifications_read, notifications,
    open_notification, save_view, saved_views, supervision,
};
pub use sweep::run_desk;
pub use tickets::{assignees, detail, file_is_public, list, open, TicketDetail, TicketInput};

use super::notify::{self, Template};
use super::{App, AppError};
use chrono::{DateTime, Utc};
use padu_domain::sla::{evaluate, SlaStatus, SlaTargets, TicketEvent, WorkCalendar};
use padu_domain::ticket::{self, Priority, TicketRights, TicketType};
use padu_domain::{Actor, Denied, PdId, UserId};
use padu_store::tickets::{Ticket, TicketEventRow, TicketScope};

/// The SLA timers replayed from the timeline.
pub fn sla_status(cal: &WorkCalendar, events: &[TicketEventRow], now: DateTime<Utc>) -> SlaStatus {
    let targets_in = |e: &TicketEventRow| -> Option<SlaTargets> {
        e.data
            .as_ref()
            .and_then(|d| serde_json::from_value(d.get("sla")?.clone()).ok())
    };
    let initial = events
        .iter()
        .find(|e| e.sla_event.as_deref() == Some("opened"))
        .and_then(targets_in)
        .unwrap_or(SlaTargets {
            first_response: None,
            next_update: None,
            resolution: None,
            warn_percent: 20,
        });
    let replay: Vec<(DateTime<Utc>, TicketEvent)> = events
        .iter()
        .filter_map(|e| {
            let name = e.sla_event.as_deref()?;
            let at = padu_store::parse_ts(&e.at)?;
            Some((at, ticket::event_from(name, targets_in(e))?))
        })
        .collect();
    evaluate(cal, initial, &replay, now)
}

/// Where a ticket is read (links in notifications and mail).
pub fn link(id: i64) -> String {
    format!("/layanan/{id}")
}

/// Tells `who` of ticket `t`, in the app and by mail: the template names the ticket and links
/// to it.
async fn tell(app: &App, who: &[i64], template: Template, t: &Ticket) {
    notify::users(app, who, template, &t.id.to_string(), &t.title, &link(t.id)).await
}

/// The rights of `actor` on a ticket.
pub fn rights_on(actor: &Actor, t: &Ticket) -> TicketRights {
    ticket::rights(
        actor,
        PdId(t.pd_id),
        t.tier,
        t.requester_user_id.map(UserId),
    )
}

/// Which tickets a list shows: every PD's to those who read every desk, a PD's own desk and
/// what they asked for to its operators, and to anyone else what they asked for.
pub fn scope(actor: &Actor) -> TicketScope {
    match actor {
        Actor::Public => TicketScope::Requester(-1),
        _ if ticket::reads_every_desk(actor) => TicketScope::All,
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

/// The signed-in user behind `actor`: every desk operation is someone's.
fn user_of(actor: &Actor) -> Result<i64, AppError> {
    Ok(actor.user_id().ok_or(Denied::NotAuthenticated)?.0)
}

pub fn parse_kind(s: &str) -> Result<TicketType, AppError> {
    TicketType::parse(s).ok_or_else(|| {
        AppError::invalid("kind", format!("must be one of {}", TicketType::choices()))
    })
}

pub fn parse_priority(s: &str) -> Result<Priority, AppError> {
    Priority::parse(s).ok_or_else(|| {
        AppError::invalid(
            "priority",
            format!("must be one of {}", Priority::choices()),
        )
    })
}

/// An optional text field: trimmed, and none when blank.
fn blank(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
