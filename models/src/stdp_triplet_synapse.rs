//! `stdp_triplet_synapse`: NEST's triplet STDP synapse (Pfister & Gerstner 2006;
//! models/stdp_triplet_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// Triplet STDP: facilitation at each postsynaptic spike by the presynaptic trace, scaled
    /// by the target's slow trace before the spike; depression at each presynaptic spike by
    /// the target's trace, scaled by the slow presynaptic trace. The weight keeps the sign of
    /// Wmax and its magnitude stays within [0, |Wmax|] (NEST: stdp_triplet_synapse).
    pub StdpTripletSynapse as "stdp_triplet_synapse" {
        parameters {
            /// Time constant of the fast presynaptic trace.
            tau_plus: ms = 16.8 where > 0;
            /// Time constant of the slow presynaptic trace.
            tau_plus_triplet: ms = 101.0 where > 0;
            /// Pair facilitation amplitude.
            Aplus: 1 = 5e-10;
            /// Pair depression amplitude.
            Aminus: 1 = 0.007;
            /// Triplet facilitation amplitude.
            Aplus_triplet: 1 = 0.0062;
            /// Triplet depression amplitude.
            Aminus_triplet: 1 = 0.00023;
            /// Largest weight magnitude; its sign is the weight's.
            Wmax: 1 = 100.0;
        }
        state {
            /// Fast presynaptic trace.
            Kplus: 1 = 0.0 decays exp(-dt / tau_plus);
            /// Slow presynaptic trace.
            Kplus_triplet: 1 = 0.0 decays exp(-dt / tau_plus_triplet);
        }
        on post {
            let grown = abs(w) + Kplus * (Aplus + Aplus_triplet * (K_minus_triplet - 1.0));
            w = copysign(if grown < abs(Wmax) { grown } else { Wmax }, Wmax);
        }
        on pre {
            let shrunk = abs(w) - K_minus * (Aminus + Aminus_triplet * Kplus_triplet);
            w = copysign(if shrunk > 0.0 { shrunk } else { 0.0 }, Wmax);
            Kplus_triplet += 1.0;
            Kplus += 1.0;
        }
    }
}
