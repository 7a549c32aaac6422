//! Planning documents: drafted and versioned by the planning roles, approved with a statement
//! signed by the instance's Ed25519 key (checkable with openssl, as the audit checkpoints),
//! reviewed on the schedule of the region's regulation (`padu_domain::planning`).

use crate::app::registers::{forbid_hidden, signed_in, Format, SheetFile};
use crate::app::{App, AppError};
use crate::approvals::{self, Refusal};
use chrono::NaiveDate;
use padu_domain::planning::{
    may_approve, may_draft, may_review, milestones, missed_review, Drafters, Milestone, PlanKind,
};
use padu_domain::{authorize, Action, Actor, Denied, PdId, ReadScope, Resource};
use padu_store::org::Pd;
use padu_store::planning::{
    Approval, Plan, PlanInput, PlanSummary, PlanVersion, ReviewInput, VersionInput,
};
use padu_store::{AuditCtx, ListQuery, Page, StoreError};
use serde::Serialize;

/// A plan with what the regulation schedules for it and whether a review was missed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanView {
    #[serde(flatten)]
    pub plan: Plan,
    pub milestones: Vec<Milestone>,
    pub missed_review: Option<Milestone>,
}

/// An approval and whether it holds.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApprovalCheck {
    #[serde(flatten)]
    pub approval: Approval,
    /// The signature checks against the stored key, and the statement names this version's
    /// current sections' hash.
    pub valid: bool,
}

/// Whether a version's approval holds (`approvals::holds`); none when it has none.
pub fn check(version: &PlanVersion) -> Option<ApprovalCheck> {
    approvals::holds(version).map(|(approval, valid)| ApprovalCheck { approval, valid })
}

fn resource(s: &PlanSummary) -> Resource {
    Resource::record(Some(PdId(s.pd_id)), s.classification)
}

async fn readable(app: &App, actor: &Actor, id: i64) -> Result<Plan, AppError> {
    let plan = app.store.get_plan(id).await?;
    authorize(actor, Action::Read, &resource(&plan.summary))?;
    Ok(plan)
}

fn view(app: &App, plan: Plan, today: NaiveDate) -> PlanView {
    let s = &plan.summary;
    let due = milestones(
        app.profile(),
        s.kind,
        s.start_year,
        s.end_year,
        s.approved_on,
    );
    let reviews: Vec<_> = plan.reviews.iter().map(|r| r.reviewed_on).collect();
    let missed = s
        .approved_on
        .and_then(|_| missed_review(&due, &reviews, today).cloned());
    PlanView {
        plan,
        milestones: due,
        missed_review: missed,
    }
}

/// Planning documents `actor` may read (of one kind when given), newest period first.
pub async fn plans(
    app: &App,
    actor: &Actor,
    kind: Option<PlanKind>,
    q: &ListQuery,
) -> Result<Page<PlanSummary>, AppError> {
    Ok(app.store.list_plans(&ReadScope::of(actor), kind, q).await?)
}

/// One plan with every version, approval and review, and its milestones as of `today`.
pub async fn plan(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
    id: i64,
) -> Result<PlanView, AppError> {
    Ok(view(app, readable(app, actor, id).await?, today))
}

/// The approval of version `number` of plan `id`, and whether it holds.
pub async fn approval(
    app: &App,
    actor: &Actor,
    id: i64,
    number: i64,
) -> Result<ApprovalCheck, AppError> {
    readable(app, actor, id)
        .await?
        .versions
        .iter()
        .find(|v| v.number == number)
        .and_then(check)
        .ok_or(AppError::Store(StoreError::NotFound))
}

/// Who drafts the plans the profile gives to the planning PD.
pub async fn drafters(app: &App) -> Result<Drafters, AppError> {
    Ok(app.store.plan_drafters(app.profile()).await?)
}

/// What a new plan may be: of `kind` when asked, else a Peta Rencana or the first kind
/// `actor` drafts for some PD (a PD's operators draft only its Rencana dan Anggaran); and the
/// PDs `actor` may draft it for (none: the caller drafts no plan of that kind).
pub async fn drafting(
    app: &App,
    actor: &Actor,
    kind: Option<PlanKind>,
) -> Result<(PlanKind, Vec<Pd>), AppError> {
    let all = app.store.all_pds().await?;
    let who = drafters(app).await?;
    let pds_for = |kind: PlanKind| -> Vec<Pd> {
        all.iter()
            .filter(|p| may_draft(actor, kind, PdId(p.id), &who))
            .cloned()
            .collect()
    };
    let kind = kind.unwrap_or_else(|| {
        std::iter::once(PlanKind::PetaRencana)
            .chain(PlanKind::ALL)
            .find(|k| !pds_for(*k).is_empty())
            .unwrap_or(PlanKind::PetaRencana)
    });
    Ok((kind, pds_for(kind)))
}

