//! Service Desk tickets and their timelines. The rules (who works which tier, the steps, the SLA
//! per type and priority) live in `padu_domain::ticket`; the web layer decides a change and this
//! module records it with its timeline entry and audit entry in one transaction.

use crate::audit::{append, Change};
use crate::page::{Arg, ListQuery, Page, PagedSelect, Where};
use crate::{check_len, check_text, ts, AuditCtx, Store, StoreError};
use padu_domain::sla::SlaTargets;
use padu_domain::ticket::{Priority, SlaSnapshot, TicketStatus, TicketType, Tier};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Ticket {
    pub id: i64,
    #[schema(value_type = String)]
    pub kind: TicketType,
    #[schema(value_type = String)]
    pub priority: Priority,
    #[schema(value_type = String)]
    pub status: TicketStatus,
    #[schema(value_type = i64)]
    pub tier: Tier,
    pub pd_id: i64,
    pub pd_name: String,
    pub title: String,
    pub body: String,
    pub requester_user_id: Option<i64>,
    pub requester_label: String,
    pub assignee_user_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub parent_id: Option<i64>,
    pub merged_into: Option<i64>,
    /// application, asset or service (a bus service).
    pub link_kind: Option<String>,
    pub link_ref: Option<String>,
    pub escalation_reason: Option<String>,
    pub sla: SlaTargets,
    /// The worst timer state at the last change (running, warning, breached, paused, met, …).
    pub sla_state: String,
    pub sla_due_at: Option<String>,
    pub sla_alert_at: Option<String>,
    pub sla_breached: bool,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
}

/// What someone asks the desk for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTicket {
    pub kind: TicketType,
    pub priority: Priority,
    pub pd_id: i64,
    pub title: String,
    pub body: String,
    pub requester_user_id: Option<i64>,
    pub requester_label: String,
    pub link_kind: Option<String>,
    pub link_ref: Option<String>,
    pub parent_id: Option<i64>,
}

/// One entry of a ticket's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TicketEventRow {
    pub id: i64,
    pub at: String,
    /// opened, reply, note, waiting, resolved, reopened, rated, escalated, returned, assigned,
    /// updated, merged, closed, sla_warning, sla_breached.
    pub kind: String,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    pub body: String,
    /// Seen by the requester; internal notes are not.
    pub public: bool,
    /// What the SLA timers heard, if anything.
    pub sla_event: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub data: Option<serde_json::Value>,
}

/// A timeline entry to write with a change.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub kind: &'static str,
    pub body: String,
    pub public: bool,
    pub sla_event: Option<&'static str>,
    pub data: Option<serde_json::Value>,
}

/// Which tickets a list may show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketScope {
    /// The Dinas and the supervisors.
    All,
    /// An Operator PD: its PDs' tickets, and what the user asked for itself.
    Pds { pds: Vec<i64>, user: i64 },
    /// Someone without a desk: only what they asked for.
    Requester(i64),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct TicketFilter {
    pub kind: Option<TicketType>,
    pub priority: Option<Priority>,
    pub status: Option<TicketStatus>,
    /// Only open tickets (the queue).
    #[serde(default)]
    pub open: bool,
    pub tier: Option<i64>,
    pub pd_id: Option<i64>,
    pub assignee_user_id: Option<i64>,
    /// Only tickets whose SLA was overrun.
    #[serde(default)]
    pub breached: bool,
}

const COLUMNS: &str = "t.id, t.kind, t.priority, t.status, t.tier, t.pd_id, p.name, t.title, t.body, t.requester_user_id, t.requester_label, t.assignee_user_id, u.full_name, t.parent_id, t.merged_into, t.link_kind, t.link_ref, t.escalation_reason, t.sla_first_response, t.sla_next_update, t.sla_resolution, t.sla_state, t.sla_due_at, t.sla_alert_at, t.sla_breached, t.rating, t.rating_comment, t.created_at, t.updated_at, t.resolved_at, t.closed_at";
const JOINS: &str =
    "JOIN perangkat_daerah p ON p.id = t.pd_id LEFT JOIN users u ON u.id = t.assignee_user_id";

