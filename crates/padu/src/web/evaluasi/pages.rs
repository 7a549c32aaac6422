//! The evaluation's pages: every year with its index and predicate (and a form to start this
//! year's), and a year's evaluation: the index by domain and aspect, the earlier years beside
//! it, where a level gained counts most, and every indicator with its claim, review and
//! warnings, leading to the indicator's page.

use crate::app::evaluasi::{self, EvaluationSummary, EvaluationView, IndicatorRow};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{layout, OrPage, UiResult};
use crate::web::kit::{Caller, SessionForm, SharedState};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use chrono::Datelike;
use maud::{html, Markup};
use padu_domain::evaluasi::index::Score;
use padu_domain::evaluasi::instrument::{shown, Indicator, Instrument};
use serde::Deserialize;

pub(super) fn tabs(lang: Lang, here: &str) -> Markup {
    crate::web::kit::layout::tabs(
        lang,
        here,
        &[
            ("/evaluasi", "eval.tab.years"),
            ("/evaluasi/instrumen", "eval.tab.instruments"),
        ],
    )
}

/// A level as people say it: its number and its name on the indicator's scale.
pub(super) fn level_words(instrument: &Instrument, indicator: u32, level: i64) -> String {
    match instrument.indicator(indicator) {
        Some(i) => level_words_of(i, level),
        None => level.to_string(),
    }
}

pub(super) fn level_words_of(indicator: &Indicator, level: i64) -> String {
    usize::try_from(level - 1)
        .ok()
        .and_then(|n| indicator.levels.get(n))
        .map(|l| format!("{level} · {}", l.name))
        .unwrap_or_else(|| level.to_string())
}

pub(super) async fn overview_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let years = evaluasi::overview(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    let instruments = evaluasi::instruments(&state)
        .await
        .or_page(&state, &caller)?;
    let may_start = padu_domain::evaluasi::CLAIMS_LEVELS
        .admits(&caller.actor)
        .is_ok();
    let this_year = caller.today().year();
    Ok(layout(
        &state,
        &caller,
        t(lang, "eval.title"),
        html! {
            (tabs(lang, "/evaluasi"))
            p.muted { (t(lang, "eval.intro")) }
            @if years.is_empty() {
                p { (t(lang, "eval.none")) }
            } @else {
                (years_table(lang, &years))
            }
            @if may_start && !years.iter().any(|y| y.year == i64::from(this_year)) {
                form.card method="post" action="/evaluasi" {
                    h2 { (t(lang, "eval.start")) }
                    input type="hidden" name="csrf" value=(caller.csrf());
                    label { (t(lang, "field.year")) " " input type="number" name="year" min="2018" max=(this_year) value=(this_year) required; }
                    label { (t(lang, "eval.instrument")) " "
                        select name="instrument" required {
                            @for i in &instruments { option value=(i.code) { (i.name) } }
                        }
                    }
                    button type="submit" { (t(lang, "eval.start")) }
                }
            }
        },
    ))
}

fn years_table(lang: Lang, years: &[EvaluationSummary]) -> Markup {
    html! {
        table #evaluation-years {
            thead { tr {
                th { (t(lang, "field.year")) }
                th { (t(lang, "eval.instrument")) }
                th.num { (t(lang, "eval.index")) }
                th { (t(lang, "eval.predicate")) }
                th.num { (t(lang, "eval.claimed")) }
                th.num { (t(lang, "eval.reviewed")) }
            } }
            tbody {
                @for y in years {
                    tr {
                        td { a href={ "/evaluasi/" (y.year) } { (y.year) } }
                        td { (y.instrument_name) }
                        td.num { strong { (y.index) } }
                        td { (y.predicate) }
                        td.num { (y.claimed) " / " (y.indicators) }
                        td.num { (y.reviewed) " / " (y.indicators) }
                    }
                }
            }
        }
    }
}

#[derive(Deserialize)]
pub(super) struct StartForm {
    year: String,
    instrument: String,
}

