//! Publishing (Pessel Pasal 13(3)–(5), Kalbar Pasal 11(3)–(5)): the producer PD drafts a data
//! set from an inventory entry classified Biasa, describes it, adds its resources (files kept
//! in every version, or links) and submits it; the walidata (the Dinas) publishes it or
//! returns it with a note; the producer or the walidata withdraws a published one, saying why.
//! Drafts are read by their PD and the Pemda-wide roles; every step lands in the audit log.

use crate::app::registers::signed_in;
use crate::app::{App, AppError};
use padu_domain::data_terbuka::publication::{
    may_be_public, may_edit, produces, step as may_step, PUBLISHES, WALIDATA,
};
use padu_domain::data_terbuka::vocabulary::file_format;
use padu_domain::{
    authorize, Action, Actor, Classification, Denied, PdId, ReadScope, Resource, Role,
};
use padu_store::data_terbuka::datasets::{OpenDataset, OpenDatasetInput};
use padu_store::data_terbuka::datastore::Staged;
use padu_store::data_terbuka::resources::{
    LinkInput, Loaded, OpenResource, ResourceFile, ResourceVersion,
};
use padu_store::datasets::{Dataset, DatasetInput};
use padu_store::registers::Filters;
use padu_store::AuditCtx;
use padu_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// A data set before publication is the PD's working record: its PD and the Pemda-wide roles
/// read it.
fn may_read(actor: &Actor, d: &OpenDataset) -> bool {
    d.status == "terbit"
        || authorize(
            actor,
            Action::Read,
            &Resource::record(Some(PdId(d.pd_id)), Classification::Terbatas),
        )
        .is_ok()
}

/// A data set whole, with what the caller may do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DatasetView {
    pub dataset: OpenDataset,
    pub resources: Vec<OpenResource>,
    /// Every version of each file resource, newest first (by resource id).
    pub versions: Vec<(i64, Vec<ResourceVersion>)>,
    pub may_edit: bool,
    /// The states the caller may move it to now.
    pub steps: Vec<String>,
}

async fn readable(app: &App, actor: &Actor, id: i64) -> Result<OpenDataset, AppError> {
    signed_in(actor)?;
    let d = app.store.get_open_dataset(id).await?;
    if !may_read(actor, &d) {
        return Err(Denied::Hidden.into());
    }
    Ok(d)
}

async fn editable(app: &App, actor: &Actor, id: i64) -> Result<OpenDataset, AppError> {
    PUBLISHES.admits(actor)?;
    let d = readable(app, actor, id).await?;
    if !produces(actor, PdId(d.pd_id)) {
        return Err(Denied::Forbidden.into());
    }
    if !may_edit(actor, PdId(d.pd_id), &d.status) {
        return Err(AppError::Conflict {
            field: Some("status".into()),
            message: "the walidata is checking this data set; wait for the check".into(),
        });
    }
    Ok(d)
}

/// Every data set `actor` may read, most recently changed first (for the walidata, those
/// waiting for the check first).
pub async fn datasets(app: &App, actor: &Actor) -> Result<Vec<OpenDataset>, AppError> {
    signed_in(actor)?;
    let mut all: Vec<OpenDataset> = app
        .store
        .open_datasets(None)
        .await?
        .into_iter()
        .filter(|d| may_read(actor, d))
        .collect();
    if actor.has_role(Role::AdminDinas) {
        all.sort_by_key(|d| d.status != "diajukan");
    }
    Ok(all)
}

pub async fn dataset(app: &App, actor: &Actor, id: i64) -> Result<DatasetView, AppError> {
    let d = readable(app, actor, id).await?;
    let resources = app.store.open_resources(&[id]).await?;
    let mut versions = Vec::new();
    for r in resources.iter().filter(|r| r.kind == "file") {
        versions.push((r.id, app.store.resource_versions(r.id).await?));
    }
    let pd = PdId(d.pd_id);
    let steps = padu_domain::data_terbuka::publication::STATUSES
        .iter()
        .filter(|to| may_step(actor, pd, &d.status, to, "-").is_ok())
        .map(|s| s.to_string())
        .collect();
    Ok(DatasetView {
        may_edit: PUBLISHES.admits(actor).is_ok() && may_edit(actor, pd, &d.status),
        steps,
        dataset: d,
        resources,
        versions,
    })
}

/// The inventory entries `actor` may publish: their PDs', classified Biasa, not yet drafted.
pub async fn publishable(app: &App, actor: &Actor) -> Result<Vec<Dataset>, AppError> {
    PUBLISHES.admits(actor)?;
    let drafted: Vec<i64> = app
        .store
        .open_datasets(None)
        .await?
        .iter()
        .map(|d| d.inventory_id)
        .collect();
    Ok(app
        .store
        .all_records::<DatasetInput>(&ReadScope::of(actor), &Filters::new())
        .await?
        .into_iter()
        .filter(|e| {
            may_be_public(e.classification)
                && produces(actor, PdId(e.pd_id))
                && !drafted.contains(&e.id)
        })
        .collect())
}

