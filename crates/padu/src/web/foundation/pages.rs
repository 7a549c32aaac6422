//! The server-rendered web UI. No scripts, no external resources; every form carries the
//! session's CSRF token; every page asks `authorize` (through the same calls as the API).

// Handlers return a rendered error page as their Err: it goes straight back to axum, so its
// size does not matter.
#![allow(clippy::result_large_err)]

use super::api::{attempt_login, issue_token, policy, CreateToken, LoginOutcome};
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::*;
use crate::web::kit::state::{
    cookie, new_secret, secret_hash, set_cookie, LANG_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE,
    SESSION_HOURS,
};
use crate::web::kit::Form;
use crate::web::kit::{ApiError, Caller, Routes, SharedState, Via};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use maud::{html, Markup};
use padu_domain::Gate;
use padu_domain::{authorize, Action, Grant, PdId, ReadScope, Resource, Role};
use padu_store::sites::SiteFilter;
use padu_store::ListQuery;
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .get("/", Gate::Anyone, home)
        .get("/static/padu.css", Gate::Anyone, css)
        .get("/lang/{code}", Gate::Anyone, switch_lang)
        .get("/login", Gate::Anyone, login_page)
        .post("/login", Gate::Anyone, login_submit)
        .post("/logout", Gate::Anyone, logout)
        .get("/dashboard", Gate::Anyone, dashboard)
        .get("/pd", Gate::Anyone, pd_list)
        .post("/pd", Gate::Anyone, pd_create)
        .get("/pd/{id}", Gate::Anyone, pd_detail)
        .post("/pd/{id}", Gate::Anyone, pd_update)
        .get("/sites", Gate::Anyone, site_list)
        .get("/users", Gate::Anyone, user_list)
        .post("/users", Gate::Anyone, user_create)
        .post("/users/{id}/roles", Gate::Anyone, user_roles)
        .post("/users/{id}/active", Gate::Anyone, user_active)
        .get("/tokens", Gate::Anyone, token_list)
        .post("/tokens", Gate::Anyone, token_create)
        .post("/tokens/{id}/revoke", Gate::Anyone, token_revoke)
        .get("/audit", Gate::Anyone, audit_page)
        .post("/audit/verify", Gate::Anyone, audit_verify)
}

fn role_label(lang: Lang, role: Role) -> &'static str {
    t(lang, &format!("role.{}", role.as_str()))
}

async fn home(State(state): State<SharedState>, caller: Caller) -> Response {
    if caller.user.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    let lang = caller.lang;
    let pds = state.store.count_pds().await.unwrap_or(0);
    layout(
        &state,
        &caller,
        &state.pemda.name,
        html! {
            p { (t(lang, "home.public")) }
            div.cards { div.card { span.num { (pds) } span { (t(lang, "dash.pds")) } } }
            p { a.button href="/pd" { (t(lang, "nav.pds")) } " " a.button href="/login" { (t(lang, "nav.login")) } }
        },
    )
}

#[derive(Deserialize)]
struct LangQuery {
    next: Option<String>,
}

