use saltatory::neuron;

neuron! {
    /// A spike route whose `let` reuses a model name, and one whose `let` has the wrong unit
    /// for the jump it feeds.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  tau_syn: ms = 2.0 where > 0;
            V_th: mV = -55.0;
        }
        state { V_m: mV = E_L;  I_syn: pA; }
        inputs {
            spikes w: pA {
                w > 0.0 => { let tau_m = 2.0; I_syn += tau_m * w; }
                _ => { let k = tau_syn * w; I_syn += k; }
            }
        }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m;
            d/dt I_syn = -I_syn / tau_syn;
        }
        threshold V_m >= V_th;
        reset { V_m = E_L; }
    }
}

fn main() {}
