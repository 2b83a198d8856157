//! `iaf_cond_exp`: NEST's leaky integrate-and-fire neuron with exponential conductances.
use saltatory_macros::neuron;

neuron! {
    /// Conductance-based leaky integrate-and-fire neuron with exponentially decaying synaptic
    /// conductances (NEST: iaf_cond_exp). w > 0 excitatory (nS), else inhibitory (-w nS).
    pub IafCondExp as "iaf_cond_exp" {
        parameters {
            V_th: mV = -55.0 where inf;  V_reset: mV = -60.0 where < V_th;  t_ref: ms = 2.0 where >= 0;
            g_L: nS = 16.6667;  C_m: pF = 250.0 where > 0;  E_ex: mV = 0.0;  E_in: mV = -85.0;
            E_L: mV = -70.0;  tau_syn_ex: ms = 0.2 where > 0;  tau_syn_in: ms = 2.0 where > 0;  I_e: pA = 0.0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;  ignore_and_spike_offset: ms = 1.0; }
        state { V_m: mV = E_L;  g_ex: nS;  g_in: nS; }
        inputs {
            current I_stim: pA;
            spikes w: nS { w > 0 => g_ex += w; _ => g_in -= w; }
        }
        equations {
            // The membrane potential is clamped in the currents (v3.3+, models/iaf_cond_exp.cpp).
            let V_c = if refractory { V_reset } else { min(V_m, V_th) };
            let I_syn_exc = g_ex * (V_c - E_ex);  let I_syn_inh = g_in * (V_c - E_in);
            let I_leak = g_L * (V_c - E_L);
            d/dt V_m = (-I_leak + I_stim + I_e - I_syn_exc - I_syn_inh) / C_m;
            d/dt g_ex = -g_ex / tau_syn_ex;  d/dt g_in = -g_in / tau_syn_in;
        }
        solver rkf45 { abs: 1e-3; rel: 0; y: 1; dydt: 0; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
        refractory t_ref { hold V_m; }
    }
}
