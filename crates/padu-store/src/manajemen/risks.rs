//! The risk register (PermenPANRB 5/2020 Formulir 3.0 Penilaian Risiko SPBE, with the treatment
//! plan of Formulir 4.0): each risk of a PD for a period year, with its kind, category, impact
//! area, cause and effect, the controls in place, the inherent likelihood and impact, the
//! decision, the treatment and its action plan, and the residual likelihood and impact. The
//! value and level of an assessment are the profile's (`padu_domain::manajemen::risk::assess`),
//! worked out when read.

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::manajemen::risk::{
    assess_stored, treatments_of, Level, CATEGORIES, DECISIONS, IMPACT_AREAS, KINDS, TREATMENTS,
};
use padu_domain::manajemen::risk::{RiskFact, RiskFacts};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// A risk as stored.
pub type Risk = crate::registers::Record<RiskInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskInput {
    /// The unit pemilik risiko.
    pub pd_id: i64,
    /// The year of the risk period.
    pub period_year: i64,
    /// Kejadian risiko: what may happen.
    pub event: String,
    /// negatif or positif.
    pub kind: String,
    /// One of the 16 SPBE risk categories.
    pub category: String,
    /// One of the 7 impact areas.
    pub impact_area: String,
    pub cause: String,
    pub effect: String,
    /// Controls already in place.
    #[serde(default)]
    pub existing_controls: String,
    /// Inherent kemungkinan, 1–5.
    pub likelihood: i64,
    /// Inherent dampak, 1–5.
    pub impact: i64,
    /// ditangani or diterima.
    pub decision: String,
    /// The order of treatment, 1 first.
    #[serde(default)]
    pub priority: Option<i64>,
    /// The treatment option (one of the kind's); required when the risk is treated.
    #[serde(default)]
    pub treatment: Option<String>,
    #[serde(default)]
    pub action_plan: String,
    /// Who carries the action plan out.
    #[serde(default)]
    pub action_owner: String,
    #[serde(default)]
    pub action_due: Option<NaiveDate>,
    /// Residual kemungkinan and dampak, 1–5, both or neither.
    #[serde(default)]
    pub residual_likelihood: Option<i64>,
    #[serde(default)]
    pub residual_impact: Option<i64>,
    /// What the risk is about: applications, SPBE services, sites, data sets, and the security
    /// incidents that raised it.
    #[serde(default)]
    pub application_ids: Vec<i64>,
    #[serde(default)]
    pub service_ids: Vec<i64>,
    #[serde(default)]
    pub site_ids: Vec<i64>,
    #[serde(default)]
    pub dataset_ids: Vec<i64>,
    #[serde(default)]
    pub incident_ids: Vec<i64>,
    #[serde(default = "terbatas")]
    pub classification: Classification,
}

fn terbatas() -> Classification {
    Classification::Terbatas
}

const FIELDS: [Field; 25] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("period_year", Kind::Number).required(),
    Field::new("event", Kind::Text).required(),
    Field::new("kind", Kind::Choice(&KINDS)).required(),
    Field::new("category", Kind::Choice(&CATEGORIES)).required(),
    Field::new("impact_area", Kind::Choice(&IMPACT_AREAS)).required(),
    Field::new("cause", Kind::Long).required(),
    Field::new("effect", Kind::Long).required(),
    Field::new("existing_controls", Kind::Long),
    Field::new("likelihood", Kind::Level("likelihood")).required(),
    Field::new("impact", Kind::Level("impact")).required(),
    Field::new("decision", Kind::Choice(&DECISIONS)).required(),
    Field::new("priority", Kind::Number),
    Field::new("treatment", Kind::Choice(&TREATMENTS)),
    Field::new("action_plan", Kind::Long),
    Field::new("action_owner", Kind::Text),
    Field::new("action_due", Kind::Date),
    Field::new("residual_likelihood", Kind::Level("likelihood")),
    Field::new("residual_impact", Kind::Level("impact")),
    Field::new("application_ids", Kind::Ids("catalog_applications")),
    Field::new("service_ids", Kind::Ids("catalog_services")),
    Field::new("site_ids", Kind::Ids("network_sites")),
    Field::new("dataset_ids", Kind::Ids("catalog_datasets")),
    Field::new("incident_ids", Kind::Ids("manajemen_security_incidents")),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).required(),
];