/// Drafts a plan and its version 1, if `actor`'s planning role allows it.
pub async fn draft(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: &PlanInput,
) -> Result<Plan, AppError> {
    signed_in(actor)?;
    // Drafting follows the planning roles (the Tim Koordinasi drafts too), within what the
    // caller may read.
    authorize(
        actor,
        Action::Read,
        &Resource::record(Some(PdId(input.pd_id)), input.classification),
    )
    .map_err(forbid_hidden)?;
    if !may_draft(actor, input.kind, PdId(input.pd_id), &drafters(app).await?) {
        return Err(Denied::Forbidden.into());
    }
    Ok(app.store.create_plan(ctx, input).await?)
}

/// Adds the next version of plan `id`, if `actor` drafts plans of its kind and PD; earlier
/// versions and their approvals stay as they were.
pub async fn new_version(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &VersionInput,
) -> Result<Plan, AppError> {
    let plan = readable(app, actor, id).await?;
    if !may_draft(
        actor,
        plan.summary.kind,
        PdId(plan.summary.pd_id),
        &drafters(app).await?,
    ) {
        return Err(Denied::Forbidden.into());
    }
    Ok(app.store.add_plan_version(ctx, id, input).await?)
}

/// Approves the plan's newest version: every section filled, approved once, by the approving
/// role; the statement names the approver's account and is signed with the instance's key.
pub async fn approve(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    number: i64,
) -> Result<Plan, AppError> {
    let Some(user) = actor.user_id() else {
        return Err(Denied::NotAuthenticated.into());
    };
    let plan = readable(app, actor, id).await?;
    let Some(role) = may_approve(actor, plan.summary.kind, app.profile()) else {
        return Err(Denied::Forbidden.into());
    };
    let approver = app.store.get_user(user.0).await?;
    approvals::approve(
        &app.store,
        &app.key,
        &app.pemda.instance_id,
        ctx,
        &plan,
        number,
        &approver.username,
        role,
        ctx.at,
    )
    .await
    .map_err(|r| match r {
        Refusal::SectionMissing(s) => AppError::invalid(
            &format!("sections.{s}"),
            "every section is filled before the plan is approved",
        ),
        Refusal::NoSuchVersion => StoreError::NotFound.into(),
        Refusal::Store(e) => e.into(),
    })
}

/// Records a review of plan `id`, scheduled or on a trigger (the Tim Koordinasi or the Dinas).
pub async fn review(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &ReviewInput,
) -> Result<Plan, AppError> {
    let plan = readable(app, actor, id).await?;
    if !may_review(actor, plan.summary.kind, app.profile()) {
        return Err(Denied::Forbidden.into());
    }
    let today = padu_domain::sla::wib_date(ctx.at);
    Ok(app.store.add_plan_review(ctx, id, today, input).await?)
}

/// The planning register as a sheet: each document `actor` may read with its newest version's
/// sections, its approval and any missed review as of `today`. It imports back (a changed row
/// becomes a new version).
pub async fn plans_file(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
    format: Format,
) -> Result<SheetFile, AppError> {
    let rows = plan_rows(app, actor, today).await?;
    let columns = crate::interchange::plans::header();
    let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
    SheetFile::whole("plans", today, format, &columns, rows)
}

async fn plan_rows(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<Vec<String>>, AppError> {
    signed_in(actor)?;
    let scope = ReadScope::of(actor);
    let (_, code_of) = crate::interchange::pd_directory(&app.store).await?;
    let sections = crate::interchange::plans::section_columns();
    let mut rows = Vec::new();
    let mut n = 1;
    loop {
        let page = app
            .store
            .list_plans(
                &scope,
                None,
                &ListQuery {
                    page: n,
                    per_page: padu_store::page::MAX_PER_PAGE,
                    q: None,
                },
            )
            .await?;
        for d in &page.items {
            let v = view(app, app.store.get_plan(d.id).await?, today);
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
            let missed = v.missed_review.as_ref();
            row.extend([
                s.latest_version.to_string(),
                s.approved_version
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                s.approved_on.map(|d| d.to_string()).unwrap_or_default(),
                missed.map(|m| m.due.to_string()).unwrap_or_default(),
                missed.map(|m| m.clause.to_string()).unwrap_or_default(),
            ]);
            rows.push(row);
        }
        if page.items.len() < padu_store::page::MAX_PER_PAGE as usize {
            return Ok(rows);
        }
        n += 1;
    }
}
