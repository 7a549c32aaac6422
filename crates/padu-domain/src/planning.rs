//! SPBE planning documents (PRODUCT.md module 2): their kinds, the reviews each region's
//! regulation schedules over a plan's period, and the approval statement Padu signs. Pure:
//! periods, reviews and `today` come in.

use crate::access::Actor;
use crate::gate::Gate;
use crate::org::{PdId, Role};
use crate::profile::{Profile, ReviewSchedule};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The planning documents of an SPBE.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// Rencana Induk SPBE: vision, mission, goals, targets, policy, strategy (Bogor Pasal 6).
    RencanaInduk,
    /// Arsitektur SPBE: the six domains, five years (Kalbar Pasal 5, Bogor Pasal 7).
    Arsitektur,
    /// Peta Rencana SPBE: five years of programmes (Kalbar Pasal 6, Bogor Pasal 8, Pessel
    /// Pasal 40 and Lampiran II).
    PetaRencana,
    /// Rencana dan Anggaran SPBE of one PD for one year (Kalbar Pasal 7, Bogor Pasal 9).
    RencanaAnggaran,
}

impl PlanKind {
    pub const ALL: [PlanKind; 4] = [
        PlanKind::RencanaInduk,
        PlanKind::Arsitektur,
        PlanKind::PetaRencana,
        PlanKind::RencanaAnggaran,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::RencanaInduk => "rencana_induk",
            PlanKind::Arsitektur => "arsitektur",
            PlanKind::PetaRencana => "peta_rencana",
            PlanKind::RencanaAnggaran => "rencana_anggaran",
        }
    }

    /// The sections a version of the plan fills (the regulations' "memuat" lists).
    pub fn sections(self) -> &'static [&'static str] {
        match self {
            // Bogor Pasal 6(2).
            PlanKind::RencanaInduk => &[
                "Visi",
                "Misi",
                "Tujuan",
                "Sasaran",
                "Arah kebijakan",
                "Strategi",
                "Peta rencana strategis",
            ],
            // Kalbar Pasal 5(5), Bogor Pasal 7(2).
            PlanKind::Arsitektur => &[
                "Proses bisnis",
                "Data dan informasi",
                "Infrastruktur SPBE",
                "Aplikasi SPBE",
                "Keamanan SPBE",
                "Layanan SPBE",
            ],
            // Kalbar Pasal 6(2), Pessel Pasal 40(3).
            PlanKind::PetaRencana => &[
                "Tata kelola SPBE",
                "Manajemen SPBE",
                "Layanan SPBE",
                "Infrastruktur SPBE",
                "Aplikasi SPBE",
                "Keamanan SPBE",
                "Audit TIK SPBE",
            ],
            // Kalbar Pasal 7, Bogor Pasal 9: programmes and their budget for the year.
            PlanKind::RencanaAnggaran => &["Program dan kegiatan", "Anggaran"],
        }
    }

    /// Years a plan of this kind runs (the Rencana dan Anggaran is yearly).
    pub fn max_years(self) -> i32 {
        match self {
            PlanKind::RencanaAnggaran => 1,
            _ => 5,
        }
    }
}

/// One review the regulation schedules: done by a review dated within `from..=due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Milestone {
    pub from: NaiveDate,
    pub due: NaiveDate,
    pub clause: String,
    /// e.g. "paruh waktu", "tahun terakhir", "tahunan 2024".
    pub label: String,
}

fn jan1(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default()
}

fn dec31(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or_default()
}

