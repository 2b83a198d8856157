//! sinusoidal_gamma_generator, as NEST's `sinusoidal_gamma_generator.py`. Part 1: two
//! generators (10,000 ± 5,000 spikes/s at 10 Hz) with gamma processes of order 2 and 10 for
//! 200 ms at 0.01 ms, their rates recorded by multimeters; then one generator (100 ± 50
//! spikes/s at 10 Hz, order 3) into 20 parrot neurons with individual and with shared spike
//! trains. Prints the spike counts, the intervals' coefficients of variation and the
//! peri-stimulus time histograms (5 ms bins), and writes `sinusoidal_gamma.png` (histograms
//! with the recorded rates), `sinusoidal_gamma_isi.png` (interval histograms, 0.01 ms bins up
//! to 0.5 ms) and `sinusoidal_gamma_parrots.png` (both parrot rasters, shared below
//! individual). Part 2: six panels of 1,000 generators each, run for 500 ms, given new
//! parameters (rate, modulation, frequency or phase) and run for 500 ms more at resolution
//! 1 ms; prints each panel's spikes per generator and second in both halves and writes
//! `sinusoidal_gamma_step.png` (a 2 x 3 grid of 1 ms histograms in spikes per second per
//! generator, with the rate the generators are given).
//!
//! `cargo run --release --example sinusoidal_gamma [-- --seed S --out DIR]`

use std::path::{Path, PathBuf};

use clap::Parser;
use saltatory::nest_examples::sinusoidal_gamma::{
    GAMMA_PARROTS, GAMMAS, STEP_DT, STEP_N, STEP_PANELS, STEP_T, gamma_part1, gamma_part2,
    gamma_step, intervals, isi_cv,
};
use saltatory::plot::{Panel, grid_of_lines};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Seed of all random streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory for the PNGs.
    #[arg(long, default_value = ".")]
    out: PathBuf,
}

include!("common/parrot_rasters.rs");

