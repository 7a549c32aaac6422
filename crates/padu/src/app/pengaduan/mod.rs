//! Complaints' operations.

mod sweep;

pub use sweep::{run_deadlines, tell_complainant};
