//! Charts drawn on the server as SVG (plotters' SVG backend): they print, need no script
//! and pass the page's CSP (presentation attributes, no style). Every chart is drawn
//! from the same numbers as the table the page shows beside it, which is what a screen
//! reader reads: the SVG is one labelled image.
//!
//! Values are whole numbers (counts, or öre shown as kronor): no float touches an
//! amount; plotters' pixel geometry is its own business.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What the values count, for the axis labels.
#[derive(Clone, Copy)]
pub enum Unit {
    Count,
    /// Öre, shown as whole kronor with grouping.
    Kronor,
    /// Tenths of a percent (a share), shown as percent.
    TenthPercent,
}

impl Unit {
    fn label(self, v: i64) -> String {
        match self {
            Unit::Count => group(v),
            Unit::Kronor => format!("{} kr", group(v / 100)),
            Unit::TenthPercent if v % 10 == 0 => format!("{} %", group(v / 10)),
            Unit::TenthPercent => format!("{},{} %", group(v / 10), (v % 10).abs()),
        }
    }
}

/// `1234567` → `1 234 567` (the no-break space Swedish writes), a minus sign in front.
fn group(v: i64) -> String {
    let digits = crate::domain::swedish::grouped(v.unsigned_abs());
    if v < 0 {
        format!("−{digits}")
    } else {
        digits
    }
}

pub struct Series {
    pub name: String,
    pub values: Vec<i64>,
}

/// How several series share a category.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One bar per category, the series on top of each other (parts of a whole).
    Stacked,
    /// The series side by side (to compare, e.g. budget and actual).
    Grouped,
}

/// The palette: distinguishable in grey print and for the common colour blindnesses
/// (Okabe–Ito's blue, orange, green and vermilion).
const COLOURS: [RGBColor; 4] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
];

const WIDTH: u32 = 880;
const HEIGHT: u32 = 340;

/// A bar chart of `series` over `labels`, as an SVG element labelled `title`.
pub fn bars(
    title: &str,
    labels: &[String],
    series: &[Series],
    unit: Unit,
    layout: Layout,
) -> String {
    let slots = match layout {
        Layout::Stacked => 1,
        Layout::Grouped => series.len().max(1),
    };
    // Each category is 2 units per bar plus a unit of gap either side, so its middle
    // (where its label goes) falls on a whole unit.
    let slots = slots as i32;
    let width = 2 * slots + 2;
    let n = labels.len() as i32;
    let top = (0..labels.len())
        .map(|i| {
            let at = series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0).max(0));
            match layout {
                Layout::Stacked => at.sum::<i64>(),
                Layout::Grouped => at.max().unwrap_or(0),
            }
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let top = nice_ceiling(top);
    let mut svg = String::new();
    {
        let whole = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        // The backend only fails on a write to its own string, which cannot fail.
        let _ = whole.fill(&WHITE);
        let root = legend(&whole, series);
        let rotate = labels.len() > 8;
        let label_area = if rotate { 90 } else { 30 };
        let chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(label_area)
            .y_label_area_size(110)
            .build_cartesian_2d(0..(n * width).max(1), 0i64..top);
        let Ok(mut chart) = chart else {
            return String::new();
        };
        let x_label = |x: &i32| -> String {
            // Each category's label sits under the middle of its bars.
            if *x % width == slots + 1 {
                labels
                    .get((*x / width) as usize)
                    .cloned()
                    .unwrap_or_default()
            } else {
                String::new()
            }
        };
        let y_label = |y: &i64| unit.label(*y);
        let style = if rotate {
            ("sans-serif", 15)
                .into_font()
                .transform(FontTransform::Rotate90)
                .into_text_style(&root)
                .pos(Pos::new(HPos::Left, VPos::Center))
        } else {
            ("sans-serif", 15).into_font().into_text_style(&root)
        };
        let _ = chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels((n * width + 1) as usize)
            .x_label_formatter(&x_label)
            .x_label_style(style)
            .y_labels(6)
            .y_label_formatter(&y_label)
            .y_label_style(("sans-serif", 15))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(220, 220, 220))
            .draw();
        for (k, s) in series.iter().enumerate() {
            let colour = COLOURS[k % COLOURS.len()];
            let rects = (0..labels.len()).filter_map(|i| {
                let v = s.values.get(i).copied().unwrap_or(0).max(0);
                let x = i as i32 * width + 1;
                let (x, base) = match layout {
                    Layout::Stacked => (
                        x,
                        series[..k]
                            .iter()
                            .map(|p| p.values.get(i).copied().unwrap_or(0).max(0))
                            .sum::<i64>(),
                    ),
                    Layout::Grouped => (x + 2 * k as i32, 0),
                };
                let bar = match layout {
                    Layout::Stacked => 2 * slots,
                    Layout::Grouped => 2,
                };
                (v > 0).then(|| Rectangle::new([(x, base), (x + bar, base + v)], colour.filled()))
            });
            let _ = chart.draw_series(rects);
        }
        let _ = whole.present();
    }
    labelled(svg, title)
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// The series' names in a strip above the plot (never over the bars), each after its
/// colour; returns the area left for the plot. A single series needs no key.
fn legend<'a>(whole: &Area<'a>, series: &[Series]) -> Area<'a> {
    if series.len() < 2 {
        return whole.clone();
    }
    let (strip, plot) = whole.split_vertically(34);
    let mut x = 120;
    for (k, s) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        let _ = strip.draw(&Rectangle::new([(x, 10), (x + 16, 26)], colour.filled()));
        let _ = strip.draw(&Text::new(s.name.clone(), (x + 24, 10), ("sans-serif", 15)));
        // Wide enough for the name at this size (about 9 px a character) and a gap.
        x += 24 + 9 * s.name.chars().count() as i32 + 28;
    }
    plot
}

