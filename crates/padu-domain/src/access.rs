//! Authorization: one pure function decides every access in Padu.
//!
//! Kalbar Pasal 24(2)b and Bogor Pasal 12(3)a–b ask for access limited by classification;
//! PRODUCT.md: "A PD's people see and change their own PD's records; what other PDs and the
//! public may see follows the record's classification."
//!
//! Every HTTP route asks [`authorize`] (single records) or [`ReadScope`] (lists). The two agree:
//! a record is in a list exactly when `authorize(actor, Read, record)` allows it (tested below).

use crate::gate::Gate;
use crate::org::{Classification, PdId, Role, UserId};
use serde::{Deserialize, Serialize};

/// Who founds and dissolves a PD: the Pemda decides, the Dinas records it.
pub const FOUNDS_PDS: Gate = Gate::ADMIN;
/// Who keeps the accounts, their roles (permission changes) and everyone's API tokens: the Dinas.
pub const KEEPS_ACCOUNTS: Gate = Gate::ADMIN;
/// Who sets the region's own regulation profile on the rules page: the Dinas.
pub const SETS_THE_RULES: Gate = Gate::ADMIN;
/// Who reads the audit log and checks its chain: the Dinas, and the auditors across PDs
/// (PRODUCT.md). Nobody edits it.
pub const READS_AUDIT_LOG: Gate = Gate::AnyOf(&[Role::AdminDinas, Role::Auditor]);

/// One role held by a user, for one PD or (for Pemda-wide roles) for none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Grant {
    pub role: Role,
    #[schema(value_type = Option<i64>)]
    pub pd: Option<PdId>,
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A citizen or anyone without an account.
    Public,
    /// A signed-in user, or a program with an API token (whose grants are narrowed to the
    /// token's one role and PD).
    User { id: UserId, grants: Vec<Grant> },
}

impl Actor {
    pub fn user_id(&self) -> Option<UserId> {
        match self {
            Actor::Public => None,
            Actor::User { id, .. } => Some(*id),
        }
    }

    pub fn grants(&self) -> &[Grant] {
        match self {
            Actor::Public => &[],
            Actor::User { grants, .. } => grants,
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants().iter().any(|g| g.role == role)
    }

    /// The PDs this actor works for as Operator PD.
    pub fn operator_pds(&self) -> impl Iterator<Item = PdId> + '_ {
        self.grants()
            .iter()
            .filter(|g| g.role == Role::OperatorPd)
            .filter_map(|g| g.pd)
    }

    fn operates(&self, pd: Option<PdId>) -> bool {
        pd.is_some_and(|pd| self.operator_pds().any(|p| p == pd))
    }
}

/// What kind of thing is acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// A Perangkat Daerah itself (its profile).
    PerangkatDaerah,
    /// A register record owned by a PD (unit kerja, network site, application, data set, …).
    Record,
    /// A user account and its roles.
    UserAccount,
    /// An API token (owned by a user).
    ApiToken,
    /// The tamper-evident audit log.
    AuditLog,
    /// Platform operations: backup, settings, imports of organisation data.
    Platform,
}

/// The thing acted on: its kind, owning PD, classification and (for personal things) owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    pub kind: ResourceKind,
    pub pd: Option<PdId>,
    pub classification: Classification,
    pub owner: Option<UserId>,
}

impl Resource {
    pub fn record(pd: Option<PdId>, classification: Classification) -> Self {
        Resource {
            kind: ResourceKind::Record,
            pd,
            classification,
            owner: None,
        }
    }
    /// A PD's LAN diagram: the layout of its network is Terbatas, whatever the register's
    /// default, so only its own people and the Pemda-wide roles read it.
    pub fn lan_diagram(pd: PdId) -> Self {
        Self::record(Some(pd), Classification::Terbatas)
    }

