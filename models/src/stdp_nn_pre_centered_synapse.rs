//! `stdp_nn_pre_centered_synapse`: NEST's STDP synapse with presynaptic-centred
//! nearest-neighbour pairing (Izhikevich & Desai 2003; models/stdp_nn_pre_centered_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// STDP in which each presynaptic spike pairs with the nearest postsynaptic spike before
    /// it (depression) and the first one after it (facilitation by the presynaptic trace,
    /// which that spike resets) (NEST: stdp_nn_pre_centered_synapse).
    pub StdpNnPreCenteredSynapse as "stdp_nn_pre_centered_synapse" {
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
            /// Presynaptic trace, reset by the first postsynaptic spike after a presynaptic one.
            Kplus: 1 = 0.0 decays exp(-dt / tau_plus);
        }
        on first post {
            let norm = w / Wmax + lambda * pow(1.0 - w / Wmax, mu_plus) * Kplus;
            w = if norm < 1.0 { norm * Wmax } else { Wmax };
        }
        on pre {
            let norm = w / Wmax - alpha * lambda * pow(w / Wmax, mu_minus) * K_minus_nn;
            w = if norm > 0.0 { norm * Wmax } else { 0.0 };
            Kplus = if n_post > 0.0 { 0.0 } else { Kplus };
            Kplus += 1.0;
        }
    }
}
