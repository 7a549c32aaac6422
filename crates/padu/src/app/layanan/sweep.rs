//! The Service Desk's job, not one person's request: the SLA sweep.

use super::sla_status;
use crate::app::calendar::calendar;
use crate::app::notify::Template;
use crate::app::App;
use chrono::{DateTime, Utc};
use padu_domain::sla::TimerState;
use padu_domain::ticket::{self, Step, TicketRights};
use padu_store::tickets::NewEvent;
use padu_store::{AuditCtx, Store, StoreError};

/// Sends SLA warnings and breach notices when a timer crosses, and closes resolved tickets the
/// requester did not rate within `AUTO_CLOSE_WORKING_DAYS`. Returns (alerts, closed).
pub async fn run_desk(state: &App, now: DateTime<Utc>) -> Result<(usize, usize), StoreError> {
    let store: &Store = &state.store;
    let cal = calendar(store).await?;
    let ctx = AuditCtx::system(now);
    let mut alerts = 0;
    for id in store.tickets_to_alert(now).await? {
        let before = store.get_ticket(id).await?;
        let events = store.ticket_events(id, false).await?;
        let status = sla_status(&cal, &events, now);
        let snap = ticket::snapshot(&status);
        let (kind, template) = match snap.state {
            TimerState::Breached => ("sla_breached", Template::SlaBreached),
            TimerState::Warning => ("sla_warning", Template::SlaWarning),
            _ => ("sla_checked", Template::SlaWarning),
        };
        let ev = NewEvent {
            kind,
            body: String::new(),
            public: false,
            sla_event: None,
            data: Some(serde_json::to_value(&status.timers).unwrap_or_default()),
        };
        match store
            .record_ticket_change(&ctx, &before, &before, &snap, &ev)
            .await
        {
            Ok(t) if kind != "sla_checked" => {
                alerts += 1;
                let who: Vec<i64> = match t.assignee_user_id {
                    Some(a) => vec![a],
                    None => store
                        .desk_staff(t.pd_id, t.tier)
                        .await?
                        .into_iter()
                        .map(|(id, _)| id)
                        .collect(),
                };
                super::tell(state, &who, template, &t).await;
            }
            Ok(_) | Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    // Candidates resolved at least AUTO_CLOSE_WORKING_DAYS calendar days ago; each is closed
    // once that many working days have passed after its resolution day.
    let mut closed = 0;
    let cutoff = now - chrono::Duration::days(i64::from(ticket::AUTO_CLOSE_WORKING_DAYS));
    for id in store.tickets_to_close(cutoff).await? {
        let before = store.get_ticket(id).await?;
        let due = before
            .resolved_at
            .as_deref()
            .and_then(padu_store::parse_ts)
            .and_then(|r| cal.working_days_deadline(r, ticket::AUTO_CLOSE_WORKING_DAYS));
        if due.is_none_or(|d| d > now) {
            continue;
        }
        let rights = TicketRights {
            view: true,
            internal: true,
            work: false,
            note: false,
            requester: false,
        };
        if let Ok(o) = ticket::apply(rights, before.status, before.tier, Step::AutoClose, true) {
            let mut after = before.clone();
            after.status = o.status;
            after.closed_at = Some(padu_store::ts(now));
            let events = store.ticket_events(id, false).await?;
            let snap = ticket::snapshot(&sla_status(&cal, &events, now));
            let ev = NewEvent {
                kind: "closed",
                body: "Ditutup otomatis: tidak ada penilaian dalam 3 hari kerja.".into(),
                public: true,
                sla_event: None,
                data: None,
            };
            match store
                .record_ticket_change(&ctx, &before, &after, &snap, &ev)
                .await
            {
                Ok(_) => closed += 1,
                Err(StoreError::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok((alerts, closed))
}
