//! Planning documents as pages: the register, one plan with its versions, approvals and
//! reviews, a new plan, and the register as CSV or XLSX (`app::katalog`'s planning).

use crate::app::katalog::{self, check};
use crate::app::registers::Format;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{
    confirm_box, confirmed, layout, pager, when_text, OrPage, PageParams, UiResult,
};
use crate::web::kit::SessionForm;
use crate::web::kit::{ApiError, Caller, Routes, SharedState};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;
use padu_domain::planning::{
    may_approve, may_draft, may_review, PlanKind, APPROVES_PLANS, DRAFTS_PLANS, REVIEWS_PLANS,
};
use padu_domain::{Denied, Gate, PdId};
use padu_store::planning::{PlanInput, ReviewInput, VersionInput};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// The pages are for those signed in; the planning roles' forms behind the roles' gates.
pub fn routes() -> Routes {
    Routes::new()
        .get("/rencana", Gate::SignedIn, plans_page)
        .get("/rencana/baru", DRAFTS_PLANS, new_plan_page)
        .post("/rencana/baru", DRAFTS_PLANS, new_plan_submit)
        .get("/rencana/{id}", Gate::SignedIn, plan_page)
        .post("/rencana/{id}/versi", DRAFTS_PLANS, version_submit)
        .get("/rencana/ekspor/{file}", Gate::SignedIn, export_file)
        .post("/rencana/{id}/setujui", APPROVES_PLANS, approve_submit)
        .post("/rencana/{id}/reviu", REVIEWS_PLANS, review_submit)
}

async fn export_file(
    State(state): State<SharedState>,
    caller: Caller,
    Path(file): Path<String>,
) -> UiResult {
    let format = Format::parse(Some(file.strip_prefix("rencana.").unwrap_or("")))
        .or_page(&state, &caller)?;
    let sheet = katalog::plans_file(&state, &caller.actor, caller.today(), format)
        .await
        .or_page(&state, &caller)?;
    Ok(crate::web::kit::download::sheet_response(sheet))
}

fn kind_label(lang: Lang, kind: PlanKind) -> &'static str {
    t(lang, &format!("plan.kind.{}", kind.as_str()))
}

async fn plans_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = katalog::plans(&state, &caller.actor, None, &p.list())
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "plan.title"),
        html! {
            p.muted { (t(lang, "plan.intro")) }
            p.noprint {
                a.button href="/rencana/baru" { "+ " (t(lang, "plan.new")) } " · "
                (t(lang, "catalog.export")) ": " a href="/rencana/ekspor/rencana.csv" { "CSV" } " · " a href="/rencana/ekspor/rencana.xlsx" { "XLSX" }
            }
            table #plans {
                thead { tr {
                    th { (t(lang, "plan.document")) }
                    th { (t(lang, "plan.kind")) }
                    th { (t(lang, "plan.period")) }
                    th { (t(lang, "catalog.pd")) }
                    th { (t(lang, "plan.version")) }
                    th { (t(lang, "plan.approved")) }
                } }
                tbody {
                    @for d in &page.items {
                        tr {
                            td { a href={ "/rencana/" (d.id) } { (d.title) } }
                            td { (kind_label(lang, d.kind)) }
                            td { (d.start_year) "–" (d.end_year) }
                            td { (d.pd_name) }
                            td.num { (d.latest_version) }
                            td { @match (d.approved_version, d.approved_on) {
                                (Some(v), Some(on)) => { "v" (v) ", " (on) }
                                _ => span.muted { (t(lang, "plan.draft")) }
                            } }
                        }
                    }
                }
            }
            (pager(lang, &page, "/rencana", &p.q))
        },
    ))
}

