//! The runtime's error type: every fallible call returns [`Result`].

use thiserror::Error;

/// Everything that can go wrong when building or running a simulation.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A parameter value outside its allowed range.
    #[error("{model}: parameter {name} = {value} {unit} is invalid: expected {expected}")]
    InvalidParameter {
        /// Model name (NEST's).
        model: &'static str,
        /// Parameter name.
        name: String,
        /// Offending value.
        value: f64,
        /// Unit of the value.
        unit: &'static str,
        /// What would have been accepted.
        expected: String,
    },
    /// A value that is not a single number (a list, a switch, a text) is invalid, or cannot be
    /// given as it was (alone, or on an existing device).
    #[error("{model}: parameter {name} = {value} is invalid: expected {expected}")]
    InvalidValue {
        /// Model name (NEST's).
        model: &'static str,
        /// Parameter name.
        name: String,
        /// Offending value, as written.
        value: String,
        /// What would have been accepted.
        expected: String,
    },
    /// A name that the model does not have.
    #[error("{model} has no {kind} named {name:?}; known: {known}")]
    UnknownName {
        /// Model name (NEST's).
        model: &'static str,
        /// "parameter", "state variable", ...
        kind: &'static str,
        /// The name asked for.
        name: String,
        /// Names that exist, comma-separated.
        known: String,
    },
    /// A value of the wrong kind for a name (a number for a switch or the reverse).
    #[error("{model}: {name} expects {expected}, got {got}")]
    WrongValueKind {
        /// Model name.
        model: &'static str,
        /// Parameter name.
        name: String,
        /// "a number in mV", "true or false"...
        expected: String,
        /// What was given.
        got: String,
    },
    /// A setting of the simulation itself (resolution, duration, delay, spike time...) is invalid.
    #[error("{name} = {value} ms is invalid: expected {expected}")]
    InvalidTime {
        /// Which setting.
        name: &'static str,
        /// Offending value in ms.
        value: f64,
        /// What would have been accepted.
        expected: String,
    },
    /// A receptor index the model does not provide for this kind of input.
    #[error("{model} has no {kind} receptor {receptor} (it has {available})")]
    UnknownReceptor {
        /// Model name.
        model: &'static str,
        /// "spike" or "current".
        kind: &'static str,
        /// The receptor asked for.
        receptor: usize,
        /// Receptors that exist.
        available: String,
    },
    /// A connection between nodes that cannot exchange what the synapse model carries.
    #[error("{synapse} cannot connect {pre_text}{post}: {reason}", pre_text = if pre.is_empty() { String::new() } else { format!("{pre} to ") })]
    Incompatible {
        /// The synapse model (NEST's name).
        synapse: &'static str,
        /// Source model (empty when not known).
        pre: &'static str,
        /// Target model.
        post: &'static str,
        /// Why.
        reason: String,
    },
    /// A node index outside a population, or a handle from another simulator.
    #[error("invalid node selection: {0}")]
    InvalidNodes(String),
    /// A state variable or output became non-finite.
    #[error("{model} neuron {node} at t = {time} ms: state {name} became {value}")]
    NonFinite {
        /// Model name.
        model: &'static str,
        /// Node index.
        node: usize,
        /// Simulation time in ms.
        time: f64,
        /// The state variable.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// A neuron's integration failed (NEST: NumericalInstability / GSLSolverFailure).
    #[error("{model} neuron {node} at t = {time} ms: numerical instability ({reason})")]
    Integration {
        /// Model name.
        model: &'static str,
        /// Node index (NEST global id minus one).
        node: usize,
        /// Time in ms at the end of the failed step.
        time: f64,
        /// The violated condition.
        reason: &'static str,
    },
    /// The GPU path cannot run this model yet.
    #[error("{model}: the GPU path cannot run it yet ({feature})")]
    NoKernel {
        /// Model name.
        model: &'static str,
        /// What is missing.
        feature: &'static str,
    },
    /// A kernel backend (CUDA driver, device, NVRTC, or a host-compiled kernel) failed.
    #[error("{prefix}kernel backend failed: {message}", prefix = if model.is_empty() { String::new() } else { format!("{model}: ") })]
    Backend {
        /// Model name (empty when no model is involved yet).
        model: &'static str,
        /// What failed, with the driver's or compiler's own message.
        message: String,
    },
    /// A recorder's output setting (file name part, folder, overwrite) is invalid.
    #[error("{recorder}: {name} = {value:?} is invalid: expected {expected}")]
    InvalidOutput {
        /// The recorder's model name (NEST's).
        recorder: &'static str,
        /// The setting.
        name: &'static str,
        /// Its value.
        value: String,
        /// What would have been accepted.
        expected: String,
    },
    /// A connect call would need more memory than the limit or the machine allows
    /// ([`crate::memory_guard`]).
    #[error(
        "connect: {what} would need about {needed_mb:.1} MB, but {budget} is {available_mb:.1} MB; connect fewer at a time, or raise the limit (Simulator::set_memory_limit)",
        needed_mb = *needed as f64 / 1e6,
        available_mb = *available as f64 / 1e6
    )]
    OutOfMemory {
        /// What the call makes.
        what: String,
        /// Bytes it would need (estimated).
        needed: u64,
        /// Bytes it may take.
        available: u64,
        /// Where that bound comes from.
        budget: &'static str,
    },
    /// `simulate` stopped at a slice boundary because a stop was requested
    /// ([`crate::StopFlag`]); everything recorded up to `time` is kept, and the simulation can
    /// go on.
    #[error(
        "simulation stopped on request at t = {time} ms ({remaining} ms of the run left); what was recorded up to then is kept"
    )]
    Interrupted {
        /// The time reached, in ms.
        time: f64,
        /// What the `simulate` call had left, in ms.
        remaining: f64,
    },
    /// Another process of a distributed simulation (an MPI rank) failed where this one did
    /// not; every process returns the error of the lowest failing rank, with its message.
    #[error("{message}")]
    Peer {
        /// The rank that failed.
        rank: usize,
        /// Its error, as it reads there.
        message: String,
    },
    /// Writing output failed.
    #[error("cannot write {path}: {message}")]
    Io {
        /// Destination.
        path: String,
        /// What the OS said.
        message: String,
    },
}

/// Result alias used throughout saltatory.
pub type Result<T, E = Error> = std::result::Result<T, E>;
