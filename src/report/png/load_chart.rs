//! Load: weekly distance as bars with fitness (the week the runner is used
//! to, the 42-day average) as a line over them, the acute:chronic ratio as
//! a line on a second axis, and its usual 0.8 to 1.3 range shaded.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use crate::analysis::load::CHRONIC_WEEKS;
use crate::report::weekly::HistoryWeek;

use super::style::*;
use crate::report::weekly::Report;

/// Headroom above the tallest bar and the highest ratio.
const BAR_HEADROOM: f64 = 1.15;
const RATIO_HEADROOM: f64 = 1.1;
/// The ratio axis reaches at least this high, so the usual range sits low on it.
const MIN_RATIO_TOP: f64 = 2.0;
/// The distance axis reaches at least this high, for very short weeks.
const MIN_DISTANCE_TOP: f64 = 10.0;
const RATIO_DOT_PX: i32 = 4;

pub(super) fn draw_load_chart<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
    span: super::Span,
) -> Drawn<DB> {
    let unit = report.units.abbreviation();
    let (per, ratio_is) = if span.monthly {
        (
            " per month",
            format!("the month's mean of week ÷ {CHRONIC_WEEKS} weeks before"),
        )
    } else {
        ("", format!("week ÷ {CHRONIC_WEEKS} weeks before"))
    };
    let fitness_line = report.history.iter().any(|w| w.fitness_week_km.is_some());
    let mut legend = vec![(format!("distance{per} ({unit})"), LOAD_BAR)];
    if fitness_line {
        legend.push((
            "fitness: your usual week, 6-week trend".to_string(),
            FITNESS_LINE,
        ));
    }
    // The ratio and its usual range only when some week has a ratio: a
    // log of a few weeks has nothing to compare yet.
    let ratio = report.history.iter().any(|w| w.acwr.is_some());
    if ratio {
        legend.extend([
            (format!("load ratio (right axis): {ratio_is}"), RATIO_LINE),
            (
                format!(
                    "usual load ratio {}–{} (right axis)",
                    SAFE_RATIO.0, SAFE_RATIO.1
                ),
                SAFE_BAND_SWATCH,
            ),
        ]);
    }
    let shown: Vec<&str> = [(fitness_line, "fitness"), (ratio, "load ratio")]
        .into_iter()
        .filter_map(|(shown, name)| shown.then_some(name))
        .collect();
    let title = match shown.as_slice() {
        [] => format!("{} ({unit})", distance_title(span)),
        [one] => format!("{} ({unit}) and {one}", distance_title(span)),
        _ => format!("{} ({unit}), fitness and load ratio", distance_title(span)),
    };
    let plot = legend_panel(area, &title, &legend, sizes)?;
    let distances: Vec<f64> = report
        .history
        .iter()
        .map(|wk| report.units.from_km(wk.distance_km))
        .collect();
    let top = distances.iter().copied().fold(MIN_DISTANCE_TOP, f64::max) * BAR_HEADROOM;
    let ratio_top = report
        .history
        .iter()
        .filter_map(|wk| wk.acwr)
        .fold(MIN_RATIO_TOP, f64::max)
        * RATIO_HEADROOM;
    let x_range = week_range(distances.len());
    let mut chart = week_chart_builder(&plot, sizes)
        .right_y_label_area_size(right_axis_px(sizes))
        .build_cartesian_2d(x_range.clone(), 0.0..top)?
        .set_secondary_coord(x_range.clone(), 0.0..ratio_top);
    draw_week_axes(&mut chart, report, sizes, (plot.dim_in_pixel().0, 5))?;
    let half = half_bar(distances.len());
    chart.draw_series(distances.iter().enumerate().map(|(i, km)| {
        let this_week = i + 1 == distances.len();
        let colour = if this_week {
            LOAD_BAR_THIS_WEEK
        } else {
            LOAD_BAR
        };
        Rectangle::new(
            [(i as f64 - half, 0.0), (i as f64 + half, *km)],
            colour.filled(),
        )
    }))?;
    let fitness: Vec<(f64, f64)> = report
        .history
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            w.fitness_week_km
                .map(|km| (i as f64, report.units.from_km(km)))
        })
        .collect();
    chart.draw_series(LineSeries::new(fitness, FITNESS_LINE.stroke_width(3)))?;
    if !ratio {
        return Ok(());
    }
    let plot_h = chart.plotting_area().dim_in_pixel().1;
    chart
        .configure_secondary_axes()
        .y_labels(y_label_count(plot_h, 5, sizes))
        .y_label_formatter(&|y| format!("{y:.1}"))
        .label_style(font(sizes.small, false, &RATIO_LINE))
        .draw()?;
    draw_usual_range(&mut chart, x_range)?;
    let dots = distances.len() <= MAX_WEEKS_WITH_DOTS;
    for segment in ratio_segments(&report.history) {
        chart.draw_secondary_series(LineSeries::new(
            segment.iter().copied(),
            RATIO_LINE.stroke_width(3),
        ))?;
        if dots {
            chart.draw_secondary_series(
                segment
                    .iter()
                    .map(|p| Circle::new(*p, RATIO_DOT_PX, RATIO_LINE.filled())),
            )?;
        }
    }
    Ok(())
}

/// The usual range of the ratio, drawn over the bars so it does not read
/// as a range of distance: a pale band with thin edges, and a solid strip
/// against the ratio axis it belongs to.
fn draw_usual_range<DB: DrawingBackend>(
    chart: &mut DualWeekChart<'_, DB>,
    x_range: std::ops::Range<f64>,
) -> Drawn<DB> {
    let (low, high) = SAFE_RATIO;
    chart.draw_secondary_series(std::iter::once(Rectangle::new(
        [(x_range.start, low), (x_range.end, high)],
        SAFE_BAND.mix(SAFE_BAND_ALPHA).filled(),
    )))?;
    for edge in [low, high] {
        chart.draw_secondary_series(LineSeries::new(
            [(x_range.start, edge), (x_range.end, edge)],
            SAFE_BAND.mix(SAFE_EDGE_ALPHA).stroke_width(1),
        ))?;
    }
    let plot_w = f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
    let strip = (x_range.end - x_range.start) * f64::from(SAFE_STRIP_PX) / plot_w;
    chart.draw_secondary_series(std::iter::once(Rectangle::new(
        [(x_range.end - strip, low), (x_range.end, high)],
        SAFE_BAND.filled(),
    )))?;
    Ok(())
}

/// The load chart: distance on the left axis, the load ratio on the right.
type DualWeekChart<'a, DB> = plotters::chart::DualCoordChartContext<
    'a,
    DB,
    Cartesian2d<RangedCoordf64, RangedCoordf64>,
    Cartesian2d<RangedCoordf64, RangedCoordf64>,
>;

fn distance_title(span: super::Span) -> &'static str {
    if span.monthly {
        "Distance per month"
    } else {
        "Weekly distance"
    }
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
