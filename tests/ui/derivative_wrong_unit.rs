use saltatory::neuron;

neuron! {
    /// A membrane equation written as a current balance, forgetting to divide by C_m.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  g_L: nS = 25.0 where > 0;
            V_th: mV = -55.0;  V_reset: mV = -70.0;  I_e: pA = 0.0;
        }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = I_e - g_L * (V_m - E_L); }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

fn main() {}
