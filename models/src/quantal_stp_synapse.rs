//! `quantal_stp_synapse`: NEST's stochastic short-term plasticity synapse with n release sites
//! (Fuhrmann et al. 2002, Loebel et al. 2009; models/quantal_stp_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// Stochastic short-term plasticity: of n release sites, a are ready; between spikes each
    /// depleted site recovers with probability 1 - exp(-dt / tau_rec); at a spike each ready
    /// site releases with probability u, and the spike is sent with the number released
    /// times w (not at all when none releases). u is facilitated as in tsodyks2_synapse
    /// (NEST: quantal_stp_synapse).
    pub QuantalStpSynapse as "quantal_stp_synapse" {
        parameters {
            /// Increment of the release probability at each spike.
            U: 1 = 0.5 where >= 0, <= 1;
            /// Recovery time constant of a release site.
            tau_rec: ms = 800.0 where > 0;
            /// Facilitation time constant (0: no facilitation).
            tau_fac: ms = 0.0 where >= 0;
        }
        state {
            /// Release probability.
            u: 1 = 0.5;
            /// Number of release sites.
            n: 1 = 1.0;
            /// Sites ready to release.
            a: 1 = 1.0;
        }
        on pre {
            let p_decay = exp(-dt / tau_rec);
            let u_decay = if tau_fac < 1e-10ms { 0.0 } else { exp(-dt / tau_fac) };
            u = if first { u } else { U + u * (1.0 - U) * u_decay };
            a = if first { a } else { a + binomial(n - a, 1.0 - p_decay) };
            let released = binomial(a, u);
            a -= released;
            send released * w if released > 0.0;
        }
    }
}
