//! `bernoulli_synapse`: NEST's static synapse that transmits each spike with a fixed
//! probability (models/bernoulli_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// A static synapse that transmits each spike with probability p_transmit, independently
    /// (NEST: bernoulli_synapse). Draws come from the synapse's own stream, so they do not
    /// depend on the number of threads.
    pub BernoulliSynapse as "bernoulli_synapse" {
        parameters {
            /// Probability of transmitting a spike.
            p_transmit: 1 = 1.0 where >= 0, <= 1;
        }
        on pre {
            send w if uniform() < p_transmit;
        }
    }
}
