//! Padu — Platform SPBE Terpadu: the server, the web UI, the JSON API and the operator CLI.
//!
//! Code map: `config` (CLI and settings), `bootstrap` (first start, demo region), `keys`
//! (the instance's Ed25519 key), `audit_ops` (verification and signed checkpoints), `ops`
//! (backup and restore), `interchange` (CSV/XLSX import and export of the registers), `web` (HTTP: API, UI, metrics). Only `web` knows HTTP.
#![forbid(unsafe_code)]

pub mod app;
pub mod approvals;
pub mod audit_ops;
pub mod bootstrap;
pub mod config;
pub mod gsb;
pub mod interchange;
pub mod jobs;
pub mod keys;
pub mod ops;
pub mod server;
pub mod web;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
