use saltatory::neuron;

neuron! {
    /// A recordable in the wrong unit, one named like a state variable, one without a value.
    pub Lif as "lif" {
        parameters { E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0; }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m; }
        threshold V_m >= V_th;
        reset { V_m = E_L; }
        recordables {
            distance: mV = (V_th - V_m) / tau_m;
            V_m: mV = V_m;
            gap: mV;
        }
    }
}

fn main() {}
