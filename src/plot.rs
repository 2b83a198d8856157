//! PNG plots for the examples: a spike raster with the population rate below it (like NEST's
//! `raster_plot`), line plots with a legend (membrane potential traces, f-I curves), lines with
//! reference points over them ([`lines_and_points`]), a grid of line plots with a title each
//! ([`grid_of_lines`]), and two traces overlaid with their difference below (`saltatory audit
//! --trace`).
//!
//! Each plot is drawn into an in-memory RGB buffer, encoded as PNG in memory, and then written
//! with [`write_atomic`]: the file is complete or absent, never half-written.
//!
//! Text is rendered with plotters' pure-Rust `ab_glyph` rasteriser from a font compiled into the
//! binary, so no system font library (fontconfig, freetype) is needed. The font is DejaVu Sans
//! from the `dejavu` crate, which ships the DejaVu TTF files and hands them out as
//! `&'static [u8]`; DejaVu's licence allows embedding and redistribution, it covers Latin, Greek
//! (µ, τ, Δ) and common symbols, and it is registered at run time under plotters' default
//! family name `"sans-serif"`, so plotters' own default label styles find it too.

use std::collections::BTreeSet;
use std::fmt::Display;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

mod grid;
mod points;
pub use grid::{GRID_PANEL_SIZE, Panel, grid_of_lines};
pub use points::{Series, lines_and_points};

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use saltatory_runtime::output::write_atomic;
use saltatory_runtime::{Error, Result};

/// Pixel size (width, height) of the PNG written by [`raster_with_rate`].
pub const RASTER_SIZE: (u32, u32) = (1000, 750);
/// Pixel size (width, height) of the PNG written by [`lines`].
pub const LINES_SIZE: (u32, u32) = (900, 600);
/// Pixel size (width, height) of the PNG written by [`overlay_with_difference`].
pub const OVERLAY_SIZE: (u32, u32) = (900, 750);

/// Most histogram bins [`raster_with_rate`] accepts (far more than there are pixels).
const MAX_BINS: f64 = 1.0e6;
/// Font family every text of these plots uses.
const FONT: &str = "sans-serif";

/// Line colours, in order of the series (cycled past the end).
const PALETTE: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(23, 190, 207),
];

fn io_error(path: &Path, message: impl Display) -> Error {
    Error::Io {
        path: path.display().to_string(),
        message: message.to_string(),
    }
}

/// Registers the bundled font with plotters, once per process.
fn ensure_font(path: &Path) -> Result<()> {
    static REGISTERED: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular())
                .map_err(|_| "the bundled DejaVu Sans font could not be loaded".to_string())
        })
        .clone()
        .map_err(|m| io_error(path, m))
}

/// Draws with `draw` on a white `size` canvas, encodes PNG and writes it atomically to `path`.
fn render(
    path: &Path,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> std::result::Result<(), String>,
) -> Result<()> {
    ensure_font(path)?;
    let mut pixels = vec![0u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| io_error(path, e))?;
        draw(&root).map_err(|m| io_error(path, format!("plotting failed: {m}")))?;
        root.present().map_err(|e| io_error(path, e))?;
    }
    let png = encode_png(&pixels, size).map_err(|e| io_error(path, e))?;
    write_atomic(path, &png)
}

fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> std::result::Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
type Chart<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type Drawn<T> = std::result::Result<T, String>;

fn failed(e: impl Display) -> String {
    e.to_string()
}

/// The canvas below the plot's title.
fn titled<'a>(root: &Area<'a>, title: &str) -> Drawn<Area<'a>> {
    root.margin(8, 0, 0, 0)
        .titled(title, (FONT, 24))
        .map_err(failed)
}

/// A chart on `area` with the plots' margins, the given label-area sizes (x below, y left).
fn chart_on<'a, 'b>(
    area: &'a Area<'b>,
    x: Range<f64>,
    y: Range<f64>,
    (x_labels, y_labels): (u32, u32),
) -> Drawn<Chart<'a, 'b>> {
    ChartBuilder::on(area)
        .margin(10)
        .margin_right(25)
        .x_label_area_size(x_labels)
        .y_label_area_size(y_labels)
        .build_cartesian_2d(x, y)
        .map_err(failed)
}

