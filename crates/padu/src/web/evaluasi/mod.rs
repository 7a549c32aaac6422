//! Audit TIK and the SPBE evaluation (PRODUCT.md module 6): the years' evaluations with their
//! index (`pages`), an indicator's claim and review (`indicator`), the instruments
//! (`instruments`) and the same over the API (`api`). The operations are `app::evaluasi`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod api;
mod indicator;
mod instruments;
mod pages;

use crate::web::kit::Routes;
use axum::handler::Handler;
use padu_domain::evaluasi::{CLAIMS_LEVELS, REVIEWS_CLAIMS};
use padu_domain::Gate;

pub fn routes() -> Routes {
    Routes::new()
        .merge(api::routes())
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
