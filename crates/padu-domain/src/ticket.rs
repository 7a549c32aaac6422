//! The tiered Service Desk: ticket types, priorities and their SLAs, who works which tier, and
//! the steps of a ticket's life.
//!
//! - Types are those of Kalbar Pasal 35(3): keluhan, gangguan, masalah, permintaan, perubahan.
//! - Each PD answers its own Tier 1 queue; what Tier 1 cannot solve is escalated with a reason to
//!   the Dinas Tier 2 queue (Bogor Pasal 40(9–10)). The Dinas supervises every PD's desk
//!   (Bogor Pasal 40(11)).
//!
//! Pure: time arrives as an argument; the store records the outcome.

use crate::access::Actor;
use crate::gate::Gate;
use crate::org::{PdId, Role, UserId};
use crate::sla::{SlaStatus, SlaTargets, TicketEvent, TimerState};
use chrono::{DateTime, Utc};
use serde::Serialize;

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
            /// The accepted spellings, for error messages.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }
    };
}

string_enum!(
    /// Kalbar Pasal 35(3).
    TicketType {
        Keluhan = "keluhan",
        Gangguan = "gangguan",
        Masalah = "masalah",
        Permintaan = "permintaan",
        Perubahan = "perubahan",
    }
);

string_enum!(
    Priority {
        Rendah = "rendah",
        Sedang = "sedang",
        Tinggi = "tinggi",
        Kritis = "kritis",
    }
);

string_enum!(
    TicketStatus {
        Baru = "baru",
        Ditangani = "ditangani",
        MenungguPemohon = "menunggu_pemohon",
        Selesai = "selesai",
        Ditutup = "ditutup",
        Digabung = "digabung",
    }
);

impl TicketStatus {
    /// Open tickets are in a queue; resolved ones wait for the requester's rating.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            TicketStatus::Baru | TicketStatus::Ditangani | TicketStatus::MenungguPemohon
        )
    }
}

/// Tier 1 is the PD's own desk, Tier 2 the Dinas. Serialized as the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    One,
    Two,
}

impl Serialize for Tier {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.number())
    }
}

impl Tier {
    pub fn number(self) -> i64 {
        match self {
            Tier::One => 1,
            Tier::Two => 2,
        }
    }
    pub fn from_number(n: i64) -> Option<Tier> {
        match n {
            1 => Some(Tier::One),
            2 => Some(Tier::Two),
            _ => None,
        }
    }
}

/// The SLA of a ticket: by priority, then stretched by type, as the profile's desk targets
/// say (the national base: an incident (gangguan) or a complaint (keluhan) is held to the
/// priority's targets; a service request (permintaan) gets twice the resolution time, a
/// problem (masalah) four times, a change (perubahan) five times; a problem and a change owe
/// no regular updates beyond the first response).
pub fn sla_for(
    profile: &crate::profile::Profile,
    kind: TicketType,
    priority: Priority,
) -> SlaTargets {
    let desk = &profile.desk;
    // The profile is checked to hold every priority and type (`profile::load`).
    let targets = desk.priorities.get(&priority).copied().unwrap_or_default();
    let stretch = desk.types.get(&kind).copied().unwrap_or_default();
    let minutes = |m: u32| i64::from(m) * 60;
    SlaTargets {
        first_response: Some(minutes(targets.first_response_minutes)),
        next_update: stretch
            .updates
            .then_some(minutes(targets.next_update_minutes)),
        resolution: Some(
            minutes(targets.resolution_minutes) * i64::from(stretch.resolution_factor.max(1)),
        ),
        warn_percent: desk.warn_percent as u8,
    }
}

/// The priority a new ticket gets when the requester does not choose: an outage is urgent.
pub fn default_priority(kind: TicketType) -> Priority {
    match kind {
        TicketType::Gangguan => Priority::Tinggi,
        TicketType::Perubahan | TicketType::Masalah => Priority::Sedang,
        TicketType::Keluhan | TicketType::Permintaan => Priority::Sedang,
    }
}