async fn plan_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let v = katalog::plan(&state, &caller.actor, caller.today(), id)
        .await
        .or_page(&state, &caller)?;
    let s = &v.plan.summary;
    let drafters = katalog::drafters(&state).await.or_page(&state, &caller)?;
    let approver = may_approve(&caller.actor, s.kind, state.profile());
    let reviewer = may_review(&caller.actor, s.kind, state.profile());
    let latest = v.plan.versions.first();
    Ok(layout(
        &state,
        &caller,
        &s.title,
        html! {
            p.muted { (kind_label(lang, s.kind)) " · " (s.start_year) "–" (s.end_year) " · " (s.pd_name) }
            @if let Some(m) = &v.missed_review {
                p.bad #missed-review { (t(lang, "plan.review_missed")) ": " (m.label) " (" (crate::web::kit::layout::day(m.from)) " – " (crate::web::kit::layout::day(m.due)) ", " (m.clause) ")" }
            }
            h2 { (t(lang, "plan.milestones")) }
            @if v.milestones.is_empty() { p.muted { (t(lang, "plan.no_milestones")) } }
            ul { @for m in &v.milestones { li { (m.label) ": " (crate::web::kit::layout::day(m.from)) " – " (crate::web::kit::layout::day(m.due)) " · " (m.clause) } } }
            @for ver in &v.plan.versions {
                section.card.version {
                    h2 { (t(lang, "plan.version")) " " (ver.number) }
                    p.muted { (ver.created_by) " · " (when_text(&ver.created_at)) @if !ver.note.is_empty() { " · " (ver.note) } }
                    @match check(ver) {
                        Some(c) => {
                            p.approval {
                                @if c.valid { span.ok { "✓ " (t(lang, "plan.signature_valid")) } } @else { span.bad { "✗ " (t(lang, "plan.signature_invalid")) } }
                                " — " (c.approval.approved_by) " (" (c.approval.role) "), " (when_text(&c.approval.approved_at))
                            }
                            details { summary { (t(lang, "plan.statement")) } code.detail { (c.approval.statement) } br; code.detail { (c.approval.signature) } }
                        }
                        None => {
                            p.muted { (t(lang, "plan.draft")) }
                            @if approver.is_some() && latest.is_some_and(|l| l.number == ver.number) {
                                form method="post" action={ "/rencana/" (s.id) "/setujui" } {
                                    input type="hidden" name="csrf" value=(caller.csrf());
                                    input type="hidden" name="version" value=(ver.number);
                                    (confirm_box(lang, t(lang, "plan.confirm_approve")))
                                    button #approve type="submit" { (t(lang, "plan.approve")) }
                                }
                            }
                        }
                    }
                    dl.facts {
                        @for name in s.kind.sections() {
                            dt { (name) }
                            dd.pre { (ver.sections.get(*name).map(String::as_str).unwrap_or("—")) }
                        }
                    }
                }
            }
            @if may_draft(&caller.actor, s.kind, PdId(s.pd_id), &drafters) {
                details.card.noprint #new-version {
                    summary { (t(lang, "plan.new_version")) }
                    form.stack method="post" action={ "/rencana/" (s.id) "/versi" } {
                        input type="hidden" name="csrf" value=(caller.csrf());
                        @for name in s.kind.sections() {
                            label { (name) textarea name={ "section:" (name) } { (latest.and_then(|l| l.sections.get(*name)).map(String::as_str).unwrap_or("")) } }
                        }
                        label { (t(lang, "plan.note")) " " input type="text" name="note"; }
                        button type="submit" { (t(lang, "form.save")) }
                    }
                }
            }
            h2 { (t(lang, "plan.reviews")) }
            @if v.plan.reviews.is_empty() { p.muted { (t(lang, "common.none")) } }
            ul #reviews { @for r in &v.plan.reviews { li { strong { (crate::web::kit::layout::day(r.reviewed_on)) } " · " (r.basis) ": " (r.outcome) } } }
            @if reviewer {
                form.stack method="post" action={ "/rencana/" (s.id) "/reviu" } {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    label { (t(lang, "plan.reviewed_on")) " " input type="date" name="reviewed_on" required; }
                    label { (t(lang, "plan.basis")) " " input type="text" name="basis" required; }
                    label { (t(lang, "plan.outcome")) " " textarea name="outcome" required {} }
                    button type="submit" { (t(lang, "plan.record_review")) }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
struct ApproveForm {
    version: i64,
    #[serde(default)]
    confirm: String,
}

async fn approve_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ApproveForm>,
) -> UiResult {
    confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    katalog::approve(&state, &caller.actor, &caller.audit_ctx(), id, f.version)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/rencana/{id}?pesan=saved")).into_response())
}

#[derive(Deserialize)]
struct ReviewForm {
    reviewed_on: String,
    basis: String,
    outcome: String,
}

async fn review_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ReviewForm>,
) -> UiResult {
    let reviewed_on = f
        .reviewed_on
        .parse()
        .map_err(|_| ApiError::invalid("reviewed_on", "not a date"))
        .or_page(&state, &caller)?;
    let input = ReviewInput {
        reviewed_on,
        basis: f.basis,
        outcome: f.outcome,
    };
    katalog::review(&state, &caller.actor, &caller.audit_ctx(), id, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/rencana/{id}?pesan=saved")).into_response())
}

/// The sections a form sent, as `section:NAME` fields, without the empty ones.
fn sections_of(fields: &HashMap<String, String>) -> BTreeMap<String, String> {
    fields
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("section:")
                .filter(|_| !v.trim().is_empty())
                .map(|name| (name.to_string(), v.clone()))
        })
        .collect()
}

#[derive(Deserialize)]
struct KindQuery {
    kind: Option<PlanKind>,
}

async fn new_plan_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<KindQuery>,
) -> UiResult {
    let lang = caller.lang;
    let (kind, pds) = katalog::drafting(&state, &caller.actor, q.kind)
        .await
        .or_page(&state, &caller)?;
    if pds.is_empty() {
        return Err(crate::web::kit::layout::error_page(
            &state,
            &caller,
            Denied::Forbidden.into(),
        ));
    }
    let year = caller.today().format("%Y").to_string();
    Ok(layout(
        &state,
        &caller,
        t(lang, "plan.new"),
        html! {
            p { (t(lang, "plan.kind")) ": "
                @for k in PlanKind::ALL {
                    @if k == kind { strong { (kind_label(lang, k)) } } @else { a href={ "/rencana/baru?kind=" (k.as_str()) } { (kind_label(lang, k)) } }
                    " "
                }
            }
            form.stack.card #new-plan method="post" action="/rencana/baru" {
                input type="hidden" name="csrf" value=(caller.csrf());
                input type="hidden" name="kind" value=(kind.as_str());
                label { (t(lang, "catalog.pd")) " " select name="pd_id" { @for p in &pds { option value=(p.id) { (p.name) } } } }
                label { (t(lang, "plan.document")) " " input type="text" name="title" required; }
                label { (t(lang, "plan.period")) " " input type="number" name="start_year" value=(year) required; " – " input type="number" name="end_year" value=(year) required; }
                @for name in kind.sections() {
                    label { (name) textarea name={ "section:" (name) } {} }
                }
                label { (t(lang, "plan.note")) " " input type="text" name="note"; }
                button type="submit" { (t(lang, "form.save")) }
            }
        },
    ))
}

