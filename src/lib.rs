//! saltatory: a simulator for networks of point neurons, faithful to NEST.
//!
//! Models are declared with the [`neuron!`] macro, which checks physical units at compile time
//! and emits a specialised update kernel. See the README for a complete example.

pub use saltatory_macros::neuron;
pub use saltatory_models as models;
pub use saltatory_runtime as runtime;
pub use saltatory_runtime::{
    DcInput, Error, Model, Nodes, Result, Simulator, SpikeTrain, Value, consts,
};
