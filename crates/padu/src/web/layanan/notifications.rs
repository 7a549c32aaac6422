//! The caller's in-app notifications, and marking them read.

use crate::app::layanan as desk;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{layout, when_text, OrPage, UiResult};
use crate::web::kit::{Caller, SharedState};
use crate::web::kit::{NoFields, SessionForm};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;

pub(super) async fn page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let list = desk::notifications(&state, &caller.actor)
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
                    a href={ "/notifikasi/" (n.id) } { (n.subject) }
                    @if n.read_at.is_none() { " " span.count { (t(lang, "notify.new")) } }
                }
            }
        }
        @if list.is_empty() { p.muted { (t(lang, "notify.none")) } }
    };
    Ok(layout(&state, &caller, t(lang, "notify.title"), body))
}

pub(super) async fn mark_read(
    State(state): State<SharedState>,
    caller: Caller,
    _: SessionForm<NoFields>,
) -> UiResult {
    desk::mark_notifications_read(&state, &caller.actor, caller.now)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/notifikasi").into_response())
}

/// Follows a notification's link, marking it read on the way.
pub(super) async fn open(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let to = desk::open_notification(&state, &caller.actor, id, caller.now)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&to).into_response())
}
