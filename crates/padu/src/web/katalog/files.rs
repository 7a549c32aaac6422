//! Files of the catalogue: an application's artifacts (Bogor Pasal 25(4): kept with their
//! SHA-256, size-limited, downloadable by whoever may read the application; a file that is one
//! of the region's checklist documents marks it held) and the LAN diagrams each PD submits and
//! updates (Bogor Pasal 21). API and pages.

#![allow(clippy::result_large_err)]

use crate::web::kit::upload::{accepted_type, read_upload, Upload, MAX_BYTES};

use crate::web::kit::i18n::t;
use crate::web::kit::layout::{layout, session_upload, OrPage, UiResult};
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::{Multipart, Path, Query, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::html;
use padu_domain::catalog::required_documents;
use padu_domain::Gate;
use padu_domain::{authorize, Action, PdId, Resource};
use padu_store::attachments::{Attachment, NewFile, Owner};
use padu_store::lan::{LanDiagram, LanDiagramInput, LAN_KINDS};
use serde::Deserialize;
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::Anyone, routes!(list_artifacts, upload_artifact))
        .api(Gate::Anyone, routes!(list_lan_diagrams, submit_lan_diagram))
}

pub fn pages() -> Routes {
    Routes::new()
        .get("/katalog/aplikasi/{id}", Gate::Anyone, application_page)
        .post(
            "/katalog/aplikasi/{id}/artefak",
            Gate::Anyone,
            artifact_submit.layer(crate::web::kit::upload::body_limit()),
        )
        .get("/katalog/lan", Gate::Anyone, lan_page)
        .post(
            "/katalog/lan",
            Gate::Anyone,
            lan_submit.layer(crate::web::kit::upload::body_limit()),
        )
}

fn sniffed<'a>(up: &'a Upload) -> Result<NewFile<'a>, ApiError> {
    Ok(NewFile {
        filename: &up.filename,
        content_type: accepted_type(up)?,
        data: &up.data,
    })
}

/// Stores an artifact of application `id` (its editors: the PD's operators and the Dinas).
pub async fn add_artifact(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    up: &Upload,
) -> Result<Attachment, ApiError> {
    caller.require_user()?;
    let app = state.store.get_application(id).await?;
    let resource = Resource::record(Some(PdId(app.pd_id)), app.classification);
    authorize(&caller.actor, Action::Read, &resource)?;
    authorize(&caller.actor, Action::Update, &resource)?;
    let document = up
        .fields
        .get("document")
        .map(|d| d.trim())
        .filter(|d| !d.is_empty());
    if let Some(code) = document {
        if !required_documents(state.profile())
            .iter()
            .any(|d| d.code == code)
        {
            return Err(ApiError::invalid(
                "document",
                format!("{code} is not in this region's documentation checklist"),
            ));
        }
    }
    let file = sniffed(up)?;
    Ok(state
        .store
        .add_application_artifact(&caller.audit_ctx(), id, &file, document)
        .await?)
}

async fn artifacts_of(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<Vec<Attachment>, ApiError> {
    let app = state.store.get_application(id).await?;
    authorize(
        &caller.actor,
        Action::Read,
        &Resource::record(Some(PdId(app.pd_id)), app.classification),
    )?;
    Ok(state
        .store
        .attachments(Owner::Application(id), false)
        .await?)
}

/// The application's artifacts (download each from `/api/v1/attachments/{id}`).
#[utoipa::path(get, path = "/api/v1/catalog/applications/{id}/artifacts", tag = "catalog", params(("id" = i64, Path)), responses((status = 200, body = Vec<Attachment>), (status = 404)))]
async fn list_artifacts(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Attachment>>, ApiError> {
    Ok(Json(artifacts_of(&state, &caller, id).await?))
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
/// `description`, `submitted_on` and `file`.
pub async fn add_lan_diagram(
    state: &SharedState,
    caller: &Caller,
    up: &Upload,
) -> Result<LanDiagram, ApiError> {
    caller.require_user()?;
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
    authorize(
        &caller.actor,
        Action::Create,
        &Resource::lan_diagram(PdId(pd_id)),
    )
    .map_err(crate::web::kit::records::forbid_hidden)?;
    let input = LanDiagramInput {
        pd_id,
        kind: field("kind").to_string(),
        description: field("description").to_string(),
        submitted_on,
    };
    let file = sniffed(up)?;
    Ok(state
        .store
        .add_lan_diagram(&caller.audit_ctx(), caller.today(), &input, &file)
        .await?)
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
    Ok(Json(readable_lan(&state, &caller, p.pd_id).await?))
}

async fn readable_lan(
    state: &SharedState,
    caller: &Caller,
    pd: Option<i64>,
) -> Result<Vec<LanDiagram>, ApiError> {
    caller.require_user()?;
    Ok(state
        .store
        .lan_diagrams(None, pd)
        .await?
        .into_iter()
        .filter(|l| {
            authorize(
                &caller.actor,
                Action::Read,
                &Resource::lan_diagram(PdId(l.pd_id)),
            )
            .is_ok()
        })
        .collect())
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
    caller.require_user().or_page(&state, &caller)?;
    let files = artifacts_of(&state, &caller, id)
        .await
        .or_page(&state, &caller)?;
    let app = state
        .store
        .get_application(id)
        .await
        .or_page(&state, &caller)?;
    let may_edit = authorize(
        &caller.actor,
        Action::Update,
        &Resource::record(Some(PdId(app.pd_id)), app.classification),
    )
    .is_ok();
    let checklist = required_documents(state.profile());
    Ok(layout(
        &state,
        &caller,
        &app.name,
        html! {
            (super::pages::tabs(lang, "/katalog"))
            p.muted { (app.pd_name) " · " (app.sector) " · " (app.status) }
            @if !app.description.is_empty() { p { (app.description) } }
            h2 { (t(lang, "catalog.documents")) }
            table #checklist {
                tbody {
                    @for d in checklist {
                        tr {
                            td { @if app.documents.iter().any(|c| c == d.code) { span.ok { "✓" } } @else { span.bad { "✗" } } }
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
    Ok(Redirect::to(&format!("/katalog/aplikasi/{id}")).into_response())
}

async fn lan_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let list = readable_lan(&state, &caller, None)
        .await
        .or_page(&state, &caller)?;
    let pds = state.store.all_pds().await.or_page(&state, &caller)?;
    let writable: Vec<_> = pds
        .iter()
        .filter(|p| {
            authorize(
                &caller.actor,
                Action::Create,
                &Resource::lan_diagram(PdId(p.id)),
            )
            .is_ok()
        })
        .collect();
    Ok(layout(
        &state,
        &caller,
        t(lang, "catalog.lan"),
        html! {
            (super::pages::tabs(lang, "/katalog/lan"))
            p.muted { (t(lang, "catalog.lan_intro")) }
            table #lan {
                thead { tr { th { (t(lang, "catalog.pd")) } th { (t(lang, "catalog.lan_kind")) } th { (t(lang, "plan.reviewed_on")) } th { (t(lang, "catalog.detail")) } th { (t(lang, "catalog.file_any")) } } }
                tbody {
                    @for l in &list {
                        tr {
                            td { (l.pd_name) }
                            td { (l.kind) }
                            td { (l.submitted_on) }
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
    Ok(Redirect::to("/katalog/lan").into_response())
}
