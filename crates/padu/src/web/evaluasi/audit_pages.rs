//! Audit TIK's list pages: the audits with their step and open findings (and the request form
//! for the Dinas and the Koordinator), the multi-year schedule of every object, and the
//! objects' register.

use crate::app::evaluasi::{self, AuditRow, ScheduleRow};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{day, layout, OrPage, PageParams, UiResult};
use crate::web::kit::{register_list, ApiError, Caller, SessionForm, SharedState};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect};
use chrono::{Datelike, NaiveDate};
use maud::{html, Markup};
use padu_domain::evaluasi::audit::{AUDIT_TYPES, REQUESTS_AUDITS};
use padu_store::evaluasi::audit_objects::AuditObjectInput;
use padu_store::evaluasi::audits::AuditRequest;
use serde::Deserialize;

pub(super) fn tabs(lang: Lang, here: &str) -> Markup {
    crate::web::kit::layout::tabs(
        lang,
        here,
        &[
            ("/audit-tik", "audittik.tab.audits"),
            ("/audit-tik/jadwal", "audittik.tab.schedule"),
            ("/audit-tik/objek", "audittik.tab.objects"),
        ],
    )
}

#[derive(Deserialize)]
pub(super) struct FormatQuery {
    format: Option<String>,
}

pub(super) async fn audits_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<FormatQuery>,
) -> UiResult {
    let lang = caller.lang;
    if let Some(format) = q.format.as_deref() {
        let format = crate::app::registers::Format::parse(Some(format)).or_page(&state, &caller)?;
        let sheet = evaluasi::findings_sheet(&state, &caller.actor, format, caller.today(), &|v| {
            crate::web::kit::i18n::value_label(caller.lang, v).to_string()
        })
        .await
        .or_page(&state, &caller)?;
        return Ok(crate::web::kit::download::sheet_response(sheet));
    }
    let rows = evaluasi::audits(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    let objects = evaluasi::schedule(&state, &caller.actor, caller.today())
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "audittik.title"),
        html! {
            (tabs(lang, "/audit-tik"))
            p.muted { (t(lang, "audittik.intro")) }
            @if rows.is_empty() { p { (t(lang, "audittik.none")) } } @else {
                (audits_table(lang, &rows))
                p.noprint {
                    a href="/audit-tik?format=xlsx" { (t(lang, "audittik.export_xlsx")) }
                    " · "
                    a href="/audit-tik?format=csv" { (t(lang, "audittik.export_csv")) }
                }
            }
            @if REQUESTS_AUDITS.admits(&caller.actor).is_ok() && !objects.is_empty() {
                (request_form(lang, &caller, &objects))
            }
        },
    ))
}

fn audits_table(lang: Lang, rows: &[AuditRow]) -> Markup {
    html! {
        table #audits {
            thead { tr {
                th { (t(lang, "field.title")) }
                th { (t(lang, "audittik.object")) }
                th { (t(lang, "catalog.pd")) }
                th { (t(lang, "field.audit_type")) }
                th { (t(lang, "field.step")) }
                th.num { (t(lang, "audittik.open_findings")) }
            } }
            tbody {
                @for r in rows {
                    tr {
                        td { a href={ "/audit-tik/" (r.audit.id) } { (r.audit.title) } }
                        td { (r.audit.object_name) " · " (value_label(lang, &r.audit.object_kind)) }
                        td { (r.audit.pd_name) }
                        td { (value_label(lang, &r.audit.audit_type)) }
                        td { (value_label(lang, &r.audit.step)) }
                        td.num { (r.open_findings) " / " (r.findings) }
                    }
                }
            }
        }
    }
}

fn request_form(lang: Lang, caller: &Caller, objects: &[ScheduleRow]) -> Markup {
    html! {
        form.card method="post" action="/audit-tik" {
            h2 { (t(lang, "audittik.request")) }
            input type="hidden" name="csrf" value=(caller.csrf());
            label { (t(lang, "audittik.object")) " "
                select name="object_id" required {
                    @for o in objects {
                        option value=(o.object.id) { (o.object.fields.name) " · " (o.object.pd_name.as_deref().unwrap_or_default()) }
                    }
                }
            }
            label { (t(lang, "field.audit_type")) " "
                select name="audit_type" required {
                    @for k in AUDIT_TYPES { option value=(k) { (value_label(lang, k)) } }
                }
            }
            label { (t(lang, "field.title")) input type="text" name="title" required maxlength="300"; }
            label { (t(lang, "field.request_note")) textarea name="request_note" rows="3" required {} }
            label { (t(lang, "field.requested_start")) " " input type="date" name="requested_start" required; }
            button type="submit" { (t(lang, "audittik.request")) }
        }
    }
}

