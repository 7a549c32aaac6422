//! Public complaints (pengaduan pelayanan publik): the SP4N-LAPOR! flow as a state machine,
//! its working-day deadlines, and who may see what.
//!
//! The flow (PRODUCT.md module 3; the regions set up the complaint service in Bogor Pasal 40,
//! Kalbar Pasal 42, Pessel Pasal 50–51; its deadlines are the national SP4N-LAPOR! procedure's,
//! carried by the profile, `Schedule`): anyone files → the Dinas (Admin Koordinator in
//! SP4N-LAPOR! terms) verifies and forwards it to the responsible PD (3 working days) or
//! rejects it with a reason → the PD (Admin Penghubung) follows up (5 working days) → the
//! complainant may respond (10 days): satisfied closes it, not satisfied sends it back to the
//! PD → otherwise it closes.

use crate::org::{PdId, Role};
use crate::sla::WorkCalendar;
use crate::Actor;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The flow's calendar and its deadlines: working days to verify and to follow up, calendar
/// days for the complainant to respond, as the region's profile sets them
/// (`profile.complaints`).
#[derive(Debug, Clone)]
pub struct Schedule {
    pub calendar: WorkCalendar,
    pub verify_working_days: u32,
    pub follow_up_working_days: u32,
    pub respond_days: i64,
}

impl Schedule {
    pub fn new(calendar: WorkCalendar, profile: &crate::profile::Profile) -> Schedule {
        let c = &profile.complaints;
        Schedule {
            calendar,
            verify_working_days: c.verify_working_days.value,
            follow_up_working_days: c.follow_up_working_days.value,
            respond_days: i64::from(c.respond_days.value),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Pengaduan,
    Aspirasi,
    PermintaanInformasi,
}

impl Category {
    pub const ALL: [Category; 3] = [
        Category::Pengaduan,
        Category::Aspirasi,
        Category::PermintaanInformasi,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Pengaduan => "pengaduan",
            Category::Aspirasi => "aspirasi",
            Category::PermintaanInformasi => "permintaan_informasi",
        }
    }
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed; the Dinas has not verified it yet.
    MenungguVerifikasi,
    /// Verified and forwarded to the responsible PD, which owes a follow-up.
    Diteruskan,
    /// The PD followed up; the complainant may respond.
    Ditindaklanjuti,
    /// Closed: satisfied, closed by the Dinas, or no response within 10 days.
    Selesai,
    /// Rejected at verification, with a reason.
    Ditolak,
    /// Merged into another complaint on the same matter.
    Digabung,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::MenungguVerifikasi,
        Status::Diteruskan,
        Status::Ditindaklanjuti,
        Status::Selesai,
        Status::Ditolak,
        Status::Digabung,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Status::MenungguVerifikasi => "menunggu_verifikasi",
            Status::Diteruskan => "diteruskan",
            Status::Ditindaklanjuti => "ditindaklanjuti",
            Status::Selesai => "selesai",
            Status::Ditolak => "ditolak",
            Status::Digabung => "digabung",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|c| c.as_str() == s)
    }
    /// Open311 knows only `open` and `closed`.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::MenungguVerifikasi | Status::Diteruskan | Status::Ditindaklanjuti
        )
    }
}

/// A step someone takes on a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Dinas: verified, forwarded to the PD responsible.
    Forward { pd: PdId },
    /// Dinas: rejected with a reason the complainant sees.
    Reject,
    /// Dinas: merged into another complaint.
    Merge,
    /// PD (or the Dinas for it): the follow-up the complainant sees.
    FollowUp,
    /// PD: not ours; back to the Dinas to forward elsewhere.
    ReturnToDinas,
    /// The complainant, with the tracking code: satisfied or not.
    ComplainantResponse { satisfied: bool },
    /// Dinas: closes it.
    Close,
    /// The system: no response within the schedule's `respond_days`.
    Expire,
}

/// Who takes a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who<'a> {
    /// Whoever holds the tracking code.
    Complainant,
    /// The scheduler.
    System,
    Staff(&'a Actor),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    #[error("this step is not possible while the complaint is {0:?}")]
    WrongStatus(Status),
    #[error("not allowed to take this step")]
    Forbidden,
}

