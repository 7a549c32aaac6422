//! Complaint pages: the public form and status page (no account needed), and the staff list
//! and detail with the steps of the SP4N-LAPOR! flow.

#![allow(clippy::result_large_err)]

use super::api::{self as svc, ComplaintInput, ComplaintParams, ResponseInput, StepInput, Tracked};
use crate::web::kit::chart::bar_chart;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{
    check_csrf, error_page, layout, opt, when, when_text, OrPage, UiResult,
};
use crate::web::kit::state::{cookie, new_secret, set_cookie};
use crate::web::kit::Form;
use crate::web::kit::Routes;
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Path, Query, State};
use axum::handler::Handler;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use padu_domain::complaint::{self, Category, Status};
use padu_domain::Gate;
use padu_domain::Role;
use serde::Deserialize;

/// The double-submit cookie of the public forms (no session exists yet).
const FORM_CSRF_COOKIE: &str = "padu_form_csrf";

pub fn routes() -> Routes {
    Routes::new()
        .get("/lapor", Gate::Anyone, form_page)
        .post("/lapor", Gate::Anyone, form_submit)
        .get("/lacak", Gate::Anyone, track_lookup)
        .get("/statistik", Gate::Anyone, statistics_page)
        .get("/lacak/{code}", Gate::Anyone, track_page)
        .post("/lacak/{code}/tanggapan", Gate::Anyone, track_respond)
        .post(
            "/lacak/{code}/lampiran",
            Gate::Anyone,
            track_upload.layer(crate::web::kit::upload::body_limit()),
        )
        .get("/pengaduan", Gate::Anyone, staff_list)
        .get("/pengaduan/{id}", Gate::Anyone, staff_detail)
        .post("/pengaduan/{id}/langkah", Gate::Anyone, staff_step)
        .post("/pengaduan/{id}/catatan", Gate::Anyone, staff_note)
}

pub fn status_label(lang: Lang, s: Status) -> &'static str {
    t(lang, &format!("complaint.status.{}", s.as_str()))
}

pub fn category_label(lang: Lang, c: Category) -> &'static str {
    t(lang, &format!("complaint.category.{}", c.as_str()))
}

/// The token a public form carries: the session's for signed-in users, else a fresh one that
/// is also set as a cookie and must come back equal.
fn public_token(caller: &Caller, headers: &HeaderMap) -> (String, bool) {
    if caller.user.is_some() {
        return (caller.csrf().to_string(), false);
    }
    match cookie(headers, FORM_CSRF_COOKIE) {
        Some(v) if v.len() >= 32 => (v.to_string(), false),
        _ => (new_secret(), true),
    }
}

fn with_token_cookie(state: &SharedState, mut r: Response, token: &str, set: bool) -> Response {
    if set {
        r.headers_mut().append(
            header::SET_COOKIE,
            set_cookie(FORM_CSRF_COOKIE, token, 3600 * 4, state.secure_cookies),
        );
    }
    r
}

fn public_csrf_ok(caller: &Caller, headers: &HeaderMap, submitted: &str) -> bool {
    if caller.user.is_some() {
        return crate::web::kit::caller::session_csrf_ok(caller, submitted);
    }
    let expected = cookie(headers, FORM_CSRF_COOKIE).unwrap_or("");
    !expected.is_empty()
        && crate::web::kit::caller::constant_time_eq(expected.as_bytes(), submitted.as_bytes())
}

