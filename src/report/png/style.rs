//! What every part of the report shares: colours, text sizes, the embedded
//! font's quirks, text wrapping by pixel width, sub-areas, panel titles and
//! legends. Sizes and colours are named constants here, so the look of the
//! report is changed in one place.

use chrono::Datelike;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::RGBColor;
use plotters::style::{FontDesc, FontFamily, FontStyle};

use crate::model::{Level, Severity};
use crate::report::weekly::{HistoryWeek, Report};
use crate::rules::RULES;

pub(super) const FONT_FAMILY: &str = "sans-serif";

/// Text is never smaller than this, in pixels (the em size, as CSS means it).
pub(super) const MIN_TEXT_PX: f64 = 16.0;
/// Body text grows with the image: its height divided by this.
pub(super) const TEXT_PER_HEIGHT: f64 = 66.0;
/// What plotters calls a font size, per pixel of em size. Its SVG backend
/// writes `size / 1.24` as the font-size, and its ab_glyph backend scales a
/// glyph so that the font's ascent to descent (1.164 em in DejaVu Sans) is
/// `size` pixels; so a nominal 16 px came out as 12.9 px text in an SVG and
/// 13.7 px in a PNG. Every size in this module is the text size wanted in
/// pixels, and `font` multiplies it by this: SVG text is then exactly that
/// size and PNG text 6.5% larger, never smaller.
pub(super) const PLOTTERS_SIZE_PER_PX: f64 = 1.24;
pub(super) const MARGIN_PX: i32 = 24;
pub(super) const GAP_PX: i32 = 16;
/// Line spacing as a multiple of the text size.
pub(super) const LINE_SPACING: f64 = 1.3;
/// At most this many weeks get a dot on the lines.
pub(super) const MAX_WEEKS_WITH_DOTS: usize = 60;

pub(super) const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
pub(super) const INK: RGBColor = RGBColor(33, 37, 41);
pub(super) const MUTED: RGBColor = RGBColor(100, 106, 112);
pub(super) const PANEL: RGBColor = RGBColor(246, 247, 249);
pub(super) const ADVICE: RGBColor = RGBColor(20, 80, 150);
pub(super) const DOCTOR_RED: RGBColor = RGBColor(176, 0, 32);
pub(super) const LOAD_BAR: RGBColor = RGBColor(120, 144, 170);
pub(super) const LOAD_BAR_THIS_WEEK: RGBColor = RGBColor(45, 70, 100);
pub(super) const RATIO_LINE: RGBColor = RGBColor(200, 60, 20);
/// Fitness over the distance bars: dark green, apart from the ratio's red.
pub(super) const FITNESS_LINE: RGBColor = RGBColor(20, 110, 60);
pub(super) const SAFE_BAND: RGBColor = RGBColor(46, 160, 67);
/// The safe band is drawn over the distance bars this opaque, its edges this.
pub(super) const SAFE_BAND_ALPHA: f64 = 0.2;
pub(super) const SAFE_EDGE_ALPHA: f64 = 0.7;
/// The solid strip of the safe band against the ratio axis, this wide.
pub(super) const SAFE_STRIP_PX: i32 = 8;
/// The safe band as it looks on white, for its legend swatch.
pub(super) const SAFE_BAND_SWATCH: RGBColor = RGBColor(213, 236, 217);
pub(super) const TOTAL_LINE: RGBColor = RGBColor(20, 20, 20);
/// A shoe with wear to spare: lighter than the worn and replace colours.
pub(super) const SHOE_FRESH: RGBColor = RGBColor(120, 190, 110);
/// The usual safe range of the acute:chronic ratio, shaded on the load chart.
pub(super) const SAFE_RATIO: (f64, f64) = (0.8, 1.3);

/// Every level, lowest first, as legends list them.
pub(super) const LEVELS_LOW_FIRST: [Level; 5] = [
    Level::Low,
    Level::Moderate,
    Level::High,
    Level::VeryHigh,
    Level::Urgent,
];

/// Level colours, from light to dark so they stay apart in greyscale
/// (luminance 213, 192, 148, 95, 56).
pub(super) fn level_colour(level: Level) -> RGBColor {
    match level {
        Level::Low => RGBColor(185, 235, 170),
        Level::Moderate => RGBColor(250, 190, 50),
        Level::High => RGBColor(240, 120, 50),
        Level::VeryHigh => RGBColor(200, 50, 50),
        Level::Urgent => DOCTOR_RED,
    }
}