/// How a chart's axes look.
struct Axes<'f> {
    /// Description below the x axis (none on an upper panel that shares it).
    x_desc: Option<&'f str>,
    y_desc: &'f str,
    /// Light grid lines, or none.
    grid: bool,
    /// Formatter of the y tick labels.
    y_format: &'f dyn Fn(&f64) -> String,
    /// How many y tick labels, when not plotters' choice.
    y_ticks: Option<usize>,
}

impl<'f> Axes<'f> {
    fn new(x_desc: Option<&'f str>, y_desc: &'f str, grid: bool) -> Self {
        Axes {
            x_desc,
            y_desc,
            grid,
            y_format: &tick,
            y_ticks: None,
        }
    }
}

/// Draws the axes of `chart` in the plots' style.
fn draw_axes(chart: &mut Chart<'_, '_>, axes: &Axes<'_>) -> Drawn<()> {
    let mut mesh = chart.configure_mesh();
    mesh.y_desc(axes.y_desc)
        .label_style((FONT, 14))
        .x_label_formatter(&tick)
        .y_label_formatter(axes.y_format)
        .axis_desc_style((FONT, 16));
    if let Some(d) = axes.x_desc {
        mesh.x_desc(d);
    }
    if axes.grid {
        mesh.light_line_style(RGBColor(235, 235, 235));
    } else {
        mesh.disable_mesh();
    }
    if let Some(n) = axes.y_ticks {
        mesh.y_labels(n);
    }
    mesh.draw().map_err(failed)
}

/// The legend box in the upper right corner.
fn draw_legend<'a, 'b: 'a>(chart: &mut Chart<'a, 'b>) -> Drawn<()> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, 14))
        .draw()
        .map_err(failed)
}

