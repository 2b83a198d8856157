use saltatory::neuron;
neuron! {
    /// Requirements compare parameters in one unit, and only parameters.
    pub Lif as "lif" {
        parameters { E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0; }
        state { V_m: mV = E_L; }
        equations { d/dt V_m = -(V_m - E_L) / tau_m; }
        threshold V_m >= V_th;
        reset { V_m = V_reset; }
        require V_th < tau_m;
        require V_m < V_th if tau_m > 1ms;
    }
}
fn main() {}
