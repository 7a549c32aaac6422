//! "Aturan yang berlaku": every rule in force under the region's profile, its value, its clause
//! with the clause's words, and whether the region's own file set it; as a printable page and
//! as JSON (`/api/v1/profile`).

use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{day, layout, OrPage, UiResult};
use crate::web::kit::{Caller, Routes, SessionForm, SharedState};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::{html, Markup};
use padu_domain::access::SETS_THE_RULES;
use padu_domain::org::Role;
use padu_domain::profile::{Profile, ReviewSchedule, Source, Sourced};
use padu_domain::Gate;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::routes;

/// Anyone reads the rules the Pemda runs under; the Dinas sets the region's own.
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(profile_api))
        .get("/aturan", Gate::Anyone, rules_page)
        .get("/aturan/ubah", SETS_THE_RULES, edit_page)
        .post("/aturan/ubah", SETS_THE_RULES, edit_submit)
}

/// The profile in force, as its file reads when laid over its base.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileDoc {
    pub id: String,
    pub regulation: String,
    /// Every value with its clause and text; `overridden` lists the keys the region's own file
    /// set.
    #[schema(value_type = Object)]
    pub profile: serde_json::Value,
}

/// The regulation profile in force: every value a rule uses, with its clause and words.
#[utoipa::path(get, path = "/api/v1/profile", tag = "foundation", responses((status = 200, body = ProfileDoc)))]
async fn profile_api(State(state): State<SharedState>, _caller: Caller) -> Json<ProfileDoc> {
    let p = state.profile();
    Json(ProfileDoc {
        id: p.id.clone(),
        regulation: p.regulation.clone(),
        profile: serde_json::to_value(p).unwrap_or_default(),
    })
}

/// One row: what, its value, where it comes from, and whether the region set it.
struct Row {
    what: String,
    value: String,
    source: Source,
    key: String,
}

