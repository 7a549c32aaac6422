//! The staff's pages: the complaints their role and PD let them see, one complaint with the
//! steps the flow offers them, similar complaints to merge, and internal notes.

use super::api::{refused_as, ComplaintParams, NOTE_REFUSED, STEP_REFUSED};
use super::{category_label, status_label, timeline};
use crate::app::pengaduan::{self as complaints, StepInput};
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{
    confirm_check, confirmed, layout, session_upload, when, OrPage, UiResult,
};
use crate::web::kit::upload::{store_upload, MAX_BYTES};
use crate::web::kit::SessionForm;
use crate::web::kit::{Caller, SharedState, COMPLAINT_LABELS};
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;
use padu_domain::complaint::{self, Status};
use padu_domain::PdId;
use padu_store::attachments::Owner;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub(super) struct StaffQuery {
    #[serde(default)]
    page: Option<u32>,
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    overdue: Option<String>,
}

pub(super) async fn list(
    State(state): State<SharedState>,
    caller: Caller,
    Query(sq): Query<StaffQuery>,
) -> UiResult {
    let lang = caller.lang;
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
    let list = params.list().or_page(&state, &caller)?;
    let page = complaints::list(&state, &caller.actor, now, &filter, &list)
        .await
        .or_page(&state, &caller)?;
    let body = html! {
        form.search method="get" action="/pengaduan" {
            input name="q" value=(sq.q.clone().unwrap_or_default()) placeholder=(t(lang, "common.search"));
            select name="status" aria-label=(t(lang, "complaint.status")) {
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
                @for v in &page.items {
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

pub(super) async fn detail(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let d = complaints::detail(&state, &caller.actor, caller.now, id)
        .await
        .or_page(&state, &caller)?;
    let c = &d.complaint.complaint;
    let pd = c.pd_id.map(PdId);
    let dinas = complaint::verifies(&caller.actor);
    let handles = complaint::may_handle(&caller.actor, pd);
    let pds = if dinas && matches!(c.status, Status::MenungguVerifikasi | Status::Diteruskan) {
        crate::app::foundation::all_pds(&state)
            .await
            .or_page(&state, &caller)?
    } else {
        vec![]
    };
    // Unverified and confidential complaints are offered only to those who read internals.
    let similar = if c.status.is_open() {
        complaints::similar(
            &state,
            complaint::may_read_internal(&caller.actor, pd),
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
    // One box for the text and the step buttons beside it (the SP4N-LAPOR! and Zammad shape):
    // the steps this caller may take now, those that end or refuse a report set apart.
    let may_forward = dinas && matches!(c.status, Status::MenungguVerifikasi | Status::Diteruskan);
    let mut steps: Vec<&str> = Vec::new();
    if dinas && c.status == Status::MenungguVerifikasi {
        steps.push("reject");
    }
    if handles && c.status == Status::Diteruskan {
        steps.extend(["follow_up", "return"]);
    }
    if dinas && c.status.is_open() {
        steps.push("close");
    }
    let ending = |step: &str| matches!(step, "reject" | "close" | "return");
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
        @if may_forward || !steps.is_empty() {
            form #complaint-steps method="post" action={ "/pengaduan/" (c.id) "/langkah" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t(lang, "complaint.step_text")) textarea name="body" rows="4" {} }
                @if may_forward {
                    div.step-row {
                        label { (t(lang, "complaint.pd")) select name="pd_id" {
                            option value="" { (t(lang, "form.choose")) }
                            @for p in &pds { option value=(p.id) selected[c.pd_id == Some(p.id)] { (p.name) } }
                        } }
                        button #step-forward type="submit" name="step" value="forward" { (t(lang, "complaint.step.forward")) }
                    }
                    div.step-row {
                        label { (t(lang, "complaint.merge_into")) input name="merged_into" type="text" list="similar-codes" autocomplete="off"; }
                        datalist #similar-codes { @for x in &similar { option value=(x.id) { "#" (x.id) " " (x.title) } } }
                        button #step-merge type="submit" name="step" value="merge" { (t(lang, "complaint.step.merge")) }
                    }
                }
                @if steps.iter().any(|s| CONFIRMED.contains(s)) {
                    (confirm_check(lang, t(lang, "complaint.confirm.steps"), false))
                }
                div.actions {
                    @for step in &steps {
                        button id={ "step-" (step) } type="submit" name="step" value=(step) class=[ending(step).then_some("danger")] {
                            (t(lang, &format!("complaint.step.{step}")))
                        }
                    }
                }
            }
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
        (timeline(lang, &d.updates, false))
        h2 { (t(lang, "desk.files")) }
        ul #complaint-files {
            @for a in &d.attachments {
                li {
                    a href={ "/lampiran/" (a.id) } { (a.filename) } " (" (a.size_bytes / 1024) " KB)"
                    @if !a.public { " " span.badge { (t(lang, "desk.internal")) } }
                }
            }
        }
        @if (dinas || handles) && c.status.is_open() {
            form #complaint-upload method="post" enctype="multipart/form-data" action={ "/pengaduan/" (c.id) "/lampiran" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                label { (t(lang, "desk.file_label")) " " input type="file" name="file" required; }
                label.check { input type="checkbox" name="internal" value="1"; " " (t(lang, "desk.internal_file")) }
                button type="submit" { (t(lang, "desk.upload")) }
            }
        }
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
pub(super) struct StepForm {
    #[serde(default)]
    step: String,
    #[serde(default)]
    pd_id: String,
    #[serde(default)]
    merged_into: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    confirm: String,
}

/// The steps that end a report for good: asked to be confirmed, on the page and in the handler.
const CONFIRMED: [&str; 2] = ["reject", "close"];

pub(super) async fn step(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<StepForm, COMPLAINT_LABELS>,
) -> UiResult {
    if CONFIRMED.contains(&f.step.as_str()) {
        confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    }
    // The report it duplicates, by its tracking code (or its number).
    let merged_into = match f.merged_into.trim() {
        "" => None,
        text => match text.parse() {
            Ok(id) => Some(id),
            Err(_) => Some(
                complaints::find_by_code(&state, text)
                    .await
                    .map(|c| c.id)
                    .or_page(&state, &caller)?,
            ),
        },
    };
    let input = StepInput {
        step: f.step,
        pd_id: f.pd_id.trim().parse().ok(),
        merged_into,
        body: f.body,
    };
    complaints::take(&state, &caller.actor, &caller.audit_ctx(), id, input)
        .await
        .map_err(refused_as(STEP_REFUSED))
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pengaduan/{id}?pesan=saved")).into_response())
}

#[derive(Debug, Deserialize)]
pub(super) struct NoteForm {
    #[serde(default)]
    body: String,
}

pub(super) async fn note(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<NoteForm, COMPLAINT_LABELS>,
) -> UiResult {
    complaints::note(&state, &caller.actor, &caller.audit_ctx(), id, &f.body)
        .await
        .map_err(refused_as(NOTE_REFUSED))
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pengaduan/{id}?pesan=saved")).into_response())
}

/// A file the staff attach to the complaint: public unless kept among staff (`internal=1`).
pub(super) async fn upload(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, MAX_BYTES).await?;
    let public = complaints::staff_file_is_public(&state, &caller.actor, id, up.internal())
        .await
        .or_page(&state, &caller)?;
    store_upload(&state, &caller, Owner::Complaint(id), public, &up)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pengaduan/{id}?pesan=saved")).into_response())
}
