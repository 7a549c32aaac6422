//! The public complaint form (no account needed): similar complaints shown before filing, and
//! the tracking code after. Its forms carry a double-submit token, which the tracking page's
//! share.

use super::api::file;
use super::{category_label, status_label};
use crate::app::pengaduan::{self as complaints, ComplaintInput};
use crate::web::kit::caller::{constant_time_eq, session_csrf_ok};
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{layout, opt, when};
use crate::web::kit::state::{cookie, new_secret, set_cookie};
use crate::web::kit::wording::refusal;
use crate::web::kit::Form;
use crate::web::kit::{Caller, SharedState, COMPLAINT_LABELS};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::Response;
use maud::{html, Markup};
use padu_domain::complaint::{Category, Status};
use serde::Deserialize;

/// The double-submit cookie of the public forms (no session exists yet).
const FORM_CSRF_COOKIE: &str = "padu_form_csrf";

/// The token a public form carries: the session's for signed-in users, else a fresh one that
/// is also set as a cookie and must come back equal.
pub(super) fn public_token(caller: &Caller, headers: &HeaderMap) -> (String, bool) {
    if caller.user.is_some() {
        return (caller.csrf().to_string(), false);
    }
    match cookie(headers, FORM_CSRF_COOKIE) {
        Some(v) if v.len() >= 32 => (v.to_string(), false),
        _ => (new_secret(), true),
    }
}

/// The response, with the form token's cookie when the token is new.
pub(super) fn with_token_cookie(
    state: &SharedState,
    mut r: Response,
    token: &str,
    set: bool,
) -> Response {
    if set {
        r.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(FORM_CSRF_COOKIE, token, 3600 * 4, state.secure_cookies),
        );
    }
    r
}

/// Whether a public form came back with its token.
pub(super) fn public_csrf_ok(caller: &Caller, headers: &HeaderMap, submitted: &str) -> bool {
    if caller.user.is_some() {
        return session_csrf_ok(caller, submitted);
    }
    let expected = cookie(headers, FORM_CSRF_COOKIE).unwrap_or("");
    !expected.is_empty() && constant_time_eq(expected.as_bytes(), submitted.as_bytes())
}

#[derive(Debug, Deserialize, Default)]
pub(super) struct ComplaintForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    location_text: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    anonymous: Option<String>,
    #[serde(default)]
    confidential: Option<String>,
    #[serde(default)]
    reporter_name: String,
    #[serde(default)]
    reporter_email: String,
    #[serde(default)]
    reporter_phone: String,
    #[serde(default)]
    website: String,
    /// Set once the citizen has seen the similar complaints and still files.
    #[serde(default)]
    confirm_new: String,
}

fn form_markup(lang: Lang, token: &str, f: &ComplaintForm, error: Option<String>) -> Markup {
    html! {
        p { (t(lang, "complaint.form.intro")) }
        @if let Some(e) = error { p.error { (e) } }
        form method="post" action="/lapor" {
            input type="hidden" name="csrf" value=(token);
            @if !f.confirm_new.is_empty() { input type="hidden" name="confirm_new" value="1"; }
            label { (t(lang, "complaint.category")) select name="category" {
                @for c in Category::ALL {
                    option value=(c.as_str()) selected[f.category == c.as_str()] { (category_label(lang, c)) }
                }
            } }
            label { (t(lang, "complaint.title")) input name="title" required maxlength="200" value=(f.title); }
            label { (t(lang, "complaint.body")) textarea name="body" required rows="6" maxlength="10000" { (f.body) } }
            label { (t(lang, "complaint.location")) input name="location_text" maxlength="300" value=(f.location_text); }
            label { (t(lang, "complaint.latitude")) input name="latitude" inputmode="decimal" value=(f.latitude); }
            label { (t(lang, "complaint.longitude")) input name="longitude" inputmode="decimal" value=(f.longitude); }
            label { (t(lang, "complaint.reporter_name")) input name="reporter_name" maxlength="200" value=(f.reporter_name); }
            label { (t(lang, "complaint.reporter_email")) input name="reporter_email" type="email" maxlength="200" value=(f.reporter_email); }
            label { (t(lang, "complaint.reporter_phone")) input name="reporter_phone" maxlength="50" value=(f.reporter_phone); }
            label.check { input type="checkbox" name="anonymous" value="1" checked[f.anonymous.is_some()]; " " (t(lang, "complaint.anonymous")) }
            label.check { input type="checkbox" name="confidential" value="1" checked[f.confidential.is_some()]; " " (t(lang, "complaint.confidential")) }
            // People never see this field; robots fill it in.
            div.hp aria-hidden="true" { label { "Website" input name="website" tabindex="-1" autocomplete="off"; } }
            button #complaint-submit type="submit" { (t(lang, "complaint.submit")) }
        }
        p { a href="/lacak" { (t(lang, "complaint.track_link")) } }
    }
}

