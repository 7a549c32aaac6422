//! The public face (Pessel Pasal 13(3)–(5): open data reachable by anyone): what is
//! published, searched as CKAN's `package_search` searches, each data set with its producer
//! (a CKAN organization: the PD), its theme (a CKAN group) and its resources' current files.
//! Nothing here asks who the caller is: only published data sets are ever read.

use crate::app::{App, AppError};
use padu_domain::data_terbuka::search::{search as run, Listing, Query};
use padu_domain::data_terbuka::vocabulary::name_from_title;
use padu_store::attachments::Attachment;
use padu_store::data_terbuka::datasets::OpenDataset;
use padu_store::data_terbuka::resources::OpenResource;
use padu_store::org::Pd;
use padu_store::StoreError;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A published data set with what the portal shows of it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Published {
    pub dataset: OpenDataset,
    pub resources: Vec<OpenResource>,
    /// Its producer's organization name.
    pub organization: String,
}

/// A PD as a CKAN organization.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organization {
    pub pd: Pd,
    pub name: String,
    pub package_count: usize,
}

/// The organization name of `pd` in addresses (its code, as a CKAN name).
pub fn organization_name(pd: &Pd) -> String {
    name_from_title(&pd.code)
}

/// Which of `datasets` are past their declared update schedule on `today`, each with the day
/// it was due (the inventory's own rule, Pessel Pasal 12(4), Kalbar Pasal 11(5)).
pub async fn overdue_updates(
    app: &App,
    datasets: &[&OpenDataset],
    today: chrono::NaiveDate,
) -> Result<Vec<(i64, chrono::NaiveDate)>, AppError> {
    let mut inventory = Vec::with_capacity(datasets.len());
    for d in datasets {
        inventory.push(
            app.store
                .get_record::<padu_store::datasets::DatasetInput>(d.inventory_id)
                .await?,
        );
    }
    let profile = app.profile();
    Ok(datasets
        .iter()
        .filter_map(|d| {
            let entry = inventory.iter().find(|e| e.id == d.inventory_id)?;
            let every = u32::try_from(entry.fields.update_every_months).unwrap_or(12);
            let due =
                padu_domain::catalog::dataset_update_due(profile, entry.fields.last_updated, every);
            (due < today).then_some((d.id, due))
        })
        .collect())
}

pub struct SearchResult {
    pub count: usize,
    pub results: Vec<Published>,
    pub facets: BTreeMap<String, Vec<(String, usize)>>,
    /// Every PD as an organization (the facets' and the results' words).
    pub organizations: Vec<Organization>,
}

/// What is published, read once after each change: every portal page and CKAN answer reads
/// this copy (10,000 data sets take half a second to read and a few milliseconds to search;
/// bench/data_terbuka.sh).
pub struct Snapshot {
    /// Every published data set, most recently changed first.
    pub all: Vec<Published>,
    /// Every PD as an organization.
    pub organizations: Vec<Organization>,
    listings: Vec<Listing>,
    /// The store's mark of open data's state when this was read.
    mark: String,
}

/// The last [`Snapshot`], kept by the [`App`].
pub type SnapshotCache = std::sync::Mutex<Option<std::sync::Arc<Snapshot>>>;

/// What is published now: the kept snapshot while the store's mark of open data's state is
/// unchanged (one small query, so that other processes' changes are seen as well), else read
/// again.
pub async fn published(app: &App) -> Result<std::sync::Arc<Snapshot>, AppError> {
    let mark = app.store.open_data_mark().await?;
    let kept = app
        .open_data
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    if let Some(s) = kept.filter(|s| s.mark == mark) {
        return Ok(s);
    }
    let (all, organizations) = read_published(app).await?;
    let snapshot = std::sync::Arc::new(Snapshot {
        listings: all.iter().map(listing).collect(),
        all,
        organizations,
        mark,
    });
    *app.open_data.lock().unwrap_or_else(|e| e.into_inner()) = Some(snapshot.clone());
    Ok(snapshot)
}

