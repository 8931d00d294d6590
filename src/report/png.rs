//! Draws the weekly risk report (PNG or SVG) from a `Report`. Every size and
//! colour is a named constant; every drawing call's error is mapped, never
//! unwrapped. The font is embedded, so no system library is needed.
//!
//! Layout, top to bottom: a header band with the week and its risk score, a
//! red banner when the runner must see a doctor, then risk over time and load
//! on the left with this week's findings on the right, and a strip with shoe
//! wear and the surface mix at the bottom.

use std::io::Cursor;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle, RGBColor};

use super::weekly::{HistoryWeek, Report};
use crate::error::{Error, Result};
use crate::model::{Level, Severity, Surface};
use crate::rules::RULES;

/// The embedded font (DejaVu Sans; licence in assets/DejaVu-LICENSE.txt).
static FONT_REGULAR: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../assets/DejaVuSans-Bold.ttf");
const FONT_FAMILY: &str = "sans-serif";

/// Default image size.
pub const DEFAULT_SIZE: (u32, u32) = (1600, 1200);
/// The smallest size the layout is made for.
pub const MIN_SIZE: (u32, u32) = (1000, 750);
/// The largest size accepted (keeps memory bounded).
pub const MAX_SIZE: (u32, u32) = (8000, 8000);

/// Text is never smaller than this, in pixels.
const MIN_TEXT_PX: f64 = 16.0;
/// Body text grows with the image: its height divided by this.
const TEXT_PER_HEIGHT: f64 = 60.0;
const MARGIN_PX: i32 = 24;
const GAP_PX: i32 = 16;
/// Shares of the image the parts take.
const HEADER_SHARE: f64 = 0.11;
const BANNER_SHARE: f64 = 0.05;
const BOTTOM_SHARE: f64 = 0.19;
const LEFT_SHARE: f64 = 0.58;
const RISK_CHART_SHARE: f64 = 0.54;
/// The shoe chart has room for at least this many shoes, so one shoe is not a slab.
const MIN_SHOE_ROWS: usize = 3;
/// Line spacing as a multiple of the text size.
const LINE_SPACING: f64 = 1.3;
/// At most this many weeks get a dot on the lines.
const MAX_WEEKS_WITH_DOTS: usize = 60;

const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
const INK: RGBColor = RGBColor(33, 37, 41);
const MUTED: RGBColor = RGBColor(100, 106, 112);
const PANEL: RGBColor = RGBColor(246, 247, 249);
const ADVICE: RGBColor = RGBColor(20, 80, 150);
const DOCTOR_RED: RGBColor = RGBColor(176, 0, 32);
const LOAD_BAR: RGBColor = RGBColor(120, 144, 170);
const LOAD_BAR_THIS_WEEK: RGBColor = RGBColor(45, 70, 100);
const RATIO_LINE: RGBColor = RGBColor(200, 60, 20);
const SAFE_BAND: RGBColor = RGBColor(46, 160, 67);
/// The safe band as it looks on white, for its legend swatch.
const SAFE_BAND_SWATCH: RGBColor = RGBColor(213, 236, 217);
const TOTAL_LINE: RGBColor = RGBColor(20, 20, 20);
/// The usual safe range of the acute:chronic ratio, shaded on the load chart.
const SAFE_RATIO: (f64, f64) = (0.8, 1.3);

/// Level colours, from light to dark so they stay apart in greyscale.
fn level_colour(level: Level) -> RGBColor {
    match level {
        Level::Low => RGBColor(92, 184, 92),
        Level::Moderate => RGBColor(240, 173, 78),
        Level::High => RGBColor(217, 83, 79),
        Level::VeryHigh => RGBColor(150, 20, 30),
        Level::Urgent => DOCTOR_RED,
    }
}

/// Pale level colours for the bands behind the risk chart.
fn level_band(level: Level) -> RGBAColor {
    level_colour(level).mix(0.14)
}

fn severity_colour(severity: Severity) -> RGBColor {
    match severity {
        Severity::Info => MUTED,
        Severity::Warning => RGBColor(196, 120, 0),
        Severity::Alert => RGBColor(200, 40, 40),
        Severity::Urgent => DOCTOR_RED,
    }
}

