//! Shoe wear: the distance on each shoe in use now (at the end of the
//! report's week), written at the end of its bar, against the worn and
//! replace thresholds. Retired shoes are not drawn; names that start alike
//! are cut so they stay told apart.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use crate::model::Severity;
use crate::report::short_names::distinct_short_names;
use crate::report::weekly::{Report, ShoeWear};

/// The shoe chart has room for at least this many shoes, so one shoe is not a slab.
pub(super) const MIN_SHOE_ROWS: usize = 3;
/// At most this many shoes are drawn, the most recently used, top down.
const MAX_SHOES: usize = 4;
/// After a bar's distance: it is the distance now, at the end of the
/// report's week, where a finding gives it at the run it is about.
const NOW: &str = "now";
/// Shoe names are cut to this many characters.
const MAX_SHOE_NAME: usize = 18;
/// The name column is never wider than this share of the panel.
const MAX_NAME_SHARE: f64 = 0.4;
/// Half the height of a shoe's bar, in rows.
const HALF_BAR_ROWS: f64 = 0.3;
/// Space between a bar, a line or a name and the text beside it.
const TEXT_GAP_PX: i32 = 6;
/// The replace threshold sits at most this far along the distance axis.
const THRESHOLD_HEADROOM: f64 = 1.1;

pub(super) fn draw_shoes<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
    let title = format!(
        "Shoes: worn from {}, replace by {}",
        report.units.format_shoe_km(report.shoe_warning_km),
        report.units.format_shoe_km(report.shoe_alert_km)
    );
    let area = draw_panel_title(area, &title, sizes)?;
    if report.shoes.is_empty() {
        let text = "No shoes in the log: add a 'shoe' column to track their wear.";
        return put(&area, text, &font(sizes.body, false, &MUTED), (0, 0));
    }
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let text = font(sizes.small, false, &INK);
    let line = sizes.line(sizes.small);
    // The last line holds the threshold numbers and the note on shoes left out.
    let rows_h = h - line;
    let fit = (rows_h / line).max(1) as usize;
    let shown = report.shoes.len().min(MAX_SHOES).min(fit);
    let shoes = &report.shoes[..shown];
    let hidden = report.shoes.len() - shown;
    let rows = shown.max(MIN_SHOE_ROWS.min(fit));
    let row_h = f64::from(rows_h) / rows as f64;

    let full: Vec<&str> = shoes.iter().map(|s| s.name.as_str()).collect();
    let names = distinct_short_names(&full, MAX_SHOE_NAME);
    let note = (hidden > 0).then(|| {
        format!(
            "+ {}",
            crate::words::counted(hidden, "more shoe", "more shoes")
        )
    });
    let name_w = names
        .iter()
        .chain(&note)
        .map(|n| text_width(&area, n, &text))
        .max()
        .unwrap_or(0)
        .min((f64::from(w) * MAX_NAME_SHARE) as i32);
    let labels: Vec<String> = shoes
        .iter()
        .map(|s| format!("{} {NOW}", report.units.format_shoe_km(s.km)))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(&area, l, &text))
        .max()
        .unwrap_or(0)
        + 2 * TEXT_GAP_PX;
    let scale = Scale::new(report, shoes, (name_w + 2 * TEXT_GAP_PX, w), label_w);

    let thresholds = [
        (report.shoe_warning_km, Severity::Warning),
        (report.shoe_alert_km, Severity::Alert),
    ]
    .map(|(km, severity)| (scale.x(report.units.from_km(km)), km, severity));
    area.draw(&PathElement::new(
        vec![(scale.left, 0), (scale.left, rows_h)],
        MUTED.stroke_width(1),
    ))?;
    let lines: Vec<i32> = thresholds.iter().map(|(x, _, _)| *x).collect();
    let mut labels_at = Vec::new();
    let name_style = text.clone().pos(Pos::new(HPos::Right, VPos::Center));
    for (i, ((shoe, name), label)) in shoes.iter().zip(&names).zip(&labels).enumerate() {
        let centre = ((i as f64 + 0.5) * row_h) as i32;
        let half = (row_h * HALF_BAR_ROWS) as i32;
        let colour = wear_colour(report, shoe.km);
        let end = scale.x(report.units.from_km(shoe.km));
        area.draw(&Rectangle::new(
            [(scale.left, centre - half), (end, centre + half)],
            colour.filled(),
        ))?;
        put(&area, name, &name_style, (scale.left - TEXT_GAP_PX, centre))?;
        let label_w = text_width(&area, label, &text);
        let (x, ink, boxed) = label_place(&scale, &lines, (end, label_w), colour);
        let style = font(sizes.small, false, &ink).pos(Pos::new(HPos::Left, VPos::Center));
        labels_at.push((label, style, x, centre, boxed.then_some(label_w)));
    }
    // The lines over the bars, so a bar past a threshold shows it; the labels over both.
    for (x, _, severity) in thresholds {
        area.draw(&PathElement::new(
            vec![(x, 0), (x, rows_h + 4)],
            severity_colour(severity).stroke_width(3),
        ))?;
    }
    for (label, style, x, centre, boxed) in labels_at {
        if let Some(label_w) = boxed {
            area.draw(&Rectangle::new(
                [
                    (x - 2, centre - line / 2),
                    (x + label_w + 2, centre + line / 2),
                ],
                BACKGROUND.filled(),
            ))?;
        }
        put(&area, label, &style, (x, centre))?;
    }
    draw_threshold_numbers(&area, report, &thresholds, sizes, (scale.left, rows_h))?;
    if let Some(note) = note {
        let style = font(sizes.small, false, &MUTED).pos(Pos::new(HPos::Right, VPos::Top));
        put(&area, &note, &style, (scale.left - TEXT_GAP_PX, rows_h))?;
    }
    Ok(())
}

