//! Network sites drawn on a map as server-rendered SVG (no tiles, no scripts: the intranet has
//! no map server). Coordinates are projected equirectangularly with the longitude scaled by
//! cos(latitude), which is true to within a fraction of a percent over a regency's extent.

use maud::{html, Markup};

/// One point to draw.
pub struct Point<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub latitude: f64,
    pub longitude: f64,
    pub bandwidth_mbps: i64,
    pub href: Option<String>,
}

const WIDTH: f64 = 640.0;
const MARGIN: f64 = 28.0;

/// The drawing's frame: the points' bounding box with a margin, and the scale that fits it.
struct Frame {
    min_lon: f64,
    max_lat: f64,
    scale_x: f64,
    scale_y: f64,
    height: f64,
}

impl Frame {
    fn fit(points: &[Point<'_>]) -> Frame {
        let (mut min_lat, mut max_lat, mut min_lon, mut max_lon) = (90.0, -90.0, 180.0, -180.0_f64);
        for p in points {
            min_lat = p.latitude.min(min_lat);
            max_lat = p.latitude.max(max_lat);
            min_lon = p.longitude.min(min_lon);
            max_lon = p.longitude.max(max_lon);
        }
        // A single point, or points on a line, still get a frame of some size.
        let pad = 0.02;
        let (min_lat, max_lat) = (min_lat - pad, max_lat + pad);
        let (min_lon, max_lon) = (min_lon - pad, max_lon + pad);
        let k = ((min_lat + max_lat) / 2.0).to_radians().cos().max(0.1);
        let span_x = (max_lon - min_lon) * k;
        let span_y = max_lat - min_lat;
        let scale = (WIDTH - 2.0 * MARGIN) / span_x;
        // Tall regions are scaled to at most 1.5 × the width.
        let scale = scale.min((WIDTH * 1.5 - 2.0 * MARGIN) / span_y);
        Frame {
            min_lon,
            max_lat,
            scale_x: scale * k,
            scale_y: scale,
            height: span_y * scale + 2.0 * MARGIN,
        }
    }

    fn x(&self, lon: f64) -> f64 {
        MARGIN + (lon - self.min_lon) * self.scale_x
    }

    fn y(&self, lat: f64) -> f64 {
        MARGIN + (self.max_lat - lat) * self.scale_y
    }
}

fn colour(kind: &str) -> &'static str {
    match kind {
        "pd_office" => "#2b6cb0",
        "puskesmas" => "#2f855a",
        "rsud" => "#c53030",
        "kantor_perwakilan" => "#6b46c1",
        _ => "#b7791f",
    }
}

/// Grid lines every `step` degrees inside [lo, hi].
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let step = if hi - lo > 2.0 {
        0.5
    } else if hi - lo > 0.6 {
        0.25
    } else {
        0.1
    };
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi && out.len() < 40 {
        out.push(t);
        t += step;
    }
    out
}

/// The map, with a legend of the kinds drawn; `labels` gives each kind's text. Nothing when
/// there are no points.
pub fn sites_map(title: &str, points: &[Point<'_>], labels: &dyn Fn(&str) -> String) -> Markup {
    if points.is_empty() {
        return html! {};
    }
    let f = Frame::fit(points);
    let lat_lo = f.max_lat - (f.height - 2.0 * MARGIN) / f.scale_y;
    let lon_hi = f.min_lon + (WIDTH - 2.0 * MARGIN) / f.scale_x;
    let mut kinds: Vec<&str> = points.iter().map(|p| p.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    html! {
        figure.chart.map {
            figcaption { (title) " (" (points.len()) ")" }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (format!("{:.0}", f.height + 24.0)) } width=(WIDTH) role="group" aria-label=(title) {
                rect x="0" y="0" width=(WIDTH) height=(format!("{:.1}", f.height)) fill="#eef4f8" {}
                @for lat in ticks(lat_lo, f.max_lat) {
                    line x1="0" x2=(WIDTH) y1=(format!("{:.1}", f.y(lat))) y2=(format!("{:.1}", f.y(lat))) stroke="#cbd5e0" stroke-width="0.5" {}
                    text x="2" y=(format!("{:.1}", f.y(lat) - 2.0)) font-size="9" fill="#4a5568" { (format!("{:.2}°", lat)) }
                }
                @for lon in ticks(f.min_lon, lon_hi) {
                    line y1="0" y2=(format!("{:.1}", f.height)) x1=(format!("{:.1}", f.x(lon))) x2=(format!("{:.1}", f.x(lon))) stroke="#cbd5e0" stroke-width="0.5" {}
                    text y=(format!("{:.1}", f.height - 3.0)) x=(format!("{:.1}", f.x(lon) + 2.0)) font-size="9" fill="#4a5568" { (format!("{:.2}°", lon)) }
                }
                @for p in points.iter().rev() {
                    @let r = 2.5 + (p.bandwidth_mbps.max(1) as f64).sqrt() / 2.0;
                    @let dot = html! {
                        circle.site cx=(format!("{:.1}", f.x(p.longitude))) cy=(format!("{:.1}", f.y(p.latitude))) r=(format!("{:.1}", r.min(12.0))) fill=(colour(p.kind)) fill-opacity="0.75" stroke="#fff" stroke-width="0.8" {
                            title { (p.name) " — " (p.bandwidth_mbps) " Mbps (" (format!("{:.5}, {:.5}", p.latitude, p.longitude)) ")" }
                        }
                    };
                    @if let Some(h) = &p.href { a href=(h) { (dot) } } @else { (dot) }
                }
                @for (i, k) in kinds.iter().enumerate() {
                    @let x = 8.0 + i as f64 * 125.0;
                    circle cx=(x + 5.0) cy=(format!("{:.1}", f.height + 12.0)) r="5" fill=(colour(k)) {}
                    text x=(x + 14.0) y=(format!("{:.1}", f.height + 16.0)) font-size="11" { (labels(k)) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lat: f64, lon: f64) -> Point<'static> {
        Point {
            name: "x",
            kind: "puskesmas",
            latitude: lat,
            longitude: lon,
            bandwidth_mbps: 20,
            href: None,
        }
    }

    #[test]
    fn north_is_up_east_is_right_and_everything_is_inside_the_frame() {
        // Painan and Lunang, the north and south ends of Pesisir Selatan.
        let pts = [p(-1.3485, 100.5778), p(-2.2870, 101.0450)];
        let f = Frame::fit(&pts);
        assert!(f.y(-1.3485) < f.y(-2.2870), "north is up");
        assert!(f.x(100.5778) < f.x(101.0450), "east is right");
        for q in &pts {
            let (x, y) = (f.x(q.longitude), f.y(q.latitude));
            assert!((MARGIN..=WIDTH - MARGIN).contains(&x), "{x}");
            assert!((MARGIN..=f.height - MARGIN).contains(&y), "{y}");
        }
        // Degrees of latitude and (scaled) longitude are drawn the same length.
        let k = (-1.8f64).to_radians().cos();
        assert!((f.scale_x / f.scale_y - k).abs() < 0.01);
    }

    #[test]
    fn one_point_still_draws_and_none_draws_nothing() {
        let one = sites_map("m", &[p(-1.0, 100.0)], &|k| k.to_string()).into_string();
        assert_eq!(one.matches("<circle class=\"site\"").count(), 1);
        assert!(sites_map("m", &[], &|k| k.to_string())
            .into_string()
            .is_empty());
    }
}