/// Drafts a data set from an inventory entry of one of `actor`'s PDs.
pub async fn draft(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: &OpenDatasetInput,
) -> Result<OpenDataset, AppError> {
    PUBLISHES.admits(actor)?;
    let entry = app
        .store
        .get_record::<DatasetInput>(input.inventory_id)
        .await
        .map_err(|_| AppError::invalid("inventory_id", "is not a data set of the inventory"))?;
    if !produces(actor, PdId(entry.pd_id)) {
        return Err(AppError::invalid(
            "inventory_id",
            "is not a data set of your Perangkat Daerah",
        ));
    }
    Ok(app.store.create_open_dataset(ctx, input).await?)
}

pub async fn edit(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &OpenDatasetInput,
) -> Result<OpenDataset, AppError> {
    editable(app, actor, id).await?;
    Ok(app.store.update_open_dataset(ctx, id, input).await?)
}

/// Moves data set `id` to `to`; submitting asks for at least one resource.
pub async fn step(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    to: &str,
    note: &str,
) -> Result<OpenDataset, AppError> {
    PUBLISHES.admits(actor)?;
    let d = readable(app, actor, id).await?;
    if to == "terbit" {
        WALIDATA.admits(actor)?;
    }
    may_step(actor, PdId(d.pd_id), &d.status, to, note).map_err(|why| {
        if why.contains("not open to you") {
            AppError::Conflict {
                field: Some("status".into()),
                message: why.into(),
            }
        } else if why.contains("not a state") {
            AppError::invalid("status", why)
        } else {
            AppError::invalid("note", why)
        }
    })?;
    if to == "diajukan" && app.store.open_resources(&[id]).await?.is_empty() {
        return Err(AppError::invalid(
            "resources",
            "a data set is submitted with at least one resource",
        ));
    }
    Ok(app
        .store
        .step_open_dataset(ctx, id, &d.status, to, note)
        .await?)
}

/// A resource to add: a file's first version, or a link.
pub enum NewResource<'a> {
    File {
        name: &'a str,
        description: &'a str,
        file: ResourceFile<'a>,
    },
    Link(&'a LinkInput),
}

pub async fn add_resource(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    resource: NewResource<'_>,
) -> Result<OpenResource, AppError> {
    editable(app, actor, id).await?;
    Ok(match resource {
        NewResource::File {
            name,
            description,
            file,
        } => {
            let staged = staged_rows(app, &file).await?;
            let stored = app
                .store
                .add_file_resource(ctx, id, name, description, &with_rows(app, &file, &staged))
                .await;
            settle(app, staged, stored).await?
        }
        NewResource::Link(link) => app.store.add_link_resource(ctx, id, link).await?,
    })
}

/// Keeps `file` as the newest version of resource `resource_id` of data set `id`.
pub async fn add_version(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    resource_id: i64,
    file: &ResourceFile<'_>,
) -> Result<OpenResource, AppError> {
    editable(app, actor, id).await?;
    let r = app.store.open_resource(resource_id).await?;
    if r.dataset_id != id {
        return Err(AppError::invalid("resource", "is not this data set's"));
    }
    let staged = staged_rows(app, file).await?;
    let stored = app
        .store
        .add_resource_version(ctx, resource_id, &with_rows(app, file, &staged))
        .await;
    settle(app, staged, stored).await
}

/// A tabular file's rows, checked and loaded into a staging table before anything is kept:
/// a file with bad rows is refused whole.
async fn staged_rows(app: &App, file: &ResourceFile<'_>) -> Result<Option<Staged>, AppError> {
    let Some(format) = file_format(file.filename) else {
        return Ok(None);
    };
    super::datastore::stage(app, format, file.data).await
}

fn with_rows<'a>(
    app: &'a App,
    file: &ResourceFile<'a>,
    staged: &'a Option<Staged>,
) -> ResourceFile<'a> {
    ResourceFile {
        filename: file.filename,
        data: file.data,
        note: file.note,
        loaded: staged.as_ref().map(|staged| Loaded {
            staged,
            instance: &app.pemda.instance_id,
        }),
    }
}

/// The staging table goes with the resource it was loaded for, or is dropped.
async fn settle(
    app: &App,
    staged: Option<Staged>,
    stored: Result<OpenResource, StoreError>,
) -> Result<OpenResource, AppError> {
    match (stored, staged) {
        (Ok(r), _) => Ok(r),
        (Err(e), Some(staged)) => {
            app.store.discard_staged(staged).await;
            Err(e.into())
        }
        (Err(e), None) => Err(e.into()),
    }
}
