//! `iaf_cond_beta`: NEST's leaky integrate-and-fire neuron with beta-shaped conductances.
use saltatory_macros::neuron;

neuron! {
    /// Conductance-based leaky integrate-and-fire neuron with beta-shaped synaptic
    /// conductances peaking at w (NEST: iaf_cond_beta); e / tau_decay (alpha) where NEST's
    /// normalisation falls back to it: tau difference or peak below DBL_EPSILON (the default).
    pub IafCondBeta as "iaf_cond_beta" {
        parameters {
            V_th: mV = -55.0;  V_reset: mV = -60.0 where < V_th;  t_ref: ms = 2.0 where >= 0;
            g_L: nS = 16.6667;  C_m: pF = 250.0 where > 0;  E_ex: mV = 0.0;  E_in: mV = -85.0;
            tau_rise_ex: ms = 0.2 where > 0;  tau_decay_ex: ms = 0.2 where > 0;  E_L: mV = -70.0;
            tau_rise_in: ms = 2.0 where > 0;  tau_decay_in: ms = 2.0 where > 0;  I_e: pA = 0.0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_offset: ms = 1.0;
            ignore_and_spike_interval: ms = 100.0; }
        state { V_m: mV = E_L;  dg_ex: nS/ms;  g_ex: nS;  dg_in: nS/ms;  g_in: nS; }
        inputs {
            current I_stim: pA;
            spikes w: nS {
                w > 0 => {
                    let d = tau_decay_ex - tau_rise_ex;
                    let t_p = if abs(d) > 2.220446049250313e-16ms {
                        tau_decay_ex * tau_rise_ex * log(tau_decay_ex / tau_rise_ex) / d
                    } else { 0.0ms };
                    let peak = if abs(d) > 2.220446049250313e-16ms {
                        exp(-t_p / tau_decay_ex) - exp(-t_p / tau_rise_ex)
                    } else { 0.0 };
                    dg_ex += if abs(peak) < 2.220446049250313e-16 { e / tau_decay_ex }
                        else { (1.0 / tau_rise_ex - 1.0 / tau_decay_ex) / peak } * w;
                }
                _ => {
                    let d = tau_decay_in - tau_rise_in;
                    let t_p = if abs(d) > 2.220446049250313e-16ms {
                        tau_decay_in * tau_rise_in * log(tau_decay_in / tau_rise_in) / d
                    } else { 0.0ms };
                    let peak = if abs(d) > 2.220446049250313e-16ms {
                        exp(-t_p / tau_decay_in) - exp(-t_p / tau_rise_in)
                    } else { 0.0 };
                    dg_in -= if abs(peak) < 2.220446049250313e-16 { e / tau_decay_in }
                        else { (1.0 / tau_rise_in - 1.0 / tau_decay_in) / peak } * w;
                }
            }
        }
        equations {
            let V_c = if refractory { V_reset } else { min(V_m, V_th) };
            let I_syn_exc = g_ex * (V_c - E_ex);  let I_syn_inh = g_in * (V_c - E_in);
            let I_leak = g_L * (V_c - E_L);
            d/dt V_m = (-I_leak - I_syn_exc - I_syn_inh + I_stim + I_e) / C_m;
            d/dt dg_ex = -dg_ex / tau_decay_ex;  d/dt g_ex = dg_ex - g_ex / tau_rise_ex;
            d/dt dg_in = -dg_in / tau_decay_in;  d/dt g_in = dg_in - g_in / tau_rise_in;
        }
        solver rkf45 { abs: 1e-3; rel: 0; y: 1; dydt: 0; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
        refractory t_ref { hold V_m;  remaining t_ref_remaining; }
    }
}