fn rows(lang: Lang, p: &Profile) -> Vec<(&'static str, Vec<Row>)> {
    let row = |what: String, value: String, source: Source, key: &str| Row {
        what,
        value,
        source,
        key: key.to_string(),
    };
    let mut identity = Vec::new();
    if let Some(d) = &p.domain {
        identity.push(row(
            t(lang, "rules.domain").into(),
            d.value.clone(),
            d.source(),
            "domain",
        ));
    }
    if let Some(tr) = &p.transition {
        let value = format!(
            "{} {} {} {} ({} {})",
            tr.years,
            t(lang, "rules.years"),
            t(lang, "rules.since"),
            day(tr.in_force_since),
            t(lang, "rules.until"),
            day(tr.deadline())
        );
        identity.push(row(
            t(lang, "rules.transition").into(),
            value,
            tr.source(),
            "transition",
        ));
    }
    let findings = p
        .rules
        .iter()
        .map(|(rule, s)| {
            let key = rule.key();
            row(
                t(lang, &format!("finding.{key}")).into(),
                t(lang, "rules.in_force").into(),
                s.clone(),
                &format!("rules.{key}"),
            )
        })
        .collect();
    let documents = p
        .documents
        .iter()
        .map(|d| {
            let name = if lang == Lang::En { &d.en } else { &d.id };
            row(
                name.clone(),
                t(lang, "rules.required").into(),
                d.source(),
                "documents",
            )
        })
        .collect();
    let planner = p.planning_pd.as_ref().map_or_else(
        || t(lang, "rules.planning_pd_unnamed").to_string(),
        |pd| pd.value.clone(),
    );
    let drafted = p.planning_pd_drafts.iter().map(|(kind, s)| {
        row(
            format!(
                "{}: {}",
                t(lang, &format!("plan.kind.{}", kind.as_str())),
                t(lang, "rules.drafted_by_planning_pd")
            ),
            planner.clone(),
            s.clone(),
            &format!("planning_pd_drafts.{}", kind.as_str()),
        )
    });
    let plans = p
        .plan_reviews
        .iter()
        .map(|(kind, r)| {
            let schedule = match r.schedule {
                ReviewSchedule::MidAndLast => "rules.review.mid_and_last",
                ReviewSchedule::Yearly => "rules.review.yearly",
                ReviewSchedule::FiveYearly => "rules.review.five_yearly",
            };
            row(
                t(lang, &format!("plan.kind.{}", kind.as_str())).into(),
                t(lang, schedule).into(),
                r.source(),
                &format!("plan_reviews.{}", kind.as_str()),
            )
        })
        .chain(drafted)
        .chain(deciders(
            lang,
            "plan_approvers",
            "rules.approved_by",
            &p.plan_approvers,
        ))
        .chain(deciders(
            lang,
            "plan_reviewers",
            "rules.reviewed_by",
            &p.plan_reviewers,
        ))
        .collect();
    let mut values = Vec::new();
    for (key, setting, unit) in [
        (
            "dataset_max_update_months",
            &p.dataset_max_update_months,
            "rules.months",
        ),
        (
            "application_review_years",
            &p.application_review_years,
            "rules.years",
        ),
        (
            "coordination_meetings_per_year",
            &p.coordination_meetings_per_year,
            "rules.times_a_year",
        ),
        ("risk_review_months", &p.risk_review_months, "rules.months"),
        (
            "risk_identification_months",
            &p.risk_identification_months,
            "rules.months",
        ),
        (
            "isms_evaluation_months",
            &p.isms_evaluation_months,
            "rules.months",
        ),
        (
            "incident_report_hours",
            &p.incident_report_hours,
            "rules.hours",
        ),
        ("evaluation_months", &p.evaluation_months, "rules.months"),
        ("audit_months", &p.audit_months, "rules.months"),
        (
            "internal_audit_lead_months",
            &p.internal_audit_lead_months,
            "rules.months",
        ),
    ] {
        if let Some(s) = setting {
            let value = format!("{} {}", s.value, t(lang, unit));
            values.push(row(
                t(lang, &format!("rules.{key}")).into(),
                value,
                s.source(),
                key,
            ));
        }
    }
    if let Some(s) = &p.pemda_risk_unit {
        values.push(row(
            t(lang, "rules.pemda_risk_unit").into(),
            s.value.clone(),
            s.source(),
            "pemda_risk_unit",
        ));
    }
    if let Some(s) = &p.certificate_reminder_days {
        let days: Vec<String> = s.value.iter().map(u32::to_string).collect();
        values.push(row(
            t(lang, "rules.certificate_reminder_days").into(),
            format!("{} {}", days.join(", "), t(lang, "rules.days")),
            s.source(),
            "certificate_reminder_days",
        ));
    }
    if let Some(s) = &p.bus_service_clearance {
        values.push(row(
            t(lang, "rules.bus_service_clearance").into(),
            t(lang, "rules.in_force").into(),
            s.clone(),
            "bus_service_clearance",
        ));
    }
    if let Some(s) = &p.mandiri_tik_runs_own_servers {
        values.push(row(
            t(lang, "rules.mandiri_tik_runs_own_servers").into(),
            t(lang, "rules.in_force").into(),
            s.clone(),
            "mandiri_tik_runs_own_servers",
        ));
    }
    let complaints = p
        .complaints
        .settings()
        .into_iter()
        .map(|(key, s)| {
            // The verification and follow-up count working days; the complainant, calendar days.
            let unit = if key == "respond_days" {
                "rules.days"
            } else {
                "rules.working_days"
            };
            row(
                t(lang, &format!("rules.complaints.{key}")).into(),
                format!("{} {}", s.value, t(lang, unit)),
                s.source(),
                &format!("complaints.{key}"),
            )
        })
        .collect();
    let desk_source = p.desk.source();
    let minutes = |m: u32| match (m / 60, m % 60) {
        (0, m) => format!("{m} {}", t(lang, "rules.minutes")),
        (h, 0) => format!("{h} {}", t(lang, "rules.hours")),
        (h, m) => format!(
            "{h} {} {m} {}",
            t(lang, "rules.hours"),
            t(lang, "rules.minutes")
        ),
    };
    let desk = p
        .desk
        .priorities
        .iter()
        .rev()
        .map(|(priority, d)| {
            row(
                t(lang, &format!("desk.priority.{}", priority.as_str())).into(),
                format!(
                    "{} {} · {} {} · {} {}",
                    t(lang, "rules.desk.first_response"),
                    minutes(d.first_response_minutes),
                    t(lang, "rules.desk.next_update"),
                    minutes(d.next_update_minutes),
                    t(lang, "rules.desk.resolution"),
                    minutes(d.resolution_minutes)
                ),
                desk_source.clone(),
                &format!("desk.priorities.{}", priority.as_str()),
            )
        })
        .chain(p.desk.types.iter().map(|(kind, s)| {
            let updates = if s.updates {
                "rules.desk.updates"
            } else {
                "rules.desk.no_updates"
            };
            row(
                t(lang, &format!("desk.kind.{}", kind.as_str())).into(),
                format!(
                    "{} ×{} · {}",
                    t(lang, "rules.desk.resolution"),
                    s.resolution_factor,
                    t(lang, updates)
                ),
                desk_source.clone(),
                &format!("desk.types.{}", kind.as_str()),
            )
        }))
        .collect();
    let workflows = p
        .workflows
        .iter()
        .map(|(kind, w)| {
            let mut value = format!(
                "{}: {}",
                t(lang, "rules.decided_by"),
                role_names(lang, &w.decided_by)
            );
            if !w.established_by.is_empty() {
                value.push_str(&format!(
                    " · {}: {}",
                    t(lang, "rules.established_by"),
                    role_names(lang, &w.established_by)
                ));
            }
            row(
                t(lang, &format!("request.kind.{}", kind.as_str())).into(),
                value,
                w.source(),
                &format!("workflows.{}", kind.as_str()),
            )
        })
        .collect();
    let matrix = p
        .risk
        .matrix
        .value
        .iter()
        .enumerate()
        .rev()
        .map(|(l, row)| {
            let cells: Vec<String> = row.iter().map(u8::to_string).collect();
            format!("{}: {}", l + 1, cells.join(" "))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let bands = p
        .risk
        .bands
        .value
        .iter()
        .map(|b| {
            format!(
                "{}–{} {}",
                b.from,
                b.to,
                t(lang, &format!("risk.level.{}", b.level.as_str()))
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let risk = vec![
        row(
            t(lang, "rules.risk.matrix").into(),
            matrix,
            p.risk.matrix.source(),
            "risk.matrix",
        ),
        row(
            t(lang, "rules.risk.bands").into(),
            bands,
            p.risk.bands.source(),
            "risk.bands",
        ),
    ];
    vec![
        ("rules.group.identity", identity),
        ("rules.group.findings", findings),
        ("rules.group.documents", documents),
        ("rules.group.plans", plans),
        ("rules.group.values", values),
        ("rules.group.complaints", complaints),
        ("rules.group.desk", desk),
        ("rules.group.workflows", workflows),
        ("rules.group.risk", risk),
    ]
}

/// Roles by their names, "Pimpinan atau Admin Dinas".
fn role_names(lang: Lang, roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| t(lang, &format!("role.{}", r.as_str())))
        .collect::<Vec<_>>()
        .join(&format!(" {} ", t(lang, "rules.or")))
}

/// One row a plan kind: who approves (or reviews) it.
fn deciders<'a>(
    lang: Lang,
    table: &'a str,
    what: &'a str,
    map: &'a std::collections::BTreeMap<
        padu_domain::planning::PlanKind,
        padu_domain::profile::Deciders,
    >,
) -> impl Iterator<Item = Row> + 'a {
    map.iter().map(move |(kind, d)| Row {
        what: format!(
            "{}: {}",
            t(lang, &format!("plan.kind.{}", kind.as_str())),
            t(lang, what)
        ),
        value: role_names(lang, &d.value),
        source: d.source(),
        key: format!("{table}.{}", kind.as_str()),
    })
}

fn table(lang: Lang, p: &Profile, list: &[Row]) -> Markup {
    html! {
        table.rules {
            thead { tr {
                th { (t(lang, "rules.what")) } th { (t(lang, "rules.value")) }
                th { (t(lang, "catalog.clause")) } th { (t(lang, "rules.text")) }
            } }
            tbody {
                @for r in list {
                    tr {
                        td { (r.what) }
                        td {
                            (r.value)
                            @if p.is_overridden(&r.key) { " " span.badge.overridden { (t(lang, "rules.overridden")) } }
                        }
                        td {
                            @if r.source.clause.is_empty() {
                                span.muted { (t(lang, "rules.padu_default")) }
                            } @else { (r.source.clause) }
                        }
                        td.excerpt {
                            @if r.source.text.is_empty() { span.muted { "—" } } @else { (r.source.text) }
                        }
                    }
                }
            }
        }
    }
}

async fn rules_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let p = state.profile();
    let sets = SETS_THE_RULES.admits(&caller.actor).is_ok();
    let body = html! {
        p { (t(lang, "rules.intro")) " " strong { (p.regulation) } "." }
        @if sets { p.noprint { a.button href="/aturan/ubah" { (t(lang, "rules.edit")) } } }
        @if !p.overridden.is_empty() {
            p.muted #overridden-note { (t(lang, "rules.overridden_note")) }
        }
        @for (group, list) in rows(lang, p) {
            @if !list.is_empty() {
                h2 { (t(lang, group)) }
                (table(lang, p, &list))
            }
        }
        @if p.domain.is_none() {
            p.muted #no-domain { (t(lang, "rules.no_domain")) }
        }
        @if p.transition.is_none() {
            p.muted #no-transition { (t(lang, "rules.no_transition")) }
        }
    };
    Ok(layout(&state, &caller, t(lang, "rules.title"), body))
}

#[derive(Debug, serde::Deserialize)]
struct EditForm {
    #[serde(default)]
    text: String,
}

fn edit_form(
    state: &SharedState,
    caller: &Caller,
    text: &str,
    error: Option<String>,
) -> axum::response::Response {
    let lang = caller.lang;
    let body = html! {
        p { (t(lang, "rules.edit_intro")) }
        @if state.profile_from_file { p.bad { (t(lang, "rules.from_file")) } }
        @if let Some(e) = &error { p.error #profile-error { (e) } }
        form.stack method="post" action="/aturan/ubah" {
            input type="hidden" name="csrf" value=(caller.csrf());
            label { (t(lang, "rules.file")) textarea.code name="text" rows="24" spellcheck="false" { (text) } }
            button type="submit" { (t(lang, "form.save")) }
        }
        p { a href="/aturan" { (t(lang, "common.back")) } }
    };
    layout(state, caller, t(lang, "rules.edit"), body)
}

async fn edit_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let text = crate::app::profile::editable_text(&state)
        .await
        .or_page(&state, &caller)?;
    Ok(edit_form(&state, &caller, &text, None))
}

async fn edit_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<EditForm>,
) -> UiResult {
    match crate::app::profile::set(&state, &caller.actor, &caller.audit_ctx(), &f.text).await {
        Ok(_) => Ok(Redirect::to("/aturan?pesan=saved").into_response()),
        Err(e) => {
            let e = crate::web::kit::ApiError::from(e);
            if e.status == axum::http::StatusCode::FORBIDDEN {
                return Err(crate::web::kit::layout::error_page(&state, &caller, e));
            }
            let mut page = edit_form(&state, &caller, &f.text, Some(e.message.clone()));
            *page.status_mut() = e.status;
            Ok(page)
        }
    }
}
