//! The header band: the week, its numbers and the risk score badge in the
//! level's colour, and the red "see a doctor" banner when the week needs it.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use crate::model::Level;
use crate::report::text::counted;
use crate::report::weekly::Report;

pub(super) fn draw_header<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
    area.fill(&PANEL)?;
    let (width, height) = area.dim_in_pixel();
    let (w, h) = (width as i32, height as i32);
    let who = report
        .athlete
        .as_deref()
        .map(|a| format!("{a} · "))
        .unwrap_or_default();
    let title = format!(
        "{who}{} to {} · week {}",
        report.start.format("%a %-d %b"),
        report.end.format("%a %-d %b %Y"),
        report.week
    );
    let ratio = report
        .acwr
        .map_or("not yet known".to_string(), |r| format!("{r:.2}"));
    let facts = format!(
        "{} in {} · {} · longest run {} · load ratio {}",
        distance(report, report.distance_km),
        counted(report.runs, "run", "runs"),
        counted(report.rest_days as usize, "rest day", "rest days"),
        distance(report, report.longest_run_km),
        ratio
    );
    let x = MARGIN_PX;
    let mut y =
        (h - sizes.line(sizes.small) - sizes.line(sizes.title) - sizes.line(sizes.body)) / 2;
    put(
        area,
        "WEEKLY RISK REPORT · runrisk",
        &font(sizes.small, true, &MUTED),
        (x, y),
    )?;
    y += sizes.line(sizes.small);
    put(area, &title, &font(sizes.title, true, &INK), (x, y))?;
    y += sizes.line(sizes.title);
    put(area, &facts, &font(sizes.body, false, &INK), (x, y))?;
    if let Some(note) = &report.incomplete {
        put(
            area,
            note,
            &font(sizes.small, true, &DOCTOR_RED),
            (x, h - sizes.line(sizes.small)),
        )?;
    }
    draw_score_badge(area, report, sizes, (w, h))
}

pub(super) fn draw_score_badge<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
    (w, h): (i32, i32),
) -> Drawn<DB> {
    let score_style = font(sizes.score, true, &WHITE).pos(Pos::new(HPos::Center, VPos::Top));
    let label_style = font(sizes.body, true, &WHITE).pos(Pos::new(HPos::Center, VPos::Top));
    let score = format!("{}", report.score);
    let label = if report.level == Level::Urgent {
        "SEE A DOCTOR".to_string()
    } else {
        format!("{} RISK", report.level.label().to_uppercase())
    };
    let scale = "risk score out of 100";
    let scale_style = font(sizes.small, false, &WHITE).pos(Pos::new(HPos::Center, VPos::Top));
    let widest = [
        text_width(area, &score, &score_style),
        text_width(area, &label, &label_style),
        text_width(area, scale, &scale_style),
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    let badge_w = widest + 4 * GAP_PX;
    let badge_h = h - GAP_PX;
    let x0 = w - MARGIN_PX - badge_w;
    let y0 = GAP_PX / 2;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + badge_w, y0 + badge_h)],
        level_colour(report.level).filled(),
    ))?;
    let centre = x0 + badge_w / 2;
    let score_h = (sizes.score * 0.78) as i32;
    let total = score_h + GAP_PX / 2 + sizes.line(sizes.body) + sizes.line(sizes.small);
    let top = y0 + (badge_h - total) / 2;
    put(area, &score, &score_style, (centre, top))?;
    let label_y = top + score_h + GAP_PX / 2;
    put(area, &label, &label_style, (centre, label_y))?;
    put(
        area,
        scale,
        &scale_style,
        (centre, label_y + sizes.line(sizes.body)),
    )
}

pub(super) fn draw_banner<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
    area.fill(&DOCTOR_RED)?;
    let (_, height) = area.dim_in_pixel();
    let day = report
        .findings
        .iter()
        .find(|f| f.rule == crate::risk::RED_FLAG_RULE)
        .and_then(|f| f.date)
        .map(|d| format!(" on {}", d.format("%a %-d %b")))
        .unwrap_or_default();
    let text = format!(
        "SEE A DOCTOR before you run again: you logged a dragging foot or feet you could not lift{day}."
    );
    let style = font(sizes.heading, true, &WHITE).pos(Pos::new(HPos::Left, VPos::Center));
    put(area, &text, &style, (MARGIN_PX, height as i32 / 2))
}
