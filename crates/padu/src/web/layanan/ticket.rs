//! A new ticket, and one ticket: its SLA timers, timeline, children, files and the actions the
//! caller's rights offer.

use super::api::step_refused;
use super::files::attach_to_ticket;
use super::{label, state_badge};
use crate::app::layanan::{self as desk, link, ActionInput, TicketInput};
use crate::app::registers;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{
    confirm_check, confirmed, layout, opt, session_upload, when, when_text,
};
use crate::web::kit::layout::{OrPage, UiResult};
use crate::web::kit::upload::MAX_BYTES;
use crate::web::kit::wording::message;
use crate::web::kit::SessionForm;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};
use maud::{html, Markup};
use padu_domain::sla::{TimerKind, TimerState};
use padu_domain::ticket::{Priority, TicketStatus, TicketType};
use padu_store::architecture::ServiceInput;
use padu_store::catalog::ApplicationInput;
use padu_store::infrastructure::InfrastructureInput;
use serde::Deserialize;

/// Working time as "2 j 30 m" (hours and minutes of working time).
fn span(secs: i64) -> String {
    let sign = if secs < 0 { "−" } else { "" };
    let s = secs.abs();
    format!("{sign}{} j {} m", s / 3600, (s % 3600) / 60)
}

pub(super) async fn new_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    new_form(&state, &caller, None).await
}

async fn new_form(state: &SharedState, caller: &Caller, error: Option<String>) -> UiResult {
    let lang = caller.lang;
    let pds = crate::app::foundation::all_pds(state)
        .await
        .or_page(state, caller)?;
    let own = caller.actor.operator_pds().next().map(|p| p.0);
    // What a ticket may name: the applications, SPBE services and infrastructure one may read.
    let mut linkable = registers::keys::<ApplicationInput>(state, &caller.actor)
        .await
        .or_page(state, caller)?;
    linkable.extend(
        registers::keys::<ServiceInput>(state, &caller.actor)
            .await
            .or_page(state, caller)?,
    );
    linkable.extend(
        registers::keys::<InfrastructureInput>(state, &caller.actor)
            .await
            .or_page(state, caller)?,
    );
    let body = html! {
        @if let Some(e) = error { p.error { (e) } }
        form #ticket-form method="post" action="/layanan/baru" class="card" {
            input type="hidden" name="csrf" value=(caller.csrf());
            label { (t(lang, "desk.kind")) select name="kind" required {
                @for k in TicketType::ALL { option value=(k.as_str()) { (label(lang, "desk.kind", k.as_str())) } } } }
            label { (t(lang, "desk.priority")) select name="priority" {
                option value="" { (t(lang, "desk.priority_default")) }
                @for k in Priority::ALL { option value=(k.as_str()) { (label(lang, "desk.priority", k.as_str())) } } } }
            label { (t(lang, "desk.pd")) select name="pd_id" required {
                @for p in &pds { option value=(p.id) selected[own == Some(p.id)] { (p.name) } } } }
            label { (t(lang, "desk.title")) input name="title" required maxlength="200"; }
            label { (t(lang, "desk.body")) textarea name="body" rows="5" required {} }
            label { (t(lang, "desk.link")) select name="link_kind" {
                option value="" { "—" }
                @for k in padu_store::tickets::LINK_KINDS { option value=(k) { (label(lang, "desk.link", k)) } } } }
            label { (t(lang, "desk.link_ref")) input name="link_ref" maxlength="200" list="linkable"; }
            datalist #linkable { @for k in &linkable { option value=(k) {} } }
            label { (t(lang, "desk.parent")) input name="parent_id" type="number" min="1"; }
            button #ticket-submit type="submit" { (t(lang, "desk.submit")) }
        }
    };
    Ok(layout(state, caller, t(lang, "desk.new"), body))
}

#[derive(Debug, Deserialize)]
pub(super) struct NewForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    pd_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    link_kind: String,
    #[serde(default)]
    link_ref: String,
    #[serde(default)]
    parent_id: String,
}

