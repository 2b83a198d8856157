//! `iaf_cond_exp_sfa_rr`: iaf_cond_exp with spike-frequency adaptation and relative
//! refractoriness.
use saltatory_macros::neuron;

neuron! {
    /// Conductance-based leaky integrate-and-fire neuron with exponential synaptic conductances
    /// and two spike-triggered conductances, g_sfa (spike-frequency adaptation, slow) and g_rr
    /// (relative refractoriness, fast), raised by q_sfa and q_rr at each spike (Dayan & Abbott
    /// 2001; NEST: iaf_cond_exp_sfa_rr). w > 0 excitatory (nS), else inhibitory (-w nS).
    pub IafCondExpSfaRr as "iaf_cond_exp_sfa_rr" {
        parameters {
            V_th: mV = -57.0;  V_reset: mV = -70.0 where < V_th;  t_ref: ms = 0.5 where >= 0;
            g_L: nS = 28.95;  C_m: pF = 289.5 where > 0;  E_ex: mV = 0.0;  E_in: mV = -75.0;
            E_L: mV = -70.0;  tau_syn_ex: ms = 1.5 where > 0;  tau_syn_in: ms = 10.0 where > 0;
            I_e: pA = 0.0;  tau_sfa: ms = 110.0 where > 0;  tau_rr: ms = 1.97 where > 0;
            E_sfa: mV = -70.0;  E_rr: mV = -70.0;  q_sfa: nS = 14.48;  q_rr: nS = 3214.0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_offset: ms = 1.0;
            ignore_and_spike_interval: ms = 100.0; }
        state { V_m: mV = E_L;  g_ex: nS;  g_in: nS;  g_sfa: nS;  g_rr: nS; }
        inputs {
            current I_stim: pA;
            spikes w: nS { w > 0 => g_ex += w; _ => g_in -= w; }
        }
        equations {
            // V_m clamped in the currents as in iaf_cond_exp (models/iaf_cond_exp_sfa_rr.cpp).
            let V_c = if refractory { V_reset } else { min(V_m, V_th) };
            let I_syn_exc = g_ex * (V_c - E_ex);  let I_syn_inh = g_in * (V_c - E_in);
            let I_L = g_L * (V_c - E_L);  let I_sfa = g_sfa * (V_c - E_sfa);
            let I_rr = g_rr * (V_c - E_rr);
            d/dt V_m = (-I_L + I_stim + I_e - I_syn_exc - I_syn_inh - I_sfa - I_rr) / C_m;
            d/dt g_ex = -g_ex / tau_syn_ex;  d/dt g_in = -g_in / tau_syn_in;
            d/dt g_sfa = -g_sfa / tau_sfa;  d/dt g_rr = -g_rr / tau_rr;
        }
        solver rkf45 { abs: 1e-3; rel: 0; y: 1; dydt: 0; }
        threshold V_m >= V_th;
        reset { V_m = V_reset;  g_sfa += q_sfa;  g_rr += q_rr; }
        refractory t_ref { hold V_m; }
    }
}
