//! The SLA engine: working-day calendars and the timers of a ticket or complaint.
//! Pure: every function takes the time it needs as an argument.

pub mod calendar;
pub mod timers;

pub use calendar::{wib, wib_date, wib_day_start, CalendarError, Period, WorkCalendar};
pub use timers::{
    evaluate, SlaStatus, SlaTargets, TicketEvent, TimerKind, TimerState, TimerStatus,
};
