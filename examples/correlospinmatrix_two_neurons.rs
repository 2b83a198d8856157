//! Two binary neurons and a correlospinmatrix_detector, as NEST's
//! `correlospinmatrix_detector_two_neuron.py`: a ginzburg_neuron with mean activity 0.5 drives
//! a mcculloch_pitts_neuron (threshold 0.5), both updated every 10 ms on average; the
//! detector measures their auto- and cross-covariance functions for lags up to ±100 ms.
//! Prints the mean activities and the covariances at a few lags and writes
//! `correlospinmatrix_two_neurons.png`.
//!
//! `cargo run --release --example correlospinmatrix_two_neurons [-- --simtime MS --seed S --out DIR]`

use std::path::PathBuf;

use clap::Parser;
use saltatory::nest_examples::{SpinParams, covariances, two_binary_neurons};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Biological time to simulate, in ms (NEST's example: 1e6).
    #[arg(long, default_value_t = 1_000_000.0)]
    simtime: f64,
    /// Seed of all random streams.
    #[arg(long, default_value_t = 1)]
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
    let p = SpinParams {
        t: args.simtime,
        ..SpinParams::default()
    };
    let counts = two_binary_neurons(&p, args.seed)?;
    let (m, c) = covariances(&p, &counts);
    println!("mean activities = [{:.6} {:.6}]", m[0], m[1]);
    let mid = (p.tau_max / p.h).round() as usize;
    println!("  lag (ms)      c11        c22        c12        c21");
    for lag in [-20.0, -10.0, -5.0, 0.0, 5.0, 10.0, 20.0] {
        let k = (mid as i64 + (lag / p.h).round() as i64) as usize;
        println!(
            "{lag:10.1} {:10.6} {:10.6} {:10.6} {:10.6}",
            c[0][0][k], c[1][1][k], c[0][1][k], c[1][0][k]
        );
    }
    let lags: Vec<f64> = (0..c[0][0].len())
        .map(|k| (k as f64 - mid as f64) * p.h)
        .collect();
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let png = args.out.join("correlospinmatrix_two_neurons.png");
    saltatory::plot::lines(
        &png,
        "ginzburg -> mcculloch_pitts: auto- and cross-covariance functions",
        "lag (ms)",
        "covariance",
        &[
            ("c12", &lags, &c[0][1]),
            ("c21", &lags, &c[1][0]),
            ("c11", &lags, &c[0][0]),
            ("c22", &lags, &c[1][1]),
        ],
    )?;
    println!("wrote {}", png.display());
    Ok(())
}
