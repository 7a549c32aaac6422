//! The producers' and the walidata's pages: the data sets with their state (those waiting
//! for the check first, for the walidata), drafting one from an inventory entry, and a data
//! set's page with its metadata, resources and versions, and the steps the caller may take.

use crate::app::data_terbuka::{self as dt, DatasetView, NewResource};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{layout, session_upload, OrPage, UiResult};
use crate::web::kit::{ApiError, Caller, SessionForm, SharedState};
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use maud::{html, Markup};
use padu_domain::data_terbuka::publication::PUBLISHES;
use padu_domain::data_terbuka::vocabulary::{LICENCES, THEMES, UPDATE_SCHEDULES};
use padu_store::data_terbuka::datasets::{OpenDataset, OpenDatasetInput};
use padu_store::data_terbuka::resources::LinkInput;
use serde::Deserialize;

fn here(id: i64) -> String {
    format!("/data-terbuka/kelola/{id}")
}

fn done(id: i64, notice: &str) -> UiResult {
    Ok(Redirect::to(&format!("{}?pesan={notice}", here(id))).into_response())
}

pub(super) async fn list_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let all = dt::datasets(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "dt.manage.title"),
        html! {
            p.muted { (t(lang, "dt.manage.intro")) " " a href="/data-terbuka" { (t(lang, "dt.portal.open")) } }
            @if PUBLISHES.admits(&caller.actor).is_ok() {
                p { a.button href="/data-terbuka/kelola/baru" { (t(lang, "dt.new")) } }
            }
            @if all.is_empty() { p { (t(lang, "dt.none")) } } @else {
                table #open-datasets {
                    thead { tr {
                        th { (t(lang, "field.title")) }
                        th { (t(lang, "catalog.pd")) }
                        th { (t(lang, "field.status")) }
                        th { (t(lang, "dt.updated")) }
                    } }
                    tbody { @for d in &all { tr {
                        td { a href=(here(d.id)) { (d.title) } }
                        td { (d.pd_name) }
                        td { (value_label(lang, &format!("dt_{}", d.status))) }
                        td { (super::day_of(&d.updated_at)) }
                    } } }
                }
            }
        },
    ))
}

#[derive(Deserialize)]
pub(super) struct NewQuery {
    inventaris: Option<i64>,
}

