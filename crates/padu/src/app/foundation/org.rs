//! The Pemda's Perangkat Daerah and their units of work. A PD is founded and dissolved by the
//! Dinas (`access::FOUNDS_PDS`) and kept by the Dinas and its own operators; anyone reads it.

use crate::app::{App, AppError};
use padu_domain::{authorize, Action, Actor, Classification, PdId, Resource};
use padu_store::org::{Pd, PdInput, UnitKerja};
use padu_store::AuditCtx;

pub async fn get_pd(app: &App, actor: &Actor, id: i64) -> Result<Pd, AppError> {
    authorize(actor, Action::Read, &Resource::pd(PdId(id)))?;
    Ok(app.store.get_pd(id).await?)
}

pub async fn create_pd(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: &PdInput,
) -> Result<Pd, AppError> {
    authorize(actor, Action::Create, &Resource::new_pd())?;
    Ok(app.store.create_pd(ctx, input).await?)
}

/// Replaces a PD's profile; `edit` makes the input from the PD as it is (a page's form keeps
/// what it does not show).
pub async fn update_pd(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    edit: impl FnOnce(&Pd) -> PdInput,
) -> Result<Pd, AppError> {
    let existing = app.store.get_pd(id).await?;
    authorize(actor, Action::Update, &Resource::pd(PdId(id)))?;
    Ok(app.store.update_pd(ctx, id, &edit(&existing)).await?)
}

/// Dissolves a PD that nothing refers to any more (the store names what still does).
pub async fn delete_pd(app: &App, actor: &Actor, ctx: &AuditCtx, id: i64) -> Result<(), AppError> {
    app.store.get_pd(id).await?;
    authorize(actor, Action::Delete, &Resource::pd(PdId(id)))?;
    Ok(app.store.delete_pd(ctx, id).await?)
}

pub async fn unit_kerja(app: &App, actor: &Actor, pd: i64) -> Result<Vec<UnitKerja>, AppError> {
    authorize(actor, Action::Read, &Resource::pd(PdId(pd)))?;
    app.store.get_pd(pd).await?;
    Ok(app.store.list_unit_kerja(pd).await?)
}

/// A unit of work of a PD is one of its records, kept by its operators and the Dinas.
pub async fn create_unit_kerja(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    pd: i64,
    name: &str,
    kind: &str,
) -> Result<UnitKerja, AppError> {
    app.store.get_pd(pd).await?;
    let resource = Resource::record(Some(PdId(pd)), Classification::Biasa);
    authorize(actor, Action::Create, &resource)?;
    Ok(app.store.create_unit_kerja(ctx, pd, name, kind).await?)
}

/// A page of PDs, of one kind if given: anyone reads the organisation.
pub async fn list_pds(
    app: &App,
    q: &padu_store::ListQuery,
    kind: Option<&str>,
) -> Result<padu_store::Page<Pd>, AppError> {
    Ok(app.store.list_pds(q, kind).await?)
}

/// Every PD, in the order lists show them: for the pickers of a form (the organisation is
/// public).
pub async fn all_pds(app: &App) -> Result<Vec<Pd>, AppError> {
    Ok(app.store.all_pds().await?)
}

/// A page of the network sites `actor` may read (by classification and PD).
pub async fn list_sites(
    app: &App,
    actor: &Actor,
    filters: &padu_store::registers::Filters,
    q: &padu_store::ListQuery,
) -> Result<padu_store::Page<padu_store::sites::Site>, AppError> {
    crate::app::registers::list::<padu_store::sites::SiteInput>(app, actor, filters, q).await
}

/// The network sites `actor` may read, of one PD if given, for a map: at most `limit`, the
/// widest links first.
pub async fn site_points(
    app: &App,
    actor: &Actor,
    pd_id: Option<i64>,
    limit: i64,
) -> Result<Vec<padu_store::sites::Site>, AppError> {
    let scope = padu_domain::ReadScope::of(actor);
    Ok(app.store.site_points(&scope, pd_id, limit).await?)
}
