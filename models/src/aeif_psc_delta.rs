//! `aeif_psc_delta`: NEST's adaptive exponential integrate-and-fire neuron with delta synapses.
use saltatory_macros::neuron;

neuron! {
    /// Adaptive exponential integrate-and-fire neuron whose input spikes make V_m jump by the
    /// weight (mV) (NEST: aeif_psc_delta). NEST adds the input after the first accepted RKF45
    /// sub-step of the step, and so does this model.
    pub AeifPscDelta as "aeif_psc_delta" {
        parameters {
            V_peak: mV = 0.0 where >= V_th;  V_reset: mV = -60.0 where < V_peak;  t_ref: ms = 0.0 where >= 0;
            g_L: nS = 30.0;  C_m: pF = 281.0 where > 0;  E_L: mV = -70.6;  Delta_T: mV = 2.0 where >= 0;
            tau_w: ms = 144.0 where > 0;  a: nS = 4.0;  b: pA = 80.5;  V_th: mV = -50.4;  I_e: pA = 0.0;
            gsl_error_tol: 1 = 1e-6 where > 0;  refractory_input: bool = false;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;  ignore_and_spike_offset: ms = 1.0; }
        state { V_m: mV = E_L;  w: pA; }
        inputs {
            current I_stim: pA;
            spikes s: mV after first substep { _ => V_m += s; }
        }
        equations {
            // NEST multiplies by precomputed inverses here (models/aeif_psc_delta.cpp).
            let V_c = if refractory { V_reset } else { min(V_m, V_peak) };
            let I_spike = if Delta_T > 0 { g_L * Delta_T * exp((V_c - V_th) * (1 / Delta_T)) } else { 0 };
            d/dt V_m = (-g_L * (V_c - E_L) + I_spike - w + I_e + I_stim) * (1 / C_m);
            d/dt w = (a * (V_c - E_L) - w) * (1 / tau_w);
        }
        solver rkf45 { abs: gsl_error_tol; rel: gsl_error_tol; y: 0; dydt: 1; }
        threshold V_m >= if Delta_T > 0 { V_peak } else { V_th } per substep;
        reset { V_m = V_reset;  w += b; }
        refractory t_ref { hold V_m; defer V_m decay C_m / g_L if refractory_input; }
        // NEST refuses sets whose exponential would overflow at V_peak (keeping a 1e20 margin).
        require (V_peak - V_th) / Delta_T < log(1.7976931348623157e308 / 1e20) if Delta_T > 0;
        unstable when V_m < -1e3mV;  unstable when w < -1e6pA;  unstable when w > 1e6pA;
        notes { refractory_input: "kept input decays as exp(-r h / tau_m); NEST 3.10 negates the unsigned step count r first, which makes the factor overflow"; }
    }
}
