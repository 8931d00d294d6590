//! This week's findings, most severe first, each with its numbers and its
//! advice wrapped to the panel, and a key to the score at the foot.

use crate::model::Severity;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use crate::report::weekly::Report;

/// Lines of one style, ready to draw.
struct Lines {
    lines: Vec<String>,
    style: TextStyle<'static>,
    line_h: i32,
}

impl Lines {
    fn wrapped<DB: DrawingBackend>(
        area: &Area<DB>,
        text: &str,
        style: TextStyle<'static>,
        width: i32,
        sizes: Sizes,
    ) -> Lines {
        let line_h = sizes.line(text_px(&style));
        Lines {
            lines: wrap_to_width(area, text, &style, width),
            style,
            line_h,
        }
    }

    fn height(&self) -> i32 {
        self.line_h * self.lines.len() as i32
    }

    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, (x, y): (i32, i32)) -> Drawn<DB> {
        for (i, line) in self.lines.iter().enumerate() {
            put(area, line, &self.style, (x, y + i as i32 * self.line_h))?;
        }
        Ok(())
    }
}

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
    let intro = (!errors).then(|| {
        Lines::wrapped(
            &panel,
            NOTHING_FOUND,
            font(sizes.body, false, &INK),
            w,
            sizes,
        )
    });
    let blocks: Vec<Vec<(String, TextStyle<'static>, i32)>> = report
        .findings
        .iter()
        .map(|f| finding_lines(&panel, f, sizes, w))
        .collect();
    let needed = intro.as_ref().map_or(0, |l| l.height() + GAP_PX)
        + blocks
            .iter()
            .map(|b| block_height(b, sizes) + GAP_PX)
            .sum::<i32>();
    let next = next_week_text(report).map(|text| {
        Lines::wrapped(
            &panel,
            &text,
            font(sizes.body, true, &ADVICE),
            w - 2 * GAP_PX,
            sizes,
        )
    });
    let next_h = next.as_ref().map_or(0, |l| l.height() + 2 * GAP_PX);
    // The key to the score gives way when the findings need its room.
    let key = Lines::wrapped(
        &panel,
        &score_key(),
        font(sizes.small, false, &MUTED),
        w,
        sizes,
    );
    let show_key = needed + next_h + key.height() + GAP_PX <= h;
    let key_h = if show_key { key.height() + GAP_PX } else { 0 };
    if show_key {
        draw_score_key(&panel, &key, (w, h))?;
    }
    if let Some(next) = &next {
        draw_next_week(&panel, next, (w, h - key_h))?;
    }
    let body = sub(&panel, 0, 0, w, h - key_h - next_h);
    let mut y = 0;
    if let Some(intro) = &intro {
        intro.draw(&body, (0, 0))?;
        y = intro.height() + GAP_PX;
    }
    let figures = week_figures(report);
    let figures_h = sizes.line(sizes.heading) + sizes.line(sizes.body) * figures.len() as i32;
    // A quiet week leaves room: the week's own numbers fill it.
    if needed + figures_h + GAP_PX <= h - key_h - next_h {
        let table = sub(&body, 0, needed, w, figures_h);
        draw_week_figures(&table, &figures, sizes)?;
    }
    draw_finding_blocks(&body, report, &blocks, sizes, y)
}

/// The week's numbers, for a panel with room to spare.
fn week_figures(report: &Report) -> Vec<(&'static str, String)> {
    let ratio = report.acwr.map_or(
        "not yet known (4 weeks of history needed)".to_string(),
        |r| format!("{r:.2} (usual 0.8 to 1.3)"),
    );
    vec![
        ("distance", distance(report, report.distance_km)),
        (
            "runs",
            format!("{} · {} rest days", report.runs, report.rest_days),
        ),
        ("longest run", distance(report, report.longest_run_km)),
        ("load ratio", ratio),
        (
            "form",
            format!("{:.1}, {}", report.form, report.form_word()),
        ),
    ]
}