impl Register for RiskInput {
    const TABLE: &'static str = "manajemen_risks";
    const DEF: Definition = Definition {
        name: "risks",
        entity: "risk",
        fields: &FIELDS,
        key: &["event", "period_year"],
        unique: &[],
        search: &["event", "cause", "effect"],
        filters: &["period_year", "category", "kind", "decision"],
        shown: &[
            "period_year",
            "category",
            "likelihood",
            "impact",
            "decision",
            "treatment",
        ],
        order: &["period_year DESC", "event"],
        api: "/api/v1/manajemen/risks",
        page: "/manajemen/risiko",
    };

    /// `env.today` bounds the period: a risk is of this year, a past one, or the next.
    fn validate(&self, env: &Env) -> Result<(), StoreError> {
        super::check_period_year(self.period_year, env, 1)?;
        check_text("event", &self.event, 300)?;
        check_text("cause", &self.cause, 4000)?;
        check_text("effect", &self.effect, 4000)?;
        check_len("existing_controls", &self.existing_controls, 4000)?;
        check_len("action_plan", &self.action_plan, 4000)?;
        check_len("action_owner", &self.action_owner, 200)?;
        super::check_on_scale("likelihood", self.likelihood)?;
        super::check_on_scale("impact", self.impact)?;
        match (self.residual_likelihood, self.residual_impact) {
            (Some(l), Some(i)) => {
                super::check_on_scale("residual_likelihood", l)?;
                super::check_on_scale("residual_impact", i)?;
            }
            (None, None) => {}
            (None, Some(_)) => {
                return Err(StoreError::invalid(
                    "residual_likelihood",
                    "a residual assessment gives both likelihood and impact",
                ))
            }
            (Some(_), None) => {
                return Err(StoreError::invalid(
                    "residual_impact",
                    "a residual assessment gives both likelihood and impact",
                ))
            }
        }
        if self.priority.is_some_and(|p| !(1..=999).contains(&p)) {
            return Err(StoreError::invalid("priority", "must be 1–999"));
        }
        if let Some(t) = &self.treatment {
            if !treatments_of(&self.kind).contains(&t.as_str()) {
                return Err(StoreError::invalid(
                    "treatment",
                    format!(
                        "a {} risk is treated by one of {}",
                        self.kind,
                        treatments_of(&self.kind).join(", ")
                    ),
                ));
            }
        }
        // A treated risk has its treatment and an action plan (Formulir 4.0).
        if self.decision == "ditangani" {
            if self.treatment.is_none() {
                return Err(StoreError::invalid(
                    "treatment",
                    "a risk to treat names its treatment",
                ));
            }
            check_text("action_plan", &self.action_plan, 4000)?;
        }
        Ok(())
    }

    /// The heat maps' per-cell counts of every group (PD, classification, year) a write
    /// touched, counted again from its risks.
    async fn refresh_derived(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        touched: &[serde_json::Value],
    ) -> Result<(), StoreError> {
        let groups: std::collections::BTreeSet<(i64, String, i64)> = touched
            .iter()
            .filter_map(|v| {
                Some((
                    v.get("pd_id")?.as_i64()?,
                    v.get("classification")?.as_str()?.to_string(),
                    v.get("period_year")?.as_i64()?,
                ))
            })
            .collect();
        for group in groups {
            recount_cells(tx, Some(group)).await?;
        }
        Ok(())
    }

    /// A risk accepted without treatment lies within its PD's risk appetite for the year, where
    /// the PD has set its context (Formulir 2.0).
    async fn check_stored(
        &self,
        store: &Store,
        env: &Env,
        _pending: &[&Self],
    ) -> Result<(), StoreError> {
        if self.decision != "diterima" {
            return Ok(());
        }
        let Some(appetite) = store.risk_appetite(self.pd_id, self.period_year).await? else {
            return Ok(());
        };
        let level = assess_stored(&env.profile.risk, self.likelihood, self.impact).map(|a| a.level);
        match (level, Level::parse(&appetite)) {
            (Some(level), Some(appetite)) if level > appetite => Err(StoreError::invalid(
                "decision",
                format!(
                    "the risk's level ({}) is above the PD's risk appetite ({}): treat it",
                    level.as_str(),
                    appetite.as_str()
                ),
            )),
            _ => Ok(()),
        }
    }
}

