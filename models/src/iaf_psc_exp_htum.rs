//! `iaf_psc_exp_htum`: NEST's iaf_psc_exp with an absolute and a total refractory period.
use saltatory_macros::neuron;

neuron! {
    /// Leaky integrate-and-fire neuron with exponential postsynaptic currents and two refractory
    /// periods (Hill & Tononi 2005; NEST: iaf_psc_exp_htum): after a spike V_m is clamped to
    /// V_reset for t_ref_abs, then integrates again, but no spike is emitted before t_ref_tot.
    /// As in NEST, the multimeter records V_m relative to E_L.
    pub IafPscExpHtum as "iaf_psc_exp_htum" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            t_ref_abs: ms = 2.0 where > 0;  t_ref_tot: ms = 2.0 where > 0, >= t_ref_abs;
            V_th: mV = -55.0 where inf;  V_reset: mV = -70.0 where < V_th;
            tau_syn_ex: ms = 2.0 where > 0;  tau_syn_in: ms = 2.0 where > 0;  I_e: pA = 0.0;
        }
        unsupported { ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;
            ignore_and_spike_offset: ms = 1.0; }
        state { V_m: mV = E_L;  I_syn_ex: pA;  I_syn_in: pA; }
        inputs {
            current I_stim: pA;
            spikes w: pA { w >= 0 => I_syn_ex += w; _ => I_syn_in += w; }
        }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + (I_syn_ex + I_syn_in + I_e + I_stim) / C_m;
            d/dt I_syn_ex = -I_syn_ex / tau_syn_ex;  d/dt I_syn_in = -I_syn_in / tau_syn_in;
        }
        threshold !refractory && V_m >= V_th;
        reset { V_m = V_reset; }
        refractory t_ref_tot { hold V_m for t_ref_abs; }
        // NEST's multimeter records V_m relative to E_L; GetStatus gives it absolute.
        recordables { override V_m: mV = V_m - E_L; }
        // NEST refuses periods under one step (rounded up from whole tics of 1 us).
        require t_ref_abs >= 0.0005ms;  require t_ref_tot >= 0.0005ms;
        notes { t_ref_abs: "One counter of t_ref_tot's steps holds V_m while more than t_ref_tot - t_ref_abs steps are left; NEST counts the two periods apart, which differs only when they are changed during a refractory period."; }
    }
}
