//! Two iaf_psc_alpha neurons, as NEST's `two_neurons.py`: the first is driven by a constant
//! current and excites the second (weight 20 pA, delay 1 ms). Prints the spike times and
//! writes the second neuron's V_m to `two_neurons.png` and `two_neurons_vm.csv`.

use saltatory::Simulator;
use saltatory::consts::{ms, pA};
use saltatory::models::{IafPscAlpha, IafPscAlphaParams};
use saltatory::runtime::output::{trace_csv, write_atomic};
use saltatory::runtime::{Rule, SynSpec};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> saltatory::Result<()> {
    let mut sim = Simulator::new(0.1 * ms)?;
    let first = sim.create::<IafPscAlpha>(
        1,
        IafPscAlphaParams {
            I_e: 376.0 * pA,
            ..Default::default()
        },
    )?;
    let second = sim.create::<IafPscAlpha>(1, Default::default())?;
    sim.connect(first, second, Rule::AllToAll, SynSpec::new(20.0, 1.0))?;
    let vm = sim.record(second, &["V_m"])?;
    let spikes = sim.record_spikes(first + second)?;
    sim.simulate(1000.0 * ms)?;
    let d = sim.spikes(spikes);
    let of = |id: usize| {
        d.times
            .iter()
            .zip(&d.senders)
            .filter(|(_, s)| **s == id)
            .map(|(t, _)| format!("{t:.1}"))
            .collect::<Vec<_>>()
    };
    println!("neuron 1 spikes: {}", of(0).join(" "));
    println!(
        "neuron 2 spikes: {}",
        if of(1).is_empty() {
            "none".to_string()
        } else {
            of(1).join(" ")
        }
    );
    let trace = sim.trace(vm);
    let v = trace.series("V_m", 0).unwrap_or_default();
    let peak = v.iter().cloned().fold(f64::MIN, f64::max);
    println!(
        "neuron 2 V_m: min {:.3} mV, max {peak:.3} mV",
        v.iter().cloned().fold(f64::MAX, f64::min)
    );
    write_atomic(
        std::path::Path::new("two_neurons_vm.csv"),
        trace_csv(trace).as_bytes(),
    )?;
    let series = [("neuron 2", trace.times.as_slice(), v)];
    saltatory::plot::lines(
        std::path::Path::new("two_neurons.png"),
        "Membrane potential of neuron 2",
        "time (ms)",
        "V_m (mV)",
        &series,
    )?;
    println!("wrote two_neurons.png and two_neurons_vm.csv");
    Ok(())
}