/// Every published data set, most recently changed first, and the PDs as organizations.
async fn read_published(app: &App) -> Result<(Vec<Published>, Vec<Organization>), AppError> {
    let datasets = app.store.open_datasets(Some("terbit")).await?;
    let ids: Vec<i64> = datasets.iter().map(|d| d.id).collect();
    let mut resources = if ids.is_empty() {
        Vec::new()
    } else {
        app.store.open_resources(&ids).await?
    };
    let pds = app.store.all_pds().await?;
    let org_of = |pd_id: i64| {
        pds.iter()
            .find(|p| p.id == pd_id)
            .map(organization_name)
            .unwrap_or_default()
    };
    // Each data set's resources, found by its id rather than by scanning them all.
    let mut by_dataset: std::collections::HashMap<i64, Vec<OpenResource>> =
        std::collections::HashMap::new();
    for r in resources.drain(..) {
        by_dataset.entry(r.dataset_id).or_default().push(r);
    }
    let published: Vec<Published> = datasets
        .into_iter()
        .map(|dataset| Published {
            organization: org_of(dataset.pd_id),
            resources: by_dataset.remove(&dataset.id).unwrap_or_default(),
            dataset,
        })
        .collect();
    let organizations = pds
        .into_iter()
        .map(|pd| Organization {
            package_count: published
                .iter()
                .filter(|p| p.dataset.pd_id == pd.id)
                .count(),
            name: organization_name(&pd),
            pd,
        })
        .collect();
    Ok((published, organizations))
}

fn listing(p: &Published) -> Listing {
    let mut formats: Vec<String> = p.resources.iter().map(|r| r.format.clone()).collect();
    formats.dedup();
    Listing {
        name: p.dataset.name.clone(),
        title: p.dataset.title.clone(),
        description: p.dataset.description.clone(),
        tags: p.dataset.keywords.clone(),
        organization: p.organization.clone(),
        groups: vec![p.dataset.theme.to_lowercase()],
        license_id: p.dataset.licence.clone(),
        formats,
        metadata_modified: p.dataset.updated_at.clone(),
    }
}

/// A search as CKAN's `package_search` takes it.
pub struct SearchRequest<'a> {
    pub q: &'a str,
    pub fq: &'a str,
    pub sort: &'a str,
    pub start: usize,
    pub rows: usize,
    pub facet_fields: &'a [&'a str],
    /// At most this many values a facet.
    pub facet_limit: usize,
}

/// Searches the published data sets: `q`, `fq` and `sort` as CKAN reads them; a bad one is
/// refused naming its parameter.
pub async fn search(app: &App, r: &SearchRequest<'_>) -> Result<SearchResult, AppError> {
    let query =
        Query::parse(r.q, r.fq, r.sort).map_err(|(field, why)| AppError::invalid(field, why))?;
    let snapshot = published(app).await?;
    let found = run(
        &snapshot.listings,
        &query,
        r.start,
        r.rows,
        r.facet_fields,
        r.facet_limit,
    );
    Ok(SearchResult {
        count: found.count,
        results: found
            .page
            .iter()
            .map(|i| snapshot.all[*i].clone())
            .collect(),
        facets: found.facets,
        organizations: snapshot.organizations.clone(),
    })
}

/// The published data set named `name` (none while it is not published).
pub async fn published_named(app: &App, name: &str) -> Result<Published, AppError> {
    let dataset = app.store.open_dataset_named(name).await?;
    if dataset.status != "terbit" {
        return Err(StoreError::NotFound.into());
    }
    let resources = app.store.open_resources(&[dataset.id]).await?;
    let pd = app.store.get_pd(dataset.pd_id).await?;
    Ok(Published {
        organization: organization_name(&pd),
        resources,
        dataset,
    })
}

/// The current file of resource `resource_id` of published data set `name`, or its version
/// `version`.
pub async fn published_file(
    app: &App,
    name: &str,
    resource_id: i64,
    version: Option<i64>,
) -> Result<(Attachment, Vec<u8>), AppError> {
    let p = published_named(app, name).await?;
    let resource = p
        .resources
        .iter()
        .find(|r| r.id == resource_id && r.kind == "file")
        .ok_or(StoreError::NotFound)?;
    let attachment_id = match version {
        None => {
            resource
                .current
                .as_ref()
                .ok_or(StoreError::NotFound)?
                .attachment_id
        }
        Some(v) => {
            app.store
                .resource_versions(resource.id)
                .await?
                .into_iter()
                .find(|x| x.version == v)
                .ok_or(StoreError::NotFound)?
                .attachment_id
        }
    };
    let a = app.store.attachment(attachment_id).await?;
    let data = app.store.attachment_data(attachment_id).await?;
    Ok((a, data))
}