#[derive(Debug, Deserialize, Default)]
struct ComplaintForm {
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

async fn form_page(
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

async fn form_submit(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Form(f): Form<ComplaintForm>,
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
        if let Ok(found) = svc::similar(&state, false, &text, latitude.zip(longitude), None).await {
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
    match svc::file(&state, &caller, input).await {
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
                Some(field) => format!("{field}: {}", e.message),
                None if e.code == "rate_limited" => t(lang, "complaint.rate_limited").into(),
                None => e.message.clone(),
            },
        ),
    }
}

#[derive(Debug, Deserialize)]
struct LookupQuery {
    #[serde(default)]
    kode: String,
}

async fn track_lookup(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<LookupQuery>,
) -> Response {
    let lang = caller.lang;
    if let Some(code) = padu_domain::complaint::normalize_tracking_code(&q.kode) {
        return Redirect::to(&format!("/lacak/{code}")).into_response();
    }
    let body = html! {
        @if !q.kode.is_empty() { p.error { (t(lang, "complaint.bad_code")) } }
        form method="get" action="/lacak" {
            label { (t(lang, "complaint.code")) input name="kode" required placeholder="ABCD-EFGH-JKMN"; }
            button type="submit" { (t(lang, "complaint.track")) }
        }
    };
    layout(&state, &caller, t(lang, "complaint.track_title"), body)
}

fn timeline(lang: Lang, updates: &[padu_store::complaints::ComplaintUpdate]) -> Markup {
    html! {
        h2 { (t(lang, "complaint.timeline")) }
        ol.timeline {
            @for u in updates {
                li {
                    span.muted { (when_text(&u.at)) " · " (u.actor_label) " · " (t(lang, &format!("complaint.update.{}", u.kind))) }
                    @if !u.public { " " span.badge { (t(lang, "complaint.internal")) } }
                    @if let Some(to) = u.to_status.as_deref().and_then(Status::parse) { " → " (status_label(lang, to)) }
                    @if !u.body.is_empty() { p { (u.body) } }
                }
            }
        }
    }
}

fn tracked_markup(lang: Lang, token: &str, tr: &Tracked) -> Markup {
    let status = Status::parse(&tr.status).unwrap_or(Status::MenungguVerifikasi);
    html! {
        div.card {
            p { strong { (tr.title) } }
            p { (tr.body) }
            table {
                tr { th { (t(lang, "complaint.code")) } td { (tr.tracking_code) } }
                tr { th { (t(lang, "complaint.status")) } td #complaint-status { (status_label(lang, status)) } }
                tr { th { (t(lang, "complaint.pd")) } td { (tr.pd_name.as_deref().unwrap_or("—")) } }
                tr { th { (t(lang, "complaint.filed_at")) } td { (when_text(&tr.created_at)) } }
                @if tr.deadlines.verify_due.is_some() { tr { th { (t(lang, "complaint.verify_due")) } td { (when(tr.deadlines.verify_due)) } } }
                @if tr.deadlines.follow_up_due.is_some() { tr { th { (t(lang, "complaint.follow_up_due")) } td { (when(tr.deadlines.follow_up_due)) } } }
                @if tr.deadlines.respond_due.is_some() { tr { th { (t(lang, "complaint.respond_due")) } td { (when(tr.deadlines.respond_due)) } } }
            }
        }
        (timeline(lang, &tr.updates))
        @if !tr.attachments.is_empty() || tr.open {
            h2 { (t(lang, "desk.files")) }
            ul #complaint-files { @for a in &tr.attachments { li { a href={ "/api/v1/complaints/track/" (tr.tracking_code) "/attachments/" (a.id) } { (a.filename) } " (" (a.size_bytes / 1024) " KB)" } } }
            @if tr.open {
                form #complaint-upload method="post" enctype="multipart/form-data" action={ "/lacak/" (tr.tracking_code) "/lampiran" } class="card" {
                    input type="hidden" name="csrf" value=(token);
                    input type="file" name="file" required;
                    button type="submit" { (t(lang, "desk.upload")) }
                    p.muted { (t(lang, "desk.file_rule")) " " (t(lang, "complaint.files_limit")) }
                }
            }
        }
        @if tr.can_respond {
            h2 { (t(lang, "complaint.respond")) }
            form method="post" action={ "/lacak/" (tr.tracking_code) "/tanggapan" } {
                input type="hidden" name="csrf" value=(token);
                label { (t(lang, "complaint.response_text")) textarea name="body" rows="3" maxlength="10000" {} }
                button type="submit" name="satisfied" value="1" { (t(lang, "complaint.satisfied")) }
                " "
                button type="submit" name="satisfied" value="0" { (t(lang, "complaint.not_satisfied")) }
            }
        }
    }
}

async fn track_page(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> UiResult {
    let tr = svc::tracked(&state, &code).await.or_page(&state, &caller)?;
    let (token, set) = public_token(&caller, &headers);
    let r = layout(
        &state,
        &caller,
        t(caller.lang, "complaint.track_title"),
        tracked_markup(caller.lang, &token, &tr),
    );
    Ok(with_token_cookie(&state, r, &token, set))
}

/// The complainant attaches a file on the tracking page (double-submit CSRF like the form).
async fn track_upload(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
    form: axum::extract::Multipart,
) -> UiResult {
    let up = crate::web::kit::upload::read_upload(form)
        .await
        .or_page(&state, &caller)?;
    let submitted = up.fields.get("csrf").map(String::as_str).unwrap_or("");
    if !public_csrf_ok(&caller, &headers, submitted) {
        return Err(error_page(
            &state,
            &caller,
            crate::web::kit::ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "csrf",
                t(caller.lang, "error.csrf"),
            ),
        ));
    }
    super::files::attach_to_complaint(&state, &caller, &code, &up)
        .await
        .or_page(&state, &caller)?;
    let tr = svc::tracked(&state, &code).await.or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/lacak/{}", tr.tracking_code)).into_response())
}

#[derive(Debug, Deserialize)]
struct RespondForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    satisfied: String,
    #[serde(default)]
    body: String,
}

