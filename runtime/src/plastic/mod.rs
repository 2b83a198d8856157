//! Plastic spike synapses: a connection store whose synapses change their weight with every
//! presynaptic spike, by a [`PlasticRule`] that reads the target's spike archive
//! ([`crate::archive`]).
//!
//! NEST's semantics (models/stdp_synapse.h and siblings): the whole delay is dendritic; a
//! synapse acts when its presynaptic spike is delivered, after the slice in which it was sent,
//! so the target's spikes up to the spike's arrival are archived; the rule sees each unit of a
//! spike's multiplicity as a spike of its own. The delivery loop is the store's own: the
//! static synapses' loop is not touched.

use std::sync::Arc;

mod named;
pub use named::PlasticModel;

use crate::archive::PostHistory;
use crate::arrival::SpikeInput;
use crate::error::Result;
use crate::model::{ParamMeta, Parameters, StateMeta};
use crate::store::{
    ConnectionStore, Delivery, End, Field, Reported, StoreFactory, WeightEvent, Wire,
};

/// A synapse's variables besides its weight, by name (NEST's connection properties).
pub trait Variables {
    /// The variables' names.
    const NAMES: &'static [&'static str];
    /// Variable `k` of [`NAMES`](Self::NAMES).
    fn get(&self, k: usize) -> f64;
    /// Sets variable `k` of [`NAMES`](Self::NAMES).
    fn set(&mut self, k: usize, value: f64);
}

/// A plasticity rule: what a presynaptic spike does to a synapse.
pub trait PlasticRule: Clone + Send + Sync + 'static {
    /// The synapse's state besides its weight (traces, last spike time).
    type State: Clone + Copy + Default + Send + Sync + Variables + 'static;

    /// NEST's name of the synapse model, for messages.
    const MODEL: &'static str;

    /// Checks the rule's parameters (names, values and expected ranges in the error).
    fn validate(&self) -> Result<()> {
        Ok(())
    }

    /// The earliest time (ms) at which the synapse may next ask its target's archive: its
    /// last presynaptic spike minus the delay for NEST's rules. `-inf` (the default) keeps
    /// the whole archive.
    fn horizon(_state: &Self::State, _delay: f64) -> f64 {
        f64::NEG_INFINITY
    }

    /// Gives a new synapse's state its connection's serial number ([`Wire::serial`]), which
    /// keys the draws of stochastic rules. Nothing by default.
    fn init(_state: &mut Self::State, _serial: u64) {}

    /// A presynaptic spike through a synapse of weight `w`: updates the weight and the state;
    /// returns the weight the spike is sent with, or `None` when the synapse transmits
    /// nothing (a failure of a stochastic synapse).
    fn on_pre(&self, w: &mut f64, state: &mut Self::State, spike: &PreSpike<'_>) -> Option<f64>;
}

/// The number of successes of `n` draws with probability `p` each (`n` rounded down, at
/// least 0), drawn one by one as NEST's quantal_stp_synapse does.
pub fn binomial(draws: &mut crate::rng::Stream, n: f64, p: f64) -> f64 {
    let n = if n > 0.0 { n as u64 } else { 0 };
    (0..n).filter(|_| draws.uniform() < p).count() as f64
}

/// A presynaptic spike as a rule sees it.
pub struct PreSpike<'a> {
    /// The spike's time stamp in ms.
    pub t_spike: f64,
    /// The synapse's (dendritic) delay in ms.
    pub delay: f64,
    /// The target's spike archive.
    pub post: &'a PostHistory,
    /// The simulation's seed.
    pub seed: u64,
}

/// The key of a stochastic synapse's draws: its serial number and how many spikes it has
/// handled. Each spike draws from the stream `(seed, serial, count)`, so the draws do not
/// depend on the number of threads or on the order of delivery.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DrawKey {
    /// The connection's serial number ([`Wire::serial`]).
    pub serial: u64,
    /// The spikes handled so far.
    pub count: u64,
}

impl DrawKey {
    /// The stream of the next spike's draws.
    pub fn next_stream(&mut self, seed: u64) -> crate::rng::Stream {
        // A domain of its own among the simulation's streams.
        const SYNAPSES: u64 = 0x059A_95E5;
        let stream = crate::rng::Stream::new(seed, self.serial ^ (SYNAPSES << 40), self.count);
        self.count += 1;
        stream
    }
}