async fn switch_lang(
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

async fn login_page(State(state): State<SharedState>, caller: Caller) -> Response {
    if caller.user.is_some() {
        return Redirect::to("/dashboard").into_response();
    }
    login_form(&state, &caller, &new_secret(), None)
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

async fn login_submit(
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
        Ok(LoginOutcome::Ok(u)) => u,
        Ok(LoginOutcome::Refused(e)) => {
            let msg = match e.code {
                "rate_limited" => t(lang, "login.rate_limited"),
                _ => t(lang, "login.failed"),
            };
            let mut r = login_form(&state, &caller, &new_secret(), Some(msg));
            *r.status_mut() = e.status;
            return r;
        }
        Err(e) => return error_page(&state, &caller, e),
    };
    let sid = new_secret();
    let csrf = new_secret();
    let expires = caller.now + Duration::hours(SESSION_HOURS);
    let ctx = padu_store::AuditCtx {
        actor_user_id: Some(user.id),
        actor_label: user.username.clone(),
        ..caller.audit_ctx()
    };
    if let Err(e) = state
        .store
        .record_login(
            &ctx,
            user.id,
            "web",
            Some((&secret_hash(&sid), &csrf, expires)),
        )
        .await
    {
        return error_page(&state, &caller, e.into());
    }
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

async fn logout(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<CsrfForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    if let (Via::Session { id_hash, .. }, Some(u)) = (&caller.via, &caller.user) {
        state
            .store
            .logout(&caller.audit_ctx(), id_hash, u.id)
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

async fn dashboard(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let user = caller.require_user().or_page(&state, &caller)?;
    let s = &state.store;
    let scope = ReadScope::of(&caller.actor);
    let sites = s
        .list_sites(
            &scope,
            &SiteFilter::default(),
            &ListQuery {
                per_page: 1,
                ..Default::default()
            },
        )
        .await
        .or_page(&state, &caller)?
        .total;
    let pds = s.count_pds().await.or_page(&state, &caller)?;
    let units = s.count_unit_kerja().await.or_page(&state, &caller)?;
    let bandwidth = s.total_bandwidth().await.or_page(&state, &caller)?;
    let see_users = authorize(&caller.actor, Action::Read, &Resource::user(None)).is_ok();
    let see_audit = authorize(&caller.actor, Action::Read, &Resource::audit_log()).is_ok();
    let users = if see_users {
        Some(s.user_count().await.or_page(&state, &caller)?)
    } else {
        None
    };
    let audit = if see_audit {
        Some(s.audit_count().await.or_page(&state, &caller)?)
    } else {
        None
    };
    let verify = state
        .last_verify
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
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
            ul { @for g in &user.grants { li { (role_label(lang, g.role)) @if let Some(pd) = g.pd { " — " (pd_name(&state, pd.0).await) } } } }
            p.muted { (t(lang, "dash.profile")) ": " (state.pemda.profile) " · " (state.pemda.domain) }
        },
    ))
}

async fn pd_name(state: &SharedState, id: i64) -> String {
    state
        .store
        .get_pd(id)
        .await
        .map(|p| p.name)
        .unwrap_or_else(|_| format!("#{id}"))
}

async fn pd_list(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = state
        .store
        .list_pds(&p.list(), None)
        .await
        .or_page(&state, &caller)?;
    let may_create = authorize(&caller.actor, Action::Create, &Resource::new_pd()).is_ok();
    Ok(layout(
        &state,
        &caller,
        t(lang, "pd.title"),
        html! {
            (search_form(lang, "/pd", &p.q))
            table {
                thead { tr { th { (t(lang, "common.name")) } th { (t(lang, "common.kind")) } th { (t(lang, "common.code")) } } }
                tbody {
                    @for pd in &page.items {
                        tr { td { a href={ "/pd/" (pd.id) } { (pd.name) } @if pd.is_dinas_kominfo { " " span.badge { (t(lang, "pd.kominfo")) } } } td { (pd.kind) } td { code { (pd.code) } } }
                    }
                }
            }
            @if page.items.is_empty() { p.muted { (t(lang, "common.none")) } }
            (pager(lang, &page, "/pd", &p.q))
            @if may_create {
                details.card.noprint {
                    summary { (t(lang, "pd.new")) }
                    (pd_form(lang, &caller, "/pd", None))
                }
            }
        },
    ))
}

fn pd_form(lang: Lang, caller: &Caller, action: &str, pd: Option<&padu_store::org::Pd>) -> Markup {
    html! {
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(caller.csrf());
            label { (t(lang, "common.code")) input type="text" name="code" required value=(pd.map(|p| p.code.clone()).unwrap_or_default()); }
            label { (t(lang, "common.name")) input type="text" name="name" required value=(pd.map(|p| p.name.clone()).unwrap_or_default()); }
            label { (t(lang, "common.kind"))
                select name="kind" { @for k in padu_store::org::PD_KINDS { option value=(k) selected[pd.is_some_and(|p| p.kind == k)] { (k) } } }
            }
            label { (t(lang, "common.address")) input type="text" name="address" value=(pd.and_then(|p| p.address.clone()).unwrap_or_default()); }
            button type="submit" { (if pd.is_some() { t(lang, "common.save") } else { t(lang, "common.create") }) }
        }
    }
}

#[derive(Deserialize)]
struct PdForm {
    #[serde(default)]
    csrf: String,
    code: String,
    name: String,
    kind: String,
    #[serde(default)]
    address: String,
}

impl PdForm {
    fn input(&self, existing: Option<&padu_store::org::Pd>) -> padu_store::org::PdInput {
        padu_store::org::PdInput {
            code: self.code.trim().to_string(),
            name: self.name.trim().to_string(),
            short_name: existing.and_then(|p| p.short_name.clone()),
            kind: self.kind.clone(),
            is_dinas_kominfo: existing.is_some_and(|p| p.is_dinas_kominfo),
            address: Some(self.address.trim().to_string()).filter(|a| !a.is_empty()),
        }
    }
}

async fn pd_create(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<PdForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    authorize(&caller.actor, Action::Create, &Resource::new_pd()).or_page(&state, &caller)?;
    let pd = state
        .store
        .create_pd(&caller.audit_ctx(), &f.input(None))
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pd/{}", pd.id)).into_response())
}

