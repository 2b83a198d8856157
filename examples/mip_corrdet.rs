//! A mip_generator and a correlation_detector, as NEST's `cross_check_mip_corrdet.py`: a
//! mother Poisson train of 100 spikes/s is copied with probability 0.5 to each of two parrot
//! neurons, and a correlation_detector (bins of 10 ms, lags up to ±100 ms) histograms the
//! differences of their spike times for 100 s. Prints the spike counts and rates, the
//! cross-correlation histogram computed directly from the recorded spikes and its sum, checks
//! that the detector's histogram is the same, and writes `mip_corrdet.png`.
//!
//! `cargo run --release --example mip_corrdet [-- --seed S --out DIR]`

use std::path::PathBuf;

use clap::Parser;
use saltatory::nest_examples::{MipParams, cross_correlation, mip_corrdet};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Seed of all random streams.
    #[arg(long, default_value_t = 12345)]
    seed: u64,
    /// Directory for the PNG.
    #[arg(long, default_value = ".")]
    out: PathBuf,
}

fn main() {
    if let Err(e) = run(Args::parse()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> saltatory::Result<()> {
    let p = MipParams::default();
    let r = mip_corrdet(&p, args.seed)?;
    let per_s = 1000.0 / (p.t - p.tau_max);
    println!(
        "spikes counted: {} and {}; rates {:.3} and {:.3} spikes/s",
        r.n_events[0],
        r.n_events[1],
        r.n_events[0] as f64 * per_s,
        r.n_events[1] as f64 * per_s
    );
    let bin = (p.delta_tau / p.resolution).round() as i64;
    let tau = (p.tau_max / p.resolution).round() as i64;
    let cross = cross_correlation(&r.steps[0], &r.steps[1], bin, tau);
    println!(
        "cross-correlation (pairs per bin, lag -{} .. {} ms):",
        p.tau_max, p.tau_max
    );
    println!("{cross:?}");
    println!(
        "sum of the cross-correlation: {}",
        cross.iter().sum::<f64>()
    );
    if cross == r.histogram {
        println!("the correlation_detector's histogram is the same");
    } else {
        println!(
            "the correlation_detector's histogram differs: {:?}",
            r.histogram
        );
    }
    let lags: Vec<f64> = (0..cross.len())
        .map(|k| (k as f64 - (tau / bin) as f64) * p.delta_tau)
        .collect();
    // Each bin drawn as a step: its value over [lag - bin/2, lag + bin/2].
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for (lag, h) in lags.iter().zip(&r.histogram) {
        xs.extend([lag - p.delta_tau / 2.0, lag + p.delta_tau / 2.0]);
        ys.extend([*h, *h]);
    }
    let chance = r.n_events[0] as f64 * r.n_events[1] as f64 * p.delta_tau / p.t;
    let flat = vec![chance; 2];
    let span = [xs[0], xs[xs.len() - 1]];
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let png = args.out.join("mip_corrdet.png");
    saltatory::plot::lines(
        &png,
        "mip_generator: cross-correlation of two parrots (correlation_detector)",
        "lag (ms)",
        "spike pairs per bin",
        &[
            ("correlation_detector histogram", &xs, &ys),
            ("chance level n1 n2 bin / T", &span, &flat),
        ],
    )?;
    println!("wrote {}", png.display());
    Ok(())
}
