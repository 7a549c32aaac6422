//! The Pemda's SPBE self-evaluation of a year (Kalbar Pasal 44, Bogor Pasal 45, Pessel Lampiran
//! III Bab VI): the Dinas and the Koordinator claim each indicator's level with its
//! justification and evidence, Padu proposes the records it holds and warns where a claimed
//! level lacks them, the auditors review each claim as assessors, and the index is computed by
//! aspect, domain and in all (`padu_domain::evaluasi::index`), beside the earlier years'.
//! Every signed-in member of staff reads it; it is the Pemda's, not a PD's.

use super::instruments::instrument;
use crate::app::registers::{signed_in, Format, SheetFile};
use crate::app::{App, AppError};
use chrono::{Datelike, NaiveDate};
use padu_domain::evaluasi::index::{compute, gains, lacking, Gain, Index};
use padu_domain::evaluasi::instrument::{Indicator, Instrument, EVIDENCE_SOURCES};
use padu_domain::evaluasi::{CLAIMS_LEVELS, REVIEWS_CLAIMS};
use padu_domain::Actor;
use padu_store::attachments::{Attachment, NewFile, Owner};
use padu_store::evaluasi::evaluations::{Claim, ClaimInput, ClaimReview, Evaluation};
use padu_store::{AuditCtx, StoreError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// A year's evaluation in a line: its index and predicate.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvaluationSummary {
    pub year: i64,
    pub instrument_code: String,
    pub instrument_name: String,
    /// The index with two decimals, counting the assessors' revisions.
    pub index: String,
    pub predicate: String,
    /// Each domain's index, in the instrument's order.
    pub domains: Vec<(String, String)>,
    pub claimed: usize,
    pub reviewed: usize,
    pub indicators: usize,
}

/// One indicator of a year's evaluation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorRow {
    pub domain: u32,
    pub aspect: u32,
    pub number: u32,
    pub name: String,
    pub weight: u32,
    pub claim: Option<Claim>,
    /// The evidence sources the claimed level expects and Padu holds none of.
    pub lacking: Vec<String>,
}

/// A year's evaluation whole.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvaluationView {
    pub evaluation: Evaluation,
    pub instrument: Instrument,
    /// The index counting the assessors' revisions.
    pub index: Index,
    /// The index as claimed.
    pub claimed_index: Index,
    pub rows: Vec<IndicatorRow>,
    /// The indicators whose level gained raises the index most, first.
    pub gains: Vec<Gain>,
    /// The earlier years, oldest first.
    pub earlier: Vec<EvaluationSummary>,
    pub may_claim: bool,
    pub may_review: bool,
}

/// Records Padu holds that an indicator's evidence can point to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Proposal {
    pub source: String,
    pub count: i64,
    pub href: String,
    /// From which claimed level the instrument expects them.
    pub from_level: u8,
}

/// One indicator of a year's evaluation, for its claim and review.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorView {
    pub year: i64,
    pub instrument_name: String,
    pub domain: String,
    pub aspect: String,
    pub indicator: Indicator,
    pub claim: Option<Claim>,
    pub files: Vec<Attachment>,
    pub proposals: Vec<Proposal>,
    pub lacking: Vec<String>,
    pub may_claim: bool,
    pub may_review: bool,
}

fn levels_of(claims: &[Claim], revised: bool) -> BTreeMap<u32, u8> {
    claims
        .iter()
        .map(|c| {
            let level = if revised { c.final_level() } else { c.level };
            (c.indicator as u32, level.clamp(0, 5) as u8)
        })
        .collect()
}

/// The sources a claim's level (as it counts) expects and Padu holds none of.
fn lacking_of(
    instrument: &Instrument,
    number: u32,
    claim: Option<&Claim>,
    held: &HashMap<&'static str, i64>,
) -> Vec<String> {
    claim
        .map(|c| {
            lacking(instrument, number, c.final_level().clamp(0, 5) as u8, |s| {
                held.get(s).copied().unwrap_or(0)
            })
            .into_iter()
            .map(str::to_string)
            .collect()
        })
        .unwrap_or_default()
}

/// The levels an evaluation counts (the assessors' where revised), by indicator.
pub(super) fn levels_counted(v: &EvaluationView) -> BTreeMap<u32, u8> {
    let claims: Vec<Claim> = v.rows.iter().filter_map(|r| r.claim.clone()).collect();
    levels_of(&claims, true)
}

async fn counts(app: &App) -> Result<HashMap<&'static str, i64>, AppError> {
    Ok(app.store.evidence_counts().await?.into_iter().collect())
}

async fn summary(app: &App, e: &Evaluation) -> Result<EvaluationSummary, AppError> {
    let instrument = instrument(app, &e.instrument_code).await?;
    let claims = app.store.claims(e.id).await?;
    Ok(summarise(e, &instrument, &claims))
}

