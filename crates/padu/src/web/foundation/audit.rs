//! The audit log's page: the entries, the last verification's report, verifying now.

use super::accounts_api::AuditParams;
use crate::app::foundation as ops;
use crate::app::registers::Format;
use crate::web::kit::download::sheet_response;
use crate::web::kit::i18n::{audit_word, t};
use crate::web::kit::layout::when_text;
use crate::web::kit::layout::*;
use crate::web::kit::query;
use crate::web::kit::{Caller, SharedState};
use crate::web::kit::{NoFields, SessionForm};
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;

pub(super) async fn audit_page(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> UiResult {
    let lang = caller.lang;
    let p: AuditParams = query(raw.as_deref()).or_page(&state, &caller)?;
    let list = padu_store::ListQuery {
        page: p.page.unwrap_or(1).max(1),
        per_page: 50,
        q: p.q.clone(),
    };
    let filter = p.audit_query().filter();
    let page = ops::list_audit(&state, &caller.actor, &filter, &list)
        .await
        .or_page(&state, &caller)?;
    let pds = ops::all_pds(&state).await.or_page(&state, &caller)?;
    let kept = kept_filters(&p);
    let kept_refs: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let export = |format: &str| {
        let mut link = form_urlencoded::Serializer::new(String::new());
        link.extend_pairs(&kept_refs);
        link.append_pair("format", format);
        format!("/audit/ekspor?{}", link.finish())
    };
    let verify = ops::last_verify(&state);
    Ok(layout(
        &state,
        &caller,
        t(lang, "audit.title"),
        html! {
            div.card id="audit-status" {
                @match &verify {
                    Some(v) if v.ok => p.ok { "✔ " (t(lang, "audit.ok")) " " (v.entries) " " (t(lang, "audit.entries")) ", " (v.checkpoints_checked) " " (t(lang, "audit.checkpoints")) "." },
                    Some(v) => {
                        p.bad { "✘ " (t(lang, "audit.bad")) @if let Some(b) = &v.first_bad { " #" (b.seq) " — " (b.reason) } }
                        ul { @for pr in &v.problems { li { (pr) } } }
                    },
                    None => p.muted { (t(lang, "audit.never")) },
                }
                @if let Some(v) = &verify { p.muted { (t(lang, "audit.checked_at")) " " (v.checked_at) } }
                form method="post" action="/audit/verify" class="noprint" {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    button type="submit" id="audit-verify" { (t(lang, "audit.verify")) }
                }
                p.noprint { a href="/api/v1/audit/public-key.pem" { (t(lang, "audit.public_key")) } }
            }
            form.filters.card method="get" action="/audit" #audit-filters {
                label { (t(lang, "common.search")) input type="search" name="q" value=(p.q.clone().unwrap_or_default()); }
                label { (t(lang, "audit.actor")) input type="text" name="actor" value=(p.actor.clone().unwrap_or_default()); }
                label { (t(lang, "audit.action")) input type="text" name="action" value=(p.action.clone().unwrap_or_default()); }
                label { (t(lang, "audit.record")) input type="text" name="entity" value=(p.entity.clone().unwrap_or_default()); }
                label { (t(lang, "catalog.pd")) select name="pd_id" {
                    option value="" { (t(lang, "form.choose")) }
                    @for pd in &pds { option value=(pd.id) selected[p.pd_id == Some(pd.id)] { (pd.name) } }
                } }
                label { (t(lang, "audit.from")) input type="date" name="from" value=(p.from.map(|d| d.to_string()).unwrap_or_default()); }
                label { (t(lang, "audit.until")) input type="date" name="until" value=(p.until.map(|d| d.to_string()).unwrap_or_default()); }
                button type="submit" { (t(lang, "audit.filter")) }
                " " a.button href=(export("csv")) { (t(lang, "audit.export")) " CSV" }
                " " a.button href=(export("xlsx")) { (t(lang, "audit.export")) " XLSX" }
            }
            table.audit {
                thead { tr { th { "#" } th { (t(lang, "audit.time")) } th { (t(lang, "audit.actor")) } th { (t(lang, "audit.action")) } th { (t(lang, "audit.record")) } } }
                tbody {
                    @for e in &page.items {
                        tr {
                            td { (e.seq) }
                            td { (when_text(&e.at)) }
                            td { (e.actor_label) @if let Some(ip) = &e.ip { br; span.muted { (ip) } } }
                            td { (audit_word(lang, "action", &e.action)) }
                            td { (audit_word(lang, "entity", &e.entity)) @if let Some(id) = &e.entity_id { " #" (id) } details { summary { "…" } code.detail { (e.detail) } br; span.muted { "hash " (e.hash[..16]) "…" } } }
                        }
                    }
                }
            }
            (pager_with(lang, &page, "/audit", &kept_refs))
        },
    ))
}

/// The filters the page was asked for, as query pairs (for its pager and export links).
fn kept_filters(p: &AuditParams) -> Vec<(&'static str, String)> {
    let text = |k: &'static str, v: &Option<String>| v.clone().map(|v| (k, v));
    [
        text("q", &p.q),
        text("actor", &p.actor),
        text("action", &p.action),
        text("entity", &p.entity),
        p.pd_id.map(|v| ("pd_id", v.to_string())),
        p.actor_user_id.map(|v| ("actor_user_id", v.to_string())),
        p.from.map(|v| ("from", v.to_string())),
        p.until.map(|v| ("until", v.to_string())),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The log as the filters select it, as CSV (or XLSX with `format=xlsx`).
pub(super) async fn audit_export(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> UiResult {
    #[derive(serde::Deserialize)]
    struct Wanted {
        format: Option<String>,
    }
    let p: AuditParams = query(raw.as_deref()).or_page(&state, &caller)?;
    let wanted: Wanted = query(raw.as_deref()).unwrap_or(Wanted { format: None });
    let format = Format::parse(wanted.format.as_deref()).or_page(&state, &caller)?;
    let file = ops::export_audit(
        &state,
        &caller.actor,
        &p.audit_query(),
        caller.today(),
        format,
    )
    .await
    .or_page(&state, &caller)?;
    Ok(sheet_response(file))
}

pub(super) async fn audit_verify(
    State(state): State<SharedState>,
    caller: Caller,
    _: SessionForm<NoFields>,
) -> UiResult {
    ops::verify_audit(&state, &caller.actor, caller.now)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/audit").into_response())
}
