//! Planning documents over the JSON API and as pages: versions, approvals signed with the
//! instance's Ed25519 key (checkable with openssl, as the audit checkpoints), reviews, and the
//! review milestones of the region's regulation (`padu_domain::planning`).

#![allow(clippy::result_large_err)]

use crate::web::kit::{query, ApiJson, ListParams};

use super::io::Format;
use crate::approvals::{self, Refusal};
use crate::interchange::SheetWriter;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{check_csrf, layout, pager, OrPage, PageParams, UiResult};
use crate::web::kit::Form;
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::html;
use padu_domain::planning::{
    may_approve, may_draft, may_review, milestones, missed_review, Milestone, PlanKind,
};
use padu_domain::Gate;
use padu_domain::{authorize, Action, Denied, PdId, ReadScope, Resource};
use padu_store::planning::{Approval, Plan, PlanInput, PlanSummary, ReviewInput, VersionInput};
use padu_store::Page;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_plans, create_plan))
        .api(Gate::Anyone, routes!(get_plan))
        .api(Gate::Anyone, routes!(add_version))
        .api(Gate::Anyone, routes!(approve_version))
        .api(Gate::Anyone, routes!(verify_approval))
        .api(Gate::Anyone, routes!(add_review))
        .api(Gate::Anyone, routes!(export_plans))
}

pub fn pages() -> Routes {
    Routes::new()
        .get("/rencana", Gate::Anyone, plans_page)
        .get("/rencana/baru", Gate::Anyone, new_plan_page)
        .post("/rencana/baru", Gate::Anyone, new_plan_submit)
        .get("/rencana/{id}", Gate::Anyone, plan_page)
        .post("/rencana/{id}/versi", Gate::Anyone, version_submit)
        .get("/rencana/ekspor/{file}", Gate::Anyone, export_file)
        .post("/rencana/{id}/setujui", Gate::Anyone, approve_submit)
        .post("/rencana/{id}/reviu", Gate::Anyone, review_submit)
}

/// A plan with what the regulation schedules for it and whether a review was missed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanView {
    #[serde(flatten)]
    pub plan: Plan,
    pub milestones: Vec<Milestone>,
    pub missed_review: Option<Milestone>,
}

fn resource(s: &PlanSummary) -> Resource {
    Resource::record(Some(PdId(s.pd_id)), s.classification)
}

async fn readable_plan(state: &SharedState, caller: &Caller, id: i64) -> Result<Plan, ApiError> {
    let plan = state.store.get_plan(id).await?;
    authorize(&caller.actor, Action::Read, &resource(&plan.summary))?;
    Ok(plan)
}

