//! The first check of every route, before its handler runs: who may call it at all.
//!
//! A gate decides by the caller's roles alone. What the caller may then do with one record
//! (its PD and classification, a ticket's tier, a complaint's step) is the record's own rule
//! (`authorize`, `ticket::rights`, `complaint::may_handle`, ...), asked by the operation. Every
//! route of the web layer is registered with a gate (`padu::web::kit::routes`), and a test walks
//! them all as every role.

use crate::access::{Actor, Denied};
use crate::org::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Anyone, signed in or not: public pages, the citizen's complaint, sign-in, health.
    Anyone,
    /// Any signed-in user; what they then see is narrowed by the records' rules.
    SignedIn,
    /// A signed-in user holding any of these roles (for any PD).
    AnyOf(&'static [Role]),
}

impl Gate {
    /// The Admin Dinas alone: accounts, the audit log's checks, the platform's settings.
    pub const ADMIN: Gate = Gate::AnyOf(&[Role::AdminDinas]);
    /// Those who keep records: the Dinas and the PDs' operators.
    pub const WRITERS: Gate = Gate::AnyOf(&[Role::AdminDinas, Role::OperatorPd]);

    /// The roles the gate lets through (every role for a gate open to all signed-in users).
    pub fn roles(self) -> &'static [Role] {
        match self {
            Gate::Anyone | Gate::SignedIn => &Role::ALL,
            Gate::AnyOf(roles) => roles,
        }
    }

    pub fn admits(self, actor: &Actor) -> Result<(), Denied> {
        let signed_in = matches!(actor, Actor::User { .. });
        match self {
            Gate::Anyone => Ok(()),
            _ if !signed_in => Err(Denied::NotAuthenticated),
            Gate::SignedIn => Ok(()),
            Gate::AnyOf(roles) if roles.iter().any(|r| actor.has_role(*r)) => Ok(()),
            Gate::AnyOf(_) => Err(Denied::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Grant;
    use crate::org::{PdId, UserId};

    fn user(role: Role) -> Actor {
        Actor::User {
            id: UserId(1),
            grants: vec![Grant {
                role,
                pd: (role == Role::OperatorPd).then_some(PdId(3)),
            }],
        }
    }

    #[test]
    fn gates_as_written() {
        use Denied::*;
        let public = Actor::Public;
        assert_eq!(Gate::Anyone.admits(&public), Ok(()));
        assert_eq!(Gate::SignedIn.admits(&public), Err(NotAuthenticated));
        assert_eq!(Gate::ADMIN.admits(&public), Err(NotAuthenticated));
        for role in Role::ALL {
            assert_eq!(Gate::SignedIn.admits(&user(role)), Ok(()));
            let admin = role == Role::AdminDinas;
            assert_eq!(Gate::ADMIN.admits(&user(role)).is_ok(), admin, "{role:?}");
            let writer = admin || role == Role::OperatorPd;
            assert_eq!(
                Gate::WRITERS.admits(&user(role)).is_ok(),
                writer,
                "{role:?}"
            );
        }
        assert_eq!(Gate::ADMIN.admits(&user(Role::Auditor)), Err(Forbidden));
    }
}
