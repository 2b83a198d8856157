//! `iaf_psc_delta`: NEST's leaky integrate-and-fire neuron with delta-shaped synaptic input.
use saltatory_macros::neuron;

neuron! {
    /// Leaky integrate-and-fire neuron whose input spikes make V_m jump by the weight (mV)
    /// (NEST: iaf_psc_delta). Input arriving while refractory is dropped, or with
    /// refractory_input kept, decayed with tau_m, and added when refractoriness ends.
    pub IafPscDelta as "iaf_psc_delta" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            t_ref: ms = 2.0 where >= 0;  V_th: mV = -55.0 where inf;  V_reset: mV = -70.0 where < V_th;
            I_e: pA = 0.0;  V_min: mV = -1.7976931348623157e308 where inf;
            refractory_input: bool = false;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;  ignore_and_spike_offset: ms = 1.0; }
        state { V_m: mV = E_L; }
        inputs {
            current I_stim: pA;
            spikes w: mV { _ => V_m += w; }
        }
        equations { d/dt V_m = -(V_m - E_L) / tau_m + (I_e + I_stim) / C_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
        bound V_m >= V_min;
        refractory t_ref { hold V_m; defer V_m decay tau_m if refractory_input; }
    }
}
