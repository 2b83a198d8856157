use saltatory::neuron;

neuron! {
    /// LIF with spike-triggered adaptation; the reset increments w by `a` (nS) instead of `b` (pA).
    pub LifAdapt as "lif_adapt" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            V_th: mV = -55.0;  V_reset: mV = -65.0;  tau_w: ms = 100.0 where > 0;
            a: nS = 2.0;  b: pA = 20.0;
        }
        state { V_m: mV = E_L;  w: pA; }
        inputs { spikes q: mV { _ => V_m += q; } }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m - w / C_m;
            d/dt w = (a * (V_m - E_L) - w) / tau_w;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset;  w += a; }
    }
}

fn main() {}
