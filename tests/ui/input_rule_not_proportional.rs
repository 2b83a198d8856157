use saltatory::neuron;

neuron! {
    /// LIF whose stimulation current is filtered through a rule with a constant offset.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            V_th: mV = -55.0;  V_reset: mV = -70.0;
        }
        state { V_m: mV = E_L;  I_syn: pA; }
        inputs {
            current I_stim: pA => I_syn += I_stim + 1.0pA;
            spikes w: mV { _ => V_m += w; }
        }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + I_syn / C_m;
            d/dt I_syn = -I_syn / tau_m;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

fn main() {}