/// The state of a synapse declared with `synapse!`: the time of its last presynaptic spike
/// (ms; 0 before the first: spikes are stamped after time 0), the model's variables, and for
/// stochastic models the key of their draws (`K = ()` for the others: no memory).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Traced<V, K = ()> {
    /// Time of the last presynaptic spike in ms (0 before the first).
    pub t_last: f64,
    /// The model's variables as they were just after that spike.
    pub vars: V,
    /// What keys the synapse's draws.
    pub key: K,
}

impl<V: Variables, K> Variables for Traced<V, K> {
    const NAMES: &'static [&'static str] = V::NAMES;
    fn get(&self, k: usize) -> f64 {
        self.vars.get(k)
    }
    fn set(&mut self, k: usize, value: f64) {
        self.vars.set(k, value);
    }
}

/// What a synapse model declared with `synapse!` says about itself (for auditing, access by
/// name and the registry).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SynapseMeta {
    /// NEST's name.
    pub name: &'static str,
    /// The Rust type's name.
    pub rust_name: &'static str,
    /// Documentation from the model file.
    pub doc: &'static str,
    /// Parameters, shared by the synapses of a store.
    pub params: &'static [ParamMeta],
    /// Per-synapse variables besides the weight.
    pub state: &'static [StateMeta],
    /// The rules as written (`on post { .. }`, `on pre { .. }`).
    pub rules: &'static [&'static str],
    /// Documented differences from NEST: (name or topic, text).
    pub notes: &'static [(&'static str, &'static str)],
}

/// A synapse model declared with `synapse!`: its parameters are its rule.
pub trait SynapseModel {
    /// The parameters (NEST's names and defaults), which implement the rule.
    type Params: Parameters + PlasticRule;
    /// The model's description.
    const META: SynapseMeta;
}

/// One plastic synapse.
#[derive(Clone, Copy, Debug)]
struct Synapse<S> {
    source: u32,
    offset: u32,
    row: u32,
    delay: u16,
    /// The target's channel counts spikes (a parrot's): a spike adds one.
    counted: bool,
    receptor: u16,
    weight: f64,
    state: S,
}

/// Plastic synapses ending on one engine's nodes, by source (creation order within a source).
pub struct PlasticSynapses<R: PlasticRule> {
    rule: R,
    /// The state a new synapse starts with (the model's, or as set by name in its defaults).
    initial: R::State,
    /// The connections' `synapse_label` (the `_lbl` models).
    label: Option<u64>,
    synapses: Vec<Synapse<R::State>>,
    /// `start[n]..start[n + 1]`: the synapses of source `n` (built ones only).
    start: Vec<usize>,
    /// Synapses before this index are built into rows.
    built: usize,
    /// Whether a weight recorder listens.
    recording: bool,
}

impl<R: PlasticRule> PlasticSynapses<R> {
    /// An empty store of synapses following `rule`.
    pub fn new(rule: R) -> Self {
        Self::starting_at(rule, R::State::default())
    }

    /// An empty store of synapses following `rule` whose new synapses start in `initial`.
    pub fn starting_at(rule: R, initial: R::State) -> Self {
        PlasticSynapses {
            rule,
            initial,
            label: None,
            synapses: Vec::new(),
            start: Vec::new(),
            built: 0,
            recording: false,
        }
    }

    /// A factory of empty stores for [`Simulator::add_connection_store`](crate::Simulator::add_connection_store).
    pub fn factory(rule: R) -> StoreFactory {
        Self::factory_starting_at(rule, R::State::default())
    }

    /// A factory of empty stores whose new synapses start in `initial`.
    pub fn factory_starting_at(rule: R, initial: R::State) -> StoreFactory {
        Self::labelled_factory(rule, initial, None)
    }

    /// A factory of empty stores whose new synapses start in `initial` and carry `label`.
    pub fn labelled_factory(rule: R, initial: R::State, label: Option<u64>) -> StoreFactory {
        Arc::new(move || {
            let mut store = PlasticSynapses::starting_at(rule.clone(), initial);
            store.label = label;
            Box::new(store)
        })
    }
}