#[derive(Deserialize)]
pub(super) struct RequestForm {
    object_id: String,
    audit_type: String,
    title: String,
    request_note: String,
    requested_start: String,
}

pub(super) async fn request_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<RequestForm>,
) -> UiResult {
    let input = AuditRequest {
        object_id: f
            .object_id
            .parse()
            .map_err(|_| ApiError::invalid("object_id", "no such audit object"))
            .or_page(&state, &caller)?,
        audit_type: f.audit_type,
        title: f.title,
        request_note: f.request_note,
        requested_start: date("requested_start", &f.requested_start).or_page(&state, &caller)?,
    };
    let a = evaluasi::request(&state, &caller.actor, &caller.audit_ctx(), &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/audit-tik/{}?pesan=saved", a.id)).into_response())
}

/// A form's date field, named when it is not one.
pub(super) fn date(field: &str, value: &str) -> Result<NaiveDate, ApiError> {
    value.trim().parse().map_err(|_| {
        ApiError::invalid(
            field,
            format!("{value} is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
        )
    })
}

pub(super) async fn schedule_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let today = caller.today();
    let rows = evaluasi::schedule(&state, &caller.actor, today)
        .await
        .or_page(&state, &caller)?;
    let years: Vec<i32> = (0..3).map(|i| today.year() + i).collect();
    let months = state.profile().audit_months.as_ref().map(|m| m.value);
    Ok(layout(
        &state,
        &caller,
        t(lang, "audittik.schedule"),
        html! {
            (tabs(lang, "/audit-tik/jadwal"))
            @match months {
                Some(m) => p.muted { (t(lang, "audittik.schedule_intro")) " " (m) " " (t(lang, "rules.months")) "." },
                None => p.muted { (t(lang, "audittik.no_interval")) },
            }
            table #audit-schedule {
                thead { tr {
                    th { (t(lang, "audittik.object")) }
                    th { (t(lang, "catalog.pd")) }
                    th { (t(lang, "field.kind")) }
                    th { (t(lang, "audittik.last_reported")) }
                    th { (t(lang, "audittik.due")) }
                    @for y in &years { th.num { (y) } }
                } }
                tbody {
                    @for r in &rows {
                        tr {
                            td { (r.object.fields.name) @if r.object.fields.pemda_wide { " " span.muted { "(" (t(lang, "field.pemda_wide")) ")" } } }
                            td { (r.object.pd_name.as_deref().unwrap_or_default()) }
                            td { (value_label(lang, &r.object.fields.kind)) }
                            td { @match r.last_reported { Some(d) => (day(d)), None => span.muted { (t(lang, "audittik.never")) } } }
                            td {
                                @if let Some(d) = r.due { (day(d)) }
                                @if r.overdue { " " span.warn { (t(lang, "audittik.overdue")) } }
                                @if let Some(id) = r.under_way { " " a href={ "/audit-tik/" (id) } { (t(lang, "audittik.under_way")) } }
                            }
                            @for y in &years {
                                td.num { @if due_in(r, *y, months, today.year()) { "●" } }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// Whether an object is due in year `year`: its due day falls in it (an overdue one, in this
/// year), or a later round does, every `months`.
fn due_in(r: &ScheduleRow, year: i32, months: Option<u32>, this_year: i32) -> bool {
    let (Some(due), Some(months)) = (r.due, months) else {
        return false;
    };
    let mut at = if r.overdue {
        NaiveDate::from_ymd_opt(this_year, 12, 31).unwrap_or(due)
    } else {
        due
    };
    while at.year() < year {
        match at.checked_add_months(chrono::Months::new(months.max(1))) {
            Some(next) => at = next,
            None => return false,
        }
    }
    at.year() == year
}

pub(super) async fn objects_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    register_list::page::<AuditObjectInput>(
        &state,
        &caller,
        &p,
        tabs(lang, "/audit-tik/objek"),
        None,
    )
    .await
}
