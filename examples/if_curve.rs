//! The f-I curve of iaf_psc_alpha: firing rate against a constant input current, one neuron
//! per current level, all simulated together. Writes `if_curve.png` and prints the table.
//!
//! `cargo run --release --example if_curve [-- --max PA --levels N --simtime MS]`

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::IafPscAlpha;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn arg(name: &str, default: f64) -> Result<f64, String> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == name) {
        Some(i) => args
            .get(i + 1)
            .ok_or(format!("{name} needs a value"))?
            .parse()
            .map_err(|e| format!("{name}: {e}")),
        None => Ok(default),
    }
}

fn run() -> Result<(), String> {
    let (max, levels, simtime) = (
        arg("--max", 1000.0)?,
        arg("--levels", 41.0)? as usize,
        arg("--simtime", 1000.0)?,
    );
    if levels < 2 || max.is_nan() || max <= 0.0 {
        return Err("--levels must be at least 2 and --max positive".into());
    }
    let mut sim = Simulator::new(0.1 * ms).map_err(|e| e.to_string())?;
    let neurons = sim
        .create::<IafPscAlpha>(levels, Default::default())
        .map_err(|e| e.to_string())?;
    let currents: Vec<f64> = (0..levels)
        .map(|k| max * k as f64 / (levels - 1) as f64)
        .collect();
    for (k, i) in currents.iter().enumerate() {
        sim.set(&neurons.node(k).map_err(|e| e.to_string())?, "I_e", *i)
            .map_err(|e| e.to_string())?;
    }
    let rec = sim.record_spikes(neurons).map_err(|e| e.to_string())?;
    sim.simulate(simtime * ms).map_err(|e| e.to_string())?;
    let mut rates = vec![0.0; levels];
    for s in &sim.spikes(rec).senders {
        rates[*s] += 1000.0 / simtime;
    }
    println!("I_e (pA)  rate (Hz)");
    for (i, r) in currents.iter().zip(&rates) {
        println!("{i:8.1}  {r:9.2}");
    }
    let series = [("iaf_psc_alpha", currents.as_slice(), rates.as_slice())];
    saltatory::plot::lines(
        std::path::Path::new("if_curve.png"),
        "f-I curve of iaf_psc_alpha",
        "I_e (pA)",
        "rate (Hz)",
        &series,
    )
    .map_err(|e| e.to_string())?;
    println!("wrote if_curve.png");
    Ok(())
}
