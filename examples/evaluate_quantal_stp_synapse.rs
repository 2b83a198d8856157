//! The stochastic `quantal_stp_synapse` against the deterministic `tsodyks2_synapse`, as
//! NEST's `evaluate_quantal_stp_synapse.py`: an `iaf_psc_exp` neuron driven by 376 pA for
//! 500 ms and then nothing for 1 s, 501 times, sends its spikes through one synapse of each
//! model (10 release sites for the quantal one) to two neurons. Prints the RMS difference of
//! the two mean responses over the 500 recorded cycles and writes
//! `evaluate_quantal_stp_synapse.png` (both mean membrane potentials, as NEST's example plots
//! them).
//!
//! `cargo run --release --example evaluate_quantal_stp_synapse [-- --trials 500 --out DIR]`

use std::path::PathBuf;

use clap::Parser;
use saltatory::plastic_examples::{QuantalProtocol, evaluate_quantal_stp};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Recorded stimulation cycles (NEST's example: 500).
    #[arg(long, default_value_t = 500)]
    trials: usize,
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
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let protocol = QuantalProtocol {
        n_trials: args.trials,
        ..QuantalProtocol::default()
    };
    println!("Simulating {} trials", protocol.n_trials);
    let r = evaluate_quantal_stp(&protocol)?;
    let n = r.released_per_trial.len().max(1) as f64;
    let released = r.released_per_trial.iter().sum::<f64>() / n;
    println!("driver spikes: {}", r.driver_spikes);
    println!(
        "tsodyks2_synapse sent {} spikes; quantal_stp_synapse released {released:.4} pA per cycle on average",
        r.sent_tsyn.len()
    );
    println!("RMS error: {:.3e} mV", r.rms_error);
    let png = args.out.join("evaluate_quantal_stp_synapse.png");
    saltatory::plot::lines(
        &png,
        "Comparison of deterministic and stochastic plasticity rules",
        "time (ms)",
        "membrane potential (mV)",
        &[
            (
                "Tsodyks-2 synapse (deterministic)",
                &r.times,
                &r.v_tsyn_mean,
            ),
            ("Quantal STP synapse (stochastic)", &r.times, &r.v_qsyn_mean),
        ],
    )?;
    println!("wrote {}", png.display());
    Ok(())
}
