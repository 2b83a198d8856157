use saltatory::neuron;

neuron! {
    /// Holding for part of the period with deferred input, and an override of no state variable.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;
            t_ref_abs: ms = 1.0 where > 0;  t_ref_tot: ms = 2.0 where > 0;  keep: bool = false;
        }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m; }
        threshold !refractory && V_m >= V_th;
        reset { V_m = E_L; }
        refractory t_ref_tot { hold V_m for t_ref_abs; defer V_m decay tau_m if keep; }
        recordables { override V_rel: mV = V_m - E_L; }
    }
}

neuron! {
    /// Holding for part of the period in a model integrated with RKF45.
    pub Quadratic as "quadratic" {
        parameters {
            E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;
            t_ref_abs: ms = 1.0 where > 0;  t_ref_tot: ms = 2.0 where > 0;
        }
        state { V_m: mV = E_L; }
        equations { d/dt V_m = (V_m - E_L) * (V_m - E_L) / (tau_m * 1.0mV); }
        solver rkf45 { abs: 1e-3; rel: 1e-3; y: 1.0; dydt: 1.0; }
        threshold !refractory && V_m >= V_th;
        reset { V_m = E_L; }
        refractory t_ref_tot { hold V_m for t_ref_abs; }
    }
}

neuron! {
    /// Holding for part of the period with a lower bound on the held variable.
    pub Bounded as "bounded" {
        parameters {
            E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;  V_min: mV = -80.0;
            t_ref_abs: ms = 1.0 where > 0;  t_ref_tot: ms = 2.0 where > 0;
        }
        state { V_m: mV = E_L; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations { d/dt V_m = -(V_m - E_L) / tau_m; }
        threshold !refractory && V_m >= V_th;
        reset { V_m = E_L; }
        bound V_m >= V_min;
        refractory t_ref_tot { hold V_m for t_ref_abs; }
    }
}

fn main() {}
