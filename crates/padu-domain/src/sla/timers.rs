//! SLA timers replayed from a ticket's history.
//!
//! Three timers run on working time ([`WorkCalendar`]), never on wall-clock time:
//!
//! - **First response** runs from the moment the ticket is opened until the first *response*.
//! - **Next update** starts at the first response and restarts at every later response: while
//!   the ticket is open, staff owe the requester an update within the target after each one.
//!   Every cycle that overran is counted.
//! - **Resolution** runs from opening until the ticket is resolved; reopening continues it with
//!   the time already spent.
//!
//! What counts as a response: a reply by staff that the requester can see (a public reply, or
//! the public resolution note). Internal notes, status or field changes, automatic
//! notifications and the requester's own messages do not count.
//!
//! While a ticket waits on the requester (paused) no timer counts. Resolving stops all timers.
//! Changing the SLA replaces the targets from that moment; the working time already spent, and
//! the time spent paused (which counts nothing), are kept. A timer that already stopped keeps the
//! verdict it got under the targets then in force.

use super::calendar::WorkCalendar;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Targets in seconds of working time; None where the SLA sets no target for that timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct SlaTargets {
    pub first_response: Option<i64>,
    pub next_update: Option<i64>,
    pub resolution: Option<i64>,
    /// A running timer is in warning when at most this share of its target is left (percent).
    pub warn_percent: u8,
}

