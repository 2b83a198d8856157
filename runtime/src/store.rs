//! Connection stores: the connections ending on one engine's nodes, and how they pass input on.
//!
//! Each engine holds one store per kind of connection: static spike synapses
//! ([`crate::synapses`], one store per kind of input channel, [`crate::arrival`]), rate
//! connections ([`crate::rate`]), and any store added with
//! [`Simulator::add_connection_store`](crate::Simulator::add_connection_store), such as a plastic
//! synapse model. The engine's loops call every store the same way, so a new kind of synapse
//! is a new implementation of [`ConnectionStore`], not a change to the step loop:
//! - [`deliver`](ConnectionStore::deliver), once per slice after the exchange, with every spike
//!   of the slice in (step, node) order: spike stores add their weights into the ring buffer;
//! - [`gather`](ConnectionStore::gather), each step before a rate node's update: rate stores
//!   read the values sent earlier and add them to the node's input.
//!
//! Delivery writes only the engine's own memory, so engines deliver in parallel.

use std::ops::Range;
use std::sync::Arc;

use crate::archive::PostHistory;
use crate::arrival::SpikeInput;
use crate::error::{Error, Result};
use crate::population::AnyChunk;
use crate::rate::RateHistory;
use crate::ring::Ring;
use crate::time::Grid;

/// One connection as a store receives it. The simulator has checked both ends and the values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wire {
    /// The source: its node index (spike connections) or rate-node index (rate connections).
    pub source: u32,
    /// The target's input channel: its offset in the engine's ring slot.
    pub offset: u32,
    /// The target's row: its position among the engine's nodes, population by population.
    pub row: u32,
    /// The input channel within the target (for rate connections).
    pub channel: u8,
    /// Weight.
    pub weight: f64,
    /// Second factor (the diffusion factor of a diffusion connection; 0 otherwise).
    pub weight2: f64,
    /// Delay in steps.
    pub delay: u16,
    /// The receptor the connection was made to (NEST's rport).
    pub receptor: u16,
    /// What a spike adds at the target's channel: its weight, or one (a counting channel,
    /// such as parrot_neuron's; stores other than the built-in ones see only these two).
    pub input: SpikeInput,
    /// A number identifying the connection, the same for any number of threads and
    /// processes (it keys a synapse's random draws).
    pub serial: u64,
}

/// Where a reported connection ends, as the store knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// A ring offset (see [`Wire::offset`]).
    Offset(u32),
    /// A row (see [`Wire::row`]).
    Row(u32),
}

/// One connection as a store reports it (see [`ConnectionStore::each`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reported {
    /// As in [`Wire::source`].
    pub source: u32,
    /// The target.
    pub target: End,
    /// Weight (the drift factor of a diffusion connection).
    pub weight: f64,
    /// Delay in steps.
    pub delay: u16,
}

/// What a store may write to during delivery: the engine's ring buffer, and the spike
/// archives of the engine's own nodes (for plastic synapses, which read their target's spikes).
pub struct Delivery<'a> {
    pub(crate) ring: &'a mut Ring,
    pub(crate) archives: &'a [PostHistory],
    pub(crate) grid: &'a Grid,
    /// Weight events of the slice (for weight recorders), with the index of their store.
    pub(crate) weights: &'a mut Vec<(usize, WeightEvent)>,
    /// The index of the store delivering.
    pub(crate) store: usize,
    /// The simulation's seed (keys the synapses' random draws).
    pub(crate) seed: u64,
}

/// A spike a synapse transmitted, with the weight it was sent with (what NEST's
/// weight_recorder records).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WeightEvent {
    /// The step in which the spike was sent (its stamp is one step later).
    pub step: u64,
    /// The presynaptic node.
    pub source: u32,
    /// The target's row in the engine.
    pub row: u32,
    /// The weight the spike was sent with.
    pub weight: f64,
    /// The receptor it arrived at.
    pub receptor: u16,
}

