//! The page frame and what every page shares: the layout with its navigation, the error page,
//! CSRF checks of forms, pagers, search boxes and the "add"/"edit" links of registers.

// Handlers return a rendered error page as their Err: it goes straight back to axum, so its
// size does not matter.
#![allow(clippy::result_large_err)]

use super::caller::session_csrf_ok;
use super::i18n::{t, Lang};
use super::{ApiError, Caller, SharedState};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use maud::{html, Markup, DOCTYPE};
use padu_domain::catalog::KEEPS_REGISTERS;
use padu_domain::{authorize, Action, Resource};
use padu_store::registers::{resource_of, Record, Register};
use padu_store::{ListQuery, Page};
use serde::Deserialize;

const CSS: &str = include_str!("padu.css");
const JS: &str = include_str!("padu.js");

pub async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        CSS,
    )
        .into_response()
}

/// The one script (`padu.js`): filter boxes for long lists, nothing a page needs.
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        JS,
    )
        .into_response()
}

pub type UiResult = Result<Response, Response>;

/// The page frame: header, navigation by role, language switch, footer.
pub fn layout(state: &SharedState, caller: &Caller, title: &str, body: Markup) -> Response {
    let lang = caller.lang;
    let signed_in = caller.user.is_some();
    let can = |r: Resource| authorize(&caller.actor, Action::Read, &r).is_ok();
    let other = if lang == Lang::Id { "en" } else { "id" };
    let profile = state.profile().regulation.as_str();
    // Administration shows what the caller's roles may open.
    let mut admin = Vec::new();
    if can(Resource::user(None)) {
        admin.push(("/users", t(lang, "nav.users")));
    }
    admin.push(("/tokens", t(lang, "nav.tokens")));
    if can(Resource::audit_log()) {
        admin.push(("/audit", t(lang, "nav.audit")));
    }
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Padu" }
                link rel="stylesheet" href="/static/padu.css";
                script src="/static/padu.js" defer {}
            }
            body {
                header.top {
                    div.brand { a href="/" { strong { "Padu" } } span.tag { (t(lang, "app.tagline")) " · " (state.profile().pemda) } }
                    nav aria-label=(t(lang, "nav.menu")) {
                        @if signed_in {
                            a href="/dashboard" { (t(lang, "nav.dashboard")) }
                        }
                        a href="/pd" { (t(lang, "nav.pds")) }
                        a href="/lapor" { (t(lang, "nav.lapor")) }
                        a href="/statistik" { (t(lang, "nav.stats")) }
                        a href="/data-terbuka" { (t(lang, "nav.open_data")) }
                        @if signed_in {
                            (menu(t(lang, "nav.group.catalog"), &[
                                ("/katalog", t(lang, "nav.catalog")),
                                ("/sites", t(lang, "nav.sites")),
                                ("/rencana", t(lang, "nav.plans")),
                                ("/permohonan", t(lang, "nav.requests")),
                                ("/data-terbuka/kelola", t(lang, "nav.open_data_manage")),
                                ("/tata-kelola", t(lang, "nav.governance")),
                            ]))
                            (menu(t(lang, "nav.group.service"), &[
                                ("/layanan?open=true", t(lang, "nav.desk")),
                                ("/pengaduan", t(lang, "nav.complaints")),
                                ("/libur", t(lang, "nav.holidays")),
                            ]))
                            (menu(t(lang, "nav.group.management"), &[
                                ("/manajemen/risiko", t(lang, "nav.risks")),
                                ("/manajemen/smki", t(lang, "nav.security")),
                                ("/audit-tik", t(lang, "nav.audit_tik")),
                                ("/evaluasi", t(lang, "nav.evaluation")),
                            ]))
                            a href="/penghubung" { (t(lang, "nav.gsb")) }
                            a href="/notifikasi" {
                                (t(lang, "nav.notifications"))
                                @if caller.unread > 0 {
                                    " " span.count title=(t(lang, "notify.unread")) { (caller.unread) }
                                }
                            }
                            (menu(t(lang, "nav.group.admin"), &admin))
                        }
                    }
                    div.session {
                        a.lang href={ "/lang/" (other) } { (t(lang, "lang.switch")) }
                        @if let Some(u) = &caller.user {
                            a.who href="/akun/sandi" title=(t(lang, "account.password")) { (u.full_name) }
                            form method="post" action="/logout" class="inline" {
                                input type="hidden" name="csrf" value=(caller.csrf());
                                button type="submit" { (t(lang, "nav.logout")) }
                            }
                        } @else {
                            a href="/login" { (t(lang, "nav.login")) }
                        }
                    }
                }
                main {
                    h1 { (title) }
                    @if let Some(notice) = &caller.notice {
                        p.notice role="status" { (t(lang, notice)) }
                    }
                    (body)
                }
                footer { (t(lang, "footer.regulation")) " " a href="/aturan" { (profile) } " · Padu " (crate::VERSION) }
            }
        }
    };
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::response::Html(markup.into_string()),
    )
        .into_response()
}

