//! The club overview: one row per athlete, ranked by this week's risk, with
//! the recent weeks as cells coloured by level, this week's score, and the
//! top finding in words. An athlete who must see a doctor gets a red row
//! that no coach can miss. Rows shrink to fit 30 athletes on one image and
//! past that the image says how many more `runrisk athletes` lists.

use plotters::prelude::*;

use super::style::*;
use crate::model::Level;
use crate::report::club::{ClubReport, ClubRow};

/// Shares of the width: names, the week cells, this week's score; the top
/// finding takes the rest.
const NAME_SHARE: f64 = 0.16;
const CELLS_SHARE: f64 = 0.34;
const SCORE_SHARE: f64 = 0.08;
/// Rows are at most this many lines of body text high, at least one of small text.
const MAX_ROW_LINES: f64 = 3.4;
const MIN_ROW_LINES: f64 = 1.35;
/// Gap between cells, in pixels.
const CELL_GAP_PX: i32 = 2;
/// The urgent row's background: the doctor red, pale.
const URGENT_ROW_ALPHA: f64 = 0.14;

pub(super) fn draw_club<DB: DrawingBackend>(root: &Area<DB>, club: &ClubReport) -> Drawn<DB> {
    root.fill(&BACKGROUND)?;
    let (width, height) = root.dim_in_pixel();
    let sizes = Sizes::for_image(width, height);
    let (w, h) = (width as i32, height as i32);
    let header_h = draw_club_header(root, club, sizes, w)?;
    let legend_h = sizes.line(sizes.small) * 2;
    let table_top = header_h + GAP_PX;
    let table = sub(
        root,
        MARGIN_PX,
        table_top,
        w - 2 * MARGIN_PX,
        h - table_top - legend_h - MARGIN_PX / 2,
    );
    draw_table(&table, club, sizes)?;
    draw_club_legend(
        &sub(root, MARGIN_PX, h - legend_h, w - 2 * MARGIN_PX, legend_h),
        sizes,
    )
}

/// The header band: what this is, the week, and the counts a coach acts on.
fn draw_club_header<DB: DrawingBackend>(
    root: &Area<DB>,
    club: &ClubReport,
    sizes: Sizes,
    w: i32,
) -> std::result::Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let lines = if club.incomplete.is_some() { 4 } else { 3 };
    let header_h = sizes.line(sizes.small)
        + sizes.line(sizes.title)
        + sizes.line(sizes.body) * (lines - 2)
        + GAP_PX;
    let area = sub(root, 0, 0, w, header_h);
    area.fill(&PANEL)?;
    let mut y = GAP_PX / 2;
    put(
        &area,
        "CLUB RISK OVERVIEW · runrisk",
        &font(sizes.small, false, &MUTED),
        (MARGIN_PX, y),
    )?;
    y += sizes.line(sizes.small);
    let which = if club.partial { "week so far," } else { "week" };
    let title = format!(
        "{} to {} · {which} {}",
        club.start.format("%a %-d %b"),
        club.end.format("%a %-d %b %Y"),
        club.week
    );
    put(
        &area,
        &title,
        &font(sizes.title, false, &INK),
        (MARGIN_PX, y),
    )?;
    y += sizes.line(sizes.title);
    let (urgent, high) = club.counts();
    let mut parts = vec![crate::words::counted(
        club.athletes.len(),
        "athlete",
        "athletes",
    )];
    if urgent > 0 {
        parts.push(format!("{urgent} must see a doctor"));
    }
    parts.push(format!("{high} at high risk or above"));
    parts.push("riskiest first".into());
    let colour = if urgent > 0 { DOCTOR_RED } else { INK };
    put(
        &area,
        &parts.join(" · "),
        &font(sizes.body, urgent > 0, &colour),
        (MARGIN_PX, y),
    )?;
    if let Some(note) = &club.incomplete {
        y += sizes.line(sizes.body);
        let style = font(sizes.body, false, &DOCTOR_RED);
        let text = fit_text(
            &area,
            &format!("Incomplete data: {note}"),
            &style,
            w - 2 * MARGIN_PX,
        );
        put(&area, &text, &style, (MARGIN_PX, y))?;
    }
    Ok(header_h)
}

/// Where the table's columns start, in pixels from its left edge.
struct Columns {
    cells: i32,
    score: i32,
    top: i32,
    width: i32,
}

impl Columns {
    fn for_width(width: i32) -> Columns {
        let at = |share: f64| (f64::from(width) * share) as i32;
        let cells = at(NAME_SHARE);
        let score = cells + at(CELLS_SHARE) + GAP_PX;
        Columns {
            cells,
            score,
            top: score + at(SCORE_SHARE) + GAP_PX,
            width,
        }
    }
}

