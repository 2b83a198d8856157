//! `iaf_psc_exp`: NEST's leaky integrate-and-fire neuron with exponential synaptic currents.
use saltatory_macros::neuron;

neuron! {
    /// Leaky integrate-and-fire neuron with exponentially decaying postsynaptic currents
    /// (NEST: iaf_psc_exp). A current on receptor 1 is filtered through the excitatory synapse.
    pub IafPscExp as "iaf_psc_exp" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            t_ref: ms = 2.0 where >= 0;  V_th: mV = -55.0 where inf;  V_reset: mV = -70.0 where < V_th;
            tau_syn_ex: ms = 2.0 where > 0;  tau_syn_in: ms = 2.0 where > 0;  I_e: pA = 0.0;
        }
        unsupported {
            rho: Hz = 0.01;  delta: mV = 0.0;  ignore_and_spike: bool = false;
            ignore_and_spike_interval: ms = 100.0;  ignore_and_spike_offset: ms = 1.0;
        }
        state { V_m: mV = E_L;  I_syn_ex: pA;  I_syn_in: pA; }
        inputs {
            current I_stim: pA;
            // Added after the step's propagation, not as an ODE term (models/iaf_psc_exp.cpp).
            current I_filtered: pA on receptor 1 => I_syn_ex += (1 - exp(-h / tau_syn_ex)) * I_filtered;
            spikes w: pA {
                w > 0 => I_syn_ex += w;
                _ => I_syn_in += w;
            }
        }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + (I_syn_ex + I_syn_in + I_e + I_stim) / C_m;
            d/dt I_syn_ex = -I_syn_ex / tau_syn_ex;
            d/dt I_syn_in = -I_syn_in / tau_syn_in;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
        refractory t_ref { hold V_m; }
    }
}
