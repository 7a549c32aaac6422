//! The national forms over the risk register, in their usual column order (PermenPANRB 5/2020):
//! Formulir 3.0 Penilaian Risiko SPBE, 4.0 Rencana Penanganan Risiko SPBE and 5.0 Laporan
//! Pemantauan Risiko SPBE (a row a risk a quarter), as rows for a printable page and as a CSV
//! or XLSX sheet.

use super::risks::{all_assessed, AssessedRisk};
use crate::app::registers::{Format, SheetFile};
use crate::app::{App, AppError};
use chrono::NaiveDate;
use padu_domain::manajemen::risk::Assessment;
use padu_domain::Actor;
use padu_store::registers::Filters;

/// Which national form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskForm {
    /// 3.0 Penilaian Risiko SPBE.
    Assessment,
    /// 4.0 Rencana Penanganan Risiko SPBE.
    Treatment,
    /// 5.0 Laporan Pemantauan Risiko SPBE.
    Monitoring,
}

impl RiskForm {
    /// `3` or `4`, as the page's address names them.
    pub fn parse(s: &str) -> Result<RiskForm, AppError> {
        match s {
            "3" => Ok(RiskForm::Assessment),
            "4" => Ok(RiskForm::Treatment),
            "5" => Ok(RiskForm::Monitoring),
            other => Err(AppError::invalid(
                "form",
                format!("no form {other}; 3 (penilaian), 4 (rencana penanganan) or 5 (pemantauan)"),
            )),
        }
    }

    pub fn number(self) -> &'static str {
        match self {
            RiskForm::Assessment => "3",
            RiskForm::Treatment => "4",
            RiskForm::Monitoring => "5",
        }
    }

    /// The columns, as the form heads them (Bahasa Indonesia: the form is the national one).
    pub fn header(self) -> &'static [&'static str] {
        match self {
            RiskForm::Assessment => &[
                "No",
                "Perangkat Daerah",
                "Tahun",
                "Kategori risiko",
                "Jenis risiko",
                "Kejadian risiko",
                "Penyebab",
                "Dampak",
                "Area dampak",
                "Pengendalian yang ada",
                "Kemungkinan",
                "Dampak (level)",
                "Besaran risiko",
                "Level risiko",
                "Keputusan penanganan",
                "Prioritas",
            ],
            RiskForm::Treatment => &[
                "No",
                "Perangkat Daerah",
                "Tahun",
                "Kejadian risiko",
                "Level risiko",
                "Prioritas",
                "Opsi penanganan",
                "Rencana aksi",
                "Target waktu",
                "Penanggung jawab",
                "Kemungkinan residual",
                "Dampak residual",
                "Besaran residual",
                "Level residual",
            ],
            RiskForm::Monitoring => &[
                "No",
                "Perangkat Daerah",
                "Tahun",
                "Triwulan",
                "Kejadian risiko",
                "Level risiko awal",
                "Rencana aksi",
                "Penanggung jawab",
                "Status rencana aksi",
                "Kemungkinan",
                "Dampak (level)",
                "Besaran risiko",
                "Level risiko",
                "Keterangan",
            ],
        }
    }
}

/// The risks a form lists: those `actor` may read that match `filters`, by PD, year, then
/// priority (unprioritised last) and event.
async fn form_rows(
    app: &App,
    actor: &Actor,
    filters: &Filters,
    form: RiskForm,
) -> Result<Vec<AssessedRisk>, AppError> {
    let mut rows = all_assessed(app, actor, filters).await?;
    if form == RiskForm::Treatment {
        rows.retain(|r| r.risk.fields.decision == "ditangani");
    }
    fn key(r: &AssessedRisk) -> (Option<&str>, i64, i64, &str) {
        let f = &r.risk.fields;
        (
            r.risk.pd_name.as_deref(),
            f.period_year,
            f.priority.unwrap_or(i64::MAX),
            &f.event,
        )
    }
    rows.sort_by(|a, b| key(a).cmp(&key(b)));
    Ok(rows)
}

