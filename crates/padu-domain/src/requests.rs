//! The catalogue's workflows as one state machine (PRODUCT.md module 2):
//! - a PD's request to select an ICT system, with its needs and benefit analysis, approved or
//!   rejected with reasons by the Dinas against the Arsitektur SPBE, and resubmitted after a
//!   rejection (Kalbar Pasal 16);
//! - the Dinas's recommendation a PD needs before it procures hardware or builds an
//!   application (Pessel Pasal 9(2), 10(4)c);
//! - the assessment of a PD as Perangkat Daerah Mandiri TIK against the two criteria of Bogor
//!   Pasal 47(4), proposed by the Dinas and established by the head of region (47(5–6)).
//!
//! Which workflows a region has and who decides each step are its profile's
//! ([`crate::profile::Workflow`]): a first decision by `decided_by`, final unless the workflow
//! names `established_by`, who then settle the proposal. Pure: who acts and on what comes in,
//! the new status (or why not) goes out.

use crate::access::Actor;
use crate::gate::Gate;
use crate::org::{PdId, Role};
use crate::profile::Workflow;
use serde::{Deserialize, Serialize};

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
pub enum RequestKind {
    /// Permohonan pemilihan sistem TIK (Kalbar Pasal 16).
    SystemSelection,
    /// Rekomendasi Dinas before procuring hardware (Pessel Pasal 9(2)).
    HardwareRecommendation,
    /// Rekomendasi Dinas before building an application (Pessel Pasal 10(4)c).
    ApplicationRecommendation,
    /// Penilaian Perangkat Daerah Mandiri TIK (Bogor Pasal 47).
    MandiriTik,
}

impl RequestKind {
    pub const ALL: [RequestKind; 4] = [
        RequestKind::SystemSelection,
        RequestKind::HardwareRecommendation,
        RequestKind::ApplicationRecommendation,
        RequestKind::MandiriTik,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::SystemSelection => "system_selection",
            RequestKind::HardwareRecommendation => "hardware_recommendation",
            RequestKind::ApplicationRecommendation => "application_recommendation",
            RequestKind::MandiriTik => "mandiri_tik",
        }
    }

    /// The clause that gives the region this workflow; none where its regulation has no such
    /// workflow (then it cannot be started there).
    pub fn clause(self, profile: &crate::profile::Profile) -> Option<&str> {
        profile.workflows.get(&self).map(|s| s.clause.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Submitted (or resubmitted), waiting for the Dinas.
    Diajukan,
    /// Approved / recommended by the Dinas.
    Disetujui,
    /// Rejected, with the Dinas's reasons; the PD may revise and resubmit.
    Ditolak,
    /// Mandiri TIK: assessed as meeting the criteria and proposed to the head of region.
    Diusulkan,
    /// Mandiri TIK: established by the head of region.
    Ditetapkan,
    /// Withdrawn by the PD.
    Ditarik,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Diajukan => "diajukan",
            RequestStatus::Disetujui => "disetujui",
            RequestStatus::Ditolak => "ditolak",
            RequestStatus::Diusulkan => "diusulkan",
            RequestStatus::Ditetapkan => "ditetapkan",
            RequestStatus::Ditarik => "ditarik",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestStatus::Diajukan | RequestStatus::Ditolak | RequestStatus::Diusulkan
        )
    }
}

/// What someone does to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = RequestStep)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The Dinas approves (for Mandiri TIK: finds both criteria met and proposes it).
    Approve { note: String },
    /// The Dinas rejects, saying why and what to change.
    Reject { reason: String },
    /// The PD resubmits after a rejection, with revised analyses.
    Resubmit { note: String },
    /// The head of region establishes a proposed Mandiri TIK PD.
    Establish { note: String },
    /// The PD withdraws an open request.
    Withdraw { note: String },
}

