//! The Potjans & Diesmann (2014) cortical microcircuit (77,169 iaf_psc_exp neurons, about 0.3
//! billion synapses at full scale) with Poisson background input, as NEST's example ran it:
//! 500 ms of presimulation, then 1 s measured. Prints each population's mean rate next to the
//! rates of NEST's full-scale run, the build and simulate times, the real-time factor and the
//! memory.
//!
//! `cargo run --release --example microcircuit -- [--scale 1.0] [--threads 2] [--simtime 1000]`
//! (`--scale` sets both N_scaling and K_scaling, as in the example.) Built with the feature
//! `mpi`, it runs under `mpirun` too (see the README).

use clap::Parser;
use saltatory::microcircuit::{FULL_MEAN_RATES, Microcircuit, POPULATIONS};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Scale of population sizes and in-degrees (1 = full scale).
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Worker threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Measured biological time in ms (after 500 ms of presimulation).
    #[arg(long, default_value_t = 1000.0)]
    simtime: f64,
    /// Seed of all random streams.
    #[arg(long, default_value_t = 55)]
    seed: u64,
    /// Background input as DC instead of Poisson spike trains.
    #[arg(long)]
    dc_input: bool,
    /// Write the measured spikes to this file (.npy: time in ms, NEST global id), population
    /// by population.
    #[arg(long)]
    spikes: Option<std::path::PathBuf>,
}

/// Peak resident memory of this process in MB (Linux), if known.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let args = Args::parse();
    let net = Microcircuit {
        n_scaling: args.scale,
        k_scaling: args.scale,
        poisson_input: !args.dc_input,
    };
    let run = match net.run(args.threads, args.seed, 500.0, args.simtime) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    // Under mpirun every rank measured the same; rank 0 reports.
    if run.rank != 0 {
        return;
    }
    if let Some(path) = &args.spikes {
        if let Err(e) = saltatory::runtime::output::write_spikes_npy(path, &run.spikes) {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
    println!("neurons: {}", run.neurons);
    println!("synapses: {}", run.synapses);
    println!("population  rate (spikes/s)  NEST full scale  difference");
    for ((name, r), nest) in POPULATIONS.iter().zip(&run.rates).zip(FULL_MEAN_RATES) {
        println!(
            "{name:<10} {r:10.3} {nest:16.3} {:+10.1} %",
            100.0 * (r - nest) / nest
        );
    }
    println!("build: {:.2} s", run.build);
    println!("simulate: {:.2} s", run.simulate);
    println!(
        "real-time factor: {:.2}",
        run.simulate / (args.simtime / 1000.0)
    );
    let p = run.phases;
    println!(
        "phases (presimulation included): update {:.2} s, exchange {:.2} s, delivery {:.2} s",
        p.update, p.exchange, p.delivery
    );
    if run.ranks > 1 {
        let x = run.exchange;
        let slices = x.slices.max(1) as f64;
        println!(
            "ranks: {}; rank 0 exchanged {} slices: {:.0} bytes sent and {:.0} received per slice, {:.1} us per slice in MPI ({:.2} s)",
            run.ranks,
            x.slices,
            x.bytes_sent as f64 / slices,
            x.bytes_received as f64 / slices,
            1e6 * x.seconds / slices,
            x.seconds
        );
    }
    println!(
        "synapse tables: {:.2} bytes/synapse",
        run.table_bytes as f64 / run.synapses.max(1) as f64
    );
    if let Some(mb) = peak_rss_mb() {
        println!(
            "peak RSS: {mb:.0} MB ({:.1} bytes/synapse)",
            mb * 1024.0 * 1024.0 / run.synapses.max(1) as f64
        );
    }
}
