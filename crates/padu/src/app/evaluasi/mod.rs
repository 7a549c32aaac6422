//! Audit TIK and the SPBE evaluation's operations (PRODUCT.md module 6): the instruments as
//! versioned data (`instruments`) and each year's self-evaluation with its index
//! (`evaluations`).

mod evaluations;
mod instruments;

pub use evaluations::{
    add_file, claim, evaluation, indicator, overview, review, sheet, start, EvaluationSummary,
    EvaluationView, IndicatorRow, IndicatorView, Proposal,
};
pub use instruments::{ensure_shipped, instrument, instruments, load};