fn decode<T>(v: Option<T>, what: &str, raw: &str) -> Result<T, StoreError> {
    v.ok_or_else(|| StoreError::Db(sqlx::Error::Decode(format!("unknown {what} {raw}").into())))
}

fn ticket(r: &AnyRow) -> Result<Ticket, StoreError> {
    let kind: String = r.try_get(1)?;
    let priority: String = r.try_get(2)?;
    let status: String = r.try_get(3)?;
    let tier: i64 = r.try_get(4)?;
    Ok(Ticket {
        id: r.try_get(0)?,
        kind: decode(TicketType::parse(&kind), "kind", &kind)?,
        priority: decode(Priority::parse(&priority), "priority", &priority)?,
        status: decode(TicketStatus::parse(&status), "status", &status)?,
        tier: decode(Tier::from_number(tier), "tier", &tier.to_string())?,
        pd_id: r.try_get(5)?,
        pd_name: r.try_get(6)?,
        title: r.try_get(7)?,
        body: r.try_get(8)?,
        requester_user_id: r.try_get(9)?,
        requester_label: r.try_get(10)?,
        assignee_user_id: r.try_get(11)?,
        assignee_name: r.try_get(12)?,
        parent_id: r.try_get(13)?,
        merged_into: r.try_get(14)?,
        link_kind: r.try_get(15)?,
        link_ref: r.try_get(16)?,
        escalation_reason: r.try_get(17)?,
        sla: SlaTargets {
            first_response: r.try_get(18)?,
            next_update: r.try_get(19)?,
            resolution: r.try_get(20)?,
            warn_percent: 20,
        },
        sla_state: r.try_get(21)?,
        sla_due_at: r.try_get(22)?,
        sla_alert_at: r.try_get(23)?,
        sla_breached: r.try_get::<i64, _>(24)? != 0,
        rating: r.try_get(25)?,
        rating_comment: r.try_get(26)?,
        created_at: r.try_get(27)?,
        updated_at: r.try_get(28)?,
        resolved_at: r.try_get(29)?,
        closed_at: r.try_get(30)?,
    })
}

fn event(r: &AnyRow) -> Result<TicketEventRow, StoreError> {
    let data: Option<String> = r.try_get(8)?;
    Ok(TicketEventRow {
        id: r.try_get(0)?,
        at: r.try_get(1)?,
        kind: r.try_get(2)?,
        actor_user_id: r.try_get(3)?,
        actor_label: r.try_get(4)?,
        body: r.try_get(5)?,
        public: r.try_get::<i64, _>(6)? != 0,
        sla_event: r.try_get(7)?,
        data: data.and_then(|d| serde_json::from_str(&d).ok()),
    })
}

/// The longest title and text the desk accepts.
pub const MAX_TITLE: usize = 200;
pub use crate::MAX_TEXT;

/// The kinds of thing a ticket may be about.
pub const LINK_KINDS: [&str; 3] = ["application", "asset", "service"];

impl NewTicket {
    pub fn validate(&self) -> Result<(), StoreError> {
        check_text("title", &self.title, MAX_TITLE)?;
        check_text("body", &self.body, MAX_TEXT)?;
        validate_link(&self.link_kind, &self.link_ref)
    }
}

/// A link names both its kind and what it points at, or neither.
pub fn validate_link(kind: &Option<String>, reference: &Option<String>) -> Result<(), StoreError> {
    match (kind.as_deref(), reference.as_deref().map(str::trim)) {
        (None, None) => Ok(()),
        (Some(k), Some(r)) if !r.is_empty() => {
            if !LINK_KINDS.contains(&k) {
                return Err(StoreError::invalid(
                    "link_kind",
                    "must be application, asset or service",
                ));
            }
            check_len("link_ref", r, 200)
        }
        (Some(_), _) => Err(StoreError::invalid(
            "link_ref",
            "name what the ticket is about",
        )),
        (None, Some(_)) => Err(StoreError::invalid(
            "link_kind",
            "must be application, asset or service",
        )),
    }
}

fn snapshot_values(s: &SlaSnapshot) -> (String, Option<String>, Option<String>, i64) {
    (
        padu_domain::ticket::timer_state_name(s.state).to_string(),
        s.due_at.map(ts),
        s.alert_at.map(ts),
        i64::from(s.breached),
    )
}