/// One colour per rule, alternating dark and light so neighbours differ in greyscale.
const RULE_COLOURS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 187, 120),
    RGBColor(44, 160, 44),
    RGBColor(199, 199, 199),
    RGBColor(140, 86, 75),
    RGBColor(255, 127, 14),
    RGBColor(23, 190, 207),
    RGBColor(148, 103, 189),
    RGBColor(188, 189, 34),
    DOCTOR_RED,
];

fn rule_colour(rule: &str) -> RGBColor {
    let index = RULES.iter().position(|r| r.id() == rule).unwrap_or(0);
    RULE_COLOURS[index % RULE_COLOURS.len()]
}

/// Hard surfaces dark, soft ones light, so "dark = hard" holds in greyscale too.
fn surface_colour(surface: Surface) -> RGBColor {
    match surface {
        Surface::Concrete => RGBColor(55, 55, 60),
        Surface::Road | Surface::Asphalt => RGBColor(95, 98, 105),
        Surface::Track => RGBColor(226, 140, 110),
        Surface::Trail => RGBColor(190, 160, 115),
        Surface::Gravel => RGBColor(205, 185, 150),
        Surface::Grass => RGBColor(150, 205, 120),
        Surface::Sand => RGBColor(235, 215, 165),
        Surface::Treadmill => RGBColor(190, 198, 220),
        Surface::Mixed => RGBColor(205, 190, 220),
    }
}

/// Image file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

/// Draws the report and returns the encoded image.
pub fn render(report: &Report, size: (u32, u32), format: ImageFormat) -> Result<Vec<u8>> {
    register_fonts()?;
    match format {
        ImageFormat::Png => render_png(report, size),
        ImageFormat::Svg => render_svg(report, size),
    }
}

fn render_png(report: &Report, (width, height): (u32, u32)) -> Result<Vec<u8>> {
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        draw(&root, report).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    let image = image::RgbImage::from_raw(width, height, pixels)
        .ok_or_else(|| Error::Draw("the image buffer has the wrong size".into()))?;
    let mut encoded = Cursor::new(Vec::new());
    image
        .write_to(&mut encoded, image::ImageOutputFormat::Png)
        .map_err(drawing_error)?;
    Ok(encoded.into_inner())
}

fn render_svg(report: &Report, size: (u32, u32)) -> Result<Vec<u8>> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root, report).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    Ok(svg.into_bytes())
}

fn drawing_error(error: impl std::fmt::Display) -> Error {
    Error::Draw(error.to_string())
}

/// Registers the embedded font once for the whole process.
fn register_fonts() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let registered = *REGISTERED.get_or_init(|| {
        register_font(FONT_FAMILY, FontStyle::Normal, FONT_REGULAR).is_ok()
            && register_font(FONT_FAMILY, FontStyle::Bold, FONT_BOLD).is_ok()
    });
    if registered {
        Ok(())
    } else {
        Err(Error::Draw("the embedded font could not be loaded".into()))
    }
}

type Area<DB> = DrawingArea<DB, Shift>;
type Drawn<DB> = std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Text sizes for one image size.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    body: f64,
    small: f64,
    heading: f64,
    title: f64,
    score: f64,
}

impl Sizes {
    fn for_height(height: u32) -> Sizes {
        let body = (f64::from(height) / TEXT_PER_HEIGHT).max(MIN_TEXT_PX);
        Sizes {
            body,
            small: (body * 0.85).max(MIN_TEXT_PX),
            heading: body * 1.15,
            title: body * 1.5,
            score: body * 3.2,
        }
    }

    fn line(&self, size: f64) -> i32 {
        (size * LINE_SPACING).round() as i32
    }
}

fn font(size: f64, bold: bool, colour: &RGBColor) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    (FONT_FAMILY, size).into_font().style(style).color(colour)
}

