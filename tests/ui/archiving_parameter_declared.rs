use saltatory::neuron;

neuron! {
    /// A model that declares NEST's archiving parameter itself.
    pub Lif as "lif" {
        parameters { tau_m: ms = 10.0 where > 0;  tau_minus: ms = 30.0 where > 0; }
        state { V_m: mV = 0.0; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = -V_m / tau_m; }
    }
}

fn main() {}
