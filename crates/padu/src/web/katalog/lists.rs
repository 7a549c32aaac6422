//! The list page of every register whose page is under `/katalog/` (its definition's `page`),
//! the kit's `register_list` under the catalogue's tabs.

use crate::web::kit::i18n::Lang;
use crate::web::kit::layout::{PageParams, UiResult};
use crate::web::kit::{register_list, Caller, Routes, SharedState};
use axum::extract::{Query, State};
use maud::Markup;
use padu_domain::Gate;
use padu_store::registers::Register;
use padu_store::with_register;

/// The generic list page of each register under `/katalog/`.
pub fn routes() -> Routes {
    with_register!(@each R => {
        let page = R::DEF.page;
        page.starts_with("/katalog/")
            .then(|| Routes::new().get(page, Gate::SignedIn, list_page::<R>))
    })
    .into_iter()
    .flatten()
    .fold(Routes::new(), Routes::merge)
}

/// The catalogue's tabs: the applications, each register listed under `/katalog/`, the LAN
/// diagrams and the import.
pub fn tabs(lang: Lang, here: &str) -> Markup {
    let mut tabs = vec![("/katalog", "catalog.applications".to_string())];
    let registers = with_register!(@each R => (R::DEF.page, R::DEF.name));
    for (page, name) in registers
        .into_iter()
        .filter(|r| r.0.starts_with("/katalog/"))
    {
        tabs.push((page, format!("catalog.{name}")));
    }
    tabs.push(("/katalog/lan", "catalog.lan".into()));
    tabs.push(("/katalog/impor", "catalog.interchange".into()));
    let tabs: Vec<(&str, &str)> = tabs.iter().map(|(h, k)| (*h, k.as_str())).collect();
    crate::web::kit::layout::tabs(lang, here, &tabs)
}

async fn list_page<R: Register>(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let tabs = tabs(caller.lang, R::DEF.page);
    register_list::page::<R>(&state, &caller, &p, tabs, None).await
}
