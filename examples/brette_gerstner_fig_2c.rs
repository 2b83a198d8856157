//! Brette & Gerstner (2005), Fig. 2C, as NEST's `brette_gerstner_fig_2c.py`: an
//! aeif_cond_alpha neuron (a = 4 nS, b = 80.5 pA) driven by 500 pA from 0 to 200 ms and 800 pA
//! from 500 to 1000 ms adapts its firing. Writes `brette_gerstner_fig_2c.png`.

use saltatory::Simulator;
use saltatory::consts::{ms, pA};
use saltatory::models::{AeifCondAlpha, AeifCondAlphaParams};
use saltatory::runtime::{DcInput, Time};

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> saltatory::Result<()> {
    let mut sim = Simulator::new(0.1 * ms)?;
    let p = AeifCondAlphaParams {
        a: 4.0 * saltatory::consts::nS,
        b: 80.5 * pA,
        ..Default::default()
    };
    let n = sim.create::<AeifCondAlpha>(1, p)?;
    for (amp, start, stop) in [(500.0, 0.0, 200.0), (800.0, 500.0, 1000.0)] {
        let dc = DcInput {
            start: Time::new(start),
            stop: Time::new(stop),
            ..DcInput::new(amp * pA)
        };
        sim.add_dc(n, &dc)?;
    }
    let vm = sim.record(n, &["V_m", "w"])?;
    let spikes = sim.record_spikes(n)?;
    sim.simulate(1000.0 * ms)?;
    let times = &sim.spikes(spikes).times;
    let isi: Vec<String> = times
        .windows(2)
        .map(|w| format!("{:.1}", w[1] - w[0]))
        .collect();
    println!(
        "{} spikes; inter-spike intervals (ms): {}",
        times.len(),
        isi.join(" ")
    );
    let trace = sim.trace(vm);
    let v = trace.series("V_m", 0).unwrap_or_default();
    let series = [("V_m", trace.times.as_slice(), v)];
    saltatory::plot::lines(
        std::path::Path::new("brette_gerstner_fig_2c.png"),
        "aeif_cond_alpha, Brette & Gerstner (2005) Fig. 2C",
        "time (ms)",
        "V_m (mV)",
        &series,
    )?;
    println!("wrote brette_gerstner_fig_2c.png");
    Ok(())
}