/// Text drawn on `background`: white or ink, whichever stands out more
/// (at least 4.5:1 on every level and severity colour).
pub(super) fn text_on(background: RGBColor) -> RGBColor {
    if contrast(WHITE, background) >= contrast(INK, background) {
        WHITE
    } else {
        INK
    }
}

/// The contrast ratio of two colours, 1 to 21 (WCAG 2).
pub(super) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Relative luminance (WCAG 2), 0 for black to 1 for white.
fn relative_luminance(RGBColor(r, g, b): RGBColor) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Pale level colours for the bands behind the risk chart.
pub(super) fn level_band(level: Level) -> RGBAColor {
    level_colour(level).mix(0.14)
}

pub(super) fn severity_colour(severity: Severity) -> RGBColor {
    match severity {
        Severity::Info => MUTED,
        Severity::Warning => RGBColor(205, 130, 0),
        Severity::Alert => RGBColor(200, 40, 40),
        Severity::Urgent => DOCTOR_RED,
    }
}

/// One colour per rule, in the order of `RULES`. No two have the same
/// luminance (the closest are 16 apart), and rules next to each other in
/// `RULES`, so often next to each other in a week's stacked bar, alternate
/// dark and light (68 or more apart), so they differ in greyscale too.
pub(super) const RULE_COLOURS: [RGBColor; 13] = [
    RGBColor(30, 80, 160),   // mileage_spike: dark blue, luminance 74
    RGBColor(230, 118, 25),  // long_run_spike: orange, 141
    RGBColor(180, 233, 165), // no_rest: pale green, 209
    RGBColor(10, 15, 50),    // no_strength_work: navy, 17 (info only: never in a bar)
    RGBColor(124, 124, 124), // hard_surface: grey, 124
    RGBColor(222, 187, 138), // worn_shoes: tan, 192
    RGBColor(200, 55, 140),  // high_intensity: magenta, 108
    RGBColor(100, 208, 212), // frequent_hills: light teal, 176
    RGBColor(120, 60, 170),  // frequent_sprints: purple, 91
    RGBColor(187, 167, 40),  // no_warmup: olive, 159
    DOCTOR_RED,              // see_doctor: 56
    RGBColor(255, 232, 150), // heavy_legs: pale yellow, 230
    RGBColor(75, 28, 5),     // running_injured: dark brown, 39
];

pub(super) fn rule_colour(rule: &str) -> RGBColor {
    let index = RULES.iter().position(|r| r.id() == rule).unwrap_or(0);
    RULE_COLOURS[index % RULE_COLOURS.len()]
}

pub(super) type Area<DB> = DrawingArea<DB, Shift>;
pub(super) type Drawn<DB> =
    std::result::Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Text sizes for one image size.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    pub(super) body: f64,
    pub(super) small: f64,
    pub(super) heading: f64,
    pub(super) title: f64,
    pub(super) score: f64,
}

impl Sizes {
    /// Text grows with the image, by its height or, for a wide image, by
    /// three quarters of its width, whichever is smaller.
    pub(super) fn for_image(width: u32, height: u32) -> Sizes {
        let scale = f64::from(height).min(f64::from(width) * 0.75);
        let body = (scale / TEXT_PER_HEIGHT).max(MIN_TEXT_PX);
        Sizes {
            body,
            small: (body * 0.85).max(MIN_TEXT_PX),
            heading: body * 1.15,
            title: body * 1.5,
            score: body * 3.2,
        }
    }

    pub(super) fn line(&self, size: f64) -> i32 {
        (size * LINE_SPACING).round() as i32
    }
}

pub(super) fn font(size: f64, bold: bool, colour: &RGBColor) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    // `FontDesc::style` keeps the regular face's glyphs (plotters 0.3.7),
    // so the PNG drew no bold; a new font desc looks the bold face up.
    FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        size * PLOTTERS_SIZE_PER_PX,
        style,
    )
    .color(colour)
}

/// The text size of `style` in pixels, as given to `font`.
pub(super) fn text_px(style: &TextStyle) -> f64 {
    style.font.get_size() / PLOTTERS_SIZE_PER_PX
}

/// The part of `root` at (x, y) of the given size.
pub(super) fn sub<DB: DrawingBackend>(
    root: &Area<DB>,
    x: i32,
    y: i32,
    width: i32,
    height: i32,
) -> Area<DB> {
    root.clone()
        .shrink((x.max(0), y.max(0)), (width.max(1), height.max(1)))
}

