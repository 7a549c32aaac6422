//! The registers' lists as the caller may read them (`ReadScope`), their filters checked
//! against the vocabularies, and the compliance findings over what the caller may read.

use crate::app::{App, AppError};
use chrono::NaiveDate;
use padu_domain::catalog::{
    evaluate, Facts, Finding, Severity, AGENDA_BODIES, APPLICATION_STATUSES, DATA_DISTRIBUTIONS,
};
use padu_domain::{Actor, ReadScope};
use padu_store::agendas::{Agenda, AgendaFilter};
use padu_store::architecture::{ArchitectureFilter, Process, Service};
use padu_store::catalog::{Application, ApplicationFilter};
use padu_store::datasets::{Dataset, DatasetFilter};
use padu_store::infrastructure::{Infrastructure, InfrastructureFilter};
use padu_store::policies::{Policy, PolicyFilter};
use padu_store::websites::{Website, WebsiteFilter};
use padu_store::{ListQuery, Page};

/// The filter `field`, if given, is one of `known`; else the error names it and the choices.
fn one_of(field: &str, value: Option<&str>, known: &[&str]) -> Result<(), AppError> {
    match value.filter(|v| !known.contains(v)) {
        Some(v) => Err(AppError::invalid(
            field,
            format!("unknown {field} {v}; one of {}", known.join(", ")),
        )),
        None => Ok(()),
    }
}

pub async fn applications(
    app: &App,
    actor: &Actor,
    filter: &ApplicationFilter,
    q: &ListQuery,
) -> Result<Page<Application>, AppError> {
    one_of("status", filter.status.as_deref(), &APPLICATION_STATUSES)?;
    Ok(app
        .store
        .list_applications(&ReadScope::of(actor), filter, q)
        .await?)
}

/// The data and information inventory (Kalbar Pasal 11(7)).
pub async fn datasets(
    app: &App,
    actor: &Actor,
    filter: &DatasetFilter,
    q: &ListQuery,
) -> Result<Page<Dataset>, AppError> {
    one_of(
        "distribution",
        filter.distribution.as_deref(),
        &DATA_DISTRIBUTIONS,
    )?;
    Ok(app
        .store
        .list_datasets(&ReadScope::of(actor), filter, q)
        .await?)
}

/// The Layanan SPBE catalogue.
pub async fn services(
    app: &App,
    actor: &Actor,
    filter: &ArchitectureFilter,
    q: &ListQuery,
) -> Result<Page<Service>, AppError> {
    Ok(app
        .store
        .list_spbe_services(&ReadScope::of(actor), filter, q)
        .await?)
}

/// Business processes, in code order.
pub async fn processes(
    app: &App,
    actor: &Actor,
    filter: &ArchitectureFilter,
    q: &ListQuery,
) -> Result<Page<Process>, AppError> {
    Ok(app
        .store
        .list_processes(&ReadScope::of(actor), filter, q)
        .await?)
}

pub async fn infrastructure(
    app: &App,
    actor: &Actor,
    filter: &InfrastructureFilter,
    q: &ListQuery,
) -> Result<Page<Infrastructure>, AppError> {
    Ok(app
        .store
        .list_infrastructure(&ReadScope::of(actor), filter, q)
        .await?)
}

pub async fn websites(
    app: &App,
    actor: &Actor,
    filter: &WebsiteFilter,
    q: &ListQuery,
) -> Result<Page<Website>, AppError> {
    Ok(app
        .store
        .list_websites(&ReadScope::of(actor), filter, q)
        .await?)
}

/// Agendas of the Tim Koordinasi SPBE and the Komite TI, newest first.
pub async fn agendas(
    app: &App,
    actor: &Actor,
    filter: &AgendaFilter,
    q: &ListQuery,
) -> Result<Page<Agenda>, AppError> {
    one_of("body", filter.body.as_deref(), &AGENDA_BODIES)?;
    Ok(app
        .store
        .list_agendas(&ReadScope::of(actor), filter, q)
        .await?)
}

/// SPBE policies and the PDs' SOPs.
pub async fn policies(
    app: &App,
    actor: &Actor,
    filter: &PolicyFilter,
    q: &ListQuery,
) -> Result<Page<Policy>, AppError> {
    Ok(app
        .store
        .list_policies(&ReadScope::of(actor), filter, q)
        .await?)
}

/// The compliance findings over the records `actor` may read, as of `today` in the region,
/// of one PD and one severity when given.
pub async fn findings(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
    pd_id: Option<i64>,
    severity: Option<Severity>,
) -> Result<Vec<Finding>, AppError> {
    let scope = ReadScope::of(actor);
    let store = &app.store;
    let facts = Facts {
        applications: store.application_facts(&scope).await?,
        datasets: store.dataset_facts(&scope).await?,
        websites: store.website_facts(&scope).await?,
        plans: store.plan_facts(&scope).await?,
        pds: store
            .all_pds()
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect(),
        pds_with_lan_diagram: store.pds_with_lan_diagram().await?,
        servers: store.server_facts(&scope).await?,
        mandiri_tik_pds: store.mandiri_tik_pds().await?,
        periodic_meetings: store.periodic_meetings_held().await?,
        policies_in_force: store.policy_subjects_in_force().await?,
        pds_with_sop: store.pds_with_sop().await?,
    };
    Ok(evaluate(app.profile(), &facts, today)
        .into_iter()
        .filter(|f| pd_id.is_none() || f.pd_id == pd_id)
        .filter(|f| severity.is_none_or(|s| f.severity == s))
        .collect())
}
