//! Risk over time: one stacked bar per week, each rule's points in its own
//! colour, the total as a line, and the level bands shaded behind.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use crate::model::Level;
use crate::report::weekly::{HistoryWeek, Report};
use crate::risk::{HIGH_FROM, MAX_SCORE, MODERATE_FROM, VERY_HIGH_FROM};
use crate::rules::RULES;

/// Radius of the dots on the total line, and of the marker of the reported week.
const DOT_PX: i32 = 4;
const THIS_WEEK_PX: i32 = 7;

/// The rules with points somewhere in the window, in registry order.
pub(super) fn rules_in_window(report: &Report) -> Vec<&'static str> {
    RULES
        .iter()
        .map(|r| r.id())
        .filter(|id| {
            report
                .history
                .iter()
                .any(|w| w.factors.iter().any(|(r, _)| r == id))
        })
        .collect()
}

/// The level bands, from their lowest score to the next level's.
fn level_bands() -> [(Level, f64, f64); 4] {
    let at = |score: u32| f64::from(score);
    [
        (Level::Low, 0.0, at(MODERATE_FROM)),
        (Level::Moderate, at(MODERATE_FROM), at(HIGH_FROM)),
        (Level::High, at(HIGH_FROM), at(VERY_HIGH_FROM)),
        (Level::VeryHigh, at(VERY_HIGH_FROM), at(MAX_SCORE)),
    ]
}

fn risk_legend(report: &Report) -> Vec<(String, RGBColor)> {
    let mut legend: Vec<(String, RGBColor)> = rules_in_window(report)
        .iter()
        .filter_map(|id| crate::rules::rule(id))
        .map(|r| (r.title().to_string(), rule_colour(r.id())))
        .collect();
    if report.history.len() <= MAX_WEEKS_WITH_DOTS {
        legend.push(("total score".to_string(), TOTAL_LINE));
    }
    legend
}

pub(super) fn draw_risk_chart<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
    span: super::Span,
) -> Drawn<DB> {
    let weeks = report.history.len();
    let last = crate::report::text::counted(span.weeks, "week", "weeks");
    let title = if span.monthly {
        format!("Risk by month, each month's highest week (last {last})")
    } else {
        format!("Risk, week by week (last {last})")
    };
    let plot = legend_panel(area, &title, &risk_legend(report), sizes)?;
    let x_range = week_range(weeks);
    // A margin, not a label area, on the right: it holds the level names
    // (a label area would repeat the scores there).
    let mut chart = week_chart_builder(&plot, sizes)
        .margin_right(right_axis_px(sizes))
        .build_cartesian_2d(x_range.clone(), 0.0..f64::from(MAX_SCORE))?;
    draw_week_axes(&mut chart, report, sizes, (plot.dim_in_pixel().0, 6))?;
    chart.draw_series(level_bands().into_iter().map(|(level, low, high)| {
        Rectangle::new(
            [(x_range.start, low), (x_range.end, high)],
            level_band(level).filled(),
        )
    }))?;
    for (i, week) in report.history.iter().enumerate() {
        draw_week_bar(&mut chart, i, week, weeks)?;
    }
    draw_totals(&mut chart, report)?;
    // Bottom up; a name that would touch the one below it is left out.
    let mut last_y = i32::MAX;
    for (level, low, high) in level_bands() {
        let at = chart.backend_coord(&(x_range.end, (low + high) / 2.0));
        if last_y - at.1 >= sizes.line(sizes.small) {
            draw_band_label(&plot, level.label(), at, sizes)?;
            last_y = at.1;
        }
    }
    let this_week = (weeks as f64 - 1.0, f64::from(report.score));
    chart.draw_series([
        Circle::new(this_week, THIS_WEEK_PX, level_colour(report.level).filled()),
        Circle::new(this_week, THIS_WEEK_PX, TOTAL_LINE.stroke_width(2)),
    ])?;
    Ok(())
}

/// One week's stacked bar: each rule's points, scaled so the stack is the (capped) score.
fn draw_week_bar<DB: DrawingBackend>(
    chart: &mut WeekChart<'_, DB>,
    index: usize,
    week: &HistoryWeek,
    weeks: usize,
) -> Drawn<DB> {
    let sum: u32 = week.factors.iter().map(|(_, p)| p).sum();
    let scale = if sum > 0 {
        f64::from(week.score) / f64::from(sum)
    } else {
        0.0
    };
    let (x, half) = (index as f64, half_bar(weeks));
    let separated = weeks <= MAX_WEEKS_WITH_DOTS;
    let mut base = 0.0;
    chart.draw_series(week.factors.iter().flat_map(|(rule, points)| {
        let top = base + f64::from(*points) * scale;
        let corners = [(x - half, base), (x + half, top)];
        base = top;
        // A white edge between a week's segments keeps them apart in greyscale.
        let edge = separated.then(|| Rectangle::new(corners, WHITE.stroke_width(2)));
        std::iter::once(Rectangle::new(corners, rule_colour(rule).filled())).chain(edge)
    }))?;
    Ok(())
}

/// The total score as a line with dots, for windows short enough to read it.
fn draw_totals<DB: DrawingBackend>(chart: &mut WeekChart<'_, DB>, report: &Report) -> Drawn<DB> {
    if report.history.len() > MAX_WEEKS_WITH_DOTS {
        return Ok(());
    }
    let totals: Vec<(f64, f64)> = report
        .history
        .iter()
        .enumerate()
        .map(|(i, w)| (i as f64, f64::from(w.score)))
        .collect();
    chart.draw_series(LineSeries::new(
        totals.iter().copied(),
        TOTAL_LINE.stroke_width(2),
    ))?;
    chart.draw_series(
        totals
            .iter()
            .map(|p| Circle::new(*p, DOT_PX, TOTAL_LINE.filled())),
    )?;
    Ok(())
}

/// A level's name beside its band, right of the plot where no bar can hide it.
pub(super) fn draw_band_label<DB: DrawingBackend>(
    plot: &Area<DB>,
    label: &str,
    (x, y): (i32, i32),
    sizes: Sizes,
) -> Drawn<DB> {
    let style = font(sizes.small, false, &MUTED).pos(Pos::new(HPos::Left, VPos::Center));
    let (x0, y0) = plot.get_base_pixel();
    put(plot, label, &style, (x - x0 + 6, y - y0))
}
