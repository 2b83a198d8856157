//! `aeif_psc_exp`: NEST's adaptive exponential integrate-and-fire neuron with exponential
//! synaptic currents.
use saltatory_macros::neuron;

neuron! {
    /// Adaptive exponential integrate-and-fire neuron with exponentially decaying postsynaptic
    /// currents (NEST: aeif_psc_exp); spike condition tested after every RKF45 sub-step.
    pub AeifPscExp as "aeif_psc_exp" {
        parameters {
            V_peak: mV = 0.0 where >= V_th;  V_reset: mV = -60.0 where < V_peak;  t_ref: ms = 0.0 where >= 0;
            g_L: nS = 30.0;  C_m: pF = 281.0 where > 0;  E_L: mV = -70.6;  Delta_T: mV = 2.0 where >= 0;
            tau_w: ms = 144.0 where > 0;  a: nS = 4.0;  b: pA = 80.5;  V_th: mV = -50.4;
            tau_syn_ex: ms = 0.2 where > 0;  tau_syn_in: ms = 2.0 where > 0;  I_e: pA = 0.0;
            gsl_error_tol: 1 = 1e-6 where > 0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;  ignore_and_spike_offset: ms = 1.0; }
        state { V_m: mV = E_L;  I_syn_ex: pA;  I_syn_in: pA;  w: pA; }
        inputs {
            current I_stim: pA;
            spikes s: pA { s > 0 => I_syn_ex += s; _ => I_syn_in -= s; }
        }
        equations {
            let V_c = if refractory { V_reset } else { min(V_m, V_peak) };
            let I_spike = if Delta_T > 0 { g_L * Delta_T * exp((V_c - V_th) / Delta_T) } else { 0 };
            d/dt V_m = (-g_L * (V_c - E_L) + I_spike + I_syn_ex - I_syn_in - w + I_e + I_stim) / C_m;
            d/dt I_syn_ex = -I_syn_ex / tau_syn_ex;  d/dt I_syn_in = -I_syn_in / tau_syn_in;
            d/dt w = (a * (V_c - E_L) - w) / tau_w;
        }
        solver rkf45 { abs: gsl_error_tol; rel: gsl_error_tol; y: 0; dydt: 1; }
        threshold V_m >= if Delta_T > 0 { V_peak } else { V_th } per substep;
        reset { V_m = V_reset;  w += b; }
        refractory t_ref { hold V_m; }
        // NEST refuses sets whose exponential would overflow at V_peak (keeping a 1e20 margin).
        require (V_peak - V_th) / Delta_T < log(1.7976931348623157e308 / 1e20) if Delta_T > 0;
        unstable when V_m < -1e3mV;  unstable when w < -1e6pA;  unstable when w > 1e6pA;
    }
}
