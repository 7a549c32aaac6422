//! Public statistics: counts only, no personal data (confidential and unverified complaints are
//! counted in the status totals but never described).

use super::{category_label, status_label};
use crate::app::pengaduan as complaints;
use crate::web::kit::chart::bar_chart;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{layout, OrPage, UiResult};
use crate::web::kit::{Caller, SharedState};
use axum::extract::State;
use maud::html;
use padu_domain::complaint::Status;

pub(super) async fn page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let stats = complaints::statistics(&state)
        .await
        .or_page(&state, &caller)?;
    let (by_category, by_pd) = complaints::breakdown(&state)
        .await
        .or_page(&state, &caller)?;
    let by_status: Vec<(String, i64)> = Status::ALL
        .iter()
        .map(|s| (status_label(lang, *s).to_string(), stats.count(*s)))
        .collect();
    let by_category: Vec<(String, i64)> = by_category
        .into_iter()
        .map(|(c, n)| (category_label(lang, c).to_string(), n))
        .collect();
    let body = html! {
        p { (t(lang, "stats.intro")) }
        p #stats-total { strong { (stats.total) } " " (t(lang, "stats.total")) " · " strong { (stats.count(Status::Selesai)) } " " (t(lang, "stats.done")) }
        (bar_chart(t(lang, "stats.by_status"), &by_status))
        (bar_chart(t(lang, "stats.by_category"), &by_category))
        @if !by_pd.is_empty() { (bar_chart(t(lang, "stats.by_pd"), &by_pd)) }
        p { a href="/lapor" { (t(lang, "nav.lapor")) } " · " a href="/lacak" { (t(lang, "complaint.track_link")) } }
    };
    Ok(layout(&state, &caller, t(lang, "stats.title"), body))
}
