//! Formulir 3.0 (Penilaian Risiko SPBE), 4.0 (Rencana Penanganan Risiko SPBE) and 5.0 (Laporan
//! Pemantauan Risiko SPBE) over the risks
//! the caller may read, as printable pages in the national column order, and as CSV or XLSX
//! (`?format=xlsx`).

use super::risks::RiskParams;
use crate::app::manajemen::{self, RiskForm};
use crate::app::registers::Format;
use crate::web::kit::i18n::{t, value_label};
use crate::web::kit::layout::{layout, OrPage, UiResult};
use crate::web::kit::{query, Caller, Routes, SharedState};
use axum::extract::{Path, RawQuery, State};
use maud::html;
use padu_domain::Gate;
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new().get(
        "/manajemen/risiko/formulir/{form}",
        Gate::SignedIn,
        form_page,
    )
}

/// The download's format; the rest of the query is the risks' filters (`RiskParams`, read
/// on its own: flattening would read every number as text).
#[derive(Deserialize)]
struct FormatQuery {
    format: Option<String>,
}

async fn form_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(form): Path<String>,
    RawQuery(raw): RawQuery,
) -> UiResult {
    let lang = caller.lang;
    let form = RiskForm::parse(&form).or_page(&state, &caller)?;
    let risks: RiskParams = query(raw.as_deref()).or_page(&state, &caller)?;
    let q: FormatQuery = query(raw.as_deref()).or_page(&state, &caller)?;
    let filters = risks.filters();
    let label = |v: &str| value_label(lang, v);
    if let Some(format) = q.format.as_deref() {
        let format = Format::parse(Some(format)).or_page(&state, &caller)?;
        let sheet = manajemen::form_sheet(
            &state,
            &caller.actor,
            &filters,
            form,
            format,
            caller.today(),
            &label,
        )
        .await
        .or_page(&state, &caller)?;
        return Ok(crate::web::kit::download::sheet_response(sheet));
    }
    let rows = manajemen::form_table(&state, &caller.actor, &filters, form, &label)
        .await
        .or_page(&state, &caller)?;
    let title = t(lang, &format!("risk.form.{}", form.number()));
    let keep = risks.query_string();
    Ok(layout(
        &state,
        &caller,
        title,
        html! {
            (super::risks::tabs(lang, &format!("/manajemen/risiko/formulir/{}", form.number())))
            p.noprint {
                a href={ "/manajemen/risiko/formulir/" (form.number()) "?" (keep) "&format=xlsx" } { (t(lang, "risk.form.xlsx")) }
                " · " a href={ "/manajemen/risiko/formulir/" (form.number()) "?" (keep) "&format=csv" } { (t(lang, "risk.form.csv")) }
            }
            @if rows.is_empty() {
                p.muted { (t(lang, "risk.none")) }
            } @else {
                div.wide {
                    table.form-sheet #risk-form {
                        thead { tr { @for h in form.header() { th { (h) } } } }
                        tbody {
                            @for row in &rows {
                                tr { @for c in row { td { (c) } } }
                            }
                        }
                    }
                }
            }
        },
    ))
}
