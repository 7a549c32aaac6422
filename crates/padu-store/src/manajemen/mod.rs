//! Manajemen SPBE's records (PRODUCT.md module 4), one file a process.

pub mod certificates;
pub mod controls;
pub mod incidents;
pub mod isms;
pub mod risk_contexts;
pub mod risk_criteria;
pub mod risk_reviews;
pub mod risks;

use crate::registers::Env;
use crate::StoreError;
use chrono::Datelike;

/// A stored likelihood or impact is on the 1–5 scale.
pub(crate) fn check_on_scale(field: &str, v: i64) -> Result<(), StoreError> {
    match padu_domain::manajemen::risk::on_scale(v) {
        Some(_) => Ok(()),
        None => Err(StoreError::invalid(field, "must be 1–5")),
    }
}

/// A record's period year: from 2000 to `ahead` years past today's (a plan for next year, but
/// a quarter's monitoring not before it comes).
pub(crate) fn check_period_year(year: i64, env: &Env, ahead: i64) -> Result<(), StoreError> {
    let last = i64::from(env.today.year()) + ahead;
    if (2000..=last).contains(&year) {
        Ok(())
    } else {
        Err(StoreError::invalid(
            "period_year",
            format!("must be a year from 2000 to {last}"),
        ))
    }
}
