//! Shoe wear: the distance on each shoe in use against the worn and
//! replace thresholds.

use crate::model::{Level, Severity};
use plotters::prelude::*;

use super::style::*;
use crate::report::weekly::Report;

/// The shoe chart has room for at least this many shoes, so one shoe is not a slab.
pub(super) const MIN_SHOE_ROWS: usize = 3;

pub(super) fn draw_shoes<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
    let unit = report.units.abbreviation();
    let title = format!(
        "Shoes: distance on each ({unit}); worn from {:.0}, replace by {:.0}",
        report.units.from_km(report.shoe_warning_km),
        report.units.from_km(report.shoe_alert_km)
    );
    let area = draw_panel_title(area, &title, sizes)?;
    if report.shoes.is_empty() {
        let text = "No shoes in the log: add a 'shoe' column to track their wear.";
        return put(&area, text, &font(sizes.body, false, &MUTED), (0, 0));
    }
    let shoes: Vec<_> = report.shoes.iter().take(4).collect();
    let longest = shoes
        .iter()
        .map(|s| s.km)
        .fold(report.shoe_alert_km, f64::max)
        * 1.1;
    let top = report.units.from_km(longest);
    let names: Vec<String> = shoes.iter().map(|s| shorten(&s.name, 18)).collect();
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(sizes.line(sizes.small) + 4)
        .y_label_area_size((sizes.small * 10.0) as i32)
        .build_cartesian_2d(
            0.0..top,
            -0.5..(shoes.len().max(MIN_SHOE_ROWS) as f64 - 0.5),
        )?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(shoes.len())
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 0.01 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(font(sizes.small, false, &INK))
        .light_line_style(TRANSPARENT)
        .draw()?;
    chart.draw_series(shoes.iter().enumerate().map(|(i, shoe)| {
        let colour = if shoe.km >= report.shoe_alert_km {
            severity_colour(Severity::Alert)
        } else if shoe.km >= report.shoe_warning_km {
            severity_colour(Severity::Warning)
        } else {
            level_colour(Level::Low)
        };
        let y = i as f64;
        Rectangle::new(
            [(0.0, y - 0.3), (report.units.from_km(shoe.km), y + 0.3)],
            colour.filled(),
        )
    }))?;
    let y_span = (-0.5, shoes.len().max(MIN_SHOE_ROWS) as f64 - 0.5);
    for (km, severity) in [
        (report.shoe_warning_km, Severity::Warning),
        (report.shoe_alert_km, Severity::Alert),
    ] {
        let x = report.units.from_km(km);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, y_span.0), (x, y_span.1)],
            severity_colour(severity).stroke_width(3),
        )))?;
    }
    Ok(())
}