/// The deadlines a complaint carries; None where none runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct Deadlines {
    #[schema(value_type = Option<String>, format = DateTime)]
    pub verify_due: Option<DateTime<Utc>>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub follow_up_due: Option<DateTime<Utc>>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub respond_due: Option<DateTime<Utc>>,
}

/// The deadline of a new complaint filed at `at`.
pub fn on_filing(s: &Schedule, at: DateTime<Utc>) -> Deadlines {
    Deadlines {
        verify_due: s.calendar.working_days_deadline(at, s.verify_working_days),
        ..Deadlines::default()
    }
}

/// Checks `step` by `who` on a complaint in `status` currently with `pd`, and returns the new
/// status and deadlines. Pure: `at` is when the step is taken.
pub fn apply(
    s: &Schedule,
    status: Status,
    pd: Option<PdId>,
    step: &Step,
    who: &Who,
    at: DateTime<Utc>,
) -> Result<(Status, Deadlines), StepError> {
    let dinas = matches!(who, Who::Staff(a) if verifies(a));
    let handler = matches!(who, Who::Staff(a) if may_handle(a, pd));
    let allowed = match step {
        Step::Forward { .. } | Step::Reject | Step::Merge | Step::Close => dinas,
        Step::FollowUp | Step::ReturnToDinas => handler,
        Step::ComplainantResponse { .. } => matches!(who, Who::Complainant),
        Step::Expire => matches!(who, Who::System),
    };
    if !allowed {
        return Err(StepError::Forbidden);
    }
    let wrong = Err(StepError::WrongStatus(status));
    let none = Deadlines::default();
    match (status, step) {
        // The Dinas may also move a forwarded complaint to another PD.
        (Status::MenungguVerifikasi | Status::Diteruskan, Step::Forward { .. }) => Ok((
            Status::Diteruskan,
            Deadlines {
                follow_up_due: s
                    .calendar
                    .working_days_deadline(at, s.follow_up_working_days),
                ..none
            },
        )),
        (Status::MenungguVerifikasi, Step::Reject | Step::Merge) => Ok((
            if *step == Step::Reject {
                Status::Ditolak
            } else {
                Status::Digabung
            },
            none,
        )),
        (Status::Diteruskan, Step::Merge) => Ok((Status::Digabung, none)),
        (Status::Diteruskan, Step::FollowUp) => Ok((
            Status::Ditindaklanjuti,
            Deadlines {
                respond_due: Some(at + Duration::days(s.respond_days)),
                ..none
            },
        )),
        (Status::Diteruskan, Step::ReturnToDinas) => {
            Ok((Status::MenungguVerifikasi, on_filing(s, at)))
        }
        (Status::Ditindaklanjuti, Step::ComplainantResponse { satisfied: true }) => {
            Ok((Status::Selesai, none))
        }
        (Status::Ditindaklanjuti, Step::ComplainantResponse { satisfied: false }) => Ok((
            Status::Diteruskan,
            Deadlines {
                follow_up_due: s
                    .calendar
                    .working_days_deadline(at, s.follow_up_working_days),
                ..none
            },
        )),
        (Status::Ditindaklanjuti, Step::Expire) => Ok((Status::Selesai, none)),
        (s, Step::Close) if s.is_open() => Ok((Status::Selesai, none)),
        _ => wrong,
    }
}

/// Whether the scheduler should close a complaint now (no response within the schedule's `respond_days`).
pub fn expired(status: Status, deadlines: &Deadlines, now: DateTime<Utc>) -> bool {
    status == Status::Ditindaklanjuti && deadlines.respond_due.is_some_and(|d| now >= d)
}

/// Which deadline of an open complaint has passed at `now`, for reminders and escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Overdue {
    Verification,
    FollowUp,
}

pub fn overdue(status: Status, deadlines: &Deadlines, now: DateTime<Utc>) -> Option<Overdue> {
    match status {
        Status::MenungguVerifikasi if deadlines.verify_due.is_some_and(|d| now > d) => {
            Some(Overdue::Verification)
        }
        Status::Diteruskan if deadlines.follow_up_due.is_some_and(|d| now > d) => {
            Some(Overdue::FollowUp)
        }
        _ => None,
    }
}