    pub fn pd(pd: PdId) -> Self {
        Resource {
            kind: ResourceKind::PerangkatDaerah,
            pd: Some(pd),
            classification: Classification::Biasa,
            owner: None,
        }
    }
    /// A new PD (not yet existing).
    pub fn new_pd() -> Self {
        Resource {
            kind: ResourceKind::PerangkatDaerah,
            pd: None,
            classification: Classification::Biasa,
            owner: None,
        }
    }
    pub fn user(user: Option<UserId>) -> Self {
        Resource {
            kind: ResourceKind::UserAccount,
            pd: None,
            classification: Classification::Rahasia,
            owner: user,
        }
    }
    pub fn api_token(owner: UserId) -> Self {
        Resource {
            kind: ResourceKind::ApiToken,
            pd: None,
            classification: Classification::Rahasia,
            owner: Some(owner),
        }
    }
    pub fn audit_log() -> Self {
        Resource {
            kind: ResourceKind::AuditLog,
            pd: None,
            classification: Classification::Rahasia,
            owner: None,
        }
    }
    pub fn platform() -> Self {
        Resource {
            kind: ResourceKind::Platform,
            pd: None,
            classification: Classification::Rahasia,
            owner: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
}

/// Why access was refused. The web layer maps these onto 401, 404 and 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// The public asked for something that needs an account.
    #[error("sign-in required")]
    NotAuthenticated,
    /// The actor may not know the record exists (reads of records above its clearance).
    #[error("not found")]
    Hidden,
    /// The actor may see the thing but not do this to it.
    #[error("forbidden")]
    Forbidden,
}

/// Which records an actor may read: those of `classes` in any PD (or Pemda-wide), and every
/// record of `own_pds`. Lists are filtered with this so that SQL and [`authorize`] agree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadScope {
    pub classes: Vec<Classification>,
    pub own_pds: Vec<PdId>,
}

impl ReadScope {
    /// Every record, whatever its classification: for rules about the Pemda as a whole, whose
    /// facts count whoever reads the finding.
    pub fn everything() -> ReadScope {
        ReadScope {
            classes: Classification::ALL.to_vec(),
            own_pds: Vec::new(),
        }
    }

    pub fn of(actor: &Actor) -> ReadScope {
        let mut classes = vec![Classification::Biasa];
        let pemda_wide_terbatas = [
            Role::AdminDinas,
            Role::Koordinator,
            Role::Auditor,
            Role::Pimpinan,
        ];
        if pemda_wide_terbatas.iter().any(|r| actor.has_role(*r)) {
            classes.push(Classification::Terbatas);
        }
        if actor.has_role(Role::AdminDinas) || actor.has_role(Role::Auditor) {
            classes.push(Classification::Rahasia);
        }
        let mut own_pds: Vec<PdId> = actor.operator_pds().collect();
        own_pds.sort();
        own_pds.dedup();
        ReadScope { classes, own_pds }
    }

    pub fn allows(&self, pd: Option<PdId>, classification: Classification) -> bool {
        self.classes.contains(&classification) || pd.is_some_and(|pd| self.own_pds.contains(&pd))
    }
}

