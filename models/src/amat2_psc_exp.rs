//! `amat2_psc_exp`: mat2_psc_exp with a voltage-dependent threshold component.
use saltatory_macros::neuron;

neuron! {
    /// mat2_psc_exp with a third threshold component V_th_v, V_m's rate of change filtered by
    /// the kernel beta t exp(-t / tau_v) (Yamauchi et al. 2011; NEST: amat2_psc_exp). V_m is
    /// never reset; t_ref only blocks spike detection.
    pub Amat2PscExp as "amat2_psc_exp" {
        parameters {
            E_L: mV = -70.0;  I_e: pA = 0.0;  C_m: pF = 200.0 where > 0;  omega: mV = -65.0;
            tau_m: ms = 10.0 where > 0;  tau_syn_ex: ms = 1.0 where > 0;  t_ref: ms = 2.0 where > 0;
            tau_syn_in: ms = 3.0 where > 0;  tau_1: ms = 10.0 where > 0;
            tau_2: ms = 200.0 where > 0;  alpha_1: mV = 10.0;  alpha_2: mV = 0.0;  beta: 1/ms = 0.0;
            tau_v: ms = 5.0 where > 0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_offset: ms = 1.0;
            ignore_and_spike_interval: ms = 100.0; }
        state { V_m: mV = E_L;  I_syn_ex: pA;  I_syn_in: pA;  V_th_alpha_1: mV;  V_th_alpha_2: mV;
            V_th_dv: mV/ms;  V_th_v: mV; }
        inputs {
            current I_stim: pA;  spikes w: pA { w >= 0 => I_syn_ex += w; _ => I_syn_in += w; }
        }
        equations {
            let dV = -(V_m - E_L) / tau_m + (I_syn_ex + I_syn_in + I_e + I_stim) / C_m;
            d/dt V_m = dV;  d/dt I_syn_ex = -I_syn_ex / tau_syn_ex;
            d/dt I_syn_in = -I_syn_in / tau_syn_in;  d/dt V_th_alpha_1 = -V_th_alpha_1 / tau_1;
            d/dt V_th_alpha_2 = -V_th_alpha_2 / tau_2;  d/dt V_th_dv = -V_th_dv / tau_v + beta * dV;
            d/dt V_th_v = V_th_dv - V_th_v / tau_v;
        }
        threshold !refractory && V_m >= omega + V_th_alpha_2 + V_th_alpha_1 + V_th_v;
        reset { V_th_alpha_1 += alpha_1;  V_th_alpha_2 += alpha_2; }
        refractory t_ref { }
        recordables { V_th: mV = omega + V_th_alpha_1 + V_th_alpha_2 + V_th_v; }
        // NEST's checks against its propagators' singularities; t_ref of at least one step.
        require abs(tau_m - tau_syn_ex) > 0ms;  require abs(tau_m - tau_syn_in) > 0ms;
        require abs(tau_m - tau_v) > 0ms;  require abs(tau_v - tau_syn_ex) > 0ms;
        require abs(tau_v - tau_syn_in) > 0ms;  require t_ref >= 0.0005ms;
    }
}
