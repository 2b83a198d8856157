//! `static_synapse_lbl`: NEST's static synapse whose connections carry a `synapse_label`
//! (models/static_synapse.h, registered with a label in NEST's model list).
use saltatory_macros::synapse;

synapse! {
    /// A static synapse sending every spike with its connection's weight; its connections
    /// carry the `synapse_label` given at connect or in the defaults, by which GetConnections
    /// selects them (NEST: static_synapse_lbl).
    pub StaticSynapseLbl as "static_synapse_lbl" {
        on pre {
            send w;
        }
    }
}
