//! Operational monitoring of the bus, drawn on the server as SVG (no scripts): requests per
//! minute per service, p95 latency per service and client, and the table behind them.

use crate::gsb::monitor::Row;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{layout, UiResult};
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Query, State};
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct WindowQuery {
    minutes: Option<u64>,
}

/// Requests per minute as columns, oldest on the left (SVG, no scripts).
fn series_chart(lang: Lang, title: &str, per_minute: &[u64]) -> Markup {
    let max = per_minute.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, pad) = (600.0, 120.0, 30.0);
    let col = w / per_minute.len().max(1) as f64;
    html! {
        figure.chart {
            figcaption { (title) " — " (t(lang, "gsb.per_minute")) ", max " (max) }
            svg xmlns="http://www.w3.org/2000/svg" width=(w + pad) height=(h + 20.0) role="img" aria-label=(title) {
                line x1=(pad) y1=(h) x2=(w + pad) y2=(h) stroke="#999" {}
                @for (i, n) in per_minute.iter().enumerate() {
                    @let bar = (*n as f64 / max as f64) * (h - 10.0);
                    rect x=(pad + i as f64 * col + 1.0) y=(h - bar) width=((col - 2.0).max(1.0)) height=(bar) fill="#2b6cb0" {
                        title { (n) }
                    }
                }
                text x="0" y="12" font-size="11" { (max) }
                text x="0" y=(h) font-size="11" { "0" }
                text x=(pad) y=(h + 16.0) font-size="11" { "-" (per_minute.len()) " min" }
                text x=(w + pad - 30.0) y=(h + 16.0) font-size="11" { (t(lang, "gsb.now")) }
            }
        }
    }
}

pub(super) async fn monitor(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<WindowQuery>,
) -> UiResult {
    let lang = caller.lang;
    let minutes = q.minutes.unwrap_or(60).clamp(1, 60);
    let rows = state.gsb.monitor.window(minutes);
    // Per service: the sum over its clients.
    let mut services: Vec<(String, Vec<u64>)> = Vec::new();
    for r in &rows {
        match services.iter_mut().find(|s| s.0 == r.service) {
            Some(s) => s.1.iter_mut().zip(&r.per_minute).for_each(|(a, b)| *a += b),
            None => services.push((r.service.clone(), r.per_minute.clone())),
        }
    }
    let p95: Vec<(String, i64)> = rows
        .iter()
        .map(|r: &Row| {
            (
                format!("{} ← {}", r.service, r.client),
                r.p95_ms.round() as i64,
            )
        })
        .collect();
    let body = html! {
        p {
            (t(lang, "gsb.window")) ": "
            @for m in [5u64, 15, 60] {
                a href={ "/penghubung/monitor?minutes=" (m) } { (m) " min" } " "
            }
        }
        @if rows.is_empty() { p #gsb-quiet { (t(lang, "gsb.no_traffic")) } }
        @for (service, series) in &services { (series_chart(lang, service, series)) }
        @if !p95.is_empty() { (crate::web::kit::chart::bar_chart(t(lang, "gsb.p95_chart"), &p95)) }
        table #gsb-monitor {
            thead { tr {
                th { (t(lang, "gsb.service")) } th { (t(lang, "gsb.client_id")) } th { (t(lang, "gsb.requests")) }
                th { (t(lang, "gsb.errors")) } th { "p50 ms" } th { "p95 ms" } th { "p99 ms" }
            } }
            tbody {
                @for r in &rows {
                    tr {
                        td { code { (r.service) } } td { code { (r.client) } } td { (r.requests) } td { (r.errors) }
                        td { (format!("{:.1}", r.p50_ms)) } td { (format!("{:.1}", r.p95_ms)) } td { (format!("{:.1}", r.p99_ms)) }
                    }
                }
            }
        }
    };
    Ok(layout(&state, &caller, t(lang, "gsb.monitor"), body))
}
