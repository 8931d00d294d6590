//! This week's findings, most severe first, each with its numbers and its
//! advice wrapped to the panel, and a key to the score at the foot.

use crate::model::Severity;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use crate::report::weekly::Report;

pub(super) fn draw_findings<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
    area.fill(&PANEL)?;
    let (width, height) = area.dim_in_pixel();
    let inner = sub(
        area,
        GAP_PX,
        GAP_PX,
        width as i32 - 2 * GAP_PX,
        height as i32 - 2 * GAP_PX,
    );
    let errors = report
        .findings
        .iter()
        .any(|f| f.severity >= Severity::Warning);
    let title = if errors {
        "This week: what to change"
    } else {
        "This week"
    };
    let panel = draw_panel_title(&inner, title, sizes)?;
    let (w, h) = panel.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let footnote_h = draw_score_key(&panel, sizes, (w, h))?;
    let next_h = draw_next_week(&panel, report, sizes, (w, h - footnote_h - GAP_PX))?;
    let body = sub(&panel, 0, 0, w, h - footnote_h - next_h - 2 * GAP_PX);
    let mut y = 0;
    if !errors {
        let style = font(sizes.body, false, &INK);
        for line in wrap_to_width(&body, NOTHING_FOUND, &style, w) {
            put(&body, &line, &style, (0, y))?;
            y += sizes.line(sizes.body);
        }
        y += GAP_PX;
    }
    let (_, body_h) = body.dim_in_pixel();
    let reserve = sizes.line(sizes.small);
    for (shown, finding) in report.findings.iter().enumerate() {
        let block = finding_lines(&body, finding, sizes, w);
        let block_h: i32 = block
            .iter()
            .map(|(_, style, _)| sizes.line(style.font.get_size()))
            .sum::<i32>()
            + GAP_PX;
        let more = report.findings.len() - shown;
        if y + block_h > body_h as i32 - reserve && more > 0 {
            let note = format!("+ {more} more: run `runrisk flags` to see them all");
            put(&body, &note, &font(sizes.small, true, &MUTED), (0, y))?;
            return Ok(());
        }
        let tag_w = draw_severity_tag(&body, finding.severity, sizes, y)?;
        for (i, (line, style, indent)) in block.iter().enumerate() {
            let x = if i == 0 { tag_w + 8 } else { *indent };
            put(&body, line, style, (x, y))?;
            y += sizes.line(style.font.get_size());
        }
        y += GAP_PX;
    }
    Ok(())
}

/// The line that says what next week should stay under, above the score key
/// (ending at `bottom`); returns its height.
fn draw_next_week<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
    (w, bottom): (i32, i32),
) -> std::result::Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let Some(text) = next_week_text(report) else {
        return Ok(0);
    };
    let style = font(sizes.body, true, &ADVICE);
    let lines = wrap_to_width(area, &text, &style, w - 2 * GAP_PX);
    let line_h = sizes.line(sizes.body);
    let box_h = line_h * lines.len() as i32 + GAP_PX;
    let top = bottom - box_h;
    area.draw(&Rectangle::new(
        [(0, top), (w, bottom)],
        ADVICE.mix(0.08).filled(),
    ))?;
    for (i, line) in lines.iter().enumerate() {
        put(
            area,
            line,
            &style,
            (GAP_PX, top + GAP_PX / 2 + i as i32 * line_h),
        )?;
    }
    Ok(box_h)
}

/// Next week in one sentence: a doctor first, else the limits that keep the
/// spike rules quiet.
fn next_week_text(report: &Report) -> Option<String> {
    if report.see_doctor {
        return Some("Next week: see a doctor before you run again.".to_string());
    }
    let distance = |km: f64| {
        format!(
            "{:.0} {}",
            report.units.from_km(km),
            report.units.abbreviation()
        )
    };
    let next = &report.next_week;
    let parts: Vec<String> = [
        next.max_km.map(|km| format!("{} in all", distance(km))),
        next.long_run_max_km
            .map(|km| format!("no run over {}", distance(km))),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| format!("Next week: at most {}.", parts.join(", and ")))
}

/// What the panel says in a quiet week.
pub(super) const NOTHING_FOUND: &str =
    "No training errors found this week. Keep most runs easy, rest at least one day a week, and build gradually.";

/// How to read the score, at the foot of the findings panel; returns its height.
pub(super) fn draw_score_key<DB: DrawingBackend>(
    area: &Area<DB>,
    sizes: Sizes,
    (w, h): (i32, i32),
) -> std::result::Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    use crate::risk::{ALERT_POINTS, HIGH_FROM, MODERATE_FROM, VERY_HIGH_FROM, WARNING_POINTS};
    let key = format!(
        "How the score works: each rule that fires adds {WARNING_POINTS} points for a warning or \
         {ALERT_POINTS} for an alert, at most 100. Low under {MODERATE_FROM}, moderate under {HIGH_FROM}, \
         high under {VERY_HIGH_FROM}, very high from {VERY_HIGH_FROM}. A dragging foot always means: see a doctor."
    );
    let style = font(sizes.small, false, &MUTED);
    let lines = wrap_to_width(area, &key, &style, w);
    let line_h = sizes.line(sizes.small);
    let top = h - line_h * lines.len() as i32;
    area.draw(&PathElement::new(
        vec![(0, top - GAP_PX / 2), (w, top - GAP_PX / 2)],
        MUTED.mix(0.4),
    ))?;
    for (i, line) in lines.iter().enumerate() {
        put(area, line, &style, (0, top + i as i32 * line_h))?;
    }
    Ok(line_h * lines.len() as i32 + GAP_PX / 2)
}

/// The lines of one finding: its title, its message and the advice.
pub(super) fn finding_lines<DB: DrawingBackend>(
    area: &Area<DB>,
    finding: &crate::report::weekly::ReportFinding,
    sizes: Sizes,
    width: i32,
) -> Vec<(String, TextStyle<'static>, i32)> {
    let title_style = font(sizes.body, true, &INK);
    let text_style = font(sizes.small, false, &INK);
    let advice_style = font(sizes.small, true, &ADVICE);
    let mut lines = vec![(finding.title.to_string(), title_style, 0)];
    for line in wrap_to_width(area, &finding.message, &text_style, width) {
        lines.push((line, text_style.clone(), 0));
    }
    for line in wrap_to_width(area, &format!("→ {}", finding.advice), &advice_style, width) {
        lines.push((line, advice_style.clone(), 0));
    }
    lines
}

pub(super) fn draw_severity_tag<DB: DrawingBackend>(
    area: &Area<DB>,
    severity: Severity,
    sizes: Sizes,
    y: i32,
) -> std::result::Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let label = severity.name().to_uppercase();
    let style = font(sizes.small, true, &WHITE);
    let w = text_width(area, &label, &style) + 12;
    let h = sizes.line(sizes.body);
    area.draw(&Rectangle::new(
        [(0, y), (w, y + h - 2)],
        severity_colour(severity).filled(),
    ))?;
    put(
        area,
        &label,
        &style.pos(Pos::new(HPos::Left, VPos::Center)),
        (6, y + h / 2 - 1),
    )?;
    Ok(w)
}
