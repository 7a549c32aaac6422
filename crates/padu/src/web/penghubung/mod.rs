//! Sistem Penghubung Layanan: the service bus's registry (members, subsystems, services, access
//! rights, tokens), its trust (CA, certificates, federation) and monitoring, as API and pages.
//! The gateway, message log and CA themselves are transport and live in `crate::gsb`.

mod api;
mod pages;
mod trust;

use crate::web::kit::Routes;

pub fn routes() -> Routes {
    api::routes().merge(trust::routes()).merge(pages::routes())
}