fn draw<DB: DrawingBackend>(root: &Area<DB>, report: &Report) -> Drawn<DB> {
    root.fill(&BACKGROUND)?;
    let (width, height) = root.dim_in_pixel();
    let sizes = Sizes::for_height(height);
    let (w, h) = (width as i32, height as i32);
    let header_h = (f64::from(height) * HEADER_SHARE) as i32;
    let banner_h = if report.see_doctor {
        (f64::from(height) * BANNER_SHARE) as i32
    } else {
        0
    };
    let bottom_h = (f64::from(height) * BOTTOM_SHARE) as i32;
    let body_top = header_h + banner_h + GAP_PX;
    let body_h = h - body_top - bottom_h - GAP_PX;
    let left_w = (f64::from(width) * LEFT_SHARE) as i32;
    let risk_h = (f64::from(body_h) * RISK_CHART_SHARE) as i32;

    draw_header(&sub(root, 0, 0, w, header_h), report, sizes)?;
    if report.see_doctor {
        draw_banner(&sub(root, 0, header_h, w, banner_h), report, sizes)?;
    }
    let left = |y, height| sub(root, MARGIN_PX, y, left_w - MARGIN_PX, height);
    draw_risk_chart(&left(body_top, risk_h), report, sizes)?;
    draw_load_chart(
        &left(body_top + risk_h + GAP_PX, body_h - risk_h - GAP_PX),
        report,
        sizes,
    )?;
    let right_x = left_w + GAP_PX;
    draw_findings(
        &sub(root, right_x, body_top, w - right_x - MARGIN_PX, body_h),
        report,
        sizes,
    )?;
    let bottom_y = h - bottom_h;
    draw_shoes(&left(bottom_y, bottom_h - MARGIN_PX / 2), report, sizes)?;
    draw_surfaces(
        &sub(
            root,
            right_x,
            bottom_y,
            w - right_x - MARGIN_PX,
            bottom_h - MARGIN_PX / 2,
        ),
        report,
        sizes,
    )
}

/// The part of `root` at (x, y) of the given size.
fn sub<DB: DrawingBackend>(root: &Area<DB>, x: i32, y: i32, width: i32, height: i32) -> Area<DB> {
    root.clone()
        .shrink((x.max(0), y.max(0)), (width.max(1), height.max(1)))
}

/// How far the embedded font's glyphs sit above the point plotters puts
/// them at, as a share of the text size; `put` moves text down by it.
const GLYPH_RISE: f64 = 0.25;

/// Draws text with its top (or centre, by its anchor) at `pos`.
fn put<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    (x, y): (i32, i32),
) -> Drawn<DB> {
    let rise = (style.font.get_size() * GLYPH_RISE).round() as i32;
    area.draw_text(text, style, (x, y + rise))
}

fn text_width<DB: DrawingBackend>(area: &Area<DB>, text: &str, style: &TextStyle) -> i32 {
    area.estimate_text_size(text, style)
        .map_or(0, |(w, _)| w as i32)
}

/// Splits text into lines that fit `width` pixels.
fn wrap_to_width<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(area, &candidate, style) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `1 run`, `3 runs`.
fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn distance(report: &Report, km: f64) -> String {
    format!(
        "{:.1} {}",
        report.units.from_km(km),
        report.units.abbreviation()
    )
}

fn draw_header<DB: DrawingBackend>(area: &Area<DB>, report: &Report, sizes: Sizes) -> Drawn<DB> {
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

fn draw_score_badge<DB: DrawingBackend>(
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

fn draw_banner<DB: DrawingBackend>(area: &Area<DB>, report: &Report, sizes: Sizes) -> Drawn<DB> {
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

/// X-axis label of week `index` of the history: a date, or month and year for long spans.
fn week_label(history: &[HistoryWeek], index: f64) -> String {
    let i = index.round();
    if (index - i).abs() > 0.01 || i < 0.0 {
        return String::new();
    }
    history.get(i as usize).map_or(String::new(), |w| {
        if history.len() > 60 {
            w.start.format("%b %Y").to_string()
        } else {
            w.start.format("%-d %b").to_string()
        }
    })
}

/// How many x labels fit: about one per 110 pixels, never more than the weeks.
fn x_label_count(width: u32, weeks: usize) -> usize {
    ((width / 110) as usize).clamp(2, 12).min(weeks.max(1))
}

/// The rules with points somewhere in the window, in registry order.
fn rules_in_window(report: &Report) -> Vec<&'static str> {
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

fn draw_panel_title<DB: DrawingBackend>(
    area: &Area<DB>,
    title: &str,
    sizes: Sizes,
) -> std::result::Result<Area<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    put(area, title, &font(sizes.heading, true, &INK), (0, 0))?;
    let (w, h) = area.dim_in_pixel();
    let top = sizes.line(sizes.heading) + GAP_PX / 2;
    Ok(sub(area, 0, top, w as i32, h as i32 - top))
}

/// Draws colour swatches with labels in rows; returns the height used.
fn draw_legend<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[(String, RGBColor)],
    sizes: Sizes,
) -> std::result::Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let style = font(sizes.small, false, &INK);
    let (width, _) = area.dim_in_pixel();
    let swatch = (sizes.small * 0.8) as i32;
    let line = sizes.line(sizes.small);
    let (mut x, mut y) = (0, 0);
    for (label, colour) in items {
        let item_w = swatch + 6 + text_width(area, label, &style) + GAP_PX;
        if x > 0 && x + item_w > width as i32 {
            x = 0;
            y += line;
        }
        let top = y + (line - swatch) / 2;
        area.draw(&Rectangle::new(
            [(x, top), (x + swatch, top + swatch)],
            colour.filled(),
        ))?;
        put(
            area,
            label,
            &style,
            (x + swatch + 6, y + (line - sizes.small as i32) / 2),
        )?;
        x += item_w;
    }
    Ok(if items.is_empty() { 0 } else { y + line })
}

