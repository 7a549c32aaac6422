//! One audit: what it is and where it stands, its steps so far, the form of its next step, its
//! work papers with their files, its findings with their follow-up, a security audit's ratings,
//! and its report as a printable document (Pessel Lampiran III Bab VI C f).

use super::audit_pages::{date, tabs};
use crate::app::evaluasi::{self, AuditView};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{layout, session_upload, OrPage, UiResult};
use crate::web::kit::upload::{accepted_type, MAX_BYTES};
use crate::web::kit::{ApiError, Caller, SessionForm, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use maud::{html, Markup};
use padu_domain::evaluasi::audit::{
    next_step, required_for, DESIGN_RATINGS, EFFECTIVENESS_RATINGS, IMPLEMENTATION_RATINGS,
    SEVERITIES,
};
use padu_store::attachments::NewFile;
use padu_store::evaluasi::audit_findings::{AuditFinding, FindingInput, FindingStep};
use padu_store::evaluasi::audits::{AuditStep, ControlRating, WorkPaperInput};
use std::collections::HashMap;

/// A form's field as sent (empty when missing, which the store names).
fn given(f: &HashMap<String, String>, name: &str) -> String {
    f.get(name).cloned().unwrap_or_default()
}

fn here(id: i64) -> String {
    format!("/audit-tik/{id}")
}

fn saved(id: i64) -> UiResult {
    Ok(Redirect::to(&format!("{}?pesan=saved", here(id))).into_response())
}

/// Whether work papers, findings and ratings are recorded at this step.
fn recording(step: &str) -> bool {
    ["pelaksanaan", "supervisi", "pelaporan"].contains(&step)
}

pub(super) async fn audit_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let v = evaluasi::audit(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let a = &v.audit;
    Ok(layout(
        &state,
        &caller,
        &a.title,
        html! {
            (tabs(lang, "/audit-tik"))
            p.noprint { a href="/audit-tik" { "← " (t(lang, "audittik.title")) } " · " a href={ (here(id)) "/laporan" } { (t(lang, "audittik.report_print")) } }
            (facts(lang, &v))
            h2 { (t(lang, "audittik.steps")) }
            ol #audit-events {
                @for e in &v.events {
                    li { strong { (value_label(lang, &e.step)) } " · " (e.actor) " · " (e.at.get(..10).unwrap_or_default()) @if !e.note.is_empty() { " — " (e.note) } }
                }
            }
            @if v.may_run { (next_step_form(lang, &caller, &v)) }
            h2 { (t(lang, "audittik.work_papers")) }
            (work_papers(lang, &caller, &v))
            h2 { (t(lang, "audittik.findings")) }
            @for f in &v.findings { (finding_card(lang, &caller, &v, f)) }
            @if v.findings.is_empty() { p.muted { (t(lang, "audittik.no_findings")) } }
            @if v.may_run && recording(&a.step) { (finding_form(lang, &caller, id)) }
            @if a.object_kind == "keamanan" {
                h2 { (t(lang, "audittik.ratings")) }
                (ratings(lang, &caller, &v))
            }
        },
    ))
}

fn facts(lang: Lang, v: &AuditView) -> Markup {
    let a = &v.audit;
    let row = |key: &str, value: &str| {
        html! { @if !value.is_empty() { tr { th { (t(lang, key)) } td { (value) } } } }
    };
    html! {
        table.facts #audit-facts {
            tr { th { (t(lang, "audittik.object")) } td { (a.object_name) " · " (value_label(lang, &a.object_kind)) } }
            (row("catalog.pd", &a.pd_name))
            tr { th { (t(lang, "field.audit_type")) } td { (value_label(lang, &a.audit_type)) } }
            tr { th { (t(lang, "field.step")) } td { strong { (value_label(lang, &a.step)) } } }
            (row("field.request_note", &a.request_note))
            (row("field.requested_start", &a.requested_start))
            (row("field.team", &a.team))
            (row("field.assignment_letter", &a.assignment_letter))
            (row("field.criteria", &a.criteria))
            (row("field.scope", &a.scope))
            (row("field.test_plan", &a.test_plan))
            (row("field.start_on", a.start_on.as_deref().unwrap_or_default()))
            (row("field.end_on", a.end_on.as_deref().unwrap_or_default()))
            (row("field.supervision_note", &a.supervision_note))
            (row("field.report_summary", &a.report_summary))
            (row("field.conclusion", &a.conclusion))
            (row("audittik.reported_on", a.reported_on.as_deref().unwrap_or_default()))
        }
    }
}