impl Store {
    /// Opens a ticket in its PD's Tier 1 queue.
    pub async fn create_ticket(
        &self,
        ctx: &AuditCtx,
        new: &NewTicket,
        sla: &SlaTargets,
        snapshot: &SlaSnapshot,
    ) -> Result<Ticket, StoreError> {
        new.validate()?;
        let (state, due, alert, breached) = snapshot_values(snapshot);
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO tickets (kind, priority, status, tier, pd_id, title, body, requester_user_id, requester_label, parent_id, link_kind, link_ref, sla_first_response, sla_next_update, sla_resolution, sla_state, sla_due_at, sla_alert_at, sla_breached, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id")
            .bind(new.kind.as_str())
            .bind(new.priority.as_str())
            .bind(TicketStatus::Baru.as_str())
            .bind(new.pd_id)
            .bind(new.title.trim())
            .bind(new.body.trim())
            .bind(new.requester_user_id)
            .bind(&new.requester_label)
            .bind(new.parent_id)
            .bind(&new.link_kind)
            .bind(new.link_ref.as_deref().map(str::trim))
            .bind(sla.first_response)
            .bind(sla.next_update)
            .bind(sla.resolution)
            .bind(&state)
            .bind(due)
            .bind(alert)
            .bind(breached)
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await
            .map_err(crate::conflict_on("pd_id"))?
            .try_get(0)?;
        crate::search::index_row(
            &mut w.tx,
            self.engine,
            "tickets",
            id,
            new.title.trim(),
            new.body.trim(),
        )
        .await?;
        let opened = NewEvent {
            kind: "opened",
            body: String::new(),
            public: true,
            sla_event: Some("opened"),
            data: Some(serde_json::json!({ "sla": sla })),
        };
        insert_event(&mut w.tx, ctx, id, &opened).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "ticket",
                entity_id: Some(id.to_string()),
                pd_id: Some(new.pd_id),
                before: None,
                after: Some(serde_json::json!({
                    "kind": new.kind.as_str(),
                    "priority": new.priority.as_str(),
                    "title": new.title.trim(),
                    "parent_id": new.parent_id,
                })),
            },
        )
        .await?;
        w.commit().await?;
        self.get_ticket(id).await
    }

    pub async fn get_ticket(&self, id: i64) -> Result<Ticket, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tickets t {JOINS} WHERE t.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        ticket(&r.ok_or(StoreError::NotFound)?)
    }

    /// The timeline, oldest first; `public_only` for the requester.
    pub async fn ticket_events(
        &self,
        id: i64,
        public_only: bool,
    ) -> Result<Vec<TicketEventRow>, StoreError> {
        let rows = sqlx::query("SELECT id, at, kind, actor_user_id, actor_label, body, public, sla_event, data FROM ticket_events WHERE ticket_id = $1 AND ($2 = 0 OR public = 1) ORDER BY id")
            .bind(id)
            .bind(i64::from(public_only))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(event).collect()
    }

    /// Children of a ticket (parent and child tickets).
    pub async fn ticket_children(&self, id: i64) -> Result<Vec<Ticket>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tickets t {JOINS} WHERE t.parent_id = $1 ORDER BY t.id"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket).collect()
    }

    /// The parent of each ticket on the way up from `id` (to refuse loops).
    pub async fn ticket_parent(&self, id: i64) -> Result<Option<i64>, StoreError> {
        let r = sqlx::query("SELECT parent_id FROM tickets WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(r.map(|r| r.try_get(0)).transpose()?.flatten())
    }

    /// Tickets within `scope`, filtered. Open-ticket queues sort by SLA due time (most urgent
    /// first); other lists newest first.
    pub async fn list_tickets(
        &self,
        scope: &TicketScope,
        f: &TicketFilter,
        q: &ListQuery,
    ) -> Result<Page<Ticket>, StoreError> {
        let mut w = Where::default();
        let mut driven = None;
        if let Some(p) = crate::search::pattern(self.engine, q.q.as_deref()) {
            let d = crate::search::driven(self.engine, "tickets", "t");
            w.and(&d.condition, [Arg::Text(p)]);
            driven = Some(d);
        }
        let text = |v: &str| [Arg::Text(v.to_string())];
        if let Some(k) = f.kind {
            w.and("t.kind = ?", text(k.as_str()));
        }
        if let Some(p) = f.priority {
            w.and("t.priority = ?", text(p.as_str()));
        }
        if let Some(st) = f.status {
            w.and("t.status = ?", text(st.as_str()));
        }
        if f.open {
            w.and("t.status IN ('baru', 'ditangani', 'menunggu_pemohon')", []);
        }
        if let Some(tier) = f.tier {
            w.and("t.tier = ?", [Arg::Int(tier)]);
        }
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(u) = f.assignee_user_id {
            w.and("t.assignee_user_id = ?", [Arg::Int(u)]);
        }
        if f.breached {
            w.and("t.sla_breached = 1", []);
        }
        match scope {
            TicketScope::All => {}
            TicketScope::Requester(u) => w.and("t.requester_user_id = ?", [Arg::Int(*u)]),
            TicketScope::Pds { pds, user } if pds.is_empty() => {
                w.and("t.requester_user_id = ?", [Arg::Int(*user)])
            }
            TicketScope::Pds { pds, user } => {
                let marks = vec!["?"; pds.len()].join(", ");
                w.and(
                    &format!("(t.requester_user_id = ? OR t.pd_id IN ({marks}))"),
                    std::iter::once(Arg::Int(*user)).chain(pds.iter().map(|p| Arg::Int(*p))),
                );
            }
        }
        // Queues: most urgent first, tickets without a running timer (paused) last. Searches:
        // newest first, as the full-text index reads. Other lists: newest first.
        let queue = "CASE WHEN t.sla_due_at IS NULL THEN 1 ELSE 0 END, t.sla_due_at, t.id";
        let newest = "t.created_at DESC, t.id DESC";
        let (from, order, steer_by_count, outer) = match (&driven, f.open) {
            (_, true) => (
                driven.as_ref().map_or("tickets t", |d| d.from.as_str()),
                queue,
                false,
                queue,
            ),
            (Some(d), false) => (
                d.from.as_str(),
                d.order.as_str(),
                d.steer_by_count,
                d.outer.as_str(),
            ),
            (None, false) => ("tickets t", newest, false, newest),
        };
        self.paged(
            &w,
            PagedSelect {
                from,
                alias: "t",
                columns: COLUMNS,
                joins: JOINS,
                search_count_from: driven.as_ref().map(|d| d.count_from.as_str()),
                order,
                steer_by_count,
                outer_order: outer,
                ids_then_rows: None,
            },
            q,
            ticket,
        )
        .await
    }

    /// Records a change decided by the rules: every mutable field of `after`, compared and set
    /// against `before` (a concurrent change makes this a conflict), with its timeline entry and
    /// audit entry.
    pub async fn record_ticket_change(
        &self,
        ctx: &AuditCtx,
        before: &Ticket,
        after: &Ticket,
        snapshot: &SlaSnapshot,
        ev: &NewEvent,
    ) -> Result<Ticket, StoreError> {
        check_len("body", &ev.body, MAX_TEXT)?;
        validate_link(&after.link_kind, &after.link_ref)?;
        let (state, due, alert, breached) = snapshot_values(snapshot);
        let mut w = self.begin_write().await?;
        let changed = sqlx::query("UPDATE tickets SET kind = $1, priority = $2, status = $3, tier = $4, assignee_user_id = $5, parent_id = $6, merged_into = $7, link_kind = $8, link_ref = $9, escalation_reason = $10, sla_first_response = $11, sla_next_update = $12, sla_resolution = $13, sla_state = $14, sla_due_at = $15, sla_alert_at = $16, sla_breached = $17, rating = $18, rating_comment = $19, updated_at = $20, resolved_at = $21, closed_at = $22 WHERE id = $23 AND status = $24 AND updated_at = $25")
            .bind(after.kind.as_str())
            .bind(after.priority.as_str())
            .bind(after.status.as_str())
            .bind(after.tier.number())
            .bind(after.assignee_user_id)
            .bind(after.parent_id)
            .bind(after.merged_into)
            .bind(&after.link_kind)
            .bind(after.link_ref.as_deref().map(str::trim))
            .bind(&after.escalation_reason)
            .bind(after.sla.first_response)
            .bind(after.sla.next_update)
            .bind(after.sla.resolution)
            .bind(&state)
            .bind(due)
            .bind(alert)
            .bind(breached)
            .bind(after.rating)
            .bind(&after.rating_comment)
            .bind(ts(ctx.at))
            .bind(&after.resolved_at)
            .bind(&after.closed_at)
            .bind(before.id)
            .bind(before.status.as_str())
            .bind(&before.updated_at)
            .execute(&mut *w.tx)
            .await
            .map_err(crate::conflict_on("ticket"))?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::conflict(
                "ticket",
                "the ticket changed meanwhile; reload it",
            ));
        }
        let event_id = insert_event(&mut w.tx, ctx, before.id, ev).await?;
        let (b, a) = diff(before, after);
        append(
            &mut w.tx,
            ctx,
            Change {
                action: ev.kind,
                entity: "ticket",
                entity_id: Some(before.id.to_string()),
                pd_id: Some(before.pd_id),
                before: Some(b),
                after: Some(
                    serde_json::json!({ "fields": a, "event_id": event_id, "public": ev.public }),
                ),
            },
        )
        .await?;
        w.commit().await?;
        self.get_ticket(before.id).await
    }

    /// Open tickets whose SLA reminder is due (for the scheduler).
    pub async fn tickets_to_alert(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("SELECT id FROM tickets WHERE sla_alert_at <= $1 AND status IN ('baru', 'ditangani', 'menunggu_pemohon') ORDER BY sla_alert_at LIMIT 500")
            .bind(ts(now))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Resolved tickets waiting for a rating since before `resolved_before` (for the scheduler).
    pub async fn tickets_to_close(
        &self,
        resolved_before: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("SELECT id FROM tickets WHERE status = 'selesai' AND resolved_at < $1 ORDER BY id LIMIT 500")
            .bind(ts(resolved_before))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// The Dinas' view across PDs (Bogor Pasal 40(11)): per PD, open tickets at each tier, open
    /// ones past their SLA, average rating, and how many Tier 1 staff (Operator PD) it has.
    pub async fn desk_supervision(&self) -> Result<Vec<DeskRow>, StoreError> {
        let rows = sqlx::query("SELECT p.id, p.name, \
            (SELECT COUNT(*) FROM tickets t WHERE t.pd_id = p.id AND t.tier = 1 AND t.status IN ('baru', 'ditangani', 'menunggu_pemohon')), \
            (SELECT COUNT(*) FROM tickets t WHERE t.pd_id = p.id AND t.tier = 2 AND t.status IN ('baru', 'ditangani', 'menunggu_pemohon')), \
            (SELECT COUNT(*) FROM tickets t WHERE t.pd_id = p.id AND t.sla_breached = 1 AND t.status IN ('baru', 'ditangani', 'menunggu_pemohon')), \
            (SELECT COUNT(*) FROM tickets t WHERE t.pd_id = p.id AND t.status IN ('selesai', 'ditutup')), \
            (SELECT CAST(AVG(CAST(t.rating AS DOUBLE PRECISION)) AS DOUBLE PRECISION) FROM tickets t WHERE t.pd_id = p.id AND t.rating IS NOT NULL), \
            (SELECT COUNT(DISTINCT m.user_id) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.pd_id = p.id AND m.role = 'operator_pd' AND u.active = 1) \
            FROM perangkat_daerah p ORDER BY p.name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let tier1_staff: i64 = r.try_get(7)?;
                Ok(DeskRow {
                    pd_id: r.try_get(0)?,
                    pd_name: r.try_get(1)?,
                    open_tier1: r.try_get(2)?,
                    open_tier2: r.try_get(3)?,
                    open_breached: r.try_get(4)?,
                    resolved: r.try_get(5)?,
                    average_rating: r.try_get(6)?,
                    tier1_staff,
                    no_tier1_staff: tier1_staff == 0,
                })
            })
            .collect()
    }

    /// The PD's own Tier 1 people: active Operator PD staff of `pd` who are not also Dinas
    /// staff (those hear of things through the Dinas' own notices).
    pub async fn pd_operators(&self, pd: i64) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT u.id FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.active = 1 AND m.role = 'operator_pd' AND m.pd_id = $1 AND NOT EXISTS (SELECT 1 FROM memberships d WHERE d.user_id = u.id AND d.role = 'admin_dinas') ORDER BY u.id")
            .bind(pd)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Active users who may be assigned a ticket of `pd` at `tier`, by name.
    pub async fn desk_staff(&self, pd: i64, tier: Tier) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT u.id, u.full_name FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.active = 1 AND (m.role = 'admin_dinas' OR ($1 = 1 AND m.role = 'operator_pd' AND m.pd_id = $2)) ORDER BY u.full_name")
            .bind(tier.number())
            .bind(pd)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }
}

