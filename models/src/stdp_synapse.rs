//! `stdp_synapse`: NEST's pair-based STDP synapse (Gütig et al. 2003, with the weight
//! dependence of Rubin et al. 2001; models/stdp_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// Spike-timing dependent plasticity with power-law weight dependence: each postsynaptic
    /// spike facilitates by the presynaptic trace, each presynaptic spike depresses by the
    /// target's trace K_minus (NEST: stdp_synapse). Weights stay within [0, Wmax].
    pub StdpSynapse as "stdp_synapse" {
        parameters {
            /// Time constant of the presynaptic trace.
            tau_plus: ms = 20.0 where > 0;
            /// Step size.
            lambda: 1 = 0.01;
            /// Asymmetry: depression steps are alpha · lambda.
            alpha: 1 = 1.0;
            /// Weight dependence exponent of facilitation.
            mu_plus: 1 = 1.0;
            /// Weight dependence exponent of depression.
            mu_minus: 1 = 1.0;
            /// Largest weight.
            Wmax: 1 = 100.0;
        }
        state {
            /// Presynaptic trace.
            Kplus: 1 = 0.0 decays exp(-dt / tau_plus);
        }
        on post {
            let norm = w / Wmax + lambda * pow(1.0 - w / Wmax, mu_plus) * Kplus;
            w = if norm < 1.0 { norm * Wmax } else { Wmax };
        }
        on pre {
            let norm = w / Wmax - alpha * lambda * pow(w / Wmax, mu_minus) * K_minus;
            w = if norm > 0.0 { norm * Wmax } else { 0.0 };
            Kplus += 1.0;
        }
    }
}
