use saltatory::neuron;
neuron! {
    /// Delta LIF whose spike weight is given the same name as the state.
    pub Lif as "lif" {
        parameters { E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0; }
        state { V_m: mV = E_L; }
        inputs { spikes V_m: mV { _ => V_m += V_m; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}
fn main() {}