/// Distance along the bars to pixels.
struct Scale {
    left: i32,
    width: i32,
    top: f64,
}

impl Scale {
    /// The axis reaches past the replace threshold and far enough that the
    /// longest bar has room for its label after it.
    fn new(report: &Report, shoes: &[ShoeWear], (left, right): (i32, i32), label_w: i32) -> Scale {
        let width = (right - left).max(1);
        let longest = shoes
            .iter()
            .map(|s| report.units.from_km(s.km))
            .fold(0.0, f64::max);
        let room = f64::from((width - label_w).max(width / 2)) / f64::from(width);
        let top = (report.units.from_km(report.shoe_alert_km) * THRESHOLD_HEADROOM)
            .max(longest / room)
            .max(1.0);
        Scale { left, width, top }
    }

    fn x(&self, distance: f64) -> i32 {
        self.left + (distance / self.top * f64::from(self.width)).round() as i32
    }

    fn right(&self) -> i32 {
        self.left + self.width
    }
}

/// Where a bar's label goes: its left edge, its colour and whether it needs
/// a background to stand out from a line. First choice after the bar's end,
/// then inside the bar at its end, then after a threshold line, then inside
/// the bar before a line; a label never crosses a threshold line unless
/// nothing else fits.
fn label_place(
    scale: &Scale,
    lines: &[i32],
    (end, label_w): (i32, i32),
    bar: RGBColor,
) -> (i32, RGBColor, bool) {
    let clear = |x: i32| {
        x >= scale.left
            && x + label_w <= scale.right()
            && lines.iter().all(|line| {
                x + label_w + TEXT_GAP_PX / 2 < line - 1 || x - TEXT_GAP_PX / 2 > line + 1
            })
    };
    let after_bar = end + TEXT_GAP_PX;
    let after_line = lines
        .iter()
        .filter(|line| **line >= end)
        .map(|line| line + 2 + TEXT_GAP_PX)
        .find(|x| clear(*x));
    let fits_inside = |x: &i32| *x >= scale.left + TEXT_GAP_PX && clear(*x);
    let inside_end = Some(end - TEXT_GAP_PX - label_w).filter(fits_inside);
    // Just before a line the bar crosses.
    let inside_line = lines
        .iter()
        .rev()
        .filter(|line| **line < end)
        .map(|line| line - 2 - TEXT_GAP_PX - label_w)
        .find(fits_inside);
    if clear(after_bar) {
        (after_bar, INK, false)
    } else if let Some(x) = inside_end {
        (x, text_on(bar), false)
    } else if let Some(x) = after_line {
        (x, INK, false)
    } else if let Some(x) = inside_line {
        (x, text_on(bar), false)
    } else {
        (after_bar.min(scale.right() - label_w), INK, true)
    }
}

/// The thresholds' numbers under their lines, apart even when the lines are close.
fn draw_threshold_numbers<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    thresholds: &[(i32, f64, Severity); 2],
    sizes: Sizes,
    (min_x, y): (i32, i32),
) -> Drawn<DB> {
    let style = font(sizes.small, false, &INK);
    let numbers = thresholds.map(|(x, km, _)| {
        let text = format!("{:.0}", report.units.shoe_figure(km));
        let half = text_width(area, &text, &style) / 2;
        (x, text, half)
    });
    let [(x0, _, half0), (x1, _, half1)] = &numbers;
    let apart = x0 + half0 + TEXT_GAP_PX <= x1 - half1;
    for (i, (x, text, half)) in numbers.iter().enumerate() {
        let left = match (apart, i) {
            (true, _) => x - half,
            (false, 0) => x - 2 * half - 2,
            (false, _) => x + 2,
        };
        put(area, text, &style, (left.max(min_x), y))?;
    }
    Ok(())
}

fn wear_colour(report: &Report, km: f64) -> RGBColor {
    if km >= report.shoe_alert_km {
        severity_colour(Severity::Alert)
    } else if km >= report.shoe_warning_km {
        severity_colour(Severity::Warning)
    } else {
        SHOE_FRESH
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bar's label never crosses a threshold line and stays in the plot,
    /// wherever the bar ends, when the plot has room for it.
    #[test]
    fn a_bar_label_keeps_clear_of_the_lines() {
        let scale = Scale {
            left: 100,
            width: 500,
            top: 880.0,
        };
        let lines = [scale.x(600.0), scale.x(800.0)];
        let label_w = 60;
        for end in scale.left..=scale.right() - label_w - TEXT_GAP_PX {
            let (x, _, boxed) = label_place(&scale, &lines, (end, label_w), SHOE_FRESH);
            assert!(!boxed, "bar to {end}");
            assert!(
                x >= scale.left && x + label_w <= scale.right(),
                "bar to {end}"
            );
            for line in lines {
                assert!(x > line + 1 || x + label_w < line - 1, "bar to {end}");
            }
        }
    }
}
