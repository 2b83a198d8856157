//! `tsodyks2_synapse`: NEST's short-term plasticity synapse after Maass & Markram (2002)
//! (models/tsodyks2_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// Short-term depression and facilitation: each spike sends x · u · w, where the
    /// resources x recover with tau_rec and the utilisation u relaxes to U with tau_fac; the
    /// first spike through a synapse uses the initial x and u (NEST: tsodyks2_synapse).
    pub Tsodyks2Synapse as "tsodyks2_synapse" {
        parameters {
            /// Increment of the utilisation at each spike.
            U: 1 = 0.5 where >= 0, <= 1;
            /// Recovery time constant.
            tau_rec: ms = 800.0 where > 0;
            /// Facilitation time constant (0: no facilitation).
            tau_fac: ms = 0.0 where >= 0;
        }
        state {
            /// Utilisation.
            u: 1 = 0.5;
            /// Available resources.
            x: 1 = 1.0;
        }
        on pre {
            let x_decay = exp(-dt / tau_rec);
            let u_decay = if tau_fac > 0.0 { exp(-dt / tau_fac) } else { 0.0 };
            let x_next = 1.0 + (x - x * u - 1.0) * x_decay;
            u = if first { u } else { U + u * (1.0 - U) * u_decay };
            x = if first { x } else { x_next };
            send x * u * w;
        }
    }
}
