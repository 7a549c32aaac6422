//! The compliance findings over the records the caller may read (`padu_domain::catalog::
//! evaluate`), and their follow-up as work items (`padu_domain::follow_up`): acknowledged,
//! assigned with a target date, waived with a reason, reopened. The registers' lists are
//! `app::registers::list`.

use crate::app::notify::{self, Template};
use crate::app::{App, AppError};
use chrono::NaiveDate;
use padu_domain::catalog::{evaluate, Facts, Finding, Rule, Severity};
use padu_domain::follow_up::{self, Move, Refused};
use padu_domain::{Actor, Denied, PdId, ReadScope, Role};
use padu_store::follow_ups::{FollowUp, NewFollowUp};
use padu_store::{AuditCtx, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// The compliance findings over the records `actor` may read, as of `today` in the region,
/// of one PD and one severity when given.
pub async fn findings(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
    pd_id: Option<i64>,
    severity: Option<Severity>,
) -> Result<Vec<Finding>, AppError> {
    let scope = ReadScope::of(actor);
    let store = &app.store;
    let infrastructure = store.infrastructure_facts(&scope).await?;
    let facts = Facts {
        applications: store.application_facts(&scope).await?,
        datasets: store.dataset_facts(&scope).await?,
        websites: store.website_facts(&scope).await?,
        plans: store.plan_facts(&scope).await?,
        pds: store
            .all_pds()
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect(),
        pds_with_lan_diagram: store.pds_with_lan_diagram().await?,
        servers: infrastructure.servers,
        data_centers: infrastructure.data_centers,
        has_drc: store.has_live_drc().await?,
        mandiri_tik_pds: store.mandiri_tik_pds().await?,
        periodic_meetings: store.periodic_meetings_held().await?,
        policies_in_force: store.policy_subjects_in_force().await?,
        pds_with_sop: store.pds_with_sop().await?,
    };
    // The catalogue's rules, the risk cycle's and security's (manajemen), as one list.
    let mut all = evaluate(app.profile(), &facts, today);
    let risks = store.risk_facts(&scope).await?;
    all.extend(padu_domain::manajemen::risk::findings(
        app.profile(),
        &facts.pds,
        &risks,
        today,
    ));
    all.extend(padu_domain::manajemen::security::findings(
        app.profile(),
        &store
            .incident_facts(&scope, padu_domain::sla::wib())
            .await?,
        &store.certificate_facts(&scope).await?,
        today,
    ));
    all.extend(padu_domain::manajemen::security::evaluation_findings(
        app.profile(),
        &facts.pds,
        &store.isms_facts(&scope).await?,
        today,
    ));
    all.extend(padu_domain::evaluasi::audit::findings(
        app.profile(),
        &store.audit_object_facts(&scope).await?,
        &store.audit_facts(&scope).await?,
        today,
    ));
    padu_domain::catalog::order(&mut all);
    Ok(all
        .into_iter()
        .filter(|f| pd_id.is_none() || f.pd_id == pd_id)
        .filter(|f| severity.is_none_or(|s| f.severity == s))
        .collect())
}

/// A finding as a work item: the finding and its follow-up, if any.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkItem {
    #[serde(flatten)]
    pub finding: Finding,
    pub follow_up: Option<FollowUp>,
}

/// The findings `actor` may read with their follow-ups (see [`findings`]); waived ones stay,
/// marked as such.
pub async fn work_items(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
    pd_id: Option<i64>,
    severity: Option<Severity>,
) -> Result<Vec<WorkItem>, AppError> {
    let found = findings(app, actor, today, pd_id, severity).await?;
    let mut follow_ups: HashMap<(String, String), FollowUp> = app
        .store
        .follow_ups()
        .await?
        .into_iter()
        .map(|f| ((f.rule.clone(), f.subject.clone()), f))
        .collect();
    Ok(found
        .into_iter()
        .map(|finding| {
            let key = (finding.rule.key(), finding.subject.clone());
            let mut follow_up = follow_ups.remove(&key);
            // The public sees where a finding stands, not which civil servant holds it.
            if let (Actor::Public, Some(f)) = (actor, follow_up.as_mut()) {
                f.assignee_id = None;
                f.assignee_name = None;
                f.by_name = None;
            }
            WorkItem { follow_up, finding }
        })
        .collect())
}

/// One finding the reader may see, named by its rule and subject; not found when the records
/// no longer show it (there is nothing to follow up).
pub async fn work_item(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
    rule: &str,
    subject: &str,
) -> Result<WorkItem, AppError> {
    let rule = Rule::parse(rule).ok_or(StoreError::NotFound)?;
    work_items(app, actor, today, None, None)
        .await?
        .into_iter()
        .find(|w| w.finding.rule == rule && w.finding.subject == subject)
        .ok_or_else(|| StoreError::NotFound.into())
}