pub(super) async fn new_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<NewForm>,
) -> UiResult {
    let input = TicketInput {
        kind: f.kind,
        priority: opt(&f.priority),
        pd_id: f.pd_id.trim().parse().ok(),
        title: f.title,
        body: f.body,
        link_kind: opt(&f.link_kind),
        link_ref: opt(&f.link_ref),
        parent_id: f.parent_id.trim().parse().ok(),
    };
    match desk::open(&state, &caller.actor, &caller.audit_ctx(), input).await {
        Ok(tk) => Ok(Redirect::to(&format!("{}?pesan=saved", link(tk.id))).into_response()),
        Err(e) => {
            let e = ApiError::from(e);
            // The field by the label the form shows it with.
            let msg = match &e.field {
                Some(f) => {
                    let column = match f.as_str() {
                        "pd_id" => "pd",
                        "parent_id" => "parent",
                        "link_kind" => "link",
                        other => other,
                    };
                    let label =
                        crate::web::kit::i18n::lookup(caller.lang, &format!("desk.{column}"))
                            .unwrap_or(column);
                    format!("{label}: {}", message(caller.lang, &e.message))
                }
                None => message(caller.lang, &e.message),
            };
            let mut r = new_form(&state, &caller, Some(msg)).await?;
            *r.status_mut() = e.status;
            Ok(r)
        }
    }
}

fn timer_name(lang: Lang, k: TimerKind) -> &'static str {
    t(
        lang,
        match k {
            TimerKind::FirstResponse => "sla.first_response",
            TimerKind::NextUpdate => "sla.next_update",
            TimerKind::Resolution => "sla.resolution",
        },
    )
}

