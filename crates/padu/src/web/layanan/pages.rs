//! Service Desk pages: the queue with saved views, a new ticket, a ticket with its SLA timers,
//! timeline, files and actions, the Dinas' supervision across PDs, and the notifications page.

#![allow(clippy::result_large_err)]

use super::api::{self as svc, ActionInput, TicketInput};
use super::files::attach_to_ticket;
use crate::app::layanan::link;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{check_csrf, layout, CsrfForm, OrPage, UiResult};
use crate::web::kit::layout::{opt, when, when_text};
use crate::web::kit::Form;
use crate::web::kit::Routes;
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::handler::Handler;
use axum::response::{IntoResponse, Redirect};
use maud::{html, Markup};
use padu_domain::sla::{TimerKind, TimerState};
use padu_domain::ticket::{Priority, TicketStatus, TicketType};
use padu_domain::Gate;
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .get("/layanan", Gate::Anyone, queue)
        .get("/layanan/baru", Gate::Anyone, new_page)
        .post("/layanan/baru", Gate::Anyone, new_submit)
        .get("/layanan/supervisi", Gate::Anyone, supervision)
        .post("/layanan/tampilan", Gate::Anyone, save_view)
        .post("/layanan/tampilan/{id}/hapus", Gate::Anyone, delete_view)
        .get("/layanan/{id}", Gate::Anyone, detail)
        .post("/layanan/{id}/aksi", Gate::Anyone, action)
        .post(
            "/layanan/{id}/lampiran",
            Gate::Anyone,
            upload.layer(crate::web::kit::upload::body_limit()),
        )
        .get("/libur", Gate::Anyone, holidays)
        .post("/libur", Gate::Anyone, holidays_import)
        .get("/notifikasi", Gate::Anyone, notifications)
        .post("/notifikasi/baca", Gate::Anyone, mark_read)
}

fn label(lang: Lang, prefix: &str, v: &str) -> &'static str {
    t(lang, &format!("{prefix}.{v}"))
}

/// Working time as "2 j 30 m" (hours and minutes of working time).
fn span(secs: i64) -> String {
    let sign = if secs < 0 { "−" } else { "" };
    let s = secs.abs();
    format!("{sign}{} j {} m", s / 3600, (s % 3600) / 60)
}

fn state_badge(lang: Lang, s: &str) -> Markup {
    let class = match s {
        "breached" | "missed" => "bad",
        "warning" => "warn",
        _ => "badge",
    };
    html! { span class=(class) { (label(lang, "sla.state", s)) } }
}

