//! `stdp_pl_synapse_hom`: NEST's STDP synapse with power-law facilitation and multiplicative
//! depression (Morrison et al. 2007; models/stdp_pl_synapse_hom.h), parameters shared by all
//! synapses of the model.
use saltatory_macros::synapse;

synapse! {
    /// STDP with power-law weight dependence of facilitation, `lambda · w^mu · K_plus`, and
    /// depression proportional to the weight, `lambda · alpha · w · K_minus`, floored at 0
    /// (NEST: stdp_pl_synapse_hom). The traces decay by the precomputed inverse of tau_plus,
    /// as NEST's do.
    pub StdpPlSynapseHom as "stdp_pl_synapse_hom" {
        parameters {
            /// Time constant of the presynaptic trace.
            tau_plus: ms = 20.0 where > 0;
            /// Step size.
            lambda: 1 = 0.1;
            /// Asymmetry: depression steps are lambda · alpha.
            alpha: 1 = 1.0;
            /// Exponent of the weight dependence of facilitation.
            mu: 1 = 0.4;
        }
        state {
            /// Presynaptic trace.
            Kplus: 1 = 0.0 decays exp(-dt * (1.0 / tau_plus));
        }
        on post {
            w = w + lambda * pow(w, mu) * Kplus;
        }
        on pre {
            let depressed = w - lambda * alpha * w * K_minus;
            w = if depressed > 0.0 { depressed } else { 0.0 };
            Kplus += 1.0;
        }
    }
}
