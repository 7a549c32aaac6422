//! Operational monitoring: per service and per client, requests, errors and latency kept in
//! one-minute slots for the last hour, so any window up to an hour gives its percentiles.
//! Latency goes into logarithmic buckets (each 25% wider than the last), which bounds the
//! error of a percentile to that width whatever the load.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

const SLOTS: usize = 60;
/// The window of the Prometheus gauges: the default window of `/api/v1/gsb/monitoring`
/// (`api::monitoring`), so both give the same counts.
pub const WINDOW_MINUTES: u64 = 15;
const BUCKETS: usize = 64;
/// The lower bound of bucket 0, in microseconds; bucket i starts at BASE * 1.25^i.
const BASE_US: f64 = 50.0;

#[derive(Clone)]
struct Slot {
    minute: u64,
    requests: u64,
    errors: u64,
    buckets: [u32; BUCKETS],
}

impl Slot {
    fn empty(minute: u64) -> Slot {
        Slot {
            minute,
            requests: 0,
            errors: 0,
            buckets: [0; BUCKETS],
        }
    }
}

fn bucket_of(d: Duration) -> usize {
    let us = d.as_micros() as f64;
    if us <= BASE_US {
        return 0;
    }
    ((us / BASE_US).ln() / 1.25f64.ln())
        .floor()
        .min((BUCKETS - 1) as f64) as usize
}

fn bucket_upper_ms(i: usize) -> f64 {
    BASE_US * 1.25f64.powi(i as i32 + 1) / 1000.0
}

/// One service × client: its minutes, and its totals since the gateway started (what a
/// Prometheus histogram counts).
struct Series {
    slots: Vec<Slot>,
    buckets: [u64; BUCKETS],
    count: u64,
    sum_us: u64,
}

/// Service, then client, then its series. Nested rather than keyed by a (service, client)
/// pair so that counting an exchange, on the gateway's hot path, looks its series up by the
/// names it has and allocates only for a pair not seen before.
type ByService = BTreeMap<String, BTreeMap<String, Series>>;

#[derive(Default)]
pub struct Monitor {
    series: Mutex<ByService>,
}

/// One row of a monitoring window.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[schema(as = MonitorRow)]
pub struct Row {
    pub service: String,
    pub client: String,
    pub requests: u64,
    pub errors: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// Requests per minute, oldest first, over the window.
    pub per_minute: Vec<u64>,
}

fn now_minute() -> u64 {
    u64::try_from(crate::app::clock::system_now().timestamp() / 60).unwrap_or(0)
}

impl Monitor {
    pub fn observe(&self, service: &str, client: &str, status: u16, error: bool, took: Duration) {
        self.observe_at(now_minute(), service, client, status, error, took);
    }

    fn observe_at(
        &self,
        minute: u64,
        service: &str,
        client: &str,
        status: u16,
        error: bool,
        took: Duration,
    ) {
        let mut m = self.series.lock().unwrap_or_else(|p| p.into_inner());
        if !m.get(service).is_some_and(|c| c.contains_key(client)) {
            m.entry(service.to_string()).or_default().insert(
                client.to_string(),
                Series {
                    slots: vec![Slot::empty(0); SLOTS],
                    buckets: [0; BUCKETS],
                    count: 0,
                    sum_us: 0,
                },
            );
        }
        let Some(series) = m.get_mut(service).and_then(|c| c.get_mut(client)) else {
            return;
        };
        let bucket = bucket_of(took);
        series.buckets[bucket] += 1;
        series.count += 1;
        series.sum_us += took.as_micros() as u64;
        let slot = &mut series.slots[(minute % SLOTS as u64) as usize];
        if slot.minute != minute {
            *slot = Slot::empty(minute);
        }
        slot.requests += 1;
        if error || status >= 500 {
            slot.errors += 1;
        }
        slot.buckets[bucket] += 1;
    }

    /// Each service × client over the last `minutes` (1–60), busiest first.
    pub fn window(&self, minutes: u64) -> Vec<Row> {
        self.window_at(now_minute(), minutes)
    }

    fn window_at(&self, now: u64, minutes: u64) -> Vec<Row> {
        let minutes = minutes.clamp(1, SLOTS as u64);
        let m = self.series.lock().unwrap_or_else(|p| p.into_inner());
        let mut rows: Vec<Row> = each_series(&m)
            .filter_map(|(service, client, series)| {
                let slots = &series.slots;
                let mut buckets = [0u64; BUCKETS];
                let (mut requests, mut errors) = (0, 0);
                let mut per_minute = Vec::with_capacity(minutes as usize);
                for minute in (now + 1 - minutes)..=now {
                    let s = &slots[(minute % SLOTS as u64) as usize];
                    if s.minute == minute {
                        requests += s.requests;
                        errors += s.errors;
                        for (b, n) in buckets.iter_mut().zip(s.buckets.iter()) {
                            *b += u64::from(*n);
                        }
                        per_minute.push(s.requests);
                    } else {
                        per_minute.push(0);
                    }
                }
                (requests > 0).then(|| Row {
                    service: service.clone(),
                    client: client.clone(),
                    requests,
                    errors,
                    p50_ms: percentile(&buckets, requests, 0.50),
                    p95_ms: percentile(&buckets, requests, 0.95),
                    p99_ms: percentile(&buckets, requests, 0.99),
                    per_minute,
                })
            })
            .collect();
        rows.sort_by(|a, b| b.requests.cmp(&a.requests).then(a.service.cmp(&b.service)));
        rows
    }