pub(super) async fn new_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<NewQuery>,
) -> UiResult {
    let lang = caller.lang;
    let entries = dt::publishable(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    let chosen = q
        .inventaris
        .and_then(|id| entries.iter().find(|e| e.id == id));
    Ok(layout(
        &state,
        &caller,
        t(lang, "dt.new"),
        html! {
            p.muted { (t(lang, "dt.new_intro")) }
            @if entries.is_empty() { p { (t(lang, "dt.nothing_publishable")) } } @else {
                form.card method="get" action="/data-terbuka/kelola/baru" {
                    label { (t(lang, "dt.inventory_entry")) " "
                        select name="inventaris" required {
                            @for e in &entries {
                                option value=(e.id) selected[chosen.is_some_and(|c| c.id == e.id)] { (e.fields.name) " · " (e.pd_name.as_deref().unwrap_or_default()) }
                            }
                        }
                    }
                    button type="submit" { (t(lang, "dt.choose")) }
                }
            }
            @if let Some(e) = chosen {
                (metadata_form(lang, &caller, "/data-terbuka/kelola", e.id, &Prefill {
                    name: padu_domain::data_terbuka::vocabulary::name_from_title(&e.fields.name),
                    title: e.fields.name.clone(),
                    description: e.fields.description.clone(),
                    update_schedule: schedule_of(e.fields.update_every_months),
                    ..Prefill::default()
                }, t(lang, "dt.save_draft")))
            }
        },
    ))
}

/// The declared schedule nearest the inventory's update period.
fn schedule_of(months: i64) -> String {
    UPDATE_SCHEDULES
        .iter()
        .filter(|(_, m)| *m > 0)
        .find(|(_, m)| i64::from(*m) >= months)
        .map_or("tahunan", |(s, _)| s)
        .to_string()
}

/// What a metadata form shows: a data set's, or an inventory entry's as a start.
#[derive(Default)]
struct Prefill {
    name: String,
    title: String,
    description: String,
    keywords: String,
    theme: String,
    licence: String,
    temporal_start: String,
    temporal_end: String,
    spatial: String,
    update_schedule: String,
    reference_codes: String,
}

impl From<&OpenDataset> for Prefill {
    fn from(d: &OpenDataset) -> Self {
        Prefill {
            name: d.name.clone(),
            title: d.title.clone(),
            description: d.description.clone(),
            keywords: d.keywords.join(", "),
            theme: d.theme.clone(),
            licence: d.licence.clone(),
            temporal_start: d.temporal_start.clone().unwrap_or_default(),
            temporal_end: d.temporal_end.clone().unwrap_or_default(),
            spatial: d.spatial.clone(),
            update_schedule: d.update_schedule.clone(),
            reference_codes: d.reference_codes.clone(),
        }
    }
}

fn metadata_form(
    lang: Lang,
    caller: &Caller,
    action: &str,
    inventory_id: i64,
    p: &Prefill,
    submit: &str,
) -> Markup {
    html! {
        form.card #dataset-form method="post" action=(action) {
            input type="hidden" name="csrf" value=(caller.csrf());
            input type="hidden" name="inventory_id" value=(inventory_id);
            label { (t(lang, "field.title")) input type="text" name="title" required minlength="3" maxlength="300" value=(p.title); }
            label { (t(lang, "dt.field.name")) input type="text" name="name" required pattern="[a-z0-9_\\-]{2,100}" value=(p.name);
                small.muted { (t(lang, "dt.field.name_hint")) } }
            label { (t(lang, "field.description")) textarea name="description" rows="4" required minlength="50" maxlength="5000" { (p.description) }
                small.muted { (t(lang, "dt.field.description_hint")) } }
            label { (t(lang, "dt.field.keywords")) input type="text" name="keywords" value=(p.keywords);
                small.muted { (t(lang, "dt.field.keywords_hint")) } }
            label { (t(lang, "dt.field.theme")) " "
                select name="theme" required {
                    @for (code, _) in THEMES { option value=(code) selected[p.theme == code] { (t(lang, &format!("dt.theme.{code}"))) } }
                }
            }
            label { (t(lang, "dt.field.licence")) " "
                select name="licence" required {
                    @for l in &LICENCES { option value=(l.id) selected[p.licence == l.id] { (l.title) } }
                }
            }
            label { (t(lang, "dt.field.temporal_start")) " " input type="date" name="temporal_start" value=(p.temporal_start); }
            label { (t(lang, "dt.field.temporal_end")) " " input type="date" name="temporal_end" value=(p.temporal_end); }
            label { (t(lang, "dt.field.spatial")) input type="text" name="spatial" maxlength="300" value=(p.spatial); }
            label { (t(lang, "dt.field.update_schedule")) " "
                select name="update_schedule" required {
                    @for (s, _) in UPDATE_SCHEDULES { option value=(s) selected[p.update_schedule == *s] { (value_label(lang, s)) } }
                }
            }
            label { (t(lang, "dt.field.reference_codes")) input type="text" name="reference_codes" maxlength="1000" value=(p.reference_codes);
                small.muted { (t(lang, "dt.field.reference_codes_hint")) } }
            button type="submit" { (submit) }
        }
    }
}

#[derive(Deserialize)]
pub(super) struct MetadataForm {
    inventory_id: String,
    name: String,
    title: String,
    description: String,
    #[serde(default)]
    keywords: String,
    theme: String,
    licence: String,
    #[serde(default)]
    temporal_start: String,
    #[serde(default)]
    temporal_end: String,
    #[serde(default)]
    spatial: String,
    update_schedule: String,
    #[serde(default)]
    reference_codes: String,
}

fn optional_date(field: &str, value: &str) -> Result<Option<chrono::NaiveDate>, ApiError> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    value
        .trim()
        .parse()
        .map(Some)
        .map_err(|_| ApiError::invalid(field, format!("{value} is not a date (YYYY-MM-DD)")))
}

impl MetadataForm {
    fn input(self) -> Result<OpenDatasetInput, ApiError> {
        Ok(OpenDatasetInput {
            inventory_id: self.inventory_id.parse().map_err(|_| {
                ApiError::invalid("inventory_id", "is not a data set of the inventory")
            })?,
            temporal_start: optional_date("temporal_start", &self.temporal_start)?,
            temporal_end: optional_date("temporal_end", &self.temporal_end)?,
            name: self.name.trim().to_string(),
            title: self.title,
            description: self.description,
            keywords: self.keywords.split(',').map(str::to_string).collect(),
            theme: self.theme,
            licence: self.licence,
            spatial: self.spatial,
            update_schedule: self.update_schedule,
            reference_codes: self.reference_codes,
        })
    }
}

