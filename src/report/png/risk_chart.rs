//! Risk over time: one stacked bar per week, each rule's points in its own
//! colour, the total as a line, and the level bands shaded behind.

use crate::model::Level;
use crate::rules::RULES;
use plotters::prelude::*;
use plotters::style::RGBColor;

use super::style::*;
use crate::report::weekly::Report;

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

pub(super) fn draw_risk_chart<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
    let weeks = report.history.len();
    let title = format!("Risk, week by week (last {weeks} weeks)");
    let area = draw_panel_title(area, &title, sizes)?;
    let rules = rules_in_window(report);
    let mut legend: Vec<(String, RGBColor)> = rules
        .iter()
        .filter_map(|id| crate::rules::rule(id))
        .map(|r| (r.title().to_string(), rule_colour(r.id())))
        .collect();
    if weeks <= MAX_WEEKS_WITH_DOTS {
        legend.push(("total score".to_string(), TOTAL_LINE));
    }
    let legend_h = draw_legend(&area, &legend, sizes)?;
    let (w, h) = area.dim_in_pixel();
    let plot = sub(
        &area,
        0,
        legend_h + GAP_PX / 2,
        w as i32,
        h as i32 - legend_h - GAP_PX / 2,
    );
    let x_range = -0.5..(weeks as f64 - 0.5);
    let mut chart = ChartBuilder::on(&plot)
        .x_label_area_size(sizes.line(sizes.small) + 8)
        .y_label_area_size((sizes.small * 2.6) as i32)
        .build_cartesian_2d(x_range.clone(), 0.0..100.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_labels(x_label_count(w, weeks))
        .x_label_formatter(&|x| week_label(&report.history, *x))
        .label_style(font(sizes.small, false, &MUTED))
        .light_line_style(TRANSPARENT)
        .draw()?;
    let bands = [
        (Level::Low, 0.0, f64::from(crate::risk::MODERATE_FROM)),
        (
            Level::Moderate,
            f64::from(crate::risk::MODERATE_FROM),
            f64::from(crate::risk::HIGH_FROM),
        ),
        (
            Level::High,
            f64::from(crate::risk::HIGH_FROM),
            f64::from(crate::risk::VERY_HIGH_FROM),
        ),
        (
            Level::VeryHigh,
            f64::from(crate::risk::VERY_HIGH_FROM),
            100.0,
        ),
    ];
    chart.draw_series(bands.iter().map(|(level, low, high)| {
        Rectangle::new(
            [(x_range.start, *low), (x_range.end, *high)],
            level_band(*level).filled(),
        )
    }))?;
    let half_bar = if weeks > 150 { 0.5 } else { 0.38 };
    for (i, week) in report.history.iter().enumerate() {
        let sum: u32 = week.factors.iter().map(|(_, p)| p).sum();
        let scale = if sum > 0 {
            f64::from(week.score) / f64::from(sum)
        } else {
            0.0
        };
        let mut base = 0.0;
        let x = i as f64;
        let separated = weeks <= MAX_WEEKS_WITH_DOTS;
        chart.draw_series(week.factors.iter().flat_map(|(rule, points)| {
            let top = base + f64::from(*points) * scale;
            let corners = [(x - half_bar, base), (x + half_bar, top)];
            base = top;
            // A white edge between a week's segments keeps them apart in greyscale.
            let edge = separated.then(|| Rectangle::new(corners, WHITE.stroke_width(2)));
            std::iter::once(Rectangle::new(corners, rule_colour(rule).filled())).chain(edge)
        }))?;
    }
    let totals: Vec<(f64, f64)> = report
        .history
        .iter()
        .enumerate()
        .map(|(i, w)| (i as f64, f64::from(w.score)))
        .collect();
    if weeks <= MAX_WEEKS_WITH_DOTS {
        chart.draw_series(LineSeries::new(
            totals.iter().copied(),
            TOTAL_LINE.stroke_width(2),
        ))?;
        chart.draw_series(
            totals
                .iter()
                .map(|p| Circle::new(*p, 4, TOTAL_LINE.filled())),
        )?;
    }
    for (level, low, _) in &bands {
        let at = chart.backend_coord(&(x_range.start, *low));
        draw_band_label(&plot, level.label(), at, sizes)?;
    }
    let this_week = (weeks as f64 - 1.0, f64::from(report.score));
    chart.draw_series(std::iter::once(Circle::new(
        this_week,
        7,
        level_colour(report.level).filled(),
    )))?;
    chart.draw_series(std::iter::once(Circle::new(
        this_week,
        7,
        TOTAL_LINE.stroke_width(2),
    )))?;
    Ok(())
}

/// A level's name at the foot of its band, on a pale box so bars never hide it.
pub(super) fn draw_band_label<DB: DrawingBackend>(
    plot: &Area<DB>,
    label: &str,
    (x, y): (i32, i32),
    sizes: Sizes,
) -> Drawn<DB> {
    let style = font(sizes.small, false, &MUTED);
    let (x0, y0) = plot.get_base_pixel();
    let (x, y) = (x - x0 + 6, y - y0 - sizes.line(sizes.small) - 2);
    let w = text_width(plot, label, &style) + 8;
    plot.draw(&Rectangle::new(
        [(x - 4, y), (x + w - 4, y + sizes.line(sizes.small))],
        WHITE.mix(0.75).filled(),
    ))?;
    put(plot, label, &style, (x, y))
}