/// Who may do what on one ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TicketRights {
    /// See the ticket and its public replies.
    pub view: bool,
    /// See internal notes too (staff of the desk, and the Dinas' supervisors).
    pub internal: bool,
    /// Work the ticket: reply, note, assign, change status, link, merge, escalate.
    pub work: bool,
    /// Add internal notes and staff files: the desk that handles the ticket (the PD's Tier 1,
    /// which keeps noting at Tier 2, and the Dinas). Supervisors read them, never add.
    pub note: bool,
    /// The requester: reply, reopen, rate.
    pub requester: bool,
}

/// Who reads every PD's desk: the Dinas (it works Tier 2 and may step in at any PD) and the
/// supervisors, Koordinator, Auditor and Pimpinan (Bogor Pasal 40(11)). The supervision page is
/// theirs alone, and their lists hold every PD's tickets.
pub const READS_EVERY_DESK: Gate = Gate::AnyOf(&[
    Role::AdminDinas,
    Role::Koordinator,
    Role::Auditor,
    Role::Pimpinan,
]);

pub fn reads_every_desk(actor: &Actor) -> bool {
    READS_EVERY_DESK.admits(actor).is_ok()
}

/// The rights of `actor` on a ticket of `pd` at `tier`, requested by `requester`.
///
/// Tier 1: the PD's Operator PD staff and the Dinas (which may always step in). Tier 2: the
/// Dinas only, while the PD keeps sight of its ticket and may add notes. Koordinator, Auditor and
/// Pimpinan read every desk without working it ([`READS_EVERY_DESK`]).
pub fn rights(actor: &Actor, pd: PdId, tier: Tier, requester: Option<UserId>) -> TicketRights {
    let dinas = actor.has_role(Role::AdminDinas);
    let pd_staff = actor.operator_pds().any(|p| p == pd);
    let every_desk = reads_every_desk(actor);
    let is_requester = requester.is_some() && actor.user_id() == requester;
    let work = dinas || (pd_staff && tier == Tier::One);
    TicketRights {
        view: every_desk || pd_staff || is_requester,
        internal: every_desk || pd_staff,
        work,
        note: dinas || pd_staff,
        requester: is_requester,
    }
}

/// Whether the Tier 2 queue concerns `actor`: the Dinas works it, and those who read every desk
/// watch it. A PD's operators, the Dinas's own included, never receive Tier 2 work.
pub fn sees_tier_two_queue(actor: &Actor) -> bool {
    actor.has_role(Role::AdminDinas) || reads_every_desk(actor)
}

/// May `user` (with its grants) be assigned a ticket of `pd` at `tier`?
pub fn may_be_assigned(actor: &Actor, pd: PdId, tier: Tier) -> bool {
    match tier {
        Tier::One => actor.has_role(Role::AdminDinas) || actor.operator_pds().any(|p| p == pd),
        Tier::Two => actor.has_role(Role::AdminDinas),
    }
}

/// A change to a ticket's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A reply the requester sees. From staff it is a response (it stops the first-response
    /// clock and restarts the next-update one); from the requester it resumes a paused ticket.
    Reply,
    /// Staff ask the requester for something: all timers pause.
    WaitOnRequester,
    Resolve,
    /// The requester is not satisfied with the resolution.
    Reopen,
    /// The requester rates a resolved ticket (1–5), which closes it.
    Rate(u8),
    /// Tier 1 hands the ticket to the Dinas Tier 2 (reason required).
    Escalate,
    /// The Dinas hands a ticket back to the PD's Tier 1 (reason required).
    ReturnToTier1,
    /// A duplicate joins an open ticket and closes.
    Merge,
    /// Resolved tickets the requester did not rate close after a few working days.
    AutoClose,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("you may not take this step on this ticket")]
    Forbidden,
    #[error("not possible while the ticket is {}", .0.as_str())]
    WrongStatus(TicketStatus),
    #[error("not possible at tier {}", .0.number())]
    WrongTier(Tier),
    #[error("a rating is 1 to 5")]
    BadRating,
}