async fn pd_update(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<PdForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let existing = state.store.get_pd(id).await.or_page(&state, &caller)?;
    authorize(&caller.actor, Action::Update, &Resource::pd(PdId(id))).or_page(&state, &caller)?;
    state
        .store
        .update_pd(&caller.audit_ctx(), id, &f.input(Some(&existing)))
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pd/{id}")).into_response())
}

async fn pd_detail(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    authorize(&caller.actor, Action::Read, &Resource::pd(PdId(id))).or_page(&state, &caller)?;
    let pd = state.store.get_pd(id).await.or_page(&state, &caller)?;
    let units = state
        .store
        .list_unit_kerja(id)
        .await
        .or_page(&state, &caller)?;
    let sites = state
        .store
        .list_sites(
            &ReadScope::of(&caller.actor),
            &SiteFilter {
                pd_id: Some(id),
                kind: None,
            },
            &ListQuery {
                per_page: 200,
                ..Default::default()
            },
        )
        .await
        .or_page(&state, &caller)?;
    let may_edit = authorize(&caller.actor, Action::Update, &Resource::pd(PdId(id))).is_ok();
    Ok(layout(
        &state,
        &caller,
        &pd.name,
        html! {
            dl.facts {
                dt { (t(lang, "common.code")) } dd { code { (pd.code) } }
                dt { (t(lang, "common.kind")) } dd { (pd.kind) }
                dt { (t(lang, "common.address")) } dd { (pd.address.clone().unwrap_or_else(|| "—".into())) }
            }
            h2 { (t(lang, "pd.units")) " (" (units.len()) ")" }
            @if units.is_empty() { p.muted { (t(lang, "common.none")) } }
            ul { @for u in &units { li { (u.name) " " span.muted { "(" (u.kind) ")" } } } }
            h2 { (t(lang, "pd.sites")) " (" (sites.total) ")" }
            (sites_map(lang, &sites.items))
            (sites_table(lang, &sites.items))
            @if may_edit {
                details.card.noprint { summary { (t(lang, "pd.edit")) } (pd_form(lang, &caller, &format!("/pd/{id}"), Some(&pd))) }
            }
        },
    ))
}

/// A map draws at most this many sites (the widest links first).
const MAP_POINTS: i64 = 2_000;

fn sites_map(lang: Lang, sites: &[padu_store::sites::Site]) -> Markup {
    let points: Vec<crate::web::kit::map::Point<'_>> = sites
        .iter()
        .map(|s| crate::web::kit::map::Point {
            name: &s.name,
            kind: &s.kind,
            latitude: s.latitude,
            longitude: s.longitude,
            bandwidth_mbps: s.bandwidth_mbps,
            href: s.pd_id.map(|pd| format!("/pd/{pd}")),
        })
        .collect();
    crate::web::kit::map::sites_map(t(lang, "site.map"), &points, &|kind| {
        t(lang, &format!("site.kind.{kind}")).to_string()
    })
}

fn sites_table(lang: Lang, items: &[padu_store::sites::Site]) -> Markup {
    html! {
        @if items.is_empty() { p.muted { (t(lang, "common.none")) } } @else {
            table {
                thead { tr { th { (t(lang, "common.name")) } th { (t(lang, "site.owner")) } th { (t(lang, "common.kind")) } th.num { (t(lang, "site.bandwidth")) } th { (t(lang, "site.coordinates")) } th { (t(lang, "common.classification")) } th {} } }
                tbody {
                    @for s in items {
                        tr {
                            td { (s.name) br; span.muted { (s.address) } }
                            td { (s.pd_name.clone().unwrap_or_default()) }
                            td { (s.kind) }
                            td.num { (s.bandwidth_mbps) }
                            td { (format!("{:.6}, {:.6}", s.latitude, s.longitude)) }
                            td { span class={ "class-" (s.classification) } { (s.classification) } }
                            td { (crate::web::kit::layout::edit_link(lang, "sites", s.id)) }
                        }
                    }
                }
            }
        }
    }
}

async fn site_list(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    caller.require_user().or_page(&state, &caller)?;
    let page = state
        .store
        .list_sites(
            &ReadScope::of(&caller.actor),
            &SiteFilter {
                pd_id: p.pd_id,
                kind: None,
            },
            &p.list(),
        )
        .await
        .or_page(&state, &caller)?;
    let points = state
        .store
        .site_points(&ReadScope::of(&caller.actor), p.pd_id, MAP_POINTS)
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "nav.sites"),
        html! {
            (sites_map(lang, &points))
            (crate::web::kit::layout::add_link(lang, "sites"))
            (search_form(lang, "/sites", &p.q))
            (sites_table(lang, &page.items))
            (pager(lang, &page, "/sites", &p.q))
        },
    ))
}

