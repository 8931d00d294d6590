//! The week's surface mix as one bar, hard surfaces dark and soft ones
//! light, and under it the week's prevention habits and the runner's top
//! trigger of heavy legs, when the log gives them.

use crate::model::Surface;
use plotters::prelude::*;
use plotters::style::RGBColor;

use super::style::*;
use crate::report::weekly::Report;

/// Hard surfaces dark, soft ones light, so "dark = hard" holds in greyscale too.
pub(super) fn surface_colour(surface: Surface) -> RGBColor {
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

pub(super) fn draw_surfaces<DB: DrawingBackend>(
    area: &Area<DB>,
    report: &Report,
    sizes: Sizes,
) -> Drawn<DB> {
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
    let legend_h = draw_legend(
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
    let top = bar_h + GAP_PX / 2 + legend_h + GAP_PX;
    draw_habits(&sub(&area, 0, top, w as i32, h as i32 - top), report, sizes)
}

/// The prevention habits of the week and the top trigger, as lines of text
/// cut to the room there is.
fn draw_habits<DB: DrawingBackend>(area: &Area<DB>, report: &Report, sizes: Sizes) -> Drawn<DB> {
    let (w, h) = area.dim_in_pixel();
    let style = font(sizes.small, false, &INK);
    let line = sizes.line(sizes.small);
    let texts = [
        report.habits.words().map(|h| format!("Prevention: {h}.")),
        report.top_trigger.clone(),
    ];
    let mut y = 0;
    for text in texts.into_iter().flatten() {
        for row in wrap_to_width(area, &text, &style, w as i32) {
            if y + line > h as i32 {
                return Ok(());
            }
            put(area, &row, &style, (0, y))?;
            y += line;
        }
    }
    Ok(())
}