pub(super) async fn draft_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<MetadataForm>,
) -> UiResult {
    let input = f.input().or_page(&state, &caller)?;
    let d = dt::draft(&state, &caller.actor, &caller.audit_ctx(), &input)
        .await
        .or_page(&state, &caller)?;
    done(d.id, "saved")
}

pub(super) async fn edit_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<MetadataForm>,
) -> UiResult {
    let input = f.input().or_page(&state, &caller)?;
    dt::edit(&state, &caller.actor, &caller.audit_ctx(), id, &input)
        .await
        .or_page(&state, &caller)?;
    done(id, "saved")
}

#[derive(Deserialize)]
pub(super) struct StepForm {
    status: String,
    #[serde(default)]
    note: String,
}

pub(super) async fn step_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<StepForm>,
) -> UiResult {
    let d = dt::step(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        id,
        &f.status,
        &f.note,
    )
    .await
    .or_page(&state, &caller)?;
    done(id, &format!("dt_{}", d.status))
}

#[derive(Deserialize)]
pub(super) struct LinkForm {
    name: String,
    #[serde(default)]
    description: String,
    url: String,
    format: String,
}

pub(super) async fn link_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<LinkForm>,
) -> UiResult {
    let link = LinkInput {
        name: f.name,
        description: f.description,
        url: f.url,
        format: f.format,
    };
    dt::add_resource(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        id,
        NewResource::Link(&link),
    )
    .await
    .or_page(&state, &caller)?;
    done(id, "saved")
}

pub(super) async fn file_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, super::MAX_FILE_BYTES).await?;
    let resource = super::new_file(&up);
    dt::add_resource(&state, &caller.actor, &caller.audit_ctx(), id, resource)
        .await
        .or_page(&state, &caller)?;
    done(id, "saved")
}

pub(super) async fn version_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path((id, resource)): Path<(i64, i64)>,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, super::MAX_FILE_BYTES).await?;
    let file = super::version_file(&up);
    dt::add_version(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        id,
        resource,
        &file,
    )
    .await
    .or_page(&state, &caller)?;
    done(id, "saved")
}

pub(super) async fn dataset_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let v = dt::dataset(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let d = &v.dataset;
    Ok(layout(
        &state,
        &caller,
        &d.title,
        html! {
            p { a href="/data-terbuka/kelola" { "← " (t(lang, "dt.manage.title")) }
                @if d.status == "terbit" { " · " a href={ "/data-terbuka/" (d.name) } { (t(lang, "dt.on_portal")) } } }
            table.details {
                tr { th { (t(lang, "field.status")) } td { strong { (value_label(lang, &format!("dt_{}", d.status))) } } }
                @if !d.review_note.is_empty() { tr { th { (t(lang, "dt.review_note")) } td { (d.review_note) } } }
                tr { th { (t(lang, "catalog.pd")) } td { (d.pd_name) } }
                tr { th { (t(lang, "dt.inventory_entry")) } td { a href={ "/katalog/data/" (d.inventory_id) } { (t(lang, "dt.open_entry")) } } }
                tr { th { (t(lang, "dt.field.name")) } td { code { (d.name) } } }
                tr { th { (t(lang, "field.description")) } td { (d.description) } }
                tr { th { (t(lang, "dt.field.keywords")) } td { (d.keywords.join(", ")) } }
                tr { th { (t(lang, "dt.field.theme")) } td { (t(lang, &format!("dt.theme.{}", d.theme))) } }
                tr { th { (t(lang, "dt.field.licence")) } td { (padu_domain::data_terbuka::vocabulary::licence(&d.licence).map_or(d.licence.as_str(), |l| l.title)) } }
                tr { th { (t(lang, "dt.field.update_schedule")) } td { (value_label(lang, &d.update_schedule)) } }
                @if let Some(by) = &d.checked_by { tr { th { (t(lang, "dt.checked_by")) } td { (by) " · " (super::day_of(d.published_at.as_deref().unwrap_or_default())) } } }
            }
            (steps(lang, &caller, &v))
            h2 { (t(lang, "dt.resources")) }
            (resources(lang, &caller, &v))
            @if v.may_edit {
                h2 { (t(lang, "dt.edit_metadata")) }
                (metadata_form(lang, &caller, &here(d.id), d.inventory_id, &Prefill::from(d), t(lang, "common.save")))
            }
        },
    ))
}

