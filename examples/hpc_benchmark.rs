//! NEST's scaling benchmark `hpc_benchmark.py`: iaf_psc_alpha neurons, Poisson drive, and
//! stdp_pl_synapse_hom on the excitatory-to-excitatory connections (src/hpc_benchmark.rs).
//! Prints build and simulation times, the excitatory rate, the memory of the synapse tables,
//! and the mean and spread of the plastic weights' change. The NEST twin and the comparison:
//! `benches/nest_compare/hpc_benchmark.sh`.
//!
//! `cargo run --release --example hpc_benchmark -- [--scale S --threads T --seed N]`

use std::time::Instant;

use clap::Parser;
use saltatory::consts::ms;
use saltatory::hpc_benchmark::HpcBenchmark;
use saltatory::runtime::{Config, Simulator};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Network size relative to NEST's 11,250 neurons (in-degrees stay 9,000 and 2,250).
    #[arg(long, default_value_t = 0.1)]
    scale: f64,
    /// Worker threads (results do not depend on it).
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Seed of all random streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Time simulated before measuring, ms (NEST's `presimtime`).
    #[arg(long, default_value_t = 50.0)]
    presimtime: f64,
    /// Time simulated and measured, ms (NEST's `simtime`).
    #[arg(long, default_value_t = 250.0)]
    simtime: f64,
}

fn main() {
    if let Err(e) = run(Args::parse()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> saltatory::Result<()> {
    let start = Instant::now();
    let config = Config {
        threads: args.threads,
        seed: args.seed,
        ..Config::default()
    };
    // Alone, or one rank of `mpirun` with the feature `mpi`.
    let mut sim = Simulator::launch(config)?;
    let bench = HpcBenchmark {
        scale: args.scale,
        seed: args.seed,
    };
    let net = bench.build(&mut sim)?;
    let recorder = sim.record_spikes(net.ex.clone())?;
    let build = start.elapsed().as_secs_f64();
    let t0 = Instant::now();
    sim.simulate(args.presimtime * ms)?;
    let presim = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    sim.simulate(args.simtime * ms)?;
    let simulate = t1.elapsed().as_secs_f64();

    let spikes = sim.spikes(recorder);
    let in_window = spikes
        .times
        .iter()
        .filter(|&&t| t > args.presimtime)
        .count();
    let rate = in_window as f64 / bench.ne() as f64 / (args.simtime / 1000.0);
    let w = sim.connection_values(net.ex.clone(), "weight")?;
    let w0 = bench.je_pa();
    let mine: Vec<f64> = sim
        .connections(net.ex.clone())?
        .iter()
        .zip(&w)
        .filter(|(c, _)| c.target <= bench.ne())
        .map(|(_, w)| w - w0)
        .collect();
    // Every rank's synapses, summed in one order whatever the split.
    let mut plastic = sim.gather_over_ranks(&mine)?;
    plastic.sort_by(f64::total_cmp);
    let synapses = sim.num_synapses_all()?;
    if sim.rank() != 0 {
        return Ok(());
    }
    let n = plastic.len() as f64;
    let mean = plastic.iter().sum::<f64>() / n;
    let std = (plastic.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let (table_bytes, ring_bytes) = sim.memory_bytes();
    println!(
        "hpc_benchmark (saltatory), scale {}, {} threads{}",
        args.scale,
        args.threads,
        if sim.ranks() > 1 {
            format!(" on each of {} ranks", sim.ranks())
        } else {
            String::new()
        }
    );
    println!("neurons: {}", bench.ne() + bench.ni());
    println!("synapses: {synapses} ({} plastic)", plastic.len());
    println!("build: {build:.3} s");
    println!("presimulate: {presim:.3} s");
    println!("simulate: {simulate:.3} s");
    println!("rate: {rate:.2} Hz");
    let phases = sim.phase_times();
    println!(
        "phases: update {:.3} s, exchange {:.3} s, delivery {:.3} s",
        phases.update, phases.exchange, phases.delivery
    );
    let busy: Vec<String> = (sim.engine_busy().iter())
        .map(|b| format!("{:.2}/{:.2}", b.update, b.delivery))
        .collect();
    println!("busy per thread (update/delivery): {} s", busy.join(" "));
    println!("w - w0: mean {mean:.6} pA, std {std:.6} pA");
    println!(
        "synapse tables: {:.2} bytes/synapse; ring buffers: {:.1} MB; archived spikes: {}",
        table_bytes as f64 / sim.num_synapses().max(1) as f64,
        ring_bytes as f64 / 1e6,
        sim.archived_spikes()
    );
    Ok(())
}
