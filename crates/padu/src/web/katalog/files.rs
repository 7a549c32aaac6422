//! Files of the catalogue: an application's artifacts (Bogor Pasal 25(4): kept with their
//! SHA-256, size-limited, downloadable by whoever may read the application; a file that is one
//! of the region's checklist documents marks it held) and the LAN diagrams each PD submits and
//! updates (Bogor Pasal 21). API and pages.

use crate::app::katalog;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{layout, session_upload, OrPage, UiResult};
use crate::web::kit::upload::{accepted_type, read_upload, Upload, MAX_BYTES};
use crate::web::kit::{ApiError, Caller, Routes, SharedState};
use axum::extract::{Multipart, Path, Query, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::html;
use padu_domain::catalog::{required_documents, KEEPS_REGISTERS};
use padu_domain::Gate;
use padu_store::attachments::{Attachment, NewFile};
use padu_store::lan::{LanDiagram, LanDiagramInput, LAN_KINDS};
use serde::Deserialize;
use utoipa_axum::routes;

/// Whoever may read an application lists its files; its keepers add them. LAN diagrams are
/// read by those signed in (as each PD's classification allows) and submitted by the keepers.
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_artifacts))
        .api(KEEPS_REGISTERS, routes!(upload_artifact))
        .api(Gate::SignedIn, routes!(list_lan_diagrams))
        .api(KEEPS_REGISTERS, routes!(submit_lan_diagram))
}

pub fn pages() -> Routes {
    Routes::new()
        .get("/katalog/aplikasi/{id}", Gate::SignedIn, application_page)
        .post(
            "/katalog/aplikasi/{id}/artefak",
            KEEPS_REGISTERS,
            artifact_submit.layer(crate::web::kit::upload::body_limit()),
        )
        .get("/katalog/lan", Gate::SignedIn, lan_page)
        .post(
            "/katalog/lan",
            KEEPS_REGISTERS,
            lan_submit.layer(crate::web::kit::upload::body_limit()),
        )
}

fn sniffed(up: &Upload) -> Result<NewFile<'_>, ApiError> {
    Ok(NewFile {
        filename: &up.filename,
        content_type: accepted_type(up)?,
        data: &up.data,
    })
}

/// Stores an artifact of application `id`: `file`, and `document` (a checklist code) when it
/// is one of the region's required documents.
async fn add_artifact(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    up: &Upload,
) -> Result<Attachment, ApiError> {
    let document = up.fields.get("document").map(String::as_str);
    let slot = katalog::artifact_slot(state, &caller.actor, id, document).await?;
    let file = sniffed(up)?;
    Ok(katalog::add_artifact(state, &caller.audit_ctx(), slot, &file).await?)
}

