use saltatory::neuron;

neuron! {
    /// LIF that writes exp as a method call.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            V_th: mV = -55.0;  V_reset: mV = -70.0;  V_T: mV = -50.0;  Delta_T: mV = 2.0;
        }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = (-(V_m - E_L) + Delta_T * ((V_m - V_T) / Delta_T).exp()) / tau_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

fn main() {}
