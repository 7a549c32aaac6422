//! The catalogue's workflows: system selection requests (Kalbar Pasal 16), Dinas
//! recommendations before procurement or development (Pessel Pasal 6(3), 9(2), 10(4)c) and
//! Mandiri TIK assessments (Bogor Pasal 47). The rules are `padu_domain::requests`; every
//! step is audited by the store and notified here.

use crate::app::notify::{self, Template};
use crate::app::registers::signed_in;
use crate::app::{App, AppError};
use padu_domain::requests::{apply, may_submit, Refused, RequestKind, RequestStatus, Step};
use padu_domain::{authorize, Action, Actor, Denied, PdId, ReadScope, Resource, Role};
use padu_store::org::Pd;
use padu_store::requests::{Request, RequestFilter, RequestInput, Revision, StatusChange};
use padu_store::{AuditCtx, ListQuery, Page};
use serde::Deserialize;
use utoipa::ToSchema;

/// A step with what the step may carry.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = RequestStepInput)]
pub struct StepInput {
    #[serde(flatten)]
    pub step: Step,
    /// Revised analyses or criteria, with a resubmission.
    #[serde(default)]
    pub revision: Option<Revision>,
}

/// Where a request is read (links in notifications and mail).
pub fn request_link(id: i64) -> String {
    format!("/permohonan/{id}")
}

/// Request `id`, if `actor` may read it.
pub async fn request(app: &App, actor: &Actor, id: i64) -> Result<Request, AppError> {
    let r = app.store.get_request(id).await?;
    authorize(
        actor,
        Action::Read,
        &Resource::record(Some(PdId(r.pd_id)), r.classification),
    )?;
    Ok(r)
}

/// Requests `actor` may read, most recently changed first.
pub async fn requests(
    app: &App,
    actor: &Actor,
    filter: &RequestFilter,
    q: &ListQuery,
) -> Result<Page<Request>, AppError> {
    Ok(app
        .store
        .list_requests(&ReadScope::of(actor), filter, q)
        .await?)
}

/// The PDs `actor` may submit some request for.
pub async fn submitting_pds(app: &App, actor: &Actor) -> Result<Vec<Pd>, AppError> {
    Ok(app
        .store
        .all_pds()
        .await?
        .into_iter()
        .filter(|pd| {
            offered(app)
                .iter()
                .any(|k| may_submit(actor, *k, PdId(pd.id)))
        })
        .collect())
}

/// The workflows the region's profile has, in their order.
pub fn offered(app: &App) -> Vec<RequestKind> {
    RequestKind::ALL
        .into_iter()
        .filter(|k| k.clause(app.profile()).is_some())
        .collect()
}

/// The users holding any of `roles` (for the Pemda as a whole).
async fn users_in_roles(app: &App, roles: &[Role]) -> Vec<i64> {
    let mut users = Vec::new();
    for role in roles {
        users.extend(
            app.store
                .users_in_role(*role, None)
                .await
                .unwrap_or_default(),
        );
    }
    users.sort_unstable();
    users.dedup();
    users
}

/// Submits a request of a PD (its operators or the Dinas), and tells those who decide it.
pub async fn submit(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: &RequestInput,
) -> Result<Request, AppError> {
    signed_in(actor)?;
    // Only the workflows the region's regulation has (Kalbar Pasal 16, Bogor Pasal 47, …).
    let Some(workflow) = app.profile().workflows.get(&input.kind) else {
        return Err(AppError::invalid(
            "kind",
            "the region's regulation has no such workflow",
        ));
    };
    if !may_submit(actor, input.kind, PdId(input.pd_id)) {
        return Err(Denied::Forbidden.into());
    }
    let r = app.store.create_request(ctx, input).await?;
    let deciders = users_in_roles(app, &workflow.decided_by).await;
    notify::users(
        app,
        &deciders,
        Template::RequestSubmitted,
        &r.id.to_string(),
        &r.title,
        &request_link(r.id),
    )
    .await;
    Ok(r)
}