impl Delivery<'_> {
    /// Adds `value` to ring offset `offset` of step `step`.
    #[inline]
    pub fn add(&mut self, step: u64, offset: u32, value: f64) {
        self.ring.add(step, offset, value);
    }

    /// Records a transmitted spike for the weight recorders of this store.
    pub fn record_weight(&mut self, event: WeightEvent) {
        self.weights.push((self.store, event));
    }

    /// The simulation's seed, for random draws keyed by synapse (see [`Wire::serial`]).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The time grid (a step's time, a delay in ms).
    pub fn grid(&self) -> &Grid {
        self.grid
    }

    /// The whole ring slot of step `step`.
    #[inline]
    pub fn slot(&mut self, step: u64) -> &mut [f64] {
        self.ring.slot_mut(step)
    }

    /// The steps at which the node at `row` spiked, oldest first (empty unless a store asked
    /// for them with [`ConnectionStore::reads_post_spikes`]).
    pub fn post_spikes(&self, row: u32) -> &[u64] {
        self.archives.get(row as usize).map_or(&[], |a| a.steps())
    }

    /// The spike archive of the node at `row`, with its STDP traces (`None` unless a store
    /// asked for it with [`ConnectionStore::reads_post_spikes`]).
    pub fn archive(&self, row: u32) -> Option<&PostHistory> {
        self.archives.get(row as usize)
    }
}

/// What a store may read and write while gathering the input of one population for one step.
pub struct Gather<'a> {
    pub(crate) step: u64,
    /// The population's rows in the engine.
    pub(crate) rows: Range<usize>,
    pub(crate) chunk: &'a dyn AnyChunk,
    pub(crate) rates: &'a RateHistory,
    /// The population's part of the ring slot of `step`.
    pub(crate) inputs: &'a mut [f64],
}

impl Gather<'_> {
    /// The step being computed.
    pub fn step(&self) -> u64 {
        self.step
    }
    /// The rows of the population being updated.
    pub fn rows(&self) -> Range<usize> {
        self.rows.clone()
    }
    /// The value rate node `index` sent at `step`.
    pub fn rate(&self, step: u64, index: u32) -> f64 {
        self.rates.get(step, index)
    }
    /// Number of input channels per node of the population.
    pub fn channels(&self) -> usize {
        self.chunk.n_channels()
    }
    /// Whether node `j` (index within the population's rows) transforms each incoming rate.
    pub fn transforms(&self, j: usize) -> bool {
        self.chunk.transforms_inputs(j)
    }
    /// Node `j`'s transform of one incoming rate.
    pub fn transform(&self, j: usize, value: f64) -> f64 {
        self.chunk.rate_transform(j, value)
    }
    /// Adds `value` to input `channel` of node `j`.
    #[inline]
    pub fn add(&mut self, j: usize, channel: usize, value: f64) {
        let at = j * self.chunk.n_channels() + channel;
        self.inputs[at] += value;
    }
}

