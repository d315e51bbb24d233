//! The follow-up's charts as small self-contained SVG: stacked bars per month and a line of
//! shares with a threshold, with the pack versions' switch-over months marked. Integer
//! coordinates; every text escaped. Each chart is shown with the table behind it, so the
//! figures are also readable without the picture.

use std::fmt::Write as _;

/// A series of a chart: a name, a colour and a value per month (`None`: suppressed, drawn
/// as nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    /// The legend's name.
    pub name: String,
    /// The fill colour (`#rrggbb`).
    pub colour: &'static str,
    /// One value per label.
    pub values: Vec<Option<u64>>,
}

/// A vertical mark before the label at `index` (a new pack version from that month on).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The label's index.
    pub index: usize,
    /// The mark's text.
    pub text: String,
}

const W: u64 = 720;
const H: u64 = 300;
const LEFT: u64 = 70;
const RIGHT: u64 = 700;
const TOP: u64 = 30;
const BOTTOM: u64 = 240;

/// The colours of the outcomes and the threshold.
pub const BIFALL: &str = "#1a7f37";
/// `avslag`.
pub const AVSLAG: &str = "#b42318";
/// `fastställt`.
pub const FASTSTALLT: &str = "#0969da";
/// `manuell`.
pub const MANUELL: &str = "#bf8700";
/// Further series (reasons).
pub const PALETTE: [&str; 6] = [
    "#8250df", "#bf3989", "#0a7b83", "#953800", "#57606a", "#1f6feb",
];

/// A nice round upper bound of the axis for a largest value `max` (1, 2 or 5 × 10ⁿ per
/// step, four steps) and its step.
fn axis(max: u64) -> (u64, u64) {
    let want = max.div_ceil(4).max(1);
    let mut base = 1u64;
    loop {
        for step in [base, base * 2, base / 10 * 25, base * 5] {
            if step >= want && step > 0 {
                return (step.saturating_mul(4), step);
            }
        }
        if base > u64::MAX / 10 {
            return (u64::MAX, u64::MAX / 4);
        }
        base *= 10;
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `y` of a value on an axis up to `top`.
fn y_of(v: u64, top: u64) -> u64 {
    let h = BOTTOM - TOP;
    let v = u128::from(v.min(top));
    BOTTOM - u64::try_from(v * u128::from(h) / u128::from(top.max(1))).unwrap_or(h)
}

struct Frame {
    out: String,
    slot: u64,
    top: u64,
}

/// The frame: title, grid with the axis labels (`tick` formats a value), month labels.
fn frame(title: &str, labels: &[String], max: u64, tick: &dyn Fn(u64) -> String) -> Frame {
    let (top, step) = axis(max);
    let n = u64::try_from(labels.len()).unwrap_or(1).max(1);
    let slot = (RIGHT - LEFT) / n;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" \
         font-family=\"Segoe UI, Helvetica Neue, Arial, sans-serif\" font-size=\"12\">\
         <title>{}</title>",
        esc(title)
    );
    for i in 0..=4u64 {
        let v = step.saturating_mul(i);
        let y = y_of(v, top);
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#d0d7de\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#57606a\">{}</text>",
            LEFT - 6,
            y + 4,
            esc(&tick(v))
        );
    }
    let every = labels.len().div_ceil(12).max(1);
    for (i, l) in labels.iter().enumerate() {
        if i % every != 0 {
            continue;
        }
        let x = LEFT + slot * u64::try_from(i).unwrap_or(0) + slot / 2;
        let _ = write!(
            out,
            "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1b1f24\">{}</text>",
            BOTTOM + 16,
            esc(l)
        );
    }
    Frame { out, slot, top }
}

/// The markers and the legend, and the closing tag.
fn finish(mut f: Frame, markers: &[Marker], legend: &[(&str, &str)]) -> String {
    for m in markers {
        let x = LEFT + f.slot * u64::try_from(m.index).unwrap_or(0);
        let _ = write!(
            f.out,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{BOTTOM}\" stroke=\"#1b1f24\" \
             stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"#1b1f24\" font-weight=\"600\">{}</text>",
            TOP - 12,
            x + 4,
            TOP - 2,
            esc(&m.text)
        );
    }
    let mut x = LEFT;
    for (name, colour) in legend {
        let _ = write!(
            f.out,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"#1b1f24\">{}</text>",
            BOTTOM + 32,
            x + 16,
            BOTTOM + 42,
            esc(name)
        );
        let len = u64::try_from(name.chars().count()).unwrap_or(0);
        x += 30 + len * 7;
    }
    f.out.push_str("</svg>");
    f.out
}

