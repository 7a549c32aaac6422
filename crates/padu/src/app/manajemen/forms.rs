//! The national forms over the risk register, in their usual column order (PermenPANRB 5/2020):
//! Formulir 3.0 Penilaian Risiko SPBE and Formulir 4.0 Rencana Penanganan Risiko SPBE, as rows
//! for a printable page and as a CSV or XLSX sheet.

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
}

impl RiskForm {
    /// `3` or `4`, as the page's address names them.
    pub fn parse(s: &str) -> Result<RiskForm, AppError> {
        match s {
            "3" => Ok(RiskForm::Assessment),
            "4" => Ok(RiskForm::Treatment),
            other => Err(AppError::invalid(
                "form",
                format!("no form {other}; 3 (penilaian) or 4 (rencana penanganan)"),
            )),
        }
    }

    pub fn number(self) -> &'static str {
        match self {
            RiskForm::Assessment => "3",
            RiskForm::Treatment => "4",
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
        }
    }
}

/// The risks a form lists: those `actor` may read that match `filters`, by PD, year, then
/// priority (unprioritised last) and event.
pub async fn form_rows(
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

/// One row's cells, as the form's columns hold them; `label` gives a vocabulary value's words.
pub fn cells(
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
        RiskForm::Assessment => vec![
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
    let rows = form_rows(app, actor, filters, form).await?;
    let cells = rows
        .iter()
        .enumerate()
        .map(|(i, r)| cells(form, i + 1, r, label))
        .collect();
    SheetFile::whole(
        &format!("formulir-{}", form.number()),
        today,
        format,
        form.header(),
        cells,
    )
}