fn next_step_form(lang: Lang, caller: &Caller, v: &AuditView) -> Markup {
    let Some(next) = next_step(&v.audit.step) else {
        return html! {};
    };
    let needed = required_for(next);
    let long = |name: &str| {
        html! { label { (t(lang, &format!("field.{name}"))) textarea name=(name) rows="3" required[needed.contains(&name)] {} } }
    };
    html! {
        form.card #next-step method="post" action={ (here(v.audit.id)) "/langkah" } {
            h2 { (t(lang, "audittik.next")) ": " (value_label(lang, next)) }
            input type="hidden" name="csrf" value=(caller.csrf());
            input type="hidden" name="step" value=(next);
            @if next == "penugasan" {
                label { (t(lang, "field.team")) textarea name="team" rows="2" required placeholder=(t(lang, "audittik.team_hint")) {} }
                label { (t(lang, "field.assignment_letter")) input type="text" name="assignment_letter" required; }
            }
            @if next == "perencanaan" {
                (long("criteria")) (long("scope")) (long("test_plan"))
                label { (t(lang, "field.start_on")) " " input type="date" name="start_on" required; }
                label { (t(lang, "field.end_on")) " " input type="date" name="end_on" required; }
            }
            @if next == "supervisi" { (long("supervision_note")) }
            @if next == "pelaporan" { (long("report_summary")) (long("conclusion")) }
            label { (t(lang, "field.note")) textarea name="note" rows="2" {} }
            button type="submit" { (t(lang, "audittik.take_step")) " " (value_label(lang, next)) }
        }
    }
}

/// The step form: `step` and the fields its step fills (an empty one is left as it is).
pub(super) async fn step_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let text = |name: &str| f.get(name).filter(|v| !v.trim().is_empty()).cloned();
    let day = |name: &str| -> Result<Option<chrono::NaiveDate>, ApiError> {
        text(name).map(|v| date(name, &v)).transpose()
    };
    let input = AuditStep {
        step: f.get("step").cloned().unwrap_or_default(),
        team: text("team"),
        assignment_letter: text("assignment_letter"),
        criteria: text("criteria"),
        scope: text("scope"),
        test_plan: text("test_plan"),
        start_on: day("start_on").or_page(&state, &caller)?,
        end_on: day("end_on").or_page(&state, &caller)?,
        supervision_note: text("supervision_note"),
        report_summary: text("report_summary"),
        conclusion: text("conclusion"),
        note: f.get("note").cloned().unwrap_or_default(),
    };
    evaluasi::advance(&state, &caller.actor, &caller.audit_ctx(), id, &input)
        .await
        .or_page(&state, &caller)?;
    saved(id)
}

fn work_papers(lang: Lang, caller: &Caller, v: &AuditView) -> Markup {
    let open = v.may_run && recording(&v.audit.step);
    html! {
        @for (p, files) in &v.work_papers {
            article.card.work-paper {
                h3 { (p.title) }
                p { strong { (t(lang, "field.procedure")) ": " } (p.procedure) }
                p { strong { (t(lang, "field.result")) ": " } (p.result) }
                p.muted { (p.created_by) " · " (p.created_at.get(..10).unwrap_or_default()) }
                @for f in files { a href={ "/lampiran/" (f.id) } { (f.filename) } br; }
                @if open {
                    form.inline method="post" action={ (here(v.audit.id)) "/kertas-kerja/" (p.id) "/berkas" } enctype="multipart/form-data" {
                        input type="hidden" name="csrf" value=(caller.csrf());
                        label { (t(lang, "audittik.evidence_file")) " " input type="file" name="file" required; }
                        button type="submit" { (t(lang, "eval.add_file")) }
                    }
                }
            }
        }
        @if v.work_papers.is_empty() { p.muted { (t(lang, "audittik.no_work_papers")) } }
        @if open {
            form.card #work-paper-form method="post" action={ (here(v.audit.id)) "/kertas-kerja" } {
                h3 { (t(lang, "audittik.add_work_paper")) }
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "field.title")) input type="text" name="title" required maxlength="300"; }
                label { (t(lang, "field.procedure")) textarea name="procedure" rows="3" required {} }
                label { (t(lang, "field.result")) textarea name="result" rows="3" required {} }
                button type="submit" { (t(lang, "audittik.add_work_paper")) }
            }
        }
    }
}

pub(super) async fn work_paper_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let input = WorkPaperInput {
        title: given(&f, "title"),
        procedure: given(&f, "procedure"),
        result: given(&f, "result"),
    };
    evaluasi::add_work_paper(&state, &caller.actor, &caller.audit_ctx(), id, &input)
        .await
        .or_page(&state, &caller)?;
    saved(id)
}

