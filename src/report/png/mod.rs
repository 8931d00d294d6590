//! Draws the weekly risk report (PNG or SVG) from a `Report`. Each part of
//! the image is drawn in its own file; this one lays them out, registers the
//! embedded font and encodes the image. Every drawing call's error is mapped,
//! never unwrapped, and no system library is needed.
//!
//! Layout, top to bottom: a header band with the week and its risk score, a
//! red banner when the runner must see a doctor, then risk over time and load
//! on the left with this week's findings on the right, and a strip with shoe
//! wear and the surface mix at the bottom.

mod club;
mod findings;
mod header;
mod load_chart;
mod risk_chart;
mod shoes;
mod style;
mod surfaces;

use std::io::Cursor;
use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use self::findings::draw_findings;
use self::header::{banner_height, draw_banner, draw_header};
use self::load_chart::draw_load_chart;
use self::risk_chart::draw_risk_chart;
use self::shoes::draw_shoes;
use self::style::*;
use self::surfaces::draw_surfaces;
use super::weekly::{HistoryWeek, Report};
use crate::error::{Error, Result};

/// The embedded font (DejaVu Sans; licence in assets/DejaVu-LICENSE.txt).
static FONT_REGULAR: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");
static FONT_BOLD: &[u8] = include_bytes!("../../../assets/DejaVuSans-Bold.ttf");
const FONT_FAMILY: &str = "sans-serif";

/// Default image size.
pub const DEFAULT_SIZE: (u32, u32) = (1600, 1200);
/// The smallest size the layout is made for.
pub const MIN_SIZE: (u32, u32) = (1000, 750);
/// Width over height: landscape images up to this wide, and portrait ones
/// (a phone's 1080x1920 is 0.56) down to this narrow, stacked top to bottom.
pub const ASPECT_RANGE: (f64, f64) = (0.5, 2.5);
/// The largest size accepted (keeps memory bounded).
pub const MAX_SIZE: (u32, u32) = (8000, 8000);

/// Shares of the image the parts take.
const HEADER_SHARE: f64 = 0.11;
/// The header is never lower than this, so the score badge fits on small images.
const MIN_HEADER_PX: i32 = 104;
const BANNER_SHARE: f64 = 0.05;
const BOTTOM_SHARE: f64 = 0.19;
const LEFT_SHARE: f64 = 0.58;
const RISK_CHART_SHARE: f64 = 0.54;
/// A portrait image stacks the parts under the header, in these shares of
/// the height left: findings, risk, load, shoes, surfaces.
const STACKED_SHARES: [f64; 5] = [0.30, 0.22, 0.22, 0.15, 0.11];
/// The header of a portrait image, as a share of its height.
const STACKED_HEADER_SHARE: f64 = 0.08;

/// Image file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Svg,
}

/// An image runrisk draws: the weekly report or the club overview.
trait Drawing {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB>;
}

impl Drawing for Report {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        draw(root, self)
    }
}

impl Drawing for crate::report::club::ClubReport {
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB> {
        club::draw_club(root, self)
    }
}

/// Draws the report and returns the encoded image.
pub fn render(report: &Report, size: (u32, u32), format: ImageFormat) -> Result<Vec<u8>> {
    render_drawing(report, size, format)
}

