//! The API tokens page: the caller's tokens (every one for the Dinas), a new token shown once,
//! revocation.

use super::{pd_name, role_label};
use crate::app::foundation::{self as ops, CreateToken};
use crate::web::kit::i18n::t;
use crate::web::kit::layout::when_text;
use crate::web::kit::layout::*;
use crate::web::kit::{ApiError, Caller, SharedState};
use crate::web::kit::{ConfirmFields, SessionForm};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;
use padu_store::ListQuery;
use serde::Deserialize;

async fn token_page(state: &SharedState, caller: &Caller, created: Option<String>) -> UiResult {
    let lang = caller.lang;
    let user = caller.require_user().or_page(state, caller)?;
    let all = ops::tokens_of_all(&caller.actor);
    let q = ListQuery {
        per_page: 200,
        ..Default::default()
    };
    let page = ops::list_tokens(state, &caller.actor, &q)
        .await
        .or_page(state, caller)?;
    let now = caller.now;
    Ok(layout(
        state,
        caller,
        t(lang, "tokens.title"),
        html! {
            @if let Some(tok) = created { p.card.ok { (t(lang, "tokens.created_once")) br; code id="new-token" { (tok) } } }
            table {
                thead { tr { th { (t(lang, "common.name")) } th { (t(lang, "tokens.prefix")) } th { (t(lang, "tokens.scope")) } th { (t(lang, "tokens.expires")) } th { (t(lang, "tokens.last_used")) } th.noprint { (t(lang, "common.actions")) } } }
                tbody {
                    @for tk in &page.items {
                        tr {
                            td { (tk.name) @if all && tk.user_id != user.id { " " span.muted { "(#" (tk.user_id) ")" } } }
                            td { code { (tk.prefix) "…" } }
                            td { (role_label(lang, tk.role)) @if let Some(pd) = tk.pd_id { " — " (pd_name(state, caller, pd).await) } }
                            td { (tk.expires_at.as_deref().map_or_else(|| "—".into(), when_text)) }
                            td { (tk.last_used_at.as_deref().map_or_else(|| "—".into(), when_text)) }
                            td.noprint {
                                @if tk.is_usable(now) {
                                    form method="post" action={ "/tokens/" (tk.id) "/revoke" } class="inline" {
                                        input type="hidden" name="csrf" value=(caller.csrf());
                                        (confirm_box(lang, t(lang, "tokens.revoke_confirm")))
                                        button.danger type="submit" { (t(lang, "tokens.revoke")) }
                                    }
                                } @else { span.muted { (t(lang, "tokens.revoked")) } }
                            }
                        }
                    }
                }
            }
            details.card.noprint open[page.items.is_empty()] {
                summary { (t(lang, "tokens.new")) }
                form method="post" action="/tokens" {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    label { (t(lang, "common.name")) input type="text" name="name" required; }
                    label { (t(lang, "tokens.scope"))
                        select name="grant" { @for (i, g) in user.grants.iter().enumerate() { option value=(i) { (role_label(lang, g.role)) @if let Some(pd) = g.pd { " — " (pd_name(state, caller, pd.0).await) } } } }
                    }
                    label { (t(lang, "tokens.expires_days")) input type="number" name="expires_in_days" min="1" max="365" value="90" required; }
                    button type="submit" { (t(lang, "common.create")) }
                }
            }
        },
    ))
}

pub(super) async fn token_list(State(state): State<SharedState>, caller: Caller) -> UiResult {
    token_page(&state, &caller, None).await
}

#[derive(Deserialize)]
pub(super) struct TokenForm {
    name: String,
    grant: usize,
    expires_in_days: i64,
}

pub(super) async fn token_create(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<TokenForm>,
) -> UiResult {
    let user = caller.require_user().or_page(&state, &caller)?;
    let g = *user
        .grants
        .get(f.grant)
        .ok_or(ApiError::invalid("grant", "no such role"))
        .or_page(&state, &caller)?;
    let req = CreateToken {
        name: f.name,
        role: g.role,
        pd_id: g.pd.map(|p| p.0),
        expires_in_days: f.expires_in_days,
    };
    let (token, _) = ops::issue_token(&state, &caller.actor, &caller.audit_ctx(), &req)
        .await
        .or_page(&state, &caller)?;
    token_page(&state, &caller, Some(token)).await
}

pub(super) async fn token_revoke(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ConfirmFields>,
) -> UiResult {
    confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    ops::revoke_token(&state, &caller.actor, &caller.audit_ctx(), id)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/tokens?pesan=saved").into_response())
}
