//! `tsodyks_synapse_hom`: NEST's tsodyks_synapse with parameters and weight common to all its
//! connections (models/tsodyks_synapse_hom.h).
use saltatory_macros::synapse;

synapse! {
    /// Short-term depression and facilitation as tsodyks_synapse, with the model's common
    /// weight; NEST computes the propagators of this variant with `exp` where tsodyks_synapse
    /// uses `expm1`, and so does this file (NEST: tsodyks_synapse_hom).
    pub TsodyksSynapseHom as "tsodyks_synapse_hom" {
        parameters {
            /// Increment of the utilisation u at each spike.
            U: 1 = 0.5 where >= 0, <= 1;
            /// Time constant of the active resources.
            tau_psc: ms = 3.0 where > 0;
            /// Recovery time constant.
            tau_rec: ms = 800.0 where > 0;
            /// Facilitation time constant (0: no facilitation).
            tau_fac: ms = 0.0 where >= 0;
            /// The weight of every connection of the model.
            weight: 1 = 1.0;
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
            let Pzz = exp(-dt / tau_rec);
            let Pxy = ((Pzz - 1.0) * tau_rec - (Pyy - 1.0) * tau_psc) / (tau_psc - tau_rec);
            let Pxz = 1.0 - Pzz;
            let z = 1.0 - x - y;
            u = u * Puu;
            x += Pxy * y + Pxz * z;
            y = y * Pyy;
            u += U * (1.0 - u);
            let delta_y = u * x;
            x -= delta_y;
            y += delta_y;
            send delta_y * weight;
        }
    }
}