/// A user's named queue filter.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    /// The list's query string (type, status, tier, …), as the queue page takes it.
    pub query: String,
    pub created_at: String,
}

impl Store {
    pub async fn saved_views(&self, user_id: i64) -> Result<Vec<SavedView>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, query, created_at FROM saved_views WHERE user_id = $1 ORDER BY name",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SavedView {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    query: r.try_get(2)?,
                    created_at: r.try_get(3)?,
                })
            })
            .collect()
    }

    pub async fn save_view(
        &self,
        ctx: &AuditCtx,
        user_id: i64,
        name: &str,
        query: &str,
    ) -> Result<SavedView, StoreError> {
        check_text("name", name, 100)?;
        check_len("query", query, 2000)?;
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO saved_views (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(user_id)
            .bind(name.trim())
            .bind(query)
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await
            .map_err(crate::conflict_on("name"))?
            .try_get(0)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "saved_view",
                entity_id: Some(id.to_string()),
                pd_id: None,
                before: None,
                after: Some(serde_json::json!({ "name": name.trim(), "query": query })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(SavedView {
            id,
            name: name.trim().into(),
            query: query.into(),
            created_at: ts(ctx.at),
        })
    }

    pub async fn delete_view(
        &self,
        ctx: &AuditCtx,
        user_id: i64,
        id: i64,
    ) -> Result<(), StoreError> {
        let mut w = self.begin_write().await?;
        let n = sqlx::query("DELETE FROM saved_views WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "delete",
                entity: "saved_view",
                entity_id: Some(id.to_string()),
                pd_id: None,
                before: None,
                after: None,
            },
        )
        .await?;
        w.commit().await
    }
}

