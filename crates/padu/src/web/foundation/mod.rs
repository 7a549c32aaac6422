//! Foundation: the Pemda's PDs and network sites, people and their roles, sign-in and tokens,
//! the audit log, attached files, health and metrics.

mod api;
mod files;
mod pages;

use crate::web::kit::{metrics, Routes};
use padu_domain::Gate;

pub fn routes() -> Routes {
    api::routes()
        .merge(files::routes())
        .merge(pages::routes())
        .get("/healthz", Gate::Anyone, api::healthz)
        .get("/metrics", Gate::Anyone, metrics::render)
}
