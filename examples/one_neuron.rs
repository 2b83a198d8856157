//! One iaf_psc_alpha neuron driven by a constant current, as in NEST's `one_neuron.py`:
//! prints the spike times and writes the membrane potential to `one_neuron_vm.csv`.
//!
//! `cargo run --release --example one_neuron [-- --current PA --simtime MS --out FILE]`

use std::path::PathBuf;

use saltatory::Simulator;
use saltatory::consts::{ms, pA};
use saltatory::models::{IafPscAlpha, IafPscAlphaParams};
use saltatory::runtime::output::{trace_csv, write_atomic};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut current = 376.0;
    let mut simtime = 1000.0;
    let mut out = PathBuf::from("one_neuron_vm.csv");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--current" => current = value()?.parse().map_err(|e| format!("--current: {e}"))?,
            "--simtime" => simtime = value()?.parse().map_err(|e| format!("--simtime: {e}"))?,
            "--out" => out = PathBuf::from(value()?),
            other => {
                return Err(format!(
                    "unknown argument {other} (use --current PA, --simtime MS, --out FILE)"
                ));
            }
        }
    }
    let mut sim = Simulator::new(0.1 * ms).map_err(|e| e.to_string())?;
    let params = IafPscAlphaParams {
        I_e: current * pA,
        ..Default::default()
    };
    let neuron = sim
        .create::<IafPscAlpha>(1, params)
        .map_err(|e| e.to_string())?;
    let vm = sim.record(neuron, &["V_m"]).map_err(|e| e.to_string())?;
    let recorder = sim.record_spikes(neuron).map_err(|e| e.to_string())?;
    sim.simulate(simtime * ms).map_err(|e| e.to_string())?;
    let spikes = &sim.spikes(recorder).times;
    println!("iaf_psc_alpha, I_e = {current} pA, {simtime} ms");
    println!("spikes: {}", spikes.len());
    let shown: Vec<String> = spikes.iter().map(|t| format!("{t:.1}")).collect();
    println!("spike times (ms): {}", shown.join(" "));
    write_atomic(&out, trace_csv(sim.trace(vm)).as_bytes()).map_err(|e| e.to_string())?;
    println!("V_m written to {}", out.display());
    Ok(())
}
