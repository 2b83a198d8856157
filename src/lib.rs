#![doc = include_str!("../README.md")]

pub use saltatory_macros::{binary_neuron, neuron, rate_neuron, synapse};
pub use saltatory_models as models;
#[cfg(feature = "tools")]
pub mod audit;
pub mod brunel;
pub mod brunel_siegert;
pub mod decision;
pub mod hpc_benchmark;
pub mod microcircuit;
pub mod nest_examples;
pub mod plastic_examples;
#[cfg(feature = "tools")]
pub mod plot;
#[cfg(feature = "tools")]
pub mod scenario;
pub use saltatory_runtime as runtime;
/// Units: the `saltatory-units` crate (the [`units::Unit`] of the models' metadata, the quantity
/// table, NEST's units) and the unit-typed quantities.
pub use saltatory_runtime::units;
pub use saltatory_runtime::{
    DcInput, Error, Model, Nodes, Result, Simulator, SpikeTrain, Value, consts,
};