async fn queue(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> UiResult {
    let lang = caller.lang;
    caller.require_user().or_page(&state, &caller)?;
    let (p, page) = svc::list(&state, &caller, raw.as_deref())
        .await
        .or_page(&state, &caller)?;
    let views = state
        .store
        .saved_views(caller.user.as_ref().map(|u| u.id).unwrap_or(0))
        .await
        .or_page(&state, &caller)?;
    let raw = raw.unwrap_or_default();
    let csrf = caller.csrf().to_string();
    let sel = |v: &Option<String>, x: &str| v.as_deref() == Some(x);
    let body = html! {
        p {
            a.button #new-ticket href="/layanan/baru" { (t(lang, "desk.new")) }
            " " a href="/layanan?open=true" { (t(lang, "desk.queue")) }
            " · " a href="/layanan?open=true&assignee=me" { (t(lang, "desk.mine")) }
            " · " a href="/layanan?open=true&tier=2" { (t(lang, "desk.tier2_queue")) }
            " · " a href="/layanan?breached=true&open=true" { (t(lang, "desk.breached")) }
            @if svc::supervises(&caller.actor) { " · " a href="/layanan/supervisi" { (t(lang, "desk.supervision")) } }
        }
        @if !views.is_empty() {
            p { (t(lang, "desk.saved_views")) ": "
                @for v in &views {
                    a href={ "/layanan?" (v.query) } { (v.name) }
                    form.inline method="post" action={ "/layanan/tampilan/" (v.id) "/hapus" } {
                        input type="hidden" name="csrf" value=(csrf);
                        button.link type="submit" title=(t(lang, "common.delete")) { "×" }
                    }
                    " "
                }
            }
        }
        form.search method="get" action="/layanan" {
            input name="q" value=(p.q.clone().unwrap_or_default()) placeholder=(t(lang, "common.search"));
            select name="kind" { option value="" { (t(lang, "desk.all_kinds")) }
                @for k in TicketType::ALL { option value=(k.as_str()) selected[sel(&p.kind, k.as_str())] { (label(lang, "desk.kind", k.as_str())) } } }
            select name="priority" { option value="" { (t(lang, "desk.all_priorities")) }
                @for k in Priority::ALL { option value=(k.as_str()) selected[sel(&p.priority, k.as_str())] { (label(lang, "desk.priority", k.as_str())) } } }
            select name="status" { option value="" { (t(lang, "desk.all_statuses")) }
                @for k in TicketStatus::ALL { option value=(k.as_str()) selected[sel(&p.status, k.as_str())] { (label(lang, "desk.status", k.as_str())) } } }
            select name="tier" { option value="" { "Tier 1 + 2" }
                option value="1" selected[p.tier == Some(1)] { "Tier 1" } option value="2" selected[p.tier == Some(2)] { "Tier 2" } }
            label.check { input type="checkbox" name="open" value="true" checked[p.open == Some(true)]; " " (t(lang, "desk.open_only")) }
            button type="submit" { (t(lang, "common.search")) }
        }
        form.inline method="post" action="/layanan/tampilan" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="query" value=(raw);
            input name="name" placeholder=(t(lang, "desk.view_name")) required maxlength="100";
            button type="submit" { (t(lang, "desk.save_view")) }
        }
        p.muted { (page.total) @if page.more { "+" } " " (t(lang, "desk.count")) }
        table #ticket-list {
            thead { tr { th { "#" } th { (t(lang, "desk.title")) } th { (t(lang, "desk.kind")) } th { (t(lang, "desk.priority")) } th { (t(lang, "desk.status")) } th { "Tier" } th { (t(lang, "desk.pd")) } th { (t(lang, "desk.assignee")) } th { "SLA" } } }
            tbody {
                @for tk in &page.items {
                    tr {
                        td { a href={ "/layanan/" (tk.id) } { (tk.id) } }
                        td { (tk.title) }
                        td { (label(lang, "desk.kind", tk.kind.as_str())) }
                        td { (label(lang, "desk.priority", tk.priority.as_str())) }
                        td { (label(lang, "desk.status", tk.status.as_str())) }
                        td { (tk.tier.number()) }
                        td { (tk.pd_name) }
                        td { (tk.assignee_name.as_deref().unwrap_or("—")) }
                        td { (state_badge(lang, &tk.sla_state)) " " (when(tk.sla_due_at.as_deref().and_then(padu_store::parse_ts))) }
                    }
                }
            }
        }
    };
    Ok(layout(&state, &caller, t(lang, "desk.title_page"), body))
}

async fn new_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    caller.require_user().or_page(&state, &caller)?;
    new_form(&state, &caller, None).await
}

async fn new_form(state: &SharedState, caller: &Caller, error: Option<String>) -> UiResult {
    let lang = caller.lang;
    let pds = state
        .store
        .list_pds(
            &padu_store::ListQuery {
                per_page: 200,
                ..Default::default()
            },
            None,
        )
        .await
        .or_page(state, caller)?
        .items;
    let own = caller.actor.operator_pds().next().map(|p| p.0);
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
            label { (t(lang, "desk.link_ref")) input name="link_ref" maxlength="200"; }
            label { (t(lang, "desk.parent")) input name="parent_id" type="number" min="1"; }
            button #ticket-submit type="submit" { (t(lang, "desk.submit")) }
        }
    };
    Ok(layout(state, caller, t(lang, "desk.new"), body))
}

