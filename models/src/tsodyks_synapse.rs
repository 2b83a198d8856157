//! `tsodyks_synapse`: NEST's short-term plasticity synapse of Tsodyks et al. (2000) with
//! resources in three states (models/tsodyks_synapse.h).
use saltatory_macros::synapse;

synapse! {
    /// Short-term depression and facilitation: of the resources, a fraction x is recovered,
    /// y active (decaying with tau_psc) and the rest inactive (recovering with tau_rec); each
    /// spike activates u · x and sends u · x · w (NEST: tsodyks_synapse).
    pub TsodyksSynapse as "tsodyks_synapse" {
        parameters {
            /// Increment of the utilisation u at each spike.
            U: 1 = 0.5 where >= 0, <= 1;
            /// Time constant of the active resources.
            tau_psc: ms = 3.0 where > 0;
            /// Recovery time constant.
            tau_rec: ms = 800.0 where > 0;
            /// Facilitation time constant (0: no facilitation).
            tau_fac: ms = 0.0 where >= 0;
        }
        state {
            /// Utilisation.
            u: 1 = 0.0;
            /// Recovered resources.
            x: 1 = 1.0;
            /// Active resources.
            y: 1 = 0.0;
        }
        on pre {
            let Puu = if tau_fac > 0.0 { exp(-dt / tau_fac) } else { 0.0 };
            let Pyy = exp(-dt / tau_psc);
            let Pzz = expm1(-dt / tau_rec);
            let Pxy = (Pzz * tau_rec - (Pyy - 1.0) * tau_psc) / (tau_psc - tau_rec);
            let z = 1.0 - x - y;
            u = u * Puu;
            x += Pxy * y - Pzz * z;
            y = y * Pyy;
            u += U * (1.0 - u);
            let delta_y = u * x;
            x -= delta_y;
            y += delta_y;
            send delta_y * w;
        }
    }
}