/// The box a consequential step asks to be ticked (approve, sign, reject, close): `what` says
/// in words what the step does. The handler checks it with [`confirmed`].
pub fn confirm_box(lang: Lang, what: &str) -> Markup {
    confirm_check(lang, what, true)
}

/// The confirmation box of a form whose buttons take several steps, only some of them
/// consequential: not required by the browser, checked by the handler for those steps.
pub fn confirm_check(lang: Lang, what: &str, required: bool) -> Markup {
    html! {
        label.check.confirm {
            input type="checkbox" name="confirm" value="ya" required[required];
            (t(lang, "form.confirm")) " " (what)
        }
    }
}

/// Whether the form's confirmation box was ticked; if not, the refusal says so and nothing is
/// done.
pub fn confirmed(lang: Lang, confirm: &str) -> Result<(), ApiError> {
    if confirm == "ya" {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unconfirmed",
            t(lang, "form.confirm_needed"),
        ))
    }
}

/// A group of the navigation: a button that opens its links (no script: `details`), laid out
/// as a list on a phone.
fn menu(title: &str, links: &[(&str, &str)]) -> Markup {
    html! {
        details.menu {
            summary { (title) }
            div { @for (href, label) in links { a href=(href) { (label) } } }
        }
    }
}

pub fn error_page(state: &SharedState, caller: &Caller, e: ApiError) -> Response {
    if e.status == StatusCode::UNAUTHORIZED {
        return Redirect::to("/login").into_response();
    }
    let lang = caller.lang;
    let msg = match e.status {
        StatusCode::NOT_FOUND => t(lang, "error.not_found").to_string(),
        StatusCode::FORBIDDEN => t(lang, "error.forbidden").to_string(),
        _ => super::wording::refusal(lang, e.field.as_deref(), &e.message),
    };
    let mut resp = layout(
        state,
        caller,
        t(lang, "common.error"),
        html! { p.error { (msg) } p { a href="/" { (t(lang, "common.back")) } } },
    );
    *resp.status_mut() = e.status;
    resp
}

/// Turns any error into the HTML error page.
pub trait OrPage<T> {
    fn or_page(self, state: &SharedState, caller: &Caller) -> Result<T, Response>;
}

impl<T, E: Into<ApiError>> OrPage<T> for Result<T, E> {
    fn or_page(self, state: &SharedState, caller: &Caller) -> Result<T, Response> {
        self.map_err(|e| error_page(state, caller, e.into()))
    }
}

pub fn check_csrf(state: &SharedState, caller: &Caller, submitted: &str) -> Result<(), Response> {
    if caller.user.is_none() {
        return Err(Redirect::to("/login").into_response());
    }
    if session_csrf_ok(caller, submitted) {
        Ok(())
    } else {
        Err(error_page(
            state,
            caller,
            ApiError::new(StatusCode::FORBIDDEN, "csrf", t(caller.lang, "error.csrf")),
        ))
    }
}

/// A signed-in form's file upload (at most `max` bytes), its CSRF field checked.
pub async fn session_upload(
    state: &SharedState,
    caller: &Caller,
    form: axum::extract::Multipart,
    max: usize,
) -> Result<super::upload::Upload, Response> {
    let up = super::upload::read_upload_limited(form, max)
        .await
        .or_page(state, caller)?;
    check_csrf(
        state,
        caller,
        up.fields.get("csrf").map(String::as_str).unwrap_or(""),
    )?;
    Ok(up)
}

pub fn pager<T>(lang: Lang, page: &Page<T>, base: &str, q: &Option<String>) -> Markup {
    let pairs: Vec<(&str, &str)> = q.as_deref().map(|q| ("q", q)).into_iter().collect();
    pager_with(lang, page, base, &pairs)
}