/// Draws the club overview and returns the encoded image.
pub fn render_club(
    club: &crate::report::club::ClubReport,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>> {
    render_drawing(club, size, format)
}

fn render_drawing(
    drawing: &impl Drawing,
    size: (u32, u32),
    format: ImageFormat,
) -> Result<Vec<u8>> {
    register_fonts()?;
    match format {
        ImageFormat::Png => render_png(drawing, size),
        ImageFormat::Svg => render_svg(drawing, size),
    }
}

fn render_png(drawing: &impl Drawing, (width, height): (u32, u32)) -> Result<Vec<u8>> {
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        drawing.draw(&root).map_err(drawing_error)?;
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

fn render_svg(drawing: &impl Drawing, size: (u32, u32)) -> Result<Vec<u8>> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        drawing.draw(&root).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    Ok(with_embedded_fonts(&svg).into_bytes())
}

/// The family name the SVG's embedded fonts go by.
const SVG_FONT_FAMILY: &str = "runrisk-sans";

/// The SVG with the PNG's fonts embedded: a <style> after the opening
/// <svg> tag declares DejaVu Sans and its bold as `runrisk-sans` from
/// base64 data URLs, and every text uses it, so the SVG shows the same
/// glyphs, widths and bold as the PNG on any machine.
fn with_embedded_fonts(svg: &str) -> String {
    use base64::Engine;
    let face = |weight: &str, bytes: &[u8]| {
        format!(
            "@font-face{{font-family:\"{SVG_FONT_FAMILY}\";font-weight:{weight};\
             src:url(data:font/ttf;base64,{}) format(\"truetype\");}}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    };
    let style = format!(
        "\n<style>{}{}text{{font-family:\"{SVG_FONT_FAMILY}\",{FONT_FAMILY};}}</style>",
        face("normal", FONT_REGULAR),
        face("bold", FONT_BOLD)
    );
    let svg = svg.replace(
        &format!("font-family=\"{FONT_FAMILY}\""),
        &format!("font-family=\"{SVG_FONT_FAMILY}\""),
    );
    match svg
        .find("<svg")
        .and_then(|at| svg[at..].find('>').map(|end| at + end + 1))
    {
        Some(end) => format!("{}{style}{}", &svg[..end], &svg[end..]),
        None => svg,
    }
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

/// Past this many weeks, the charts show months, not weeks.
const MONTHS_FROM_WEEKS: usize = 60;

/// What the week charts show: how many weeks, and whether as months.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) weeks: usize,
    pub(super) monthly: bool,
}

/// The history as months: each month's distance summed, its risk the
/// highest week's score and rules, its load ratio the mean of its weeks;
/// a week belongs to the month its Monday is in. Fitness, a usual week,
/// is left out: it does not compare with a month's distance.
fn by_month(history: &[HistoryWeek]) -> Vec<HistoryWeek> {
    use chrono::Datelike;
    let mut months: Vec<(HistoryWeek, Vec<f64>)> = Vec::new();
    for week in history {
        let first = week.start.with_day(1).unwrap_or(week.start);
        match months.last_mut() {
            Some((month, ratios)) if month.start == first => {
                month.distance_km += week.distance_km;
                ratios.extend(week.acwr);
                if week.score > month.score {
                    month.score = week.score;
                    month.level = week.level;
                    month.factors = week.factors.clone();
                }
            }
            _ => months.push((
                HistoryWeek {
                    start: first,
                    fitness_week_km: None,
                    ..week.clone()
                },
                week.acwr.into_iter().collect(),
            )),
        }
    }
    months
        .into_iter()
        .map(|(month, ratios)| HistoryWeek {
            acwr: (!ratios.is_empty()).then(|| ratios.iter().sum::<f64>() / ratios.len() as f64),
            ..month
        })
        .collect()
}

fn draw<DB: DrawingBackend>(root: &Area<DB>, report: &Report) -> Drawn<DB> {
    let span = Span {
        weeks: report.history.len(),
        monthly: report.history.len() > MONTHS_FROM_WEEKS,
    };
    if span.monthly {
        let months = Report {
            history: by_month(&report.history),
            ..report.clone()
        };
        return draw_report(root, &months, span);
    }
    draw_report(root, report, span)
}

fn draw_report<DB: DrawingBackend>(root: &Area<DB>, report: &Report, span: Span) -> Drawn<DB> {
    root.fill(&BACKGROUND)?;
    let (width, height) = root.dim_in_pixel();
    let sizes = Sizes::for_image(width, height);
    let (w, h) = (width as i32, height as i32);
    let header_h = ((f64::from(height) * HEADER_SHARE) as i32).max(MIN_HEADER_PX);
    let banner_h = if report.see_doctor {
        banner_height(
            root,
            report,
            sizes,
            (f64::from(height) * BANNER_SHARE) as i32,
        )
    } else {
        0
    };
    if width < height {
        return draw_stacked(root, report, (sizes, span), banner_h);
    }
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
    draw_risk_chart(&left(body_top, risk_h), report, sizes, span)?;
    draw_load_chart(
        &left(body_top + risk_h + GAP_PX, body_h - risk_h - GAP_PX),
        report,
        sizes,
        span,
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

/// The portrait layout: header, banner, findings, risk, load, shoes and
/// surfaces one under the other, each the full width.
fn draw_stacked<DB: DrawingBackend>(
    root: &Area<DB>,
    report: &Report,
    (sizes, span): (Sizes, Span),
    banner_h: i32,
) -> Drawn<DB> {
    let (width, height) = root.dim_in_pixel();
    let (w, h) = (width as i32, height as i32);
    let header_h = ((f64::from(height) * STACKED_HEADER_SHARE) as i32).max(MIN_HEADER_PX);
    draw_header(&sub(root, 0, 0, w, header_h), report, sizes)?;
    if report.see_doctor {
        draw_banner(&sub(root, 0, header_h, w, banner_h), report, sizes)?;
    }
    let top = header_h + banner_h + GAP_PX;
    let left = h - top - MARGIN_PX / 2 - GAP_PX * (STACKED_SHARES.len() as i32 - 1);
    let heights = STACKED_SHARES.map(|share| (f64::from(left) * share) as i32);
    let mut y = top;
    let mut next = |i: usize| {
        let area = sub(root, MARGIN_PX, y, w - 2 * MARGIN_PX, heights[i]);
        y += heights[i] + GAP_PX;
        area
    };
    draw_findings(&next(0), report, sizes)?;
    draw_risk_chart(&next(1), report, sizes, span)?;
    draw_load_chart(&next(2), report, sizes, span)?;
    draw_shoes(&next(3), report, sizes)?;
    draw_surfaces(&next(4), report, sizes)
}

#[cfg(test)]
mod tests {
    use super::load_chart::ratio_segments;
    use super::*;
    use crate::model::Level;

    #[test]
    fn text_is_never_smaller_than_the_minimum() {
        for height in [MIN_SIZE.1, 900, DEFAULT_SIZE.1, MAX_SIZE.1] {
            let sizes = Sizes::for_image(DEFAULT_SIZE.0, height);
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
            fitness_week_km: None,
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
            fitness_week_km: None,
            score: 0,
            level: Level::Low,
            factors: Vec::new(),
        };
        let history = vec![week(3), week(10)];
        assert_eq!(week_label(&history, 1.0, 1), "10 Mar");
        assert_eq!(week_label(&history, 0.5, 1), "");
        assert_eq!(week_label(&history, 5.0, 1), "");
        let new_year = |weeks: i64| -> Vec<HistoryWeek> {
            (0..weeks)
                .map(|i| HistoryWeek {
                    start: chrono::NaiveDate::from_ymd_opt(2024, 11, 4).unwrap()
                        + chrono::Duration::weeks(i),
                    ..week(3)
                })
                .collect()
        };
        // 4 Nov 2024 plus 9 weeks is 6 Jan 2025.
        let short = new_year(20);
        assert_eq!(week_label(&short, 6.0, 4), "16 Dec");
        assert_eq!(week_label(&short, 9.0, 4), "6 Jan 2025");
        assert_eq!(week_label(&short, 13.0, 4), "3 Feb");
        assert_eq!(week_label(&new_year(52), 9.0, 16), "Jan 2025");
        assert_eq!(week_label(&new_year(52), 2.0, 16), "Nov 2024");
        let long: Vec<_> = (0..100).map(|_| week(3)).collect();
        assert_eq!(week_label(&long, 7.0, 8), "Mar 2025");
    }
}
