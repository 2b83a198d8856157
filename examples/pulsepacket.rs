//! A pulse packet into non-spiking neurons, as NEST's `pulsepacket.py`: each of 100
//! iaf_psc_alpha neurons gets its own packet of 100 spikes spread with a standard deviation
//! of 10 ms around 500 ms (weight 0.1 pA). Prints the averaged membrane potential at a few
//! times next to the expected one (the PSP averaged over the Gaussian spike times, computed
//! numerically), and writes `pulsepacket.png` (single and averaged potentials, expectation).
//!
//! `cargo run --release --example pulsepacket [-- --seed S --out DIR]`

use std::path::PathBuf;

use clap::Parser;
use saltatory::nest_examples::{PulsePacketParams, pulsepacket, pulsepacket_expected};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
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
    let p = PulsePacketParams::default();
    let r = pulsepacket(&p, args.seed)?;
    let expected = pulsepacket_expected(&p, &r.times);
    println!("  t (ms)   averaged V_m (mV)   expected (mV)");
    for t in [480.0, 500.0, 510.0, 520.0, 540.0, 580.0, 650.0] {
        if let Some(i) = r.times.iter().position(|x| (x - t).abs() < 1e-9) {
            println!("{t:8.1} {:18.6e} {:15.6e}", r.average[i], expected[i]);
        }
    }
    let peak = (0..r.average.len())
        .max_by(|&a, &b| r.average[a].total_cmp(&r.average[b]))
        .unwrap_or(0);
    println!(
        "peak of the average: {:.6e} mV at {} ms",
        r.average[peak], r.times[peak]
    );
    let lo = r.packet_spikes.iter().min().copied().unwrap_or(0);
    let hi = r.packet_spikes.iter().max().copied().unwrap_or(0);
    println!("spikes per packet: {lo} to {hi} (activity {})", p.a);
    // The window NEST's example shows.
    let (lo, hi) = (
        p.pulsetime - 5.0 * (p.tau_m + p.tau_s),
        p.pulsetime + 10.0 * (p.tau_m + p.tau_s),
    );
    let keep: Vec<usize> = (0..r.times.len())
        .filter(|&i| r.times[i] >= lo && r.times[i] <= hi)
        .collect();
    let pick = |v: &[f64]| keep.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let times = pick(&r.times);
    let singles: Vec<Vec<f64>> = r.v.iter().take(3).map(|v| pick(v)).collect();
    let average = pick(&r.average);
    let expect = pick(&expected);
    let mut series: Vec<(&str, &[f64], &[f64])> = singles
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let label = if k == 0 {
                "single potentials (3 of 100)"
            } else {
                ""
            };
            (label, times.as_slice(), v.as_slice())
        })
        .collect();
    series.push(("averaged potential", &times, &average));
    series.push(("expected", &times, &expect));
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let png = args.out.join("pulsepacket.png");
    saltatory::plot::lines(
        &png,
        "pulsepacket_generator -> iaf_psc_alpha (100 neurons)",
        "time (ms)",
        "membrane potential (mV)",
        &series,
    )?;
    println!("wrote {}", png.display());
    Ok(())
}
