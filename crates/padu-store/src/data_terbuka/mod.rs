//! Data terbuka's records (PRODUCT.md module 5): the data sets published from the PDs'
//! inventory with their metadata and the walidata's check (`datasets`), and their resources,
//! files kept in every version or links (`resources`), and the
//! queryable store of a tabular resource's newest version (`datastore`).

pub mod datasets;
pub mod datastore;
pub mod resources;
