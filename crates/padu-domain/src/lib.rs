//! Padu's domain rules.
//!
//! Invariants (see ARCHITECTURE.md): this crate does no IO, reads no clock and knows
//! neither HTTP nor SQL. Time is always passed in by the caller.
#![forbid(unsafe_code)]

pub mod access;
pub mod audit;
pub mod catalog;
pub mod complaint;
pub mod data_terbuka;
pub mod evaluasi;
pub mod follow_up;
pub mod gate;
pub mod gsb;
pub mod manajemen;
pub mod network_table;
pub mod org;
pub mod password;
pub mod planning;
pub mod profile;
pub mod register;
pub mod requests;
pub mod sla;
pub mod text;
pub mod throttle;
pub mod ticket;

pub use access::{authorize, Action, Actor, Denied, Grant, ReadScope, Resource, ResourceKind};
pub use gate::Gate;
pub use org::{Classification, PdId, Role, UserId};
