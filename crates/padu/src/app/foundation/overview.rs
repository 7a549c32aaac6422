//! What the health check reports and what the home page and the dashboard count.

use super::list_sites;
use crate::app::{App, AppError};
use padu_domain::access::{KEEPS_ACCOUNTS, READS_AUDIT_LOG};
use padu_domain::Actor;
use padu_store::ListQuery;

/// The schema version of a store that answers: an error when the database does not.
pub async fn schema_version(app: &App) -> Result<i64, AppError> {
    app.store.ping().await?;
    Ok(app.store.schema_version().await?)
}

/// Which engine holds the data (`sqlite`, `postgres`).
pub fn storage_engine(app: &App) -> &'static str {
    app.store.engine().as_str()
}

/// How many PDs the Pemda has: the organisation is public.
pub async fn count_pds(app: &App) -> Result<i64, AppError> {
    Ok(app.store.count_pds().await?)
}

/// The dashboard's counts as `actor` may see them.
#[derive(Debug, Clone, Copy)]
pub struct Dashboard {
    pub pds: i64,
    pub units: i64,
    /// The network sites `actor` may read.
    pub sites: i64,
    /// Total bandwidth of all sites, in Mbps.
    pub bandwidth: i64,
    /// Accounts, for those who keep them.
    pub users: Option<i64>,
    /// Audit entries, for those who read the log.
    pub audit: Option<i64>,
}

pub async fn dashboard(app: &App, actor: &Actor) -> Result<Dashboard, AppError> {
    let one = ListQuery {
        per_page: 1,
        ..Default::default()
    };
    let sites = list_sites(app, actor, &Vec::new(), &one).await?.total;
    let pds = count_pds(app).await?;
    let units = app.store.count_unit_kerja().await?;
    let bandwidth = app.store.total_bandwidth().await?;
    let users = if KEEPS_ACCOUNTS.admits(actor).is_ok() {
        Some(app.store.user_count().await?)
    } else {
        None
    };
    let audit = if READS_AUDIT_LOG.admits(actor).is_ok() {
        Some(app.store.audit_count().await?)
    } else {
        None
    };
    Ok(Dashboard {
        pds,
        units,
        sites,
        bandwidth,
        users,
        audit,
    })
}