async fn track_respond(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<RespondForm>,
) -> UiResult {
    if !public_csrf_ok(&caller, &headers, &f.csrf) {
        return Err(error_page(
            &state,
            &caller,
            crate::web::kit::ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "csrf",
                t(caller.lang, "error.csrf"),
            ),
        ));
    }
    let input = ResponseInput {
        satisfied: f.satisfied == "1",
        body: f.body,
    };
    svc::respond(&state, &caller, &code, input)
        .await
        .or_page(&state, &caller)?;
    let code = padu_domain::complaint::normalize_tracking_code(&code).unwrap_or_default();
    Ok(Redirect::to(&format!("/lacak/{code}")).into_response())
}

#[derive(Debug, Deserialize, Default)]
struct StaffQuery {
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    overdue: Option<String>,
}

async fn staff_list(
    State(state): State<SharedState>,
    caller: Caller,
    Query(sq): Query<StaffQuery>,
) -> UiResult {
    let lang = caller.lang;
    caller.require_user().or_page(&state, &caller)?;
    let params = ComplaintParams {
        page: sq.page,
        per_page: Some(50),
        q: sq.q.clone(),
        status: sq.status.clone(),
        category: None,
        pd_id: None,
        overdue: Some(sq.overdue.as_deref() == Some("1")),
    };
    let now = caller.now;
    let filter = params.filter(now).or_page(&state, &caller)?;
    let page = state
        .store
        .list_complaints(
            &svc::scope_of(&caller.actor),
            &filter,
            &params.list().or_page(&state, &caller)?,
        )
        .await
        .or_page(&state, &caller)?;
    let rows: Vec<_> = page
        .items
        .iter()
        .cloned()
        .filter_map(|c| svc::view_for(&caller.actor, c, now))
        .collect();
    let body = html! {
        form.search method="get" action="/pengaduan" {
            input name="q" value=(sq.q.clone().unwrap_or_default()) placeholder=(t(lang, "common.search"));
            select name="status" {
                option value="" { (t(lang, "complaint.all_statuses")) }
                @for s in Status::ALL { option value=(s.as_str()) selected[sq.status.as_deref() == Some(s.as_str())] { (status_label(lang, s)) } }
            }
            label.check { input type="checkbox" name="overdue" value="1" checked[sq.overdue.as_deref() == Some("1")]; " " (t(lang, "complaint.overdue_only")) }
            button type="submit" { (t(lang, "common.search")) }
        }
        p.muted { (page.total) @if page.more { "+" } " " (t(lang, "complaint.count")) }
        table {
            thead { tr { th { (t(lang, "complaint.code")) } th { (t(lang, "complaint.title")) } th { (t(lang, "complaint.category")) } th { (t(lang, "complaint.status")) } th { (t(lang, "complaint.pd")) } th { (t(lang, "complaint.deadline")) } } }
            tbody {
                @for v in &rows {
                    @let c = &v.complaint;
                    tr {
                        td { a href={ "/pengaduan/" (c.id) } { (c.tracking_code) } }
                        td { (c.title) }
                        td { (category_label(lang, c.category)) }
                        td { (status_label(lang, c.status)) }
                        td { (c.pd_name.as_deref().unwrap_or("—")) }
                        td {
                            (when(c.deadlines.verify_due.or(c.deadlines.follow_up_due).or(c.deadlines.respond_due)))
                            @if v.overdue.is_some() { " " span.bad { (t(lang, "complaint.overdue")) } }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(
        &state,
        &caller,
        t(lang, "complaint.list_title"),
        body,
    ))
}

async fn staff_detail(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    caller.require_user().or_page(&state, &caller)?;
    let d = svc::detail(&state, &caller, id)
        .await
        .or_page(&state, &caller)?;
    let c = &d.complaint.complaint;
    let dinas = caller.actor.has_role(Role::AdminDinas);
    let handles = complaint::may_handle(&caller.actor, c.pd_id.map(padu_domain::PdId));
    let pds = if dinas && matches!(c.status, Status::MenungguVerifikasi | Status::Diteruskan) {
        state
            .store
            .list_pds(
                &padu_store::ListQuery {
                    per_page: 200,
                    ..Default::default()
                },
                None,
            )
            .await
            .or_page(&state, &caller)?
            .items
    } else {
        vec![]
    };
    // Unverified and confidential complaints are offered only to those who read internals.
    let similar = if c.status.is_open() {
        svc::similar(
            &state,
            complaint::may_read_internal(&caller.actor, c.pd_id.map(padu_domain::PdId)),
            &format!("{} {}", c.title, c.body),
            c.latitude.zip(c.longitude),
            Some(c.id),
        )
        .await
        .or_page(&state, &caller)?
    } else {
        vec![]
    };
    let csrf = caller.csrf().to_string();
    let step_form = |step: &str, label: &str, needs_body: bool, extra: Markup| {
        html! {
            form id={ "form-" (step) } method="post" action={ "/pengaduan/" (c.id) "/langkah" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="step" value=(step);
                (extra)
                label { (t(lang, "complaint.step_text")) textarea name="body" rows="3" required[needs_body] {} }
                button id={ "step-" (step) } type="submit" { (label) }
            }
        }
    };
    let body = html! {
        div.card {
            p { strong { (c.title) } " " span.badge { (category_label(lang, c.category)) } }
            p { (c.body) }
            table {
                tr { th { (t(lang, "complaint.code")) } td { (c.tracking_code) } }
                tr { th { (t(lang, "complaint.status")) } td { (status_label(lang, c.status)) @if d.complaint.overdue.is_some() { " " span.bad { (t(lang, "complaint.overdue")) } } } }
                tr { th { (t(lang, "complaint.pd")) } td { (c.pd_name.as_deref().unwrap_or("—")) } }
                tr { th { (t(lang, "complaint.location")) } td { (c.location_text.as_deref().unwrap_or("—")) @if let (Some(la), Some(lo)) = (c.latitude, c.longitude) { " (" (format!("{la:.5}, {lo:.5}")) ")" } } }
                tr { th { (t(lang, "complaint.reporter")) } td {
                    @if d.complaint.identity_shown {
                        (c.reporter_name.as_deref().unwrap_or("—")) " " (c.reporter_email.as_deref().unwrap_or("")) " " (c.reporter_phone.as_deref().unwrap_or(""))
                    } @else { span.muted { (t(lang, "complaint.identity_hidden")) } }
                    @if c.anonymous { " " span.badge { (t(lang, "complaint.anonymous_badge")) } }
                    @if c.confidential { " " span.badge { (t(lang, "complaint.confidential_badge")) } }
                } }
                tr { th { (t(lang, "complaint.verify_due")) } td { (when(c.deadlines.verify_due)) } }
                tr { th { (t(lang, "complaint.follow_up_due")) } td { (when(c.deadlines.follow_up_due)) } }
                tr { th { (t(lang, "complaint.respond_due")) } td { (when(c.deadlines.respond_due)) } }
            }
        }
        @if dinas && matches!(c.status, Status::MenungguVerifikasi | Status::Diteruskan) {
            (step_form("forward", t(lang, "complaint.step.forward"), false, html! {
                label { (t(lang, "complaint.pd")) select name="pd_id" required {
                    @for p in &pds { option value=(p.id) selected[c.pd_id == Some(p.id)] { (p.name) } }
                } }
            }))
        }
        @if dinas && c.status == Status::MenungguVerifikasi {
            (step_form("reject", t(lang, "complaint.step.reject"), true, html! {}))
        }
        @if dinas && matches!(c.status, Status::MenungguVerifikasi | Status::Diteruskan) {
            (step_form("merge", t(lang, "complaint.step.merge"), false, html! {
                label { (t(lang, "complaint.merge_into")) input name="merged_into" type="number" required min="1"; }
            }))
        }
        @if handles && c.status == Status::Diteruskan {
            (step_form("follow_up", t(lang, "complaint.step.follow_up"), true, html! {}))
            (step_form("return", t(lang, "complaint.step.return"), true, html! {}))
        }
        @if dinas && c.status.is_open() {
            (step_form("close", t(lang, "complaint.step.close"), false, html! {}))
        }
        @if !similar.is_empty() {
            div.card #similar {
                p { strong { (t(lang, "complaint.similar_staff")) } }
                ul { @for x in &similar { li {
                    a href={ "/pengaduan/" (x.id) } { "#" (x.id) " " (x.title) } " — " (status_label(lang, Status::parse(&x.status).unwrap_or(Status::Diteruskan)))
                    @if let Some(d) = x.distance_km { " · " (format!("{d:.1} km")) }
                } } }
                @if dinas { p.muted { (t(lang, "complaint.similar_merge_hint")) } }
            }
        }
        (timeline(lang, &d.updates))
        @if handles {
            form #complaint-note method="post" action={ "/pengaduan/" (c.id) "/catatan" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t(lang, "complaint.note")) textarea name="body" rows="2" required {} }
                button type="submit" { (t(lang, "complaint.add_note")) }
            }
        }
    };
    Ok(layout(
        &state,
        &caller,
        &format!("{} {}", t(lang, "complaint.detail_title"), c.tracking_code),
        body,
    ))
}

#[derive(Debug, Deserialize)]
struct StepForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    pd_id: String,
    #[serde(default)]
    merged_into: String,
    #[serde(default)]
    body: String,
}

async fn staff_step(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let input = StepInput {
        step: f.step,
        pd_id: f.pd_id.trim().parse().ok(),
        merged_into: f.merged_into.trim().parse().ok(),
        body: f.body,
    };
    svc::take(&state, &caller, id, input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pengaduan/{id}")).into_response())
}

#[derive(Debug, Deserialize)]
struct NoteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
}

async fn staff_note(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<NoteForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    svc::note(&state, &caller, id, &f.body)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pengaduan/{id}")).into_response())
}

/// Public statistics: counts only, no personal data (confidential and unverified complaints are
/// counted in the status totals but never described).
async fn statistics_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let counts = state
        .store
        .complaint_counts()
        .await
        .or_page(&state, &caller)?;
    let (by_category, by_pd) = state
        .store
        .complaint_breakdown()
        .await
        .or_page(&state, &caller)?;
    let total: i64 = counts.iter().map(|c| c.1).sum();
    let by_status: Vec<(String, i64)> = Status::ALL
        .iter()
        .map(|s| {
            let n = counts.iter().find(|c| c.0 == *s).map(|c| c.1).unwrap_or(0);
            (status_label(lang, *s).to_string(), n)
        })
        .collect();
    let done = counts
        .iter()
        .filter(|c| c.0 == Status::Selesai)
        .map(|c| c.1)
        .sum::<i64>();
    let by_category: Vec<(String, i64)> = by_category
        .into_iter()
        .map(|(c, n)| (category_label(lang, c).to_string(), n))
        .collect();
    let body = html! {
        p { (t(lang, "stats.intro")) }
        p #stats-total { strong { (total) } " " (t(lang, "stats.total")) " · " strong { (done) } " " (t(lang, "stats.done")) }
        (bar_chart(t(lang, "stats.by_status"), &by_status))
        (bar_chart(t(lang, "stats.by_category"), &by_category))
        @if !by_pd.is_empty() { (bar_chart(t(lang, "stats.by_pd"), &by_pd)) }
        p { a href="/lapor" { (t(lang, "nav.lapor")) } " · " a href="/lacak" { (t(lang, "complaint.track_link")) } }
    };
    Ok(layout(&state, &caller, t(lang, "stats.title"), body))
}