impl<R: PlasticRule> ConnectionStore for PlasticSynapses<R> {
    fn push(&mut self, wire: &Wire) {
        self.synapses.push(Synapse {
            source: wire.source,
            offset: wire.offset,
            row: wire.row,
            delay: wire.delay,
            counted: wire.input == SpikeInput::Count,
            receptor: wire.receptor,
            weight: wire.weight,
            state: {
                let mut state = self.initial;
                R::init(&mut state, wire.serial);
                state
            },
        });
    }
    fn len(&self) -> usize {
        self.synapses.len()
    }
    fn bytes(&self) -> usize {
        self.synapses.len() * std::mem::size_of::<Synapse<R::State>>() + self.start.len() * 8
    }
    fn reserve(&mut self, additional: usize) {
        self.synapses.reserve(additional);
    }
    fn bytes_per_new(&self, _drawn: bool) -> usize {
        std::mem::size_of::<Synapse<R::State>>()
    }
    fn mark(&self) -> usize {
        self.synapses.len()
    }
    fn truncate(&mut self, mark: usize) {
        self.synapses.truncate(mark.max(self.built));
    }
    fn finalize(&mut self, sources: usize, _rows: usize) {
        // A stable sort keeps creation order within each source.
        self.synapses.sort_by_key(|s| s.source);
        self.start = vec![0; sources + 1];
        for s in &self.synapses {
            self.start[s.source as usize + 1] += 1;
        }
        for n in 0..sources {
            self.start[n + 1] += self.start[n];
        }
        self.built = self.synapses.len();
    }
    fn deliver(&mut self, spikes: &[(u64, u32)], to: &mut Delivery<'_>) {
        let empty = PostHistory::default();
        let h = to.grid().h();
        for &(s, node) in spikes {
            let Some(range) = self.start.get(node as usize..node as usize + 2) else {
                continue;
            };
            let t_spike = to.grid().ms_of_step(s + 1);
            for syn in &mut self.synapses[range[0]..range[1]] {
                let spike = PreSpike {
                    t_spike,
                    delay: f64::from(syn.delay) * h,
                    post: to.archive(syn.row).unwrap_or(&empty),
                    seed: to.seed(),
                };
                let Some(sent) = (self.rule).on_pre(&mut syn.weight, &mut syn.state, &spike) else {
                    continue;
                };
                let value = if syn.counted { 1.0 } else { sent };
                to.add(s + u64::from(syn.delay), syn.offset, value);
                if self.recording {
                    to.record_weight(WeightEvent {
                        step: s,
                        source: node,
                        row: syn.row,
                        weight: sent,
                        receptor: syn.receptor,
                    });
                }
            }
        }
    }
    fn reads_post_spikes(&self) -> bool {
        true
    }
    fn post_horizon(&self, grid: &crate::time::Grid, horizon: &mut [f64]) {
        let h = grid.h();
        for syn in &self.synapses[..self.built] {
            let t = R::horizon(&syn.state, f64::from(syn.delay) * h);
            let at = &mut horizon[syn.row as usize];
            *at = at.min(t);
        }
    }
    fn record_weights(&mut self, on: bool) {
        self.recording = on;
    }
    fn model(&self) -> &'static str {
        R::MODEL
    }
    fn label(&self) -> Option<u64> {
        self.label
    }
    fn variables(&self) -> &'static [&'static str] {
        <R::State as Variables>::NAMES
    }
    fn values(&self, field: Field, out: &mut Vec<f64>) {
        out.extend(self.synapses.iter().map(|s| match field {
            Field::Weight => s.weight,
            Field::Variable(k) => s.state.get(k),
        }));
    }
    fn can_set(&self, _field: Field) -> bool {
        true
    }
    fn set_value(&mut self, i: usize, field: Field, value: f64) -> crate::error::Result<()> {
        let syn = &mut self.synapses[i];
        match field {
            Field::Weight => syn.weight = value,
            Field::Variable(k) => syn.state.set(k, value),
        }
        Ok(())
    }
    fn each(&self, f: &mut dyn FnMut(Reported)) {
        for s in &self.synapses {
            f(Reported {
                source: s.source,
                target: End::Offset(s.offset),
                weight: s.weight,
                delay: s.delay,
            });
        }
    }
}