/// Stacked bars: per label, the series' values on top of each other.
pub fn stacked_bars(
    title: &str,
    labels: &[String],
    series: &[Series],
    markers: &[Marker],
    tick: &dyn Fn(u64) -> String,
) -> String {
    let sum = |i: usize| -> u64 {
        series
            .iter()
            .filter_map(|s| s.values.get(i).copied().flatten())
            .sum()
    };
    let max = (0..labels.len()).map(sum).max().unwrap_or(0);
    let mut f = frame(title, labels, max, tick);
    let bar = (f.slot * 7 / 10).max(1);
    for i in 0..labels.len() {
        let x = LEFT + f.slot * u64::try_from(i).unwrap_or(0) + (f.slot - bar) / 2;
        let mut below = 0u64;
        for s in series {
            let Some(v) = s.values.get(i).copied().flatten().filter(|v| *v > 0) else {
                continue;
            };
            let (y0, y1) = (y_of(below, f.top), y_of(below + v, f.top));
            let _ = write!(
                f.out,
                "<rect x=\"{x}\" y=\"{y1}\" width=\"{bar}\" height=\"{}\" fill=\"{}\"/>",
                (y0 - y1).max(1),
                s.colour
            );
            below += v;
        }
    }
    let legend: Vec<(&str, &str)> = series.iter().map(|s| (s.name.as_str(), s.colour)).collect();
    finish(f, markers, &legend)
}

/// A line of values per label (a gap where a value is `None`) with a dashed threshold.
pub fn line(
    title: &str,
    labels: &[String],
    values: &[Option<u64>],
    threshold: Option<(u64, &str)>,
    markers: &[Marker],
    tick: &dyn Fn(u64) -> String,
) -> String {
    let max = values
        .iter()
        .flatten()
        .copied()
        .chain(threshold.map(|t| t.0))
        .max()
        .unwrap_or(0);
    let mut f = frame(title, labels, max, tick);
    if let Some((t, name)) = threshold {
        let y = y_of(t, f.top);
        let _ = write!(
            f.out,
            "<line x1=\"{LEFT}\" x2=\"{RIGHT}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{AVSLAG}\" \
             stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"{AVSLAG}\">{}</text>",
            LEFT + 6,
            y.saturating_sub(4),
            esc(name)
        );
    }
    let mut path = String::new();
    let mut pen = false;
    for (i, v) in values.iter().enumerate() {
        let x = LEFT + f.slot * u64::try_from(i).unwrap_or(0) + f.slot / 2;
        match v {
            Some(v) => {
                let y = y_of(*v, f.top);
                let _ = write!(path, "{}{x} {y} ", if pen { "L" } else { "M" });
                let _ = write!(
                    f.out,
                    "<circle cx=\"{x}\" cy=\"{y}\" r=\"3.5\" fill=\"{MANUELL}\"/>"
                );
                pen = true;
            }
            None => pen = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(
            f.out,
            "<path d=\"{}\" fill=\"none\" stroke=\"{MANUELL}\" stroke-width=\"2.5\"/>",
            path.trim_end()
        );
    }
    let legend = [("Andel manuella", MANUELL)];
    finish(f, markers, &legend)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_at_a_round_number_above_the_largest_value() {
        assert_eq!(axis(0), (4, 1));
        assert_eq!(axis(7), (8, 2));
        assert_eq!(axis(1000), (1000, 250));
        assert_eq!(axis(83_000), (100_000, 25_000));
        assert_eq!(axis(120_001), (200_000, 50_000));
    }

    #[test]
    fn bars_stack_to_their_sum_and_texts_are_escaped() {
        let labels = vec!["jan".to_owned(), "feb".to_owned()];
        let s = |name: &str, v: Vec<Option<u64>>| Series {
            name: name.to_owned(),
            colour: BIFALL,
            values: v,
        };
        let svg = stacked_bars(
            "A <b>",
            &labels,
            &[s("x", vec![Some(2), Some(8)]), s("y&", vec![Some(2), None])],
            &[Marker {
                index: 1,
                text: "v2".into(),
            }],
            &|v| v.to_string(),
        );
        // Axis to 8 over 210 px: the second month's bar is the full height, the first
        // month's two parts a quarter each (rounded).
        assert!(svg.contains("height=\"210\""), "{svg}");
        assert!(svg.contains("height=\"52\""), "{svg}");
        assert!(svg.contains("height=\"53\""), "{svg}");
        assert!(svg.contains("<title>A &lt;b&gt;</title>"));
        assert!(svg.contains(">y&amp;</text>"));
        assert!(svg.contains("stroke-dasharray=\"5 3\""), "the marker");
        assert!(!svg.contains("<b>"));
    }
}
