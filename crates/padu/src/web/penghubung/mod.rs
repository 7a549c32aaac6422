//! Sistem Penghubung Layanan: the service bus's registry (members, subsystems, services, access
//! rights, tokens), its trust (CA, certificates, federation) and monitoring, as API (`api`,
//! `trust`) and pages by screen (`registry`, `credentials`, `monitor`). The operations are
//! `app::penghubung`'s, the rules `padu_domain::gsb`'s. The gateway, message log and CA
//! themselves are transport and live in `crate::gsb`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod api;
mod credentials;
mod monitor;
mod registry;
mod trust;

use crate::web::kit::{Caller, Routes};
use maud::{html, Markup};
use padu_domain::gsb::{KEEPS_THE_BUS, MANAGES_MEMBERS};
use padu_domain::Gate;

pub fn routes() -> Routes {
    let manages = MANAGES_MEMBERS;
    api::routes()
        .merge(trust::routes())
        .get("/penghubung", Gate::SignedIn, registry::registry)
        .post("/penghubung/anggota", KEEPS_THE_BUS, registry::new_member)
        .post("/penghubung/subsistem", manages, registry::new_subsystem)
        .post("/penghubung/layanan", manages, registry::new_service)
        .post(
            "/penghubung/layanan/{id}/pertimbangan",
            KEEPS_THE_BUS,
            registry::clear,
        )
        .post("/penghubung/akses", manages, registry::grant)
        .post("/penghubung/akses/{id}/cabut", manages, registry::revoke)
        .get(
            "/penghubung/subsistem/{id}",
            manages,
            credentials::subsystem,
        )
        .post(
            "/penghubung/subsistem/{id}/sertifikat",
            manages,
            credentials::issue,
        )
        .post(
            "/penghubung/sertifikat/{id}/cabut",
            manages,
            credentials::revoke_cert,
        )
        .get("/penghubung/monitor", Gate::SignedIn, monitor::monitor)
}

fn csrf_field(caller: &Caller) -> Markup {
    html! { input type="hidden" name="csrf" value=(caller.csrf()); }
}