impl Step {
    pub fn name(&self) -> &'static str {
        match self {
            Step::Approve { .. } => "approve",
            Step::Reject { .. } => "reject",
            Step::Resubmit { .. } => "resubmit",
            Step::Establish { .. } => "establish",
            Step::Withdraw { .. } => "withdraw",
        }
    }

    pub fn note(&self) -> &str {
        match self {
            Step::Approve { note }
            | Step::Resubmit { note }
            | Step::Establish { note }
            | Step::Withdraw { note } => note,
            Step::Reject { reason } => reason,
        }
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("your role does not take this step")]
    Role,
    #[error("the region's regulation has no such workflow")]
    NotInForce,
    #[error("a request that is {0} cannot take this step")]
    Status(&'static str),
    #[error("give the reason")]
    ReasonMissing,
    #[error("the PD meets {0}: both criteria of the assessment must be met")]
    CriteriaUnmet(&'static str),
}

/// The Mandiri TIK criteria of Bogor Pasal 47(4): (a) ICT staff, (b) experience building,
/// running or developing SPBE applications on its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Criteria {
    pub ict_staff: bool,
    pub own_application_experience: bool,
}

fn is_dinas(actor: &Actor) -> bool {
    actor.has_role(Role::AdminDinas)
}

fn is_pd(actor: &Actor, pd: PdId) -> bool {
    actor.operator_pds().any(|p| p == pd) || is_dinas(actor)
}

/// Who submits some request: a PD's operators and the Dinas ([`may_submit`] says for which
/// PD).
pub const SUBMITS_REQUESTS: Gate = Gate::AnyOf(&[Role::AdminDinas, Role::OperatorPd]);
/// The roles a profile may name to decide a workflow's steps (`decided_by`, `established_by`).
pub const DECIDES_REQUESTS: Gate =
    Gate::AnyOf(&[Role::AdminDinas, Role::Koordinator, Role::Pimpinan]);
/// Who takes some step ([`apply`] says which, on which request): the deciders
/// ([`DECIDES_REQUESTS`]) and a PD's operators, who resubmit and withdraw.
pub const TAKES_STEPS: Gate = Gate::AnyOf(&[
    Role::AdminDinas,
    Role::OperatorPd,
    Role::Koordinator,
    Role::Pimpinan,
]);

/// Who may submit a request for `pd`: its operators, or the Dinas (who also opens the Mandiri
/// TIK assessment of any PD, Bogor Pasal 47(3)).
pub fn may_submit(actor: &Actor, kind: RequestKind, pd: PdId) -> bool {
    match kind {
        RequestKind::MandiriTik => is_dinas(actor) || actor.operator_pds().any(|p| p == pd),
        _ => is_pd(actor, pd),
    }
}

