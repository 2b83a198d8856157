//! `tsodyks_synapse` and `tsodyks2_synapse` side by side, as NEST's
//! `evaluate_tsodyks2_synapse.py`: an `iaf_psc_exp` neuron driven by 376 pA for 500 ms, by
//! nothing for 500 ms and by 376 pA again for 500 ms sends its spikes through one synapse of
//! each model to two other neurons, once with depressing and once with facilitating
//! parameters. Prints the driver's spikes and the weights each synapse sent them with, and
//! writes `evaluate_tsodyks2_depression.png` and `evaluate_tsodyks2_facilitation.png` (both
//! membrane potentials, as NEST's example plots them: nearly the same curve). NEST changes
//! `I_e` between three `Simulate` calls; so does this port, between three `simulate` calls.
//!
//! `cargo run --release --example evaluate_tsodyks2_synapse [-- --out DIR]`

use std::path::PathBuf;

use clap::Parser;
use saltatory::plastic_examples::{DEPRESSION, FACILITATION, StpProtocol, evaluate_tsodyks2};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
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

/// The first and last three values, rounded.
fn ends(xs: &[f64]) -> String {
    let show = |s: &[f64]| {
        s.iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if xs.len() <= 6 {
        return show(xs);
    }
    format!("{} ... {}", show(&xs[..3]), show(&xs[xs.len() - 3..]))
}

fn run(args: Args) -> saltatory::Result<()> {
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let protocol = StpProtocol::default();
    for p in [DEPRESSION, FACILITATION] {
        let r = evaluate_tsodyks2(&p, &protocol)?;
        println!("{} experiment", p.name);
        println!("  driver: {} spikes: {}", r.spikes.len(), ends(&r.spikes));
        println!("  sent by tsodyks_synapse (pA):  {}", ends(&r.sent_tsodyks));
        println!(
            "  sent by tsodyks2_synapse (pA): {}",
            ends(&r.sent_tsodyks2)
        );
        let peak = |v: &[f64]| v.iter().copied().fold(f64::MIN, f64::max);
        println!(
            "  peak V_m: {:.4} mV (tsodyks_synapse), {:.4} mV (tsodyks2_synapse)",
            peak(&r.v_tsodyks),
            peak(&r.v_tsodyks2)
        );
        let file = format!("evaluate_tsodyks2_{}.png", p.name.to_lowercase());
        let png = args.out.join(file);
        saltatory::plot::lines(
            &png,
            &format!("{} experiment", p.name),
            "time (ms)",
            "membrane potential (mV)",
            &[
                ("tsodyks_synapse", &r.times, &r.v_tsodyks),
                ("tsodyks2_synapse", &r.times, &r.v_tsodyks2),
            ],
        )?;
        println!("  wrote {}", png.display());
    }
    Ok(())
}
