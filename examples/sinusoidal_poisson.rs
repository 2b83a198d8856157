//! sinusoidal_poisson_generator, as NEST's `sinusoidal_poisson_generator.py`: two generators
//! (10,000 ± 5,000 spikes/s at 10 Hz, and 10,000 spikes/s · sin at 5 Hz with phase 90°,
//! clipped at 0) for 200 ms at 0.01 ms, then one generator (100 ± 50 spikes/s at 10 Hz) into
//! 20 parrot neurons with individual and with shared spike trains. Prints the spike counts
//! and the peri-stimulus time histograms (5 ms bins), and writes `sinusoidal_poisson.png`
//! (histograms with the rates) and `sinusoidal_poisson_parrots.png` (both parrot rasters,
//! shared below individual).
//!
//! `cargo run --release --example sinusoidal_poisson [-- --seed S --out DIR]`

use std::path::PathBuf;

use clap::Parser;
use saltatory::nest_examples::{SINUSOID_PARROTS, SINUSOIDS, sinusoidal_part1, sinusoidal_part2};

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

fn run(args: Args) -> saltatory::Result<()> {
    let simtime = 200.0;
    let bin = 5.0;
    let trains = sinusoidal_part1(&SINUSOIDS, simtime, args.seed)?;
    let edges: Vec<f64> = (0..(simtime / bin) as usize)
        .map(|k| k as f64 * bin)
        .collect();
    let mut series_data = Vec::new();
    for (k, (g, train)) in SINUSOIDS.iter().zip(&trains).enumerate() {
        let mut hist = vec![0.0; edges.len()];
        for t in train {
            // NEST's numpy histogram: [lo, hi) bins, the last one closed.
            let b = ((t / bin).floor() as usize).min(edges.len() - 1);
            hist[b] += 1000.0 / bin;
        }
        println!("generator {}: {} spikes", k + 1, train.len());
        println!("  PSTH (spikes/s per 5 ms bin): {hist:?}");
        let ts: Vec<f64> = (0..=2000).map(|i| i as f64 * 0.1).collect();
        let rate: Vec<f64> = ts.iter().map(|&t| g.rate_at(t)).collect();
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for (e, h) in edges.iter().zip(&hist) {
            xs.extend([*e, e + bin]);
            ys.extend([*h, *h]);
        }
        series_data.push((ts, rate, xs, ys));
    }
    let labels = [("rate 1", "PSTH 1"), ("rate 2", "PSTH 2")];
    let mut series: Vec<(&str, &[f64], &[f64])> = Vec::new();
    for ((ts, rate, xs, ys), (lr, lh)) in series_data.iter().zip(labels) {
        series.push((lr, ts, rate));
        series.push((lh, xs, ys));
    }
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let png = args.out.join("sinusoidal_poisson.png");
    saltatory::plot::lines(
        &png,
        "sinusoidal_poisson_generator: PST histograms and rates",
        "time (ms)",
        "spikes per second",
        &series,
    )?;
    println!("wrote {}", png.display());

    let n = 20;
    let individual = sinusoidal_part2(&SINUSOID_PARROTS, n, true, simtime, args.seed)?;
    let shared = sinusoidal_part2(&SINUSOID_PARROTS, n, false, simtime, args.seed)?;
    let png = args.out.join("sinusoidal_poisson_parrots.png");
    parrot_rasters(&individual, &shared, simtime, bin, &png)?;
    Ok(())
}
