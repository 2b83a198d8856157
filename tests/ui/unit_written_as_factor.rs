use saltatory::neuron;

neuron! {
    /// A default written as a product with a unit's name.
    pub Lif as "lif" {
        parameters { E_L: mV = -70.0;  tau_m: ms = 10.0 * ms where > 0;  V_th: mV = -55.0; }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m; }
        threshold V_m >= V_th;
        reset { V_m = E_L; }
    }
}

fn main() {}
