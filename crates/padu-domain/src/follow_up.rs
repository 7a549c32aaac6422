//! Findings as work items: what the people responsible do with a compliance finding
//! (`catalog::evaluate`) until the records no longer show it.
//!
//! - **Acknowledge**: the PD (or, for a Pemda-wide finding, the Dinas or the Tim Koordinasi)
//!   says it has seen the finding and will act.
//! - **Assign**: names who acts and by when (a target date not in the past); the assignee must
//!   be someone who may act on the finding's PD.
//! - **Waive**: the Dinas explains why the rule does not apply here (a reason of at least
//!   [`MIN_REASON_CHARS`] characters); a waived finding stays listed, marked as such.
//! - **Reopen**: the Dinas takes a follow-up back; the finding is open again.
//!
//! A finding is named by its rule and its subject (`application:12`); its follow-up outlives
//! the day's evaluation and applies again while the finding stands. Pure: the caller passes the
//! actor, the finding's PD and today's date in the region.

use crate::access::{Actor, Grant};
use crate::gate::Gate;
use crate::org::{PdId, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who follows up some finding (which ones, [`may_follow_up`] says): the Dinas, the PDs'
/// operators (their own PD's) and the Tim Koordinasi (the Pemda-wide ones).
pub const FOLLOWS_UP_FINDINGS: Gate =
    Gate::AnyOf(&[Role::AdminDinas, Role::OperatorPd, Role::Koordinator]);

/// A waiver's reason is an explanation an auditor can weigh, not a word.
pub const MIN_REASON_CHARS: usize = 10;

/// Where a finding's follow-up stands (no follow-up: open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpState {
    Acknowledged,
    Assigned,
    Waived,
}

impl FollowUpState {
    pub const ALL: [FollowUpState; 3] = [
        FollowUpState::Acknowledged,
        FollowUpState::Assigned,
        FollowUpState::Waived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpState::Acknowledged => "acknowledged",
            FollowUpState::Assigned => "assigned",
            FollowUpState::Waived => "waived",
        }
    }

    pub fn parse(s: &str) -> Option<FollowUpState> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One step on a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Acknowledge,
    /// `assignee_grants` are the roles the named user holds.
    Assign {
        assignee_grants: Vec<Grant>,
        target: NaiveDate,
    },
    Waive {
        reason: String,
    },
    Reopen,
}

impl Move {
    /// The state the move leaves (none: open again).
    pub fn state(&self) -> Option<FollowUpState> {
        match self {
            Move::Acknowledge => Some(FollowUpState::Acknowledged),
            Move::Assign { .. } => Some(FollowUpState::Assigned),
            Move::Waive { .. } => Some(FollowUpState::Waived),
            Move::Reopen => None,
        }
    }
}

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("forbidden")]
    Forbidden,
    /// A field of the move is wrong: its name and why.
    #[error("{0}: {1}")]
    Invalid(&'static str, &'static str),
}

fn is_dinas(actor: &Actor) -> bool {
    actor.has_role(Role::AdminDinas)
}

/// Whether `actor` may acknowledge or assign a finding of `pd` (none: the Pemda as a whole).
pub fn may_follow_up(actor: &Actor, pd: Option<PdId>) -> bool {
    is_dinas(actor)
        || match pd {
            Some(pd) => actor.operator_pds().any(|p| p == pd),
            None => actor.has_role(Role::Koordinator),
        }
}

/// Whether someone holding `grants` may be given a finding of `pd` to act on.
pub fn may_be_assigned(grants: &[Grant], pd: Option<PdId>) -> bool {
    grants.iter().any(|g| match g.role {
        Role::AdminDinas => true,
        Role::OperatorPd => pd.is_some() && g.pd == pd,
        Role::Koordinator => pd.is_none(),
        Role::Auditor | Role::Pimpinan => false,
    })
}

