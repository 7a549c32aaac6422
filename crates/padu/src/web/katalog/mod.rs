//! Katalog & Arsitektur SPBE: the registers (applications, data sets, services, processes,
//! infrastructure, websites, agendas, policies), their files and forms, import and export,
//! the planning documents and the catalogue's workflows (requests).

mod applications;
mod architecture;
mod files;
mod forms;
mod governance;
mod io;
mod pages;
mod planning;
mod requests;

use crate::web::kit::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .merge(applications::routes())
        .merge(architecture::routes())
        .merge(architecture::pages())
        .merge(files::routes().body_limit(crate::web::kit::upload::BODY_LIMIT))
        .merge(files::pages())
        .merge(forms::pages())
        .merge(governance::routes())
        .merge(governance::pages())
        .merge(io::routes().body_limit(io::BODY_LIMIT))
        .merge(pages::routes())
        .merge(planning::routes())
        .merge(planning::pages())
        .merge(requests::routes())
        .merge(requests::pages())
}
