//! The week's surface mix as one bar, hard surfaces dark and soft ones light.

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
