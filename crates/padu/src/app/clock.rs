//! The one place Padu reads the wall clock. Everything else is handed `now`: a request reads
//! it once (`web::kit::Caller::now`), a job once per run. clippy's `disallowed-methods`
//! (clippy.toml) refuses `Utc::now` and `SystemTime::now` anywhere but here.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    /// The machine's clock.
    #[default]
    System,
    /// A fixed instant, for scenarios that must not depend on when they run.
    Fixed(DateTime<Utc>),
}

impl Clock {
    #[allow(clippy::disallowed_methods)]
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at,
        }
    }
}

/// The machine's clock, for what runs before an `App` exists (the CLI's commands, start-up).
pub fn system_now() -> DateTime<Utc> {
    Clock::System.now()
}
