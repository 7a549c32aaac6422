//! The evaluation instruments: those loaded, with the years evaluated on each, a form to load a
//! region's file (a successor such as the Indeks Pemerintah Digital), and an instrument's
//! structure with its weights, levels and the evidence each indicator asks.

use super::pages::tabs;
use crate::app::evaluasi;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{layout, session_upload, OrPage, UiResult};
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;
use padu_domain::evaluasi::instrument::shown;
use padu_domain::evaluasi::CLAIMS_LEVELS;

pub(super) async fn list_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let list = evaluasi::instruments(&state)
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "eval.instruments"),
        html! {
            (tabs(lang, "/evaluasi/instrumen"))
            p.muted { (t(lang, "eval.instruments_intro")) }
            table #instruments {
                thead { tr {
                    th { (t(lang, "eval.instrument")) }
                    th { (t(lang, "eval.loaded")) }
                    th { (t(lang, "eval.years")) }
                } }
                tbody {
                    @for i in &list {
                        tr {
                            td { a href={ "/evaluasi/instrumen/" (i.code) } { (i.name) } br; span.muted { (i.code) } }
                            td { (i.loaded_at.get(..10).unwrap_or_default()) " · " (i.loaded_by) }
                            td { (i.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", ")) }
                        }
                    }
                }
            }
            @if CLAIMS_LEVELS.admits(&caller.actor).is_ok() {
                form.card method="post" action="/evaluasi/instrumen" enctype="multipart/form-data" {
                    h2 { (t(lang, "eval.load")) }
                    input type="hidden" name="csrf" value=(caller.csrf());
                    p.muted { (t(lang, "eval.load_intro")) }
                    label { (t(lang, "eval.instrument_file")) " " input type="file" name="file" accept=".toml" required; }
                    button type="submit" { (t(lang, "eval.load")) }
                }
            }
        },
    ))
}

pub(super) async fn load_submit(
    State(state): State<SharedState>,
    caller: Caller,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, 1 << 20).await?;
    let i = evaluasi::load(&state, &caller.actor, &caller.audit_ctx(), &up.data)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/evaluasi/instrumen/{}?pesan=saved", i.code)).into_response())
}

pub(super) async fn instrument_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(code): Path<String>,
) -> UiResult {
    let lang = caller.lang;
    let i = evaluasi::instrument(&state, &code)
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        &i.name,
        html! {
            (tabs(lang, "/evaluasi/instrumen"))
            @if !i.source.is_empty() { p { (i.source) } }
            table.facts #instrument-predicates {
                @for p in &i.predicates {
                    tr { th { (p.name) } td { "≥ " (shown(p.from)) } }
                }
            }
            @for d in &i.domains {
                h2 { (t(lang, "eval.domain")) " " (d.number) ". " (d.name) " (" (shown(d.weight)) ")" }
                @for a in &d.aspects {
                    h3 { (t(lang, "eval.aspect")) " " (a.number) ". " (a.name) " (" (shown(a.weight)) ")" }
                    @for ind in &a.indicators {
                        details {
                            summary { (ind.number) ". " (ind.name) " — " (t(lang, "eval.weight")) " " (shown(ind.weight)) }
                            ol { @for l in &ind.levels { li { strong { (l.name) } " — " (l.criteria) } } }
                            @if !ind.evidence.is_empty() {
                                p { (t(lang, "eval.evidence_asked")) ": " (ind.evidence.join("; ")) }
                            }
                        }
                    }
                }
            }
        },
    ))
}