/// Counts the cells of one group (PD, classification, year) again from its risks, or of every
/// group (after a restore).
async fn recount_cells(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    group: Option<(i64, String, i64)>,
) -> Result<(), StoreError> {
    let (only, args) = match group {
        Some((pd, class, year)) => (
            "pd_id = $1 AND classification = $2 AND period_year = $3 AND",
            Some((pd, class, year)),
        ),
        None => ("", None),
    };
    let delete = format!(
        "DELETE FROM manajemen_risk_cells WHERE {}",
        if only.is_empty() {
            "1 = 1"
        } else {
            only.trim_end_matches(" AND")
        }
    );
    bound(sqlx::query(&delete), &args)
        .execute(&mut **tx)
        .await?;
    for (residual, l, i) in [
        (0, "likelihood", "impact"),
        (1, "residual_likelihood", "residual_impact"),
    ] {
        let insert = format!(
            "INSERT INTO manajemen_risk_cells (pd_id, classification, period_year, residual, likelihood, impact, risks) \
             SELECT pd_id, classification, period_year, {residual}, {l}, {i}, COUNT(*) FROM manajemen_risks \
             WHERE {only} {l} IS NOT NULL AND {i} IS NOT NULL GROUP BY pd_id, classification, period_year, {l}, {i}"
        );
        bound(sqlx::query(&insert), &args)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A group's three values bound to a query's `$1`–`$3`, when there is a group.
fn bound<'q>(
    q: crate::sites::AnyQuery<'q>,
    group: &Option<(i64, String, i64)>,
) -> crate::sites::AnyQuery<'q> {
    match group {
        Some((pd, class, year)) => q.bind(*pd).bind(class.clone()).bind(*year),
        None => q,
    }
}

/// Counts every cell again from the risks (after a restore).
pub(crate) async fn recount_all_cells(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
) -> Result<(), StoreError> {
    recount_cells(tx, None).await
}

impl Store {
    /// The heat map's counts from the per-cell table: (likelihood, impact, risks) of the risks
    /// `scope` may read, of one PD and one year when given, inherent or residual. The same as
    /// `count_pairs` over the risks with those filters, without reading each risk.
    pub async fn risk_cell_counts(
        &self,
        scope: &ReadScope,
        pd_id: Option<i64>,
        period_year: Option<i64>,
        residual: bool,
    ) -> Result<Vec<(i64, i64, i64)>, StoreError> {
        use crate::page::{Arg, Where};
        use sqlx::Row;
        let mut w = Where::default();
        w.and("t.residual = ?", [Arg::Int(i64::from(residual))]);
        if let Some(pd) = pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(year) = period_year {
            w.and("t.period_year = ?", [Arg::Int(year)]);
        }
        w.readable_by(scope, "t");
        let rows = w
            .bind(sqlx::query(&format!(
                "SELECT t.likelihood, t.impact, CAST(SUM(t.risks) AS BIGINT) FROM manajemen_risk_cells t \
                 WHERE {} GROUP BY t.likelihood, t.impact",
                w.sql()
            )))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }

    /// What the risk cycle's rules need: the risks and monitoring entries `scope` may read.
    pub async fn risk_facts(&self, scope: &ReadScope) -> Result<RiskFacts, StoreError> {
        use crate::manajemen::risk_reviews::RiskReviewInput;
        let none = crate::registers::Filters::new();
        let risks = self
            .all_records::<RiskInput>(scope, &none)
            .await?
            .into_iter()
            .map(|r| RiskFact {
                id: r.id,
                pd_id: r.fields.pd_id,
                event: r.fields.event,
                period_year: r.fields.period_year,
            })
            .collect();
        let reviews = self
            .all_records::<RiskReviewInput>(scope, &none)
            .await?
            .into_iter()
            .map(|r| (r.fields.risk_id, r.fields.period_year, r.fields.quarter))
            .collect();
        Ok(RiskFacts { risks, reviews })
    }
}