pub(super) async fn detail(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let d = desk::detail(&state, &caller.actor, caller.now, id)
        .await
        .or_page(&state, &caller)?;
    let tk = &d.ticket;
    let r = d.rights;
    let staff = desk::assignees(&state, &caller.actor, tk)
        .await
        .or_page(&state, &caller)?;
    let csrf = caller.csrf().to_string();
    let open = tk.status.is_open();
    let form = |action: &str, label_key: &str, extra: Markup| {
        html! {
            form id={ "form-" (action) } method="post" action={ "/layanan/" (tk.id) "/aksi" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="action" value=(action);
                (extra)
                button id={ "action-" (action) } type="submit" { (t(lang, label_key)) }
            }
        }
    };
    // One reply box: the steps that take a text are its buttons (Zammad's shape).
    let mut steps: Vec<&str> = Vec::new();
    if open && (r.work || r.requester) {
        steps.push("reply");
    }
    if (open || tk.status == TicketStatus::Selesai) && r.note {
        steps.push("note");
    }
    if open && r.work {
        if tk.status != TicketStatus::MenungguPemohon {
            steps.push("wait");
        }
        steps.push("resolve");
        steps.push(if tk.tier.number() == 1 {
            "escalate"
        } else {
            "return"
        });
    }
    let body = html! {
        div.card {
            p { strong { (tk.title) } " " span.badge { (label(lang, "desk.kind", tk.kind.as_str())) } " " span.badge { (label(lang, "desk.priority", tk.priority.as_str())) } }
            p { (tk.body) }
            table {
                tr { th { (t(lang, "desk.status")) } td #ticket-status { (label(lang, "desk.status", tk.status.as_str())) } }
                tr { th { "Tier" } td #ticket-tier { (tk.tier.number()) } }
                tr { th { (t(lang, "desk.pd")) } td { (tk.pd_name) } }
                tr { th { (t(lang, "desk.requester")) } td { (tk.requester_label) } }
                tr { th { (t(lang, "desk.assignee")) } td { (tk.assignee_name.as_deref().unwrap_or("—")) } }
                @if let (Some(k), Some(rf)) = (&tk.link_kind, &tk.link_ref) { tr { th { (t(lang, "desk.link")) } td { (label(lang, "desk.link", k)) ": " (rf) } } }
                @if let Some(p) = tk.parent_id { tr { th { (t(lang, "desk.parent")) } td { a href={ "/layanan/" (p) } { "#" (p) } } } }
                @if let Some(m) = tk.merged_into { tr { th { (t(lang, "desk.merged_into")) } td { a href={ "/layanan/" (m) } { "#" (m) } } } }
                @if let Some(reason) = &tk.escalation_reason { @if r.internal { tr { th { (t(lang, "desk.escalation_reason")) } td { (reason) } } } }
                @if let Some(rating) = tk.rating { tr { th { (t(lang, "desk.rating")) } td { (rating) " / 5 " (tk.rating_comment.as_deref().unwrap_or("")) } } }
            }
        }
        h2 { "SLA" }
        table #sla-timers {
            thead { tr { th { (t(lang, "sla.timer")) } th { (t(lang, "sla.state")) } th { (t(lang, "sla.target")) } th { (t(lang, "sla.remaining")) } th { (t(lang, "sla.due")) } } }
            tbody {
                @for tm in &d.sla.timers {
                    tr {
                        td { (timer_name(lang, tm.kind)) }
                        td { (state_badge(lang, padu_domain::ticket::timer_state_name(tm.state))) @if tm.breaches > 0 && tm.kind == TimerKind::NextUpdate { " ×" (tm.breaches) } }
                        td { (tm.target_secs.map(span).unwrap_or_else(|| "—".into())) }
                        td { @if matches!(tm.state, TimerState::Running | TimerState::Warning | TimerState::Breached | TimerState::Paused) { (tm.remaining_secs.map(span).unwrap_or_else(|| "—".into())) } @else { "—" } }
                        td { (when(tm.due_at)) }
                    }
                }
            }
        }
        p.muted { (t(lang, "sla.response_rule")) }
        @if !d.children.is_empty() {
            h2 { (t(lang, "desk.children")) }
            ul { @for c in &d.children { li { a href={ "/layanan/" (c.id) } { "#" (c.id) " " (c.title) } " — " (label(lang, "desk.status", c.status.as_str())) } } }
        }
        h2 { (t(lang, "desk.timeline")) }
        ol.timeline #ticket-timeline {
            @for e in &d.events {
                li class=(if e.public { "public" } else { "internal" }) {
                    span.muted { (when_text(&e.at)) " · " (e.actor_label) " · " }
                    strong { (label(lang, "desk.event", &e.kind)) }
                    (event_detail(&e.kind, e.data.as_ref(), &staff))
                    @if !e.public { " " span.badge { (t(lang, "desk.internal")) } }
                    @if !e.body.is_empty() { p { (e.body) } }
                }
            }
        }
        h2 { (t(lang, "desk.files")) }
        ul { @for a in &d.attachments { li { a href={ "/lampiran/" (a.id) } { (a.filename) } " (" (a.size_bytes / 1024) " KB)" @if !a.public { " " span.badge { (t(lang, "desk.internal")) } } } } }
        @if (open || tk.status == TicketStatus::Selesai) && (r.work || r.requester || r.note) {
            form #upload-form method="post" enctype="multipart/form-data" action={ "/layanan/" (tk.id) "/lampiran" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t(lang, "desk.file_label")) " " input type="file" name="file" required; }
                @if r.note { label.check { input type="checkbox" name="internal" value="1"; " " (t(lang, "desk.internal_file")) } }
                button type="submit" { (t(lang, "desk.upload")) }
                p.muted { (t(lang, "desk.file_rule")) }
            }
        }
        @if !steps.is_empty() {
            form #reply-box method="post" action={ "/layanan/" (tk.id) "/aksi" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t(lang, "desk.reply_box")) textarea name="body" rows="5" required {} }
                @if steps.iter().any(|s| CONSEQUENTIAL.contains(s)) {
                    (confirm_check(lang, t(lang, "desk.steps_confirm"), false))
                }
                div.actions {
                    @for step in &steps {
                        button id={ "action-" (step) } type="submit" name="action" value=(step)
                            class=[CONSEQUENTIAL.contains(step).then_some("danger")] {
                            (t(lang, &format!("desk.action.{step}")))
                        }
                    }
                }
            }
        }
        @if open && r.work {
            details.card #ticket-changes {
                summary { (t(lang, "desk.changes")) }
                (form("assign", "desk.action.assign", html! {
                    label { (t(lang, "desk.assignee")) select name="assignee_user_id" {
                        option value="" { "—" }
                        @for (uid, name) in &staff { option value=(uid) selected[tk.assignee_user_id == Some(*uid)] { (name) } } } }
                }))
                (form("update", "desk.action.update", html! {
                    label { (t(lang, "desk.priority")) select name="priority" {
                        @for k in Priority::ALL { option value=(k.as_str()) selected[tk.priority == *k] { (label(lang, "desk.priority", k.as_str())) } } } }
                    label { (t(lang, "desk.kind")) select name="kind" {
                        @for k in TicketType::ALL { option value=(k.as_str()) selected[tk.kind == *k] { (label(lang, "desk.kind", k.as_str())) } } } }
                    label { (t(lang, "desk.parent")) input name="parent_id" type="number" min="1" value=[tk.parent_id]; }
                }))
                (form("merge", "desk.action.merge", html! {
                    label { (t(lang, "desk.merged_into")) input name="merged_into" type="number" min="1" required; }
                }))
            }
        }
        @if tk.status == TicketStatus::Selesai && (r.requester || r.work) { (form("reopen", "desk.action.reopen", html! {})) }
        @if tk.status == TicketStatus::Selesai && r.requester {
            (form("rate", "desk.action.rate", html! {
                label { (t(lang, "desk.rating")) select name="rating" required { @for n in (1..=5).rev() { option value=(n) { (n) } } } }
                label { (t(lang, "desk.text")) textarea name="body" rows="2" {} }
            }))
        }
    };
    Ok(layout(
        &state,
        &caller,
        &format!("{} #{}", t(lang, "desk.ticket"), tk.id),
        body,
    ))
}