/// How far the embedded font's glyphs sit above the point plotters puts
/// them at, as a share of plotters' font size; `put` moves text down by it.
pub(super) const GLYPH_RISE: f64 = 0.25;

/// Draws text with its top (or centre, by its anchor) at `pos`.
pub(super) fn put<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    (x, y): (i32, i32),
) -> Drawn<DB> {
    let rise = (style.font.get_size() * GLYPH_RISE).round() as i32;
    area.draw_text(text, style, (x, y + rise))
}

pub(super) fn text_width<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
) -> i32 {
    area.estimate_text_size(text, style)
        .map_or(0, |(w, _)| w as i32)
}

/// Text cut with "…" until it fits `room` pixels.
pub(super) fn fit_text<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    room: i32,
) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let mut fitted = text.to_string();
    while text_width(area, &fitted, style) > room && !chars.is_empty() {
        chars.pop();
        fitted = format!("{}…", chars.iter().collect::<String>().trim_end());
    }
    fitted
}

/// Splits text into lines that fit `width` pixels, never between a number
/// and its unit ("19.8 km", "33 %", "21 Sep").
pub(super) fn wrap_to_width<DB: DrawingBackend>(
    area: &Area<DB>,
    text: &str,
    style: &TextStyle,
    width: i32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in unbreakable_words(text) {
        let candidate = if line.is_empty() {
            word.clone()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(area, &candidate, style) > width {
            lines.push(std::mem::replace(&mut line, word));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Words that follow a number and belong to it: units and months.
const UNIT_WORDS: &[&str] = &[
    "km", "mi", "m", "ft", "min", "h", "s", "%", "×", "bpm", "day", "days", "week", "weeks", "run",
    "runs", "points", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
    "Dec",
];

/// The words of `text` for wrapping, a number joined to the unit after it.
fn unbreakable_words(text: &str) -> Vec<String> {
    let is_number = |word: &str| {
        let core = word
            .trim_start_matches(['(', '[', '~', '≈', '+', '-', '−', '<', '>'])
            .trim_end_matches(['.', ',', ';', ':', ')', ']']);
        core.chars().any(|c| c.is_ascii_digit())
            && core
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    };
    let is_unit = |word: &str| {
        UNIT_WORDS.contains(&word.trim_end_matches(['.', ',', ';', ':', ')', ']', '?', '!']))
    };
    let mut words: Vec<String> = Vec::new();
    let mut after_number = false;
    for word in text.split_whitespace() {
        match words.last_mut() {
            Some(last) if after_number && is_unit(word) => {
                last.push(' ');
                last.push_str(word);
                after_number = false;
            }
            _ => {
                words.push(word.to_string());
                after_number = is_number(word);
            }
        }
    }
    words
}

pub(super) fn distance(report: &Report, km: f64) -> String {
    report.units.format_km(km)
}

/// Past this many weeks, every x label is a month and its year.
pub(super) const MONTH_LABELS_FROM_WEEKS: usize = 40;

/// X-axis label of week `index` of the history: a date, with its year when
/// the year has changed since the week `apart` weeks before (labels are
/// about that far apart), or month and year for long spans.
pub(super) fn week_label(history: &[HistoryWeek], index: f64, apart: usize) -> String {
    let i = index.round();
    if (index - i).abs() > 0.01 || i < 0.0 {
        return String::new();
    }
    let i = i as usize;
    history.get(i).map_or(String::new(), |w| {
        let before = &history[i.saturating_sub(apart.max(1))];
        if history.len() > MONTH_LABELS_FROM_WEEKS {
            w.start.format("%b %Y").to_string()
        } else if i > 0 && before.start.year() != w.start.year() {
            w.start.format("%-d %b %Y").to_string()
        } else {
            w.start.format("%-d %b").to_string()
        }
    })
}

/// How many weeks back a label looks for a change of year: twice the
/// weeks between labels, so no change falls between two labels unseen.
pub(super) fn label_lookback(weeks: usize, labels: usize) -> usize {
    2 * weeks.div_ceil(labels.max(1))
}

/// How many x labels fit: about one per 110 pixels, never more than the weeks.
pub(super) fn x_label_count(width: u32, weeks: usize) -> usize {
    ((width / 110) as usize).clamp(2, 12).min(weeks.max(1))
}

pub(super) fn draw_panel_title<DB: DrawingBackend>(
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
pub(super) fn draw_legend<DB: DrawingBackend>(
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

/// A chart over the weeks of the history: x is the week's index, y a value.
pub(super) type WeekChart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The x range of a chart of `weeks` bars, one unit per week.
pub(super) fn week_range(weeks: usize) -> std::ops::Range<f64> {
    -0.5..(weeks as f64 - 0.5)
}

/// Half the width of a week's bar: bars touch when there are very many weeks.
pub(super) fn half_bar(weeks: usize) -> f64 {
    if weeks > MANY_WEEKS {
        0.5
    } else {
        0.38
    }
}

/// Above this many weeks, bars are drawn edge to edge.
const MANY_WEEKS: usize = 150;

/// Space for the axis labels of a week chart.
pub(super) fn week_chart_builder<'a, 'b, DB: DrawingBackend>(
    plot: &'a Area<DB>,
    sizes: Sizes,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(plot);
    builder
        // Half a label above the plot: the top y label is centred on its edge.
        .margin_top(sizes.line(sizes.small) / 2)
        .x_label_area_size(sizes.line(sizes.small) + 8)
        .y_label_area_size((sizes.small * AXIS_LABEL_EMS) as i32);
    builder
}

/// The width of the right-hand axis of the week charts: wide enough for the
/// level names of the risk chart, the same for the load chart so the weeks
/// of the two charts line up.
pub(super) fn right_axis_px(sizes: Sizes) -> i32 {
    (sizes.small * RIGHT_AXIS_EMS) as i32
}

/// The width of the right-hand axis, in text sizes.
const RIGHT_AXIS_EMS: f64 = 5.6;

/// The width of the y-axis labels, in text sizes.
pub(super) const AXIS_LABEL_EMS: f64 = 2.6;

/// The axes of a week chart: dates along x, whole numbers up y, no grid across.
pub(super) fn draw_week_axes<DB: DrawingBackend>(
    chart: &mut WeekChart<'_, DB>,
    report: &Report,
    sizes: Sizes,
    (width, y_labels): (u32, usize),
) -> Drawn<DB> {
    let plot_h = chart.plotting_area().dim_in_pixel().1;
    let labels = x_label_count(width, report.history.len());
    let apart = label_lookback(report.history.len(), labels);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_labels(y_label_count(plot_h, y_labels, sizes))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_labels(labels)
        .x_label_formatter(&|x| week_label(&report.history, *x, apart))
        .label_style(font(sizes.small, false, &MUTED))
        .light_line_style(TRANSPARENT)
        .draw()
}

/// At most `wanted` labels up a y axis `plot_h` pixels high, with room between them.
pub(super) fn y_label_count(plot_h: u32, wanted: usize, sizes: Sizes) -> usize {
    let apart = (sizes.line(sizes.small) + GAP_PX / 2).max(1) as usize;
    let fit = plot_h as usize / apart;
    wanted.min(fit).max(2)
}

/// A titled panel with a legend under the title; returns the area left for the plot.
pub(super) fn legend_panel<DB: DrawingBackend>(
    area: &Area<DB>,
    title: &str,
    legend: &[(String, RGBColor)],
    sizes: Sizes,
) -> std::result::Result<Area<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let area = draw_panel_title(area, title, sizes)?;
    let legend_h = draw_legend(&area, legend, sizes)?;
    let (w, h) = area.dim_in_pixel();
    let top = legend_h + GAP_PX / 2;
    Ok(sub(&area, 0, top, w as i32, h as i32 - top))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Severity};

    /// DejaVu Sans's capitals are this share of its em size tall.
    const CAP_HEIGHT_EMS: f64 = 1493.0 / 2048.0;

    /// The pixels of `text` drawn in the PNG.
    fn png_pixels(text: &str, size: f64, bold: bool, (w, h): (u32, u32)) -> Vec<u8> {
        super::super::register_fonts().unwrap();
        let mut pixels = vec![255u8; (w * h * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
            put(&root, text, &font(size, bold, &BLACK), (10, 10)).unwrap();
            root.present().unwrap();
        }
        pixels
    }

    #[test]
    fn the_png_draws_the_bold_face() {
        let ink = |bold| {
            png_pixels("Heavy legs", 30.0, bold, (300, 80))
                .iter()
                .filter(|&&c| c < 128)
                .count()
        };
        let (regular, bold) = (ink(false), ink(true));
        assert!(bold as f64 > regular as f64 * 1.3, "{regular} {bold}");
    }

    /// The size of `size` text as the PNG draws it, from the ink of an "H".
    fn png_text_px(size: f64) -> f64 {
        let (w, h) = (200u32, 120u32);
        let pixels = png_pixels("H", size, false, (w, h));
        let inked: Vec<u32> = (0..h)
            .filter(|y| (0..w).any(|x| pixels[((y * w + x) * 3) as usize] < 128))
            .collect();
        let cap = f64::from(inked.last().unwrap() - inked.first().unwrap() + 1);
        cap / CAP_HEIGHT_EMS
    }

    #[test]
    fn text_is_drawn_at_least_as_large_as_asked() {
        for size in [MIN_TEXT_PX, 20.0, 30.0] {
            let drawn = png_text_px(size);
            assert!(drawn >= size && drawn <= size * 1.15, "{size}: {drawn:.1}");
        }
        super::super::register_fonts().unwrap();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (200, 100)).into_drawing_area();
            put(&root, "H", &font(MIN_TEXT_PX, false, &BLACK), (10, 10)).unwrap();
            root.present().unwrap();
        }
        let size: f64 = svg
            .split("font-size=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!((size - MIN_TEXT_PX).abs() < 1e-6, "{svg}");
    }

    /// Greyscale as a print or a photocopy sees it.
    fn luminance(RGBColor(r, g, b): RGBColor) -> f64 {
        0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b)
    }

    const LEVELS: [Level; 5] = LEVELS_LOW_FIRST;

    /// Colours this far apart in luminance stay apart in greyscale.
    const GREY_MARGIN: f64 = 15.0;

    #[test]
    fn levels_go_from_light_to_dark() {
        for pair in LEVELS.windows(2) {
            let (lighter, darker) = (level_colour(pair[0]), level_colour(pair[1]));
            assert!(
                luminance(lighter) - luminance(darker) >= GREY_MARGIN,
                "{:?} {} then {:?} {}",
                pair[0],
                luminance(lighter),
                pair[1],
                luminance(darker)
            );
        }
    }

    #[test]
    fn rule_colours_differ_in_greyscale() {
        for (i, a) in RULE_COLOURS.iter().enumerate() {
            for (j, b) in RULE_COLOURS.iter().enumerate().skip(i + 1) {
                let apart = (luminance(*a) - luminance(*b)).abs();
                assert!(apart >= GREY_MARGIN, "rules {i} and {j}: {apart:.1}");
                // Neighbours in the registry often share a week's bar.
                if j == i + 1 {
                    assert!(apart >= 4.0 * GREY_MARGIN, "rules {i} and {j}: {apart:.1}");
                }
            }
        }
        assert!(
            RULES.len() <= RULE_COLOURS.len(),
            "a rule without its own colour"
        );
    }

    #[test]
    fn text_on_badges_and_tags_is_readable() {
        let backgrounds = LEVELS.map(level_colour).into_iter().chain(
            [
                Severity::Info,
                Severity::Warning,
                Severity::Alert,
                Severity::Urgent,
            ]
            .map(severity_colour),
        );
        for background in backgrounds.chain([DOCTOR_RED, SHOE_FRESH]) {
            let ratio = contrast(text_on(background), background);
            assert!(ratio >= 4.5, "{background:?}: {ratio:.2}");
        }
        assert!((contrast(WHITE, BLACK) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn a_number_keeps_its_unit() {
        assert_eq!(
            unbreakable_words("run 19.8 km. (24.0 km) at 1.5× on Sun 21 Sep, 33 % more"),
            [
                "run",
                "19.8 km.",
                "(24.0 km)",
                "at",
                "1.5×",
                "on",
                "Sun",
                "21 Sep,",
                "33 %",
                "more"
            ]
        );
        super::super::register_fonts().unwrap();
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, (400, 100)).into_drawing_area();
        let style = font(MIN_TEXT_PX, false, &INK);
        let text = "longer than your longest run of the 30 days before (24.0 km)";
        let width = text_width(
            &root,
            "longer than your longest run of the 30 days before (24.0",
            &style,
        );
        let lines = wrap_to_width(&root, text, &style, width);
        assert_eq!(lines.last().unwrap(), "(24.0 km)", "{lines:?}");
    }
}