fn summarise(e: &Evaluation, instrument: &Instrument, claims: &[Claim]) -> EvaluationSummary {
    let index = compute(instrument, &levels_of(claims, true));
    EvaluationSummary {
        year: e.year,
        instrument_code: instrument.code.clone(),
        instrument_name: instrument.name.clone(),
        index: index.total.shown(),
        predicate: index.predicate.clone(),
        domains: instrument
            .domains
            .iter()
            .zip(&index.domains)
            .map(|(d, (_, s))| (d.name.clone(), s.shown()))
            .collect(),
        claimed: claims.len(),
        reviewed: claims.iter().filter(|c| c.verdict.is_some()).count(),
        indicators: instrument.indicators().count(),
    }
}

/// Every year's evaluation in a line, newest first.
pub async fn overview(app: &App, actor: &Actor) -> Result<Vec<EvaluationSummary>, AppError> {
    signed_in(actor)?;
    let mut out = Vec::new();
    for e in app.store.evaluations().await?.iter().rev() {
        out.push(summary(app, e).await?);
    }
    Ok(out)
}

/// Starts year `year`'s evaluation on instrument `code` (the Dinas or the Koordinator).
pub async fn start(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    year: i64,
    code: &str,
) -> Result<Evaluation, AppError> {
    CLAIMS_LEVELS.admits(actor)?;
    let last = i64::from(padu_domain::sla::wib_date(ctx.at).year());
    if !(2018..=last).contains(&year) {
        return Err(AppError::invalid(
            "year",
            format!("must be a year from 2018 to {last}"),
        ));
    }
    instrument(app, code).await.map_err(|e| match e {
        AppError::Store(StoreError::NotFound) => {
            AppError::invalid("instrument", format!("no instrument {code} is loaded"))
        }
        e => e,
    })?;
    Ok(app.store.start_evaluation(ctx, year, code).await?)
}

/// Year `year`'s evaluation with its index, its indicators and the earlier years.
pub async fn evaluation(app: &App, actor: &Actor, year: i64) -> Result<EvaluationView, AppError> {
    signed_in(actor)?;
    let evaluation = app.store.evaluation_of_year(year).await?;
    let instrument = instrument(app, &evaluation.instrument_code).await?;
    let claims = app.store.claims(evaluation.id).await?;
    let held = counts(app).await?;
    let by_number: HashMap<i64, &Claim> = claims.iter().map(|c| (c.indicator, c)).collect();
    let rows = instrument
        .indicators()
        .map(|(d, a, i)| {
            let claim = by_number.get(&i64::from(i.number)).map(|c| (*c).clone());
            let lacking = lacking_of(&instrument, i.number, claim.as_ref(), &held);
            IndicatorRow {
                domain: d.number,
                aspect: a.number,
                number: i.number,
                name: i.name.clone(),
                weight: i.weight,
                claim,
                lacking,
            }
        })
        .collect();
    let mut earlier = Vec::new();
    for e in app.store.evaluations().await? {
        if e.year < year {
            earlier.push(summary(app, &e).await?);
        }
    }
    let levels = levels_of(&claims, true);
    Ok(EvaluationView {
        index: compute(&instrument, &levels),
        claimed_index: compute(&instrument, &levels_of(&claims, false)),
        gains: gains(&instrument, &levels).into_iter().take(10).collect(),
        rows,
        earlier,
        may_claim: CLAIMS_LEVELS.admits(actor).is_ok(),
        may_review: REVIEWS_CLAIMS.admits(actor).is_ok(),
        evaluation,
        instrument,
    })
}

/// Indicator `number` of year `year`'s evaluation, with the records Padu proposes as evidence.
pub async fn indicator(
    app: &App,
    actor: &Actor,
    year: i64,
    number: i64,
) -> Result<IndicatorView, AppError> {
    signed_in(actor)?;
    let evaluation = app.store.evaluation_of_year(year).await?;
    let instrument = instrument(app, &evaluation.instrument_code).await?;
    let (domain, aspect, indicator) = instrument
        .indicators()
        .find(|(_, _, i)| i64::from(i.number) == number)
        .ok_or(StoreError::NotFound)?;
    let claim = app
        .store
        .claims(evaluation.id)
        .await?
        .into_iter()
        .find(|c| c.indicator == number);
    let held = counts(app).await?;
    let proposals = indicator
        .padu
        .iter()
        .map(|ask| Proposal {
            count: held.get(ask.source.as_str()).copied().unwrap_or(0),
            href: EVIDENCE_SOURCES
                .iter()
                .find(|(k, _)| *k == ask.source)
                .map(|(_, page)| page.to_string())
                .unwrap_or_default(),
            source: ask.source.clone(),
            from_level: ask.level,
        })
        .collect();
    let lacking = lacking_of(&instrument, indicator.number, claim.as_ref(), &held);
    let files = match &claim {
        Some(c) => {
            app.store
                .attachments(Owner::EvaluationClaim(c.id), false)
                .await?
        }
        None => Vec::new(),
    };
    Ok(IndicatorView {
        year,
        instrument_name: instrument.name.clone(),
        domain: domain.name.clone(),
        aspect: aspect.name.clone(),
        indicator: indicator.clone(),
        claim,
        files,
        proposals,
        lacking,
        may_claim: CLAIMS_LEVELS.admits(actor).is_ok(),
        may_review: REVIEWS_CLAIMS.admits(actor).is_ok(),
    })
}