/// The connections of one kind that end on one engine's nodes.
pub trait ConnectionStore: Send + Sync {
    /// Adds a connection (pending until [`finalize`](Self::finalize)).
    fn push(&mut self, wire: &Wire);
    /// Number of connections.
    fn len(&self) -> usize;
    /// Whether the store holds no connection.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Bytes held by its tables.
    fn bytes(&self) -> usize;
    /// Makes room for `additional` more connections (a hint).
    fn reserve(&mut self, _additional: usize) {}
    /// Bytes a new connection adds until [`finalize`](Self::finalize) (the memory guard's
    /// estimate); `drawn`: its weight or delay is drawn per connection.
    fn bytes_per_new(&self, _drawn: bool) -> usize {
        32
    }
    /// A position to [`truncate`](Self::truncate) back to (taken before a connect call).
    fn mark(&self) -> usize;
    /// Drops the connections added after `mark` (the connect call failed).
    fn truncate(&mut self, mark: usize);
    /// Builds the tables before a simulation: `sources` nodes in the network, `rows` nodes in
    /// the engine.
    fn finalize(&mut self, sources: usize, rows: usize);
    /// Passes on the spikes of one slice, in (step, node) order.
    fn deliver(&mut self, _spikes: &[(u64, u32)], _to: &mut Delivery<'_>) {}
    /// Adds this store's input for one step to a rate population's inputs.
    fn gather(&self, _at: &mut Gather<'_>) {}
    /// The longest slice, in steps, that this store's connections allow (its shortest delay;
    /// 1 for instantaneous rate connections), `None` when it sets no limit.
    fn slice_limit(&self) -> Option<u64> {
        None
    }
    /// How many past steps of rate values the store reads (its longest rate delay).
    fn rate_history(&self) -> u64 {
        0
    }
    /// Whether [`Delivery::post_spikes`] and [`Delivery::archive`] must hold the engine's spikes.
    fn reads_post_spikes(&self) -> bool {
        false
    }
    /// Lowers `horizon[row]` to the earliest time (ms) at which this store may still ask the
    /// archive of the node at `row` for its spikes and traces: every spike more than ε before
    /// it but the last may then be dropped. A store that reads the archives and does not say
    /// keeps all of them (the default).
    fn post_horizon(&self, _grid: &Grid, horizon: &mut [f64]) {
        if self.reads_post_spikes() {
            horizon.fill(f64::NEG_INFINITY);
        }
    }
    /// Whether to report each transmitted spike with [`Delivery::record_weight`] (a weight
    /// recorder listens to the store). Stores that never change weights may ignore it.
    fn record_weights(&mut self, _on: bool) {}
    /// Calls `f` for every connection, finalized ones first, in creation order per source or
    /// row.
    fn each(&self, f: &mut dyn FnMut(Reported));
    /// NEST's name of the synapse model the store holds, for messages.
    fn model(&self) -> &'static str {
        "static_synapse"
    }
    /// The label of the store's connections (NEST's `synapse_label` of the `_lbl` models);
    /// `None` for unlabelled ones.
    fn label(&self) -> Option<u64> {
        None
    }
    /// The names of the connections' variables besides weight and delay (a plastic synapse's
    /// traces), which [`values`](Self::values) reads and [`set_value`](Self::set_value) sets.
    fn variables(&self) -> &'static [&'static str] {
        &[]
    }
    /// Appends each connection's weight or variable, in the order of [`each`](Self::each).
    fn values(&self, field: Field, out: &mut Vec<f64>) {
        match field {
            Field::Weight => self.each(&mut |r| out.push(r.weight)),
            Field::Variable(_) => {}
        }
    }
    /// Whether [`set_value`](Self::set_value) changes `field` of the store's connections.
    fn can_set(&self, _field: Field) -> bool {
        false
    }
    /// Sets the weight or a variable of connection `i` (in the order of [`each`](Self::each)).
    fn set_value(&mut self, _i: usize, field: Field, _value: f64) -> Result<()> {
        Err(unchangeable(self.model(), field))
    }
}

/// A connection's value read or set by name: its weight or one of its store's variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The weight.
    Weight,
    /// Variable `k` of [`ConnectionStore::variables`].
    Variable(usize),
}

/// Makes an empty store for each engine.
pub type StoreFactory = Arc<dyn Fn() -> Box<dyn ConnectionStore> + Send + Sync>;

/// Handle of a connection store added to a simulator; connect through it with
/// [`SynSpec::store`](crate::SynSpec::store).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreId(pub(crate) usize);

/// Index of the static spike synapses among an engine's stores.
pub(crate) const STATIC: usize = 0;
/// Index of the rate connections among an engine's stores.
pub(crate) const RATES: usize = 1;
/// Index of the static spike synapses onto channels that count spikes.
pub(crate) const COUNTED: usize = 2;
/// Index of the static spike synapses onto binary neurons' channels.
pub(crate) const TRANSITIONS: usize = 3;

/// The built-in store of static synapses onto channels of kind `input`.
pub(crate) fn static_for(input: SpikeInput) -> usize {
    match input {
        SpikeInput::Weight => STATIC,
        SpikeInput::Count => COUNTED,
        SpikeInput::Transition => TRANSITIONS,
    }
}

/// The error for a change of `field` that the connections of `model` do not take.
pub(crate) fn unchangeable(model: &str, field: Field) -> Error {
    let what = match field {
        Field::Weight => "weight",
        Field::Variable(_) => "variable",
    };
    Error::InvalidNodes(format!(
        "the {what} of {model} connections cannot be changed after they are made"
    ))
}
