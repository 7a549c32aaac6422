//! An indicator of a year's evaluation: its levels with their criteria and the evidence it
//! asks, the claim (a level chosen by its words, the justification, the records Padu proposes
//! ticked, other links, files), the warnings where the level lacks the records it asks, and
//! the assessor's review.

use super::pages::tabs;
use crate::app::evaluasi::{self, IndicatorView};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{layout, session_upload, OrPage, UiResult};
use crate::web::kit::upload::{accepted_type, MAX_BYTES};
use crate::web::kit::{ApiError, Caller, SessionForm, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use maud::{html, Markup};
use padu_domain::evaluasi::VERDICTS;
use padu_store::attachments::NewFile;
use padu_store::evaluasi::evaluations::{ClaimInput, ClaimReview, EvidenceLink};
use std::collections::HashMap;

fn here(year: i64, number: i64) -> String {
    format!("/evaluasi/{year}/indikator/{number}")
}

pub(super) async fn indicator_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path((year, number)): Path<(i64, i64)>,
) -> UiResult {
    let lang = caller.lang;
    let v = evaluasi::indicator(&state, &caller.actor, year, number)
        .await
        .or_page(&state, &caller)?;
    let title = format!(
        "{} {year} — {}. {}",
        t(lang, "eval.title"),
        v.indicator.number,
        v.indicator.name
    );
    Ok(layout(
        &state,
        &caller,
        &title,
        html! {
            (tabs(lang, "/evaluasi"))
            p.noprint { a href={ "/evaluasi/" (year) } { "← " (t(lang, "eval.title")) " " (year) } }
            p { (v.domain) " · " (v.aspect) " · " (t(lang, "eval.weight")) " " (padu_domain::evaluasi::instrument::shown(v.indicator.weight)) }
            (levels(lang, &v))
            @if !v.indicator.evidence.is_empty() {
                h2 { (t(lang, "eval.evidence_asked")) }
                ul { @for e in &v.indicator.evidence { li { (e) } } }
            }
            @for s in &v.lacking {
                p.warn role="alert" { (t(lang, "eval.lacks_long")) " " (t(lang, &format!("eval.source.{s}"))) }
            }
            h2 { (t(lang, "eval.claim")) }
            (claim_section(lang, &caller, &v))
            h2 { (t(lang, "eval.review")) }
            (review_section(lang, &caller, &v))
        },
    ))
}

fn levels(lang: Lang, v: &IndicatorView) -> Markup {
    html! {
        table #indicator-levels {
            thead { tr { th.num { (t(lang, "eval.level")) } th { (t(lang, "eval.level_name")) } th { (t(lang, "eval.criteria")) } } }
            tbody {
                @for (n, l) in v.indicator.levels.iter().enumerate() {
                    tr { td.num { (n + 1) } td { (l.name) } td { (l.criteria) } }
                }
            }
        }
    }
}

fn claim_section(lang: Lang, caller: &Caller, v: &IndicatorView) -> Markup {
    let c = v.claim.as_ref();
    let proposal_hrefs: Vec<&str> = v.proposals.iter().map(|p| p.href.as_str()).collect();
    let other_links: Vec<String> = c
        .map(|c| {
            c.links
                .iter()
                .filter(|l| !proposal_hrefs.contains(&l.href.as_str()))
                .map(|l| format!("{} | {}", l.label, l.href))
                .collect()
        })
        .unwrap_or_default();
    let ticked = |href: &str| c.is_some_and(|c| c.links.iter().any(|l| l.href == href));
    let shown = html! {
        @if let Some(c) = c {
            table.facts #indicator-claim {
                tr { th { (t(lang, "eval.claimed_level")) } td { (super::pages::level_words_of(&v.indicator, c.level)) } }
                tr { th { (t(lang, "eval.justification")) } td { (c.justification) } }
                tr { th { (t(lang, "eval.links")) } td {
                    @for l in &c.links { a href=(l.href) { (l.label) } br; }
                } }
                tr { th { (t(lang, "eval.files")) } td {
                    @for f in &v.files { a href={ "/lampiran/" (f.id) } { (f.filename) } br; }
                } }
                tr { th { (t(lang, "eval.claimed_by")) } td { (c.claimed_by) " · " (c.claimed_at.get(..10).unwrap_or_default()) } }
            }
        } @else {
            p.muted { (t(lang, "eval.not_claimed")) }
        }
    };
    if !v.may_claim {
        return shown;
    }
    let level = c.map(|c| c.level).unwrap_or(0);
    html! {
        (shown)
        form.card method="post" action=(here(v.year, i64::from(v.indicator.number))) {
            input type="hidden" name="csrf" value=(caller.csrf());
            fieldset {
                legend { (t(lang, "eval.claimed_level")) }
                @for (n, l) in v.indicator.levels.iter().enumerate() {
                    label.choice {
                        input type="radio" name="level" value=(n + 1) checked[level == n as i64 + 1] required;
                        " " strong { (n + 1) " · " (l.name) } " — " (l.criteria)
                    }
                }
            }
            label { (t(lang, "eval.justification"))
                textarea name="justification" rows="4" required { (c.map(|c| c.justification.as_str()).unwrap_or_default()) }
            }
            @if !v.proposals.is_empty() {
                fieldset {
                    legend { (t(lang, "eval.proposals")) }
                    @for p in &v.proposals {
                        label.choice {
                            input type="checkbox" name={ "proposal." (p.source) } value="on" checked[ticked(&p.href)] disabled[p.count == 0];
                            " " (t(lang, &format!("eval.source.{}", p.source))) " — " (p.count) " " (t(lang, "eval.records"))
                            " (" (t(lang, "eval.from_level")) " " (p.from_level) ")"
                        }
                    }
                }
            }
            label { (t(lang, "eval.other_links"))
                textarea name="links" rows="3" placeholder="Peraturan Bupati | https://jdih.example.go.id/perbup-12" { (other_links.join("\n")) }
            }
            button type="submit" { (t(lang, "eval.save_claim")) }
        }
        @if c.is_some() {
            form.card method="post" action={ (here(v.year, i64::from(v.indicator.number))) "/berkas" } enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "eval.file")) " " input type="file" name="file" required; }
                button type="submit" { (t(lang, "eval.add_file")) }
            }
        }
    }
}

