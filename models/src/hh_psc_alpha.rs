//! `hh_psc_alpha`: NEST's Hodgkin-Huxley neuron with alpha-shaped synaptic currents.
use saltatory_macros::neuron;

neuron! {
    /// Hodgkin-Huxley neuron (NEST: hh_psc_alpha). No reset: a spike is reported in the first
    /// step in which V_m is at or above 0 mV and falling; refractoriness only blocks detection.
    pub HhPscAlpha as "hh_psc_alpha" {
        parameters {
            t_ref: ms = 2.0 where >= 0;  g_Na: nS = 12000.0 where >= 0;  g_K: nS = 3600.0 where >= 0;
            g_L: nS = 30.0 where >= 0;  C_m: pF = 100.0 where > 0;  E_Na: mV = 50.0;  E_K: mV = -77.0;
            E_L: mV = -54.402;  tau_syn_ex: ms = 0.2 where > 0;  tau_syn_in: ms = 2.0 where > 0;  I_e: pA = 0.0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;  ignore_and_spike_offset: ms = 1.0; }
        state {
            // At rest at -65 mV with m, h, n at their steady state there (models/hh_psc_alpha.cpp).
            V_m: mV = -65.0;
            Act_m: 1 = 0.1 * (-65.0 + 40.0) / (1 - exp(-(-65.0 + 40.0) / 10.0))
                / (0.1 * (-65.0 + 40.0) / (1 - exp(-(-65.0 + 40.0) / 10.0)) + 4.0 * exp(-(-65.0 + 65.0) / 18.0));
            Inact_h: 1 = 0.07 * exp(-(-65.0 + 65.0) / 20.0)
                / (0.07 * exp(-(-65.0 + 65.0) / 20.0) + 1.0 / (1.0 + exp(-(-65.0 + 35.0) / 10.0)));
            Act_n: 1 = 0.01 * (-65.0 + 55.0) / (1 - exp(-(-65.0 + 55.0) / 10.0))
                / (0.01 * (-65.0 + 55.0) / (1 - exp(-(-65.0 + 55.0) / 10.0)) + 0.125 * exp(-(-65.0 + 65.0) / 80.0));
            dI_syn_ex: pA/ms;  I_syn_ex: pA;  dI_syn_in: pA/ms;  I_syn_in: pA;
        }
        inputs {
            current I_stim: pA;
            // Inhibitory weights keep their (negative) sign and are added.
            spikes w: pA { w > 0 => dI_syn_ex += e / tau_syn_ex * w; _ => dI_syn_in += e / tau_syn_in * w; }
        }
        equations {
            // Rates in 1/ms of the membrane potential in mV: v is V_m / 1 mV.
            let v = V_m / 1.0mV;
            let alpha_n = 0.01 * (v + 55.0) / (1 - exp(-(v + 55.0) / 10.0)) / 1.0ms;
            let beta_n = 0.125 * exp(-(v + 65.0) / 80.0) / 1.0ms;
            let alpha_m = 0.1 * (v + 40.0) / (1 - exp(-(v + 40.0) / 10.0)) / 1.0ms;
            let beta_m = 4.0 * exp(-(v + 65.0) / 18.0) / 1.0ms;
            let alpha_h = 0.07 * exp(-(v + 65.0) / 20.0) / 1.0ms;
            let beta_h = 1 / (1 + exp(-(v + 35.0) / 10.0)) / 1.0ms;
            let I_Na = g_Na * Act_m * Act_m * Act_m * Inact_h * (V_m - E_Na);
            let I_K = g_K * Act_n * Act_n * Act_n * Act_n * (V_m - E_K);
            let I_L = g_L * (V_m - E_L);
            d/dt V_m = (-(I_Na + I_K + I_L) + I_stim + I_e + I_syn_ex + I_syn_in) / C_m;
            d/dt Act_m = alpha_m * (1 - Act_m) - beta_m * Act_m;
            d/dt Inact_h = alpha_h * (1 - Inact_h) - beta_h * Inact_h;
            d/dt Act_n = alpha_n * (1 - Act_n) - beta_n * Act_n;
            d/dt dI_syn_ex = -dI_syn_ex / tau_syn_ex;  d/dt I_syn_ex = dI_syn_ex - I_syn_ex / tau_syn_ex;
            d/dt dI_syn_in = -dI_syn_in / tau_syn_in;  d/dt I_syn_in = dI_syn_in - I_syn_in / tau_syn_in;
        }
        solver rkf45 { abs: 1e-3; rel: 0; y: 1; dydt: 0; }
        threshold !refractory && V_m >= 0mV && old(V_m) > V_m;
        refractory t_ref { }
    }
}
