//! The queue with its filters and saved views, and the supervision of every PD's desk.

use super::api::{self as svc};
use super::{label, state_badge};
use crate::app::layanan as desk;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{layout, when, OrPage, UiResult};
use crate::web::kit::{Caller, SharedState};
use crate::web::kit::{NoFields, SessionForm};
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;
use padu_domain::ticket::{self, Priority, TicketStatus, TicketType};
use serde::Deserialize;

pub(super) async fn queue(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> UiResult {
    let lang = caller.lang;
    let (p, page) = svc::list(&state, &caller, raw.as_deref())
        .await
        .or_page(&state, &caller)?;
    let views = desk::saved_views(&state, &caller.actor)
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
            @if ticket::sees_tier_two_queue(&caller.actor) {
                " · " a href="/layanan?open=true&tier=2" { (t(lang, "desk.tier2_queue")) }
            }
            " · " a href="/layanan?breached=true&open=true" { (t(lang, "desk.breached")) }
            @if ticket::reads_every_desk(&caller.actor) { " · " a href="/layanan/supervisi" { (t(lang, "desk.supervision")) } }
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
            input name="q" value=(p.q.clone().unwrap_or_default()) placeholder=(t(lang, "common.search")) aria-label=(t(lang, "common.search"));
            select name="kind" aria-label=(t(lang, "desk.kind")) { option value="" { (t(lang, "desk.all_kinds")) }
                @for k in TicketType::ALL { option value=(k.as_str()) selected[sel(&p.kind, k.as_str())] { (label(lang, "desk.kind", k.as_str())) } } }
            select name="priority" aria-label=(t(lang, "desk.priority")) { option value="" { (t(lang, "desk.all_priorities")) }
                @for k in Priority::ALL { option value=(k.as_str()) selected[sel(&p.priority, k.as_str())] { (label(lang, "desk.priority", k.as_str())) } } }
            select name="status" aria-label=(t(lang, "desk.status")) { option value="" { (t(lang, "desk.all_statuses")) }
                @for k in TicketStatus::ALL { option value=(k.as_str()) selected[sel(&p.status, k.as_str())] { (label(lang, "desk.status", k.as_str())) } } }
            select name="tier" aria-label="Tier" { option value="" { "Tier 1 + 2" }
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

pub(super) async fn supervision(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let rows = desk::supervision(&state, &caller.actor)
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
pub(super) struct ViewForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
}

pub(super) async fn save_view(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<ViewForm>,
) -> UiResult {
    let q = svc::check_view_query(&caller, &f.query).or_page(&state, &caller)?;
    desk::save_view(&state, &caller.actor, &caller.audit_ctx(), &f.name, &q)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/layanan?{q}&pesan=saved")).into_response())
}

pub(super) async fn delete_view(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    _: SessionForm<NoFields>,
) -> UiResult {
    desk::delete_view(&state, &caller.actor, &caller.audit_ctx(), id)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/layanan?pesan=deleted").into_response())
}
