//! A user's own models, in a crate that depends only on `saltatory`: a LIF neuron whose synaptic
//! current is a difference of two exponentials, and an additive STDP synapse with hard bounds.
//! Run: `cargo run -p user-model`.

use saltatory::consts::{mV, ms};
use saltatory::models::registry;
use saltatory::runtime::{Rule, SynSpec};
use saltatory::{Simulator, SpikeTrain, neuron, synapse};

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

synapse! {
    /// Additive STDP with hard bounds: each postsynaptic spike adds A_plus · Wmax times the
    /// presynaptic trace, each presynaptic spike removes A_minus · Wmax times the target's.
    pub AdditiveStdp as "additive_stdp_synapse" {
        parameters {
            tau_plus: ms = 16.8 where > 0;  A_plus: 1 = 0.05;  A_minus: 1 = 0.04;
            Wmax: 1 = 2000.0 where > 0;
        }
        state { x: 1 = 0.0 decays exp(-dt / tau_plus); }
        on post { w = min(w + A_plus * Wmax * x, Wmax); }
        on pre {
            w = max(w - A_minus * Wmax * K_minus, 0.0);
            x += 1.0;
        }
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
    // The input arrives through a parrot and a plastic synapse of the model above.
    let parrot = registry().create(&mut sim, "parrot_neuron", 1, &[])?;
    sim.add_spike_train(parrot.clone(), &SpikeTrain::new(&times, 1.0))?;
    let stdp = sim.plastic_store(AdditiveStdpParams::default())?;
    let syn = SynSpec::new(900.0, 1.0).store(stdp);
    sim.connect(parrot.clone(), n, Rule::AllToAll, syn)?;
    sim.set(&n, "I_e", 0.15)?; // nA, the declared unit of I_e in this model
    let rec = sim.record(n, &["V_m", "I_syn"])?;
    let spikes = sim.record_spikes(n)?;
    sim.simulate(200.0 * ms)?;
    let v = sim.trace(rec).series("V_m", 0).unwrap_or_default();
    let peak = v.iter().cloned().fold(f64::MIN, f64::max);
    println!("spikes: {:?}", sim.spikes(spikes).times);
    println!("peak V_m: {peak:.3} mV");
    println!(
        "weight after learning: {:.3}",
        sim.connections(parrot)?[0].weight
    );
    Ok(())
}
