use saltatory::neuron;

neuron! {
    /// A current-based LIF whose spike rule assigns instead of adding.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            tau_syn: ms = 2.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0;
        }
        state { V_m: mV = E_L;  I_syn: pA; }
        inputs { spikes w: pA { _ => I_syn = w; } }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + I_syn / C_m;
            d/dt I_syn = -I_syn / tau_syn;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

neuron! {
    /// `set` written with `+=`.
    pub Lif2 as "lif2" {
        parameters { E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0; }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => set V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m; }
        threshold V_m >= V_th;
        reset { V_m = E_L; }
    }
}

fn main() {}
