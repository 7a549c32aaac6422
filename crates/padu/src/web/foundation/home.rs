//! The pages everyone starts from: home, the language switch, signing in and out, and the
//! dashboard.

use super::api::{attempt_login, Refusal};
use super::{pd_name, role_label};
use crate::app::foundation as ops;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::*;
use crate::web::kit::state::{
    cookie, new_secret, set_cookie, LANG_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, SESSION_HOURS,
};
use crate::web::kit::{ApiError, Caller, Form, SharedState, Via};
use crate::web::kit::{NoFields, SessionForm};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

pub(super) async fn home(State(state): State<SharedState>, caller: Caller) -> Response {
    if caller.user.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    let lang = caller.lang;
    let pds = ops::count_pds(&state).await.unwrap_or(0);
    layout(
        &state,
        &caller,
        &state.profile().pemda,
        html! {
            section.card.cta #lapor-cta {
                h2 { (t(lang, "home.cta.title")) }
                p { (t(lang, "home.cta.text")) }
                p {
                    a.button href="/lapor" { (t(lang, "home.cta.report")) }
                    " "
                    a.button.secondary href="/lacak" { (t(lang, "home.cta.track")) }
                }
            }
            p { (t(lang, "home.public")) }
            div.cards { div.card { span.num { (pds) } span { (t(lang, "dash.pds")) } } }
            p { a href="/pd" { (t(lang, "nav.pds")) } " · " a href="/statistik" { (t(lang, "nav.stats")) } " · " a href="/login" { (t(lang, "home.staff_login")) } }
        },
    )
}

#[derive(Deserialize)]
pub(super) struct LangQuery {
    next: Option<String>,
}

pub(super) async fn switch_lang(
    State(state): State<SharedState>,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let back = q.next.or_else(|| {
        headers
            .get(header::REFERER)
            .and_then(|r| r.to_str().ok())
            .and_then(|r| {
                r.split_once("://")
                    .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
            })
    });
    let back = back.as_deref().map_or("/", local_path);
    let mut resp = Redirect::to(back).into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(
            LANG_COOKIE,
            lang.code(),
            365 * 24 * 3600,
            state.secure_cookies,
        ),
    );
    resp
}

fn login_form(state: &SharedState, caller: &Caller, csrf: &str, error: Option<&str>) -> Response {
    let lang = caller.lang;
    let mut resp = layout(
        state,
        caller,
        t(lang, "login.title"),
        html! {
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form.card.narrow method="post" action="/login" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t(lang, "login.username")) input type="text" name="username" autocomplete="username" required autofocus; }
                label { (t(lang, "login.password")) input type="password" name="password" autocomplete="current-password" required; }
                button type="submit" id="login-submit" { (t(lang, "login.submit")) }
            }
        },
    );
    resp.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, csrf, 3600, state.secure_cookies),
    );
    resp
}

pub(super) async fn login_page(State(state): State<SharedState>, caller: Caller) -> Response {
    if caller.user.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    login_form(&state, &caller, &new_secret(), None)
}

#[derive(Deserialize)]
pub(super) struct LoginForm {
    // Defaults, so that a form without its token is refused for the token, whatever it lacks.
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

pub(super) async fn login_submit(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let lang = caller.lang;
    // Before a session exists, the form's token must match the cookie set with the form.
    let expected = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if expected.is_empty()
        || !crate::web::kit::caller::constant_time_eq(expected.as_bytes(), f.csrf.as_bytes())
    {
        let mut r = login_form(&state, &caller, &new_secret(), Some(t(lang, "error.csrf")));
        *r.status_mut() = StatusCode::FORBIDDEN;
        return r;
    }
    let user = match attempt_login(&state, &caller, f.username.trim(), &f.password).await {
        Ok(Ok(u)) => u,
        Ok(Err(refusal)) => {
            let msg = match refusal {
                Refusal::RateLimited(_) => t(lang, "login.rate_limited"),
                Refusal::Refused => t(lang, "login.failed"),
            };
            let status = ApiError::from(refusal).status;
            let mut r = login_form(&state, &caller, &new_secret(), Some(msg));
            *r.status_mut() = status;
            return r;
        }
        Err(e) => return error_page(&state, &caller, e),
    };
    let sid = match ops::open_session(&state, &caller.audit_ctx(), &user, SESSION_HOURS).await {
        Ok(sid) => sid,
        Err(e) => return error_page(&state, &caller, e.into()),
    };
    let mut resp = Redirect::to("/dashboard").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(
            SESSION_COOKIE,
            &sid,
            SESSION_HOURS * 3600,
            state.secure_cookies,
        ),
    );
    resp.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(LOGIN_CSRF_COOKIE, "", 0, state.secure_cookies),
    );
    resp
}

pub(super) async fn logout(
    State(state): State<SharedState>,
    caller: Caller,
    _: SessionForm<NoFields>,
) -> UiResult {
    if let (Via::Session { id_hash, .. }, Some(u)) = (&caller.via, &caller.user) {
        ops::sign_out(&state, &caller.audit_ctx(), id_hash, u.id)
            .await
            .or_page(&state, &caller)?;
    }
    let mut resp = Redirect::to("/").into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies),
    );
    Ok(resp)
}

pub(super) async fn dashboard(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let user = caller.require_user().or_page(&state, &caller)?;
    let ops::Dashboard {
        pds,
        units,
        sites,
        bandwidth,
        users,
        audit,
    } = ops::dashboard(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    let verify = ops::last_verify(&state);
    Ok(layout(
        &state,
        &caller,
        t(lang, "dash.title"),
        html! {
            div.cards id="dashboard-counts" {
                div.card { span.num id="count-pds" { (pds) } span { (t(lang, "dash.pds")) } }
                div.card { span.num { (units) } span { (t(lang, "dash.units")) } }
                div.card { span.num id="count-sites" { (sites) } span { (t(lang, "dash.sites")) } }
                div.card { span.num { (bandwidth) } span { (t(lang, "dash.bandwidth")) } }
                @if let Some(n) = users { div.card { span.num { (n) } span { (t(lang, "dash.users")) } } }
                @if let Some(n) = audit {
                    div.card {
                        span.num { (n) } span { (t(lang, "dash.audit")) }
                        @match &verify {
                            Some(v) if v.ok => span.ok { "✔ " (t(lang, "audit.ok")) },
                            Some(_) => span.bad { "✘ " (t(lang, "audit.bad")) },
                            None => span.muted { (t(lang, "audit.never")) },
                        }
                    }
                }
            }
            h2 { (t(lang, "dash.roles")) }
            ul { @for g in &user.grants { li { (role_label(lang, g.role)) @if let Some(pd) = g.pd { " — " (pd_name(&state, &caller, pd.0).await) } } } }
            p.muted { (t(lang, "dash.profile")) ": " (state.profile().id) " · " (state.profile().domain().unwrap_or_default()) }
        },
    ))
}