fn draw_risk_chart<DB: DrawingBackend>(
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

fn draw_load_chart<DB: DrawingBackend>(
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

/// A level's name at the foot of its band, on a pale box so bars never hide it.
fn draw_band_label<DB: DrawingBackend>(
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

/// The ratio line, broken where a week has no ratio.
fn ratio_segments(history: &[HistoryWeek]) -> Vec<Vec<(f64, f64)>> {
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

fn draw_findings<DB: DrawingBackend>(area: &Area<DB>, report: &Report, sizes: Sizes) -> Drawn<DB> {
    area.fill(&PANEL)?;
    let (width, height) = area.dim_in_pixel();
    let inner = sub(
        area,
        GAP_PX,
        GAP_PX,
        width as i32 - 2 * GAP_PX,
        height as i32 - 2 * GAP_PX,
    );
    let title = if report.findings.is_empty() {
        "This week"
    } else {
        "This week: what to change"
    };
    let panel = draw_panel_title(&inner, title, sizes)?;
    let (w, h) = panel.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let footnote_h = draw_score_key(&panel, sizes, (w, h))?;
    let body = sub(&panel, 0, 0, w, h - footnote_h - GAP_PX);
    if report.findings.is_empty() {
        let style = font(sizes.body, false, &INK);
        let mut y = 0;
        for line in wrap_to_width(&body, NOTHING_FOUND, &style, w) {
            put(&body, &line, &style, (0, y))?;
            y += sizes.line(sizes.body);
        }
        return Ok(());
    }
    let (_, body_h) = body.dim_in_pixel();
    let mut y = 0;
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

/// What the panel says in a quiet week.
const NOTHING_FOUND: &str =
    "No training errors found this week. Keep most runs easy, rest at least one day a week, and build gradually.";

/// How to read the score, at the foot of the findings panel; returns its height.
fn draw_score_key<DB: DrawingBackend>(
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
fn finding_lines<DB: DrawingBackend>(
    area: &Area<DB>,
    finding: &super::weekly::ReportFinding,
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

fn draw_severity_tag<DB: DrawingBackend>(
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

fn draw_shoes<DB: DrawingBackend>(area: &Area<DB>, report: &Report, sizes: Sizes) -> Drawn<DB> {
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
    let shoes: Vec<_> = report.shoes.iter().take(4).collect();
    let longest = shoes
        .iter()
        .map(|s| s.km)
        .fold(report.shoe_alert_km, f64::max)
        * 1.1;
    let top = report.units.from_km(longest);
    let names: Vec<String> = shoes.iter().map(|s| shorten(&s.name, 18)).collect();
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(sizes.line(sizes.small) + 4)
        .y_label_area_size((sizes.small * 10.0) as i32)
        .build_cartesian_2d(
            0.0..top,
            -0.5..(shoes.len().max(MIN_SHOE_ROWS) as f64 - 0.5),
        )?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(shoes.len())
        .y_label_formatter(&|y| {
            let i = y.round();
            if (y - i).abs() < 0.01 && i >= 0.0 {
                names.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(font(sizes.small, false, &INK))
        .light_line_style(TRANSPARENT)
        .draw()?;
    chart.draw_series(shoes.iter().enumerate().map(|(i, shoe)| {
        let colour = if shoe.km >= report.shoe_alert_km {
            severity_colour(Severity::Alert)
        } else if shoe.km >= report.shoe_warning_km {
            severity_colour(Severity::Warning)
        } else {
            level_colour(Level::Low)
        };
        let y = i as f64;
        Rectangle::new(
            [(0.0, y - 0.3), (report.units.from_km(shoe.km), y + 0.3)],
            colour.filled(),
        )
    }))?;
    let y_span = (-0.5, shoes.len().max(MIN_SHOE_ROWS) as f64 - 0.5);
    for (km, severity) in [
        (report.shoe_warning_km, Severity::Warning),
        (report.shoe_alert_km, Severity::Alert),
    ] {
        let x = report.units.from_km(km);
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, y_span.0), (x, y_span.1)],
            severity_colour(severity).stroke_width(3),
        )))?;
    }
    Ok(())
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

fn draw_surfaces<DB: DrawingBackend>(area: &Area<DB>, report: &Report, sizes: Sizes) -> Drawn<DB> {
    let area = draw_panel_title(area, "Surfaces this week (dark = hard)", sizes)?;
    let total: f64 = report.surfaces.iter().map(|(_, km)| km).sum();
    if total <= 0.0 {
        let text = "No surface recorded this week.";
        return put(&area, text, &font(sizes.body, false, &MUTED), (0, 0));
    }
    let (width, _) = area.dim_in_pixel();
    let bar_h = sizes.line(sizes.body) + 8;
    let mut x = 0.0;
    for (surface, km) in &report.surfaces {
        let w = f64::from(width) * km / total;
        area.draw(&Rectangle::new(
            [(x as i32, 0), ((x + w) as i32, bar_h)],
            surface_colour(*surface).filled(),
        ))?;
        area.draw(&Rectangle::new(
            [(x as i32, 0), ((x + w) as i32, bar_h)],
            WHITE.stroke_width(2),
        ))?;
        x += w;
    }
    let items: Vec<(String, RGBColor)> = report
        .surfaces
        .iter()
        .map(|(s, km)| {
            (
                format!("{s} {:.0}%", km / total * 100.0),
                surface_colour(*s),
            )
        })
        .collect();
    let (w, h) = area.dim_in_pixel();
    draw_legend(
        &sub(
            &area,
            0,
            bar_h + GAP_PX / 2,
            w as i32,
            h as i32 - bar_h - GAP_PX / 2,
        ),
        &items,
        sizes,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_never_smaller_than_the_minimum() {
        for height in [MIN_SIZE.1, 900, DEFAULT_SIZE.1, MAX_SIZE.1] {
            let sizes = Sizes::for_height(height);
            assert!(
                sizes.small >= MIN_TEXT_PX && sizes.body >= MIN_TEXT_PX,
                "{height}"
            );
        }
    }

    #[test]
    fn the_ratio_line_breaks_where_a_ratio_is_missing() {
        let week = |acwr| HistoryWeek {
            week: crate::model::Week {
                year: 2025,
                number: 1,
            },
            start: chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
            distance_km: 10.0,
            acwr,
            score: 0,
            level: Level::Low,
            factors: Vec::new(),
        };
        let history = [
            week(None),
            week(Some(1.0)),
            week(Some(1.2)),
            week(None),
            week(Some(0.9)),
        ];
        let segments = ratio_segments(&history);
        assert_eq!(
            segments,
            vec![vec![(1.0, 1.0), (2.0, 1.2)], vec![(4.0, 0.9)]]
        );
    }

    #[test]
    fn labels_name_weeks_by_date_or_month() {
        let week = |day: u32| HistoryWeek {
            week: crate::model::Week {
                year: 2025,
                number: 1,
            },
            start: chrono::NaiveDate::from_ymd_opt(2025, 3, day).unwrap(),
            distance_km: 0.0,
            acwr: None,
            score: 0,
            level: Level::Low,
            factors: Vec::new(),
        };
        let history = vec![week(3), week(10)];
        assert_eq!(week_label(&history, 1.0), "10 Mar");
        assert_eq!(week_label(&history, 0.5), "");
        assert_eq!(week_label(&history, 5.0), "");
        let long: Vec<_> = (0..100).map(|_| week(3)).collect();
        assert_eq!(week_label(&long, 7.0), "Mar 2025");
    }
}