/// The outcome of a step: the new status and tier, and what the SLA timers should hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub status: TicketStatus,
    pub tier: Tier,
    pub sla_event: Option<TicketEvent>,
}

/// Applies a step. `by_system` is the scheduler (auto-close).
pub fn apply(
    rights: TicketRights,
    status: TicketStatus,
    tier: Tier,
    step: Step,
    by_system: bool,
) -> Result<Outcome, StepError> {
    use TicketStatus::*;
    let keep = |status, sla_event| {
        Ok(Outcome {
            status,
            tier,
            sla_event,
        })
    };
    match step {
        Step::Reply if rights.work => match status {
            Baru | Ditangani | MenungguPemohon => keep(Ditangani, Some(TicketEvent::StaffResponse)),
            s => Err(StepError::WrongStatus(s)),
        },
        Step::Reply if rights.requester => match status {
            MenungguPemohon => keep(Ditangani, Some(TicketEvent::Resumed)),
            Baru | Ditangani => keep(status, None),
            s => Err(StepError::WrongStatus(s)),
        },
        Step::WaitOnRequester if rights.work => match status {
            Baru | Ditangani => keep(MenungguPemohon, Some(TicketEvent::WaitingOnRequester)),
            s => Err(StepError::WrongStatus(s)),
        },
        Step::Resolve if rights.work => match status {
            Baru | Ditangani | MenungguPemohon => keep(Selesai, Some(TicketEvent::Resolved)),
            s => Err(StepError::WrongStatus(s)),
        },
        Step::Reopen if rights.requester || rights.work => match status {
            Selesai => keep(Ditangani, Some(TicketEvent::Reopened)),
            s => Err(StepError::WrongStatus(s)),
        },
        Step::Rate(stars) if rights.requester => {
            if !(1..=5).contains(&stars) {
                return Err(StepError::BadRating);
            }
            match status {
                Selesai => keep(Ditutup, None),
                s => Err(StepError::WrongStatus(s)),
            }
        }
        Step::Escalate if rights.work => {
            if tier != Tier::One {
                return Err(StepError::WrongTier(tier));
            }
            match status {
                Baru | Ditangani | MenungguPemohon => Ok(Outcome {
                    status: Ditangani,
                    tier: Tier::Two,
                    sla_event: (status == MenungguPemohon).then_some(TicketEvent::Resumed),
                }),
                s => Err(StepError::WrongStatus(s)),
            }
        }
        Step::ReturnToTier1 if rights.work => {
            if tier != Tier::Two {
                return Err(StepError::WrongTier(tier));
            }
            match status {
                Baru | Ditangani | MenungguPemohon => Ok(Outcome {
                    status,
                    tier: Tier::One,
                    sla_event: None,
                }),
                s => Err(StepError::WrongStatus(s)),
            }
        }
        Step::Merge if rights.work => match status {
            Baru | Ditangani | MenungguPemohon => keep(Digabung, Some(TicketEvent::Resolved)),
            s => Err(StepError::WrongStatus(s)),
        },
        Step::AutoClose if by_system => match status {
            Selesai => keep(Ditutup, None),
            s => Err(StepError::WrongStatus(s)),
        },
        _ => Err(StepError::Forbidden),
    }
}

/// How an SLA event is stored: its name, and for an SLA change the new targets.
pub fn event_name(e: &TicketEvent) -> &'static str {
    match e {
        TicketEvent::Opened => "opened",
        TicketEvent::StaffResponse => "response",
        TicketEvent::WaitingOnRequester => "waiting",
        TicketEvent::Resumed => "resumed",
        TicketEvent::Resolved => "resolved",
        TicketEvent::Reopened => "reopened",
        TicketEvent::SlaChanged(_) => "sla_changed",
    }
}

