//! The architecture the caller may read as an ArchiMate 3.1 Model Exchange File.

use crate::app::registers::signed_in;
use crate::app::{App, AppError};
use crate::interchange::archimate;
use padu_domain::{Actor, ReadScope};

/// PDs, processes, services, applications, data sets, network sites, infrastructure and their
/// relations, as XML.
pub async fn archimate(app: &App, actor: &Actor) -> Result<String, AppError> {
    signed_in(actor)?;
    let scope = ReadScope::of(actor);
    let store = &app.store;
    let applications = store.all_records(&scope, &Vec::new()).await?;
    let datasets = store.all_records(&scope, &Vec::new()).await?;
    let sites = store.all_records(&scope, &Vec::new()).await?;
    let services = store.all_records(&scope, &Vec::new()).await?;
    let processes = store.all_records(&scope, &Vec::new()).await?;
    let infrastructure = store.all_records(&scope, &Vec::new()).await?;
    let pds = store.all_pds().await?;
    let name = format!("Arsitektur SPBE {}", app.profile().pemda);
    Ok(archimate::write(&archimate::Model {
        name: &name,
        pds: &pds,
        processes: &processes,
        services: &services,
        applications: &applications,
        datasets: &datasets,
        sites: &sites,
        infrastructure: &infrastructure,
    }))
}
