//! The risk context of a unit pemilik risiko for a period (PermenPANRB 5/2020 Formulir 2.0
//! Konteks Risiko SPBE): the SPBE goals and their indicators, who owns, coordinates and
//! administers the PD's risks, its stakeholders and the regulations that bind it, its risk
//! appetite (the highest level it accepts without treatment), and what each impact area's
//! levels mean for it (the region writes its own thresholds).

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use padu_domain::manajemen::risk::LEVELS;
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::Classification;
use serde::{Deserialize, Serialize};

/// A context as stored.
pub type RiskContext = crate::registers::Record<RiskContextInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskContextInput {
    /// The unit pemilik risiko.
    pub pd_id: i64,
    pub period_year: i64,
    /// Sasaran SPBE.
    pub goals: String,
    /// Their indikator kinerja.
    #[serde(default)]
    pub indicators: String,
    /// Pemilik risiko (the head of the PD).
    pub risk_owner: String,
    #[serde(default)]
    pub risk_coordinator: String,
    #[serde(default)]
    pub risk_administrator: String,
    #[serde(default)]
    pub stakeholders: String,
    #[serde(default)]
    pub regulations: String,
    /// Selera risiko: the highest level accepted without treatment.
    pub appetite: String,
    /// What each impact area's levels 1–5 mean for this PD, an area a line or a paragraph.
    #[serde(default)]
    pub impact_criteria: String,
    #[serde(default = "terbatas")]
    pub classification: Classification,
}

fn terbatas() -> Classification {
    Classification::Terbatas
}

const FIELDS: [Field; 12] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("period_year", Kind::Number).required(),
    Field::new("goals", Kind::Long).required(),
    Field::new("indicators", Kind::Long),
    Field::new("risk_owner", Kind::Text).required(),
    Field::new("risk_coordinator", Kind::Text),
    Field::new("risk_administrator", Kind::Text),
    Field::new("stakeholders", Kind::Long),
    Field::new("regulations", Kind::Long),
    Field::new("appetite", Kind::Choice(&LEVELS)).required(),
    Field::new("impact_criteria", Kind::Long),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).required(),
];

impl Register for RiskContextInput {
    const TABLE: &'static str = "manajemen_risk_contexts";
    const DEF: Definition = Definition {
        name: "risk_contexts",
        entity: "risk_context",
        fields: &FIELDS,
        key: &["period_year"],
        unique: &["pd_id", "period_year"],
        search: &["goals", "indicators"],
        filters: &["period_year"],
        shown: &["period_year", "risk_owner", "appetite"],
        order: &["period_year DESC"],
        api: "/api/v1/manajemen/risk-contexts",
        page: "/manajemen/konteks",
    };

    fn validate(&self, env: &Env) -> Result<(), StoreError> {
        super::check_period_year(self.period_year, env, 1)?;
        check_text("goals", &self.goals, 4000)?;
        check_len("indicators", &self.indicators, 4000)?;
        check_text("risk_owner", &self.risk_owner, 200)?;
        check_len("risk_coordinator", &self.risk_coordinator, 200)?;
        check_len("risk_administrator", &self.risk_administrator, 200)?;
        check_len("stakeholders", &self.stakeholders, 4000)?;
        check_len("regulations", &self.regulations, 4000)?;
        check_len("impact_criteria", &self.impact_criteria, 8000)
    }
}

impl Store {
    /// The risk appetite of `pd` for `year`, if its context is set.
    pub async fn risk_appetite(&self, pd: i64, year: i64) -> Result<Option<String>, StoreError> {
        let filters = vec![
            ("pd_id".to_string(), pd.to_string()),
            ("period_year".to_string(), year.to_string()),
        ];
        Ok(self
            .all_records::<RiskContextInput>(&padu_domain::ReadScope::everything(), &filters)
            .await?
            .into_iter()
            .next()
            .map(|c| c.fields.appetite))
    }
}
