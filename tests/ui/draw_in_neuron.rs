use saltatory::neuron;

neuron! {
    /// A neuron that draws: only synapse rules have a random stream.
    pub Noisy as "noisy" {
        parameters { tau_m: ms = 10.0 where > 0; }
        state { V_m: mV = 0.0mV; }
        equations { d/dt V_m = -V_m / tau_m * uniform(); }
    }
}

fn main() {}
