//! Shoe wear: the distance on each shoe in use against the worn and
//! replace thresholds.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use crate::model::{Level, Severity};
use crate::report::weekly::{Report, ShoeWear};

/// The shoe chart has room for at least this many shoes, so one shoe is not a slab.
pub(super) const MIN_SHOE_ROWS: usize = 3;
/// At most this many shoes are drawn, the most recently used.
const MAX_SHOES: usize = 4;
/// Shoe names are cut to this many characters.
const MAX_SHOE_NAME: usize = 18;
/// Width of the name column, in text sizes.
const NAME_COLUMN_EMS: f64 = 10.0;
/// Half the height of a shoe's bar, in rows.
const HALF_BAR_ROWS: f64 = 0.3;

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
    let shoes: Vec<&ShoeWear> = report.shoes.iter().take(MAX_SHOES).collect();
    let rows = shoes.len().max(MIN_SHOE_ROWS) as f64;
    let longest = shoes
        .iter()
        .map(|s| s.km)
        .fold(report.shoe_alert_km, f64::max)
        * 1.1;
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(sizes.line(sizes.small) + 4)
        .y_label_area_size((sizes.small * NAME_COLUMN_EMS) as i32)
        .build_cartesian_2d(0.0..report.units.from_km(longest), -0.5..rows - 0.5)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(font(sizes.small, false, &INK))
        .light_line_style(TRANSPARENT)
        .draw()?;
    chart.draw_series(shoes.iter().enumerate().map(|(i, shoe)| {
        let y = i as f64;
        let corners = [
            (0.0, y - HALF_BAR_ROWS),
            (report.units.from_km(shoe.km), y + HALF_BAR_ROWS),
        ];
        Rectangle::new(corners, wear_colour(report, shoe.km).filled())
    }))?;
    for (km, severity) in [
        (report.shoe_warning_km, Severity::Warning),
        (report.shoe_alert_km, Severity::Alert),
    ] {
        let x = report.units.from_km(km);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, -0.5), (x, rows - 0.5)],
            severity_colour(severity).stroke_width(3),
        )))?;
    }
    // Names beside their bars: plotters' own ticks skip rows when there are few.
    let (x0, y0) = area.get_base_pixel();
    let name_style = font(sizes.small, false, &INK).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, shoe) in shoes.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(0.0, i as f64));
        put(
            &area,
            &shorten(&shoe.name, MAX_SHOE_NAME),
            &name_style,
            (x - x0 - 8, y - y0),
        )?;
    }
    let hidden = report.shoes.len().saturating_sub(MAX_SHOES);
    if hidden > 0 {
        let (x, y) = chart.backend_coord(&(0.0, rows - 0.5));
        let note = format!("+ {hidden} more shoes in the window");
        put(
            &area,
            &note,
            &font(sizes.small, false, &MUTED),
            (x - x0 + 8, y - y0),
        )?;
    }
    Ok(())
}

fn wear_colour(report: &Report, km: f64) -> RGBColor {
    if km >= report.shoe_alert_km {
        severity_colour(Severity::Alert)
    } else if km >= report.shoe_warning_km {
        severity_colour(Severity::Warning)
    } else {
        level_colour(Level::Low)
    }
}