/// The pager of a list whose links keep the filters `pairs`.
pub fn pager_with<T>(lang: Lang, page: &Page<T>, base: &str, pairs: &[(&str, &str)]) -> Markup {
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    encoded.extend_pairs(pairs);
    let encoded = encoded.finish();
    let qs = if encoded.is_empty() {
        String::new()
    } else {
        format!("&{encoded}")
    };
    html! {
        p.pager {
            (t(lang, "common.total")) ": " (page.total) " · " (t(lang, "common.page")) " " (page.page) " " (t(lang, "common.of")) " " (page.pages().max(1))
            @if page.page > 1 { " " a href={ (base) "?page=" (page.page - 1) (qs) } { "« " (t(lang, "common.prev")) } }
            @if i64::from(page.page) < page.pages() { " " a href={ (base) "?page=" (page.page + 1) (qs) } { (t(lang, "common.next")) " »" } }
        }
    }
}

/// A module's tabs: each (address, catalogue key), the one at `here` shown as the current.
pub fn tabs(lang: Lang, here: &str, tabs: &[(&str, &str)]) -> Markup {
    html! {
        nav.tabs {
            @for (href, key) in tabs {
                @if *href == here { strong { (t(lang, key)) } } @else { a href=(href) { (t(lang, key)) } }
                " "
            }
        }
    }
}

pub fn search_form(lang: Lang, action: &str, q: &Option<String>) -> Markup {
    html! {
        form.search method="get" action=(action) {
            input type="search" name="q" value=(q.clone().unwrap_or_default()) aria-label=(t(lang, "common.search"));
            button type="submit" { (t(lang, "common.search")) }
        }
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct PageParams {
    pub page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
}

impl PageParams {
    pub fn list(&self) -> ListQuery {
        ListQuery {
            page: self.page.unwrap_or(1).max(1),
            per_page: 50,
            q: self.q.clone(),
        }
    }

    /// The list's filters: the PD, when one is chosen.
    pub fn filters(&self) -> padu_store::registers::Filters {
        self.pd_id
            .map(|pd| ("pd_id".to_string(), pd.to_string()))
            .into_iter()
            .collect()
    }
}

/// "Add" above a register's list, for those who keep registers (`KEEPS_REGISTERS`).
pub fn add_link<R: Register>(caller: &Caller) -> Markup {
    let lang = caller.lang;
    html! {
        @if KEEPS_REGISTERS.admits(&caller.actor).is_ok() {
            p.noprint { a.button href={ "/katalog/formulir/" (R::DEF.name) } { "+ " (t(lang, "form.add")) } }
        }
    }
}

/// "Edit" on a record's row, for those who may change that record (`authorize`).
pub fn edit_link<R: Register>(caller: &Caller, record: &Record<R>) -> Markup {
    let lang = caller.lang;
    let may = may_edit(caller, record);
    html! {
        @if may {
            a.noprint href={ "/katalog/formulir/" (R::DEF.name) "?id=" (record.id) } { (t(lang, "form.edit_link")) }
        }
    }
}

/// Whether the rules let the caller change `record`.
pub fn may_edit<R: Register>(caller: &Caller, record: &Record<R>) -> bool {
    authorize(&caller.actor, Action::Update, &resource_of(&record.fields)).is_ok()
}

/// `next` when it is a path on this site, else `/`: so a link cannot send people elsewhere
/// through Padu. A browser reads `//host` and `/\host` as another site, and may decode
/// percent-escapes first, so the check holds for the path as given and as decoded.
pub fn local_path(next: &str) -> &str {
    let mut decoded = next.to_string();
    for _ in 0..3 {
        let bad = !decoded.starts_with('/')
            || decoded[1..].starts_with(['/', '\\'])
            || decoded.chars().any(char::is_control);
        if bad {
            return "/";
        }
        decoded = percent_decoded(&decoded);
    }
    next
}

fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn when(at: Option<DateTime<Utc>>) -> String {
    at.map(|d| {
        d.with_timezone(&padu_domain::sla::wib())
            .format("%d-%m-%Y %H:%M WIB")
            .to_string()
    })
    .unwrap_or_else(|| "—".into())
}

/// A day as every page writes it (the times' order: day, month, year).
pub fn day(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// A stored moment of the region's time (`2026-11-24T14:30`) as the pages write times.
pub fn moment(at: &str) -> String {
    match padu_domain::manajemen::security::parse_moment(at) {
        Some(m) => m.format("%d-%m-%Y %H:%M WIB").to_string(),
        None => at.to_string(),
    }
}

pub fn when_text(at: &str) -> String {
    when(padu_store::parse_ts(at))
}

pub fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// A form that carries nothing but its CSRF token (a button that posts).
#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}
