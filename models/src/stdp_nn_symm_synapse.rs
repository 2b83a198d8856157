//! `stdp_nn_symm_synapse`: NEST's STDP synapse with symmetric nearest-neighbour spike pairing
//! (Morrison et al. 2008; models/stdp_nn_symm_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// STDP pairing each spike with its nearest neighbours only: each postsynaptic spike
    /// facilitates by the decay since the last presynaptic spike, each presynaptic spike
    /// depresses by the decay since the last postsynaptic one (NEST: stdp_nn_symm_synapse).
    pub StdpNnSymmSynapse as "stdp_nn_symm_synapse" {
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
        on post {
            let norm = w / Wmax + lambda * pow(1.0 - w / Wmax, mu_plus) * exp(-dt / tau_plus);
            w = if norm < 1.0 { norm * Wmax } else { Wmax };
        }
        on pre {
            let norm = w / Wmax - alpha * lambda * pow(w / Wmax, mu_minus) * K_minus_nn;
            w = if norm > 0.0 { norm * Wmax } else { 0.0 };
        }
    }
}