/// The Dinas (Admin Koordinator in SP4N-LAPOR! terms) verifies every complaint: it alone
/// forwards, rejects, merges and closes, and sees an anonymous complainant's identity.
/// Who took a step of the timeline, as the complainant is told it: the role, never the
/// officer's name (SP4N-LAPOR! shows the agency, not the person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The complainant (filing, responding).
    Reporter,
    /// The Dinas that verifies, forwards, rejects, merges and closes.
    Dinas,
    /// The PD the complaint was forwarded to (following up, returning).
    Pd,
    /// Padu itself (a deadline passing).
    System,
    /// A staff note (never shown to the complainant).
    Staff,
}

impl Party {
    /// The party behind a timeline entry of kind `kind`.
    pub fn of_update(kind: &str) -> Party {
        match kind {
            "filed" | "complainant_response" => Party::Reporter,
            "forwarded" | "rejected" | "merged" | "closed" => Party::Dinas,
            "follow_up" | "returned" => Party::Pd,
            "expired" | "escalated" => Party::System,
            _ => Party::Staff,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Party::Reporter => "reporter",
            Party::Dinas => "dinas",
            Party::Pd => "pd",
            Party::System => "system",
            Party::Staff => "staff",
        }
    }
}

pub fn verifies(actor: &Actor) -> bool {
    actor.has_role(Role::AdminDinas)
}

/// Who handles a complaint: the Dinas ([`verifies`]) and the Operator PD of the PD it was
/// forwarded to (`forwarded_pd`; none while it waits for the Dinas). Handling is every staff
/// step, internal notes and staff files (Bogor Pasal 40, Pessel Pasal 50–51). Nobody else
/// writes on a complaint, not even the supervisors.
pub fn may_handle(actor: &Actor, forwarded_pd: Option<PdId>) -> bool {
    verifies(actor) || forwarded_pd.is_some_and(|p| actor.operator_pds().any(|o| o == p))
}

/// Who reads every complaint, whichever PD has it, internal notes and files included: the
/// Dinas and the supervisors (Koordinator, Auditor, Pimpinan), who write on none. An Operator
/// PD reads those forwarded to its PD, and what is public.
pub fn reads_every_complaint(actor: &Actor) -> bool {
    verifies(actor)
        || [Role::Koordinator, Role::Auditor, Role::Pimpinan]
            .iter()
            .any(|r| actor.has_role(*r))
}

/// Who reads a complaint's internal notes and the complainant's files: those who handle it and
/// the supervisors. Everyone else who may see the complaint gets its public view only.
pub fn may_read_internal(actor: &Actor, forwarded_pd: Option<PdId>) -> bool {
    may_handle(actor, forwarded_pd) || reads_every_complaint(actor)
}

/// What a viewer may see of one complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// The complaint is shown at all.
    pub content: bool,
    /// The complainant's name and contact are shown.
    pub identity: bool,
}

/// SP4N-LAPOR! semantics: *rahasia* (confidential) hides the complaint from the public;
/// *anonim* (anonymous) hides the complainant's identity from everyone but the Dinas verifiers,
/// who need it to handle abuse. Staff see complaints Pemda-wide (Dinas, koordinator, auditor,
/// pimpinan) or those forwarded to their PD (Operator PD). The public sees what is neither
/// confidential nor waiting for verification (unverified text may be abusive), never identity.
pub fn view(
    actor: &Actor,
    pd: Option<PdId>,
    status: Status,
    anonymous: bool,
    confidential: bool,
) -> View {
    if may_read_internal(actor, pd) {
        return View {
            content: true,
            identity: verifies(actor) || !anonymous,
        };
    }
    View {
        content: !confidential && !matches!(status, Status::MenungguVerifikasi | Status::Ditolak),
        identity: false,
    }
}

