//! Charts drawn on the server as SVG: no scripts, nothing fetched from outside.

use maud::{html, Markup};

/// A horizontal bar chart drawn on the server as SVG (no scripts, no outside calls).
pub fn bar_chart(title: &str, rows: &[(String, i64)]) -> Markup {
    let rows: Vec<(String, f64)> = rows.iter().map(|(l, n)| (l.clone(), *n as f64)).collect();
    bars(title, &rows)
}

/// A horizontal bar chart of any numbers (a bar of a negative number is drawn as a sliver).
pub fn bars(title: &str, rows: &[(String, f64)]) -> Markup {
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    let max = if max > 0.0 { max } else { 1.0 };
    let (label_w, bar_w, row_h) = (260.0, 300.0, 24.0);
    let height = row_h * rows.len() as f64 + 8.0;
    html! {
        figure.chart {
            figcaption { (title) }
            // Drawn to its view box and scaled to the page's width (a phone included).
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (label_w + bar_w + 60.0) " " (height) } role="img" aria-label=(title) {
                @for (i, (label, n)) in rows.iter().enumerate() {
                    @let y = i as f64 * row_h + 4.0;
                    @let w = (n / max * bar_w).max(0.0);
                    text x="0" y=(y + 16.0) font-size="13" { (label) }
                    rect x=(label_w) y=(y + 3.0) width=(w.max(1.0)) height=(row_h - 8.0) fill="#2b6cb0" {}
                    text x=(label_w + w + 6.0) y=(y + 16.0) font-size="13" { (n) }
                }
            }
        }
    }
}

/// One cell of a 5×5 risk map: its count, the value the matrix gives it and its level's name
/// (`sangat_rendah` … `sangat_tinggi`, which picks the colour).
pub struct HeatCell {
    pub count: u32,
    pub value: u8,
    pub level: &'static str,
}

/// The 5×5 risk map as SVG: a row per likelihood (5 on top, as the pedoman draws it), a column
/// per impact (1 on the left), each cell coloured by its level and showing its count and,
/// small, its value. `cells[likelihood - 1][impact - 1]`.
pub fn heat_map(
    title: &str,
    cells: &[[HeatCell; 5]; 5],
    likelihood_axis: &str,
    impact_axis: &str,
) -> Markup {
    // Light fills under dark text, so every count reads at WCAG AA contrast.
    let fill = |level: &str| match level {
        "sangat_rendah" => "#bee3f8",
        "rendah" => "#c6f6d5",
        "sedang" => "#fefcbf",
        "tinggi" => "#fbd38d",
        _ => "#feb2b2",
    };
    let (left, top, size) = (48.0, 8.0, 64.0);
    let width = left + size * 5.0 + 8.0;
    let height = top + size * 5.0 + 44.0;
    html! {
        figure.chart.heat-map {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (width) " " (height) } role="img" aria-label=(title) {
                @for row in 0..5usize {
                    @let likelihood = 5 - row;
                    @let y = top + size * row as f64;
                    text x=(left - 10.0) y=(y + size / 2.0 + 5.0) font-size="14" text-anchor="end" { (likelihood) }
                    @for (column, cell) in cells[likelihood - 1].iter().enumerate() {
                        @let x = left + size * column as f64;
                        rect x=(x) y=(y) width=(size) height=(size) fill=(fill(cell.level)) stroke="#ffffff" stroke-width="2" {}
                        text x=(x + size / 2.0) y=(y + size / 2.0 + 6.0) font-size="20" font-weight="bold" text-anchor="middle" fill="#1a202c" {
                            @if cell.count > 0 { (cell.count) } @else { "·" }
                        }
                        text x=(x + size - 5.0) y=(y + 14.0) font-size="10" text-anchor="end" fill="#2d3748" { (cell.value) }
                    }
                }
                @for column in 0..5usize {
                    text x=(left + size * column as f64 + size / 2.0) y=(top + size * 5.0 + 18.0) font-size="14" text-anchor="middle" { (column + 1) }
                }
                text x=(left + size * 2.5) y=(height - 4.0) font-size="13" text-anchor="middle" { (impact_axis) " →" }
                text x="12" y=(top + size * 2.5) font-size="13" text-anchor="middle" transform={ "rotate(-90 12 " (top + size * 2.5) ")" } { (likelihood_axis) " →" }
            }
        }
    }
}

/// A line of values over time (a risk's value quarter by quarter), on a scale from 0 to
/// `max`, each point labelled below.
pub fn trend(title: &str, points: &[(String, u32)], max: u32) -> Markup {
    let (left, top, step, height) = (32.0, 12.0, 72.0, 160.0);
    let width = left + step * points.len().max(1) as f64 + 16.0;
    let max = f64::from(max.max(1));
    let y = |v: u32| top + height - f64::from(v) / max * height;
    let x = |i: usize| left + step * i as f64 + step / 2.0;
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{:.1},{:.1}", x(i), y(*v)))
        .collect();
    html! {
        figure.chart.trend {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (width) " " (top + height + 36.0) } role="img" aria-label=(title) {
                line x1=(left) y1=(top + height) x2=(width - 8.0) y2=(top + height) stroke="#4a5568" {}
                line x1=(left) y1=(top) x2=(left) y2=(top + height) stroke="#4a5568" {}
                text x=(left - 6.0) y=(top + 4.0) font-size="11" text-anchor="end" { (max) }
                text x=(left - 6.0) y=(top + height) font-size="11" text-anchor="end" { "0" }
                @if points.len() > 1 {
                    polyline points=(line.join(" ")) fill="none" stroke="#2b6cb0" stroke-width="2" {}
                }
                @for (i, (label, v)) in points.iter().enumerate() {
                    circle cx=(x(i)) cy=(y(*v)) r="4" fill="#2b6cb0" {}
                    text x=(x(i)) y=(y(*v) - 8.0) font-size="12" text-anchor="middle" { (v) }
                    text x=(x(i)) y=(top + height + 16.0) font-size="11" text-anchor="middle" { (label) }
                }
            }
        }
    }
}