/// The evaluation and instrument of year `year`, with an indicator named in a call checked
/// against it.
async fn with_indicator(
    app: &App,
    year: i64,
    number: i64,
) -> Result<(Evaluation, Instrument), AppError> {
    let evaluation = app.store.evaluation_of_year(year).await?;
    let instrument = instrument(app, &evaluation.instrument_code).await?;
    if u32::try_from(number)
        .ok()
        .and_then(|n| instrument.indicator(n))
        .is_none()
    {
        return Err(AppError::invalid(
            "indicator",
            format!(
                "{} has no indicator {number}; its indicators are 1–{}",
                instrument.name,
                instrument.indicators().count()
            ),
        ));
    }
    Ok((evaluation, instrument))
}

/// Claims an indicator's level (the Dinas or the Koordinator).
pub async fn claim(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    year: i64,
    input: &ClaimInput,
) -> Result<Claim, AppError> {
    CLAIMS_LEVELS.admits(actor)?;
    let (evaluation, _) = with_indicator(app, year, input.indicator).await?;
    Ok(app.store.save_claim(ctx, &evaluation, input).await?)
}

/// Reviews an indicator's claim as assessor (the auditors).
pub async fn review(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    year: i64,
    number: i64,
    input: &ClaimReview,
) -> Result<Claim, AppError> {
    REVIEWS_CLAIMS.admits(actor)?;
    let (evaluation, _) = with_indicator(app, year, number).await?;
    // The assessor is never the one who claimed (one person may hold both roles).
    let claimed_by = app
        .store
        .claims(evaluation.id)
        .await?
        .into_iter()
        .find(|c| c.indicator == number)
        .and_then(|c| c.claimed_by_user_id);
    if claimed_by.is_some() && claimed_by == actor.user_id().map(|u| u.0) {
        return Err(padu_domain::Denied::Forbidden.into());
    }
    Ok(app
        .store
        .review_claim(ctx, &evaluation, number, input)
        .await?)
}

/// Adds an evidence file to an indicator's claim (those who claim; the claim comes first).
pub async fn add_file(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    year: i64,
    number: i64,
    file: &NewFile<'_>,
) -> Result<Attachment, AppError> {
    CLAIMS_LEVELS.admits(actor)?;
    let (evaluation, _) = with_indicator(app, year, number).await?;
    let claim = app
        .store
        .claims(evaluation.id)
        .await?
        .into_iter()
        .find(|c| c.indicator == number)
        .ok_or_else(|| AppError::invalid("file", "claim the level first, then add its evidence"))?;
    Ok(app
        .store
        .add_attachment(
            ctx,
            Owner::EvaluationClaim(claim.id),
            file.filename,
            file.content_type,
            false,
            file.data,
        )
        .await?)
}

/// The year's evaluation as a sheet: a row an indicator with its weight, claim, review and
/// evidence; `padu-evaluasi-{year}-{today}.xlsx`.
pub async fn sheet(
    app: &App,
    actor: &Actor,
    year: i64,
    format: Format,
    today: NaiveDate,
    label: &(dyn Fn(&str) -> String + Sync),
) -> Result<SheetFile, AppError> {
    let v = evaluation(app, actor, year).await?;
    let rows = v
        .rows
        .iter()
        .map(|r| {
            let c = r.claim.as_ref();
            vec![
                r.domain.to_string(),
                r.aspect.to_string(),
                r.number.to_string(),
                r.name.clone(),
                padu_domain::evaluasi::instrument::shown(r.weight),
                c.map(|c| c.level.to_string()).unwrap_or_default(),
                c.map(|c| c.justification.clone()).unwrap_or_default(),
                c.map(|c| {
                    c.links
                        .iter()
                        .map(|l| format!("{} ({})", l.label, l.href))
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default(),
                c.and_then(|c| c.verdict.as_deref().map(label))
                    .unwrap_or_default(),
                c.map(|c| c.final_level().to_string()).unwrap_or_default(),
                c.map(|c| c.review_note.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    SheetFile::whole(
        &format!("evaluasi-{year}"),
        today,
        format,
        &[
            "Domain",
            "Aspek",
            "Indikator",
            "Nama indikator",
            "Bobot",
            "Tingkat diklaim",
            "Penjelasan",
            "Bukti",
            "Reviu asesor",
            "Tingkat akhir",
            "Catatan asesor",
        ],
        rows,
    )
}