fn main() {
    if let Err(e) = run(Args::parse()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// A histogram of `xs` in `n` bins of `bin` from 0 ([lo, hi), the last one closed, as numpy's),
/// as step-line points scaled by `scale`. Times and intervals are multiples of the resolution;
/// a value within 1e-9 of an edge counts as on it, so that rounding does not move it.
fn histogram(xs: &[f64], bin: f64, n: usize, scale: f64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut h = vec![0.0; n];
    for x in xs {
        let b = (x / bin + 1e-9).floor() as usize;
        if b < n || (b == n && (x / bin - n as f64).abs() < 1e-9) {
            h[b.min(n - 1)] += scale;
        }
    }
    let (mut px, mut py) = (Vec::new(), Vec::new());
    for (k, v) in h.iter().enumerate() {
        px.extend([k as f64 * bin, (k + 1) as f64 * bin]);
        py.extend([*v, *v]);
    }
    (h, px, py)
}

fn run(args: Args) -> saltatory::Result<()> {
    let simtime = 200.0;
    let bin = 5.0;
    let part1 = gamma_part1(&GAMMAS, simtime, args.seed)?;
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let n_bins = (simtime / bin) as usize;
    let mut psth = Vec::new();
    let mut isi = Vec::new();
    for (k, (g, train)) in GAMMAS.iter().zip(&part1.trains).enumerate() {
        let (h, px, py) = histogram(train, bin, n_bins, 1000.0 / bin);
        println!(
            "generator {} (order {}): {} spikes, CV of the intervals {:.3}",
            k + 1,
            g.order,
            train.len(),
            isi_cv(train)
        );
        println!("  PSTH (spikes/s per 5 ms bin): {h:?}");
        psth.push((px, py));
        let (_, ix, iy) = histogram(&intervals(train), 0.01, 50, 1.0);
        isi.push((ix, iy));
    }
    let mut series: Vec<(&str, &[f64], &[f64])> = Vec::new();
    let labels = [("rate 1", "PSTH 1"), ("rate 2", "PSTH 2")];
    for (k, (lr, lh)) in labels.into_iter().enumerate() {
        series.push((lr, &part1.times, &part1.rates[k]));
        series.push((lh, &psth[k].0, &psth[k].1));
    }
    let title = "sinusoidal_gamma_generator: PST histograms and recorded rates";
    write_lines(
        &args.out,
        "sinusoidal_gamma.png",
        title,
        "spikes per second",
        &series,
    )?;
    let series: Vec<(&str, &[f64], &[f64])> = vec![
        ("order 2", &isi[0].0, &isi[0].1),
        ("order 10", &isi[1].0, &isi[1].1),
    ];
    let title = "sinusoidal_gamma_generator: ISI histograms";
    write_lines(
        &args.out,
        "sinusoidal_gamma_isi.png",
        title,
        "intervals",
        &series,
    )?;

    let n = 20;
    let individual = gamma_part2(&GAMMA_PARROTS, n, true, simtime, args.seed)?;
    let shared = gamma_part2(&GAMMA_PARROTS, n, false, simtime, args.seed)?;
    let png = args.out.join("sinusoidal_gamma_parrots.png");
    parrot_rasters(&individual, &shared, simtime, bin, &png)?;
    step_panels(&args)
}

/// Part 2: the six panels whose generators change their parameters at half time.
fn step_panels(args: &Args) -> saltatory::Result<()> {
    // As the example: bins [t, t + dt) from 0, the last one holding the spikes at t = T, each
    // spike at the end of the step that drew it (with the rate at that time).
    let n_bins = (STEP_T / STEP_DT).round() as usize + 1;
    let half = STEP_T / 2.0;
    // Spikes per bin, per generator and second.
    let scale = 1000.0 / (STEP_N as f64 * STEP_DT);
    let expected_t: Vec<f64> = (0..n_bins).map(|k| k as f64 * STEP_DT).collect();
    let mut curves = Vec::new();
    for (k, panel) in STEP_PANELS.iter().enumerate() {
        let times = gamma_step(
            &panel.initial,
            &panel.after,
            STEP_N,
            STEP_T,
            STEP_DT,
            args.seed,
        )?;
        let first = times.iter().filter(|&&t| t <= half).count();
        let per_second = |count: usize| count as f64 / (STEP_N as f64 * half / 1000.0);
        println!(
            "panel {} ({}): {:.2} spikes/s per generator before the change, {:.2} after",
            k + 1,
            panel.title,
            per_second(first),
            per_second(times.len() - first)
        );
        let (_, px, py) = histogram(&times, STEP_DT, n_bins, scale);
        let rate: Vec<f64> = (expected_t.iter())
            .map(|&t| panel.rate_at(t, STEP_T).max(0.0))
            .collect();
        curves.push((px, py, rate));
    }
    let panels: Vec<Panel<'_>> = (STEP_PANELS.iter().zip(&curves).enumerate())
        .map(|(k, (panel, (px, py, rate)))| Panel {
            title: panel.title,
            x_label: if k >= 3 { "time (ms)" } else { "" },
            y_label: if k % 3 == 0 { "spikes per second" } else { "" },
            series: vec![("spikes", px, py), ("rate", &expected_t, rate)],
        })
        .collect();
    let png = args.out.join("sinusoidal_gamma_step.png");
    let title = format!(
        "{STEP_N} sinusoidal_gamma_generators, parameters changed at {half} ms (1 ms bins)"
    );
    grid_of_lines(&png, &title, 3, &panels)?;
    println!("wrote {}", png.display());
    Ok(())
}

fn write_lines(
    dir: &Path,
    name: &str,
    title: &str,
    y: &str,
    series: &[(&str, &[f64], &[f64])],
) -> saltatory::Result<()> {
    let png = dir.join(name);
    let x = if name.ends_with("isi.png") {
        "interval (ms)"
    } else {
        "time (ms)"
    };
    saltatory::plot::lines(&png, title, x, y, series)?;
    println!("wrote {}", png.display());
    Ok(())
}