/// One PD's desk, for the supervision view.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DeskRow {
    pub pd_id: i64,
    pub pd_name: String,
    pub open_tier1: i64,
    pub open_tier2: i64,
    pub open_breached: i64,
    pub resolved: i64,
    pub average_rating: Option<f64>,
    pub tier1_staff: i64,
    /// Flagged: nobody answers this PD's Tier 1 queue.
    pub no_tier1_staff: bool,
}

fn diff(before: &Ticket, after: &Ticket) -> (serde_json::Value, serde_json::Value) {
    let b = serde_json::to_value(before).unwrap_or_default();
    let a = serde_json::to_value(after).unwrap_or_default();
    let mut bm = serde_json::Map::new();
    let mut am = serde_json::Map::new();
    if let (Some(bo), Some(ao)) = (b.as_object(), a.as_object()) {
        for (k, av) in ao {
            if [
                "updated_at",
                "sla_state",
                "sla_due_at",
                "sla_alert_at",
                "body",
            ]
            .contains(&k.as_str())
            {
                continue;
            }
            if bo.get(k) != Some(av) {
                bm.insert(k.clone(), bo.get(k).cloned().unwrap_or_default());
                am.insert(k.clone(), av.clone());
            }
        }
    }
    (bm.into(), am.into())
}

async fn insert_event(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    ticket_id: i64,
    ev: &NewEvent,
) -> Result<i64, StoreError> {
    Ok(sqlx::query("INSERT INTO ticket_events (ticket_id, at, kind, actor_user_id, actor_label, body, public, sla_event, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(ticket_id)
        .bind(ts(ctx.at))
        .bind(ev.kind)
        .bind(ctx.actor_user_id)
        .bind(&ctx.actor_label)
        .bind(ev.body.trim())
        .bind(i64::from(ev.public))
        .bind(ev.sla_event)
        .bind(ev.data.as_ref().map(|d| d.to_string()))
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?)
}
