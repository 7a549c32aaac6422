//! Layanan: the tiered Service Desk (tickets, SLA, queues, supervision, saved views), its
//! files, the region's holidays and the in-app notifications.

mod api;
mod files;
mod pages;

use crate::web::kit::Routes;

pub fn routes() -> Routes {
    api::routes()
        .merge(files::routes().body_limit(crate::web::kit::upload::BODY_LIMIT))
        .merge(pages::routes())
}
