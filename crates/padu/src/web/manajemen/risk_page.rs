//! One risk: everything its register entry holds (Formulir 3.0's row and 4.0's plan), its
//! inherent and residual assessment, its monitoring quarter by quarter with the trend of its
//! value (Formulir 5.0), and the form that records a quarter's monitoring.

use crate::app::manajemen::{self, MonitorInput, RiskView};
use crate::web::kit::chart::trend;
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{day, edit_link, layout, OrPage, UiResult};
use crate::web::kit::{Caller, Routes, SessionForm, SharedState};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use chrono::Datelike;
use maud::{html, Markup};
use padu_domain::catalog::KEEPS_REGISTERS;
use padu_domain::manajemen::risk::{ACTION_STATUSES, SCALE};
use padu_domain::Gate;
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .get("/manajemen/risiko/{id}", Gate::SignedIn, risk_page)
        .post(
            "/manajemen/risiko/{id}/pemantauan",
            KEEPS_REGISTERS,
            monitor_submit,
        )
}

async fn risk_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let v = manajemen::risk(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let r = &v.risk.risk;
    Ok(layout(
        &state,
        &caller,
        &r.fields.event,
        html! {
            p.noprint { a href="/manajemen/risiko" { "← " (t(lang, "risk.title")) } " · " (edit_link(&caller, r)) }
            (facts(lang, &v))
            (history(lang, &v))
            @if KEEPS_REGISTERS.admits(&caller.actor).is_ok() {
                (monitor_form(lang, &caller, &v))
            }
        },
    ))
}

fn facts(lang: Lang, v: &RiskView) -> Markup {
    let a = &v.risk;
    let f = &a.risk.fields;
    let text = super::or_dash;
    html! {
        table.facts {
            tr { th { (t(lang, "catalog.pd")) } td { (a.risk.pd_name.as_deref().unwrap_or_default()) } }
            tr { th { (t(lang, "field.period_year")) } td { (f.period_year) } }
            tr { th { (t(lang, "field.kind")) } td { (value_label(lang, &f.kind)) } }
            tr { th { (t(lang, "field.category")) } td { (value_label(lang, &f.category)) } }
            tr { th { (t(lang, "field.impact_area")) } td { (value_label(lang, &f.impact_area)) } }
            tr { th { (t(lang, "field.cause")) } td { (f.cause) } }
            tr { th { (t(lang, "field.effect")) } td { (f.effect) } }
            tr { th { (t(lang, "field.existing_controls")) } td { (text(&f.existing_controls)) } }
            tr { th { (t(lang, "risk.inherent")) } td { (super::risks::assessment(lang, a.inherent.as_ref())) } }
            tr { th { (t(lang, "field.decision")) } td { (value_label(lang, &f.decision)) } }
            tr { th { (t(lang, "field.treatment")) } td { @if let Some(tr) = &f.treatment { (value_label(lang, tr)) } @else { "—" } } }
            tr { th { (t(lang, "field.action_plan")) } td { (text(&f.action_plan)) } }
            tr { th { (t(lang, "field.action_owner")) } td { (text(&f.action_owner)) } }
            tr { th { (t(lang, "field.action_due")) } td { @if let Some(d) = f.action_due { (day(d)) } @else { "—" } } }
            tr { th { (t(lang, "risk.residual")) } td { (super::risks::assessment(lang, a.residual.as_ref())) } }
        }
    }
}

fn history(lang: Lang, v: &RiskView) -> Markup {
    let points: Vec<(String, u32)> = v
        .reviews
        .iter()
        .filter_map(|r| {
            let a = r.assessment.as_ref()?;
            let f = &r.review.fields;
            Some((
                format!("T{} {}", f.quarter, f.period_year),
                u32::from(a.value),
            ))
        })
        .collect();
    html! {
        h2 { (t(lang, "risk.monitoring")) }
        @if v.reviews.is_empty() {
            p.muted { (t(lang, "risk.monitoring_none")) }
        } @else {
            (trend(t(lang, "risk.trend"), &points, 25))
            table #monitoring {
                thead { tr {
                    th { (t(lang, "field.quarter")) }
                    th { (t(lang, "field.action_status")) }
                    th { (t(lang, "risk.assessment")) }
                    th { (t(lang, "field.note")) }
                } }
                tbody {
                    @for r in &v.reviews {
                        @let f = &r.review.fields;
                        tr {
                            td { (t(lang, "risk.quarter_short")) " " (f.quarter) " " (f.period_year) }
                            td { (value_label(lang, &f.action_status)) }
                            td { (super::risks::assessment(lang, r.assessment.as_ref())) }
                            td { (f.note) }
                        }
                    }
                }
            }
        }
    }
}

fn monitor_form(lang: Lang, caller: &Caller, v: &RiskView) -> Markup {
    let today = caller.today();
    let year = today.year();
    let quarter = today.month0() / 3 + 1;
    let f = &v.risk.risk.fields;
    let (likelihood, impact) = v
        .reviews
        .last()
        .map(|r| (r.review.fields.likelihood, r.review.fields.impact))
        .or(f.residual_likelihood.zip(f.residual_impact))
        .unwrap_or((f.likelihood, f.impact));
    let scale = |name: &str, label: &str, current: i64| {
        html! {
            label { (t(lang, label)) " " select name=(name) {
                @for n in SCALE { option value=(n) selected[i64::from(n) == current] { (n) " — " (t(lang, &format!("risk.{name}.{n}"))) } }
            } }
        }
    };
    html! {
        form.card method="post" action={ "/manajemen/risiko/" (v.risk.risk.id) "/pemantauan" } {
            h2 { (t(lang, "risk.monitor")) }
            input type="hidden" name="csrf" value=(caller.csrf());
            label { (t(lang, "field.period_year")) " " input type="number" name="period_year" required min="2000" max=(year) value=(year); }
            label { (t(lang, "field.quarter")) " " select name="quarter" {
                @for q in 1..=4u32 { option value=(q) selected[q == quarter] { (t(lang, "risk.quarter_short")) " " (q) } }
            } }
            label { (t(lang, "field.action_status")) " " select name="action_status" {
                @for s in ACTION_STATUSES { option value=(s) { (value_label(lang, s)) } }
            } }
            (scale("likelihood", "field.likelihood", likelihood))
            (scale("impact", "field.impact", impact))
            label { (t(lang, "field.note")) textarea name="note" rows="3" {} }
            button type="submit" { (t(lang, "risk.monitor_save")) }
        }
    }
}

#[derive(Deserialize)]
struct MonitorForm {
    period_year: String,
    quarter: String,
    action_status: String,
    likelihood: String,
    impact: String,
    #[serde(default)]
    note: String,
}

async fn monitor_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<MonitorForm>,
) -> UiResult {
    let number = |field: &str, v: &str| {
        v.trim()
            .parse::<i64>()
            .map_err(|_| crate::web::kit::ApiError::invalid(field, "is not a whole number"))
    };
    let input = (|| {
        Ok::<_, crate::web::kit::ApiError>(MonitorInput {
            period_year: number("period_year", &f.period_year)?,
            quarter: number("quarter", &f.quarter)?,
            action_status: f.action_status.clone(),
            likelihood: number("likelihood", &f.likelihood)?,
            impact: number("impact", &f.impact)?,
            note: f.note.clone(),
        })
    })()
    .or_page(&state, &caller)?;
    manajemen::monitor(&state, &caller.actor, &caller.audit_ctx(), id, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/manajemen/risiko/{id}?pesan=saved")).into_response())
}