fn draw_table<DB: DrawingBackend>(area: &Area<DB>, club: &ClubReport, sizes: Sizes) -> Drawn<DB> {
    let (width, height) = area.dim_in_pixel();
    let columns = Columns::for_width(width as i32);
    let head_h = sizes.line(sizes.small);
    draw_column_heads(area, club, &columns, sizes)?;
    let room = height as i32 - head_h;
    let most = (f64::from(sizes.line(sizes.body)) * MAX_ROW_LINES) as i32;
    let least = (sizes.small * MIN_ROW_LINES).ceil() as i32;
    let count = club.athletes.len().max(1) as i32;
    let row_h = (room / count).clamp(least, most);
    let fitting = ((room / row_h) as usize).min(club.athletes.len());
    let shown = if fitting < club.athletes.len() {
        fitting.saturating_sub(1)
    } else {
        fitting
    };
    for (i, row) in club.athletes.iter().take(shown).enumerate() {
        let y = head_h + i as i32 * row_h;
        draw_row(
            &sub(area, 0, y, width as i32, row_h),
            row,
            &columns,
            sizes,
            i,
        )?;
    }
    if shown < club.athletes.len() {
        let more = club.athletes.len() - shown;
        let who = if more == 1 { "athlete" } else { "athletes" };
        let text = format!("+ {more} more {who} at lower risk: `runrisk athletes` lists them all");
        let y = head_h + shown as i32 * row_h + (row_h - sizes.line(sizes.small)) / 2;
        put(area, &text, &font(sizes.small, false, &MUTED), (0, y))?;
    }
    Ok(())
}

fn draw_column_heads<DB: DrawingBackend>(
    area: &Area<DB>,
    club: &ClubReport,
    columns: &Columns,
    sizes: Sizes,
) -> Drawn<DB> {
    let style = font(sizes.small, false, &MUTED);
    put(area, "athlete", &style, (0, 0))?;
    put(area, "risk", &style, (columns.score, 0))?;
    put(area, "this week's top finding", &style, (columns.top, 0))?;
    let cells_w = columns.score - GAP_PX - columns.cells;
    let cell_w = cells_w / club.weeks.len().max(1) as i32;
    // From the newest week back: each label starts at its week's cell
    // (the newest kept inside the cells) and is left out where it would
    // touch the label after it.
    let right = columns.cells + club.weeks.len() as i32 * cell_w - CELL_GAP_PX;
    let mut free_until = right;
    for (i, week) in club.weeks.iter().enumerate().rev() {
        let label = week.monday().format("%-d %b").to_string();
        let label_w = text_width(area, &label, &style);
        let x = (columns.cells + i as i32 * cell_w).min(right - label_w);
        if x + label_w + GAP_PX > free_until && free_until != right {
            continue;
        }
        put(area, &label, &style, (x, 0))?;
        free_until = x;
    }
    Ok(())
}

fn draw_row<DB: DrawingBackend>(
    area: &Area<DB>,
    row: &ClubRow,
    columns: &Columns,
    sizes: Sizes,
    index: usize,
) -> Drawn<DB> {
    let (_, height) = area.dim_in_pixel();
    let h = height as i32;
    if row.urgent {
        area.fill(&DOCTOR_RED.mix(URGENT_ROW_ALPHA))?;
    } else if index % 2 == 1 {
        area.fill(&PANEL)?;
    }
    let text_y = (h - sizes.line(sizes.body)) / 2;
    let name_style = font(
        sizes.body,
        row.urgent,
        if row.urgent { &DOCTOR_RED } else { &INK },
    );
    let name = fit_text(area, &row.name, &name_style, columns.cells - GAP_PX);
    put(area, &name, &name_style, (GAP_PX / 2, text_y))?;
    draw_cells(area, row, columns, sizes)?;
    draw_score(area, row, columns, sizes)?;
    let (top, style) = if row.urgent {
        let message = row
            .top
            .split_once(": ")
            .map_or(row.top.as_str(), |(_, m)| m);
        (
            format!("SEE A DOCTOR · {message}"),
            font(sizes.body, true, &DOCTOR_RED),
        )
    } else {
        let colour = if row.level >= Level::Moderate {
            INK
        } else {
            MUTED
        };
        (row.top.clone(), font(sizes.body, false, &colour))
    };
    draw_top_finding(area, &top, &style, columns, sizes)
}

/// The top finding on as many lines as the row holds, the last cut with "…".
fn draw_top_finding<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    columns: &Columns,
    sizes: Sizes,
) -> Drawn<DB> {
    let (_, height) = area.dim_in_pixel();
    let line_h = sizes.line(sizes.body);
    let room = columns.width - columns.top;
    let fits = ((height as i32 - 2 * CELL_GAP_PX) / line_h).max(1) as usize;
    let mut lines = wrap_to_width(area, text, style, room);
    if lines.len() > fits {
        let rest = lines[fits - 1..].join(" ");
        lines.truncate(fits - 1);
        lines.push(fit_text(area, &format!("{rest}…"), style, room));
    }
    let top = (height as i32 - line_h * lines.len() as i32) / 2;
    for (i, line) in lines.iter().enumerate() {
        put(area, line, style, (columns.top, top + i as i32 * line_h))?;
    }
    Ok(())
}