/// The form's rows as its columns hold them, numbered: a row a risk for 3.0 and 4.0, a row a
/// risk a quarter monitored for 5.0 (by PD, year, quarter, then the risk's order).
pub async fn form_table(
    app: &App,
    actor: &Actor,
    filters: &Filters,
    form: RiskForm,
    label: &(dyn Fn(&str) -> String + Sync),
) -> Result<Vec<Vec<String>>, AppError> {
    let risks = form_rows(app, actor, filters, form).await?;
    if form != RiskForm::Monitoring {
        return Ok(risks
            .iter()
            .enumerate()
            .map(|(i, r)| cells(form, i + 1, r, label))
            .collect());
    }
    use padu_store::manajemen::risk_reviews::RiskReviewInput;
    let reviews = app
        .store
        .all_records::<RiskReviewInput>(&padu_domain::ReadScope::of(actor), &Filters::new())
        .await?;
    let mut rows: Vec<(&AssessedRisk, &RiskReviewInput)> = reviews
        .iter()
        .filter_map(|rv| {
            let risk = risks.iter().find(|r| r.risk.id == rv.fields.risk_id)?;
            Some((risk, &rv.fields))
        })
        .collect();
    rows.sort_by_key(|(r, rv)| {
        (
            r.risk.pd_name.clone(),
            rv.period_year,
            rv.quarter,
            r.risk.fields.priority.unwrap_or(i64::MAX),
            r.risk.fields.event.clone(),
        )
    });
    let scale = &app.profile().risk;
    Ok(rows
        .into_iter()
        .enumerate()
        .map(|(i, (r, rv))| {
            let now = padu_domain::manajemen::risk::assess_stored(scale, rv.likelihood, rv.impact);
            vec![
                (i + 1).to_string(),
                r.risk.pd_name.clone().unwrap_or_default(),
                rv.period_year.to_string(),
                rv.quarter.to_string(),
                r.risk.fields.event.clone(),
                r.inherent
                    .as_ref()
                    .map(|a| label(a.level.as_str()))
                    .unwrap_or_default(),
                r.risk.fields.action_plan.clone(),
                r.risk.fields.action_owner.clone(),
                label(&rv.action_status),
                rv.likelihood.to_string(),
                rv.impact.to_string(),
                now.as_ref()
                    .map(|a| a.value.to_string())
                    .unwrap_or_default(),
                now.as_ref()
                    .map(|a| label(a.level.as_str()))
                    .unwrap_or_default(),
                rv.note.clone(),
            ]
        })
        .collect())
}

/// One row's cells, as the form's columns hold them; `label` gives a vocabulary value's words.
fn cells(
    form: RiskForm,
    number: usize,
    r: &AssessedRisk,
    label: &(dyn Fn(&str) -> String + Sync),
) -> Vec<String> {
    let f = &r.risk.fields;
    let value =
        |a: Option<&Assessment>, pick: fn(&Assessment) -> String| a.map(pick).unwrap_or_default();
    let level = |a: Option<&Assessment>| a.map(|a| label(a.level.as_str())).unwrap_or_default();
    let common = [
        number.to_string(),
        r.risk.pd_name.clone().unwrap_or_default(),
        f.period_year.to_string(),
    ];
    let rest = match form {
        RiskForm::Assessment | RiskForm::Monitoring => vec![
            label(&f.category),
            label(&f.kind),
            f.event.clone(),
            f.cause.clone(),
            f.effect.clone(),
            label(&f.impact_area),
            f.existing_controls.clone(),
            f.likelihood.to_string(),
            f.impact.to_string(),
            value(r.inherent.as_ref(), |a| a.value.to_string()),
            level(r.inherent.as_ref()),
            label(&f.decision),
            f.priority.map(|p| p.to_string()).unwrap_or_default(),
        ],
        RiskForm::Treatment => vec![
            f.event.clone(),
            level(r.inherent.as_ref()),
            f.priority.map(|p| p.to_string()).unwrap_or_default(),
            f.treatment.as_deref().map(label).unwrap_or_default(),
            f.action_plan.clone(),
            f.action_due
                .map(|d| d.format("%d-%m-%Y").to_string())
                .unwrap_or_default(),
            f.action_owner.clone(),
            f.residual_likelihood
                .map(|v| v.to_string())
                .unwrap_or_default(),
            f.residual_impact.map(|v| v.to_string()).unwrap_or_default(),
            value(r.residual.as_ref(), |a| a.value.to_string()),
            level(r.residual.as_ref()),
        ],
    };
    common.into_iter().chain(rest).collect()
}

/// The form as a sheet, `padu-formulir-3-{today}.xlsx`.
pub async fn form_sheet(
    app: &App,
    actor: &Actor,
    filters: &Filters,
    form: RiskForm,
    format: Format,
    today: NaiveDate,
    label: &(dyn Fn(&str) -> String + Sync),
) -> Result<SheetFile, AppError> {
    let cells = form_table(app, actor, filters, form, label).await?;
    SheetFile::whole(
        &format!("formulir-{}", form.number()),
        today,
        format,
        form.header(),
        cells,
    )
}
