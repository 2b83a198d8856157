//! `iaf_psc_alpha`: NEST's leaky integrate-and-fire neuron with alpha-shaped synaptic currents.
use saltatory_macros::neuron;

neuron! {
    /// Leaky integrate-and-fire neuron with alpha-shaped postsynaptic currents (NEST: iaf_psc_alpha).
    /// A weight w (pA) gives a current peaking at w after tau_syn; w > 0 excitatory, else inhibitory.
    pub IafPscAlpha as "iaf_psc_alpha" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            t_ref: ms = 2.0 where >= 0;  V_th: mV = -55.0 where inf;  V_reset: mV = -70.0 where < V_th;
            tau_syn_ex: ms = 2.0 where > 0;  tau_syn_in: ms = 2.0 where > 0;  I_e: pA = 0.0;
            V_min: mV = -inf where inf;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;  ignore_and_spike_offset: ms = 1.0; }
        state {
            V_m: mV = E_L;  I_syn_ex: pA;  dI_syn_ex: pA/ms;  I_syn_in: pA;  dI_syn_in: pA/ms;
        }
        inputs {
            current I_stim: pA;
            spikes w: pA {
                w > 0 => dI_syn_ex += e / tau_syn_ex * w;
                _ => dI_syn_in += e / tau_syn_in * w;
            }
        }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + (I_syn_ex + I_syn_in + I_e + I_stim) / C_m;
            d/dt I_syn_ex = dI_syn_ex - I_syn_ex / tau_syn_ex;  d/dt dI_syn_ex = -dI_syn_ex / tau_syn_ex;
            d/dt I_syn_in = dI_syn_in - I_syn_in / tau_syn_in;  d/dt dI_syn_in = -dI_syn_in / tau_syn_in;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
        bound V_m >= V_min;
        refractory t_ref { hold V_m; }
    }
}