/// The steps that change who works the ticket or end it: asked to be confirmed.
const CONSEQUENTIAL: [&str; 3] = ["resolve", "escalate", "return"];

#[derive(Debug, Deserialize)]
pub(super) struct ActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    assignee_user_id: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    merged_into: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent_id: String,
}

pub(super) async fn action(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ActionForm>,
) -> UiResult {
    if CONSEQUENTIAL.contains(&f.action.as_str()) {
        confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    }
    let input = ActionInput {
        action: f.action,
        body: f.body,
        assignee_user_id: f.assignee_user_id.trim().parse().ok(),
        rating: f.rating.trim().parse().ok(),
        merged_into: f.merged_into.trim().parse().ok(),
        priority: opt(&f.priority),
        kind: opt(&f.kind),
        link_kind: None,
        link_ref: None,
        parent_id: f.parent_id.trim().parse().ok(),
    };
    desk::act(&state, &caller.actor, &caller.audit_ctx(), id, input)
        .await
        .map_err(step_refused)
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("{}?pesan=saved", link(id))).into_response())
}

pub(super) async fn upload(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, MAX_BYTES).await?;
    attach_to_ticket(&state, &caller, id, &up)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("{}?pesan=saved", link(id))).into_response())
}

/// What an event did besides its kind: the stars of a rating, whom a ticket was assigned to
/// (when the caller may see the desk's staff), which ticket it was merged into.
fn event_detail(kind: &str, data: Option<&serde_json::Value>, staff: &[(i64, String)]) -> Markup {
    let number = |key: &str| {
        data.and_then(|d| d.get(key))
            .and_then(serde_json::Value::as_i64)
    };
    html! {
        @match kind {
            "rated" => { @if let Some(stars) = number("rating") { " " span.badge { (stars) " / 5 ★" } } }
            "assigned" => {
                @if let Some((_, name)) = number("assignee_user_id").and_then(|id| staff.iter().find(|s| s.0 == id)) {
                    " → " (name)
                }
            }
            "merged" => { @if let Some(id) = number("merged_into") { " → " a href={ "/layanan/" (id) } { "#" (id) } } }
            _ => {}
        }
    }
}
