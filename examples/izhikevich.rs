//! One Izhikevich neuron with the default (regular spiking) parameters and I_e = 10, as
//! NEST's izhikevich model runs it. Writes `izhikevich.png` with V_m and U_m.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::Izhikevich;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> saltatory::Result<()> {
    let mut sim = Simulator::new(0.1 * ms)?;
    let n = sim.create::<Izhikevich>(1, Default::default())?;
    sim.set(&n, "I_e", 10.0)?;
    let rec = sim.record(n, &["V_m", "U_m"])?;
    let spikes = sim.record_spikes(n)?;
    sim.simulate(300.0 * ms)?;
    let t: Vec<String> = sim
        .spikes(spikes)
        .times
        .iter()
        .map(|t| format!("{t:.1}"))
        .collect();
    println!("{} spikes at (ms): {}", t.len(), t.join(" "));
    let trace = sim.trace(rec);
    let series = [
        (
            "V_m",
            trace.times.as_slice(),
            trace.series("V_m", 0).unwrap_or_default(),
        ),
        (
            "U_m",
            trace.times.as_slice(),
            trace.series("U_m", 0).unwrap_or_default(),
        ),
    ];
    saltatory::plot::lines(
        std::path::Path::new("izhikevich.png"),
        "izhikevich, I_e = 10",
        "time (ms)",
        "V_m, U_m",
        &series,
    )?;
    println!("wrote izhikevich.png");
    Ok(())
}