/// A tick label: at most six decimals, without trailing zeros (`50`, `0.25`, `-65`).
fn tick(v: &f64) -> String {
    let text = format!("{v:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A tick label for small values: scientific notation with two significant digits (`1.5e-13`).
fn tick_sci(v: &f64) -> String {
    if *v == 0.0 {
        "0".into()
    } else {
        format!("{v:.1e}")
    }
}

/// Smallest and largest finite value, if any.
fn finite_bounds(values: impl Iterator<Item = f64>) -> Bounds {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// The least and the greatest of some values, if any.
type Bounds = Option<(f64, f64)>;

/// The x and y bounds of the points of `series` (`(label, xs, ys)`) whose coordinates are both
/// finite.
fn series_bounds<'a>(
    series: impl Iterator<Item = &'a points::Series<'a>> + Clone,
) -> (Bounds, Bounds) {
    let finite = || {
        series.clone().flat_map(|(_, xs, ys)| {
            xs.iter()
                .zip(ys.iter())
                .filter(|(x, y)| x.is_finite() && y.is_finite())
        })
    };
    (
        finite_bounds(finite().map(|(x, _)| *x)),
        finite_bounds(finite().map(|(_, y)| *y)),
    )
}

/// Runs of consecutive points whose coordinates are both finite.
fn finite_runs(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (&x, &y) in xs.iter().zip(ys) {
        if x.is_finite() && y.is_finite() {
            runs.last_mut().expect("never empty").push((x, y));
        } else if !runs.last().expect("never empty").is_empty() {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

/// `lo..hi` widened by `pad` of its span on each side; a point becomes a unit-wide range.
fn padded(lo: f64, hi: f64, pad: f64) -> Range<f64> {
    if !(lo.is_finite() && hi.is_finite()) {
        return 0.0..1.0;
    }
    let span = hi - lo;
    if span <= 0.0 {
        let half = if lo == 0.0 { 0.5 } else { lo.abs() * 0.05 };
        return lo - half..hi + half;
    }
    lo - pad * span..hi + pad * span
}

/// Population rate in Hz per bin: `(bin start, bin end, rate)`.
///
/// Bins are `bin_ms` wide from 0 to `t_stop_ms`; the last one is shortened to end at `t_stop_ms`
/// and its rate uses its actual width. A spike at exactly `t_stop_ms` counts in the last bin.
fn rate_histogram(
    times_ms: &[f64],
    n_senders: usize,
    t_stop_ms: f64,
    bin_ms: f64,
) -> Vec<(f64, f64, f64)> {
    let n_bins = (t_stop_ms / bin_ms).ceil().max(1.0) as usize;
    let mut counts = vec![0u64; n_bins];
    for &t in times_ms {
        if (0.0..=t_stop_ms).contains(&t) {
            let i = ((t / bin_ms) as usize).min(n_bins - 1);
            counts[i] += 1;
        }
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let start = i as f64 * bin_ms;
            let end = ((i + 1) as f64 * bin_ms).min(t_stop_ms);
            let rate = if n_senders == 0 {
                0.0
            } else {
                c as f64 / (n_senders as f64 * (end - start) / 1000.0)
            };
            (start, end, rate)
        })
        .collect()
}

/// Writes a spike raster (upper panel: one dot per spike, time against sender) and the
/// population rate (lower panel: histogram of spikes per `bin_ms` bin in Hz, divided by the
/// number of distinct senders that spiked) as a PNG of [`RASTER_SIZE`] pixels.
///
/// `times_ms[k]` is the time of the spike sent by `senders[k]`. The time axis runs from 0 to
/// `t_stop_ms`; spikes outside it are not drawn. The file is written completely or not at all.
///
/// # Errors
/// [`Error::Io`] if the two slices differ in length, a time is not finite, `t_stop_ms` or `bin_ms`
/// is not a positive finite number (or they give more than a million bins), or the file cannot
/// be written.
pub fn raster_with_rate(
    path: &Path,
    times_ms: &[f64],
    senders: &[u64],
    t_stop_ms: f64,
    bin_ms: f64,
    title: &str,
) -> Result<()> {
    if times_ms.len() != senders.len() {
        return Err(io_error(
            path,
            format!(
                "{} spike times but {} senders: they must pair up",
                times_ms.len(),
                senders.len()
            ),
        ));
    }
    if !(t_stop_ms.is_finite() && t_stop_ms > 0.0) {
        return Err(io_error(
            path,
            format!("t_stop = {t_stop_ms} ms: expected a positive finite time"),
        ));
    }
    if !(bin_ms.is_finite() && bin_ms > 0.0) || t_stop_ms / bin_ms > MAX_BINS {
        return Err(io_error(
            path,
            format!(
                "bin width = {bin_ms} ms: expected a positive finite width giving at most {MAX_BINS} bins up to {t_stop_ms} ms"
            ),
        ));
    }
    if let Some(t) = times_ms.iter().find(|t| !t.is_finite()) {
        return Err(io_error(path, format!("spike time {t} is not finite")));
    }

    let distinct: BTreeSet<u64> = senders.iter().copied().collect();
    let bins = rate_histogram(times_ms, distinct.len(), t_stop_ms, bin_ms);
    let (lo, hi) = match (distinct.first(), distinct.last()) {
        (Some(&lo), Some(&hi)) => (lo as f64, hi as f64),
        _ => (0.0, 1.0),
    };
    let sender_range = if hi > lo {
        lo - 0.5..hi + 0.5
    } else {
        lo - 1.0..hi + 1.0
    };
    let max_rate = bins.iter().map(|b| b.2).fold(0.0, f64::max);
    let rate_range = 0.0..if max_rate > 0.0 { max_rate * 1.1 } else { 1.0 };
    let dot = if times_ms.len() > 20_000 { 1 } else { 2 };

    render(path, RASTER_SIZE, |root| {
        let area = titled(root, title)?;
        let upper_height = area.dim_in_pixel().1 * 2 / 3;
        let (upper, lower) = area.split_vertically(upper_height);

        let mut raster = chart_on(&upper, 0.0..t_stop_ms, sender_range.clone(), (35, 70))?;
        draw_axes(&mut raster, &Axes::new(None, "neuron", false))?;
        raster
            .draw_series(
                times_ms
                    .iter()
                    .zip(senders)
                    .filter(|(t, _)| (0.0..=t_stop_ms).contains(*t))
                    .map(|(&t, &s)| Circle::new((t, s as f64), dot, PALETTE[0].filled())),
            )
            .map_err(failed)?;

        let mut rate = chart_on(&lower, 0.0..t_stop_ms, rate_range.clone(), (45, 70))?;
        draw_axes(&mut rate, &Axes::new(Some("time (ms)"), "rate (Hz)", false))?;
        rate.draw_series(bins.iter().filter(|b| b.2 > 0.0).flat_map(|&(x0, x1, r)| {
            // A filled bar with a thin white edge, so neighbouring bins stay apart.
            [
                Rectangle::new([(x0, 0.0), (x1, r)], PALETTE[0].filled()),
                Rectangle::new([(x0, 0.0), (x1, r)], WHITE.stroke_width(1)),
            ]
        }))
        .map_err(failed)?;
        Ok(())
    })
}

/// Writes a line plot with one line per series and a legend, as a PNG of [`LINES_SIZE`] pixels.
///
/// Each series is `(label, xs, ys)`; an empty label leaves the series out of the legend. A
/// non-finite value breaks the line there. The axes span the finite data. The file is written
/// completely or not at all.
///
/// # Errors
/// [`Error::Io`] if a series has `xs` and `ys` of different lengths, or the file cannot be
/// written.
pub fn lines(
    path: &Path,
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[(&str, &[f64], &[f64])],
) -> Result<()> {
    if let Some((name, xs, ys)) = series.iter().find(|(_, xs, ys)| xs.len() != ys.len()) {
        return Err(io_error(
            path,
            format!(
                "series {name:?} has {} x values but {} y values",
                xs.len(),
                ys.len()
            ),
        ));
    }
    let finite = || {
        series.iter().flat_map(|(_, xs, ys)| {
            xs.iter()
                .zip(ys.iter())
                .filter(|(x, y)| x.is_finite() && y.is_finite())
        })
    };
    let (mut x_lo, mut x_hi, mut y_lo, mut y_hi) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (&x, &y) in finite() {
        x_lo = x_lo.min(x);
        x_hi = x_hi.max(x);
        y_lo = y_lo.min(y);
        y_hi = y_hi.max(y);
    }
    let (x_range, y_range) = if finite().next().is_none() {
        (0.0..1.0, 0.0..1.0)
    } else {
        (padded(x_lo, x_hi, 0.0), padded(y_lo, y_hi, 0.05))
    };
    let has_legend = series.iter().any(|(name, _, _)| !name.is_empty());

    render(path, LINES_SIZE, |root| {
        let area = titled(root, title)?;
        let mut chart = chart_on(&area, x_range.clone(), y_range.clone(), (45, 75))?;
        draw_axes(&mut chart, &Axes::new(Some(x_label), y_label, true))?;
        for (k, (name, xs, ys)) in series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let style = color.stroke_width(2);
            // Runs of consecutive finite points, one line each.
            for (i, run) in finite_runs(xs, ys).into_iter().enumerate() {
                let drawn = chart
                    .draw_series(LineSeries::new(run, style))
                    .map_err(failed)?;
                if i == 0 && !name.is_empty() {
                    drawn.label(*name).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(2))
                    });
                }
            }
        }
        if has_legend {
            draw_legend(&mut chart)?;
        }
        Ok(())
    })
}

