use saltatory::neuron;

neuron! {
    /// A LIF whose membrane time constant is declared in mS (millisiemens) instead of ms: the
    /// error points at the declaration, once, though two equations read it.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: mS = 10.0 where > 0;
            tau_syn: ms = 2.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0;
        }
        state { V_m: mV = E_L;  I_syn: pA;  w: 1; }
        inputs { spikes s: pA { _ => I_syn += s; } }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + I_syn / C_m;
            d/dt I_syn = -I_syn / tau_syn;
            d/dt w = -w / tau_m;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

fn main() {}