fn steps(lang: Lang, caller: &Caller, v: &DatasetView) -> Markup {
    let action = format!("{}/status", here(v.dataset.id));
    html! {
        @if !v.steps.is_empty() {
            form.card #dataset-steps method="post" action=(action) {
                input type="hidden" name="csrf" value=(caller.csrf());
                @if v.steps.iter().any(|s| s == "dikembalikan" || s == "ditarik") {
                    label { (t(lang, "dt.step_note")) textarea name="note" rows="2" {} }
                }
                @for s in &v.steps {
                    button type="submit" name="status" value=(s) { (t(lang, &format!("dt.step.{s}"))) } " "
                }
            }
        }
    }
}

fn resources(lang: Lang, caller: &Caller, v: &DatasetView) -> Markup {
    let id = v.dataset.id;
    html! {
        @if v.resources.is_empty() { p.muted { (t(lang, "dt.no_resources")) } } @else {
            table #resources {
                thead { tr {
                    th { (t(lang, "field.name")) }
                    th { (t(lang, "dt.format")) }
                    th { (t(lang, "dt.versions")) }
                } }
                tbody { @for r in &v.resources { tr {
                    td { (r.name) @if !r.description.is_empty() { br; small.muted { (r.description) } } }
                    td {
                        (r.format)
                        @if r.datastore_active {
                            br; small.muted { (t(lang, "dt.loaded")) }
                            @if v.dataset.status == "terbit" { " · " a href={ "/data-terbuka/" (v.dataset.name) "/tabel/" (r.id) } { (t(lang, "dt.table_of")) } }
                        }
                    }
                    td {
                        @if r.kind == "link" { a href=(r.url) rel="noopener" { (r.url) } }
                        @for (rid, versions) in &v.versions { @if *rid == r.id {
                            ul { @for ver in versions { li {
                                a href={ "/lampiran/" (ver.attachment_id) } { "v" (ver.version) " · " (ver.filename) }
                                " (" (super::size(ver.size_bytes)) ") · " (super::day_of(&ver.created_at)) " · " (ver.created_by)
                                @if !ver.note.is_empty() { " — " (ver.note) }
                                br; small.muted { "SHA-256 " code { (ver.sha256) } }
                            } } }
                            @if v.may_edit {
                                form.inline method="post" enctype="multipart/form-data" action={ (here(id)) "/berkas/" (r.id) } {
                                    input type="hidden" name="csrf" value=(caller.csrf());
                                    label { (t(lang, "dt.new_version")) " " input type="file" name="file" required accept=".csv,.json,.xlsx"; }
                                    label { (t(lang, "dt.version_note")) " " input type="text" name="note" maxlength="2000"; }
                                    button type="submit" { (t(lang, "dt.upload_version")) }
                                }
                            }
                        } }
                    }
                } } }
            }
        }
        @if v.may_edit {
            form.card #resource-file method="post" enctype="multipart/form-data" action={ (here(id)) "/berkas" } {
                h3 { (t(lang, "dt.add_file")) }
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "field.name")) input type="text" name="name" required maxlength="300"; }
                label { (t(lang, "field.description")) textarea name="description" rows="2" {} }
                label { (t(lang, "dt.file")) " " input type="file" name="file" required accept=".csv,.json,.xlsx"; small.muted { (t(lang, "dt.file_hint")) } }
                button type="submit" { (t(lang, "dt.add_file")) }
            }
            form.card #resource-link method="post" action={ (here(id)) "/tautan" } {
                h3 { (t(lang, "dt.add_link")) }
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "field.name")) input type="text" name="name" required maxlength="300"; }
                label { (t(lang, "field.description")) textarea name="description" rows="2" {} }
                label { (t(lang, "dt.url")) input type="url" name="url" required; }
                label { (t(lang, "dt.format")) input type="text" name="format" required maxlength="20" placeholder="CSV, API, HTML"; }
                button type="submit" { (t(lang, "dt.add_link")) }
            }
        }
    }
}
