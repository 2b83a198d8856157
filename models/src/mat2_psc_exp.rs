//! `mat2_psc_exp`: NEST's multi-timescale adaptive threshold neuron with exponential currents.
use saltatory_macros::neuron;

neuron! {
    /// Non-resetting leaky integrator with exponential synaptic currents whose threshold jumps
    /// by alpha_1 and alpha_2 at each spike and relaxes with tau_1 and tau_2 (Kobayashi et al.
    /// 2009; NEST: mat2_psc_exp). V_m is never reset; t_ref only blocks spike detection.
    pub Mat2PscExp as "mat2_psc_exp" {
        parameters {
            E_L: mV = -70.0;  I_e: pA = 0.0;  C_m: pF = 100.0 where > 0;  omega: mV = -51.0;
            tau_m: ms = 5.0 where > 0;  tau_syn_ex: ms = 1.0 where > 0;  t_ref: ms = 2.0 where > 0;
            tau_syn_in: ms = 3.0 where > 0;  tau_1: ms = 10.0 where > 0;
            tau_2: ms = 200.0 where > 0;  alpha_1: mV = 37.0;  alpha_2: mV = 2.0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_offset: ms = 1.0;
            ignore_and_spike_interval: ms = 100.0; }
        state { V_m: mV = E_L;  I_syn_ex: pA;  I_syn_in: pA;  V_th_alpha_1: mV;  V_th_alpha_2: mV; }
        inputs {
            current I_stim: pA;
            spikes w: pA { w >= 0 => I_syn_ex += w; _ => I_syn_in += w; }
        }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + (I_syn_ex + I_syn_in + I_e + I_stim) / C_m;
            d/dt I_syn_ex = -I_syn_ex / tau_syn_ex;  d/dt I_syn_in = -I_syn_in / tau_syn_in;
            d/dt V_th_alpha_1 = -V_th_alpha_1 / tau_1;  d/dt V_th_alpha_2 = -V_th_alpha_2 / tau_2;
        }
        threshold !refractory && V_m >= omega + V_th_alpha_2 + V_th_alpha_1;
        reset { V_th_alpha_1 += alpha_1;  V_th_alpha_2 += alpha_2; }
        refractory t_ref { }
        recordables { V_th: mV = omega + V_th_alpha_1 + V_th_alpha_2; }
        // NEST refuses equal membrane and synaptic time constants, and a t_ref under one step
        // (rounded up from whole tics of 1 us, so under half a tic).
        require abs(tau_m - tau_syn_ex) > 0ms;  require abs(tau_m - tau_syn_in) > 0ms;
        require t_ref >= 0.0005ms;
    }
}
