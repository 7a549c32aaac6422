//! Foundation: the Pemda's PDs and network sites, people and their roles, sign-in and tokens,
//! the audit log, attached files, health and metrics. The API is in `api` (sign-in, PDs,
//! sites) and `accounts_api` (accounts, tokens, audit); the pages by screen: `home` (home,
//! sign-in, dashboard), `org` (PDs, sites), `users`, `tokens`, `audit`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod accounts_api;
mod api;
mod audit;
mod files;
mod home;
mod org;
mod rules;
mod tokens;
mod users;

use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{css, script};
use crate::web::kit::{metrics, Caller, Routes, SharedState};
use padu_domain::access::{FOUNDS_PDS, KEEPS_ACCOUNTS, READS_AUDIT_LOG};
use padu_domain::{Gate, Role};

pub fn routes() -> Routes {
    let (anyone, signed_in) = (Gate::Anyone, Gate::SignedIn);
    api::routes()
        .merge(accounts_api::routes())
        .merge(files::routes())
        .merge(rules::routes())
        .get("/", anyone, home::home)
        .get("/static/padu.css", anyone, css)
        .get("/static/padu.js", anyone, script)
        .get("/lang/{code}", anyone, home::switch_lang)
        .get("/login", anyone, home::login_page)
        .post("/login", anyone, home::login_submit)
        .post("/logout", signed_in, home::logout)
        .get("/dashboard", signed_in, home::dashboard)
        .get("/pd", anyone, org::pd_list)
        .post("/pd", FOUNDS_PDS, org::pd_create)
        .get("/pd/{id}", anyone, org::pd_detail)
        .post("/pd/{id}", Gate::WRITERS, org::pd_update)
        .get("/sites", signed_in, org::site_list)
        .get("/users", KEEPS_ACCOUNTS, users::user_list)
        .post("/users", KEEPS_ACCOUNTS, users::user_create)
        .get("/users/{id}", KEEPS_ACCOUNTS, users::user_edit)
        .post("/users/{id}", KEEPS_ACCOUNTS, users::user_save)
        .post(
            "/users/{id}/sandi",
            KEEPS_ACCOUNTS,
            users::user_reset_password,
        )
        .post("/users/{id}/roles", KEEPS_ACCOUNTS, users::user_roles)
        .get("/akun/sandi", signed_in, users::own_password)
        .post("/akun/sandi", signed_in, users::own_password_save)
        .post("/users/{id}/active", KEEPS_ACCOUNTS, users::user_active)
        .get("/tokens", signed_in, tokens::token_list)
        .post("/tokens", signed_in, tokens::token_create)
        .post("/tokens/{id}/revoke", signed_in, tokens::token_revoke)
        .get("/audit", READS_AUDIT_LOG, audit::audit_page)
        .post("/audit/verify", READS_AUDIT_LOG, audit::audit_verify)
        .get("/audit/ekspor", READS_AUDIT_LOG, audit::audit_export)
        .get("/healthz", anyone, api::healthz)
        // Prometheus scrapes without an account (README): counts and latencies, no records.
        .get("/metrics", anyone, metrics::render)
}

fn role_label(lang: Lang, role: Role) -> &'static str {
    t(lang, &format!("role.{}", role.as_str()))
}

/// A PD's name as `caller` may read it, else its number.
async fn pd_name(state: &SharedState, caller: &Caller, id: i64) -> String {
    crate::app::foundation::get_pd(state, &caller.actor, id)
        .await
        .map(|p| p.name)
        .unwrap_or_else(|_| format!("#{id}"))
}
