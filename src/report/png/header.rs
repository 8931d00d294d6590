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
    let badge_left = draw_score_badge(area, report, sizes, (w, h))?;
    let room = badge_left - MARGIN_PX - GAP_PX;
    let title_style = font(sizes.title, true, &INK);
    let dates = week_dates(area, report, &title_style, room);
    let title = match report.athlete.as_deref() {
        // A long name is cut so the dates always show.
        Some(name) => {
            let name_room = room - text_width(area, &format!(" · {dates}"), &title_style);
            format!(
                "{} · {dates}",
                fit_text(area, name, &title_style, name_room)
            )
        }
        None => fit_text(area, &dates, &title_style, room),
    };
    let facts_style = font(sizes.body, false, &INK);
    let facts = fit_facts(area, &week_facts(report), &facts_style, room);
    let x = MARGIN_PX;
    // The note on incomplete data is a fourth line, under the facts.
    let note_h = report
        .incomplete
        .as_ref()
        .map_or(0, |_| sizes.line(sizes.small));
    let mut y =
        (h - sizes.line(sizes.small) - sizes.line(sizes.title) - sizes.line(sizes.body) - note_h)
            / 2;
    put(
        area,
        "WEEKLY RISK REPORT · runrisk",
        &font(sizes.small, true, &MUTED),
        (x, y),
    )?;
    y += sizes.line(sizes.small);
    put(area, &title, &title_style, (x, y))?;
    y += sizes.line(sizes.title);
    put(area, &facts, &facts_style, (x, y))?;
    y += sizes.line(sizes.body);
    if let Some(note) = &report.incomplete {
        let style = font(sizes.small, true, &DOCTOR_RED);
        put(area, &fit_text(area, note, &style, room), &style, (x, y))?;
    }
    Ok(())
}

/// The week's dates and name, shorter when the long form does not fit
/// (a small image): the week's name is never cut.
fn week_dates<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    style: &TextStyle,
    room: i32,
) -> String {
    let which = if report.partial {
        "week so far,"
    } else {
        "week"
    };
    let long = format!(
        "{} to {} · {which} {}",
        report.start.format("%a %-d %b"),
        report.end.format("%a %-d %b %Y"),
        report.week
    );
    if text_width(area, &long, style) <= room {
        return long;
    }
    let so_far = if report.partial { " so far" } else { "" };
    format!(
        "{}–{}{so_far} · {}",
        report.start.format("%-d %b"),
        report.end.format("%-d %b %Y"),
        report.week
    )
}

/// The facts line: whole parts (split at " · ") as many as fit, so no
/// figure is cut in half.
fn fit_facts<DB: DrawingBackend>(
    area: &Area<DB>,
    facts: &str,
    style: &TextStyle,
    room: i32,
) -> String {
    let parts: Vec<&str> = facts.split(" · ").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join(" · "))
        .find(|line| text_width(area, line, style) <= room)
        .unwrap_or_else(|| fit_text(area, facts, style, room))
}

/// The week in numbers, for the line under the title.
fn week_facts(report: &Report) -> String {
    let ratio = report
        .acwr
        .map_or("not yet known".to_string(), |r| format!("{r:.2}"));
    if report.runs == 0 {
        return format!("no runs this week · load ratio {ratio}");
    }
    format!(
        "{} in {} · {} · longest run {} · load ratio {ratio} · form {:+.1}, {}",
        distance(report, report.distance_km),
        counted(report.runs, "run", "runs"),
        counted(report.rest_days as usize, "rest day", "rest days"),
        distance(report, report.longest_run_km),
        report.form,
        report.form_word()
    )
}