/// The application's artifacts (download each from `/api/v1/attachments/{id}`).
#[utoipa::path(get, path = "/api/v1/catalog/applications/{id}/artifacts", tag = "catalog", params(("id" = i64, Path)), responses((status = 200, body = Vec<Attachment>), (status = 404)))]
async fn list_artifacts(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Attachment>>, ApiError> {
    Ok(Json(katalog::artifacts(&state, &caller.actor, id).await?))
}

/// Adds an artifact: `file`, and `document` (a checklist code) when it is one of the
/// region's required documents.
#[utoipa::path(post, path = "/api/v1/catalog/applications/{id}/artifacts", tag = "catalog", params(("id" = i64, Path)), request_body(content_type = "multipart/form-data", description = "`file`, and optionally `document`"), responses((status = 201, body = Attachment), (status = 403), (status = 404), (status = 413), (status = 415), (status = 422)))]
async fn upload_artifact(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let up = read_upload(form).await?;
    Ok((
        StatusCode::CREATED,
        Json(add_artifact(&state, &caller, id, &up).await?),
    ))
}

/// Records a PD's LAN diagram or a reported change, from a form with `pd_id`, `kind`,
/// `description`, `submitted_on` (today when empty) and `file`.
async fn add_lan_diagram(
    state: &SharedState,
    caller: &Caller,
    up: &Upload,
) -> Result<LanDiagram, ApiError> {
    let field = |k: &str| up.fields.get(k).map(|v| v.trim()).unwrap_or("");
    let pd_id: i64 = field("pd_id")
        .parse()
        .map_err(|_| ApiError::invalid("pd_id", "choose the PD"))?;
    let submitted_on = match field("submitted_on") {
        "" => caller.today(),
        d => d
            .parse()
            .map_err(|_| ApiError::invalid("submitted_on", "not a date (YYYY-MM-DD)"))?,
    };
    let input = LanDiagramInput {
        pd_id,
        kind: field("kind").to_string(),
        description: field("description").to_string(),
        submitted_on,
    };
    let slot = katalog::lan_slot(&caller.actor, input)?;
    let file = sniffed(up)?;
    Ok(katalog::add_lan_diagram(state, &caller.audit_ctx(), slot, &file).await?)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LanParams {
    pub pd_id: Option<i64>,
}

/// LAN diagram submissions the caller may read, newest first.
#[utoipa::path(get, path = "/api/v1/catalog/lan-diagrams", tag = "catalog", params(LanParams), responses((status = 200, body = [LanDiagram]), (status = 422)))]
async fn list_lan_diagrams(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<LanParams>,
) -> Result<Json<Vec<LanDiagram>>, ApiError> {
    Ok(Json(
        katalog::lan_diagrams(&state, &caller.actor, p.pd_id).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/catalog/lan-diagrams", tag = "catalog", request_body(content_type = "multipart/form-data", description = "`pd_id`, `kind` (awal or perubahan), `description`, `submitted_on`, `file`"), responses((status = 201, body = LanDiagram), (status = 403), (status = 413), (status = 415), (status = 422)))]
async fn submit_lan_diagram(
    State(state): State<SharedState>,
    caller: Caller,
    form: Multipart,
) -> Result<(StatusCode, Json<LanDiagram>), ApiError> {
    let up = read_upload(form).await?;
    Ok((
        StatusCode::CREATED,
        Json(add_lan_diagram(&state, &caller, &up).await?),
    ))
}

async fn application_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let katalog::ApplicationFiles {
        application: app,
        files,
        may_edit,
    } = katalog::application_files(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let checklist = required_documents(state.profile());
    Ok(layout(
        &state,
        &caller,
        &app.name,
        html! {
            (super::lists::tabs(lang, "/katalog"))
            p.muted { (app.pd_name.as_deref().unwrap_or_default()) " · " (app.sector) " · " (app.status) }
            @if !app.description.is_empty() { p { (app.description) } }
            h2 { (t(lang, "catalog.documents")) }
            table #checklist {
                tbody {
                    @for d in checklist {
                        tr {
                            td { @if app.documents.contains(&d.code) { span.ok { "✓" } } @else { span.bad { "✗" } } }
                            td { @if lang == crate::web::kit::i18n::Lang::En { (d.en) } @else { (d.id) } }
                            td.muted { (d.clause) }
                        }
                    }
                }
            }
            h2 { (t(lang, "catalog.artifacts")) }
            @if files.is_empty() { p.muted { (t(lang, "common.none")) } }
            ul #artifacts {
                @for f in &files {
                    li { a href={ "/lampiran/" (f.id) } { (f.filename) } " (" (f.size_bytes / 1024) " KB) " code.muted { "sha256 " (f.sha256) } }
                }
            }
            @if may_edit {
                form.stack.card method="post" enctype="multipart/form-data" action={ "/katalog/aplikasi/" (id) "/artefak" } {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    label { (t(lang, "catalog.file_any")) " " input type="file" name="file" required; }
                    label { (t(lang, "catalog.is_document")) " "
                        select name="document" {
                            option value="" { "—" }
                            @for d in checklist { option value=(d.code) { @if lang == crate::web::kit::i18n::Lang::En { (d.en) } @else { (d.id) } } }
                        }
                    }
                    button type="submit" { (t(lang, "catalog.upload")) }
                }
            }
        },
    ))
}

async fn artifact_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> UiResult {
    let up = session_upload(&state, &caller, form, MAX_BYTES).await?;
    add_artifact(&state, &caller, id, &up)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/katalog/aplikasi/{id}?pesan=saved")).into_response())
}

async fn lan_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let list = katalog::lan_diagrams(&state, &caller.actor, None)
        .await
        .or_page(&state, &caller)?;
    let writable = katalog::lan_pds(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "catalog.lan"),
        html! {
            (super::lists::tabs(lang, "/katalog/lan"))
            p.muted { (t(lang, "catalog.lan_intro")) }
            table #lan {
                thead { tr { th { (t(lang, "catalog.pd")) } th { (t(lang, "catalog.lan_kind")) } th { (t(lang, "plan.reviewed_on")) } th { (t(lang, "catalog.detail")) } th { (t(lang, "catalog.file_any")) } } }
                tbody {
                    @for l in &list {
                        tr {
                            td { (l.pd_name) }
                            td { (l.kind) }
                            td { (crate::web::kit::layout::day(l.submitted_on)) }
                            td { (l.description) }
                            td { @for f in &l.files { a href={ "/lampiran/" (f.id) } { (f.filename) } } }
                        }
                    }
                }
            }
            @if !writable.is_empty() {
                form.stack.card method="post" enctype="multipart/form-data" action="/katalog/lan" {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    label { (t(lang, "catalog.pd")) " " select name="pd_id" { @for p in &writable { option value=(p.id) { (p.name) } } } }
                    label { (t(lang, "catalog.lan_kind")) " " select name="kind" { @for k in LAN_KINDS { option value=(k) { (k) } } } }
                    label { (t(lang, "catalog.detail")) " " textarea name="description" required {} }
                    label { (t(lang, "catalog.file_any")) " " input type="file" name="file" required; }
                    button type="submit" { (t(lang, "catalog.upload")) }
                }
            }
        },
    ))
}

async fn lan_submit(State(state): State<SharedState>, caller: Caller, form: Multipart) -> UiResult {
    let up = session_upload(&state, &caller, form, MAX_BYTES).await?;
    add_lan_diagram(&state, &caller, &up)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/katalog/lan?pesan=saved").into_response())
}