async fn new_plan_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(fields): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    let number = |k: &str| {
        field(k)
            .trim()
            .parse::<i32>()
            .map_err(|_| ApiError::invalid(k, "a year"))
    };
    let input = (|| -> Result<PlanInput, ApiError> {
        Ok(PlanInput {
            pd_id: field("pd_id")
                .parse()
                .map_err(|_| ApiError::invalid("pd_id", "choose the PD"))?,
            kind: serde_json::from_value(serde_json::Value::String(field("kind").into()))
                .map_err(|_| ApiError::invalid("kind", "unknown plan kind"))?,
            title: field("title").to_string(),
            start_year: number("start_year")?,
            end_year: number("end_year")?,
            classification: padu_domain::Classification::Biasa,
            sections: sections_of(&fields),
            note: field("note").to_string(),
        })
    })()
    .or_page(&state, &caller)?;
    let plan = katalog::draft(&state, &caller.actor, &caller.audit_ctx(), &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/rencana/{}?pesan=saved", plan.summary.id)).into_response())
}

async fn version_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(fields): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let input = VersionInput {
        sections: sections_of(&fields),
        note: fields.get("note").cloned().unwrap_or_default(),
    };
    katalog::new_version(&state, &caller.actor, &caller.audit_ctx(), id, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/rencana/{id}?pesan=saved")).into_response())
}