fn draw_week_figures<DB: DrawingBackend>(
    area: &Area<DB>,
    figures: &[(&'static str, String)],
    sizes: Sizes,
) -> Drawn<DB> {
    put(
        area,
        "The week in numbers",
        &font(sizes.heading, true, &INK),
        (0, 0),
    )?;
    let label = font(sizes.body, false, &MUTED);
    let value = font(sizes.body, false, &INK);
    let column = figures
        .iter()
        .map(|(name, _)| text_width(area, name, &label))
        .max()
        .unwrap_or(0)
        + GAP_PX;
    let mut y = sizes.line(sizes.heading);
    for (name, text) in figures {
        put(area, name, &label, (0, y))?;
        put(area, text, &value, (column, y))?;
        y += sizes.line(sizes.body);
    }
    Ok(())
}

/// The findings from `y` down. Every alert and urgent finding shows, at
/// least by its title on one line: its message and advice give way first,
/// so later alerts keep their room. Warnings and info show while they fit
/// whole; a note names the command that lists the rest.
fn draw_finding_blocks<DB: DrawingBackend>(
    body: &Area<DB>,
    report: &Report,
    blocks: &[Vec<(String, TextStyle<'static>, i32)>],
    sizes: Sizes,
    mut y: i32,
) -> Drawn<DB> {
    let (body_w, body_h) = body.dim_in_pixel();
    let note_h = sizes.line(sizes.small);
    let title_h = sizes.line(sizes.body) + GAP_PX;
    let must_show = |f: &crate::report::weekly::ReportFinding| f.severity >= Severity::Alert;
    for (shown, (finding, block)) in report.findings.iter().zip(blocks).enumerate() {
        let rest = &report.findings[shown + 1..];
        let note = if rest.iter().any(|f| !must_show(f)) {
            note_h
        } else {
            0
        };
        // Room kept for the alerts still to come: a title and a line of
        // advice each when that leaves this one more than its title, else
        // their titles only.
        let later = rest.iter().filter(|f| must_show(f)).count() as i32;
        let room = |each: i32| body_h as i32 - y - note - later * each;
        let room = Some(room(title_h + note_h))
            .filter(|room| *room >= 2 * title_h)
            .unwrap_or(room(title_h));
        let block = if block_height(block, sizes) <= room {
            block.clone()
        } else if must_show(finding) {
            shortened_block(body, block, sizes, room)
        } else {
            return draw_more_note(body, &report.findings[shown..], sizes, y);
        };
        let tag_w = draw_severity_tag(body, finding.severity, sizes, y)?;
        for (i, (line, style, indent)) in block.iter().enumerate() {
            let x = if i == 0 { tag_w + 8 } else { *indent };
            let line = fit_text(body, line, style, body_w as i32 - x);
            put(body, &line, style, (x, y))?;
            if i == 0 {
                let after = x + text_width(body, &line, style) + 8;
                draw_evidence(body, finding.evidence, sizes, (after, y))?;
            }
            y += sizes.line(text_px(style));
        }
        y += GAP_PX;
    }
    Ok(())
}

/// A finding's block cut to `room` pixels: the title always, then as
/// much of the advice (what to do) as fits, the last line cut with "…",
/// then as much of the message as the rest of the room holds.
fn shortened_block<DB: DrawingBackend>(
    body: &Area<DB>,
    block: &[(String, TextStyle<'static>, i32)],
    sizes: Sizes,
    room: i32,
) -> Vec<(String, TextStyle<'static>, i32)> {
    let advice_at = block
        .iter()
        .position(|(line, _, _)| line.starts_with('→'))
        .unwrap_or(block.len());
    let line_h = |line: &(String, TextStyle<'static>, i32)| sizes.line(text_px(&line.1));
    let mut left = room - line_h(&block[0]);
    let mut take = |lines: &[(String, TextStyle<'static>, i32)]| {
        let fit = lines
            .iter()
            .take_while(|line| {
                let fits = line_h(line) <= left;
                if fits {
                    left -= line_h(line);
                }
                fits
            })
            .count();
        lines[..fit].to_vec()
    };
    let mut advice = take(&block[advice_at..]);
    let message = take(&block[1..advice_at]);
    if advice.len() < block.len() - advice_at {
        if let Some((line, style, _)) = advice.last_mut() {
            let width = body.dim_in_pixel().0 as i32;
            *line = fit_text(body, &format!("{line}…"), style, width);
        }
    }
    block[..1]
        .iter()
        .cloned()
        .chain(message)
        .chain(advice)
        .collect()
}

/// "+ N more" for findings left out, with the command that lists them.
fn draw_more_note<DB: DrawingBackend>(
    body: &Area<DB>,
    left_out: &[crate::report::weekly::ReportFinding],
    sizes: Sizes,
    y: i32,
) -> Drawn<DB> {
    let style = font(sizes.small, true, &MUTED);
    // `flags` shows info notes only when asked.
    let info = left_out.iter().any(|f| f.severity == Severity::Info);
    let command = if info {
        "runrisk flags --min-severity info"
    } else {
        "runrisk flags"
    };
    let left = left_out.len();
    let mut note = format!("+ {left} more: run `{command}` to see them all");
    if text_width(body, &note, &style) > body.dim_in_pixel().0 as i32 {
        note = format!("+ {left} more: see `{command}`");
    }
    put(body, &note, &style, (0, y))
}

/// How strong the evidence is, after a finding's title, in the longest
/// wording that fits the panel; nothing when none does.
fn draw_evidence<DB: DrawingBackend>(
    body: &Area<DB>,
    evidence: &str,
    sizes: Sizes,
    (x, y): (i32, i32),
) -> Drawn<DB> {
    let style = font(sizes.small, false, &MUTED);
    let room = body.dim_in_pixel().0 as i32 - x;
    let first_word = evidence.split([',', ' ']).next().unwrap_or(evidence);
    let wordings = [
        format!("· evidence: {evidence}"),
        format!("· {evidence}"),
        format!("· evidence: {first_word}"),
        format!("· {first_word}"),
    ];
    match wordings
        .iter()
        .find(|w| text_width(body, w, &style) <= room)
    {
        // The title is in the larger font: sit on its baseline, roughly.
        Some(wording) => {
            let drop = ((sizes.body - sizes.small) / 2.0).round() as i32;
            put(body, wording, &style, (x, y + drop))
        }
        None => Ok(()),
    }
}

fn block_height(block: &[(String, TextStyle<'static>, i32)], sizes: Sizes) -> i32 {
    block
        .iter()
        .map(|(_, style, _)| sizes.line(text_px(style)))
        .sum()
}

/// The line that says what next week should stay under, on a pale box that
/// ends at `bottom`.
fn draw_next_week<DB: DrawingBackend>(
    area: &Area<DB>,
    next: &Lines,
    (w, bottom): (i32, i32),
) -> Drawn<DB> {
    let top = bottom - next.height() - 2 * GAP_PX;
    area.draw(&Rectangle::new(
        [(0, top + GAP_PX / 2), (w, bottom - GAP_PX / 2)],
        ADVICE.mix(0.08).filled(),
    ))?;
    next.draw(area, (GAP_PX, top + GAP_PX))
}

/// Next week in one sentence: a doctor first, else the limits that keep the
/// spike rules quiet.
fn next_week_text(report: &Report) -> Option<String> {
    if report.see_doctor {
        return Some("Next week: see a doctor before you run again.".to_string());
    }
    // Rounded down as the advice is, so the box and the advice agree.
    let distance = |km: f64| report.units.format_limit_km(km);
    let next = &report.next_week;
    let parts: Vec<String> = [
        next.max_km
            .map(|km| format!("at most {} in all", distance(km))),
        next.long_run_max_km
            .map(|km| format!("no run over {}", distance(km))),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| format!("Next week: {}.", parts.join(", and ")))
}

/// What the panel says in a quiet week.
pub(super) const NOTHING_FOUND: &str =
    "No training errors found this week. Keep most runs easy, rest at least one day a week, and build gradually.";

/// How to read the score.
fn score_key() -> String {
    use crate::risk::{
        HIGH_FROM, MODERATE_FROM, POINTS, SAME_CAUSE_CAP, URGENT_POINTS, VERY_HIGH_FROM,
    };
    let [strongest, moderate, _, weak] = POINTS;
    format!(
        "How the score works: each rule that fires adds points by the strength of its evidence, \
         from {}/{} (warning/alert) for weak evidence to {}/{} for a long-run jump, the strongest; \
         a weekly distance jump {}/{}. Jumps in distance add at most {SAME_CAUSE_CAP} together, \
         and the score at most 100. Low under {MODERATE_FROM}, moderate under {HIGH_FROM}, high \
         under {VERY_HIGH_FROM}, very high from {VERY_HIGH_FROM}. A dragging foot adds \
         {URGENT_POINTS} and always means: see a doctor.",
        weak.1, weak.2, strongest.1, strongest.2, moderate.1, moderate.2
    )
}

/// The key to the score at the foot of the panel (which is `h` high), under a thin line.
fn draw_score_key<DB: DrawingBackend>(
    area: &Area<DB>,
    key: &Lines,
    (w, h): (i32, i32),
) -> Drawn<DB> {
    let top = h - key.height();
    area.draw(&PathElement::new(
        vec![(0, top - GAP_PX / 2), (w, top - GAP_PX / 2)],
        MUTED.mix(0.4),
    ))?;
    key.draw(area, (0, top))
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
    let background = severity_colour(severity);
    let style = font(sizes.small, true, &text_on(background));
    let w = text_width(area, &label, &style) + 12;
    let h = sizes.line(sizes.body);
    area.draw(&Rectangle::new(
        [(0, y), (w, y + h - 2)],
        background.filled(),
    ))?;
    put(
        area,
        &label,
        &style.pos(Pos::new(HPos::Left, VPos::Center)),
        (6, y + h / 2 - 1),
    )?;
    Ok(w)
}
