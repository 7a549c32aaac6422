//! Manajemen SPBE (PRODUCT.md module 4): the risk register with its heat map (`risks`). A
//! risk's form, import and export are the register kit's (`/katalog/formulir/risks`,
//! `web::kit::records`); the operations are `app::manajemen` and `app::registers`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod risk_page;
mod risks;

use crate::web::kit::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .merge(risks::routes())
        .merge(risk_page::routes())
}