/// The one authorization decision of Padu.
pub fn authorize(actor: &Actor, action: Action, resource: &Resource) -> Result<(), Denied> {
    let signed_in = matches!(actor, Actor::User { .. });
    let admin = actor.has_role(Role::AdminDinas);
    let keeps_accounts = KEEPS_ACCOUNTS.admits(actor).is_ok();
    let is_owner = resource.owner.is_some() && resource.owner == actor.user_id();
    let need_sign_in = |ok: bool| match (ok, signed_in) {
        (true, _) => Ok(()),
        (false, false) => Err(Denied::NotAuthenticated),
        (false, true) => Err(Denied::Forbidden),
    };

    match resource.kind {
        ResourceKind::PerangkatDaerah | ResourceKind::Record => {
            let visible = ReadScope::of(actor).allows(resource.pd, resource.classification);
            if action == Action::Read {
                return if visible {
                    Ok(())
                } else if signed_in {
                    Err(Denied::Hidden)
                } else {
                    Err(Denied::NotAuthenticated)
                };
            }
            if !signed_in {
                return Err(Denied::NotAuthenticated);
            }
            if !visible {
                return Err(Denied::Hidden);
            }
            // The Dinas administers every PD's registers (Kalbar Pasal 12, Bogor Pasal 14) but
            // a record classified Sangat Rahasia stays with its own PD.
            let admin_may = admin && resource.classification != Classification::SangatRahasia;
            let operator_may = actor.operates(resource.pd);
            let allowed = match (resource.kind, action) {
                (ResourceKind::PerangkatDaerah, Action::Create | Action::Delete) => {
                    FOUNDS_PDS.admits(actor).is_ok()
                }
                (ResourceKind::PerangkatDaerah, _) => admin || operator_may,
                _ => admin_may || operator_may,
            };
            if allowed {
                Ok(())
            } else {
                Err(Denied::Forbidden)
            }
        }
        ResourceKind::UserAccount => match action {
            Action::Read => need_sign_in(keeps_accounts || is_owner),
            Action::Create | Action::Update | Action::Delete => KEEPS_ACCOUNTS.admits(actor),
        },
        ResourceKind::ApiToken => match action {
            Action::Read | Action::Delete => need_sign_in(keeps_accounts || is_owner),
            Action::Create => need_sign_in(is_owner),
            Action::Update => need_sign_in(false),
        },
        ResourceKind::AuditLog => match action {
            Action::Read => READS_AUDIT_LOG.admits(actor),
            _ => need_sign_in(false),
        },
        ResourceKind::Platform => need_sign_in(admin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Classification::*;

    const OWN: PdId = PdId(1);
    const OTHER: PdId = PdId(2);

    fn user(role: Role, pd: Option<PdId>) -> Actor {
        Actor::User {
            id: UserId(10),
            grants: vec![Grant { role, pd }],
        }
    }

    fn actors() -> Vec<(&'static str, Actor)> {
        vec![
            ("public", Actor::Public),
            ("admin", user(Role::AdminDinas, Some(PdId(99)))),
            ("operator", user(Role::OperatorPd, Some(OWN))),
            ("koordinator", user(Role::Koordinator, None)),
            ("auditor", user(Role::Auditor, None)),
            ("pimpinan", user(Role::Pimpinan, None)),
        ]
    }

    /// The read matrix, written out: rows are actors, columns are the four classifications,
    /// for a record of ANOTHER PD than the operator's. `R` readable, `-` not.
    #[test]
    fn read_matrix_for_another_pds_record() {
        let expected = [
            ("public", "R---"),
            ("admin", "RRR-"),
            ("operator", "R---"),
            ("koordinator", "RR--"),
            ("auditor", "RRR-"),
            ("pimpinan", "RR--"),
        ];
        for ((name, actor), (ename, row)) in actors().iter().zip(expected) {
            assert_eq!(*name, ename);
            for (class, want) in Classification::ALL.iter().zip(row.chars()) {
                let got =
                    authorize(actor, Action::Read, &Resource::record(Some(OTHER), *class)).is_ok();
                assert_eq!(
                    got,
                    want == 'R',
                    "{name} reading another PD's {class} record"
                );
            }
        }
    }

    /// Write matrix (create, update, delete alike) on records of the operator's own PD and of
    /// another PD. `W` writable, `-` not.
    #[test]
    fn write_matrix() {
        let expected_own = [
            ("public", "----"),
            ("admin", "WWW-"),
            ("operator", "WWWW"),
            ("koordinator", "----"),
            ("auditor", "----"),
            ("pimpinan", "----"),
        ];
        let expected_other = [
            ("public", "----"),
            ("admin", "WWW-"),
            ("operator", "----"),
            ("koordinator", "----"),
            ("auditor", "----"),
            ("pimpinan", "----"),
        ];
        for (pd, expected) in [(OWN, expected_own), (OTHER, expected_other)] {
            for ((name, actor), (_, row)) in actors().iter().zip(expected) {
                for (class, want) in Classification::ALL.iter().zip(row.chars()) {
                    for action in [Action::Create, Action::Update, Action::Delete] {
                        let got =
                            authorize(actor, action, &Resource::record(Some(pd), *class)).is_ok();
                        assert_eq!(got, want == 'W', "{name} {action:?} on PD {pd:?} {class}");
                    }
                }
            }
        }
    }

    #[test]
    fn operator_reads_everything_of_own_pd() {
        let op = user(Role::OperatorPd, Some(OWN));
        for class in Classification::ALL {
            assert!(authorize(&op, Action::Read, &Resource::record(Some(OWN), class)).is_ok());
        }
    }

    #[test]
    fn denials_distinguish_public_hidden_and_forbidden() {
        let secret_other = Resource::record(Some(OTHER), Rahasia);
        assert_eq!(
            authorize(&Actor::Public, Action::Read, &secret_other),
            Err(Denied::NotAuthenticated)
        );
        assert_eq!(
            authorize(
                &user(Role::OperatorPd, Some(OWN)),
                Action::Read,
                &secret_other
            ),
            Err(Denied::Hidden)
        );
        let public_other = Resource::record(Some(OTHER), Biasa);
        assert_eq!(
            authorize(
                &user(Role::OperatorPd, Some(OWN)),
                Action::Update,
                &public_other
            ),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(&Actor::Public, Action::Update, &public_other),
            Err(Denied::NotAuthenticated)
        );
    }

    #[test]
    fn pds_are_founded_by_the_dinas_and_kept_by_their_operators() {
        let op = user(Role::OperatorPd, Some(OWN));
        let admin = user(Role::AdminDinas, None);
        assert!(authorize(&op, Action::Update, &Resource::pd(OWN)).is_ok());
        assert!(authorize(&op, Action::Update, &Resource::pd(OTHER)).is_err());
        assert!(authorize(&op, Action::Create, &Resource::new_pd()).is_err());
        assert!(authorize(&op, Action::Delete, &Resource::pd(OWN)).is_err());
        assert!(authorize(&admin, Action::Create, &Resource::new_pd()).is_ok());
        assert!(authorize(&Actor::Public, Action::Read, &Resource::pd(OTHER)).is_ok());
    }

    #[test]
    fn accounts_tokens_audit_and_platform() {
        let admin = user(Role::AdminDinas, None);
        let op = user(Role::OperatorPd, Some(OWN));
        let auditor = user(Role::Auditor, None);
        let me = UserId(10);
        let someone = UserId(11);
        assert!(authorize(&op, Action::Read, &Resource::user(Some(me))).is_ok());
        assert_eq!(
            authorize(&op, Action::Read, &Resource::user(Some(someone))),
            Err(Denied::Forbidden)
        );
        assert!(
            authorize(&op, Action::Update, &Resource::user(Some(me))).is_err(),
            "no one grants themselves roles"
        );
        assert!(authorize(&admin, Action::Update, &Resource::user(Some(someone))).is_ok());
        assert!(authorize(&op, Action::Create, &Resource::api_token(me)).is_ok());
        assert!(authorize(&op, Action::Create, &Resource::api_token(someone)).is_err());
        assert!(
            authorize(&admin, Action::Create, &Resource::api_token(someone)).is_err(),
            "tokens are personal"
        );
        assert!(
            authorize(&admin, Action::Delete, &Resource::api_token(someone)).is_ok(),
            "the Dinas may revoke"
        );
        assert!(authorize(&auditor, Action::Read, &Resource::audit_log()).is_ok());
        assert!(authorize(&op, Action::Read, &Resource::audit_log()).is_err());
        for actor in [&admin, &auditor, &op] {
            for action in [Action::Create, Action::Update, Action::Delete] {
                assert!(
                    authorize(actor, action, &Resource::audit_log()).is_err(),
                    "the audit log is append-only"
                );
            }
        }
        assert!(authorize(&admin, Action::Create, &Resource::platform()).is_ok());
        assert!(authorize(&auditor, Action::Create, &Resource::platform()).is_err());
        assert_eq!(
            authorize(&Actor::Public, Action::Read, &Resource::audit_log()),
            Err(Denied::NotAuthenticated)
        );
    }

    /// The routes' gates and the record rules are one rule: for every actor the gate answers
    /// as `authorize` does on the thing the route acts on.
    #[test]
    fn gates_answer_as_authorize() {
        for (name, actor) in actors() {
            for (gate, action, resource) in [
                (FOUNDS_PDS, Action::Create, Resource::new_pd()),
                (FOUNDS_PDS, Action::Delete, Resource::pd(OWN)),
                (KEEPS_ACCOUNTS, Action::Create, Resource::user(None)),
                (KEEPS_ACCOUNTS, Action::Read, Resource::user(None)),
                (
                    KEEPS_ACCOUNTS,
                    Action::Update,
                    Resource::user(Some(UserId(11))),
                ),
                (READS_AUDIT_LOG, Action::Read, Resource::audit_log()),
            ] {
                assert_eq!(
                    gate.admits(&actor),
                    authorize(&actor, action, &resource),
                    "{name} {action:?} {resource:?}"
                );
            }
        }
    }

    /// Lists and single reads must agree for every actor, PD and classification.
    #[test]
    fn read_scope_agrees_with_authorize() {
        let mut all = actors();
        all.push((
            "multi",
            Actor::User {
                id: UserId(3),
                grants: vec![
                    Grant {
                        role: Role::OperatorPd,
                        pd: Some(OWN),
                    },
                    Grant {
                        role: Role::OperatorPd,
                        pd: Some(PdId(5)),
                    },
                    Grant {
                        role: Role::Pimpinan,
                        pd: None,
                    },
                ],
            },
        ));
        for (name, actor) in &all {
            let scope = ReadScope::of(actor);
            for pd in [Some(OWN), Some(OTHER), Some(PdId(5)), None] {
                for class in Classification::ALL {
                    let single =
                        authorize(actor, Action::Read, &Resource::record(pd, class)).is_ok();
                    assert_eq!(scope.allows(pd, class), single, "{name} {pd:?} {class}");
                }
            }
        }
    }
}
