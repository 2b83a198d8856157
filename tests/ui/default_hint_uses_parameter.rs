use saltatory::neuron;

neuron! {
    /// A default given in a unit of another dimension: the hint must not suggest multiplying by
    /// a parameter, since defaults are constants.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0nS where > 0;  tau_m: ms = 10.0 where > 0;
            V_th: mV = -55.0;  V_reset: mV = -70.0;  I_e: pA = 0.0;
        }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m + I_e / C_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

fn main() {}
