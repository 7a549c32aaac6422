//! Prometheus text-format metrics: request counts and latency per route, and record gauges.

use super::SharedState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct RouteStats {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    by_route: Mutex<BTreeMap<(String, String, u16), RouteStats>>,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, secs: f64) {
        let mut m = self.by_route.lock().unwrap_or_else(|p| p.into_inner());
        let s = m
            .entry((method.to_string(), route.to_string(), status))
            .or_default();
        s.count += 1;
        s.sum += secs;
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                s.buckets[i] += 1;
            }
        }
    }
}

/// Records every request and writes one structured log line for it (no headers, no query
/// strings: they may carry secrets).
pub async fn track(State(state): State<SharedState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let resp = next.run(req).await;
    let secs = start.elapsed().as_secs_f64();
    let status = resp.status().as_u16();
    state.metrics.observe(&method, &route, status, secs);
    tracing::info!(target: "padu::http", method, route, status, latency_ms = secs * 1000.0, "request");
    resp
}

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

pub async fn render(State(state): State<SharedState>) -> Response {
    let mut out = String::new();
    let _ = writeln!(out, "# HELP padu_http_requests_total HTTP requests by method, route and status.\n# TYPE padu_http_requests_total counter");
    {
        let m = state
            .metrics
            .by_route
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        for ((method, route, status), s) in m.iter() {
            let _ = writeln!(out, "padu_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}", s.count);
        }
        let _ = writeln!(out, "# HELP padu_http_request_duration_seconds Latency of HTTP requests.\n# TYPE padu_http_request_duration_seconds histogram");
        let mut per_route: BTreeMap<(&str, &str), RouteStats> = BTreeMap::new();
        for ((method, route, _), s) in m.iter() {
            let agg = per_route.entry((method, route)).or_default();
            agg.count += s.count;
            agg.sum += s.sum;
            for i in 0..BUCKETS.len() {
                agg.buckets[i] += s.buckets[i];
            }
        }
        for ((method, route), s) in &per_route {
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(out, "padu_http_request_duration_seconds_bucket{{method=\"{method}\",route=\"{route}\",le=\"{b}\"}} {}", s.buckets[i]);
            }
            let _ = writeln!(out, "padu_http_request_duration_seconds_bucket{{method=\"{method}\",route=\"{route}\",le=\"+Inf\"}} {}", s.count);
            let _ = writeln!(out, "padu_http_request_duration_seconds_sum{{method=\"{method}\",route=\"{route}\"}} {}", s.sum);
            let _ = writeln!(out, "padu_http_request_duration_seconds_count{{method=\"{method}\",route=\"{route}\"}} {}", s.count);
        }
    }
    let store = &state.store;
    let _ = writeln!(
        out,
        "# HELP padu_records Records by register.\n# TYPE padu_records gauge"
    );
    for (kind, n) in [
        ("perangkat_daerah", store.count_pds().await),
        ("unit_kerja", store.count_unit_kerja().await),
        ("network_sites", store.count_sites().await),
        ("users", store.user_count().await),
        ("audit_log", store.audit_count().await),
    ] {
        if let Ok(n) = n {
            let _ = writeln!(out, "padu_records{{register=\"{kind}\"}} {n}");
        }
    }
    out.push_str(&state.gsb.monitor.prometheus());
    out.push_str(&state.gsb.log.prometheus());
    if let Some(rss) = resident_bytes() {
        let _ = writeln!(out, "# HELP process_resident_memory_bytes Resident memory.\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {rss}");
    }
    let _ = writeln!(out, "# HELP padu_info Build and storage.\n# TYPE padu_info gauge\npadu_info{{version=\"{}\",storage=\"{}\"}} 1", crate::VERSION, store.engine().as_str());
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}
