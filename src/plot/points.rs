//! A line plot with markers over it: computed curves as lines, reference values (NEST's) as
//! circles in the colour of the line they belong to.

use std::path::Path;

use plotters::prelude::*;
use saltatory_runtime::Result;

use super::{
    Axes, FONT, LINES_SIZE, PALETTE, chart_on, draw_axes, failed, finite_runs, io_error, padded,
    render, series_bounds, titled,
};

/// One series: `(label, xs, ys)`; an empty label leaves it out of the legend.
pub type Series<'a> = (&'a str, &'a [f64], &'a [f64]);

/// Writes `lines` as lines and `points` as hollow circles, as a PNG of [`LINES_SIZE`]
/// pixels, with the legend in the upper left corner; `points[k]` takes the colour of
/// `lines[k]`. Non-finite values are left out. The
/// axes span the finite data; the file is written completely or not at all.
///
/// # Errors
/// [`Error::Io`](saltatory_runtime::Error::Io) if a series has `xs` and `ys` of different
/// lengths, or the file cannot be written.
pub fn lines_and_points(
    path: &Path,
    title: &str,
    x_label: &str,
    y_label: &str,
    lines: &[Series<'_>],
    points: &[Series<'_>],
) -> Result<()> {
    let all = || lines.iter().chain(points);
    if let Some((name, xs, ys)) = all().find(|(_, xs, ys)| xs.len() != ys.len()) {
        let message = format!(
            "series {name:?} has {} x values but {} y values",
            xs.len(),
            ys.len()
        );
        return Err(io_error(path, message));
    }
    let (x_range, y_range) = match series_bounds(all()) {
        (Some((x0, x1)), Some((y0, y1))) => (padded(x0, x1, 0.02), padded(y0, y1, 0.05)),
        _ => (0.0..1.0, 0.0..1.0),
    };
    let has_legend = all().any(|(name, _, _)| !name.is_empty());
    render(path, LINES_SIZE, |root| {
        let area = titled(root, title)?;
        let mut chart = chart_on(&area, x_range.clone(), y_range.clone(), (45, 75))?;
        draw_axes(&mut chart, &Axes::new(Some(x_label), y_label, true))?;
        for (k, (name, xs, ys)) in lines.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            for (i, run) in finite_runs(xs, ys).into_iter().enumerate() {
                let drawn = chart
                    .draw_series(LineSeries::new(run, color.stroke_width(2)))
                    .map_err(failed)?;
                if i == 0 && !name.is_empty() {
                    drawn.label(*name).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(2))
                    });
                }
            }
        }
        for (k, (name, xs, ys)) in points.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let style = color.stroke_width(1);
            let dots = (xs.iter().zip(ys.iter()))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|(x, y)| Circle::new((*x, *y), 4, style));
            let drawn = chart.draw_series(dots).map_err(failed)?;
            if !name.is_empty() {
                drawn
                    .label(*name)
                    .legend(move |(x, y)| Circle::new((x + 12, y), 4, style));
            }
        }
        if has_legend {
            // Upper left: empty in an STDP window (depression below, potentiation to the right).
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font((FONT, 14))
                .draw()
                .map_err(failed)?;
        }
        Ok(())
    })
}
