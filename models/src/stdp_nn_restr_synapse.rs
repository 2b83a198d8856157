//! `stdp_nn_restr_synapse`: NEST's STDP synapse with restricted symmetric nearest-neighbour
//! pairing (Morrison et al. 2008; models/stdp_nn_restr_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// STDP pairing only presynaptic and postsynaptic spikes that are each other's nearest
    /// neighbours: a presynaptic spike with postsynaptic spikes since the previous one
    /// facilitates by the first of them and depresses by the last (NEST: stdp_nn_restr_synapse).
    pub StdpNnRestrSynapse as "stdp_nn_restr_synapse" {
        parameters {
            /// Time constant of facilitation.
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
        on first post {
            let norm = w / Wmax + lambda * pow(1.0 - w / Wmax, mu_plus) * exp(-dt / tau_plus);
            w = if norm < 1.0 { norm * Wmax } else { Wmax };
        }
        on pre {
            let norm = w / Wmax - alpha * lambda * pow(w / Wmax, mu_minus) * K_minus_nn;
            let depressed = if norm > 0.0 { norm * Wmax } else { 0.0 };
            w = if n_post > 0.0 { depressed } else { w };
        }
    }
}
