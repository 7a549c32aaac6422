//! Pengaduan Publik: the SP4N-LAPOR! flow for citizens (/lapor, /lacak) and staff, public
//! statistics, and the same complaints through Open311 GeoReport v2. Pages by screen:
//! `report` (the public form), `track` (the tracking page, its files and the complainant's
//! answer), `staff` (the list, one complaint and its steps), `statistics`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod api;
mod files;
mod georeport;
mod open311;
mod report;
mod staff;
mod statistics;
mod track;

use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::when_text;
use crate::web::kit::upload::{body_limit, BODY_LIMIT};
use crate::web::kit::Routes;
use axum::handler::Handler;
use maud::{html, Markup};
use padu_domain::complaint::{Category, Party, Status};
use padu_domain::Gate;
use padu_store::complaints::ComplaintUpdate;

pub fn routes() -> Routes {
    // The complainant's pages need no account: the tracking code is the secret.
    let anyone = Gate::Anyone;
    api::routes()
        .merge(files::routes().body_limit(BODY_LIMIT))
        .merge(open311::routes())
        .get("/lapor", anyone, report::form_page)
        .post("/lapor", anyone, report::form_submit)
        .get("/lacak", anyone, track::lookup)
        .get("/statistik", anyone, statistics::page)
        .get("/lacak/{code}", anyone, track::page)
        .post("/lacak/{code}/tanggapan", anyone, track::respond)
        .post(
            "/lacak/{code}/lampiran",
            anyone,
            track::upload.layer(body_limit()),
        )
        .get("/pengaduan", Gate::SignedIn, staff::list)
        .get("/pengaduan/{id}", Gate::SignedIn, staff::detail)
        .post("/pengaduan/{id}/langkah", Gate::SignedIn, staff::step)
        .post("/pengaduan/{id}/catatan", Gate::SignedIn, staff::note)
        .post(
            "/pengaduan/{id}/lampiran",
            Gate::SignedIn,
            staff::upload.layer(body_limit()),
        )
}

pub fn status_label(lang: Lang, s: Status) -> &'static str {
    t(lang, &format!("complaint.status.{}", s.as_str()))
}

pub fn category_label(lang: Lang, c: Category) -> &'static str {
    t(lang, &format!("complaint.category.{}", c.as_str()))
}

/// A complaint's timeline, oldest first, internal notes marked.
/// The timeline; `by_role` names each step's party (for the complainant and the public)
/// instead of the officer.
fn timeline(lang: Lang, updates: &[ComplaintUpdate], by_role: bool) -> Markup {
    html! {
        h2 { (t(lang, "complaint.timeline")) }
        ol.timeline {
            @for u in updates {
                li {
                    @let who = if by_role {
                        t(lang, &format!("complaint.party.{}", Party::of_update(&u.kind).as_str())).to_string()
                    } else {
                        u.actor_label.clone()
                    };
                    span.muted { (when_text(&u.at)) " · " (who) " · " (t(lang, &format!("complaint.update.{}", u.kind))) }
                    @if !u.public { " " span.badge { (t(lang, "complaint.internal")) } }
                    @if let Some(to) = u.to_status.as_deref().and_then(Status::parse) { " → " (status_label(lang, to)) }
                    @if !u.body.is_empty() { p { (u.body) } }
                }
            }
        }
    }
}