/// A step the rules refuse: not the caller's (forbidden), without its reason (invalid), or not
/// in the request's status or criteria (a conflict on `step`).
fn refused(e: Refused) -> AppError {
    match e {
        Refused::Role => Denied::Forbidden.into(),
        Refused::ReasonMissing => AppError::invalid("reason", e.to_string()),
        other => AppError::Conflict {
            field: Some("step".into()),
            message: other.to_string(),
        },
    }
}

/// Takes a step the rules allow on request `id`, and tells those who act next.
pub async fn take_step(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &StepInput,
) -> Result<Request, AppError> {
    signed_in(actor)?;
    let r = request(app, actor, id).await?;
    let criteria = match (&input.step, &input.revision) {
        (Step::Resubmit { .. }, Some(rev)) => rev.criteria,
        _ => r.criteria,
    };
    let to = apply(
        actor,
        r.kind,
        app.profile().workflows.get(&r.kind),
        PdId(r.pd_id),
        r.status,
        criteria,
        &input.step,
    )
    .map_err(refused)?;
    let revision = match &input.step {
        Step::Resubmit { .. } => input.revision.as_ref(),
        _ => None,
    };
    let updated = app
        .store
        .step_request(
            ctx,
            id,
            &StatusChange {
                from: r.status,
                to,
                step: input.step.name(),
                note: input.step.note(),
                revision,
            },
        )
        .await?;
    // A resubmission goes to those who decide; a decision to the PD and to those who decide,
    // and a proposal to those who establish (the head of region, for a Mandiri TIK PD).
    let mut recipients = if to == RequestStatus::Diajukan {
        Vec::new()
    } else {
        app.store
            .users_in_role(Role::OperatorPd, Some(r.pd_id))
            .await
            .unwrap_or_default()
    };
    let workflow = app.profile().workflows.get(&r.kind);
    let decided_by = workflow
        .map(|w| w.decided_by.as_slice())
        .unwrap_or_default();
    let (template, next) = match to {
        RequestStatus::Diajukan => (Template::RequestSubmitted, decided_by),
        RequestStatus::Diusulkan => (
            Template::RequestDecided,
            workflow
                .map(|w| w.established_by.as_slice())
                .unwrap_or_default(),
        ),
        _ => (Template::RequestDecided, decided_by),
    };
    recipients.extend(users_in_roles(app, next).await);
    recipients.sort_unstable();
    recipients.dedup();
    if let Some(me) = actor.user_id() {
        recipients.retain(|u| *u != me.0);
    }
    notify::users(
        app,
        &recipients,
        template,
        &id.to_string(),
        &updated.title,
        &request_link(id),
    )
    .await;
    Ok(updated)
}

/// The steps a page offers, by name, as a form names them.
pub const STEPS: [&str; 5] = ["approve", "reject", "resubmit", "establish", "withdraw"];

impl StepInput {
    /// The step named `name` (one of [`STEPS`]) with its note, and no revision.
    pub fn named(name: &str, note: String) -> Result<StepInput, AppError> {
        let step = match name {
            "approve" => Step::Approve { note },
            "reject" => Step::Reject { reason: note },
            "resubmit" => Step::Resubmit { note },
            "establish" => Step::Establish { note },
            "withdraw" => Step::Withdraw { note },
            _ => return Err(AppError::invalid("step", "unknown step")),
        };
        Ok(StepInput {
            step,
            revision: None,
        })
    }
}

/// The steps `actor` may take on `r` now, by name (a reason or a note is given with the step).
pub fn steps_open(app: &App, actor: &Actor, r: &Request) -> Vec<&'static str> {
    let workflow = app.profile().workflows.get(&r.kind);
    STEPS
        .into_iter()
        .filter(|name| {
            StepInput::named(name, "x".into()).is_ok_and(|s| {
                let pd = PdId(r.pd_id);
                apply(actor, r.kind, workflow, pd, r.status, r.criteria, &s.step).is_ok()
            })
        })
        .collect()
}
