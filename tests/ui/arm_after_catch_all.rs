use saltatory::neuron;
neuron! {
    /// LIF whose excitatory route comes after the catch-all and can never be taken.
    pub Lif as "lif" {
        parameters { E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0; }
        state { V_m: mV = E_L;  I_ex: pA;  I_in: pA; }
        inputs { spikes w: pA { _ => I_in += w;  w > 0 => I_ex += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m + (I_ex + I_in) / C_m;  d/dt I_ex = -I_ex / tau_m;  d/dt I_in = -I_in / tau_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}
fn main() {}