pub(super) async fn work_paper_file_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path((id, paper)): Path<(i64, i64)>,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, MAX_BYTES).await?;
    let file = NewFile {
        filename: &up.filename,
        content_type: accepted_type(&up).or_page(&state, &caller)?,
        data: &up.data,
    };
    evaluasi::add_work_paper_file(&state, &caller.actor, &caller.audit_ctx(), id, paper, &file)
        .await
        .or_page(&state, &caller)?;
    saved(id)
}

fn finding_card(lang: Lang, caller: &Caller, v: &AuditView, f: &AuditFinding) -> Markup {
    let action = format!("/audit-tik/temuan/{}", f.id);
    let answers = v.may_respond && ["terbuka", "ditanggapi"].contains(&f.status.as_str());
    html! {
        article.card.finding id={ "finding-" (f.id) } {
            h3 { (f.title) " " span class={ "severity " (f.severity) } { (value_label(lang, &f.severity)) } }
            p { strong { (t(lang, "field.status")) ": " } (value_label(lang, &f.status))
                @if let Some(by) = &f.verified_by { " · " (t(lang, "audittik.verified_by")) " " (by) " " (f.closed_on.as_deref().unwrap_or_default()) } }
            dl {
                dt { (t(lang, "field.criteria")) } dd { (f.criteria) }
                dt { (t(lang, "field.condition")) } dd { (f.condition) }
                dt { (t(lang, "field.cause")) } dd { (f.cause) }
                dt { (t(lang, "field.effect")) } dd { (f.effect) }
                dt { (t(lang, "field.recommendation")) } dd { (f.recommendation) }
                @if !f.response.is_empty() { dt { (t(lang, "field.response")) } dd { (f.response) } }
                @if !f.action_plan.is_empty() { dt { (t(lang, "field.action_plan")) } dd { (f.action_plan) " · " (f.due_on.as_deref().unwrap_or_default()) } }
                @if !f.progress_note.is_empty() { dt { (t(lang, "field.note")) } dd { (f.progress_note) } }
            }
            @if answers {
                form.respond method="post" action=(action) {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    input type="hidden" name="status" value="ditanggapi";
                    label { (t(lang, "field.response")) textarea name="response" rows="2" required { (f.response) } }
                    label { (t(lang, "field.action_plan")) textarea name="action_plan" rows="2" required { (f.action_plan) } }
                    label { (t(lang, "field.due_on")) " " input type="date" name="due_on" required value=(f.due_on.as_deref().unwrap_or_default()); }
                    button type="submit" { (t(lang, "audittik.respond")) }
                }
            }
            @if v.may_respond && f.status == "ditanggapi" {
                form.report-done method="post" action=(action) {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    input type="hidden" name="status" value="selesai_diklaim";
                    label { (t(lang, "audittik.done_note")) textarea name="note" rows="2" required {} }
                    button type="submit" { (t(lang, "audittik.report_done")) }
                }
            }
            @if v.may_run && f.status == "selesai_diklaim" {
                form.verify method="post" action=(action) {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    label { (t(lang, "field.note")) textarea name="note" rows="2" {} }
                    button type="submit" name="status" value="ditutup" { (t(lang, "audittik.verify_close")) }
                    " "
                    button type="submit" name="status" value="ditanggapi" { (t(lang, "audittik.send_back")) }
                }
            }
        }
    }
}

fn finding_form(lang: Lang, caller: &Caller, id: i64) -> Markup {
    let long = |name: &str| {
        html! { label { (t(lang, &format!("field.{name}"))) textarea name=(name) rows="2" required {} } }
    };
    html! {
        form.card #finding-form method="post" action={ (here(id)) "/temuan" } {
            h3 { (t(lang, "audittik.add_finding")) }
            input type="hidden" name="csrf" value=(caller.csrf());
            label { (t(lang, "field.title")) input type="text" name="title" required maxlength="300"; }
            (long("criteria")) (long("condition")) (long("cause")) (long("effect")) (long("recommendation"))
            label { (t(lang, "field.severity")) " "
                select name="severity" required { @for s in SEVERITIES { option value=(s) { (value_label(lang, s)) } } }
            }
            button type="submit" { (t(lang, "audittik.add_finding")) }
        }
    }
}

pub(super) async fn finding_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let input = FindingInput {
        title: given(&f, "title"),
        criteria: given(&f, "criteria"),
        condition: given(&f, "condition"),
        cause: given(&f, "cause"),
        effect: given(&f, "effect"),
        recommendation: given(&f, "recommendation"),
        severity: given(&f, "severity"),
    };
    evaluasi::add_finding(&state, &caller.actor, &caller.audit_ctx(), id, &input)
        .await
        .or_page(&state, &caller)?;
    saved(id)
}

