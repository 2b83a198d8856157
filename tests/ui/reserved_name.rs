use saltatory::neuron;
neuron! {
    /// LIF with a release probability P scaling its synaptic jumps.
    pub Lif as "lif" {
        parameters { E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0;  P: 1 = 0.5; }
        state { V_m: mV = E_L;  lane_x: 1;  h_int: 1; }
        inputs { spikes w: mV { _ => V_m += P * w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m;  d/dt lane_x = -lane_x / tau_m;  d/dt h_int = -h_int / tau_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}
fn main() {}
