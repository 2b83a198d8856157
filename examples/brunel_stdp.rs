//! The Brunel (2000) network of `brunel_alpha_nest.py` with `stdp_synapse` on the excitatory
//! to excitatory connections (Wmax twice the initial weight, `eta` 1.5; see
//! src/plastic_examples/brunel_stdp.rs). Prints the rates and the statistics of the weight
//! changes, and writes `brunel_stdp_raster.png` (raster and rate) and
//! `brunel_stdp_weights.png` (histogram of the E→E weight changes; the few synapses far to
//! the right are autapses, which every spike of their neuron potentiates).
//!
//! `cargo run --release --example brunel_stdp [-- --order N --simtime MS --seed S --out DIR]`

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use saltatory::plastic_examples::{BrunelStdp, brunel_stdp};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Network size: NE = 4·order, NI = order.
    #[arg(long, default_value_t = 50)]
    order: usize,
    /// Simulated time in ms.
    #[arg(long, default_value_t = 2000.0)]
    simtime: f64,
    /// Seed of all random streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory for the PNGs.
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
    let p = BrunelStdp {
        simtime: args.simtime,
        ..BrunelStdp::new(args.order)
    };
    let start = Instant::now();
    let r = brunel_stdp(&p, args.seed)?;
    println!(
        "order {}: {} neurons, {} E→E synapses, {:.0} ms simulated in {:.2} s",
        args.order,
        p.network.ne() + p.network.ni(),
        r.dw.len(),
        p.simtime,
        start.elapsed().as_secs_f64()
    );
    for (k, v) in &r.stats {
        println!("  {k:12} {v:.6}");
    }
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let png = args.out.join("brunel_stdp_raster.png");
    let senders: Vec<u64> = r.senders.iter().map(|&s| s as u64).collect();
    let title = format!("Brunel alpha, STDP on E→E, order {}", args.order);
    saltatory::plot::raster_with_rate(&png, &r.times, &senders, p.simtime, 10.0, &title)?;
    println!("wrote {}", png.display());

    // Histogram of the weight changes, drawn as steps.
    let (lo, hi) =
        r.dw.iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &d| (a.min(d), b.max(d)));
    let bins = 60;
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0.0; bins];
    for d in &r.dw {
        counts[(((d - lo) / width) as usize).min(bins - 1)] += 1.0;
    }
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for (k, c) in counts.iter().enumerate() {
        let x = lo + k as f64 * width;
        xs.extend([x, x + width]);
        ys.extend([*c, *c]);
    }
    let png = args.out.join("brunel_stdp_weights.png");
    saltatory::plot::lines(
        &png,
        &format!("E→E weight changes after {} ms", p.simtime),
        "w - w0 (pA)",
        "synapses",
        &[("", &xs, &ys)],
    )?;
    println!("wrote {}", png.display());
    Ok(())
}
