use saltatory::neuron;

neuron! {
    /// Conductance-based LIF: the synaptic term g_ex * (E_ex - V_m) is a product of two states.
    pub LifCond as "lif_cond" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  g_L: nS = 16.7 where > 0;
            V_th: mV = -55.0;  V_reset: mV = -70.0;  E_ex: mV = 0.0;  tau_syn: ms = 0.2 where > 0;
        }
        state { V_m: mV = E_L;  g_ex: nS; }
        inputs { spikes w: nS { _ => g_ex += w; } }
        equations {
            d/dt V_m = (-g_L * (V_m - E_L) + g_ex * (E_ex - V_m)) / C_m;
            d/dt g_ex = -g_ex / tau_syn;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
    }
}

fn main() {}
