//! The audit log's page: the entries, the last verification's report, verifying now.

use crate::app::foundation as ops;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::when_text;
use crate::web::kit::layout::*;
use crate::web::kit::{Caller, SharedState};
use crate::web::kit::{NoFields, SessionForm};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;

pub(super) async fn audit_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = ops::list_audit(&state, &caller.actor, &Default::default(), &p.list())
        .await
        .or_page(&state, &caller)?;
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
            (search_form(lang, "/audit", &p.q))
            table.audit {
                thead { tr { th { "#" } th { (t(lang, "audit.time")) } th { (t(lang, "audit.actor")) } th { (t(lang, "audit.action")) } th { (t(lang, "audit.record")) } } }
                tbody {
                    @for e in &page.items {
                        tr {
                            td { (e.seq) }
                            td { (when_text(&e.at)) }
                            td { (e.actor_label) @if let Some(ip) = &e.ip { br; span.muted { (ip) } } }
                            td { (e.action) }
                            td { (e.entity) @if let Some(id) = &e.entity_id { " #" (id) } details { summary { "…" } code.detail { (e.detail) } br; span.muted { "hash " (e.hash[..16]) "…" } } }
                        }
                    }
                }
            }
            (pager(lang, &page, "/audit", &p.q))
        },
    ))
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
