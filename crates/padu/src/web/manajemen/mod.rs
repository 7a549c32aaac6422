//! Manajemen SPBE (PRODUCT.md module 4): the risk register with its heat map (`risks`). A
//! risk's form, import and export are the register kit's (`/katalog/formulir/risks`,
//! `web::kit::records`); the operations are `app::manajemen` and `app::registers`.

// Page handlers return a rendered error page as their Err: it goes straight back to axum.
#![allow(clippy::result_large_err)]

mod contexts;
mod controls;
mod forms;
mod isms;
mod risk_page;
mod risks;
mod security;

use crate::web::kit::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .merge(risks::routes())
        .merge(risk_page::routes())
        .merge(contexts::routes())
        .merge(forms::routes())
        .merge(security::routes())
        .merge(isms::routes())
        .merge(controls::routes())
}

/// A free-text field as a page shows it: its text, or a dash when empty.
fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_string()
    } else {
        text.to_string()
    }
}
