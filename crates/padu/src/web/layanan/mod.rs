//! Layanan: the tiered Service Desk (tickets, SLA, queues, supervision, saved views), its
//! files, the region's holidays and the in-app notifications. Pages by screen: `queue` (the
//! queue, saved views, supervision), `ticket` (a new ticket, one ticket and its actions),
//! `holidays`, `notifications`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod api;
mod files;
mod holidays;
mod notifications;
mod queue;
mod ticket;

use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::upload::{body_limit, BODY_LIMIT};
use crate::web::kit::Routes;
use axum::handler::Handler;
use maud::{html, Markup};
use padu_domain::sla::calendar::KEEPS_HOLIDAYS;
use padu_domain::ticket::READS_EVERY_DESK;
use padu_domain::Gate;

pub fn routes() -> Routes {
    let signed_in = Gate::SignedIn;
    api::routes()
        .merge(files::routes().body_limit(BODY_LIMIT))
        .get("/layanan", signed_in, queue::queue)
        .get("/layanan/baru", signed_in, ticket::new_page)
        .post("/layanan/baru", signed_in, ticket::new_submit)
        .get("/layanan/supervisi", READS_EVERY_DESK, queue::supervision)
        .post("/layanan/tampilan", signed_in, queue::save_view)
        .post(
            "/layanan/tampilan/{id}/hapus",
            signed_in,
            queue::delete_view,
        )
        .get("/layanan/{id}", signed_in, ticket::detail)
        .post("/layanan/{id}/aksi", signed_in, ticket::action)
        .post(
            "/layanan/{id}/lampiran",
            signed_in,
            ticket::upload.layer(body_limit()),
        )
        .get("/libur", signed_in, holidays::page)
        .post("/libur", KEEPS_HOLIDAYS, holidays::import)
        .get("/notifikasi", signed_in, notifications::page)
        .post("/notifikasi/baca", signed_in, notifications::mark_read)
        .get("/notifikasi/{id}", signed_in, notifications::open)
}

/// A value's label in the catalogue (`desk.kind.gangguan`, `sla.state.warning`, ...).
fn label(lang: Lang, prefix: &str, v: &str) -> &'static str {
    t(lang, &format!("{prefix}.{v}"))
}

/// A timer's state as a badge: breached or missed in red, warning in amber.
fn state_badge(lang: Lang, s: &str) -> Markup {
    let class = match s {
        "breached" | "missed" => "bad",
        "warning" => "warn",
        _ => "badge",
    };
    html! { span class=(class) { (label(lang, "sla.state", s)) } }
}
