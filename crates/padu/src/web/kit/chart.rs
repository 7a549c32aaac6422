//! Charts drawn on the server as SVG: no scripts, nothing fetched from outside.

use maud::{html, Markup};

/// A horizontal bar chart drawn on the server as SVG (no scripts, no outside calls).
pub fn bar_chart(title: &str, rows: &[(String, i64)]) -> Markup {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (260.0, 300.0, 24.0);
    let height = row_h * rows.len() as f64 + 8.0;
    html! {
        figure.chart {
            figcaption { (title) }
            // Drawn to its view box and scaled to the page's width (a phone included).
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (label_w + bar_w + 60.0) " " (height) } role="img" aria-label=(title) {
                @for (i, (label, n)) in rows.iter().enumerate() {
                    @let y = i as f64 * row_h + 4.0;
                    @let w = (*n as f64 / max as f64) * bar_w;
                    text x="0" y=(y + 16.0) font-size="13" { (label) }
                    rect x=(label_w) y=(y + 3.0) width=(w.max(1.0)) height=(row_h - 8.0) fill="#2b6cb0" {}
                    text x=(label_w + w + 6.0) y=(y + 16.0) font-size="13" { (n) }
                }
            }
        }
    }
}
