//! f-I curve of the Hodgkin-Huxley neuron, as NEST's `hh_psc_alpha.py`: firing rate against
//! I_e from 0 to 2000 pA in steps of 20 pA, counted over 1 s after 1 s of warm-up. NEST runs the
//! levels one after another on one neuron; here each level is its own neuron, all simulated at
//! once. Writes `hh_psc_alpha.png`.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::HhPscAlpha;
use saltatory::runtime::{Config, Window};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> saltatory::Result<()> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut sim = Simulator::with_config(Config {
        threads,
        ..Config::default()
    })?;
    let levels: Vec<f64> = (0..100).map(|k| 20.0 * k as f64).collect();
    let neurons = sim.create::<HhPscAlpha>(levels.len(), Default::default())?;
    for (k, amp) in levels.iter().enumerate() {
        sim.set(&neurons.node(k)?, "I_e", *amp)?;
    }
    let window = Window {
        start: 1000.0,
        stop: 2000.0,
        origin: 0.0,
    };
    let rec = sim.record_spikes_with(neurons, window)?;
    sim.simulate(2000.0 * ms)?;
    let mut rates = vec![0.0; levels.len()];
    for s in &sim.spikes(rec).senders {
        rates[*s] += 1.0;
    }
    println!("I_e (pA)  rate (Hz)");
    for (i, r) in levels.iter().zip(&rates).step_by(5) {
        println!("{i:8.0}  {r:9.1}");
    }
    let series = [("hh_psc_alpha", levels.as_slice(), rates.as_slice())];
    saltatory::plot::lines(
        std::path::Path::new("hh_psc_alpha.png"),
        "f-I curve of hh_psc_alpha",
        "I_e (pA)",
        "rate (Hz)",
        &series,
    )?;
    println!("wrote hh_psc_alpha.png");
    Ok(())
}
