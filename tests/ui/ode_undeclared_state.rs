use saltatory::neuron;

neuron! {
    /// LIF with an exponential synaptic current whose state was never declared.
    pub LifExp as "lif_exp" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            V_th: mV = -55.0;  V_reset: mV = -70.0;  tau_syn: ms = 2.0 where > 0;
        }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m;
            d/dt I_syn = -I_syn / tau_syn;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

fn main() {}