/// The stored event back; `targets` is required for an SLA change.
pub fn event_from(name: &str, targets: Option<SlaTargets>) -> Option<TicketEvent> {
    Some(match name {
        "opened" => TicketEvent::Opened,
        "response" => TicketEvent::StaffResponse,
        "waiting" => TicketEvent::WaitingOnRequester,
        "resumed" => TicketEvent::Resumed,
        "resolved" => TicketEvent::Resolved,
        "reopened" => TicketEvent::Reopened,
        "sla_changed" => TicketEvent::SlaChanged(targets?),
        _ => return None,
    })
}

/// What a queue needs of the timers, stored with the ticket at every change: the worst state,
/// the earliest due moment of a running timer, when the reminder job must look again, and
/// whether any target was ever overrun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SlaSnapshot {
    pub state: TimerState,
    pub due_at: Option<DateTime<Utc>>,
    pub alert_at: Option<DateTime<Utc>>,
    pub breached: bool,
}

pub fn snapshot(status: &SlaStatus) -> SlaSnapshot {
    let has = |s: TimerState| status.timers.iter().any(|t| t.state == s);
    let state = [
        TimerState::Breached,
        TimerState::Warning,
        TimerState::Running,
        TimerState::Paused,
        TimerState::Missed,
        TimerState::Met,
        TimerState::NotStarted,
    ]
    .into_iter()
    .find(|s| has(*s))
    .unwrap_or(TimerState::NoTarget);
    let due_at = status
        .timers
        .iter()
        .filter(|t| matches!(t.state, TimerState::Running | TimerState::Warning))
        .filter_map(|t| t.due_at)
        .min();
    SlaSnapshot {
        state,
        due_at,
        alert_at: status.next_alert_at,
        breached: status.any_breached(),
    }
}

pub fn timer_state_name(s: TimerState) -> &'static str {
    match s {
        TimerState::NoTarget => "no_target",
        TimerState::NotStarted => "not_started",
        TimerState::Running => "running",
        TimerState::Warning => "warning",
        TimerState::Breached => "breached",
        TimerState::Paused => "paused",
        TimerState::Met => "met",
        TimerState::Missed => "missed",
    }
}

/// Resolved tickets close by themselves after this many working days without a rating.
pub const AUTO_CLOSE_WORKING_DAYS: u32 = 3;