pub(super) async fn follow_up_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(finding): Path<i64>,
    SessionForm(f): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let text = |name: &str| f.get(name).cloned();
    let step = FindingStep {
        status: f.get("status").cloned().unwrap_or_default(),
        response: text("response"),
        action_plan: text("action_plan"),
        due_on: text("due_on")
            .filter(|d| !d.trim().is_empty())
            .map(|d| date("due_on", &d))
            .transpose()
            .or_page(&state, &caller)?,
        note: f.get("note").cloned().unwrap_or_default(),
    };
    let done = evaluasi::step_finding(&state, &caller.actor, &caller.audit_ctx(), finding, &step)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!(
        "{}?pesan=saved#finding-{finding}",
        here(done.audit_id)
    ))
    .into_response())
}

fn ratings(lang: Lang, caller: &Caller, v: &AuditView) -> Markup {
    let select = |name: &str, options: &[&str]| {
        html! {
            label { (t(lang, &format!("field.{name}"))) " "
                select name=(name) required { @for o in options { option value=(o) { (value_label(lang, o)) } } }
            }
        }
    };
    html! {
        @if v.ratings.is_empty() { p.muted { (t(lang, "audittik.no_ratings")) } } @else {
            table #audit-ratings {
                thead { tr {
                    th { (t(lang, "controls.code")) }
                    th { (t(lang, "field.design")) }
                    th { (t(lang, "field.implementation")) }
                    th { (t(lang, "field.effectiveness")) }
                    th { (t(lang, "field.note")) }
                } }
                tbody {
                    @for r in &v.ratings {
                        tr {
                            td { (r.code) }
                            td { (value_label(lang, &r.design)) }
                            td { (value_label(lang, &r.implementation)) }
                            td { (value_label(lang, &r.effectiveness)) }
                            td { (r.note) }
                        }
                    }
                }
            }
        }
        @if v.may_run && recording(&v.audit.step) {
            form.card #rating-form method="post" action={ (here(v.audit.id)) "/penilaian" } {
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "controls.code")) " " input type="text" name="code" required maxlength="40" placeholder="K1"; }
                (select("design", &DESIGN_RATINGS))
                (select("implementation", &IMPLEMENTATION_RATINGS))
                (select("effectiveness", &EFFECTIVENESS_RATINGS))
                label { (t(lang, "field.note")) input type="text" name="note"; }
                button type="submit" { (t(lang, "audittik.rate")) }
            }
        }
    }
}

pub(super) async fn rating_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let r = ControlRating {
        code: given(&f, "code"),
        design: given(&f, "design"),
        implementation: given(&f, "implementation"),
        effectiveness: given(&f, "effectiveness"),
        note: given(&f, "note"),
    };
    evaluasi::rate_controls(&state, &caller.actor, &caller.audit_ctx(), id, &[r])
        .await
        .or_page(&state, &caller)?;
    saved(id)
}

/// The audit's report as a document (Pessel Lampiran III Bab VI C f): the conditions that need
/// the leadership's attention, the criteria used, every finding with its recommendation and
/// follow-up, and a security audit's ratings.
pub(super) async fn report_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let v = evaluasi::audit(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let a = &v.audit;
    let title = format!("{} — {}", t(lang, "audittik.report"), a.title);
    let attention: Vec<&AuditFinding> = v
        .findings
        .iter()
        .filter(|f| ["tinggi", "kritis"].contains(&f.severity.as_str()))
        .collect();
    Ok(layout(
        &state,
        &caller,
        &title,
        html! {
            p.noprint { a href=(here(id)) { "← " (a.title) } }
            article.document #audit-report {
                p { (state.profile().pemda) }
                (facts(lang, &v))
                h2 { (t(lang, "audittik.attention")) }
                @if attention.is_empty() { p { (t(lang, "audittik.no_attention")) } }
                ul { @for f in &attention { li { strong { (f.title) } " — " (f.condition) } } }
                h2 { (t(lang, "audittik.findings")) }
                table #report-findings {
                    thead { tr {
                        th { "No" }
                        th { (t(lang, "field.title")) }
                        th { (t(lang, "field.severity")) }
                        th { (t(lang, "field.recommendation")) }
                        th { (t(lang, "field.action_plan")) }
                        th { (t(lang, "field.status")) }
                    } }
                    tbody {
                        @for (n, f) in v.findings.iter().enumerate() {
                            tr {
                                td { (n + 1) }
                                td { (f.title) }
                                td { (value_label(lang, &f.severity)) }
                                td { (f.recommendation) }
                                td { (f.action_plan) " " (f.due_on.as_deref().unwrap_or_default()) }
                                td { (value_label(lang, &f.status)) }
                            }
                        }
                    }
                }
                @if !v.ratings.is_empty() {
                    h2 { (t(lang, "audittik.ratings")) }
                    (ratings(lang, &caller, &AuditView { may_run: false, ..v.clone() }))
                }
            }
        },
    ))
}
