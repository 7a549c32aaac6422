//! The compliance findings over the records the caller may read (`padu_domain::catalog::
//! evaluate`). The registers' lists are `app::registers::list`.

use crate::app::{App, AppError};
use chrono::NaiveDate;
use padu_domain::catalog::{evaluate, Facts, Finding, Severity};
use padu_domain::{Actor, ReadScope};

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