fn review_section(lang: Lang, caller: &Caller, v: &IndicatorView) -> Markup {
    let c = v.claim.as_ref();
    html! {
        @match c.and_then(|c| c.verdict.as_deref()) {
            Some(verdict) => {
                table.facts #indicator-review {
                    tr { th { (t(lang, "eval.verdict")) } td { (value_label(lang, verdict)) } }
                    @if verdict == "revisi" {
                        tr { th { (t(lang, "eval.final_level")) } td { (super::pages::level_words_of(&v.indicator, c.map(|c| c.final_level()).unwrap_or_default())) } }
                    }
                    tr { th { (t(lang, "eval.note")) } td { (c.map(|c| c.review_note.as_str()).unwrap_or_default()) } }
                    tr { th { (t(lang, "eval.reviewed_by")) } td { (c.and_then(|c| c.reviewed_by.as_deref()).unwrap_or_default()) } }
                }
            }
            None => { p.muted { (t(lang, "eval.awaiting_review")) } }
        }
        @if v.may_review && c.is_some() {
            form.card method="post" action={ (here(v.year, i64::from(v.indicator.number))) "/reviu" } {
                input type="hidden" name="csrf" value=(caller.csrf());
                fieldset {
                    legend { (t(lang, "eval.verdict")) }
                    @for verdict in VERDICTS {
                        label.choice { input type="radio" name="verdict" value=(verdict) required; " " (value_label(lang, verdict)) }
                    }
                }
                label { (t(lang, "eval.revised_level"))
                    select name="level" {
                        option value="" { "—" }
                        @for (n, l) in v.indicator.levels.iter().enumerate() { option value=(n + 1) { (n + 1) " · " (l.name) } }
                    }
                }
                label { (t(lang, "eval.note")) textarea name="note" rows="3" {} }
                button type="submit" { (t(lang, "eval.save_review")) }
            }
        }
    }
}

/// The claim form: `level`, `justification`, `proposal.{source}` ticked, and `links` a line
/// each as "label | address" (a line with only an address is its own label).
pub(super) async fn claim_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path((year, number)): Path<(i64, i64)>,
    SessionForm(f): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let lang = caller.lang;
    let level = f
        .get("level")
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| ApiError::invalid("level", "must be 1–5"))
        .or_page(&state, &caller)?;
    let v = evaluasi::indicator(&state, &caller.actor, year, number)
        .await
        .or_page(&state, &caller)?;
    let mut links: Vec<EvidenceLink> = v
        .proposals
        .iter()
        .filter(|p| f.contains_key(&format!("proposal.{}", p.source)))
        .map(|p| EvidenceLink {
            label: t(lang, &format!("eval.source.{}", p.source)).to_string(),
            href: p.href.clone(),
        })
        .collect();
    for line in f
        .get("links")
        .map(String::as_str)
        .unwrap_or_default()
        .lines()
    {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (label, href) = line.rsplit_once('|').unwrap_or((line, line));
        links.push(EvidenceLink {
            label: label.trim().to_string(),
            href: href.trim().to_string(),
        });
    }
    let input = ClaimInput {
        indicator: number,
        level,
        justification: f.get("justification").cloned().unwrap_or_default(),
        links,
    };
    evaluasi::claim(&state, &caller.actor, &caller.audit_ctx(), year, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("{}?pesan=saved", here(year, number))).into_response())
}

pub(super) async fn file_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path((year, number)): Path<(i64, i64)>,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, MAX_BYTES).await?;
    let file = NewFile {
        filename: &up.filename,
        content_type: accepted_type(&up).or_page(&state, &caller)?,
        data: &up.data,
    };
    evaluasi::add_file(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        year,
        number,
        &file,
    )
    .await
    .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("{}?pesan=saved", here(year, number))).into_response())
}

pub(super) async fn review_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path((year, number)): Path<(i64, i64)>,
    SessionForm(f): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let level = match f.get("level").map(|l| l.trim()).unwrap_or_default() {
        "" => None,
        l => Some(
            l.parse()
                .map_err(|_| ApiError::invalid("level", "must be 1–5"))
                .or_page(&state, &caller)?,
        ),
    };
    let input = ClaimReview {
        verdict: f.get("verdict").cloned().unwrap_or_default(),
        level,
        note: f.get("note").cloned().unwrap_or_default(),
    };
    evaluasi::review(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        year,
        number,
        &input,
    )
    .await
    .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("{}?pesan=saved", here(year, number))).into_response())
}
