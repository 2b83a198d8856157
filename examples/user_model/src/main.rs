//! A user's own model, in a crate that depends only on `saltatory`: a LIF neuron whose synaptic
//! current is a difference of two exponentials. Run: `cargo run -p user-model`.

use saltatory::consts::{mV, ms};
use saltatory::{Simulator, SpikeTrain, neuron};

neuron! {
    /// LIF neuron with a bi-exponential synaptic current (rise tau_r, decay tau_d).
    pub LifBiexp as "lif_biexp" {
        parameters {
            E_L: mV = -65.0;  C_m: pF = 200.0 where > 0;  tau_m: ms = 15.0 where > 0;
            V_th: mV = -50.0;  V_reset: mV = -65.0 where < V_th;  t_ref: ms = 2.0 where >= 0;
            tau_r: ms = 0.5 where > 0;  tau_d: ms = 5.0 where > tau_r;  I_e: nA = 0.0;
        }
        state { V_m: mV = E_L;  I_syn: pA;  x: pA; }
        inputs {
            current I_stim: pA;
            spikes w: pA { _ => x += w; }
        }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + (I_syn + I_e + I_stim) / C_m;
            d/dt x = -x / tau_r;
            d/dt I_syn = (x - I_syn) / tau_d;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
        refractory t_ref { hold V_m; }
    }
}

fn main() -> saltatory::Result<()> {
    let mut sim = Simulator::new(0.1 * ms)?;
    let params = LifBiexpParams {
        V_th: -55.0 * mV,
        ..Default::default()
    };
    let n = sim.create::<LifBiexp>(1, params)?;
    let times: Vec<f64> = (1..40).map(|k| k as f64 * 5.0).collect();
    sim.add_spike_train(n, &SpikeTrain::new(&times, 900.0))?;
    sim.set(&n, "I_e", 0.15)?; // nA, the declared unit of I_e in this model
    let rec = sim.record(n, &["V_m", "I_syn"])?;
    let spikes = sim.record_spikes(n)?;
    sim.simulate(200.0 * ms)?;
    let v = sim.trace(rec).series("V_m", 0).unwrap_or_default();
    let peak = v.iter().cloned().fold(f64::MIN, f64::max);
    println!("spikes: {:?}", sim.spikes(spikes).times);
    println!("peak V_m: {peak:.3} mV");
    Ok(())
}