/// Writes two series sampled at the same `xs` overlaid in an upper panel (`a` as a wide line,
/// `b` as a thin line on top, so that both stay visible where they coincide) and their
/// difference `a - b` in a lower panel, as a PNG of [`OVERLAY_SIZE`] pixels.
///
/// `a` and `b` are `(label, ys)`; `diff_label` names the lower panel's axis. Non-finite values
/// break the lines. The lower panel's tick labels switch to scientific notation when the
/// difference is tiny. The file is written completely or not at all.
///
/// # Errors
/// [`Error::Io`] if `a` or `b` does not have one value per x, or the file cannot be written.
#[allow(clippy::too_many_arguments)]
pub fn overlay_with_difference(
    path: &Path,
    title: &str,
    x_label: &str,
    y_label: &str,
    xs: &[f64],
    a: (&str, &[f64]),
    b: (&str, &[f64]),
    diff_label: &str,
) -> Result<()> {
    for (name, ys) in [a, b] {
        if ys.len() != xs.len() {
            return Err(io_error(
                path,
                format!(
                    "series {name:?} has {} values for {} x values",
                    ys.len(),
                    xs.len()
                ),
            ));
        }
    }
    let diff: Vec<f64> = a.1.iter().zip(b.1).map(|(p, q)| p - q).collect();
    let x_range = match finite_bounds(xs.iter().copied()) {
        Some((lo, hi)) => padded(lo, hi, 0.0),
        None => 0.0..1.0,
    };
    let y_range = match finite_bounds(a.1.iter().chain(b.1).copied()) {
        Some((lo, hi)) => padded(lo, hi, 0.05),
        None => 0.0..1.0,
    };
    let (d_lo, d_hi) = finite_bounds(diff.iter().copied()).unwrap_or((0.0, 0.0));
    // Keep 0 in view, so that the size of the difference reads off the axis.
    let d_range = padded(d_lo.min(0.0), d_hi.max(0.0), 0.05);
    let tiny = d_lo.abs().max(d_hi.abs()) < 1e-3;

    render(path, OVERLAY_SIZE, |root| {
        let area = titled(root, title)?;
        let upper_height = area.dim_in_pixel().1 * 2 / 3;
        let (upper, lower) = area.split_vertically(upper_height);

        let mut chart = chart_on(&upper, x_range.clone(), y_range.clone(), (35, 85))?;
        draw_axes(&mut chart, &Axes::new(None, y_label, true))?;
        for (k, ((name, ys), width)) in [(a, 4), (b, 1)].into_iter().enumerate() {
            let color = PALETTE[k];
            for (i, run) in finite_runs(xs, ys).into_iter().enumerate() {
                // One path per segment: a wide polyline's mitred joins at the sharp turns of a
                // spike and reset would shoot far out of the panel.
                let segments: Vec<_> = run.windows(2).map(|w| vec![w[0], w[1]]).collect();
                let drawn = chart
                    .draw_series(
                        segments
                            .into_iter()
                            .map(|seg| PathElement::new(seg, color.stroke_width(width))),
                    )
                    .map_err(failed)?;
                if i == 0 && !name.is_empty() {
                    drawn.label(name).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(width))
                    });
                }
            }
        }
        draw_legend(&mut chart)?;

        let mut lower_chart = chart_on(&lower, x_range.clone(), d_range.clone(), (45, 85))?;
        let span = d_range.end - d_range.start;
        let small_tick = |v: &f64| {
            if !tiny {
                tick(v)
            } else if v.abs() < 1e-9 * span {
                // Rounding noise of the tick position.
                "0".into()
            } else {
                tick_sci(v)
            }
        };
        let axes = Axes {
            y_format: &small_tick,
            y_ticks: Some(5),
            ..Axes::new(Some(x_label), diff_label, true)
        };
        draw_axes(&mut lower_chart, &axes)?;
        for run in finite_runs(xs, &diff) {
            lower_chart
                .draw_series(LineSeries::new(run, PALETTE[2].stroke_width(1)))
                .map_err(failed)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn temp_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join("saltatory-plot-tests");
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    /// Checks the PNG signature and returns (width, height) from the IHDR chunk.
    fn png_size(path: &Path) -> (u32, u32) {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        (be(16), be(20))
    }

    #[test]
    fn raster_png_has_expected_size() {
        let mut times = Vec::new();
        let mut senders = Vec::new();
        // 50 neurons firing irregularly (a fixed linear congruential sequence), faster in the
        // middle of the run, so that the raster and the histogram both show structure.
        let mut state = 12_345u64;
        let mut uniform = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for n in 1..=50u64 {
            for _ in 0..40 {
                let t = 300.0 * uniform();
                if (100.0..200.0).contains(&t) || uniform() < 0.5 {
                    times.push(t);
                    senders.push(n);
                }
            }
        }
        let path = temp_path("raster.png");
        raster_with_rate(&path, &times, &senders, 300.0, 10.0, "Spike raster").unwrap();
        assert_eq!(png_size(&path), RASTER_SIZE);
    }

    #[test]
    fn raster_accepts_no_spikes() {
        let path = temp_path("raster-empty.png");
        raster_with_rate(&path, &[], &[], 100.0, 5.0, "silence").unwrap();
        assert_eq!(png_size(&path), RASTER_SIZE);
    }

    #[test]
    fn lines_png_has_expected_size() {
        let t: Vec<f64> = (0..200).map(|i| i as f64 * 0.5).collect();
        let v1: Vec<f64> = t.iter().map(|t| -70.0 + 15.0 * (t / 20.0).sin()).collect();
        let v2: Vec<f64> = t.iter().map(|t| -65.0 + 5.0 * (t / 7.0).cos()).collect();
        let path = temp_path("lines.png");
        lines(
            &path,
            "Membrane potential",
            "time (ms)",
            "V_m (mV)",
            &[("neuron 1", &t, &v1), ("neuron 2", &t, &v2)],
        )
        .unwrap();
        assert_eq!(png_size(&path), LINES_SIZE);
    }

    #[test]
    fn overlay_png_has_expected_size() {
        let t: Vec<f64> = (0..400).map(|i| i as f64 * 0.25).collect();
        let ours: Vec<f64> = t.iter().map(|t| -70.0 + 10.0 * (t / 9.0).sin()).collect();
        let nest: Vec<f64> = ours
            .iter()
            .enumerate()
            .map(|(i, v)| v + 3e-14 * (i as f64 / 40.0).cos())
            .collect();
        let path = temp_path("overlay.png");
        overlay_with_difference(
            &path,
            "V_m: ours and NEST",
            "time (ms)",
            "V_m (mV)",
            &t,
            ("saltatory", &ours),
            ("NEST", &nest),
            "ours - NEST (mV)",
        )
        .unwrap();
        assert_eq!(png_size(&path), OVERLAY_SIZE);
        // Identical series: a zero difference still plots.
        overlay_with_difference(&path, "", "", "", &t, ("a", &ours), ("b", &ours), "").unwrap();
        assert_eq!(png_size(&path), OVERLAY_SIZE);
    }

    #[test]
    fn overlay_checks_lengths() {
        let path = temp_path("overlay-bad.png");
        let err = overlay_with_difference(
            &path,
            "",
            "",
            "",
            &[0.0, 1.0],
            ("a", &[1.0, 2.0]),
            ("b", &[1.0]),
            "",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("\"b\" has 1 values for 2 x values"),
            "{err}"
        );
        assert!(!path.exists());
        assert_eq!(tick_sci(&0.0), "0");
        assert_eq!(tick_sci(&-1.24e-13), "-1.2e-13");
    }

    #[test]
    fn rate_is_spikes_per_bin_per_neuron_in_hz() {
        // Two neurons, 3 spikes in the first 10 ms bin: 3 / (2 * 0.01 s) = 150 Hz. The last bin
        // is 5 ms wide and holds one spike, counted at exactly t_stop: 1 / (2 * 0.005 s) = 100 Hz.
        let bins = rate_histogram(&[1.0, 2.0, 9.9, 25.0], 2, 25.0, 10.0);
        assert_eq!(bins.len(), 3);
        assert_eq!(bins[0], (0.0, 10.0, 150.0));
        assert_eq!(bins[1].2, 0.0);
        assert_eq!(bins[2], (20.0, 25.0, 100.0));
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(tick(&50.0), "50");
        assert_eq!(tick(&0.25), "0.25");
        assert_eq!(tick(&(0.1 + 0.2)), "0.3");
        assert_eq!(tick(&-65.0), "-65");
        assert_eq!(tick(&-0.0000001), "0");
        assert_eq!(tick(&1200.0), "1200");
    }

    #[test]
    fn bad_inputs_are_errors() {
        let path = temp_path("bad.png");
        assert!(raster_with_rate(&path, &[1.0], &[], 10.0, 1.0, "").is_err());
        assert!(raster_with_rate(&path, &[1.0], &[1], 0.0, 1.0, "").is_err());
        assert!(raster_with_rate(&path, &[1.0], &[1], 10.0, 0.0, "").is_err());
        assert!(raster_with_rate(&path, &[f64::NAN], &[1], 10.0, 1.0, "").is_err());
        let err = lines(&path, "", "", "", &[("a", &[1.0, 2.0], &[1.0])]).unwrap_err();
        assert!(
            err.to_string().contains("2 x values but 1 y values"),
            "{err}"
        );
        assert!(!path.exists());
    }

    #[test]
    fn unwritable_path_is_an_error_and_leaves_no_file() {
        let dir = std::env::temp_dir().join("saltatory-plot-no-such-dir");
        let raster = dir.join("r.png");
        let err = raster_with_rate(&raster, &[1.0], &[1], 10.0, 1.0, "x").unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err}");
        let line = dir.join("l.png");
        let err = lines(&line, "x", "x", "y", &[("a", &[0.0, 1.0], &[0.0, 1.0])]).unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err}");
        assert!(!dir.exists());
    }
}