async fn user_list(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    authorize(&caller.actor, Action::Read, &Resource::user(None)).or_page(&state, &caller)?;
    let page = state
        .store
        .list_users(&p.list(), p.pd_id)
        .await
        .or_page(&state, &caller)?;
    let pds = state
        .store
        .list_pds(
            &ListQuery {
                per_page: 200,
                ..Default::default()
            },
            None,
        )
        .await
        .or_page(&state, &caller)?;
    let may_edit = authorize(&caller.actor, Action::Update, &Resource::user(None)).is_ok();
    let pd_of = |id: Option<PdId>| {
        id.and_then(|id| pds.items.iter().find(|p| p.id == id.0))
            .map(|p| p.name.clone())
    };
    // A row's form starts at the user's current role, so submitting it unchanged changes
    // nothing (and a change is confirmed on a page of its own, see `user_roles`).
    let role_select = |current: Option<&Grant>| {
        html! {
            select name="role" { @for r in Role::ALL { option value=(r.as_str()) selected[current.is_some_and(|g| g.role == r)] { (role_label(lang, r)) } } }
        }
    };
    let pd_select = |current: Option<&Grant>| {
        let pd = current.and_then(|g| g.pd);
        html! { select name="pd_id" { option value="" { "—" } @for p in &pds.items { option value=(p.id) selected[pd == Some(PdId(p.id))] { (p.name) } } } }
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
                            td { code { (u.username) } }
                            td { (u.full_name) @if let Some(l) = &u.locked_until { br; span.bad { (t(lang, "users.locked")) " " (l) } } }
                            td { @for g in &u.grants { div { (role_label(lang, g.role)) @if let Some(n) = pd_of(g.pd) { " — " (n) } } } }
                            td { (if u.active { t(lang, "common.yes") } else { t(lang, "common.no") }) }
                            td { (u.last_login_at.clone().unwrap_or_else(|| "—".into())) }
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
                                        button type="submit" { (if u.active { t(lang, "users.deactivate") } else { t(lang, "users.activate") }) }
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
struct UserForm {
    #[serde(default)]
    csrf: String,
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

async fn user_create(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<UserForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    authorize(&caller.actor, Action::Create, &Resource::user(None)).or_page(&state, &caller)?;
    policy("password", &f.password, &f.username).or_page(&state, &caller)?;
    let grant = grant_from(&f.role, &f.pd_id).or_page(&state, &caller)?;
    let new = padu_store::users::NewUser {
        username: f.username.trim().to_string(),
        full_name: f.full_name,
        email: Some(f.email).filter(|e| !e.is_empty()),
        password_hash: padu_domain::password::hash_password(&f.password, &mut rand::rngs::OsRng),
        grants: vec![grant],
    };
    state
        .store
        .create_user(&caller.audit_ctx(), &new)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/users").into_response())
}

#[derive(Deserialize)]
struct RolesForm {
    #[serde(default)]
    csrf: String,
    role: String,
    #[serde(default)]
    pd_id: String,
    /// Set by the confirmation page's button; without it a change is only asked about.
    #[serde(default)]
    confirm: String,
}

/// A role and, for an Operator PD, its PD, as the page shows it.
async fn grant_text(state: &SharedState, lang: Lang, g: &Grant) -> String {
    match g.pd {
        Some(pd) => format!(
            "{} — {}",
            role_label(lang, g.role),
            pd_name(state, pd.0).await
        ),
        None => role_label(lang, g.role).to_string(),
    }
}

/// A refused account change as a page: the last active Admin Dinas named by the field's label.
fn account_change_refused(
    state: &SharedState,
    caller: &Caller,
    e: padu_store::StoreError,
) -> Response {
    let lang = caller.lang;
    match e {
        padu_store::StoreError::Conflict { field, message }
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
async fn user_roles(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<RolesForm>,
) -> UiResult {
    let lang = caller.lang;
    check_csrf(&state, &caller, &f.csrf)?;
    authorize(
        &caller.actor,
        Action::Update,
        &Resource::user(Some(padu_domain::UserId(id))),
    )
    .or_page(&state, &caller)?;
    let grant = grant_from(&f.role, &f.pd_id).or_page(&state, &caller)?;
    let target = state.store.get_user(id).await.or_page(&state, &caller)?;
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
            from.push(grant_text(&state, lang, g).await);
        }
        let from = if from.is_empty() {
            "—".to_string()
        } else {
            from.join(", ")
        };
        let question = t(lang, "users.confirm_roles")
            .replace("{user}", &target.username)
            .replace("{from}", &from)
            .replace("{to}", &grant_text(&state, lang, &grant).await);
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
    if let Err(e) = state
        .store
        .set_grants(&caller.audit_ctx(), id, &[grant])
        .await
    {
        return Err(account_change_refused(&state, &caller, e));
    }
    Ok(Redirect::to("/users").into_response())
}

#[derive(Deserialize)]
struct ActiveForm {
    #[serde(default)]
    csrf: String,
    active: bool,
}

async fn user_active(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<ActiveForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    authorize(
        &caller.actor,
        Action::Update,
        &Resource::user(Some(padu_domain::UserId(id))),
    )
    .or_page(&state, &caller)?;
    let u = state.store.get_user(id).await.or_page(&state, &caller)?;
    let up = padu_store::users::UserUpdate {
        full_name: u.full_name,
        email: u.email,
        active: f.active,
        lang: u.lang,
    };
    if let Err(e) = state.store.update_user(&caller.audit_ctx(), id, &up).await {
        return Err(account_change_refused(&state, &caller, e));
    }
    Ok(Redirect::to("/users").into_response())
}

async fn token_page(state: &SharedState, caller: &Caller, created: Option<String>) -> UiResult {
    let lang = caller.lang;
    let user = caller.require_user().or_page(state, caller)?;
    let all = authorize(
        &caller.actor,
        Action::Read,
        &Resource::api_token(padu_domain::UserId(-1)),
    )
    .is_ok();
    let page = state
        .store
        .list_tokens(
            if all { None } else { Some(user.id) },
            &ListQuery {
                per_page: 200,
                ..Default::default()
            },
        )
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
                            td { (role_label(lang, tk.role)) @if let Some(pd) = tk.pd_id { " — " (pd_name(state, pd).await) } }
                            td { (tk.expires_at.clone().unwrap_or_else(|| "—".into())) }
                            td { (tk.last_used_at.clone().unwrap_or_else(|| "—".into())) }
                            td.noprint {
                                @if tk.is_usable(now) {
                                    form method="post" action={ "/tokens/" (tk.id) "/revoke" } class="inline" {
                                        input type="hidden" name="csrf" value=(caller.csrf());
                                        button type="submit" { (t(lang, "tokens.revoke")) }
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
                        select name="grant" { @for (i, g) in user.grants.iter().enumerate() { option value=(i) { (role_label(lang, g.role)) @if let Some(pd) = g.pd { " — " (pd_name(state, pd.0).await) } } } }
                    }
                    label { (t(lang, "tokens.expires_days")) input type="number" name="expires_in_days" min="1" max="365" value="90" required; }
                    button type="submit" { (t(lang, "common.create")) }
                }
            }
        },
    ))
}

async fn token_list(State(state): State<SharedState>, caller: Caller) -> UiResult {
    token_page(&state, &caller, None).await
}

#[derive(Deserialize)]
struct TokenForm {
    #[serde(default)]
    csrf: String,
    name: String,
    grant: usize,
    expires_in_days: i64,
}

async fn token_create(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<TokenForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
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
    let (token, _) = issue_token(&state, &caller, &req)
        .await
        .or_page(&state, &caller)?;
    token_page(&state, &caller, Some(token)).await
}

async fn token_revoke(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let tk = state.store.get_token(id).await.or_page(&state, &caller)?;
    authorize(
        &caller.actor,
        Action::Delete,
        &Resource::api_token(padu_domain::UserId(tk.user_id)),
    )
    .or_page(&state, &caller)?;
    state
        .store
        .revoke_token(&caller.audit_ctx(), id)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/tokens").into_response())
}

async fn audit_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    authorize(&caller.actor, Action::Read, &Resource::audit_log()).or_page(&state, &caller)?;
    let page = state
        .store
        .list_audit(&Default::default(), &p.list())
        .await
        .or_page(&state, &caller)?;
    let verify = state
        .last_verify
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
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
                            td { (e.at) }
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

async fn audit_verify(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<CsrfForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    authorize(&caller.actor, Action::Read, &Resource::audit_log()).or_page(&state, &caller)?;
    let report = crate::audit_ops::verify(&state.store, caller.now, &mut |_| {})
        .await
        .or_page(&state, &caller)?;
    *state.last_verify.lock().unwrap_or_else(|p| p.into_inner()) = Some(report);
    Ok(Redirect::to("/audit").into_response())
}