/// Draws the score badge at the right of the header; returns its left edge.
pub(super) fn draw_score_badge<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
    (w, h): (i32, i32),
) -> std::result::Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let badge_h = h - GAP_PX;
    let words_h = GAP_PX / 2 + sizes.line(sizes.body) + sizes.line(sizes.small);
    // The score shrinks on small images so the badge always holds its three lines.
    let score_h = ((sizes.score * SCORE_INK_SHARE) as i32).min(badge_h - words_h - GAP_PX / 2);
    let score_size = f64::from(score_h.max(1)) / SCORE_INK_SHARE;
    let background = level_colour(report.level);
    let ink = text_on(background);
    let score_style = font(score_size, true, &ink).pos(Pos::new(HPos::Center, VPos::Top));
    let label_style = font(sizes.body, true, &ink).pos(Pos::new(HPos::Center, VPos::Top));
    let scale_style = font(sizes.small, false, &ink).pos(Pos::new(HPos::Center, VPos::Top));
    let score = format!("{}", report.score);
    let label = if report.level == Level::Urgent {
        "SEE A DOCTOR".to_string()
    } else {
        format!("{} RISK", report.level.label().to_uppercase())
    };
    let scale = "risk score out of 100";
    let widest = [
        text_width(area, &score, &score_style),
        text_width(area, &label, &label_style),
        text_width(area, scale, &scale_style),
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    let badge_w = widest + 4 * GAP_PX;
    let (x0, y0) = (w - MARGIN_PX - badge_w, GAP_PX / 2);
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + badge_w, y0 + badge_h)],
        background.filled(),
    ))?;
    let centre = x0 + badge_w / 2;
    let top = y0 + (badge_h - score_h - words_h) / 2;
    let score_y = top - (score_size * SCORE_INK_TOP).round() as i32;
    put(area, &score, &score_style, (centre, score_y))?;
    let label_y = top + score_h + GAP_PX / 2;
    put(area, &label, &label_style, (centre, label_y))?;
    put(
        area,
        scale,
        &scale_style,
        (centre, label_y + sizes.line(sizes.body)),
    )?;
    Ok(x0)
}

/// How much of its size a number's glyphs fill, top to bottom.
const SCORE_INK_SHARE: f64 = 0.78;
/// How far below the point `put` is given a number's glyphs begin, as a
/// share of its size (from `GLYPH_RISE`, `PLOTTERS_SIZE_PER_PX` and the
/// font's digit height).
const SCORE_INK_TOP: f64 = 0.15;

/// The banner's text: its lines and their size, one line when it fits,
/// else smaller and on as many lines as it needs.
struct Banner {
    lines: Vec<String>,
    style: TextStyle<'static>,
    line_h: i32,
}

impl Banner {
    fn new<DB: DrawingBackend>(area: &Area<DB>, report: &Report, sizes: Sizes) -> Banner {
        let days: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.rule == crate::risk::RED_FLAG_RULE)
            .filter_map(|f| f.date)
            .map(|d| d.format("%a %-d %b").to_string())
            .collect();
        let day = if days.is_empty() {
            String::new()
        } else {
            format!(" on {}", days.join(" and "))
        };
        let text = format!(
            "SEE A DOCTOR before you run again: you logged a dragging foot or feet you could not lift{day}."
        );
        let room = area.dim_in_pixel().0 as i32 - 2 * MARGIN_PX;
        let ink = text_on(DOCTOR_RED);
        let size = if text_width(area, &text, &font(sizes.heading, true, &ink)) <= room {
            sizes.heading
        } else {
            sizes.body
        };
        let style = font(size, true, &ink).pos(Pos::new(HPos::Left, VPos::Center));
        Banner {
            lines: wrap_to_width(area, &text, &style, room),
            style,
            line_h: sizes.line(size),
        }
    }

    fn height(&self) -> i32 {
        self.line_h * self.lines.len() as i32 + GAP_PX
    }
}

/// The height the banner needs across `area`, at least `least`.
pub(super) fn banner_height<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
    least: i32,
) -> i32 {
    Banner::new(area, report, sizes).height().max(least)
}

pub(super) fn draw_banner<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
    area.fill(&DOCTOR_RED)?;
    let banner = Banner::new(area, report, sizes);
    let height = area.dim_in_pixel().1 as i32;
    let first = (height - banner.line_h * (banner.lines.len() as i32 - 1)) / 2;
    for (i, line) in banner.lines.iter().enumerate() {
        put(
            area,
            line,
            &banner.style,
            (MARGIN_PX, first + i as i32 * banner.line_h),
        )?;
    }
    Ok(())
}
