//! `vogels_sprekeler_synapse`: NEST's symmetric inhibitory STDP synapse (Vogels et al. 2011;
//! models/vogels_sprekeler_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// Symmetric STDP for inhibitory synapses: each postsynaptic spike facilitates by
    /// `eta · K_plus`, each presynaptic spike by `eta · K_minus` and then depresses by
    /// `alpha · eta`. The weight keeps the sign of Wmax and its magnitude stays within
    /// [0, |Wmax|] (NEST: vogels_sprekeler_synapse).
    pub VogelsSprekelerSynapse as "vogels_sprekeler_synapse" {
        parameters {
            /// Time constant of the presynaptic trace.
            tau: ms = 20.0 where > 0;
            /// Learning rate.
            eta: 1 = 0.001;
            /// Constant depression at each presynaptic spike, in units of eta.
            alpha: 1 = 0.12;
            /// Largest weight magnitude; its sign is the weight's.
            Wmax: 1 = 1.0;
        }
        state {
            /// Presynaptic trace.
            Kplus: 1 = 0.0 decays exp(-dt / tau);
        }
        on post {
            let grown = abs(w) + eta * Kplus;
            w = copysign(if grown < abs(Wmax) { grown } else { Wmax }, Wmax);
        }
        on pre {
            let grown = abs(w) + eta * K_minus;
            w = copysign(if grown < abs(Wmax) { grown } else { Wmax }, Wmax);
            let shrunk = abs(w) - alpha * eta;
            w = copysign(if shrunk > 0.0 { shrunk } else { 0.0 }, Wmax);
            Kplus += 1.0;
        }
    }
}
