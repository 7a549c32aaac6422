//! The quarterly monitoring of each risk (PermenPANRB 5/2020 Formulir 5.0 Laporan Pemantauan
//! Risiko; Pessel Lampiran III Bab V H 2: analysis, control, monitoring and evaluation at the
//! end of every quarter): one entry a risk a quarter, with the state of its action plan and the
//! likelihood and impact as they stand then. The entries are the risk's history, quarter by
//! quarter, from which its trend is drawn.

use crate::manajemen::risks::RiskInput;
use crate::registers::{Env, Register};
use crate::{check_len, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::manajemen::risk::ACTION_STATUSES;
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::Classification;
use serde::{Deserialize, Serialize};

/// A monitoring entry as stored.
pub type RiskReview = crate::registers::Record<RiskReviewInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskReviewInput {
    /// The risk's PD (the unit pemilik risiko).
    pub pd_id: i64,
    pub risk_id: i64,
    pub period_year: i64,
    /// 1–4.
    pub quarter: i64,
    /// How far the action plan has come.
    pub action_status: String,
    /// Kemungkinan and dampak as they stand at the quarter's end, 1–5.
    pub likelihood: i64,
    pub impact: i64,
    #[serde(default)]
    pub note: String,
    #[serde(default = "terbatas")]
    pub classification: Classification,
}

fn terbatas() -> Classification {
    Classification::Terbatas
}

const FIELDS: [Field; 9] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("risk_id", Kind::Number).required(),
    Field::new("period_year", Kind::Number).required(),
    Field::new("quarter", Kind::Number).required(),
    Field::new("action_status", Kind::Choice(&ACTION_STATUSES)).required(),
    Field::new("likelihood", Kind::Level("likelihood")).required(),
    Field::new("impact", Kind::Level("impact")).required(),
    Field::new("note", Kind::Long),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).required(),
];

/// The first day of `quarter` (1–4) of `year`.
pub fn quarter_start(year: i64, quarter: i64) -> Option<NaiveDate> {
    let month = u32::try_from(quarter.checked_sub(1)? * 3 + 1).ok()?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, 1)
}

impl Register for RiskReviewInput {
    const TABLE: &'static str = "manajemen_risk_reviews";
    const DEF: Definition = Definition {
        name: "risk_reviews",
        entity: "risk_review",
        fields: &FIELDS,
        key: &["risk_id", "period_year", "quarter"],
        unique: &["risk_id", "period_year", "quarter"],
        search: &["note"],
        filters: &["risk_id", "period_year", "quarter"],
        shown: &[
            "period_year",
            "quarter",
            "action_status",
            "likelihood",
            "impact",
        ],
        order: &["period_year DESC", "quarter DESC"],
        api: "/api/v1/manajemen/risk-reviews",
        page: "/manajemen/risiko",
    };

    /// A quarter is monitored once it has begun (`env.today`), never ahead.
    fn validate(&self, env: &Env) -> Result<(), StoreError> {
        if !(1..=4).contains(&self.quarter) {
            return Err(StoreError::invalid("quarter", "must be 1–4"));
        }
        super::check_period_year(self.period_year, env, 0)?;
        if quarter_start(self.period_year, self.quarter).is_none_or(|s| s > env.today) {
            return Err(StoreError::invalid(
                "quarter",
                "a quarter is monitored once it has begun",
            ));
        }
        super::check_on_scale("likelihood", self.likelihood)?;
        super::check_on_scale("impact", self.impact)?;
        check_len("note", &self.note, 4000)
    }

    /// The risk exists, is the same PD's, and is of this year or an earlier one.
    async fn check_stored(
        &self,
        store: &Store,
        _env: &Env,
        _pending: &[&Self],
    ) -> Result<(), StoreError> {
        let risk = store
            .get_record::<RiskInput>(self.risk_id)
            .await
            .map_err(|_| StoreError::invalid("risk_id", "no such risk"))?;
        if risk.fields.pd_id != self.pd_id {
            return Err(StoreError::invalid(
                "risk_id",
                "the risk belongs to another PD",
            ));
        }
        if self.period_year < risk.fields.period_year {
            return Err(StoreError::invalid(
                "period_year",
                "a risk is monitored from its own period on",
            ));
        }
        Ok(())
    }
}