pub(super) async fn form_page(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
) -> Response {
    let (token, set) = public_token(&caller, &headers);
    let body = form_markup(caller.lang, &token, &ComplaintForm::default(), None);
    let r = layout(
        &state,
        &caller,
        t(caller.lang, "complaint.form.title"),
        body,
    );
    with_token_cookie(&state, r, &token, set)
}

fn parse_coord(field: &str, v: &str, lang: Lang) -> Result<Option<f64>, String> {
    match v.trim() {
        "" => Ok(None),
        s => s
            .replace(',', ".")
            .parse::<f64>()
            .map(Some)
            .map_err(|_| format!("{field}: {}", t(lang, "complaint.bad_number"))),
    }
}

pub(super) async fn form_submit(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Form(f): Form<ComplaintForm, COMPLAINT_LABELS>,
) -> Response {
    let lang = caller.lang;
    let (token, set) = public_token(&caller, &headers);
    let again = |f: &ComplaintForm, e: String| {
        let r = layout(
            &state,
            &caller,
            t(lang, "complaint.form.title"),
            form_markup(lang, &token, f, Some(e)),
        );
        with_token_cookie(&state, r, &token, set)
    };
    if !public_csrf_ok(&caller, &headers, &f.csrf) {
        return again(&f, t(lang, "error.csrf").into());
    }
    let coords = parse_coord("latitude", &f.latitude, lang)
        .and_then(|lat| parse_coord("longitude", &f.longitude, lang).map(|lon| (lat, lon)));
    let (latitude, longitude) = match coords {
        Ok(c) => c,
        Err(e) => return again(&f, e),
    };
    let input = ComplaintInput {
        category: f.category.clone(),
        title: f.title.clone(),
        body: f.body.clone(),
        location_text: opt(&f.location_text),
        latitude,
        longitude,
        anonymous: f.anonymous.is_some(),
        confidential: f.confidential.is_some(),
        reporter_name: opt(&f.reporter_name),
        reporter_email: opt(&f.reporter_email),
        reporter_phone: opt(&f.reporter_phone),
        website: opt(&f.website),
    };
    if f.confirm_new.is_empty() {
        let text = format!("{} {}", f.title, f.body);
        let point = latitude.zip(longitude);
        if let Ok(found) = complaints::similar(&state, false, &text, point, None).await {
            if !found.is_empty() {
                let mut f = f;
                f.confirm_new = "1".into();
                let body = html! {
                    div.card #similar {
                        p { strong { (t(lang, "complaint.similar_found")) } }
                        ul { @for x in &found { li {
                            (x.title) " — " (status_label(lang, Status::parse(&x.status).unwrap_or(Status::Diteruskan)))
                            @if let Some(pd) = &x.pd_name { " · " (pd) }
                            @if let Some(d) = x.distance_km { " · " (format!("{d:.1} km")) }
                        } } }
                        p.muted { (t(lang, "complaint.similar_hint")) }
                    }
                    (form_markup(lang, &token, &f, None))
                };
                let r = layout(&state, &caller, t(lang, "complaint.form.title"), body);
                return with_token_cookie(&state, r, &token, set);
            }
        }
    }
    match file(&state, &caller, input).await {
        Ok(c) => {
            let body = html! {
                div.card {
                    p { (t(lang, "complaint.filed")) }
                    p.code { strong { (c.tracking_code) } }
                    p.muted { (t(lang, "complaint.keep_code")) }
                    p { (t(lang, "complaint.verify_by")) " " (when(c.deadlines.verify_due)) }
                    p { a href={ "/lacak/" (c.tracking_code) } { (t(lang, "complaint.track_link")) } }
                }
            };
            layout(&state, &caller, t(lang, "complaint.filed_title"), body)
        }
        Err(e) => again(
            &f,
            match &e.field {
                None if e.code == "rate_limited" => t(lang, "complaint.rate_limited").into(),
                field => refusal(lang, field.as_deref(), &e.message),
            },
        ),
    }
}
