//! An application's checklist against the BSSN web-application standard: the 13 functions and
//! 72 controls (the standard's structure, `padu_domain::manajemen::security::controls`) with
//! the texts the region imported, and where the application stands on each, with evidence.
//! Read as the application is; assessed by those who may change it; the texts set by the Dinas.

use crate::app::{App, AppError};
use chrono::NaiveDate;
use padu_domain::manajemen::security::{controls, CONTROL_STATUSES, SETS_CONTROL_TEXTS};
use padu_domain::{authorize, Action, Actor};
use padu_store::catalog::ApplicationInput;
use padu_store::manajemen::controls::{ControlAssessment, ControlText};
use padu_store::registers::resource_of;
use padu_store::AuditCtx;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// One control of the checklist.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChecklistRow {
    pub code: String,
    pub function: &'static str,
    /// The region's text, empty until it is imported.
    pub text: String,
    pub reference: String,
    pub assessment: Option<ControlAssessment>,
}

/// An application's checklist, with how many controls stand at each status.
#[derive(Debug, Serialize, ToSchema)]
pub struct Checklist {
    pub application_id: i64,
    pub application: String,
    pub pd_name: Option<String>,
    pub rows: Vec<ChecklistRow>,
    /// (status, count) in the statuses' order, then those not yet assessed.
    pub counts: Vec<(String, usize)>,
    /// Whether the caller may assess it.
    pub may_assess: bool,
}

/// Application `id`'s checklist as `actor` may read it.
pub async fn checklist(app: &App, actor: &Actor, id: i64) -> Result<Checklist, AppError> {
    let application = crate::app::registers::read::<ApplicationInput>(app, actor, id).await?;
    let mut assessed: HashMap<String, ControlAssessment> = app
        .store
        .control_assessments(id)
        .await?
        .into_iter()
        .map(|a| (a.code.clone(), a))
        .collect();
    let mut rows = texts(app).await?;
    for row in &mut rows {
        row.assessment = assessed.remove(&row.code);
    }
    let mut counts: Vec<(String, usize)> = CONTROL_STATUSES
        .iter()
        .map(|s| {
            let n = rows
                .iter()
                .filter(|r| r.assessment.as_ref().is_some_and(|a| a.status == *s))
                .count();
            (s.to_string(), n)
        })
        .collect();
    let open = rows.iter().filter(|r| r.assessment.is_none()).count();
    counts.push(("belum_dinilai".into(), open));
    let may_assess = authorize(actor, Action::Update, &resource_of(&application.fields)).is_ok();
    Ok(Checklist {
        application_id: id,
        application: application.fields.name.clone(),
        pd_name: application.pd_name.clone(),
        rows,
        counts,
        may_assess,
    })
}

/// Saves part or all of application `id`'s checklist, as its PD or the Dinas may change the
/// application; returns how many controls changed.
pub async fn assess(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    rows: &[ControlAssessment],
) -> Result<usize, AppError> {
    let application = crate::app::registers::read::<ApplicationInput>(app, actor, id).await?;
    authorize(actor, Action::Update, &resource_of(&application.fields))?;
    let today: NaiveDate = padu_domain::sla::wib_date(ctx.at);
    Ok(app
        .store
        .save_control_assessments(ctx, id, Some(application.fields.pd_id), rows, today)
        .await?)
}

/// Sets the standard's texts for the region (the Dinas).
pub async fn set_texts(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    texts: &[ControlText],
) -> Result<usize, AppError> {
    SETS_CONTROL_TEXTS.admits(actor)?;
    Ok(app.store.set_control_texts(ctx, texts).await?)
}

/// The texts as the region set them, K1 to K72, with their functions.
pub async fn texts(app: &App) -> Result<Vec<ChecklistRow>, AppError> {
    let texts: HashMap<String, ControlText> = app
        .store
        .control_texts()
        .await?
        .into_iter()
        .map(|t| (t.code.clone(), t))
        .collect();
    Ok(controls()
        .map(|(code, function)| {
            let text = texts.get(&code);
            ChecklistRow {
                text: text.map(|t| t.text.clone()).unwrap_or_default(),
                reference: text.map(|t| t.reference.clone()).unwrap_or_default(),
                assessment: None,
                code,
                function,
            }
        })
        .collect())
}

/// Sets the standard's texts from a sheet (CSV or XLSX) with columns `code`, `text` and,
/// optionally, `reference`, all or none. A bad row is named by its row and column.
pub async fn import_texts(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    bytes: &[u8],
) -> Result<usize, AppError> {
    SETS_CONTROL_TEXTS.admits(actor)?;
    let bad = |e: crate::interchange::CellError| {
        AppError::invalid(
            "file",
            format!("row {}, column {}: {}", e.row, e.column, e.message),
        )
    };
    let table = crate::interchange::read_table(bytes).map_err(bad)?;
    for column in ["code", "text"] {
        if !table.header.iter().any(|h| h == column) {
            return Err(AppError::invalid(
                "file",
                format!("the sheet has no column {column}"),
            ));
        }
    }
    let texts: Vec<ControlText> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            let row = table.row(i, cells);
            ControlText {
                code: row.text("code").to_uppercase(),
                text: row.text("text").to_string(),
                reference: row.text("reference").to_string(),
            }
        })
        .collect();
    set_texts(app, actor, ctx, &texts).await
}

/// An application's standing on the standard, for the overview.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChecklistSummary {
    pub application_id: i64,
    pub application: String,
    pub pd_name: Option<String>,
    /// Controls assessed, of the 72.
    pub assessed: i64,
    /// Controls met in whole.
    pub met: i64,
    /// Controls not met.
    pub unmet: i64,
}

/// Every application `actor` may read with its standing on the standard, by name.
pub async fn summaries(app: &App, actor: &Actor) -> Result<Vec<ChecklistSummary>, AppError> {
    let applications = app
        .store
        .all_records::<ApplicationInput>(&padu_domain::ReadScope::of(actor), &Vec::new())
        .await?;
    let counts = app.store.control_assessment_counts().await?;
    let count = |id: i64, status: Option<&str>| -> i64 {
        counts
            .iter()
            .filter(|(a, s, _)| *a == id && status.is_none_or(|st| st == s))
            .map(|(_, _, n)| n)
            .sum()
    };
    let mut out: Vec<ChecklistSummary> = applications
        .into_iter()
        .map(|a| ChecklistSummary {
            application_id: a.id,
            assessed: count(a.id, None),
            met: count(a.id, Some("terpenuhi")),
            unmet: count(a.id, Some("belum_terpenuhi")),
            application: a.fields.name.clone(),
            pd_name: a.pd_name.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.application.cmp(&b.application));
    Ok(out)
}