#[derive(Debug, Deserialize)]
struct NewForm {
    #[serde(default)]
    csrf: String,
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

async fn new_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<NewForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
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
    match svc::open(&state, &caller, input).await {
        Ok(tk) => Ok(Redirect::to(&link(tk.id)).into_response()),
        Err(e) => {
            let msg = match &e.field {
                Some(f) => format!("{f}: {}", e.message),
                None => e.message.clone(),
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

async fn detail(State(state): State<SharedState>, caller: Caller, Path(id): Path<i64>) -> UiResult {
    let lang = caller.lang;
    let d = svc::detail(&state, &caller, id)
        .await
        .or_page(&state, &caller)?;
    let tk = &d.ticket;
    let r = d.rights;
    let staff = if r.work {
        state
            .store
            .desk_staff(tk.pd_id, tk.tier)
            .await
            .or_page(&state, &caller)?
    } else {
        vec![]
    };
    let csrf = caller.csrf().to_string();
    let open = tk.status.is_open();
    let form = |action: &str, label_key: &str, body_required: bool, extra: Markup| {
        html! {
            form id={ "form-" (action) } method="post" action={ "/layanan/" (tk.id) "/aksi" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="action" value=(action);
                (extra)
                @if body_required { label { (t(lang, "desk.text")) textarea name="body" rows="3" required {} } }
                button id={ "action-" (action) } type="submit" { (t(lang, label_key)) }
            }
        }
    };
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
                input type="file" name="file" required;
                @if r.note { label.check { input type="checkbox" name="internal" value="1"; " " (t(lang, "desk.internal_file")) } }
                button type="submit" { (t(lang, "desk.upload")) }
                p.muted { (t(lang, "desk.file_rule")) }
            }
        }
        @if open && (r.work || r.requester) { (form("reply", "desk.action.reply", true, html! {})) }
        @if (open || tk.status == TicketStatus::Selesai) && r.note { (form("note", "desk.action.note", true, html! {})) }
        @if open && r.work {
            @if tk.status != TicketStatus::MenungguPemohon { (form("wait", "desk.action.wait", true, html! {})) }
            (form("resolve", "desk.action.resolve", true, html! {}))
            @if tk.tier.number() == 1 { (form("escalate", "desk.action.escalate", true, html! {})) }
            @if tk.tier.number() == 2 { (form("return", "desk.action.return", true, html! {})) }
            (form("assign", "desk.action.assign", false, html! {
                label { (t(lang, "desk.assignee")) select name="assignee_user_id" {
                    option value="" { "—" }
                    @for (uid, name) in &staff { option value=(uid) selected[tk.assignee_user_id == Some(*uid)] { (name) } } } }
            }))
            (form("update", "desk.action.update", false, html! {
                label { (t(lang, "desk.priority")) select name="priority" {
                    @for k in Priority::ALL { option value=(k.as_str()) selected[tk.priority == *k] { (label(lang, "desk.priority", k.as_str())) } } } }
                label { (t(lang, "desk.kind")) select name="kind" {
                    @for k in TicketType::ALL { option value=(k.as_str()) selected[tk.kind == *k] { (label(lang, "desk.kind", k.as_str())) } } } }
                label { (t(lang, "desk.parent")) input name="parent_id" type="number" min="0" value=(tk.parent_id.unwrap_or(0)); }
            }))
            (form("merge", "desk.action.merge", false, html! {
                label { (t(lang, "desk.merged_into")) input name="merged_into" type="number" min="1" required; }
            }))
        }
        @if tk.status == TicketStatus::Selesai && (r.requester || r.work) { (form("reopen", "desk.action.reopen", false, html! {})) }
        @if tk.status == TicketStatus::Selesai && r.requester {
            (form("rate", "desk.action.rate", false, html! {
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

#[derive(Debug, Deserialize)]
struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
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

async fn action(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
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
    svc::act(&state, &caller, id, input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&link(id)).into_response())
}

async fn upload(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> UiResult {
    let up = crate::web::kit::layout::session_upload(
        &state,
        &caller,
        form,
        crate::web::kit::upload::MAX_BYTES,
    )
    .await?;
    attach_to_ticket(&state, &caller, id, &up)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&link(id)).into_response())
}

async fn supervision(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    caller.require_user().or_page(&state, &caller)?;
    if !svc::supervises(&caller.actor) {
        return Err(crate::web::kit::layout::error_page(
            &state,
            &caller,
            padu_domain::Denied::Forbidden.into(),
        ));
    }
    let rows = state
        .store
        .desk_supervision()
        .await
        .or_page(&state, &caller)?;
    let body = html! {
        p.muted { (t(lang, "desk.supervision_intro")) }
        table #supervision {
            thead { tr { th { (t(lang, "desk.pd")) } th { "Tier 1" } th { "Tier 2" } th { (t(lang, "desk.breached")) } th { (t(lang, "desk.resolved")) } th { (t(lang, "desk.rating")) } th { (t(lang, "desk.tier1_staff")) } } }
            tbody {
                @for r in &rows {
                    tr {
                        td { a href={ "/layanan?pd_id=" (r.pd_id) } { (r.pd_name) } }
                        td { (r.open_tier1) } td { (r.open_tier2) }
                        td { @if r.open_breached > 0 { span.bad { (r.open_breached) } } @else { "0" } }
                        td { (r.resolved) }
                        td { (r.average_rating.map(|a| format!("{a:.1}")).unwrap_or_else(|| "—".into())) }
                        td { (r.tier1_staff) @if r.no_tier1_staff { " " span.bad { (t(lang, "desk.no_tier1_staff")) } } }
                    }
                }
            }
        }
    };
    Ok(layout(&state, &caller, t(lang, "desk.supervision"), body))
}

#[derive(Debug, Deserialize)]
struct ViewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
}

async fn save_view(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<ViewForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let q = svc::check_view_query(&caller, &f.query).or_page(&state, &caller)?;
    let uid = caller.require_user().or_page(&state, &caller)?.id;
    state
        .store
        .save_view(&caller.audit_ctx(), uid, &f.name, &q)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/layanan?{q}")).into_response())
}

async fn delete_view(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let uid = caller.require_user().or_page(&state, &caller)?.id;
    state
        .store
        .delete_view(&caller.audit_ctx(), uid, id)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/layanan").into_response())
}

async fn notifications(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let uid = caller.require_user().or_page(&state, &caller)?.id;
    let list = state
        .store
        .notifications(uid, 100)
        .await
        .or_page(&state, &caller)?;
    let body = html! {
        form method="post" action="/notifikasi/baca" {
            input type="hidden" name="csrf" value=(caller.csrf());
            button type="submit" { (t(lang, "notify.mark_read")) }
        }
        ul #notifications {
            @for n in &list {
                li class=(if n.read_at.is_none() { "unread" } else { "read" }) {
                    span.muted { (when_text(&n.at)) " · " }
                    @if let Some(l) = &n.link { a href=(l) { (n.subject) } } @else { (n.subject) }
                }
            }
        }
        @if list.is_empty() { p.muted { (t(lang, "notify.none")) } }
    };
    Ok(layout(&state, &caller, t(lang, "notify.title"), body))
}

async fn mark_read(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<CsrfForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let uid = caller.require_user().or_page(&state, &caller)?.id;
    state
        .store
        .mark_read(uid, None, caller.now)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/notifikasi").into_response())
}

async fn holidays_page(
    state: &SharedState,
    caller: &Caller,
    message: Option<(bool, String)>,
) -> UiResult {
    let lang = caller.lang;
    caller.require_user().or_page(state, caller)?;
    let days = state.store.holidays().await.or_page(state, caller)?;
    let dinas = caller.actor.has_role(padu_domain::Role::AdminDinas);
    let body = html! {
        p.muted { (t(lang, "holiday.intro")) }
        @if let Some((ok, m)) = message { p class=(if ok { "ok" } else { "error" }) { (m) } }
        table #holidays {
            thead { tr { th { (t(lang, "holiday.day")) } th { (t(lang, "holiday.name")) } } }
            tbody { @for (d, n) in &days { tr { td { (d.format("%d-%m-%Y")) } td { (n) } } } }
        }
        @if dinas {
            form #holiday-form method="post" action="/libur" class="card" {
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "holiday.import")) textarea name="text" rows="8" placeholder="2026-12-25,Hari Raya Natal" required {} }
                button type="submit" { (t(lang, "holiday.submit")) }
            }
        }
    };
    Ok(layout(state, caller, t(lang, "holiday.title"), body))
}

async fn holidays(State(state): State<SharedState>, caller: Caller) -> UiResult {
    holidays_page(&state, &caller, None).await
}

#[derive(Debug, Deserialize)]
struct HolidayForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
}

async fn holidays_import(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<HolidayForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let message = match svc::holidays_from_text(&state, &caller, &f.text).await {
        Ok(n) => (true, format!("{n} {}", t(caller.lang, "holiday.imported"))),
        Err(e) if e.status == axum::http::StatusCode::FORBIDDEN => {
            return Err(crate::web::kit::layout::error_page(&state, &caller, e));
        }
        Err(e) => (false, e.message),
    };
    holidays_page(&state, &caller, Some(message)).await
}
