//! The tracking page, for whoever holds the code: the complaint's status, deadlines and public
//! timeline, its files, and the complainant's answer to the follow-up.

use super::files::attach_to_complaint;
use super::report::{public_csrf_ok, public_token, with_token_cookie};
use super::{status_label, timeline};
use crate::app::pengaduan::{self as complaints, ResponseInput, Tracked};
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{error_page, layout, when, when_text, OrPage, UiResult};
use crate::web::kit::upload::read_upload;
use crate::web::kit::Form;
use crate::web::kit::{ApiError, Caller, SharedState, COMPLAINT_LABELS};
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use padu_domain::complaint::{normalize_tracking_code, Status};
use serde::Deserialize;

/// A public form that came back without its token.
fn csrf_refused(state: &SharedState, caller: &Caller) -> Response {
    let e = ApiError::new(StatusCode::FORBIDDEN, "csrf", t(caller.lang, "error.csrf"));
    error_page(state, caller, e)
}

#[derive(Debug, Deserialize)]
pub(super) struct LookupQuery {
    #[serde(default)]
    kode: String,
}

/// Asks for a code, and goes to its page once the code reads as one.
pub(super) async fn lookup(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<LookupQuery>,
) -> Response {
    let lang = caller.lang;
    if let Some(code) = normalize_tracking_code(&q.kode) {
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
        (timeline(lang, &tr.updates, true))
        @if !tr.attachments.is_empty() || tr.open {
            h2 { (t(lang, "desk.files")) }
            ul #complaint-files { @for a in &tr.attachments { li { a href={ "/api/v1/complaints/track/" (tr.tracking_code) "/attachments/" (a.id) } { (a.filename) } " (" (a.size_bytes / 1024) " KB)" } } }
            @if tr.open {
                form #complaint-upload method="post" enctype="multipart/form-data" action={ "/lacak/" (tr.tracking_code) "/lampiran" } class="card" {
                    input type="hidden" name="csrf" value=(token);
                    label { (t(lang, "desk.file_label")) " " input type="file" name="file" required; }
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

pub(super) async fn page(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> UiResult {
    let tr = complaints::tracked(&state, &code)
        .await
        .or_page(&state, &caller)?;
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
pub(super) async fn upload(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
    form: Multipart,
) -> UiResult {
    let up = read_upload(form).await.or_page(&state, &caller)?;
    let submitted = up.fields.get("csrf").map(String::as_str).unwrap_or("");
    if !public_csrf_ok(&caller, &headers, submitted) {
        return Err(csrf_refused(&state, &caller));
    }
    attach_to_complaint(&state, &caller, &code, &up)
        .await
        .or_page(&state, &caller)?;
    let code = normalize_tracking_code(&code).unwrap_or_default();
    Ok(Redirect::to(&format!("/lacak/{code}?pesan=saved")).into_response())
}

#[derive(Debug, Deserialize)]
pub(super) struct RespondForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    satisfied: String,
    #[serde(default)]
    body: String,
}

/// The complainant's answer, satisfied or not.
pub(super) async fn respond(
    State(state): State<SharedState>,
    caller: Caller,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<RespondForm, COMPLAINT_LABELS>,
) -> UiResult {
    if !public_csrf_ok(&caller, &headers, &f.csrf) {
        return Err(csrf_refused(&state, &caller));
    }
    let input = ResponseInput {
        satisfied: f.satisfied == "1",
        body: f.body,
    };
    complaints::respond(&state, &caller.audit_ctx(), &code, input)
        .await
        .or_page(&state, &caller)?;
    let code = normalize_tracking_code(&code).unwrap_or_default();
    Ok(Redirect::to(&format!("/lacak/{code}?pesan=saved")).into_response())
}
