//! Data terbuka (PRODUCT.md module 5; Pessel Pasal 12–13, Kalbar Pasal 11; Satu Data
//! Indonesia, Perpres 39/2019): a PD (the produsen data) publishes a data set of its inventory
//! with its metadata and resources; the Dinas (the walidata) checks it before it goes public.
//! `publication`: who does what and in which order; `vocabulary`: the themes, licences,
//! formats and names the portal and its CKAN and DCAT faces share; `datastore`: a tabular
//! resource's columns, their guessed types and CKAN's `datastore_search` request.

pub mod datastore;
pub mod dcat;
pub mod publication;
pub mod rdf;
pub mod search;
pub mod vocabulary;

#[cfg(test)]
mod tests;