/// The least 1, 2 or 5 × 10ⁿ at or above `v`, so the axis ends on a round figure.
fn nice_ceiling(v: i64) -> i64 {
    let mut step = 1i64;
    loop {
        for m in [1, 2, 5] {
            if let Some(c) = step.checked_mul(m) {
                if c >= v {
                    return c;
                }
            }
        }
        match step.checked_mul(10) {
            Some(s) => step = s,
            None => return v,
        }
    }
}

/// The SVG as one image for assistive technology, named by `title`, scaling to its box.
fn labelled(svg: String, title: &str) -> String {
    let Some(rest) = svg.strip_prefix("<svg ") else {
        return svg;
    };
    let title = askama::filters::escape(title, askama::filters::Html)
        .map(|t| t.to_string())
        .unwrap_or_default();
    format!("<svg role=\"img\" aria-label=\"{title}\" class=\"chart\" {rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ends_on_a_round_figure() {
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(449_000), 500_000);
        assert_eq!(nice_ceiling(500_001), 1_000_000);
    }

    #[test]
    fn groups_thousands_as_swedish() {
        assert_eq!(group(0), "0");
        assert_eq!(group(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(Unit::Kronor.label(123_456_789), "1\u{a0}234\u{a0}567 kr");
    }

    #[test]
    fn a_chart_is_one_labelled_image_with_escaped_text() {
        let svg = bars(
            "Deltagare <per> månad",
            &["jan".into(), "R&D".into()],
            &[
                Series {
                    name: "Kvinnor".into(),
                    values: vec![3, 4],
                },
                Series {
                    name: "Män".into(),
                    values: vec![1, 2],
                },
            ],
            Unit::Count,
            Layout::Stacked,
        );
        assert!(
            svg.starts_with("<svg role=\"img\" aria-label=\"Deltagare &#60;per&#62; månad\""),
            "{}",
            &svg[..120]
        );
        assert!(svg.contains("R&amp;D"));
        assert!(!svg.contains("R&D"));
        assert!(svg.contains("Kvinnor"));
        assert!(!svg.contains("style="));
    }
}
