//! `lif_adapt`: a model NEST does not have — a LIF neuron with a linear adaptation current that
//! is driven by the membrane potential and incremented at each spike.
use saltatory_macros::neuron;

neuron! {
    /// Leaky integrate-and-fire neuron with a sub-threshold adaptation current w coupled
    /// linearly to V_m (strength a) and incremented by b at each spike; exponential synaptic
    /// currents. Not in NEST: it shows that neuron! handles any linear system.
    pub LifAdapt as "lif_adapt" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 250.0 where > 0;  tau_m: ms = 10.0 where > 0;
            t_ref: ms = 2.0 where >= 0;  V_th: mV = -55.0;  V_reset: mV = -65.0 where < V_th;
            tau_w: ms = 100.0 where > 0;  a: nS = 2.0;  b: pA = 20.0;
            tau_syn: ms = 5.0 where > 0;  I_e: pA = 0.0;
        }
        state { V_m: mV = E_L;  w: pA;  I_syn: pA; }
        inputs {
            current I_stim: pA;
            spikes q: pA { _ => I_syn += q; }
        }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + (I_syn - w + I_e + I_stim) / C_m;
            d/dt w = (a * (V_m - E_L) - w) / tau_w;
            d/dt I_syn = -I_syn / tau_syn;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset;  w += b; }
        refractory t_ref { hold V_m; }
        notes { model: "Not a NEST model: checked against an independent Runge-Kutta solve (tests/lif_adapt_reference.rs)."; }
    }
}