/// The status after `step` on a request of `kind` under the region's `workflow` (None where
/// the region's rules no longer have it), or why it may not be taken.
pub fn apply(
    actor: &Actor,
    kind: RequestKind,
    workflow: Option<&Workflow>,
    pd: PdId,
    status: RequestStatus,
    criteria: Criteria,
    step: &Step,
) -> Result<RequestStatus, Refused> {
    use RequestStatus::*;
    let workflow = workflow.ok_or(Refused::NotInForce)?;
    let holds = |roles: &[Role]| roles.iter().any(|r| actor.has_role(*r));
    let decides = holds(&workflow.decided_by);
    let establishes = holds(&workflow.established_by);
    let two_stage = !workflow.established_by.is_empty();
    let wrong = Err(Refused::Status(status.as_str()));
    match step {
        Step::Approve { .. } => {
            if !decides {
                return Err(Refused::Role);
            }
            if status != Diajukan {
                return wrong;
            }
            if kind == RequestKind::MandiriTik {
                match (criteria.ict_staff, criteria.own_application_experience) {
                    (true, true) => {}
                    (false, _) => return Err(Refused::CriteriaUnmet("not (a), ICT staff")),
                    (_, false) => {
                        return Err(Refused::CriteriaUnmet(
                            "not (b), experience with its own applications",
                        ))
                    }
                }
            }
            Ok(if two_stage { Diusulkan } else { Disetujui })
        }
        Step::Reject { reason } => {
            if !(decides || establishes) {
                return Err(Refused::Role);
            }
            if reason.trim().is_empty() {
                return Err(Refused::ReasonMissing);
            }
            match status {
                Diajukan if decides => Ok(Ditolak),
                Diusulkan if establishes => Ok(Ditolak),
                Diajukan | Diusulkan => Err(Refused::Role),
                _ => wrong,
            }
        }
        Step::Resubmit { .. } => {
            if !is_pd(actor, pd) {
                return Err(Refused::Role);
            }
            if status != Ditolak {
                return wrong;
            }
            Ok(Diajukan)
        }
        Step::Establish { .. } => {
            if !establishes {
                return Err(Refused::Role);
            }
            if status != Diusulkan {
                return wrong;
            }
            Ok(Ditetapkan)
        }
        Step::Withdraw { .. } => {
            if !is_pd(actor, pd) {
                return Err(Refused::Role);
            }
            if !matches!(status, Diajukan | Ditolak) {
                return wrong;
            }
            Ok(Ditarik)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use crate::org::UserId;

    fn actor(role: Role, pd: Option<i64>) -> Actor {
        Actor::User {
            id: UserId(1),
            grants: vec![Grant {
                role,
                pd: pd.map(PdId),
            }],
        }
    }

    const NOTE: fn() -> Step = || Step::Approve {
        note: "Sesuai Arsitektur SPBE".into(),
    };

    #[test]
    fn a_selection_request_is_approved_or_rejected_with_reasons_and_resubmitted() {
        // Kalbar Pasal 16(3–6).
        let w = crate::profile::shipped("kalbar")
            .unwrap()
            .workflows
            .get(&RequestKind::SystemSelection);
        let op = actor(Role::OperatorPd, Some(4));
        let dinas = actor(Role::AdminDinas, None);
        let k = RequestKind::SystemSelection;
        let c = Criteria::default();
        use RequestStatus::*;
        assert_eq!(
            apply(&op, k, w, PdId(4), Diajukan, c, &NOTE()),
            Err(Refused::Role)
        );
        let no_reason = Step::Reject { reason: " ".into() };
        assert_eq!(
            apply(&dinas, k, w, PdId(4), Diajukan, c, &no_reason),
            Err(Refused::ReasonMissing)
        );
        let reject = Step::Reject {
            reason: "Gunakan aplikasi umum SRIKANDI".into(),
        };
        assert_eq!(
            apply(&dinas, k, w, PdId(4), Diajukan, c, &reject),
            Ok(Ditolak)
        );
        let resubmit = Step::Resubmit {
            note: "Direvisi".into(),
        };
        assert_eq!(
            apply(&op, k, w, PdId(4), Ditolak, c, &resubmit),
            Ok(Diajukan)
        );
        assert_eq!(
            apply(
                &actor(Role::OperatorPd, Some(5)),
                k,
                w,
                PdId(4),
                Ditolak,
                c,
                &resubmit
            ),
            Err(Refused::Role)
        );
        assert_eq!(
            apply(&dinas, k, w, PdId(4), Diajukan, c, &NOTE()),
            Ok(Disetujui)
        );
        assert_eq!(
            apply(&dinas, k, w, PdId(4), Disetujui, c, &reject),
            Err(Refused::Status("disetujui"))
        );
        let withdraw = Step::Withdraw {
            note: String::new(),
        };
        assert_eq!(
            apply(&op, k, w, PdId(4), Disetujui, c, &withdraw),
            Err(Refused::Status("disetujui"))
        );
        assert_eq!(
            apply(&op, k, w, PdId(4), Ditolak, c, &withdraw),
            Ok(Ditarik)
        );
    }

    #[test]
    fn mandiri_tik_needs_both_criteria_then_the_head_of_region() {
        // Bogor Pasal 47(4–6).
        let w = crate::profile::shipped("bogor")
            .unwrap()
            .workflows
            .get(&RequestKind::MandiriTik);
        let selection = crate::profile::shipped("kalbar")
            .unwrap()
            .workflows
            .get(&RequestKind::SystemSelection);
        let dinas = actor(Role::AdminDinas, None);
        let head = actor(Role::Pimpinan, None);
        let k = RequestKind::MandiriTik;
        use RequestStatus::*;
        let staff_only = Criteria {
            ict_staff: true,
            own_application_experience: false,
        };
        assert!(matches!(
            apply(&dinas, k, w, PdId(4), Diajukan, staff_only, &NOTE()),
            Err(Refused::CriteriaUnmet(_))
        ));
        let both = Criteria {
            ict_staff: true,
            own_application_experience: true,
        };
        assert_eq!(
            apply(&dinas, k, w, PdId(4), Diajukan, both, &NOTE()),
            Ok(Diusulkan)
        );
        let establish = Step::Establish {
            note: "Keputusan Wali Kota".into(),
        };
        assert_eq!(
            apply(&dinas, k, w, PdId(4), Diusulkan, both, &establish),
            Err(Refused::Role)
        );
        assert_eq!(
            apply(&head, k, w, PdId(4), Diusulkan, both, &establish),
            Ok(Ditetapkan)
        );
        let reject = Step::Reject {
            reason: "Belum".into(),
        };
        assert_eq!(
            apply(&head, k, w, PdId(4), Diusulkan, both, &reject),
            Ok(Ditolak)
        );
        // Establishing is only for a workflow that names who establishes (Kalbar's selection
        // is decided by the Dinas alone).
        assert_eq!(
            apply(
                &head,
                RequestKind::SystemSelection,
                selection,
                PdId(4),
                Diusulkan,
                both,
                &establish
            ),
            Err(Refused::Role)
        );
        // A workflow the region's rules lack takes no step at all.
        assert_eq!(
            apply(&dinas, k, None, PdId(4), Diajukan, both, &NOTE()),
            Err(Refused::NotInForce)
        );
        assert!(may_submit(&dinas, k, PdId(9)));
        assert!(!may_submit(&actor(Role::OperatorPd, Some(4)), k, PdId(9)));
    }

    /// A gate admits exactly those the rules let submit some request or take some step, under
    /// any deciders a profile may name.
    #[test]
    fn the_gates_are_the_rules_for_some_request() {
        let mut actors = vec![Actor::Public];
        actors.extend(Role::ALL.map(|r| actor(r, (r == Role::OperatorPd).then_some(4))));
        let both = Criteria {
            ict_staff: true,
            own_application_experience: true,
        };
        let steps = [
            NOTE(),
            Step::Reject { reason: "x".into() },
            Step::Resubmit { note: "x".into() },
            Step::Establish { note: "x".into() },
            Step::Withdraw { note: "x".into() },
        ];
        let statuses = [
            RequestStatus::Diajukan,
            RequestStatus::Disetujui,
            RequestStatus::Ditolak,
            RequestStatus::Diusulkan,
            RequestStatus::Ditetapkan,
            RequestStatus::Ditarik,
        ];
        let deciders = DECIDES_REQUESTS.roles();
        let workflows: Vec<Workflow> = deciders
            .iter()
            .flat_map(|d| {
                deciders.iter().map(|e| Workflow {
                    decided_by: vec![*d],
                    established_by: vec![*e],
                    ..Workflow::default()
                })
            })
            .collect();
        for a in &actors {
            let submits = RequestKind::ALL
                .iter()
                .any(|k| may_submit(a, *k, PdId(4)) || may_submit(a, *k, PdId(5)));
            assert_eq!(SUBMITS_REQUESTS.admits(a).is_ok(), submits, "{a:?}");
            let steps_some = workflows.iter().any(|w| {
                RequestKind::ALL.iter().any(|k| {
                    statuses.iter().any(|s| {
                        steps
                            .iter()
                            .any(|step| apply(a, *k, Some(w), PdId(4), *s, both, step).is_ok())
                    })
                })
            });
            assert_eq!(TAKES_STEPS.admits(a).is_ok(), steps_some, "{a:?}");
        }
    }
}
