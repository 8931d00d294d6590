//! Load: weekly distance as bars with the acute:chronic ratio as a line on a
//! second axis, and the usual 0.8 to 1.3 range shaded.

use crate::report::weekly::HistoryWeek;
use plotters::prelude::*;

use super::style::*;
use crate::report::weekly::Report;

pub(super) fn draw_load_chart<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
    let weeks = report.history.len();
    let unit = report.units.abbreviation();
    let area = draw_panel_title(
        area,
        &format!("Weekly distance ({unit}) and load ratio"),
        sizes,
    )?;
    let legend = [
        (format!("distance ({unit})"), LOAD_BAR),
        ("load ratio: week ÷ 4 weeks before".to_string(), RATIO_LINE),
        (
            format!("usual range {}–{}", SAFE_RATIO.0, SAFE_RATIO.1),
            SAFE_BAND_SWATCH,
        ),
    ];
    let legend_h = draw_legend(&area, &legend, sizes)?;
    let (w, h) = area.dim_in_pixel();
    let plot = sub(
        &area,
        0,
        legend_h + GAP_PX / 2,
        w as i32,
        h as i32 - legend_h - GAP_PX / 2,
    );
    let distances: Vec<f64> = report
        .history
        .iter()
        .map(|wk| report.units.from_km(wk.distance_km))
        .collect();
    let top = distances.iter().copied().fold(10.0, f64::max) * 1.15;
    let ratio_top = report
        .history
        .iter()
        .filter_map(|wk| wk.acwr)
        .fold(2.0, f64::max)
        * 1.1;
    let x_range = -0.5..(weeks as f64 - 0.5);
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(sizes.line(sizes.small) + 8)
        .y_label_area_size((sizes.small * 2.6) as i32)
        .right_y_label_area_size((sizes.small * 2.6) as i32)
        .build_cartesian_2d(x_range.clone(), 0.0..top)?
        .set_secondary_coord(x_range.clone(), 0.0..ratio_top);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(5)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_labels(x_label_count(w, weeks))
        .x_label_formatter(&|x| week_label(&report.history, *x))
        .label_style(font(sizes.small, false, &MUTED))
        .light_line_style(TRANSPARENT)
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_labels(5)
        .y_label_formatter(&|y| format!("{y:.1}"))
        .label_style(font(sizes.small, false, &RATIO_LINE))
        .draw()?;
    chart.draw_secondary_series(std::iter::once(Rectangle::new(
        [(x_range.start, SAFE_RATIO.0), (x_range.end, SAFE_RATIO.1)],
        SAFE_BAND.mix(0.15).filled(),
    )))?;
    let half_bar = if weeks > 150 { 0.5 } else { 0.38 };
    chart.draw_series(distances.iter().enumerate().map(|(i, km)| {
        let colour = if i + 1 == weeks {
            LOAD_BAR_THIS_WEEK
        } else {
            LOAD_BAR
        };
        Rectangle::new(
            [(i as f64 - half_bar, 0.0), (i as f64 + half_bar, *km)],
            colour.filled(),
        )
    }))?;
    for segment in ratio_segments(&report.history) {
        chart.draw_secondary_series(LineSeries::new(
            segment.iter().copied(),
            RATIO_LINE.stroke_width(3),
        ))?;
        if weeks <= MAX_WEEKS_WITH_DOTS {
            chart.draw_secondary_series(
                segment
                    .iter()
                    .map(|p| Circle::new(*p, 4, RATIO_LINE.filled())),
            )?;
        }
    }
    Ok(())
}

/// The ratio line, broken where a week has no ratio.
pub(super) fn ratio_segments(history: &[HistoryWeek]) -> Vec<Vec<(f64, f64)>> {
    let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, week) in history.iter().enumerate() {
        match (week.acwr, segments.last_mut()) {
            (Some(ratio), Some(segment)) => segment.push((i as f64, ratio)),
            (None, Some(segment)) if !segment.is_empty() => segments.push(Vec::new()),
            _ => {}
        }
    }
    segments.retain(|s| !s.is_empty());
    segments
}
