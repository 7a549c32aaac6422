//! Audit TIK and the SPBE evaluation (PRODUCT.md module 6): the audits, their schedule and
//! objects (`audit_pages`), one audit with its steps, work papers, findings and report
//! (`audit_page`), the same over the API (`audit_api`); the years' evaluations with their
//! index (`pages`), an indicator's claim and review (`indicator`), the instruments
//! (`instruments`) and the same over the API (`api`). The operations are `app::evaluasi`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod api;
mod audit_api;
mod audit_page;
mod audit_pages;
mod indicator;
mod instruments;
mod pages;
mod report;

use crate::web::kit::Routes;
use axum::handler::Handler;
use padu_domain::evaluasi::audit::{REQUESTS_AUDITS, RUNS_AUDITS};
use padu_domain::evaluasi::{CLAIMS_LEVELS, REVIEWS_CLAIMS};
use padu_domain::Gate;

pub fn routes() -> Routes {
    Routes::new()
        .merge(api::routes())
        .merge(audit_api::routes())
        .merge(report::routes())
        .get("/audit-tik", Gate::SignedIn, audit_pages::audits_page)
        .post("/audit-tik", REQUESTS_AUDITS, audit_pages::request_submit)
        .get(
            "/audit-tik/jadwal",
            Gate::SignedIn,
            audit_pages::schedule_page,
        )
        .get(
            "/audit-tik/objek",
            Gate::SignedIn,
            audit_pages::objects_page,
        )
        .get("/audit-tik/{id}", Gate::SignedIn, audit_page::audit_page)
        .get(
            "/audit-tik/{id}/laporan",
            Gate::SignedIn,
            audit_page::report_page,
        )
        .post(
            "/audit-tik/{id}/langkah",
            RUNS_AUDITS,
            audit_page::step_submit,
        )
        .post(
            "/audit-tik/{id}/kertas-kerja",
            RUNS_AUDITS,
            audit_page::work_paper_submit,
        )
        .post(
            "/audit-tik/{id}/kertas-kerja/{paper}/berkas",
            RUNS_AUDITS,
            audit_page::work_paper_file_submit.layer(crate::web::kit::upload::body_limit()),
        )
        .post(
            "/audit-tik/{id}/temuan",
            RUNS_AUDITS,
            audit_page::finding_submit,
        )
        .post(
            "/audit-tik/{id}/penilaian",
            RUNS_AUDITS,
            audit_page::rating_submit,
        )
        .post(
            "/audit-tik/temuan/{finding}",
            Gate::SignedIn,
            audit_page::follow_up_submit,
        )
        .get("/evaluasi", Gate::SignedIn, pages::overview_page)
        .post("/evaluasi", CLAIMS_LEVELS, pages::start_submit)
        .get(
            "/evaluasi/instrumen",
            Gate::SignedIn,
            instruments::list_page,
        )
        .post(
            "/evaluasi/instrumen",
            CLAIMS_LEVELS,
            instruments::load_submit.layer(crate::web::kit::upload::body_limit()),
        )
        .get(
            "/evaluasi/instrumen/{code}",
            Gate::SignedIn,
            instruments::instrument_page,
        )
        .get("/evaluasi/{year}", Gate::SignedIn, pages::year_page)
        .get(
            "/evaluasi/{year}/indikator/{number}",
            Gate::SignedIn,
            indicator::indicator_page,
        )
        .post(
            "/evaluasi/{year}/indikator/{number}",
            CLAIMS_LEVELS,
            indicator::claim_submit,
        )
        .post(
            "/evaluasi/{year}/indikator/{number}/berkas",
            CLAIMS_LEVELS,
            indicator::file_submit.layer(crate::web::kit::upload::body_limit()),
        )
        .post(
            "/evaluasi/{year}/indikator/{number}/reviu",
            REVIEWS_CLAIMS,
            indicator::review_submit,
        )
}
