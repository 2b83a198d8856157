//! A coefficient derived from parameters that is not finite is reported when the model is
//! calibrated (at the start of `simulate`), naming it, instead of a non-finite state later.

use saltatory::consts::ms;
use saltatory::{Simulator, neuron};

neuron! {
    /// A current whose spike rule divides by the difference of two time constants, which
    /// NEST's defaults make equal (as iaf_cond_beta's normalisation written naively).
    pub Beta as "beta_test" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  g_L: nS = 16.7 where > 0;
            tau_rise: ms = 2.0 where > 0;  tau_decay: ms = 2.0 where > 0;
        }
        state { V_m: mV = E_L;  I: pA;  dI: pA/ms; }
        inputs { spikes w: pA { _ => dI += w / (tau_decay - tau_rise); } }
        equations {
            d/dt V_m = -g_L * (V_m - E_L) / C_m + I / C_m;
            d/dt I = dI - I / tau_decay;
            d/dt dI = -dI / tau_rise;
        }
    }
}

#[test]
fn a_non_finite_coefficient_is_named_at_calibration() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n = sim.create::<Beta>(1, Default::default()).unwrap();
    let e = sim.simulate(1.0 * ms).unwrap_err().to_string();
    for part in [
        "beta_test",
        "coefficient of the spike rule into `dI`",
        "inf",
    ] {
        assert!(e.contains(part), "{e}");
    }
    // With distinct time constants it calibrates and runs.
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n2 = sim.create::<Beta>(1, Default::default()).unwrap();
    sim.set(&n2, "tau_rise", 0.5).unwrap();
    sim.simulate(1.0 * ms).unwrap();
    let _ = n;
}
