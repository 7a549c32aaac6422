//! A risk context's impact criteria (Formulir 2.0): the matrix of the 7 impact areas by the 5
//! impact levels, read as the context is and changed by those who may change it.

use crate::app::{App, AppError};
use padu_domain::manajemen::risk::IMPACT_AREAS;
use padu_domain::{authorize, Action, Actor};
use padu_store::manajemen::risk_contexts::{RiskContext, RiskContextInput};
use padu_store::manajemen::risk_criteria::Criterion;
use padu_store::registers::resource_of;
use padu_store::AuditCtx;
use serde::Serialize;
use utoipa::ToSchema;

/// A context with its criteria: `matrix[area][level - 1]`, the areas in the national order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContextCriteria {
    pub context: RiskContext,
    pub areas: Vec<String>,
    pub matrix: Vec<[String; 5]>,
    /// Whether the caller may change them.
    pub may_change: bool,
}

/// Context `id`'s criteria as `actor` may read them.
pub async fn criteria(app: &App, actor: &Actor, id: i64) -> Result<ContextCriteria, AppError> {
    let context = crate::app::registers::read::<RiskContextInput>(app, actor, id).await?;
    criteria_of(app, actor, context).await
}

/// The criteria of `context`, a context `actor` already read (the contexts page's list).
pub async fn criteria_of(
    app: &App,
    actor: &Actor,
    context: RiskContext,
) -> Result<ContextCriteria, AppError> {
    let cells = app.store.risk_criteria(context.id).await?;
    let matrix = IMPACT_AREAS
        .iter()
        .map(|area| {
            std::array::from_fn(|l| {
                cells
                    .iter()
                    .find(|c| c.impact_area == *area && c.level == l as i64 + 1)
                    .map(|c| c.criterion.clone())
                    .unwrap_or_default()
            })
        })
        .collect();
    let may_change = authorize(actor, Action::Update, &resource_of(&context.fields)).is_ok();
    Ok(ContextCriteria {
        context,
        areas: IMPACT_AREAS.iter().map(|a| a.to_string()).collect(),
        matrix,
        may_change,
    })
}

/// Every ISMS record `actor` may read, by stage and day (the ISMS page shows them all).
pub async fn isms_records(
    app: &App,
    actor: &Actor,
) -> Result<Vec<padu_store::manajemen::isms::IsmsRecord>, AppError> {
    Ok(app
        .store
        .all_records::<padu_store::manajemen::isms::IsmsRecordInput>(
            &padu_domain::ReadScope::of(actor),
            &Vec::new(),
        )
        .await?)
}

/// Saves the cells given of context `id`'s criteria, as its PD or the Dinas may change it.
pub async fn set_criteria(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    cells: &[Criterion],
) -> Result<ContextCriteria, AppError> {
    let context = crate::app::registers::read::<RiskContextInput>(app, actor, id).await?;
    authorize(actor, Action::Update, &resource_of(&context.fields))?;
    app.store
        .save_risk_criteria(ctx, id, context.fields.pd_id, cells)
        .await?;
    criteria(app, actor, id).await
}