    /// Prometheus text exposition: requests and errors of the last [`WINDOW_MINUTES`] as
    /// gauges, and the request duration as a histogram in seconds (Prometheus's base unit)
    /// over the monitor's own buckets. A histogram's buckets are counters, so they count
    /// since the gateway started; `rate(…[15m])` of them gives the monitoring API's window.
    pub fn prometheus(&self) -> String {
        use std::fmt::Write as _;
        let label = |service: &str, client: &str| {
            format!(
                "service=\"{}\",client=\"{}\"",
                service.replace(['"', '\\', '\n'], "_"),
                client.replace(['"', '\\', '\n'], "_")
            )
        };
        let rows = self.window(WINDOW_MINUTES);
        let mut out = String::new();
        for (name, what, value) in [
            (
                "padu_gsb_requests",
                "requests",
                (|r: &Row| r.requests) as fn(&Row) -> u64,
            ),
            ("padu_gsb_errors", "errors", |r: &Row| r.errors),
        ] {
            let _ = writeln!(
                out,
                "# HELP {name} Gateway {what} in the last {WINDOW_MINUTES} minutes (the default window of /api/v1/gsb/monitoring).\n# TYPE {name} gauge"
            );
            for r in &rows {
                let _ = writeln!(
                    out,
                    "{name}{{{}}} {}",
                    label(&r.service, &r.client),
                    value(r)
                );
            }
        }
        let name = "padu_gsb_request_duration_seconds";
        let _ = writeln!(
            out,
            "# HELP {name} Gateway request duration in seconds, counted since the gateway started; rate over {WINDOW_MINUTES}m gives the window of /api/v1/gsb/monitoring, whose percentiles come from the same buckets.\n# TYPE {name} histogram"
        );
        let m = self.series.lock().unwrap_or_else(|p| p.into_inner());
        for (service, client, series) in each_series(&m) {
            let labels = label(service, client);
            let mut cumulative = 0;
            // The last bucket has no upper bound: it is `+Inf`.
            for (i, n) in series.buckets[..BUCKETS - 1].iter().enumerate() {
                cumulative += n;
                let le = bucket_upper_ms(i) / 1000.0;
                let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{le}\"}} {cumulative}");
            }
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels},le=\"+Inf\"}} {}\n{name}_sum{{{labels}}} {}\n{name}_count{{{labels}}} {}",
                series.count,
                series.sum_us as f64 / 1e6,
                series.count
            );
        }
        out
    }
}

/// Every (service, client, series), by service then client.
fn each_series(m: &ByService) -> impl Iterator<Item = (&String, &String, &Series)> {
    m.iter()
        .flat_map(|(service, clients)| clients.iter().map(move |(c, s)| (service, c, s)))
}

/// The upper bound of the bucket holding the q-th fraction of `total`.
fn percentile(buckets: &[u64; BUCKETS], total: u64, q: f64) -> f64 {
    let rank = ((total as f64) * q).ceil().max(1.0) as u64;
    let mut seen = 0;
    for (i, n) in buckets.iter().enumerate() {
        seen += n;
        if seen >= rank {
            return (bucket_upper_ms(i) * 1000.0).round() / 1000.0;
        }
    }
    bucket_upper_ms(BUCKETS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_count_and_rank_latency_within_a_bucket() {
        let m = Monitor::default();
        for i in 0..100u64 {
            m.observe_at(1000, "S", "C", 200, false, Duration::from_millis(i + 1));
        }
        m.observe_at(1000, "S", "C", 502, true, Duration::from_millis(1));
        m.observe_at(990, "S", "C", 200, false, Duration::from_millis(1));
        let rows = m.window_at(1000, 5);
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!((r.requests, r.errors), (101, 1));
        assert!(r.p50_ms >= 50.0 && r.p50_ms <= 50.0 * 1.26, "{}", r.p50_ms);
        assert!(r.p99_ms >= 99.0 && r.p99_ms <= 100.0 * 1.26, "{}", r.p99_ms);
        assert_eq!(r.per_minute, vec![0, 0, 0, 0, 101]);
        assert_eq!(m.window_at(1000, 15)[0].requests, 102);
        // An hour later the old slots are gone.
        assert!(m.window_at(1100, 60).is_empty());
        assert!(m.prometheus().contains("padu_gsb"));
    }
}
