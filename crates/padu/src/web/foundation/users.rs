//! The accounts page: people, their roles (a change is confirmed on a page of its own) and
//! whether they may sign in; new accounts.

use super::{pd_name, role_label};
use crate::app::foundation::{self as ops, CreateUser};
use crate::app::AppError;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::when_text;
use crate::web::kit::layout::*;
use crate::web::kit::SessionForm;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use padu_domain::access::KEEPS_ACCOUNTS;
use padu_domain::{Grant, PdId, Role};
use padu_store::StoreError;
use serde::Deserialize;

pub(super) async fn user_list(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = ops::list_users(&state, &caller.actor, &p.list(), p.pd_id)
        .await
        .or_page(&state, &caller)?;
    let pds = ops::all_pds(&state).await.or_page(&state, &caller)?;
    let may_edit = KEEPS_ACCOUNTS.admits(&caller.actor).is_ok();
    let pd_of = |id: Option<PdId>| {
        id.and_then(|id| pds.iter().find(|p| p.id == id.0))
            .map(|p| p.name.clone())
    };
    // A row's form starts at the user's current role, so submitting it unchanged changes
    // nothing (and a change is confirmed on a page of its own, see `user_roles`).
    let role_select = |current: Option<&Grant>| {
        html! {
            select name="role" aria-label=(t(lang, "users.role")) { @for r in Role::ALL { option value=(r.as_str()) selected[current.is_some_and(|g| g.role == r)] { (role_label(lang, r)) } } }
        }
    };
    let pd_select = |current: Option<&Grant>| {
        let pd = current.and_then(|g| g.pd);
        html! { select name="pd_id" aria-label=(t(lang, "users.pd")) { option value="" { "—" } @for p in &pds { option value=(p.id) selected[pd == Some(PdId(p.id))] { (p.name) } } } }
    };
    Ok(layout(
        &state,
        &caller,
        t(lang, "users.title"),
        html! {
            (search_form(lang, "/users", &p.q))
            table {
                thead { tr { th { (t(lang, "users.username")) } th { (t(lang, "users.full_name")) } th { (t(lang, "users.roles")) } th { (t(lang, "users.active")) } th { (t(lang, "users.last_login")) } @if may_edit { th.noprint { (t(lang, "common.actions")) } } } }
                tbody {
                    @for u in &page.items {
                        tr {
                            td {
                                @if may_edit { a href={ "/users/" (u.id) } { code { (u.username) } } }
                                @else { code { (u.username) } }
                            }
                            td { (u.full_name) @if let Some(l) = &u.locked_until { br; span.bad { (t(lang, "users.locked")) " " (l) } } }
                            td { @for g in &u.grants { div { (role_label(lang, g.role)) @if let Some(n) = pd_of(g.pd) { " — " (n) } } } }
                            td { (if u.active { t(lang, "common.yes") } else { t(lang, "common.no") }) }
                            td { (u.last_login_at.as_deref().map_or_else(|| "—".into(), when_text)) }
                            @if may_edit {
                                td.noprint {
                                    form method="post" action={ "/users/" (u.id) "/roles" } class="inline" {
                                        input type="hidden" name="csrf" value=(caller.csrf());
                                        (role_select(u.grants.first())) (pd_select(u.grants.first()))
                                        button type="submit" { (t(lang, "users.set_roles")) }
                                    }
                                    form method="post" action={ "/users/" (u.id) "/active" } class="inline" {
                                        input type="hidden" name="csrf" value=(caller.csrf());
                                        input type="hidden" name="active" value=(if u.active { "false" } else { "true" });
                                        @if u.active { (confirm_box(lang, t(lang, "users.deactivate_confirm"))) }
                                        button.danger[u.active] type="submit" { (if u.active { t(lang, "users.deactivate") } else { t(lang, "users.activate") }) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (pager(lang, &page, "/users", &p.q))
            @if may_edit {
                details.card.noprint {
                    summary { (t(lang, "users.new")) }
                    form method="post" action="/users" {
                        input type="hidden" name="csrf" value=(caller.csrf());
                        label { (t(lang, "users.username")) input type="text" name="username" required; }
                        label { (t(lang, "users.full_name")) input type="text" name="full_name" required; }
                        label { (t(lang, "users.email")) input type="email" name="email"; }
                        label { (t(lang, "login.password")) input type="password" name="password" required autocomplete="new-password"; }
                        p.muted { (t(lang, "users.password_hint")) }
                        label { (t(lang, "users.role")) (role_select(None)) }
                        label { (t(lang, "users.pd")) (pd_select(None)) }
                        button type="submit" { (t(lang, "common.create")) }
                    }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
pub(super) struct UserForm {
    username: String,
    full_name: String,
    #[serde(default)]
    email: String,
    password: String,
    role: String,
    #[serde(default)]
    pd_id: String,
}

fn grant_from(role: &str, pd_id: &str) -> Result<Grant, ApiError> {
    let role: Role = role
        .parse()
        .map_err(|m: String| ApiError::invalid("role", m))?;
    let pd = if pd_id.is_empty() {
        None
    } else {
        Some(PdId(pd_id.parse().map_err(|_| {
            ApiError::invalid("pd_id", "is not a number")
        })?))
    };
    Ok(Grant {
        role,
        pd: if role.requires_pd() { pd } else { None },
    })
}

pub(super) async fn user_create(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<UserForm>,
) -> UiResult {
    let grant = grant_from(&f.role, &f.pd_id).or_page(&state, &caller)?;
    let new = CreateUser {
        username: f.username.trim().to_string(),
        full_name: f.full_name,
        email: Some(f.email).filter(|e| !e.is_empty()),
        password: f.password,
        grants: vec![grant],
    };
    ops::create_user(&state, &caller.actor, &caller.audit_ctx(), new)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/users?pesan=saved").into_response())
}

#[derive(Deserialize)]
pub(super) struct RolesForm {
    role: String,
    #[serde(default)]
    pd_id: String,
    /// Set by the confirmation page's button; without it a change is only asked about.
    #[serde(default)]
    confirm: String,
}

/// A role and, for an Operator PD, its PD, as the page shows it.
async fn grant_text(state: &SharedState, caller: &Caller, g: &Grant) -> String {
    let lang = caller.lang;
    match g.pd {
        Some(pd) => format!(
            "{} — {}",
            role_label(lang, g.role),
            pd_name(state, caller, pd.0).await
        ),
        None => role_label(lang, g.role).to_string(),
    }
}

/// A refused account change as a page: the last active Admin Dinas named by the field's label.
fn account_change_refused(state: &SharedState, caller: &Caller, e: AppError) -> Response {
    let lang = caller.lang;
    match e {
        AppError::Store(StoreError::Conflict { field, message })
            if message == padu_store::users::LAST_ADMIN =>
        {
            let label = if field == "active" {
                "users.active"
            } else {
                "users.roles"
            };
            error_page(
                state,
                caller,
                ApiError::new(
                    StatusCode::CONFLICT,
                    "conflict",
                    format!("{}: {}", t(lang, label), t(lang, "users.last_admin")),
                ),
            )
        }
        other => error_page(state, caller, other.into()),
    }
}

/// Sets a user's role from the row's form in two steps: the first post shows what would change
/// and asks (no scripts can ask in the browser), the confirmed post changes it. An unchanged
/// role changes nothing.
pub(super) async fn user_roles(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<RolesForm>,
) -> UiResult {
    let lang = caller.lang;
    let grant = grant_from(&f.role, &f.pd_id).or_page(&state, &caller)?;
    let target = ops::get_user(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    if target.grants == [grant] {
        let text = t(lang, "users.roles_unchanged").replace("{user}", &target.username);
        return Ok(layout(
            &state,
            &caller,
            t(lang, "users.title"),
            html! { p { strong { (text) } } p { a href="/users" { (t(lang, "common.back")) } } },
        ));
    }
    if f.confirm.is_empty() {
        let mut from = Vec::new();
        for g in &target.grants {
            from.push(grant_text(&state, &caller, g).await);
        }
        let from = if from.is_empty() {
            "—".to_string()
        } else {
            from.join(", ")
        };
        let question = t(lang, "users.confirm_roles")
            .replace("{user}", &target.username)
            .replace("{from}", &from)
            .replace("{to}", &grant_text(&state, &caller, &grant).await);
        return Ok(layout(
            &state,
            &caller,
            t(lang, "users.title"),
            html! {
                form.card.narrow method="post" action={ "/users/" (id) "/roles" } {
                    p { strong { (question) } }
                    input type="hidden" name="csrf" value=(caller.csrf());
                    input type="hidden" name="role" value=(f.role);
                    input type="hidden" name="pd_id" value=(f.pd_id);
                    input type="hidden" name="confirm" value="1";
                    button type="submit" { (t(lang, "users.confirm_button")) }
                    " " a href="/users" { (t(lang, "common.cancel")) }
                }
            },
        ));
    }
    let ctx = caller.audit_ctx();
    if let Err(e) = ops::set_grants(&state, &caller.actor, &ctx, id, &[grant]).await {
        return Err(account_change_refused(&state, &caller, e));
    }
    Ok(Redirect::to("/users?pesan=saved").into_response())
}

/// One account's profile to edit: the name, the e-mail and the language of its pages.
pub(super) async fn user_edit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let u = ops::get_user(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let title = format!("{} — {}", t(lang, "users.edit"), u.username);
    Ok(layout(
        &state,
        &caller,
        &title,
        html! {
            p { a href="/users" { (t(lang, "users.back")) } }
            form.stack.card method="post" action={ "/users/" (u.id) } #user-edit {
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "users.full_name")) " *" input type="text" name="full_name" value=(u.full_name) required; }
                label { (t(lang, "users.email")) input type="email" name="email" value=(u.email.clone().unwrap_or_default()); }
                label { (t(lang, "users.lang")) select name="lang" {
                    option value="id" selected[u.lang == "id"] { "Bahasa Indonesia" }
                    option value="en" selected[u.lang == "en"] { "English" }
                } }
                button type="submit" { (t(lang, "form.save")) }
            }
            form.stack.card method="post" action={ "/users/" (u.id) "/sandi" } #password-reset {
                h2 { (t(lang, "users.reset_password")) }
                p.muted { (t(lang, "users.reset_password_hint")) }
                input type="hidden" name="csrf" value=(caller.csrf());
                (confirm_box(lang, t(lang, "users.confirm_reset")))
                button.danger type="submit" { (t(lang, "users.reset_password")) }
            }
        },
    ))
}

#[derive(Deserialize)]
pub(super) struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

/// Resets the account's password and shows the temporary one, once.
pub(super) async fn user_reset_password(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ConfirmForm>,
) -> UiResult {
    let lang = caller.lang;
    confirmed(lang, &f.confirm).or_page(&state, &caller)?;
    let u = ops::get_user(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let password = ops::reset_password(&state, &caller.actor, &caller.audit_ctx(), id)
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "users.reset_password"),
        html! {
            section.notice.card #temporary-password {
                p { (t(lang, "users.temporary_for")) " " strong { (u.full_name) } " (" code { (u.username) } "):" }
                p { code.detail #temporary { (password) } }
                p.muted { (t(lang, "users.temporary_hint")) }
            }
            p { a href="/users" { (t(lang, "users.back")) } }
        },
    ))
}

#[derive(Deserialize)]
pub(super) struct ProfileForm {
    full_name: String,
    #[serde(default)]
    email: String,
    lang: String,
}

pub(super) async fn user_save(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ProfileForm>,
) -> UiResult {
    let u = ops::get_user(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let up = padu_store::users::UserUpdate {
        full_name: f.full_name,
        email: opt(&f.email),
        active: u.active,
        lang: f.lang,
    };
    ops::update_user(&state, &caller.actor, &caller.audit_ctx(), id, &up)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/users?pesan=saved").into_response())
}

#[derive(Deserialize)]
pub(super) struct ActiveForm {
    active: bool,
    #[serde(default)]
    confirm: String,
}

pub(super) async fn user_active(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ActiveForm>,
) -> UiResult {
    if !f.active {
        confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    }
    let ctx = caller.audit_ctx();
    if let Err(e) = ops::set_active(&state, &caller.actor, &ctx, id, f.active).await {
        return Err(account_change_refused(&state, &caller, e));
    }
    Ok(Redirect::to("/users?pesan=saved").into_response())
}

/// The signed-in account chooses its own password (and must, after the Dinas reset it).
pub(super) async fn own_password(State(state): State<SharedState>, caller: Caller) -> UiResult {
    own_password_page(&state, &caller, None)
}

fn own_password_page(state: &SharedState, caller: &Caller, error: Option<String>) -> UiResult {
    let lang = caller.lang;
    let must = caller.user.as_ref().is_some_and(|u| u.must_change_password);
    let mut page = layout(
        state,
        caller,
        t(lang, "account.password"),
        html! {
            @if must { p.notice { (t(lang, "account.must_change")) } }
            @if let Some(e) = &error { p.error { (e) } }
            form.stack.card method="post" action="/akun/sandi" #own-password {
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "account.current")) input type="password" name="current" required autocomplete="current-password"; }
                label { (t(lang, "account.new")) input type="password" name="new" required autocomplete="new-password"; }
                p.muted { (t(lang, "users.password_hint")) }
                button type="submit" { (t(lang, "form.save")) }
            }
        },
    );
    if error.is_some() {
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(page)
}

#[derive(Deserialize)]
pub(super) struct OwnPasswordForm {
    current: String,
    new: String,
}

pub(super) async fn own_password_save(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<OwnPasswordForm>,
) -> UiResult {
    let lang = caller.lang;
    match ops::change_own_password(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        &f.current,
        &f.new,
    )
    .await
    {
        // Every session ended with the old password: sign in with the new one.
        Ok(()) => Ok(Redirect::to("/login?pesan=password_changed").into_response()),
        Err(AppError::Invalid { field, message }) => {
            let label = t(lang, &format!("account.{field}"));
            own_password_page(&state, &caller, Some(format!("{label}: {message}")))
        }
        Err(e) => Err(e).or_page(&state, &caller),
    }
}