fn view(state: &SharedState, plan: Plan) -> PlanView {
    let s = &plan.summary;
    let due = milestones(
        state.profile(),
        s.kind,
        s.start_year,
        s.end_year,
        s.approved_on,
    );
    let reviews: Vec<_> = plan.reviews.iter().map(|r| r.reviewed_on).collect();
    let missed = s.approved_on.and_then(|_| {
        missed_review(
            &due,
            &reviews,
            padu_domain::sla::wib_date(state.clock.now()),
        )
        .cloned()
    });
    PlanView {
        plan,
        milestones: due,
        missed_review: missed,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    /// rencana_induk, arsitektur, peta_rencana or rencana_anggaran.
    #[param(value_type = Option<String>)]
    pub kind: Option<PlanKind>,
}

/// Planning documents the caller may read, newest period first.
#[utoipa::path(get, path = "/api/v1/plans", tag = "planning", params(PlanParams), responses((status = 200, body = Page<PlanSummary>), (status = 422)))]
async fn list_plans(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<PlanSummary>>, ApiError> {
    let p: PlanParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    Ok(Json(
        state
            .store
            .list_plans(&ReadScope::of(&caller.actor), p.kind, &q)
            .await?,
    ))
}

/// One plan with every version, its approvals, reviews and the scheduled review milestones.
#[utoipa::path(get, path = "/api/v1/plans/{id}", tag = "planning", params(("id" = i64, Path)), responses((status = 200, body = PlanView), (status = 404)))]
async fn get_plan(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<PlanView>, ApiError> {
    let plan = readable_plan(&state, &caller, id).await?;
    Ok(Json(view(&state, plan)))
}

/// Drafts a plan and its version 1 (the Dinas or the Tim Koordinasi; a PD's operators for its
/// own Rencana dan Anggaran).
#[utoipa::path(post, path = "/api/v1/plans", tag = "planning", request_body = PlanInput, responses((status = 201, body = Plan), (status = 403), (status = 422)))]
async fn create_plan(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<PlanInput>,
) -> Result<(StatusCode, Json<Plan>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(draft(&state, &caller, &input).await?),
    ))
}

/// Drafts a plan and its version 1, if the caller's planning role allows it.
pub async fn draft(
    state: &SharedState,
    caller: &Caller,
    input: &PlanInput,
) -> Result<Plan, ApiError> {
    caller.require_user()?;
    // Drafting follows the planning roles (the Tim Koordinasi drafts too), within what the
    // caller may read.
    authorize(
        &caller.actor,
        Action::Read,
        &Resource::record(Some(PdId(input.pd_id)), input.classification),
    )
    .map_err(crate::web::kit::records::forbid_hidden)?;
    if !may_draft(&caller.actor, input.kind, PdId(input.pd_id)) {
        return Err(Denied::Forbidden.into());
    }
    Ok(state.store.create_plan(&caller.audit_ctx(), input).await?)
}

/// Adds the next version; earlier versions and their approvals stay as they were.
#[utoipa::path(post, path = "/api/v1/plans/{id}/versions", tag = "planning", params(("id" = i64, Path)), request_body = VersionInput, responses((status = 200, body = Plan), (status = 403), (status = 404), (status = 422)))]
async fn add_version(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<VersionInput>,
) -> Result<Json<Plan>, ApiError> {
    Ok(Json(new_version(&state, &caller, id, &input).await?))
}

/// Adds the next version of plan `id`, if the caller drafts plans of its kind and PD.
pub async fn new_version(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    input: &VersionInput,
) -> Result<Plan, ApiError> {
    let plan = readable_plan(state, caller, id).await?;
    if !may_draft(&caller.actor, plan.summary.kind, PdId(plan.summary.pd_id)) {
        return Err(Denied::Forbidden.into());
    }
    Ok(state
        .store
        .add_plan_version(&caller.audit_ctx(), id, input)
        .await?)
}

/// Approves the plan's newest version: every section filled, approved once, by the approving
/// role; the statement is signed with the instance's Ed25519 key.
pub async fn approve(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    number: i64,
) -> Result<Plan, ApiError> {
    let user = caller.require_user()?;
    let plan = readable_plan(state, caller, id).await?;
    let Some(role) = may_approve(&caller.actor, plan.summary.kind) else {
        return Err(Denied::Forbidden.into());
    };
    approvals::approve(
        &state.store,
        &state.key,
        &state.pemda.instance_id,
        &caller.audit_ctx(),
        &plan,
        number,
        &user.username,
        role,
        caller.now,
    )
    .await
    .map_err(|r| match r {
        Refusal::SectionMissing(s) => ApiError::invalid(
            &format!("sections.{s}"),
            "every section is filled before the plan is approved",
        ),
        Refusal::NoSuchVersion => ApiError::not_found(),
        Refusal::Store(e) => e.into(),
    })
}

#[utoipa::path(post, path = "/api/v1/plans/{id}/versions/{number}/approve", tag = "planning", params(("id" = i64, Path), ("number" = i64, Path)), responses((status = 200, body = Plan), (status = 403), (status = 404), (status = 409), (status = 422)))]
async fn approve_version(
    State(state): State<SharedState>,
    caller: Caller,
    Path((id, number)): Path<(i64, i64)>,
) -> Result<Json<Plan>, ApiError> {
    Ok(Json(approve(&state, &caller, id, number).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApprovalCheck {
    #[serde(flatten)]
    pub approval: Approval,
    /// The signature checks against the stored key, and the statement names this version's
    /// current sections' hash.
    pub valid: bool,
}

/// Whether an approval holds (`approvals::holds`).
pub fn check(version: &padu_store::planning::PlanVersion) -> Option<ApprovalCheck> {
    approvals::holds(version).map(|(approval, valid)| ApprovalCheck { approval, valid })
}

/// The approval of one version: statement, signature, public key, and whether it holds.
#[utoipa::path(get, path = "/api/v1/plans/{id}/versions/{number}/approval", tag = "planning", params(("id" = i64, Path), ("number" = i64, Path)), responses((status = 200, body = ApprovalCheck), (status = 404)))]
async fn verify_approval(
    State(state): State<SharedState>,
    caller: Caller,
    Path((id, number)): Path<(i64, i64)>,
) -> Result<Json<ApprovalCheck>, ApiError> {
    let plan = readable_plan(&state, &caller, id).await?;
    plan.versions
        .iter()
        .find(|v| v.number == number)
        .and_then(check)
        .map(Json)
        .ok_or_else(ApiError::not_found)
}

/// Records a review, scheduled or on a trigger (the Tim Koordinasi or the Dinas).
#[utoipa::path(post, path = "/api/v1/plans/{id}/reviews", tag = "planning", params(("id" = i64, Path)), request_body = ReviewInput, responses((status = 200, body = Plan), (status = 403), (status = 404), (status = 422)))]
async fn add_review(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<Json<Plan>, ApiError> {
    readable_plan(&state, &caller, id).await?;
    if !may_review(&caller.actor) {
        return Err(Denied::Forbidden.into());
    }
    Ok(Json(
        state
            .store
            .add_plan_review(&caller.audit_ctx(), id, caller.today(), &input)
            .await?,
    ))
}

/// The planning register as rows: each document, its versions' state and any missed review.
async fn plan_rows(state: &SharedState, caller: &Caller) -> Result<Vec<Vec<String>>, ApiError> {
    caller.require_user()?;
    let scope = ReadScope::of(&caller.actor);
    let (_, code_of) = crate::interchange::pd_directory(&state.store).await?;
    let sections = crate::interchange::plans::section_columns();
    let mut rows = Vec::new();
    let mut n = 1;
    loop {
        let page = state
            .store
            .list_plans(
                &scope,
                None,
                &padu_store::ListQuery {
                    page: n,
                    per_page: padu_store::page::MAX_PER_PAGE,
                    q: None,
                },
            )
            .await?;
        for d in &page.items {
            let plan = state.store.get_plan(d.id).await?;
            let v = view(state, plan);
            let s = &v.plan.summary;
            let latest = v.plan.versions.first();
            let mut row = vec![
                code_of.get(&s.pd_id).cloned().unwrap_or_default(),
                s.kind.as_str().to_string(),
                s.title.clone(),
                s.start_year.to_string(),
                s.end_year.to_string(),
                latest.map(|l| l.note.clone()).unwrap_or_default(),
            ];
            row.extend(sections.iter().map(|name| {
                latest
                    .and_then(|l| l.sections.get(*name).cloned())
                    .unwrap_or_default()
            }));
            row.extend([
                s.latest_version.to_string(),
                s.approved_version
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                s.approved_on.map(|d| d.to_string()).unwrap_or_default(),
                v.missed_review
                    .as_ref()
                    .map(|m| m.due.to_string())
                    .unwrap_or_default(),
                v.missed_review
                    .as_ref()
                    .map(|m| m.clause.to_string())
                    .unwrap_or_default(),
            ]);
            rows.push(row);
        }
        if page.items.len() < padu_store::page::MAX_PER_PAGE as usize {
            return Ok(rows);
        }
        n += 1;
    }
}

pub async fn plans_file(
    state: &SharedState,
    caller: &Caller,
    format: Format,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::header;
    let rows = plan_rows(state, caller).await?;
    let columns = crate::interchange::plans::header();
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    let xlsx = format == Format::Xlsx;
    let internal = |e: String| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e);
    let (mut writer, mut bytes) = SheetWriter::start(xlsx, "plans", &columns).map_err(internal)?;
    bytes.extend(writer.rows(rows).map_err(internal)?);
    bytes.extend(writer.finish().map_err(internal)?);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                SheetWriter::content_type(xlsx).to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"padu-plans-{}.{}\"",
                    caller.today(),
                    if xlsx { "xlsx" } else { "csv" }
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// csv (default) or xlsx.
    pub format: Option<String>,
}

/// The planning register as CSV or XLSX: each document with its newest version's sections,
/// its approval and any missed review. It imports back through `/api/v1/catalog/import/plans`
/// (a changed row becomes a new version).
#[utoipa::path(get, path = "/api/v1/plans/export", tag = "planning", params(ExportParams), responses((status = 200, description = "the register as CSV (default) or XLSX", content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))), (status = 422)))]
async fn export_plans(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<axum::response::Response, ApiError> {
    let p: ExportParams = query(raw.as_deref())?;
    plans_file(&state, &caller, Format::parse(p.format.as_deref())?).await
}

async fn export_file(
    State(state): State<SharedState>,
    caller: Caller,
    Path(file): Path<String>,
) -> UiResult {
    let format = Format::parse(Some(file.strip_prefix("rencana.").unwrap_or("")))
        .or_page(&state, &caller)?;
    plans_file(&state, &caller, format)
        .await
        .or_page(&state, &caller)
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
    caller.require_user().or_page(&state, &caller)?;
    let page = state
        .store
        .list_plans(&ReadScope::of(&caller.actor), None, &p.list())
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
    caller.require_user().or_page(&state, &caller)?;
    let plan = readable_plan(&state, &caller, id)
        .await
        .or_page(&state, &caller)?;
    let v = view(&state, plan);
    let s = &v.plan.summary;
    let approver = may_approve(&caller.actor, s.kind);
    let reviewer = may_review(&caller.actor);
    let latest = v.plan.versions.first();
    Ok(layout(
        &state,
        &caller,
        &s.title,
        html! {
            p.muted { (kind_label(lang, s.kind)) " · " (s.start_year) "–" (s.end_year) " · " (s.pd_name) }
            @if let Some(m) = &v.missed_review {
                p.bad #missed-review { (t(lang, "plan.review_missed")) ": " (m.label) " (" (m.from) " – " (m.due) ", " (m.clause) ")" }
            }
            h2 { (t(lang, "plan.milestones")) }
            @if v.milestones.is_empty() { p.muted { (t(lang, "plan.no_milestones")) } }
            ul { @for m in &v.milestones { li { (m.label) ": " (m.from) " – " (m.due) " · " (m.clause) } } }
            @for ver in &v.plan.versions {
                section.card.version {
                    h2 { (t(lang, "plan.version")) " " (ver.number) }
                    p.muted { (ver.created_by) " · " (ver.created_at) @if !ver.note.is_empty() { " · " (ver.note) } }
                    @match check(ver) {
                        Some(c) => {
                            p.approval {
                                @if c.valid { span.ok { "✓ " (t(lang, "plan.signature_valid")) } } @else { span.bad { "✗ " (t(lang, "plan.signature_invalid")) } }
                                " — " (c.approval.approved_by) " (" (c.approval.role) "), " (c.approval.approved_at)
                            }
                            details { summary { (t(lang, "plan.statement")) } code.detail { (c.approval.statement) } br; code.detail { (c.approval.signature) } }
                        }
                        None => {
                            p.muted { (t(lang, "plan.draft")) }
                            @if approver.is_some() && latest.is_some_and(|l| l.number == ver.number) {
                                form method="post" action={ "/rencana/" (s.id) "/setujui" } {
                                    input type="hidden" name="csrf" value=(caller.csrf());
                                    input type="hidden" name="version" value=(ver.number);
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
            @if may_draft(&caller.actor, s.kind, PdId(s.pd_id)) {
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
            ul #reviews { @for r in &v.plan.reviews { li { strong { (r.reviewed_on) } " · " (r.basis) ": " (r.outcome) } } }
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
    csrf: String,
    version: i64,
}

async fn approve_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<ApproveForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    approve(&state, &caller, id, f.version)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/rencana/{id}")).into_response())
}

#[derive(Deserialize)]
struct ReviewForm {
    csrf: String,
    reviewed_on: String,
    basis: String,
    outcome: String,
}

async fn review_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    readable_plan(&state, &caller, id)
        .await
        .or_page(&state, &caller)?;
    if !may_review(&caller.actor) {
        return Err(crate::web::kit::layout::error_page(
            &state,
            &caller,
            Denied::Forbidden.into(),
        ));
    }
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
    state
        .store
        .add_plan_review(&caller.audit_ctx(), id, caller.today(), &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/rencana/{id}")).into_response())
}

/// The sections a form sent, as `section:NAME` fields, without the empty ones.
fn sections_of(
    fields: &std::collections::HashMap<String, String>,
) -> std::collections::BTreeMap<String, String> {
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
    caller.require_user().or_page(&state, &caller)?;
    let kind = q.kind.unwrap_or(PlanKind::PetaRencana);
    let pds: Vec<_> = state
        .store
        .all_pds()
        .await
        .or_page(&state, &caller)?
        .into_iter()
        .filter(|p| may_draft(&caller.actor, kind, PdId(p.id)))
        .collect();
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
    Form(fields): Form<std::collections::HashMap<String, String>>,
) -> UiResult {
    let field = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    check_csrf(&state, &caller, field("csrf"))?;
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
    let plan = draft(&state, &caller, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/rencana/{}", plan.summary.id)).into_response())
}

async fn version_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(fields): Form<std::collections::HashMap<String, String>>,
) -> UiResult {
    check_csrf(
        &state,
        &caller,
        fields.get("csrf").map(String::as_str).unwrap_or(""),
    )?;
    let input = VersionInput {
        sections: sections_of(&fields),
        note: fields.get("note").cloned().unwrap_or_default(),
    };
    new_version(&state, &caller, id, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/rencana/{id}")).into_response())
}