/// A step on a finding: acknowledge, assign (with `assignee_id` and `target_date`), waive (with
/// `reason`) or reopen.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct FollowUpInput {
    /// The finding's rule (`application_untested`).
    pub rule: String,
    /// The finding's subject (`application:12`).
    pub subject: String,
    /// acknowledge, assign, waive or reopen.
    pub step: String,
    pub assignee_id: Option<i64>,
    #[schema(value_type = Option<String>, format = Date)]
    pub target_date: Option<NaiveDate>,
    pub reason: Option<String>,
}

/// The steps a finding takes, in the order a page offers them.
pub const FOLLOW_UP_STEPS: [&str; 4] = ["acknowledge", "assign", "waive", "reopen"];

/// Where a finding's own page is.
pub fn finding_link(rule: &str, subject: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("rule", rule)
        .append_pair("subject", subject)
        .finish();
    format!("/katalog/temuan?{query}")
}

/// Takes a step on a finding the reader may see, as `padu_domain::follow_up` allows, audited.
/// Returns the finding with its follow-up as it now stands (none once reopened).
pub async fn follow_up(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    today: NaiveDate,
    input: &FollowUpInput,
) -> Result<WorkItem, AppError> {
    let item = work_item(app, actor, today, &input.rule, &input.subject).await?;
    let pd = item.finding.pd_id.map(PdId);
    let mv = match input.step.as_str() {
        "acknowledge" => Move::Acknowledge,
        "assign" => {
            let assignee = input
                .assignee_id
                .ok_or_else(|| AppError::invalid("assignee_id", "choose who acts"))?;
            let target = input
                .target_date
                .ok_or_else(|| AppError::invalid("target_date", "give a target date"))?;
            let user = match app.store.get_user(assignee).await {
                Ok(u) if u.active => u,
                Ok(_) | Err(StoreError::NotFound) => {
                    return Err(AppError::invalid("assignee_id", "no such active user"))
                }
                Err(e) => return Err(e.into()),
            };
            Move::Assign {
                assignee_grants: user.grants,
                target,
            }
        }
        "waive" => Move::Waive {
            reason: input.reason.clone().unwrap_or_default(),
        },
        "reopen" => Move::Reopen,
        _ => {
            return Err(AppError::invalid(
                "step",
                format!("must be one of {}", FOLLOW_UP_STEPS.join(", ")),
            ))
        }
    };
    follow_up::check(actor, pd, &mv, today).map_err(|e| match e {
        Refused::Forbidden => AppError::from(Denied::Forbidden),
        Refused::Invalid(field, message) => AppError::invalid(field, message),
    })?;
    let rule = item.finding.rule.key();
    let Some(state) = mv.state() else {
        app.store
            .reopen_finding(ctx, &rule, &item.finding.subject)
            .await?;
        return Ok(WorkItem {
            follow_up: None,
            ..item
        });
    };
    let (assignee_id, target_date) = match &mv {
        Move::Assign { target, .. } => (input.assignee_id, Some(*target)),
        _ => (None, None),
    };
    let reason = match &mv {
        Move::Waive { reason } => reason.as_str(),
        _ => "",
    };
    let step = NewFollowUp {
        rule: &rule,
        subject: &item.finding.subject,
        pd_id: item.finding.pd_id,
        state,
        assignee_id,
        target_date,
        reason,
    };
    let done = app.store.record_follow_up(ctx, &step).await?;
    if let Some(who) = assignee_id.filter(|id| Some(*id) != ctx.actor_user_id) {
        let link = finding_link(&rule, &item.finding.subject);
        notify::users(
            app,
            &[who],
            Template::FindingAssigned,
            &item.finding.clause,
            &item.finding.subject_name,
            &link,
        )
        .await;
    }
    Ok(WorkItem {
        follow_up: Some(done),
        ..item
    })
}

/// Who may be given a finding of `pd` to act on (`follow_up::may_be_assigned`), by name.
pub async fn assignable(app: &App, pd: Option<i64>) -> Result<Vec<(i64, String)>, AppError> {
    let mut ids = app.store.users_in_role(Role::AdminDinas, None).await?;
    match pd {
        Some(pd) => ids.extend(app.store.users_in_role(Role::OperatorPd, Some(pd)).await?),
        None => ids.extend(app.store.users_in_role(Role::Koordinator, None).await?),
    }
    ids.sort_unstable();
    ids.dedup();
    let mut people = Vec::with_capacity(ids.len());
    for id in ids {
        let u = app.store.get_user(id).await?;
        people.push((u.id, u.full_name));
    }
    people.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(people)
}
