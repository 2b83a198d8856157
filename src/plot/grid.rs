//! Several line plots side by side in a grid, each with its own title and axes (like
//! matplotlib's subplots).

use std::path::Path;

use plotters::prelude::*;
use saltatory_runtime::Result;

use super::{
    Axes, FONT, PALETTE, Series, chart_on, draw_axes, draw_legend, failed, finite_runs, io_error,
    padded, render, series_bounds, titled,
};

/// Pixel size (width, height) of one panel of [`grid_of_lines`].
pub const GRID_PANEL_SIZE: (u32, u32) = (520, 400);

/// One panel of [`grid_of_lines`]: a title, the axes' descriptions and the series drawn as
/// lines (colours in order of the series, the same in every panel).
#[derive(Clone, Debug)]
pub struct Panel<'a> {
    /// Title above the panel.
    pub title: &'a str,
    /// Description below the x axis (empty: none).
    pub x_label: &'a str,
    /// Description beside the y axis (empty: none).
    pub y_label: &'a str,
    /// The lines; an empty label leaves a series out of the panel's legend.
    pub series: Vec<Series<'a>>,
}

/// Writes `panels` as a grid of `cols` columns, row by row, under `title`, as a PNG of
/// [`GRID_PANEL_SIZE`] pixels per panel (plus a title row). Each panel's axes span its finite
/// data, the y axis from 0 when all values are non-negative. The file is written completely
/// or not at all.
///
/// # Errors
/// [`Error::Io`](saltatory_runtime::Error::Io) if `cols` is 0, there are no panels, a series
/// has `xs` and `ys` of different lengths, or the file cannot be written.
pub fn grid_of_lines(path: &Path, title: &str, cols: usize, panels: &[Panel<'_>]) -> Result<()> {
    if cols == 0 || panels.is_empty() {
        return Err(io_error(
            path,
            "a grid needs at least one column and one panel",
        ));
    }
    for panel in panels {
        if let Some((name, xs, ys)) = panel.series.iter().find(|(_, x, y)| x.len() != y.len()) {
            let message = format!(
                "panel {:?}: series {name:?} has {} x values but {} y values",
                panel.title,
                xs.len(),
                ys.len()
            );
            return Err(io_error(path, message));
        }
    }
    let rows = panels.len().div_ceil(cols);
    let size = (
        GRID_PANEL_SIZE.0 * cols as u32,
        GRID_PANEL_SIZE.1 * rows as u32 + 40,
    );
    render(path, size, |root| {
        let area = titled(root, title)?;
        let cells = area.split_evenly((rows, cols));
        for (panel, cell) in panels.iter().zip(&cells) {
            draw_panel(cell, panel)?;
        }
        Ok(())
    })
}

fn draw_panel(cell: &super::Area<'_>, panel: &Panel<'_>) -> super::Drawn<()> {
    let (x_range, y_range) = match series_bounds(panel.series.iter()) {
        (Some((x0, x1)), Some((y0, y1))) => {
            let y = padded(y0.min(0.0), y1, 0.05);
            let y = if y0 >= 0.0 { 0.0..y.end } else { y };
            (padded(x0, x1, 0.0), y)
        }
        _ => (0.0..1.0, 0.0..1.0),
    };
    let area = cell
        .margin(4, 4, 4, 4)
        .titled(panel.title, (FONT, 18))
        .map_err(failed)?;
    let x_desc = (!panel.x_label.is_empty()).then_some(panel.x_label);
    let mut chart = chart_on(&area, x_range, y_range, (40, 60))?;
    draw_axes(&mut chart, &Axes::new(x_desc, panel.y_label, true))?;
    for (k, (name, xs, ys)) in panel.series.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        for (i, run) in finite_runs(xs, ys).into_iter().enumerate() {
            let drawn = chart
                .draw_series(LineSeries::new(run, color.stroke_width(1)))
                .map_err(failed)?;
            if i == 0 && !name.is_empty() {
                drawn.label(*name).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(2))
                });
            }
        }
    }
    if panel.series.iter().any(|(name, _, _)| !name.is_empty()) {
        draw_legend(&mut chart)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_png_has_a_panel_size_per_cell() {
        let dir = std::env::temp_dir().join("saltatory-plot-tests");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("grid.png");
        let t: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let y: Vec<f64> = t.iter().map(|t| 10.0 + 5.0 * (t / 10.0).sin()).collect();
        let panel = Panel {
            title: "a panel",
            x_label: "time (ms)",
            y_label: "rate (Hz)",
            series: vec![("rate", &t, &y)],
        };
        let panels = vec![panel.clone(), panel.clone(), panel];
        grid_of_lines(&path, "three panels", 2, &panels).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        assert_eq!(
            (be(16), be(20)),
            (2 * GRID_PANEL_SIZE.0, 2 * GRID_PANEL_SIZE.1 + 40)
        );
        assert!(grid_of_lines(&path, "", 0, &panels).is_err());
        let bad = Panel {
            title: "bad",
            x_label: "",
            y_label: "",
            series: vec![("", &t[..2], &y[..1])],
        };
        assert!(grid_of_lines(&path, "", 1, &[bad]).is_err());
    }
}