/// Whether making `parent` the parent of `child` would close a loop, given each ticket's
/// current parent (`parent_of`). A ticket cannot be its own ancestor.
pub fn creates_cycle(child: i64, parent: i64, parent_of: impl Fn(i64) -> Option<i64>) -> bool {
    let mut at = Some(parent);
    let mut hops = 0;
    while let Some(t) = at {
        if t == child || hops > 1000 {
            return true;
        }
        at = parent_of(t);
        hops += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;

    fn operator(pd: i64) -> Actor {
        Actor::User {
            id: UserId(10),
            grants: vec![Grant {
                role: Role::OperatorPd,
                pd: Some(PdId(pd)),
            }],
        }
    }
    fn dinas() -> Actor {
        Actor::User {
            id: UserId(1),
            grants: vec![Grant {
                role: Role::AdminDinas,
                pd: None,
            }],
        }
    }
    fn requester() -> Actor {
        Actor::User {
            id: UserId(77),
            grants: vec![],
        }
    }

    #[test]
    fn tier_one_is_the_pds_and_tier_two_the_dinas() {
        let pd = PdId(3);
        let op = rights(&operator(3), pd, Tier::One, None);
        assert!(op.work && op.internal);
        let op2 = rights(&operator(3), pd, Tier::Two, None);
        assert!(
            op2.view && op2.internal && !op2.work,
            "the PD keeps sight at tier 2"
        );
        assert!(
            !rights(&operator(4), pd, Tier::One, None).view,
            "another PD sees nothing"
        );
        assert!(rights(&dinas(), pd, Tier::One, None).work);
        assert!(rights(&dinas(), pd, Tier::Two, None).work);
        let req = rights(&requester(), pd, Tier::One, Some(UserId(77)));
        assert!(req.view && req.requester && !req.internal && !req.work);
        let sup = Actor::User {
            id: UserId(5),
            grants: vec![Grant {
                role: Role::Pimpinan,
                pd: None,
            }],
        };
        let s = rights(&sup, pd, Tier::Two, None);
        assert!(s.view && s.internal && !s.work);
        assert!(!s.note, "supervisors read the notes, never add one");
        assert!(op.note && op2.note, "the PD notes at both tiers");
        assert!(rights(&dinas(), pd, Tier::Two, None).note);
        assert!(!req.note && !rights(&operator(4), pd, Tier::One, None).note);
        assert!(!rights(&Actor::Public, pd, Tier::One, None).view);
        // Exactly those who read every desk see a ticket of a PD they are not staff of.
        assert!(reads_every_desk(&dinas()) && reads_every_desk(&sup));
        assert!(!reads_every_desk(&operator(3)) && !reads_every_desk(&requester()));
        assert!(!reads_every_desk(&Actor::Public));
    }

    #[test]
    fn escalation_goes_one_way_and_keeps_the_ticket_open() {
        let r = rights(&operator(3), PdId(3), Tier::One, None);
        let o = apply(r, TicketStatus::Baru, Tier::One, Step::Escalate, false).unwrap();
        assert_eq!((o.status, o.tier), (TicketStatus::Ditangani, Tier::Two));
        let r2 = rights(&operator(3), PdId(3), Tier::Two, None);
        assert_eq!(
            apply(
                r2,
                TicketStatus::Ditangani,
                Tier::Two,
                Step::Escalate,
                false
            ),
            Err(StepError::Forbidden)
        );
        let d = rights(&dinas(), PdId(3), Tier::Two, None);
        assert_eq!(
            apply(d, TicketStatus::Ditangani, Tier::Two, Step::Escalate, false),
            Err(StepError::WrongTier(Tier::Two))
        );
        let back = apply(
            d,
            TicketStatus::Ditangani,
            Tier::Two,
            Step::ReturnToTier1,
            false,
        );
        assert_eq!(back.unwrap().tier, Tier::One);
        // Escalating a paused ticket resumes its clocks: the Dinas now owes the answer.
        let o = apply(
            r,
            TicketStatus::MenungguPemohon,
            Tier::One,
            Step::Escalate,
            false,
        );
        assert_eq!(o.unwrap().sla_event, Some(TicketEvent::Resumed));
    }

    #[test]
    fn replies_pause_resume_resolve_rate() {
        let staff = rights(&dinas(), PdId(3), Tier::One, Some(UserId(77)));
        let req = rights(&requester(), PdId(3), Tier::One, Some(UserId(77)));
        let o = apply(staff, TicketStatus::Baru, Tier::One, Step::Reply, false).unwrap();
        assert_eq!(o.sla_event, Some(TicketEvent::StaffResponse));
        let w = apply(staff, o.status, Tier::One, Step::WaitOnRequester, false).unwrap();
        assert_eq!(w.status, TicketStatus::MenungguPemohon);
        let back = apply(req, w.status, Tier::One, Step::Reply, false).unwrap();
        assert_eq!(
            (back.status, back.sla_event),
            (TicketStatus::Ditangani, Some(TicketEvent::Resumed))
        );
        let done = apply(staff, back.status, Tier::One, Step::Resolve, false).unwrap();
        assert_eq!(done.status, TicketStatus::Selesai);
        assert_eq!(
            apply(staff, done.status, Tier::One, Step::Rate(5), false),
            Err(StepError::Forbidden),
            "only the requester rates"
        );
        assert_eq!(
            apply(req, done.status, Tier::One, Step::Rate(6), false),
            Err(StepError::BadRating)
        );
        let closed = apply(req, done.status, Tier::One, Step::Rate(4), false).unwrap();
        assert_eq!(closed.status, TicketStatus::Ditutup);
        assert_eq!(
            apply(staff, closed.status, Tier::One, Step::Reply, false),
            Err(StepError::WrongStatus(TicketStatus::Ditutup))
        );
        let reopened = apply(req, done.status, Tier::One, Step::Reopen, false).unwrap();
        assert_eq!(reopened.sla_event, Some(TicketEvent::Reopened));
        assert!(apply(staff, done.status, Tier::One, Step::AutoClose, false).is_err());
        assert_eq!(
            apply(staff, done.status, Tier::One, Step::AutoClose, true)
                .unwrap()
                .status,
            TicketStatus::Ditutup
        );
    }

    #[test]
    fn sla_follows_priority_and_type() {
        let incident = sla_for(
            crate::profile::shipped("nasional").unwrap(),
            TicketType::Gangguan,
            Priority::Kritis,
        );
        assert_eq!(incident.first_response, Some(1800));
        assert_eq!(incident.resolution, Some(4 * 3600));
        let change = sla_for(
            crate::profile::shipped("nasional").unwrap(),
            TicketType::Perubahan,
            Priority::Sedang,
        );
        assert_eq!(change.next_update, None);
        // A working day of the government calendar is 8.5 hours (07:30–16:00).
        assert_eq!(change.resolution, Some(15 * (8 * 3600 + 30 * 60)));
        assert!(
            sla_for(
                crate::profile::shipped("nasional").unwrap(),
                TicketType::Permintaan,
                Priority::Rendah
            )
            .resolution
                > sla_for(
                    crate::profile::shipped("nasional").unwrap(),
                    TicketType::Gangguan,
                    Priority::Rendah
                )
                .resolution
        );
        for k in TicketType::ALL {
            for p in Priority::ALL {
                let t = sla_for(crate::profile::shipped("nasional").unwrap(), *k, *p);
                assert!(t.first_response <= t.resolution, "{k:?} {p:?}");
            }
        }
    }

    #[test]
    fn parents_cannot_loop() {
        // 1 <- 2 <- 3 (3's parent is 2, 2's parent is 1)
        let parent_of = |t| match t {
            3 => Some(2),
            2 => Some(1),
            _ => None,
        };
        assert!(creates_cycle(1, 3, parent_of));
        assert!(creates_cycle(2, 2, parent_of));
        assert!(!creates_cycle(4, 3, parent_of));
    }

    #[test]
    fn snapshot_reports_the_worst_running_timer() {
        use crate::sla::{evaluate, WorkCalendar};
        use chrono::TimeZone;
        let cal = WorkCalendar::government_wib();
        // Monday 2026-11-23 09:00 WIB = 02:00 UTC.
        let opened = Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap();
        let targets = sla_for(
            crate::profile::shipped("nasional").unwrap(),
            TicketType::Gangguan,
            Priority::Kritis,
        );
        let events = [(opened, TicketEvent::Opened)];
        let fresh = snapshot(&evaluate(&cal, targets, &events, opened));
        assert_eq!(fresh.state, TimerState::Running);
        assert_eq!(fresh.due_at, Some(opened + chrono::Duration::minutes(30)));
        assert!(!fresh.breached);
        let late = snapshot(&evaluate(
            &cal,
            targets,
            &events,
            opened + chrono::Duration::hours(1),
        ));
        assert_eq!(late.state, TimerState::Breached);
        assert!(late.breached);
        for e in [
            TicketEvent::Opened,
            TicketEvent::StaffResponse,
            TicketEvent::WaitingOnRequester,
            TicketEvent::Resumed,
            TicketEvent::Resolved,
            TicketEvent::Reopened,
            TicketEvent::SlaChanged(targets),
        ] {
            assert_eq!(event_from(event_name(&e), Some(targets)), Some(e));
        }
        assert_eq!(event_from("sla_changed", None), None);
    }

    #[test]
    fn names_round_trip() {
        for t in TicketType::ALL {
            assert_eq!(TicketType::parse(t.as_str()), Some(*t));
        }
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Tier::from_number(2), Some(Tier::Two));
        assert!(Priority::choices().contains("kritis"));
    }
}
