//! Data terbuka's operations (PRODUCT.md module 5): a PD publishes a data set of its
//! inventory with its resources and the walidata checks it (`publishing`); everyone, without
//! an account, finds and reads what is published, in the portal and through CKAN's Action API
//! (`portal`); a tabular resource's rows loaded and queried (`datastore`).

pub mod datastore;
mod portal;
mod publishing;

pub use portal::{
    organization_name, overdue_updates, published, published_file, published_named, search,
    Organization, Published, SearchRequest, SearchResult, Snapshot, SnapshotCache,
};
pub use publishing::{
    add_resource, add_version, dataset, datasets, draft, edit, publishable, step, DatasetView,
    NewResource,
};