/// One thing that happened to a ticket, as far as the SLA cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketEvent {
    Opened,
    /// A reply by staff that the requester can see: the only thing that counts as a response.
    StaffResponse,
    /// The ticket waits on the requester; no timer counts.
    WaitingOnRequester,
    Resumed,
    Resolved,
    Reopened,
    SlaChanged(SlaTargets),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimerKind {
    FirstResponse,
    NextUpdate,
    Resolution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimerState {
    /// The SLA sets no target for this timer.
    NoTarget,
    /// Not started yet (next update before the first response).
    NotStarted,
    Running,
    /// Running, with at most `warn_percent` of the target left.
    Warning,
    /// Running or paused past its target.
    Breached,
    Paused,
    /// Stopped within its target.
    Met,
    /// Stopped after its target.
    Missed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TimerStatus {
    pub kind: TimerKind,
    pub state: TimerState,
    pub target_secs: Option<i64>,
    /// Working seconds counted (for next update: in the current cycle).
    pub spent_secs: i64,
    /// Target minus spent; negative once breached.
    pub remaining_secs: Option<i64>,
    /// When the target is (or was) reached: in the future for a running timer, the moment of
    /// breach for a breached one; None while paused within target or when stopped.
    pub due_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    /// Next-update cycles that overran, including the current one if it has.
    pub breaches: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SlaStatus {
    pub timers: Vec<TimerStatus>,
    /// The next moment a running timer enters warning or breach, for the reminder job.
    pub next_alert_at: Option<DateTime<Utc>>,
}

impl SlaStatus {
    pub fn timer(&self, kind: TimerKind) -> &TimerStatus {
        self.timers
            .iter()
            .find(|t| t.kind == kind)
            .expect("every kind is evaluated")
    }

    pub fn any_breached(&self) -> bool {
        self.timers
            .iter()
            .any(|t| matches!(t.state, TimerState::Breached | TimerState::Missed) || t.breaches > 0)
    }
}

#[derive(Debug, Clone)]
struct Clock {
    kind: TimerKind,
    started: bool,
    stopped_at: Option<DateTime<Utc>>,
    /// The target in force when the timer stopped (its verdict does not change afterwards).
    target_at_stop: Option<i64>,
    since: DateTime<Utc>,
    spent: i64,
    crossed_at: Option<DateTime<Utc>>,
    breaches: u32,
}

impl Clock {
    fn new(kind: TimerKind, at: DateTime<Utc>) -> Clock {
        Clock {
            kind,
            started: false,
            stopped_at: None,
            target_at_stop: None,
            since: at,
            spent: 0,
            crossed_at: None,
            breaches: 0,
        }
    }

    fn target(&self, t: &SlaTargets) -> Option<i64> {
        match self.kind {
            TimerKind::FirstResponse => t.first_response,
            TimerKind::NextUpdate => t.next_update,
            TimerKind::Resolution => t.resolution,
        }
    }

    fn active(&self) -> bool {
        self.started && self.stopped_at.is_none()
    }

    fn advance(
        &mut self,
        cal: &WorkCalendar,
        targets: &SlaTargets,
        counting: bool,
        to: DateTime<Utc>,
    ) {
        if counting && self.active() && to > self.since {
            let segment = cal.working_seconds(self.since, to);
            if let Some(target) = self.target(targets) {
                if self.crossed_at.is_none() && self.spent + segment > target {
                    self.crossed_at =
                        cal.add_working_seconds(self.since, (target - self.spent).max(0));
                }
            }
            self.spent += segment;
        }
        self.since = to;
    }

    fn start(&mut self, at: DateTime<Utc>) {
        self.started = true;
        self.stopped_at = None;
        self.since = at;
    }

    fn stop(&mut self, at: DateTime<Utc>, targets: &SlaTargets) {
        if self.active() {
            self.stopped_at = Some(at);
            self.target_at_stop = self.target(targets);
            if self.kind == TimerKind::NextUpdate && self.overran(self.target_at_stop) {
                self.breaches += 1;
            }
        }
    }

    fn overran(&self, target: Option<i64>) -> bool {
        target.is_some_and(|t| self.spent > t)
    }

    /// A new next-update cycle: the old one is judged, the count starts again.
    fn restart_cycle(&mut self, at: DateTime<Utc>, targets: &SlaTargets) {
        if self.active() && self.overran(self.target(targets)) {
            self.breaches += 1;
        }
        self.spent = 0;
        self.crossed_at = None;
        self.start(at);
    }

    fn retarget(&mut self, at: DateTime<Utc>, new: &SlaTargets) {
        if !self.active() {
            return;
        }
        match self.target(new) {
            Some(t) if self.spent > t => {
                self.crossed_at.get_or_insert(at);
            }
            _ => self.crossed_at = None,
        }
    }
}

/// Replays `events` (each with its instant; sorted here) up to `now` and reports every timer.
/// The history starts at its first event, normally [`TicketEvent::Opened`]; `initial` are the
/// targets in force when the ticket opened.
pub fn evaluate(
    cal: &WorkCalendar,
    initial: SlaTargets,
    events: &[(DateTime<Utc>, TicketEvent)],
    now: DateTime<Utc>,
) -> SlaStatus {
    let mut events: Vec<_> = events
        .iter()
        .filter(|(at, _)| *at <= now)
        .copied()
        .collect();
    events.sort_by_key(|(at, _)| *at);
    let opened = events.first().map(|(at, _)| *at).unwrap_or(now);
    let mut targets = initial;
    let mut clocks = [
        Clock::new(TimerKind::FirstResponse, opened),
        Clock::new(TimerKind::NextUpdate, opened),
        Clock::new(TimerKind::Resolution, opened),
    ];
    let [first, next, resolution] = &mut clocks;
    first.start(opened);
    resolution.start(opened);
    let mut paused = false;
    let mut resolved = false;

    for (at, event) in events {
        for c in [&mut *first, &mut *next, &mut *resolution] {
            c.advance(cal, &targets, !paused && !resolved, at);
        }
        match event {
            TicketEvent::Opened => {}
            TicketEvent::StaffResponse if !resolved => {
                first.stop(at, &targets);
                next.restart_cycle(at, &targets);
            }
            TicketEvent::StaffResponse => {}
            TicketEvent::WaitingOnRequester => paused = true,
            TicketEvent::Resumed => paused = false,
            TicketEvent::Resolved if !resolved => {
                resolved = true;
                for c in [&mut *first, &mut *next, &mut *resolution] {
                    c.stop(at, &targets);
                }
            }
            TicketEvent::Resolved => {}
            TicketEvent::Reopened if resolved => {
                resolved = false;
                paused = false;
                resolution.start(at);
                if first.stopped_at.is_some() && first.started {
                    next.spent = 0;
                    next.crossed_at = None;
                    next.start(at);
                }
            }
            TicketEvent::Reopened => {}
            TicketEvent::SlaChanged(new) => {
                targets = new;
                for c in [&mut *first, &mut *next, &mut *resolution] {
                    c.retarget(at, &targets);
                }
            }
        }
    }
    for c in [&mut *first, &mut *next, &mut *resolution] {
        c.advance(cal, &targets, !paused && !resolved, now);
    }

    let mut next_alert_at: Option<DateTime<Utc>> = None;
    let timers = clocks
        .iter()
        .map(|c| {
            let status = report(cal, c, &targets, paused, now);
            if let (Some(remaining), Some(target)) = (status.remaining_secs, status.target_secs) {
                if matches!(status.state, TimerState::Running | TimerState::Warning) {
                    let warn_at = target * i64::from(targets.warn_percent) / 100;
                    let alert = if remaining > warn_at {
                        cal.add_working_seconds(now, remaining - warn_at)
                    } else {
                        status.due_at
                    };
                    if let Some(a) = alert {
                        next_alert_at = Some(next_alert_at.map_or(a, |n| n.min(a)));
                    }
                }
            }
            status
        })
        .collect();
    SlaStatus {
        timers,
        next_alert_at,
    }
}

fn report(
    cal: &WorkCalendar,
    c: &Clock,
    targets: &SlaTargets,
    paused: bool,
    now: DateTime<Utc>,
) -> TimerStatus {
    let target = if c.stopped_at.is_some() {
        c.target_at_stop
    } else {
        c.target(targets)
    };
    let remaining = target.map(|t| t - c.spent);
    let breached = remaining.is_some_and(|r| r < 0);
    let open_breach = u32::from(c.active() && breached && c.kind == TimerKind::NextUpdate);
    let (state, due_at) = match (target, remaining) {
        (None, _) | (_, None) => (TimerState::NoTarget, None),
        _ if !c.started => (TimerState::NotStarted, None),
        _ if c.stopped_at.is_some() => {
            // A stopped next-update timer reports on its cycles, not only the last.
            if breached || (c.kind == TimerKind::NextUpdate && c.breaches > 0) {
                (TimerState::Missed, None)
            } else {
                (TimerState::Met, None)
            }
        }
        _ if breached => (TimerState::Breached, c.crossed_at),
        _ if paused => (TimerState::Paused, None),
        (Some(t), Some(r)) => {
            let state = if r * 100 <= t * i64::from(targets.warn_percent) {
                TimerState::Warning
            } else {
                TimerState::Running
            };
            (state, cal.add_working_seconds(now, r))
        }
    };
    TimerStatus {
        kind: c.kind,
        state,
        target_secs: target,
        spent_secs: c.spent,
        remaining_secs: remaining,
        due_at,
        stopped_at: c.stopped_at,
        breaches: c.breaches + open_breach,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use TicketEvent::*;
    use TimerState::*;

    const H: i64 = 3600;

    fn wib(mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        FixedOffset::east_opt(7 * H as i32)
            .unwrap()
            .with_ymd_and_hms(2026, mo, d, h, mi, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn cal() -> WorkCalendar {
        let mut c = WorkCalendar::government_wib();
        c.import_holidays("2026-12-24,Cuti bersama\n2026-12-25,Natal\n")
            .unwrap();
        c
    }

    /// 4 h first response, 8 h next update, 3 working days (25.5 h) resolution; warn at 20 %.
    fn sla() -> SlaTargets {
        SlaTargets {
            first_response: Some(4 * H),
            next_update: Some(8 * H),
            resolution: Some(25 * H + 1800),
            warn_percent: 20,
        }
    }

    fn eval(events: &[(DateTime<Utc>, TicketEvent)], now: DateTime<Utc>) -> SlaStatus {
        evaluate(&cal(), sla(), events, now)
    }

    #[test]
    fn a_new_ticket_runs_its_first_response_and_resolution_timers() {
        let s = eval(&[(wib(11, 23, 9, 0), Opened)], wib(11, 23, 10, 0));
        let f = s.timer(TimerKind::FirstResponse);
        assert_eq!(
            (f.state, f.spent_secs, f.remaining_secs),
            (Running, H, Some(3 * H))
        );
        assert_eq!(f.due_at, Some(wib(11, 23, 13, 0)));
        assert_eq!(s.timer(TimerKind::NextUpdate).state, NotStarted);
        assert_eq!(s.timer(TimerKind::Resolution).state, Running);
        // The next alert is the first-response warning: 20 % of 4 h = 48 min before 13:00.
        assert_eq!(s.next_alert_at, Some(wib(11, 23, 12, 12)));
    }

    #[test]
    fn nights_and_weekends_do_not_count() {
        // Opened Friday 15:30; 1 h left on Friday, Monday 07:30 + 3 h = 10:30.
        let s = eval(&[(wib(11, 27, 15, 30), Opened)], wib(11, 28, 12, 0));
        let f = s.timer(TimerKind::FirstResponse);
        assert_eq!(f.spent_secs, H);
        assert_eq!(f.due_at, Some(wib(11, 30, 10, 30)));
        assert_eq!(f.state, Running);
    }

    #[test]
    fn warning_then_breach() {
        let opened = (wib(11, 23, 9, 0), Opened);
        assert_eq!(
            eval(&[opened], wib(11, 23, 12, 30))
                .timer(TimerKind::FirstResponse)
                .state,
            Warning
        );
        let s = eval(&[opened], wib(11, 23, 14, 0));
        let f = s.timer(TimerKind::FirstResponse);
        assert_eq!((f.state, f.remaining_secs), (Breached, Some(-H)));
        assert_eq!(f.due_at, Some(wib(11, 23, 13, 0)), "the moment of breach");
        assert!(s.any_breached());
    }

    #[test]
    fn a_response_meets_first_response_and_starts_next_update() {
        let s = eval(
            &[
                (wib(11, 23, 9, 0), Opened),
                (wib(11, 23, 11, 0), StaffResponse),
            ],
            wib(11, 23, 15, 0),
        );
        let f = s.timer(TimerKind::FirstResponse);
        assert_eq!((f.state, f.spent_secs), (Met, 2 * H));
        assert_eq!(f.stopped_at, Some(wib(11, 23, 11, 0)));
        let n = s.timer(TimerKind::NextUpdate);
        assert_eq!((n.state, n.spent_secs), (Running, 4 * H));
        // 4 h left: 1 h on Monday, then Tuesday 07:30 + 3 h.
        assert_eq!(n.due_at, Some(wib(11, 24, 10, 30)));
    }

    #[test]
    fn next_update_counts_every_overrun_cycle() {
        let events = [
            (wib(11, 23, 9, 0), Opened),
            (wib(11, 23, 9, 30), StaffResponse),
            // 6.5 h left on Monday + 2 h on Tuesday = 8.5 h: the first cycle overran.
            (wib(11, 24, 9, 30), StaffResponse),
            (wib(11, 24, 10, 0), StaffResponse),
        ];
        let s = eval(&events, wib(11, 24, 11, 0));
        let n = s.timer(TimerKind::NextUpdate);
        assert_eq!((n.state, n.spent_secs, n.breaches), (Running, H, 1));
        assert!(s.any_breached());
        // Resolved later: the timer reports Missed because a cycle overran.
        let mut later = events.to_vec();
        later.push((wib(11, 24, 12, 0), Resolved));
        let s = eval(&later, wib(11, 25, 10, 0));
        assert_eq!(s.timer(TimerKind::NextUpdate).state, Missed);
        assert_eq!(s.timer(TimerKind::Resolution).state, Met);
    }

    #[test]
    fn a_pause_freezes_every_timer() {
        let events = [
            (wib(11, 23, 9, 0), Opened),
            (wib(11, 23, 10, 0), WaitingOnRequester),
            (wib(11, 25, 10, 0), Resumed),
        ];
        let s = eval(&events, wib(11, 25, 11, 0));
        let f = s.timer(TimerKind::FirstResponse);
        assert_eq!((f.state, f.spent_secs), (Running, 2 * H));
        assert_eq!(s.timer(TimerKind::Resolution).spent_secs, 2 * H);
        // Still paused: reported as paused, with no due date and no alert.
        let s = eval(&events[..2], wib(11, 25, 11, 0));
        assert_eq!(s.timer(TimerKind::FirstResponse).state, Paused);
        assert_eq!(s.timer(TimerKind::FirstResponse).due_at, None);
        assert_eq!(s.next_alert_at, None);
    }

    #[test]
    fn resolution_across_holidays_and_reopening_keeps_spent_time() {
        // Opened Wed 23 Dec 08:00; 24 and 25 Dec are off. Resolution needs 25.5 h.
        let events = [
            (wib(12, 23, 8, 0), Opened),
            (wib(12, 23, 9, 0), StaffResponse),
            (wib(12, 23, 15, 0), Resolved),
            (wib(12, 28, 8, 0), Reopened),
        ];
        let s = eval(&events, wib(12, 28, 10, 0));
        let r = s.timer(TimerKind::Resolution);
        assert_eq!((r.state, r.spent_secs), (Running, 9 * H));
        // 16.5 h left from Mon 28 Dec 10:00: 6 h Mon, 8.5 h Tue, 2 h Wed → 09:30.
        assert_eq!(r.due_at, Some(wib(12, 30, 9, 30)));
        // Reopening starts a fresh next-update cycle; first response stays met.
        assert_eq!(s.timer(TimerKind::NextUpdate).spent_secs, 2 * H);
        assert_eq!(s.timer(TimerKind::FirstResponse).state, Met);
    }

    #[test]
    fn changing_the_sla_keeps_the_time_spent() {
        let stricter = SlaTargets {
            first_response: Some(H),
            next_update: Some(2 * H),
            resolution: Some(8 * H),
            warn_percent: 20,
        };
        let events = [
            (wib(11, 23, 8, 0), Opened),
            (wib(11, 23, 9, 0), WaitingOnRequester),
            (wib(11, 23, 11, 0), Resumed),
            (wib(11, 23, 11, 30), SlaChanged(stricter)),
        ];
        let s = eval(&events, wib(11, 23, 12, 0));
        let f = s.timer(TimerKind::FirstResponse);
        // 1.5 h spent (the pause not counted) against the new 1 h target: breached when changed.
        assert_eq!(
            (f.state, f.spent_secs, f.target_secs),
            (Breached, 2 * H, Some(H))
        );
        assert_eq!(f.due_at, Some(wib(11, 23, 11, 30)));
        let r = s.timer(TimerKind::Resolution);
        assert_eq!((r.state, r.remaining_secs), (Running, Some(6 * H)));
        // A more lenient SLA lifts an open breach.
        let lenient = SlaTargets {
            first_response: Some(8 * H),
            ..stricter
        };
        let mut more = events.to_vec();
        more.push((wib(11, 23, 12, 0), SlaChanged(lenient)));
        let f = eval(&more, wib(11, 23, 13, 0))
            .timer(TimerKind::FirstResponse)
            .clone();
        assert_eq!((f.state, f.spent_secs), (Running, 3 * H));
    }

    #[test]
    fn a_stopped_timer_keeps_its_verdict_after_an_sla_change() {
        let stricter = SlaTargets {
            first_response: Some(H),
            ..sla()
        };
        let events = [
            (wib(11, 23, 8, 0), Opened),
            (wib(11, 23, 11, 0), StaffResponse),
            (wib(11, 23, 12, 0), SlaChanged(stricter)),
        ];
        let f = eval(&events, wib(11, 23, 13, 0))
            .timer(TimerKind::FirstResponse)
            .clone();
        assert_eq!((f.state, f.target_secs), (Met, Some(4 * H)));
    }

    #[test]
    fn no_target_and_late_first_response() {
        let none = SlaTargets {
            first_response: None,
            next_update: None,
            resolution: None,
            warn_percent: 20,
        };
        let s = evaluate(
            &cal(),
            none,
            &[(wib(11, 23, 8, 0), Opened)],
            wib(11, 30, 8, 0),
        );
        assert!(s.timers.iter().all(|t| t.state == NoTarget));
        assert_eq!(s.next_alert_at, None);
        let s = eval(
            &[
                (wib(11, 23, 8, 0), Opened),
                (wib(11, 24, 8, 0), StaffResponse),
            ],
            wib(11, 24, 9, 0),
        );
        assert_eq!(s.timer(TimerKind::FirstResponse).state, Missed);
    }

    #[test]
    fn events_after_now_and_out_of_order_are_handled() {
        let events = [
            (wib(11, 23, 11, 0), StaffResponse),
            (wib(11, 23, 9, 0), Opened),
            (wib(11, 24, 9, 0), Resolved),
        ];
        let s = eval(&events, wib(11, 23, 12, 0));
        assert_eq!(s.timer(TimerKind::FirstResponse).state, Met);
        assert_eq!(s.timer(TimerKind::Resolution).state, Running);
        assert_eq!(s.timer(TimerKind::Resolution).spent_secs, 3 * H);
    }
}