/// A tracking code: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), in
/// groups of four, about 59 bits: unguessable, and readable over the phone.
pub fn tracking_code(random: [u8; 12]) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let chars: Vec<char> = random
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Normalises a code typed by a person: case, spaces and dashes do not matter.
pub fn normalize_tracking_code(input: &str) -> Option<String> {
    let clean: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if clean.len() != 12 {
        return None;
    }
    let chars: Vec<char> = clean.chars().collect();
    Some(
        chars
            .chunks(4)
            .map(|c| c.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_complainant_is_told_who_acted_by_role() {
        for (kind, party) in [
            ("filed", Party::Reporter),
            ("complainant_response", Party::Reporter),
            ("forwarded", Party::Dinas),
            ("rejected", Party::Dinas),
            ("merged", Party::Dinas),
            ("closed", Party::Dinas),
            ("follow_up", Party::Pd),
            ("returned", Party::Pd),
            ("expired", Party::System),
            ("escalated", Party::System),
            ("note", Party::Staff),
        ] {
            assert_eq!(Party::of_update(kind), party, "{kind}");
        }
    }

    use super::*;
    use crate::{Grant, UserId};
    use chrono::{FixedOffset, TimeZone};

    fn wib(mo: u32, d: u32, h: u32) -> DateTime<Utc> {
        FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, mo, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn user(role: Role, pd: Option<i64>) -> Actor {
        Actor::User {
            id: UserId(1),
            grants: vec![Grant {
                role,
                pd: pd.map(PdId),
            }],
        }
    }

    fn cal() -> Schedule {
        Schedule::new(
            WorkCalendar::government_wib(),
            crate::profile::shipped("nasional").unwrap(),
        )
    }

    #[test]
    fn the_whole_flow_with_its_deadlines() {
        let c = cal();
        let dinas = user(Role::AdminDinas, None);
        let pd_staff = user(Role::OperatorPd, Some(7));
        // Filed Monday 23 Nov 2026: verify by close of Thursday 26 Nov.
        let d = on_filing(&c, wib(11, 23, 10));
        assert_eq!(d.verify_due, Some(wib(11, 26, 16)));
        let (s, d) = apply(
            &c,
            Status::MenungguVerifikasi,
            None,
            &Step::Forward { pd: PdId(7) },
            &Who::Staff(&dinas),
            wib(11, 24, 9),
        )
        .unwrap();
        // Forwarded Tuesday: 5 working days → close of Tuesday 1 Dec.
        assert_eq!(
            (s, d.follow_up_due),
            (Status::Diteruskan, Some(wib(12, 1, 16)))
        );
        let (s, d) = apply(
            &c,
            s,
            Some(PdId(7)),
            &Step::FollowUp,
            &Who::Staff(&pd_staff),
            wib(11, 25, 9),
        )
        .unwrap();
        assert_eq!(
            (s, d.respond_due),
            (Status::Ditindaklanjuti, Some(wib(12, 5, 9)))
        );
        assert!(!expired(s, &d, wib(12, 5, 8)));
        assert!(expired(s, &d, wib(12, 5, 9)));
        let (s2, _) = apply(
            &c,
            s,
            Some(PdId(7)),
            &Step::Expire,
            &Who::System,
            wib(12, 5, 9),
        )
        .unwrap();
        assert_eq!(s2, Status::Selesai);
        // Not satisfied: back to the PD with a fresh 5 working days.
        let (s3, d3) = apply(
            &c,
            s,
            Some(PdId(7)),
            &Step::ComplainantResponse { satisfied: false },
            &Who::Complainant,
            wib(11, 26, 9),
        )
        .unwrap();
        assert_eq!(
            (s3, d3.follow_up_due),
            (Status::Diteruskan, Some(wib(12, 3, 16)))
        );
        let (s4, _) = apply(
            &c,
            s,
            Some(PdId(7)),
            &Step::ComplainantResponse { satisfied: true },
            &Who::Complainant,
            wib(11, 26, 9),
        )
        .unwrap();
        assert_eq!(s4, Status::Selesai);
    }

    #[test]
    fn only_the_right_people_take_each_step() {
        let c = cal();
        let at = wib(11, 23, 10);
        let other_pd = user(Role::OperatorPd, Some(8));
        let koordinator = user(Role::Koordinator, None);
        let pd_staff = user(Role::OperatorPd, Some(7));
        for who in [
            Who::Staff(&other_pd),
            Who::Staff(&koordinator),
            Who::Complainant,
            Who::System,
        ] {
            assert_eq!(
                apply(
                    &c,
                    Status::MenungguVerifikasi,
                    None,
                    &Step::Forward { pd: PdId(7) },
                    &who,
                    at
                ),
                Err(StepError::Forbidden)
            );
        }
        assert_eq!(
            apply(
                &c,
                Status::Diteruskan,
                Some(PdId(7)),
                &Step::FollowUp,
                &Who::Staff(&other_pd),
                at
            ),
            Err(StepError::Forbidden)
        );
        assert_eq!(
            apply(
                &c,
                Status::Diteruskan,
                Some(PdId(7)),
                &Step::Expire,
                &Who::Complainant,
                at
            ),
            Err(StepError::Forbidden)
        );
        let (s, d) = apply(
            &c,
            Status::Diteruskan,
            Some(PdId(7)),
            &Step::ReturnToDinas,
            &Who::Staff(&pd_staff),
            at,
        )
        .unwrap();
        assert_eq!(
            (s, d.verify_due),
            (Status::MenungguVerifikasi, Some(wib(11, 26, 16)))
        );
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        let c = cal();
        let at = wib(11, 23, 10);
        let dinas = user(Role::AdminDinas, None);
        assert_eq!(
            apply(
                &c,
                Status::MenungguVerifikasi,
                None,
                &Step::FollowUp,
                &Who::Staff(&dinas),
                at
            ),
            Err(StepError::WrongStatus(Status::MenungguVerifikasi))
        );
        assert_eq!(
            apply(
                &c,
                Status::Selesai,
                Some(PdId(1)),
                &Step::Close,
                &Who::Staff(&dinas),
                at
            ),
            Err(StepError::WrongStatus(Status::Selesai))
        );
        assert_eq!(
            apply(
                &c,
                Status::Diteruskan,
                Some(PdId(1)),
                &Step::ComplainantResponse { satisfied: true },
                &Who::Complainant,
                at
            ),
            Err(StepError::WrongStatus(Status::Diteruskan))
        );
        assert_eq!(
            apply(
                &c,
                Status::Ditolak,
                None,
                &Step::Forward { pd: PdId(1) },
                &Who::Staff(&dinas),
                at
            ),
            Err(StepError::WrongStatus(Status::Ditolak))
        );
    }

    #[test]
    fn overdue_verification_and_follow_up() {
        let c = cal();
        let d = on_filing(&c, wib(11, 23, 10));
        assert_eq!(
            overdue(Status::MenungguVerifikasi, &d, wib(11, 26, 16)),
            None
        );
        assert_eq!(
            overdue(Status::MenungguVerifikasi, &d, wib(11, 26, 17)),
            Some(Overdue::Verification)
        );
        let f = Deadlines {
            follow_up_due: Some(wib(12, 1, 16)),
            ..Deadlines::default()
        };
        assert_eq!(
            overdue(Status::Diteruskan, &f, wib(12, 2, 8)),
            Some(Overdue::FollowUp)
        );
        assert_eq!(overdue(Status::Selesai, &f, wib(12, 2, 8)), None);
    }

    #[test]
    fn who_sees_what() {
        let public = Actor::Public;
        let dinas = user(Role::AdminDinas, None);
        let pimpinan = user(Role::Pimpinan, None);
        let own = user(Role::OperatorPd, Some(7));
        let other = user(Role::OperatorPd, Some(8));
        let pd = Some(PdId(7));
        let fwd = Status::Diteruskan;
        // An ordinary forwarded complaint: public sees the content, never the identity.
        assert_eq!(
            view(&public, pd, fwd, false, false),
            View {
                content: true,
                identity: false
            }
        );
        assert_eq!(
            view(&own, pd, fwd, false, false),
            View {
                content: true,
                identity: true
            }
        );
        // Anonymous: only the Dinas sees who filed it.
        assert_eq!(
            view(&own, pd, fwd, true, false),
            View {
                content: true,
                identity: false
            }
        );
        assert_eq!(
            view(&pimpinan, pd, fwd, true, false),
            View {
                content: true,
                identity: false
            }
        );
        assert_eq!(
            view(&dinas, pd, fwd, true, false),
            View {
                content: true,
                identity: true
            }
        );
        // Confidential: gone from the public and other PDs.
        assert!(!view(&public, pd, fwd, false, true).content);
        assert!(!view(&other, pd, fwd, false, true).content);
        assert!(view(&own, pd, fwd, false, true).content);
        // Not yet verified or rejected: not public.
        assert!(!view(&public, None, Status::MenungguVerifikasi, false, false).content);
        assert!(!view(&public, None, Status::Ditolak, false, false).content);
    }

    #[test]
    fn only_the_dinas_and_the_forwarded_pd_handle_a_complaint() {
        let pd = Some(PdId(7));
        let dinas = user(Role::AdminDinas, None);
        let own = user(Role::OperatorPd, Some(7));
        let other = user(Role::OperatorPd, Some(8));
        let supervisors = [
            user(Role::Koordinator, None),
            user(Role::Auditor, None),
            user(Role::Pimpinan, None),
        ];
        assert!(may_handle(&dinas, pd) && may_handle(&dinas, None));
        assert!(may_handle(&own, pd));
        assert!(
            !may_handle(&own, None),
            "not forwarded yet: the Dinas's alone"
        );
        assert!(!may_handle(&other, pd) && !may_read_internal(&other, pd));
        assert!(!may_handle(&Actor::Public, pd) && !may_read_internal(&Actor::Public, pd));
        for s in &supervisors {
            assert!(!may_handle(s, pd), "supervisors read, never write");
            assert!(may_read_internal(s, pd));
            assert!(reads_every_complaint(s) && !verifies(s));
        }
        assert!(may_read_internal(&own, pd) && may_read_internal(&dinas, None));
        assert!(reads_every_complaint(&dinas) && verifies(&dinas));
        assert!(!reads_every_complaint(&own) && !verifies(&own));
        assert!(!reads_every_complaint(&Actor::Public));
    }

    #[test]
    fn tracking_codes() {
        let code = tracking_code([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 30, 31]);
        assert_eq!(code, "2345-6789-ABZ2");
        assert_eq!(
            normalize_tracking_code(" 2345 6789 abz2 "),
            Some(code.clone())
        );
        assert_eq!(normalize_tracking_code("2345-6789-ABZ"), None);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
    }
}

/// Similar complaints (suggested before filing, and offered to staff for merging): text that
/// shares words, and places nearby.
pub mod similar {
    use std::collections::BTreeSet;

    /// Words too common in complaints to say anything about the subject.
    const STOPWORDS: &[&str] = &[
        "yang", "dan", "di", "ke", "dari", "ini", "itu", "untuk", "dengan", "tidak", "ada",
        "sudah", "belum", "pada", "kami", "saya", "mohon", "agar", "juga", "atau", "karena", "the",
        "and",
    ];

    /// The distinctive words of a text: lower-cased, three letters or more, no stopwords.
    pub fn words(text: &str) -> BTreeSet<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| w.chars().count() >= 3 && !STOPWORDS.contains(&w.as_str()))
            .collect()
    }

    /// Share of words in common (Jaccard), 0 to 1.
    pub fn text_score(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
        let union = a.union(b).count();
        if union == 0 {
            return 0.0;
        }
        a.intersection(b).count() as f64 / union as f64
    }

    /// Great-circle distance in kilometres.
    pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
        let (la1, lo1, la2, lo2) = (
            a.0.to_radians(),
            a.1.to_radians(),
            b.0.to_radians(),
            b.1.to_radians(),
        );
        let h = ((la2 - la1) / 2.0).sin().powi(2)
            + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
        2.0 * 6371.0 * h.sqrt().asin()
    }

    /// Within this distance a complaint counts as nearby.
    pub const NEARBY_KM: f64 = 0.5;
    /// A suggestion needs at least this score.
    pub const THRESHOLD: f64 = 0.3;

    /// How alike two complaints are: shared words, plus a bonus for being nearby.
    pub fn score(text: f64, distance_km: Option<f64>) -> f64 {
        let near = match distance_km {
            Some(d) if d <= NEARBY_KM => 0.3 * (1.0 - d / NEARBY_KM) + 0.1,
            _ => 0.0,
        };
        text + near
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn shared_words_and_nearness_make_a_match() {
            let a = words("Lampu jalan padam di Jl. Ilyas Yakub");
            let b = words("Lampu penerangan jalan mati di Jalan Ilyas Yakub, Painan");
            let c = words("Pelayanan KTP lambat di Disdukcapil");
            assert!(text_score(&a, &b) > text_score(&a, &c));
            assert_eq!(text_score(&a, &c), 0.0);
            assert!(!a.contains("di"), "stopwords and short words go");
            let painan = (-1.3485, 100.5778);
            let d = distance_km(painan, (-1.3500, 100.5790));
            assert!(d > 0.1 && d < 0.3, "{d}");
            assert!(distance_km(painan, (-0.95, 100.35)) > 40.0);
            assert!(
                score(0.1, Some(0.05)) >= THRESHOLD,
                "the same spot with a few words in common"
            );
            assert!(score(0.1, Some(5.0)) < THRESHOLD);
            assert!(score(text_score(&a, &b), None) >= THRESHOLD);
        }
    }
}
