use saltatory::neuron;

neuron! {
    /// LIF that tries to gate its bias current by multiplying with a boolean switch.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            V_th: mV = -55.0;  V_reset: mV = -70.0;  I_e: pA = 0.0;
            bias_on: bool = true;
        }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m + bias_on * I_e / C_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

fn main() {}