/// The recent weeks: a cell per week in its level's colour, with its score
/// when the cell is wide enough and the score above 0; grey for a week
/// without runs.
fn draw_cells<DB: DrawingBackend>(
    area: &Area<DB>,
    row: &ClubRow,
    columns: &Columns,
    sizes: Sizes,
) -> Drawn<DB> {
    let cells_w = columns.score - GAP_PX - columns.cells;
    let cell_w = cells_w / row.cells.len().max(1) as i32;
    let number_fits =
        cell_w >= text_width(area, "100", &font(sizes.small, false, &INK)) + 2 * CELL_GAP_PX;
    for (i, cell) in row.cells.iter().enumerate() {
        let x = columns.cells + i as i32 * cell_w;
        let span = (x, x + cell_w - CELL_GAP_PX);
        match cell {
            Some((score, level)) => {
                let text = (number_fits && *score > 0).then(|| score.to_string());
                let style = |colour| font(sizes.small, false, &text_on(colour));
                labelled_box(
                    area,
                    span,
                    level_colour(*level),
                    text.as_deref(),
                    style,
                    sizes.small,
                )?;
            }
            None => {
                let (_, height) = area.dim_in_pixel();
                let corners = [(span.0, CELL_GAP_PX), (span.1, height as i32 - CELL_GAP_PX)];
                area.draw(&Rectangle::new(corners, MUTED.mix(0.35)))?;
            }
        }
    }
    Ok(())
}

/// This week's score, in bold on its level's colour.
fn draw_score<DB: DrawingBackend>(
    area: &Area<DB>,
    row: &ClubRow,
    columns: &Columns,
    sizes: Sizes,
) -> Drawn<DB> {
    let span = (columns.score, columns.top - GAP_PX);
    let style = |colour| font(sizes.body, true, &text_on(colour));
    let text = row.risk.to_string();
    labelled_box(
        area,
        span,
        level_colour(row.level),
        Some(&text),
        style,
        sizes.body,
    )
}

/// A box from `span.0` to `span.1` the row's height in `colour`, with
/// `text` centred on it in the style `style` gives for that colour.
fn labelled_box<DB: DrawingBackend>(
    area: &Area<DB>,
    (left, right): (i32, i32),
    colour: RGBColor,
    text: Option<&str>,
    style: impl Fn(RGBColor) -> TextStyle<'static>,
    size: f64,
) -> Drawn<DB> {
    let (_, height) = area.dim_in_pixel();
    let h = height as i32;
    area.draw(&Rectangle::new(
        [(left, CELL_GAP_PX), (right, h - CELL_GAP_PX)],
        colour.filled(),
    ))?;
    let Some(text) = text else {
        return Ok(());
    };
    let style = style(colour);
    let x = left + (right - left - text_width(area, text, &style)) / 2;
    put(
        area,
        text,
        &style,
        (x, (h - (size * LINE_SPACING) as i32) / 2),
    )
}

/// What the colours mean.
fn draw_club_legend<DB: DrawingBackend>(area: &Area<DB>, sizes: Sizes) -> Drawn<DB> {
    let style = font(sizes.small, false, &MUTED);
    let swatch = sizes.small as i32;
    let line_h = sizes.line(sizes.small);
    let rest = "no run that week · each cell is a week, with its risk score (0-100) when above 0";
    let (width, _) = area.dim_in_pixel();
    // On a narrow image the levels take the first line and the rest the second.
    let one_line = text_width(
        area,
        &format!("low moderate high very high urgent   {rest}"),
        &style,
    ) + 6 * (swatch + GAP_PX)
        <= width as i32;
    let top = if one_line { line_h / 2 } else { 0 };
    let y = (line_h - swatch) / 2 + top;
    let mut x = 0;
    for level in LEVELS_LOW_FIRST {
        area.draw(&Rectangle::new(
            [(x, y), (x + swatch, y + swatch)],
            level_colour(level).filled(),
        ))?;
        x += swatch + GAP_PX / 2;
        let label = level.label();
        put(area, label, &style, (x, top))?;
        x += text_width(area, label, &style) + GAP_PX;
    }
    let (x, y, text_y) = if one_line {
        (x, y, top)
    } else {
        (0, y + line_h, line_h)
    };
    area.draw(&Rectangle::new(
        [(x, y), (x + swatch, y + swatch)],
        MUTED.mix(0.35),
    ))?;
    let x = x + swatch + GAP_PX / 2;
    put(
        area,
        &fit_text(area, rest, &style, width as i32 - x),
        &style,
        (x, text_y),
    )
}