pub(super) async fn start_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<StartForm>,
) -> UiResult {
    let year: i64 = f
        .year
        .trim()
        .parse()
        .map_err(|_| crate::web::kit::ApiError::invalid("year", "a year"))
        .or_page(&state, &caller)?;
    evaluasi::start(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        year,
        &f.instrument,
    )
    .await
    .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/evaluasi/{year}?pesan=saved")).into_response())
}

#[derive(Deserialize)]
pub(super) struct YearQuery {
    format: Option<String>,
}

pub(super) async fn year_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(year): Path<i64>,
    Query(q): Query<YearQuery>,
) -> UiResult {
    let lang = caller.lang;
    if let Some(format) = q.format.as_deref() {
        let format = crate::app::registers::Format::parse(Some(format)).or_page(&state, &caller)?;
        let sheet = evaluasi::sheet(&state, &caller.actor, year, format, caller.today(), &|v| {
            crate::web::kit::i18n::value_label(caller.lang, v).to_string()
        })
        .await
        .or_page(&state, &caller)?;
        return Ok(crate::web::kit::download::sheet_response(sheet));
    }
    let v = evaluasi::evaluation(&state, &caller.actor, year)
        .await
        .or_page(&state, &caller)?;
    let title = format!("{} {year}", t(lang, "eval.title"));
    Ok(layout(
        &state,
        &caller,
        &title,
        html! {
            (tabs(lang, "/evaluasi"))
            p { (v.instrument.name) }
            table.facts #evaluation-index {
                tr { th { (t(lang, "eval.index")) } td { strong { (v.index.total.shown()) } " · " (v.index.predicate) } }
                tr { th { (t(lang, "eval.claimed_index")) } td { (v.claimed_index.total.shown()) " · " (v.claimed_index.predicate) } }
                tr { th { (t(lang, "eval.claimed")) } td { (v.rows.iter().filter(|r| r.claim.is_some()).count()) " / " (v.rows.len()) } }
                @if !v.index.missing.is_empty() {
                    tr { th { (t(lang, "eval.missing")) } td { (v.index.missing.len()) " " (t(lang, "eval.missing_note")) } }
                }
            }
            p.noprint {
                a href={ "/evaluasi/" (year) "/laporan" } { (t(lang, "report.title")) }
                " · "
                a href={ "/evaluasi/" (year) "?format=xlsx" } { (t(lang, "eval.export_xlsx")) }
                " · "
                a href={ "/evaluasi/" (year) "?format=csv" } { (t(lang, "eval.export_csv")) }
            }
            h2 { (t(lang, "eval.by_domain")) }
            (structure(lang, &v))
            @if !v.earlier.is_empty() {
                h2 { (t(lang, "eval.earlier")) }
                (comparison(lang, &v))
            }
            @if !v.gains.is_empty() {
                h2 { (t(lang, "eval.gains")) }
                p.muted { (t(lang, "eval.gains_intro")) }
                (gains(lang, &v))
            }
            h2 { (t(lang, "eval.indicators")) }
            (indicators(lang, &v))
        },
    ))
}

fn score_of(list: &[(u32, Score)], number: u32) -> Score {
    list.iter()
        .find(|(n, _)| *n == number)
        .map(|(_, s)| *s)
        .unwrap_or_default()
}

