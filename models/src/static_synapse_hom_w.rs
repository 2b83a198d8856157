//! `static_synapse_hom_w`: NEST's static synapse whose weight is common to all its connections
//! (models/static_synapse_hom_w.h).
use saltatory_macros::synapse;

synapse! {
    /// A static synapse sending every spike with the model's common weight; set it with
    /// SetDefaults or CopyModel, not per connection (NEST: static_synapse_hom_w).
    pub StaticSynapseHomW as "static_synapse_hom_w" {
        parameters {
            /// The weight of every connection of the model.
            weight: 1 = 1.0;
        }
        on pre {
            send weight;
        }
    }
}
