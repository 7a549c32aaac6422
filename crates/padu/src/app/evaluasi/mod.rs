//! Audit TIK and the SPBE evaluation's operations (PRODUCT.md module 6): audits through their
//! steps with their findings' follow-up (`audits`), the instruments as versioned data
//! (`instruments`) and each year's self-evaluation with its index
//! (`evaluations`).

mod audits;
mod evaluations;
mod instruments;
mod report;

pub use audits::may_read as audit_readable;
pub use audits::{
    add_finding, add_work_paper, add_work_paper_file, advance, audit, audits, findings_sheet,
    rate_controls, request, schedule, step_finding, AuditRow, AuditView, ScheduleRow,
};
pub use evaluations::{
    add_file, claim, evaluation, indicator, overview, review, sheet, start, EvaluationSummary,
    EvaluationView, IndicatorRow, IndicatorView, Proposal,
};
pub use instruments::{ensure_shipped, instrument, instruments, load};
pub use report::{report, sign_report, YearReport};