/// Checks `mv` by `actor` on a finding of `pd`, on `today` in the region.
pub fn check(actor: &Actor, pd: Option<PdId>, mv: &Move, today: NaiveDate) -> Result<(), Refused> {
    match mv {
        Move::Acknowledge | Move::Assign { .. } if !may_follow_up(actor, pd) => {
            Err(Refused::Forbidden)
        }
        Move::Waive { .. } | Move::Reopen if !is_dinas(actor) => Err(Refused::Forbidden),
        Move::Assign { target, .. } if *target < today => Err(Refused::Invalid(
            "target_date",
            "the target date has passed",
        )),
        Move::Assign {
            assignee_grants, ..
        } if !may_be_assigned(assignee_grants, pd) => Err(Refused::Invalid(
            "assignee_id",
            "this person cannot act on the finding's PD",
        )),
        Move::Waive { reason } if reason.trim().chars().count() < MIN_REASON_CHARS => Err(
            Refused::Invalid("reason", "explain why the rule does not apply here"),
        ),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::UserId;

    fn user(role: Role, pd: Option<i64>) -> Actor {
        Actor::User {
            id: UserId(1),
            grants: vec![Grant {
                role,
                pd: pd.map(PdId),
            }],
        }
    }
    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn the_pd_follows_up_its_own_findings_and_the_dinas_every_one() {
        let own = user(Role::OperatorPd, Some(3));
        let pd = Some(PdId(3));
        assert_eq!(check(&own, pd, &Move::Acknowledge, day(6)), Ok(()));
        assert_eq!(
            check(&own, Some(PdId(4)), &Move::Acknowledge, day(6)),
            Err(Refused::Forbidden)
        );
        assert_eq!(
            check(&own, None, &Move::Acknowledge, day(6)),
            Err(Refused::Forbidden),
            "a Pemda-wide finding is not a PD's"
        );
        let coordinator = user(Role::Koordinator, None);
        assert_eq!(
            check(&coordinator, None, &Move::Acknowledge, day(6)),
            Ok(())
        );
        assert_eq!(
            check(&coordinator, pd, &Move::Acknowledge, day(6)),
            Err(Refused::Forbidden)
        );
        let auditor = user(Role::Auditor, None);
        assert_eq!(
            check(&auditor, pd, &Move::Acknowledge, day(6)),
            Err(Refused::Forbidden),
            "the auditor reads, never follows up"
        );
        let dinas = user(Role::AdminDinas, None);
        assert_eq!(check(&dinas, pd, &Move::Acknowledge, day(6)), Ok(()));
    }

    #[test]
    fn an_assignment_needs_a_future_date_and_someone_who_may_act() {
        let own = user(Role::OperatorPd, Some(3));
        let pd = Some(PdId(3));
        let colleague = vec![Grant {
            role: Role::OperatorPd,
            pd,
        }];
        let assign = |grants: Vec<Grant>, target| Move::Assign {
            assignee_grants: grants,
            target,
        };
        assert_eq!(
            check(&own, pd, &assign(colleague.clone(), day(6)), day(6)),
            Ok(())
        );
        assert_eq!(
            check(&own, pd, &assign(colleague.clone(), day(5)), day(6)),
            Err(Refused::Invalid(
                "target_date",
                "the target date has passed"
            ))
        );
        let elsewhere = vec![Grant {
            role: Role::OperatorPd,
            pd: Some(PdId(4)),
        }];
        assert!(matches!(
            check(&own, pd, &assign(elsewhere, day(9)), day(6)),
            Err(Refused::Invalid("assignee_id", _))
        ));
        let auditor = vec![Grant {
            role: Role::Auditor,
            pd: None,
        }];
        assert!(matches!(
            check(&own, pd, &assign(auditor, day(9)), day(6)),
            Err(Refused::Invalid("assignee_id", _))
        ));
    }

    #[test]
    fn only_the_dinas_waives_with_a_reason_and_reopens() {
        let pd = Some(PdId(3));
        let reason = |r: &str| Move::Waive { reason: r.into() };
        let own = user(Role::OperatorPd, Some(3));
        assert_eq!(
            check(&own, pd, &reason("Aplikasi ini sudah dihentikan"), day(6)),
            Err(Refused::Forbidden)
        );
        assert_eq!(
            check(&own, pd, &Move::Reopen, day(6)),
            Err(Refused::Forbidden)
        );
        let dinas = user(Role::AdminDinas, None);
        assert!(matches!(
            check(&dinas, pd, &reason("  tidak  "), day(6)),
            Err(Refused::Invalid("reason", _))
        ));
        assert_eq!(
            check(&dinas, pd, &reason("Aplikasi ini sudah dihentikan"), day(6)),
            Ok(())
        );
        assert_eq!(check(&dinas, pd, &Move::Reopen, day(6)), Ok(()));
        assert_eq!(Move::Reopen.state(), None);
    }
}
