//! What staff do with complaints: list and read them as their role and PD allow, take the
//! steps of the SP4N-LAPOR! flow, and write internal notes.

use super::{pd_of, refused, scope, tell_staff, view_for, ComplaintView};
use crate::app::notify::Template;
use crate::app::pengaduan::tell_complainant;
use crate::app::{App, AppError};
use chrono::{DateTime, Utc};
use padu_domain::complaint::{self, Step, StepError, Who};
use padu_domain::{Actor, Denied, PdId};
use padu_store::attachments::{Attachment, Owner};
use padu_store::complaints::{Complaint, ComplaintFilter, ComplaintUpdate, StepRecord};
use padu_store::{AuditCtx, ListQuery, Page};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Complaints `actor` may see at `now` ([`super::scope`], then each as [`view_for`] shows it).
pub async fn list(
    app: &App,
    actor: &Actor,
    now: DateTime<Utc>,
    filter: &ComplaintFilter,
    page: &ListQuery,
) -> Result<Page<ComplaintView>, AppError> {
    let page = app
        .store
        .list_complaints(&scope(actor), filter, page)
        .await?;
    Ok(Page {
        more: page.more,
        items: page
            .items
            .into_iter()
            .filter_map(|c| view_for(actor, c, now))
            .collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintDetail {
    pub complaint: ComplaintView,
    /// Oldest first; internal notes only for those who handle the complaint and the supervisors.
    pub updates: Vec<ComplaintUpdate>,
    /// Its files: the complainant's and the staff's, the staff-only ones for those who read
    /// internal notes.
    pub attachments: Vec<Attachment>,
}

/// One complaint as `actor` may see it, with its timeline (internal notes for those who read
/// them); to anyone who may not see it, it does not exist.
pub async fn detail(
    app: &App,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<ComplaintDetail, AppError> {
    let c = app.store.get_complaint(id).await?;
    let internal = complaint::may_read_internal(actor, pd_of(&c));
    let view = view_for(actor, c, now).ok_or(Denied::Hidden)?;
    let updates = app.store.complaint_updates(id, !internal).await?;
    let attachments = app
        .store
        .attachments(Owner::Complaint(id), !internal)
        .await?;
    Ok(ComplaintDetail {
        complaint: view,
        updates,
        attachments,
    })
}

/// The most files staff attach to one complaint.
pub const MAX_STAFF_FILES: usize = 10;

/// Whether a file the staff attach to complaint `id` is public (the complainant sees it) or
/// kept among staff (`internal`): the Dinas and those who handle it attach, while it is open.
pub async fn staff_file_is_public(
    app: &App,
    actor: &Actor,
    id: i64,
    internal: bool,
) -> Result<bool, AppError> {
    let c = app.store.get_complaint(id).await?;
    if !(complaint::verifies(actor) || complaint::may_handle(actor, pd_of(&c))) {
        return Err(Denied::Forbidden.into());
    }
    if !c.status.is_open() {
        return Err(AppError::Conflict {
            field: Some("status".into()),
            message: "the complaint is closed".into(),
        });
    }
    let files = app.store.attachments(Owner::Complaint(id), false).await?;
    if files.len() >= MAX_STAFF_FILES {
        return Err(AppError::invalid("file", "at most 10 files per complaint"));
    }
    Ok(!internal)
}

/// The complaint `id` if `actor` may see it, for a staff member's step or note.
async fn visible(
    app: &App,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<Complaint, AppError> {
    actor.user_id().ok_or(Denied::NotAuthenticated)?;
    let c = app.store.get_complaint(id).await?;
    if view_for(actor, c.clone(), now).is_none() {
        return Err(Denied::Hidden.into());
    }
    Ok(c)
}

/// A staff step on a complaint, as the API and the page send it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(as = ComplaintStepInput)]
pub struct StepInput {
    /// forward, reject, merge, follow_up, return, close.
    pub step: String,
    /// The PD to forward to (forward).
    pub pd_id: Option<i64>,
    /// The older complaint this one duplicates (merge).
    pub merged_into: Option<i64>,
    /// The text the complainant sees: reason, follow-up or note to the PD.
    #[serde(default)]
    pub body: String,
}

/// A step in the flow at `ctx.at`, as `complaint::apply` allows it: forward / reject / merge /
/// close by the Dinas, follow_up / return by those who handle it. The PD a complaint is
/// forwarded to hears of it; the complainant hears of every step.
pub async fn take(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: StepInput,
) -> Result<Complaint, AppError> {
    let c = visible(app, actor, ctx.at, id).await?;
    let body = input.body.trim().to_string();
    let (step, kind, needs_body) = match input.step.as_str() {
        "forward" => {
            let pd = input
                .pd_id
                .ok_or_else(|| AppError::invalid("pd_id", "choose the PD to forward to"))?;
            app.store
                .get_pd(pd)
                .await
                .map_err(|_| AppError::invalid("pd_id", "no such Perangkat Daerah"))?;
            (Step::Forward { pd: PdId(pd) }, "forwarded", false)
        }
        "reject" => (Step::Reject, "rejected", true),
        "merge" => (Step::Merge, "merged", false),
        "follow_up" => (Step::FollowUp, "follow_up", true),
        "return" => (Step::ReturnToDinas, "returned", true),
        "close" => (Step::Close, "closed", false),
        _ => {
            return Err(AppError::invalid(
                "step",
                "must be forward, reject, merge, follow_up, return or close",
            ))
        }
    };
    if needs_body && body.is_empty() {
        return Err(AppError::invalid(
            "body",
            "write the text the complainant will read",
        ));
    }
    padu_store::check_len("body", &body, padu_store::MAX_TEXT)?;
    let merged_into = match step {
        Step::Merge => Some(merge_target(app, &c, input.merged_into).await?),
        _ => None,
    };
    let schedule = super::schedule(app).await?;
    let (new_status, deadlines) = complaint::apply(
        &schedule,
        c.status,
        pd_of(&c),
        &step,
        &Who::Staff(actor),
        ctx.at,
    )
    .map_err(refused)?;
    let pd_id = match &step {
        Step::Forward { pd } => Some(pd.0),
        Step::ReturnToDinas => None,
        _ => c.pd_id,
    };
    // The complainant is told which report theirs joined, by the code they can track.
    let body = match &merged_into {
        Some((_, code)) if body.is_empty() => code.clone(),
        _ => body,
    };
    let merged_into = merged_into.map(|(id, _)| id);
    let record = StepRecord {
        expected_status: c.status,
        new_status,
        deadlines,
        pd_id,
        merged_into,
        kind,
        body,
        public: true,
    };
    let done = app.store.record_complaint_step(ctx, id, &record).await?;
    if let Step::Forward { pd } = step {
        // The Dinas forwarded it: its people need no notice of their own step.
        let pd_only: Vec<i64> = app
            .store
            .pd_operators(pd.0)
            .await?
            .into_iter()
            .filter(|u| Some(*u) != ctx.actor_user_id)
            .collect();
        tell_staff(app, &pd_only, Template::ComplaintForwarded, &done).await;
    }
    tell_complainant(app, &done).await;
    Ok(done)
}

/// The complaint `c` duplicates, with its tracking code: an older one that is still open.
async fn merge_target(
    app: &App,
    c: &Complaint,
    target: Option<i64>,
) -> Result<(i64, String), AppError> {
    let target = target
        .ok_or_else(|| AppError::invalid("merged_into", "give the complaint it duplicates"))?;
    let t = app
        .store
        .get_complaint(target)
        .await
        .map_err(|_| AppError::invalid("merged_into", "no such complaint"))?;
    if t.id >= c.id || !t.status.is_open() {
        return Err(AppError::invalid(
            "merged_into",
            "must be an older complaint that is still open",
        ));
    }
    Ok((t.id, t.tracking_code))
}

/// An internal note, by those who handle the complaint ([`complaint::may_handle`]); never
/// shown to the complainant or the public.
pub async fn note(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    body: &str,
) -> Result<ComplaintUpdate, AppError> {
    let c = visible(app, actor, ctx.at, id).await?;
    if !complaint::may_handle(actor, pd_of(&c)) {
        return Err(refused(StepError::Forbidden));
    }
    Ok(app
        .store
        .add_complaint_note(ctx, id, "note", body, false)
        .await?)
}
