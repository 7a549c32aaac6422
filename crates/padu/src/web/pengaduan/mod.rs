//! Pengaduan Publik: the SP4N-LAPOR! flow for citizens (/lapor, /lacak) and staff, public
//! statistics, and the same complaints through Open311 GeoReport v2.

mod api;
mod files;
mod open311;
mod pages;

use crate::web::kit::Routes;

pub fn routes() -> Routes {
    api::routes()
        .merge(files::routes().body_limit(crate::web::kit::upload::BODY_LIMIT))
        .merge(open311::routes())
        .merge(pages::routes())
}
