//! Files of the catalogue: an application's artifacts (Bogor Pasal 25(4): kept with their
//! SHA-256, readable by whoever may read the application; a file that is one of the region's
//! checklist documents marks it held) and the LAN diagrams each PD submits and updates (Bogor
//! Pasal 21), readable by the PD and the Pemda-wide roles only.
//!
//! Adding a file is two steps: the slot (may the caller add this file here? what the form
//! said, checked) and then the file, whose type the web layer reads from its bytes. A slot is
//! only made by its check, so a file is never stored without it.

use crate::app::registers::{forbid_hidden, signed_in};
use crate::app::{App, AppError};
use padu_domain::catalog::required_documents;
use padu_domain::{authorize, Action, Actor, PdId, Resource};
use padu_store::attachments::{Attachment, NewFile, Owner};
use padu_store::catalog::Application;
use padu_store::lan::{LanDiagram, LanDiagramInput};
use padu_store::org::Pd;
use padu_store::AuditCtx;

fn resource(a: &Application) -> Resource {
    Resource::record(Some(PdId(a.pd_id)), a.classification)
}

/// Where an artifact may go: an application the caller edits, as the checklist document named
/// (if any).
pub struct ArtifactSlot {
    application: i64,
    document: Option<String>,
}

/// May `actor` add a file to application `id` (its editors: the PD's operators and the
/// Dinas), as checklist document `document` when one is named?
pub async fn artifact_slot(
    app: &App,
    actor: &Actor,
    id: i64,
    document: Option<&str>,
) -> Result<ArtifactSlot, AppError> {
    signed_in(actor)?;
    let application = app
        .store
        .get_record::<padu_store::catalog::ApplicationInput>(id)
        .await?;
    authorize(actor, Action::Read, &resource(&application))?;
    authorize(actor, Action::Update, &resource(&application))?;
    let document = document.map(str::trim).filter(|d| !d.is_empty());
    if let Some(code) = document {
        if !required_documents(app.profile())
            .iter()
            .any(|d| d.code == code)
        {
            return Err(AppError::invalid(
                "document",
                format!("{code} is not in this region's documentation checklist"),
            ));
        }
    }
    Ok(ArtifactSlot {
        application: id,
        document: document.map(str::to_string),
    })
}

/// Stores the artifact in its slot.
pub async fn add_artifact(
    app: &App,
    ctx: &AuditCtx,
    slot: ArtifactSlot,
    file: &NewFile<'_>,
) -> Result<Attachment, AppError> {
    Ok(app
        .store
        .add_application_artifact(ctx, slot.application, file, slot.document.as_deref())
        .await?)
}

/// The artifacts of application `id`, if the caller may read it (download each as an
/// attachment).
pub async fn artifacts(app: &App, actor: &Actor, id: i64) -> Result<Vec<Attachment>, AppError> {
    Ok(application_files(app, actor, id).await?.files)
}

/// An application with its artifacts, and whether the caller may add to them.
pub struct ApplicationFiles {
    pub application: Application,
    pub files: Vec<Attachment>,
    pub may_edit: bool,
}

pub async fn application_files(
    app: &App,
    actor: &Actor,
    id: i64,
) -> Result<ApplicationFiles, AppError> {
    let application = app
        .store
        .get_record::<padu_store::catalog::ApplicationInput>(id)
        .await?;
    authorize(actor, Action::Read, &resource(&application))?;
    let files = app.store.attachments(Owner::Application(id), false).await?;
    let may_edit = authorize(actor, Action::Update, &resource(&application)).is_ok();
    Ok(ApplicationFiles {
        application,
        files,
        may_edit,
    })
}

/// Where a LAN diagram may go: a submission the caller may make for its PD.
pub struct LanSlot {
    input: LanDiagramInput,
}

/// May `actor` submit this LAN diagram (its PD's operators, or the Dinas)?
pub fn lan_slot(actor: &Actor, input: LanDiagramInput) -> Result<LanSlot, AppError> {
    signed_in(actor)?;
    authorize(
        actor,
        Action::Create,
        &Resource::lan_diagram(PdId(input.pd_id)),
    )
    .map_err(forbid_hidden)?;
    Ok(LanSlot { input })
}

/// Records the PD's LAN diagram, or a reported change, with its file.
pub async fn add_lan_diagram(
    app: &App,
    ctx: &AuditCtx,
    slot: LanSlot,
    file: &NewFile<'_>,
) -> Result<LanDiagram, AppError> {
    let today = padu_domain::sla::wib_date(ctx.at);
    Ok(app
        .store
        .add_lan_diagram(ctx, today, &slot.input, file)
        .await?)
}

/// LAN diagram submissions `actor` may read (of PD `pd` when given), newest first.
pub async fn lan_diagrams(
    app: &App,
    actor: &Actor,
    pd: Option<i64>,
) -> Result<Vec<LanDiagram>, AppError> {
    signed_in(actor)?;
    Ok(app
        .store
        .lan_diagrams(None, pd)
        .await?
        .into_iter()
        .filter(|l| authorize(actor, Action::Read, &Resource::lan_diagram(PdId(l.pd_id))).is_ok())
        .collect())
}

/// The PDs `actor` may submit a LAN diagram for.
pub async fn lan_pds(app: &App, actor: &Actor) -> Result<Vec<Pd>, AppError> {
    Ok(app
        .store
        .all_pds()
        .await?
        .into_iter()
        .filter(|p| authorize(actor, Action::Create, &Resource::lan_diagram(PdId(p.id))).is_ok())
        .collect())
}