pub(super) fn structure(lang: Lang, v: &EvaluationView) -> Markup {
    let i = &v.instrument;
    html! {
        table #evaluation-domains {
            thead { tr {
                th { (t(lang, "eval.domain_aspect")) }
                th.num { (t(lang, "eval.weight")) }
                th.num { (t(lang, "eval.index")) }
                th { (t(lang, "eval.predicate")) }
            } }
            tbody {
                @for d in &i.domains {
                    @let s = score_of(&v.index.domains, d.number);
                    tr.group {
                        th scope="row" { (d.number) ". " (d.name) }
                        td.num { (shown(d.weight)) }
                        td.num { strong { (s.shown()) } }
                        td { (i.predicate_of(&s)) }
                    }
                    @for a in &d.aspects {
                        @let s = score_of(&v.index.aspects, a.number);
                        tr {
                            td { "— " (a.name) }
                            td.num { (shown(a.weight)) }
                            td.num { (s.shown()) }
                            td { (i.predicate_of(&s)) }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn comparison(lang: Lang, v: &EvaluationView) -> Markup {
    html! {
        table #evaluation-comparison {
            thead { tr {
                th { (t(lang, "field.year")) }
                th.num { (t(lang, "eval.index")) }
                th { (t(lang, "eval.predicate")) }
                @for d in &v.instrument.domains { th.num { (d.name) } }
            } }
            tbody {
                @for e in &v.earlier {
                    tr {
                        td { a href={ "/evaluasi/" (e.year) } { (e.year) } }
                        td.num { (e.index) }
                        td { (e.predicate) }
                        @for d in &v.instrument.domains {
                            td.num { (e.domains.iter().find(|(n, _)| *n == d.name).map(|(_, s)| s.as_str()).unwrap_or("—")) }
                        }
                    }
                }
                tr {
                    td { strong { (v.evaluation.year) } }
                    td.num { strong { (v.index.total.shown()) } }
                    td { (v.index.predicate) }
                    @for d in &v.instrument.domains { td.num { (score_of(&v.index.domains, d.number).shown()) } }
                }
            }
        }
    }
}

fn gains(lang: Lang, v: &EvaluationView) -> Markup {
    html! {
        table #evaluation-gains {
            thead { tr {
                th { (t(lang, "eval.indicator")) }
                th.num { (t(lang, "eval.weight")) }
                th.num { (t(lang, "eval.level")) }
                th.num { (t(lang, "eval.per_level")) }
                th.num { (t(lang, "eval.to_optimum")) }
            } }
            tbody {
                @for g in &v.gains {
                    tr {
                        td { a href={ "/evaluasi/" (v.evaluation.year) "/indikator/" (g.indicator) } { (g.indicator) ". " (v.instrument.indicator(g.indicator).map(|i| i.name.as_str()).unwrap_or_default()) } }
                        td.num { (shown(g.weight)) }
                        td.num { (g.level) }
                        td.num { "+" (format!("{:.3}", g.per_level)) }
                        td.num { "+" (format!("{:.3}", g.to_optimum)) }
                    }
                }
            }
        }
    }
}

fn indicators(lang: Lang, v: &EvaluationView) -> Markup {
    let row = |r: &IndicatorRow| {
        let c = r.claim.as_ref();
        html! {
            tr {
                td.num { (r.number) }
                td { a href={ "/evaluasi/" (v.evaluation.year) "/indikator/" (r.number) } { (r.name) } }
                td.num { (shown(r.weight)) }
                td { @if let Some(c) = c { (level_words(&v.instrument, r.number, c.level)) } @else { span.muted { (t(lang, "eval.not_claimed")) } } }
                td {
                    @match c.and_then(|c| c.verdict.as_deref()) {
                        Some(verdict) => { (value_label(lang, verdict)) @if verdict == "revisi" { " → " (c.map(|c| c.final_level()).unwrap_or_default()) } }
                        None => { @if c.is_some() { span.muted { (t(lang, "eval.awaiting_review")) } } }
                    }
                }
                td {
                    @for s in &r.lacking {
                        span.warn { (t(lang, "eval.lacks")) " " (t(lang, &format!("eval.source.{s}"))) } " "
                    }
                }
            }
        }
    };
    html! {
        table #evaluation-indicators {
            thead { tr {
                th.num { "No" }
                th { (t(lang, "eval.indicator")) }
                th.num { (t(lang, "eval.weight")) }
                th { (t(lang, "eval.claimed_level")) }
                th { (t(lang, "eval.review")) }
                th { (t(lang, "eval.warnings")) }
            } }
            tbody { @for r in &v.rows { (row(r)) } }
        }
    }
}
