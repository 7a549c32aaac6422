//! Padu — Platform SPBE Terpadu: the server, the web UI, the JSON API and the operator CLI.
//!
//! Code map (ARCHITECTURE.md has it in full): `app` (every operation, no HTTP; the one clock),
//! `web` (HTTP: the kit and one folder per module), `jobs` (background runs over `app`), `gsb`
//! (the service bus's gateway, message log and CA), `interchange` (CSV/XLSX/ArchiMate),
//! `config` + `ops` (the CLI), `bootstrap` (first start, the demo region), `keys`, `audit_ops`.
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
