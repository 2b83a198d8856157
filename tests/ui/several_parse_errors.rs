use saltatory::neuron;

neuron! {
    /// Three mistakes in three sections, all reported by one compile.
    pub Lif as "lif" {
        parameters { E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0; }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV receptor 1 { _ => V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m; }
        solver rkf45 { tolerance: 1e-3; }
        solver rkf45 { tolerance: 1e-6; }
        threshold V_m >= V_th
        reset { V_m = E_L; }
    }
}

fn main() {}
