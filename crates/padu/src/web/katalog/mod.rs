//! Katalog & Arsitektur SPBE: the registers (applications, data sets, services, processes,
//! infrastructure, websites, agendas, policies), their files and forms, import and export,
//! the planning documents and the catalogue's workflows (requests). The operations are
//! `app::katalog` and `app::registers`; each file here declares its routes with their gates.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod architecture;
mod files;
mod findings;
mod forms;
mod governance;
mod io;
mod lists;
mod pages;
mod plan_pages;
mod plans;
mod requests;
mod vocabulary;

use crate::web::kit::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .merge(architecture::routes())
        .merge(files::routes().body_limit(crate::web::kit::upload::BODY_LIMIT))
        .merge(files::pages())
        .merge(findings::routes())
        .merge(forms::pages())
        .merge(governance::routes())
        .merge(io::routes().body_limit(io::BODY_LIMIT))
        .merge(lists::routes())
        .merge(pages::routes())
        .merge(plans::routes())
        .merge(plan_pages::routes())
        .merge(requests::routes())
        .merge(vocabulary::routes())
}
