//! The risk register read through the region's scale: each risk with its inherent and residual
//! value and level (`padu_domain::manajemen::risk::assess`), and the heat map of the risks a
//! caller may read.

use crate::app::{App, AppError};
use padu_domain::manajemen::risk::{self, Assessment};
use padu_domain::{Actor, ReadScope};
use padu_store::manajemen::risk_reviews::{RiskReview, RiskReviewInput};
use padu_store::manajemen::risks::{Risk, RiskInput};
use padu_store::registers::Filters;
use padu_store::AuditCtx;
use padu_store::{ListQuery, Page};
use serde::Serialize;

/// A risk with its assessments on the scale in force.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssessedRisk {
    pub risk: Risk,
    pub inherent: Option<Assessment>,
    pub residual: Option<Assessment>,
}

fn assessed(app: &App, risk: Risk) -> AssessedRisk {
    let scale = &app.profile().risk;
    let f = &risk.fields;
    let inherent = risk::assess_stored(scale, f.likelihood, f.impact);
    let residual = f
        .residual_likelihood
        .zip(f.residual_impact)
        .and_then(|(l, i)| risk::assess_stored(scale, l, i));
    AssessedRisk {
        risk,
        inherent,
        residual,
    }
}

/// One page of the risks `actor` may read that match `filters`, assessed.
pub async fn risks(
    app: &App,
    actor: &Actor,
    filters: &Filters,
    q: &ListQuery,
) -> Result<Page<AssessedRisk>, AppError> {
    let page = crate::app::registers::list::<RiskInput>(app, actor, filters, q).await?;
    Ok(Page {
        items: page.items.into_iter().map(|r| assessed(app, r)).collect(),
        total: page.total,
        more: page.more,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Every risk `actor` may read that matches `filters`, assessed (for the national forms).
pub async fn all_assessed(
    app: &App,
    actor: &Actor,
    filters: &Filters,
) -> Result<Vec<AssessedRisk>, AppError> {
    Ok(app
        .store
        .all_records::<RiskInput>(&ReadScope::of(actor), filters)
        .await?
        .into_iter()
        .map(|r| assessed(app, r))
        .collect())
}

/// The heat map of the risks `actor` may read that match `filters`: counts per cell
/// (`[likelihood - 1][impact - 1]`), inherent or residual (a risk without a residual
/// assessment is not counted there), with the level of each cell on the region's scale.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HeatMap {
    pub counts: [[u32; 5]; 5],
    pub levels: [[risk::Level; 5]; 5],
    pub values: [[u8; 5]; 5],
    pub total: u32,
}

pub async fn heat_map(
    app: &App,
    actor: &Actor,
    filters: &Filters,
    residual: bool,
) -> Result<HeatMap, AppError> {
    let (l, i) = if residual {
        ("residual_likelihood", "residual_impact")
    } else {
        ("likelihood", "impact")
    };
    let scope = ReadScope::of(actor);
    // By PD and year only: the per-cell counts; any other filter counts the risks themselves.
    let number = |name: &str| -> Option<Option<i64>> {
        match filters.iter().find(|(k, _)| k == name) {
            None => Some(None),
            Some((_, v)) => v.trim().parse().ok().map(Some),
        }
    };
    let by_cells = filters
        .iter()
        .all(|(k, _)| k == "pd_id" || k == "period_year");
    let pairs = match (by_cells, number("pd_id"), number("period_year")) {
        (true, Some(pd), Some(year)) => {
            app.store
                .risk_cell_counts(&scope, pd, year, residual)
                .await?
        }
        _ => {
            app.store
                .count_pairs::<RiskInput>(&scope, filters, l, i)
                .await?
        }
    };
    let mut counts = [[0u32; 5]; 5];
    for (l, i, n) in pairs {
        let cell = usize::try_from(l - 1)
            .ok()
            .zip(usize::try_from(i - 1).ok())
            .and_then(|(l, i)| counts.get_mut(l)?.get_mut(i));
        if let Some(cell) = cell {
            *cell += u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
    let scale = &app.profile().risk;
    let values = scale.matrix.value;
    let levels = values.map(|row| row.map(|v| risk::level_of(scale, v)));
    Ok(HeatMap {
        total: counts.iter().flatten().sum(),
        counts,
        levels,
        values,
    })
}

/// A quarter's monitoring entry with its assessment on the scale in force.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AssessedReview {
    pub review: RiskReview,
    pub assessment: Option<Assessment>,
}

/// One risk with its quarterly history, oldest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RiskView {
    #[serde(flatten)]
    pub risk: AssessedRisk,
    pub reviews: Vec<AssessedReview>,
}

/// Risk `id`, if `actor` may read it, with its monitoring entries.
pub async fn risk(app: &App, actor: &Actor, id: i64) -> Result<RiskView, AppError> {
    let record = crate::app::registers::read::<RiskInput>(app, actor, id).await?;
    let filters = vec![("risk_id".to_string(), id.to_string())];
    let mut reviews = app
        .store
        .all_records::<RiskReviewInput>(&ReadScope::of(actor), &filters)
        .await?;
    reviews.sort_by_key(|r| (r.fields.period_year, r.fields.quarter));
    let scale = &app.profile().risk;
    let reviews = reviews
        .into_iter()
        .map(|review| {
            let f = &review.fields;
            let assessment = risk::assess_stored(scale, f.likelihood, f.impact);
            AssessedReview { review, assessment }
        })
        .collect();
    Ok(RiskView {
        risk: assessed(app, record),
        reviews,
    })
}

/// A quarter's monitoring of a risk, as the risk's page sends it.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct MonitorInput {
    pub period_year: i64,
    pub quarter: i64,
    pub action_status: String,
    pub likelihood: i64,
    pub impact: i64,
    #[serde(default)]
    pub note: String,
}

/// Records a quarter's monitoring of risk `id` (its PD's and classification), audited like
/// any register's record.
pub async fn monitor(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &MonitorInput,
) -> Result<RiskReview, AppError> {
    let risk = crate::app::registers::read::<RiskInput>(app, actor, id).await?;
    let review = RiskReviewInput {
        pd_id: risk.fields.pd_id,
        risk_id: id,
        period_year: input.period_year,
        quarter: input.quarter,
        action_status: input.action_status.clone(),
        likelihood: input.likelihood,
        impact: input.impact,
        note: input.note.clone(),
        classification: risk.fields.classification,
    };
    crate::app::registers::create(app, actor, ctx, &review).await
}
