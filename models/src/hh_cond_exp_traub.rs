//! `hh_cond_exp_traub`: NEST's Hodgkin-Huxley neuron after Traub and Miles (1991) with
//! exponential conductances.
use saltatory_macros::neuron;

neuron! {
    /// Hodgkin-Huxley neuron with Traub's rate functions, shifted by V_T, and exponentially
    /// decaying synaptic conductances (NEST: hh_cond_exp_traub). No reset: a spike is reported
    /// in the first step in which V_m is at or above V_T + 30 mV and falling; refractoriness
    /// only blocks detection. w > 0 excitatory (nS), else inhibitory (-w nS).
    pub HhCondExpTraub as "hh_cond_exp_traub" {
        parameters {
            g_Na: nS = 20000.0;  g_K: nS = 6000.0;  g_L: nS = 10.0;  C_m: pF = 200.0 where > 0;
            E_Na: mV = 50.0;  E_K: mV = -90.0;  E_L: mV = -60.0;  V_T: mV = -63.0;  E_ex: mV = 0.0;
            E_in: mV = -80.0;  tau_syn_ex: ms = 5.0 where > 0;  tau_syn_in: ms = 10.0 where > 0;
            t_ref: ms = 2.0 where >= 0;  I_e: pA = 0.0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_offset: ms = 1.0;
            ignore_and_spike_interval: ms = 100.0; }
        state {
            // The gating variables start at their steady state for -60 mV, the default E_L, put
            // into the rate functions without the V_T shift (models/hh_cond_exp_traub.cpp).
            V_m: mV = E_L;
            Act_m: 1 = 0.32 * 73.0 / (exp(73.0 / 4.0) - 1.0) / (0.32 * 73.0
                / (exp(73.0 / 4.0) - 1.0) + 0.28 * -100.0 / (exp(-100.0 / 5.0) - 1.0));
            Inact_h: 1 = 0.128 * exp(77.0 / 18.0)
                / (0.128 * exp(77.0 / 18.0) + 4.0 / (1.0 + exp(100.0 / 5.0)));
            Act_n: 1 = 0.032 * 75.0 / (exp(75.0 / 5.0) - 1.0)
                / (0.032 * 75.0 / (exp(75.0 / 5.0) - 1.0) + 0.5 * exp(70.0 / 40.0));
            g_ex: nS;  g_in: nS;
        }
        inputs {
            current I_stim: pA;
            spikes w: nS { w > 0 => g_ex += w; _ => g_in -= w; }
        }
        equations {
            let I_Na = g_Na * Act_m * Act_m * Act_m * Inact_h * (V_m - E_Na);
            let I_K = g_K * Act_n * Act_n * Act_n * Act_n * (V_m - E_K);
            let I_L = g_L * (V_m - E_L);
            let I_syn_exc = g_ex * (V_m - E_ex);  let I_syn_inh = g_in * (V_m - E_in);
            // Rates in 1/ms of v = (V_m - V_T) / 1 mV.
            let v = (V_m - V_T) / 1.0mV;
            let alpha_n = 0.032 * (15.0 - v) / (exp((15.0 - v) / 5.0) - 1.0) / 1.0ms;
            let beta_n = 0.5 * exp((10.0 - v) / 40.0) / 1.0ms;
            let alpha_m = 0.32 * (13.0 - v) / (exp((13.0 - v) / 4.0) - 1.0) / 1.0ms;
            let beta_m = 0.28 * (v - 40.0) / (exp((v - 40.0) / 5.0) - 1.0) / 1.0ms;
            let alpha_h = 0.128 * exp((17.0 - v) / 18.0) / 1.0ms;
            let beta_h = 4.0 / (1.0 + exp((40.0 - v) / 5.0)) / 1.0ms;
            d/dt V_m = (-I_Na - I_K - I_L - I_syn_exc - I_syn_inh + I_stim + I_e) / C_m;
            d/dt Act_m = alpha_m - (alpha_m + beta_m) * Act_m;
            d/dt Inact_h = alpha_h - (alpha_h + beta_h) * Inact_h;
            d/dt Act_n = alpha_n - (alpha_n + beta_n) * Act_n;
            d/dt g_ex = -g_ex / tau_syn_ex;  d/dt g_in = -g_in / tau_syn_in;
        }
        solver rkf45 { abs: 1e-3; rel: 0; y: 1; dydt: 0; }
        threshold !refractory && V_m >= V_T + 30mV && old(V_m) > V_m;
        refractory t_ref { }
    }
}