/// The reviews `profile` schedules for a plan of `kind` in force from `start_year` through
/// `end_year`, established on `approved_on`:
/// - mid-term and last-year reviews: Kalbar Pasal 5(6) (Arsitektur), 6(6) (Peta Rencana),
///   Pessel Pasal 40(4) (Peta Rencana). The mid-term review falls in the year holding the
///   period's midpoint.
/// - a yearly monitoring and evaluation: Bogor Pasal 7(6) (Arsitektur), 8(4) (Peta Rencana).
/// - a review five years after it was established: Bogor Pasal 6(6) (Rencana Induk).
///
/// Reviews "sewaktu-waktu" (on a trigger) are recorded when they happen and count for the
/// milestone whose window they fall in; they are never due.
pub fn milestones(
    profile: &Profile,
    kind: PlanKind,
    start_year: i32,
    end_year: i32,
    approved_on: Option<NaiveDate>,
) -> Vec<Milestone> {
    let Some(review) = profile.plan_reviews.get(&kind) else {
        return Vec::new();
    };
    let clause = review.clause.clone();
    match review.schedule {
        ReviewSchedule::MidAndLast => {
            // The midpoint of [start, end + 1): for 2021–2025, mid 2023.
            let mid_year = start_year + (end_year + 1 - start_year) / 2;
            let mut out = Vec::new();
            if mid_year < end_year {
                out.push(Milestone {
                    from: jan1(mid_year),
                    due: dec31(mid_year),
                    clause: clause.clone(),
                    label: "paruh waktu".into(),
                });
            }
            out.push(Milestone {
                from: jan1(end_year),
                due: dec31(end_year),
                clause,
                label: "tahun terakhir".into(),
            });
            out
        }
        ReviewSchedule::Yearly => (start_year..=end_year)
            .map(|y| Milestone {
                from: jan1(y),
                due: dec31(y),
                clause: clause.clone(),
                label: format!("tahunan {y}"),
            })
            .collect(),
        ReviewSchedule::FiveYearly => approved_on
            .map(|a| {
                let due = a
                    .with_year(a.year() + 5)
                    .unwrap_or_else(|| dec31(a.year() + 5));
                vec![Milestone {
                    from: a,
                    due,
                    clause,
                    label: "lima tahunan".into(),
                }]
            })
            .unwrap_or_default(),
    }
}

/// The first scheduled review that passed without one recorded in its window, if any.
pub fn missed_review<'a>(
    milestones: &'a [Milestone],
    reviews: &[NaiveDate],
    today: NaiveDate,
) -> Option<&'a Milestone> {
    milestones
        .iter()
        .filter(|m| m.due < today)
        .find(|m| !reviews.iter().any(|r| *r >= m.from && *r <= m.due))
}

/// Who drafts some plan: the roles [`may_draft`] names, whatever the kind and PD.
pub const DRAFTS_PLANS: Gate =
    Gate::AnyOf(&[Role::AdminDinas, Role::Koordinator, Role::OperatorPd]);
/// Who approves some plan: the roles a profile may name as approvers (`plan_approvers`;
/// [`may_approve`] says who, for which kind, in the region in force).
pub const APPROVES_PLANS: Gate = Gate::AnyOf(&[Role::Pimpinan, Role::AdminDinas]);
/// Who records some review: the roles a profile may name as reviewers (`plan_reviewers`;
/// [`may_review`] says who, for which kind).
pub const REVIEWS_PLANS: Gate = Gate::AnyOf(&[Role::Koordinator, Role::AdminDinas]);

/// Who drafts the Pemda's plans where the regulation gives them to one PD (Bogor Pasal 6(4),
/// 7(4), 8(3): the PD for regional development planning): the kinds the profile gives it
/// (`planning_pd_drafts`) and that PD, as the region names it (`planning_pd`; none until
/// named).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drafters {
    pub planning_pd: Option<PdId>,
    pub kinds: Vec<PlanKind>,
}

