//! 1,000 aeif_cond_alpha neurons, each driven by its own Poisson train, for timing against NEST
//! (benches/nest_compare/aeif_nest.py builds the same network).
//!
//! `cargo run --release --example aeif_poisson -- [--threads T --neurons N --simtime MS --scalar]`

use std::time::Instant;

use clap::Parser;
use saltatory::consts::ms;
use saltatory::models::AeifCondAlpha;
use saltatory::runtime::{Config, Simulator, Stimulus, SynSpec};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Worker threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Number of neurons.
    #[arg(long, default_value_t = 1000)]
    neurons: usize,
    /// Biological time in ms.
    #[arg(long, default_value_t = 1000.0)]
    simtime: f64,
    /// Integrate one neuron after the other instead of four at once in SIMD lanes.
    #[arg(long)]
    scalar: bool,
}

fn main() -> saltatory::Result<()> {
    let args = Args::parse();
    let t0 = Instant::now();
    let mut sim = Simulator::with_config(Config {
        threads: args.threads,
        ..Config::default()
    })?;
    sim.set_simd_lanes(!args.scalar);
    let n = sim.create::<AeifCondAlpha>(args.neurons, Default::default())?;
    sim.stimulate(
        Stimulus::Poisson { rate: 20000.0 },
        n,
        SynSpec::new(2.0, 1.0),
    )?;
    let rec = sim.record_spikes(n)?;
    let build = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    sim.simulate(args.simtime * ms)?;
    let simulate = t1.elapsed().as_secs_f64();
    let rate = sim.spikes(rec).len() as f64 / args.neurons as f64 / (args.simtime / 1000.0);
    println!("rate: {rate:.3} Hz");
    println!("build: {build:.3} s");
    println!("simulate: {simulate:.3} s");
    let phases = sim.phase_times();
    println!(
        "of which update {:.3} s (devices {:.3} s), exchange {:.3} s, delivery {:.3} s",
        phases.update, phases.devices, phases.exchange, phases.delivery
    );
    Ok(())
}
