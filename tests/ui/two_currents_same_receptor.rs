use saltatory::neuron;
neuron! {
    /// LIF with two current inputs on receptor 0.
    pub Lif as "lif" {
        parameters { E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0; }
        state { V_m: mV = E_L; }
        inputs { current I_a: pA;  current I_b: pA;  spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m + (I_a + I_b) / C_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}
fn main() {}