/// Who may draft a plan (create it or add a version), beyond reading it: the Dinas, which runs
/// the platform; a Pemda plan the regulation gives to the planning PD, that PD's operators,
/// else the Tim Koordinasi (Koordinator); a PD's operators draft its Rencana dan Anggaran
/// (Kalbar Pasal 7(3), Bogor Pasal 9(1)).
pub fn may_draft(actor: &Actor, kind: PlanKind, pd: PdId, drafters: &Drafters) -> bool {
    let operates = |pd: PdId| actor.operator_pds().any(|p| p == pd);
    actor.has_role(Role::AdminDinas)
        || match kind {
            PlanKind::RencanaAnggaran => operates(pd),
            _ if drafters.kinds.contains(&kind) => drafters.planning_pd.is_some_and(operates),
            _ => actor.has_role(Role::Koordinator),
        }
}

/// Who approves a plan of `kind`: the role, among those the profile names for it
/// (`plan_approvers`: the head of region for the Pemda's plans, Kalbar Pasal 5(3), Bogor
/// Pasal 6(5), Pessel Pasal 40(4); the Dinas for a PD's Rencana dan Anggaran, Kalbar Pasal
/// 7(3)), that `actor` holds.
pub fn may_approve(actor: &Actor, kind: PlanKind, profile: &Profile) -> Option<Role> {
    deciding_role(actor, profile.plan_approvers.get(&kind))
}

/// Whether `actor` records reviews of a plan of `kind` (`plan_reviewers`).
pub fn may_review(actor: &Actor, kind: PlanKind, profile: &Profile) -> bool {
    deciding_role(actor, profile.plan_reviewers.get(&kind)).is_some()
}

fn deciding_role(actor: &Actor, deciders: Option<&crate::profile::Deciders>) -> Option<Role> {
    deciders?.value.iter().copied().find(|r| actor.has_role(*r))
}

/// The statement Padu signs when a version of a plan is approved, one field a line. Anyone
/// holding the instance's public key can check it (as the audit checkpoints).
#[allow(clippy::too_many_arguments)]
pub fn approval_statement(
    instance: &str,
    document_id: i64,
    kind: PlanKind,
    title: &str,
    version: i64,
    body_sha256: &str,
    approver: &str,
    role: &str,
    at: &str,
) -> String {
    format!(
        "padu-plan-approval v1\ninstance: {instance}\ndocument: {document_id} {} {}\nversion: {version}\nsha256: {body_sha256}\napproved-by: {approver} ({role})\nat: {at}\n",
        kind.as_str(),
        title.replace('\n', " ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, pd: Option<i64>) -> Actor {
        Actor::User {
            id: crate::org::UserId(1),
            grants: vec![crate::access::Grant {
                role,
                pd: pd.map(PdId),
            }],
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn peta_rencana_is_reviewed_at_mid_term_and_in_its_last_year() {
        // Pessel Pasal 40(4): 2021–2025 → mid-term in 2023, last year 2025.
        let m = milestones(
            crate::profile::shipped("pessel").unwrap(),
            PlanKind::PetaRencana,
            2021,
            2025,
            None,
        );
        assert_eq!(
            m.iter().map(|m| (m.from, m.due)).collect::<Vec<_>>(),
            [
                (day(2023, 1, 1), day(2023, 12, 31)),
                (day(2025, 1, 1), day(2025, 12, 31))
            ]
        );
        assert!(m.iter().all(|m| m.clause == "Pessel Pasal 40(4)"));
        // Pessel's regulation sets no review for its Arsitektur; Kalbar's does.
        assert!(milestones(
            crate::profile::shipped("pessel").unwrap(),
            PlanKind::Arsitektur,
            2021,
            2025,
            None
        )
        .is_empty());
        assert_eq!(
            milestones(
                crate::profile::shipped("kalbar").unwrap(),
                PlanKind::Arsitektur,
                2021,
                2025,
                None
            )[0]
            .clause,
            "Kalbar Pasal 5(6)"
        );
    }

    #[test]
    fn bogor_evaluates_yearly_and_reviews_its_rencana_induk_every_five_years() {
        let m = milestones(
            crate::profile::shipped("bogor").unwrap(),
            PlanKind::PetaRencana,
            2024,
            2028,
            None,
        );
        assert_eq!(m.len(), 5);
        assert_eq!(m[0].label, "tahunan 2024");
        let ri = milestones(
            crate::profile::shipped("bogor").unwrap(),
            PlanKind::RencanaInduk,
            2021,
            2025,
            Some(day(2021, 3, 15)),
        );
        assert_eq!(ri[0].due, day(2026, 3, 15));
        assert!(milestones(
            crate::profile::shipped("bogor").unwrap(),
            PlanKind::RencanaInduk,
            2021,
            2025,
            None
        )
        .is_empty());
    }

    #[test]
    fn a_review_counts_only_inside_its_window_and_only_once_due() {
        let m = milestones(
            crate::profile::shipped("pessel").unwrap(),
            PlanKind::PetaRencana,
            2022,
            2026,
            None,
        );
        // Mid-term 2024, last year 2026.
        assert_eq!(m[0].from, day(2024, 1, 1));
        let today = day(2025, 2, 1);
        assert_eq!(
            missed_review(&m, &[], today).map(|m| m.due),
            Some(day(2024, 12, 31))
        );
        // A review on a trigger in 2023 falls before the mid-term window.
        assert!(missed_review(&m, &[day(2023, 6, 1)], today).is_some());
        assert!(missed_review(&m, &[day(2024, 9, 9)], today).is_none());
        // The last-year review is not yet due in 2026.
        assert!(missed_review(&m, &[day(2024, 9, 9)], day(2026, 6, 1)).is_none());
        assert!(missed_review(&m, &[day(2024, 9, 9)], day(2027, 1, 1)).is_some());
    }

    #[test]
    fn drafting_follows_the_roles() {
        let none = Drafters::default();
        let op = actor(Role::OperatorPd, Some(4));
        assert!(may_draft(&op, PlanKind::RencanaAnggaran, PdId(4), &none));
        assert!(!may_draft(&op, PlanKind::RencanaAnggaran, PdId(5), &none));
        assert!(!may_draft(&op, PlanKind::PetaRencana, PdId(4), &none));
        let koordinator = actor(Role::Koordinator, None);
        assert!(may_draft(
            &koordinator,
            PlanKind::Arsitektur,
            PdId(1),
            &none
        ));
        assert!(!may_draft(
            &koordinator,
            PlanKind::RencanaAnggaran,
            PdId(1),
            &none
        ));
        // Bogor Pasal 6(4), 7(4), 8(3): the PD for regional development planning drafts the
        // Rencana Induk, the Arsitektur and the Peta Rencana, not the Tim Koordinasi.
        let bogor = Drafters {
            planning_pd: Some(PdId(9)),
            kinds: vec![
                PlanKind::RencanaInduk,
                PlanKind::Arsitektur,
                PlanKind::PetaRencana,
            ],
        };
        let planner = actor(Role::OperatorPd, Some(9));
        for kind in [
            PlanKind::RencanaInduk,
            PlanKind::Arsitektur,
            PlanKind::PetaRencana,
        ] {
            assert!(may_draft(&planner, kind, PdId(1), &bogor), "{kind:?}");
            assert!(!may_draft(&koordinator, kind, PdId(1), &bogor), "{kind:?}");
            assert!(!may_draft(&op, kind, PdId(4), &bogor), "{kind:?}");
            assert!(may_draft(
                &actor(Role::AdminDinas, None),
                kind,
                PdId(1),
                &bogor
            ));
        }
        // Until the city names its planning PD, nobody but the Dinas drafts them.
        let unnamed = Drafters {
            planning_pd: None,
            ..bogor.clone()
        };
        assert!(!may_draft(
            &planner,
            PlanKind::Arsitektur,
            PdId(1),
            &unnamed
        ));
    }

    #[test]
    fn who_approves_and_reviews_is_the_profiles() {
        let op = actor(Role::OperatorPd, Some(4));
        let head = actor(Role::Pimpinan, None);
        let dinas = actor(Role::AdminDinas, None);
        let koordinator = actor(Role::Koordinator, None);
        let kalbar = crate::profile::shipped("kalbar").unwrap();
        let bogor = crate::profile::shipped("bogor").unwrap();
        // Kalbar Pasal 5(3): the Gubernur establishes the Arsitektur; 5(8): reviewed through
        // the Tim Koordinasi, so the Dinas does not record it.
        assert_eq!(
            may_approve(&head, PlanKind::Arsitektur, kalbar),
            Some(Role::Pimpinan)
        );
        assert_eq!(may_approve(&dinas, PlanKind::Arsitektur, kalbar), None);
        assert!(may_review(&koordinator, PlanKind::Arsitektur, kalbar));
        assert!(!may_review(&dinas, PlanKind::Arsitektur, kalbar));
        // Bogor Pasal 7(6): the Dinas monitors and evaluates the Arsitektur every year.
        assert!(may_review(&dinas, PlanKind::Arsitektur, bogor));
        assert!(!may_review(&koordinator, PlanKind::Arsitektur, bogor));
        // A PD's Rencana dan Anggaran: no regulation names its approver, so Padu's default
        // (the Dinas or the head of region) holds, and says it is no clause's.
        assert_eq!(
            may_approve(&dinas, PlanKind::RencanaAnggaran, kalbar),
            Some(Role::AdminDinas)
        );
        assert_eq!(kalbar.plan_approvers[&PlanKind::RencanaAnggaran].clause, "");
        assert_eq!(may_approve(&op, PlanKind::RencanaAnggaran, kalbar), None);
        assert!(!may_review(
            &actor(Role::Auditor, None),
            PlanKind::PetaRencana,
            bogor
        ));
        assert!(!may_review(&Actor::Public, PlanKind::PetaRencana, bogor));
    }

    /// A gate admits exactly those the record rule lets draft or approve some plan: the
    /// gate is the rule with the kind and the PD left open.
    #[test]
    fn the_gates_are_the_planning_rules_for_some_plan() {
        use crate::access::Grant;
        use crate::org::UserId;
        let mut actors = vec![Actor::Public];
        for role in Role::ALL {
            actors.push(Actor::User {
                id: UserId(1),
                grants: vec![Grant {
                    role,
                    pd: (role == Role::OperatorPd).then_some(PdId(4)),
                }],
            });
        }
        for actor in &actors {
            let drafts = PlanKind::ALL.iter().any(|k| {
                [PdId(4), PdId(5)]
                    .iter()
                    .any(|pd| may_draft(actor, *k, *pd, &Drafters::default()))
            });
            assert_eq!(DRAFTS_PLANS.admits(actor).is_ok(), drafts, "{actor:?}");
            // Whoever a shipped profile lets approve or review passes the gate (a region's
            // file may name only the gate's roles: profile::load checks).
            for (name, _) in crate::profile::SHIPPED {
                let p = crate::profile::shipped(name).unwrap();
                for k in PlanKind::ALL {
                    if may_approve(actor, k, p).is_some() {
                        assert!(APPROVES_PLANS.admits(actor).is_ok(), "{name} {actor:?}");
                    }
                    if may_review(actor, k, p) {
                        assert!(REVIEWS_PLANS.admits(actor).is_ok(), "{name} {actor:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_approval_statement_names_everything_signed() {
        let s = approval_statement(
            "ID-PESSEL",
            3,
            PlanKind::PetaRencana,
            "Peta Rencana\nSPBE",
            2,
            "ab12",
            "bupati",
            "pimpinan",
            "2026-11-24T02:00:00Z",
        );
        assert_eq!(
            s,
            "padu-plan-approval v1\ninstance: ID-PESSEL\ndocument: 3 peta_rencana Peta Rencana SPBE\nversion: 2\nsha256: ab12\napproved-by: bupati (pimpinan)\nat: 2026-11-24T02:00:00Z\n"
        );
    }
}
