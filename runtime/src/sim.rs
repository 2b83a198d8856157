//! The simulator: populations split into per-thread shards, connections stored by source in
//! each shard, stimulation devices, recorders, and the step loop in min-delay slices.
//!
//! Each shard owns a contiguous part of every population, the ring buffer of their inputs and
//! the synapses that end on them, so delivery writes only thread-local memory. After each
//! slice the spikes of all shards are merged in (step, node) order and every shard delivers
//! them to its own targets: the order of every floating-point sum is the same for any number
//! of threads, so results are bitwise identical.

use std::io::IsTerminal;
use std::marker::PhantomData;
use std::time::Instant;

use rayon::prelude::*;

use crate::connect::{self, ConnSpec, SynSpec};
use crate::devices::{Device, DeviceRun, DeviceTarget, Stimulus, Window};
use crate::error::{Error, Result};
use crate::model::{Model, Parameters, Value};
use crate::nodes::{NodeCollection, Nodes};
use crate::population::{AnyChunk, Chunk, StepError, chunk_range, locate, non_finite};
use crate::rate::{NodeKind, RateEntry, RateHistory, RateSynapses, StepCtx, SynapseModel};
use crate::record::{SampleSteps, Sampling, SpikeData, Trace};
use crate::ring::Ring;
use crate::synapses::Synapses;
use crate::time::Grid;
use crate::units::{Current, Time};

/// Settings of a simulation (NEST: resolution, local_num_threads, rng_seed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Config {
    /// Resolution h.
    pub resolution: Time,
    /// Worker threads; results do not depend on it.
    pub threads: usize,
    /// Seed of every random stream.
    pub seed: u64,
    /// Show a progress bar during `simulate` when standard output is a terminal.
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            resolution: Time::new(0.1),
            threads: 1,
            seed: 1,
            progress: true,
        }
    }
}

/// A `spike_generator` connected to neurons: spikes at the given times, each delivered with
/// `weight` after `delay`.
#[derive(Clone, Debug, PartialEq)]
pub struct SpikeTrain {
    /// Spike times in ms: strictly positive and on the grid (NEST rejects t = 0 and off-grid
    /// times unless `allow_offgrid_times`, which rounds up to the grid).
    pub times: Vec<f64>,
    /// Synaptic weight in the model's spike unit (pA for current synapses, mV for delta).
    pub weight: f64,
    /// Delay in ms, rounded half-up to steps; must be at least one step.
    pub delay: Time,
    /// Receptor type.
    pub receptor: usize,
    /// Round off-grid times up to the grid instead of rejecting them.
    pub allow_offgrid_times: bool,
}

impl SpikeTrain {
    /// Spikes at `times` (ms) with `weight`, delay 1 ms, receptor 0.
    pub fn new(times: &[f64], weight: f64) -> Self {
        Self {
            times: times.to_vec(),
            weight,
            delay: Time::new(1.0),
            receptor: 0,
            allow_offgrid_times: false,
        }
    }
    /// The same train with another delay.
    pub fn delay(mut self, delay: Time) -> Self {
        self.delay = delay;
        self
    }
}

/// A `dc_generator` connected to neurons.
#[derive(Clone, Debug, PartialEq)]
pub struct DcInput {
    /// Amplitude.
    pub amplitude: Current,
    /// Activation time (NEST `start`, ms).
    pub start: Time,
    /// Deactivation time (NEST `stop`, ms; infinity for never).
    pub stop: Time,
    /// Connection delay.
    pub delay: Time,
    /// Current receptor.
    pub receptor: usize,
}

impl DcInput {
    /// A constant current from `start` = 0 on, never stopping, delay 1 ms, receptor 0.
    pub fn new(amplitude: Current) -> Self {
        Self {
            amplitude,
            start: Time::new(0.0),
            stop: Time::new(f64::INFINITY),
            delay: Time::new(1.0),
            receptor: 0,
        }
    }
}

/// One synapse as [`Simulator::connections`] reports it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Connection {
    /// NEST global id of the source.
    pub source: usize,
    /// NEST global id of the target.
    pub target: usize,
    /// Weight.
    pub weight: f64,
    /// Effective delay in ms (rounded to the grid).
    pub delay: f64,
}

/// Handle of a multimeter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceId(usize);

/// Handle of a spike recorder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpikeRecorderId(usize);

/// Handle of a stimulation device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceId(pub(crate) usize);

/// What a population looks like from the simulator.
struct PopInfo {
    name: &'static str,
    n: usize,
    first_node: usize,
    state_names: Vec<&'static str>,
    kind: NodeKind,
    /// Index of the first neuron in the rate history (rate and diffusion kinds).
    rate_first: u32,
}

/// A multimeter's neurons in one shard: (index in the trace, population, local index).
struct MeterPart {
    id: usize,
    steps: SampleSteps,
    vars: Vec<usize>,
    items: Vec<(usize, usize, usize)>,
    /// values[item][var] series for this simulate call.
    values: Vec<Vec<Vec<f64>>>,
}

/// One thread's share of the network.
struct Shard {
    index: usize,
    chunks: Vec<Box<dyn AnyChunk>>,
    /// First neuron (index within its population) of each chunk.
    chunk_start: Vec<usize>,
    /// Ring offset of each chunk.
    offsets: Vec<usize>,
    width: usize,
    ring: Ring,
    synapses: Synapses,
    devices: Vec<DeviceRun>,
    meters: Vec<MeterPart>,
    spikes: Vec<(u64, u32)>,
    spiked: Vec<usize>,
    /// Rate connections ending on this shard's nodes.
    rate_synapses: RateSynapses,
    /// Outputs of this shard's rate nodes computed in the current slice, step by step, in
    /// the order of `rate_nodes`.
    rate_out: Vec<f64>,
    /// History index of each rate node of this shard, in chunk order.
    rate_nodes: Vec<u32>,
    /// The first failed update: (step, population, node, reason).
    failure: Option<(u64, usize, usize, &'static str)>,
    /// A kernel backend's error, which stops the run.
    backend_error: Option<Error>,
    /// Seconds spent emitting device input.
    device_time: f64,
    /// Whether RKF45 models update in SIMD lanes.
    lanes: bool,
}

impl Shard {
    fn run(&mut self, from: u64, to: u64, seed: u64, first_nodes: &[usize], rates: &RateHistory) {
        self.spikes.clear();
        self.rate_out.clear();
        self.failure = None;
        self.backend_error = None;
        for s in from..to {
            let ring = &mut self.ring;
            if !self.devices.is_empty() {
                let t = Instant::now();
                for d in &mut self.devices {
                    d.emit(s, seed, ring);
                }
                self.device_time += t.elapsed().as_secs_f64();
            }
            let slot = ring.slot_mut(s);
            let mut row_base = 0;
            for (p, chunk) in self.chunks.iter_mut().enumerate() {
                let n = chunk.len();
                let rows = row_base..row_base + n;
                row_base += n;
                if n == 0 {
                    continue;
                }
                let off = self.offsets[p];
                let nch = chunk.n_channels();
                let width = n * nch;
                let inputs = &mut slot[off..off + width];
                let kind = chunk.kind();
                if kind != NodeKind::Spiking {
                    gather_rates(&self.rate_synapses, rates, s, rows, chunk.as_ref(), inputs);
                }
                self.spiked.clear();
                let base = first_nodes[p] + self.chunk_start[p];
                let ctx = StepCtx {
                    step: s,
                    seed,
                    first_node: base,
                    lanes: self.lanes,
                };
                match chunk.update(inputs, &mut self.spiked, &ctx) {
                    Ok(()) => {}
                    Err(StepError::Neuron(f)) => {
                        self.failure = Some((s, p, base + f.neuron, f.reason));
                        return;
                    }
                    Err(StepError::Backend(e)) => {
                        self.backend_error = Some(e);
                        return;
                    }
                }
                if kind != NodeKind::Spiking {
                    let at = self.rate_out.len();
                    self.rate_out.resize(at + n, 0.0);
                    chunk.rate_outputs(&ctx.next(), &mut self.rate_out[at..]);
                }
                self.spikes
                    .extend(self.spiked.iter().map(|&i| (s, (base + i) as u32)));
            }
            for m in &mut self.meters {
                if m.steps.takes(s) {
                    for (k, &(_, p, i)) in m.items.iter().enumerate() {
                        for (v, &var) in m.vars.iter().enumerate() {
                            m.values[k][v].push(self.chunks[p].state(var, i));
                        }
                    }
                }
            }
        }
    }

    fn deliver(&mut self, spikes: &[(u64, u32)]) {
        self.synapses.deliver(spikes, &mut self.ring);
    }
}

/// Runs `f` on every shard: on the pool's threads when there is one, in order otherwise.
fn each_shard(
    pool: Option<&rayon::ThreadPool>,
    shards: &mut [Shard],
    f: impl Fn(&mut Shard) + Send + Sync,
) {
    match pool {
        Some(pool) => pool.install(|| shards.par_iter_mut().for_each(f)),
        None => shards.iter_mut().for_each(f),
    }
}

/// A delay in whole steps as the synapse tables hold it (u16).
fn table_delay(grid: &Grid, d_ms: f64) -> Result<u16> {
    let steps = grid.delay_steps(d_ms)?;
    u16::try_from(steps).map_err(|_| Error::InvalidTime {
        name: "delay",
        value: d_ms,
        expected: format!("at most {} steps", u16::MAX),
    })
}

/// A connection weight, which must be finite.
fn finite_weight(model: &'static str, w: f64) -> Result<f64> {
    if w.is_finite() {
        Ok(w)
    } else {
        Err(Error::InvalidParameter {
            model,
            name: "weight".into(),
            value: w,
            unit: "",
            expected: "a finite weight".into(),
        })
    }
}

/// What a node of this kind sends.
fn sends(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Spiking => "spikes",
        NodeKind::Rate => "rates",
        NodeKind::Diffusion => "rates for diffusion connections",
    }
}

/// Adds the rate input of step `s` to the input channels of a rate chunk's neurons (`rows`
/// are their rows in the shard's rate synapses).
fn gather_rates(
    syn: &RateSynapses,
    rates: &RateHistory,
    s: u64,
    rows: std::ops::Range<usize>,
    chunk: &dyn AnyChunk,
    inputs: &mut [f64],
) {
    if syn.start.len() <= rows.start + 1 {
        return;
    }
    let nch = chunk.n_channels();
    for (j, row) in rows.enumerate() {
        if row + 1 >= syn.start.len() {
            break;
        }
        let transforms = chunk.transforms_inputs(j);
        for k in syn.start[row] as usize..syn.start[row + 1] as usize {
            let d = syn.delay[k] as u64;
            if d > s {
                continue; // nothing was sent before the simulation started
            }
            let mut v = rates.get(s - d, syn.source[k]);
            if transforms {
                v = chunk.rate_transform(j, v);
            }
            let ch = j * nch + syn.channel[k] as usize;
            inputs[ch] += syn.weight[k] * v;
            if syn.weight2[k] != 0.0 {
                inputs[ch + 1] += syn.weight2[k] * v;
            }
        }
    }
}

struct SpikeRecorder {
    nodes: Vec<bool>,
    t_min: i64,
    t_max: i64,
    data: SpikeData,
}

struct Meter {
    steps: SampleSteps,
    trace: Trace,
}

/// A simulation on NEST's time grid.
pub struct Simulator {
    grid: Grid,
    threads: usize,
    seed: u64,
    progress: bool,
    step: u64,
    pops: Vec<PopInfo>,
    n_nodes: usize,
    shards: Vec<Shard>,
    pool: Option<rayon::ThreadPool>,
    connect_calls: u64,
    min_delay: Option<u64>,
    max_delay: u64,
    n_devices: usize,
    spike_recorders: Vec<SpikeRecorder>,
    meters: Vec<Meter>,
    /// Number of rate and diffusion nodes.
    n_rate_nodes: u32,
    /// Values sent by rate nodes, by step.
    rate_history: RateHistory,
    /// Wall time spent in each phase of `simulate` so far.
    times: PhaseTimes,
}

/// Wall-clock seconds `simulate` spent in each of its phases, summed over all calls.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PhaseTimes {
    /// Updating the neurons (all threads in parallel), including the input generators.
    pub update: f64,
    /// Of `update`: the stimulation devices' emission (the threads' mean).
    pub devices: f64,
    /// Merging the threads' spikes, recording them, exchanging rates.
    pub exchange: f64,
    /// Delivering spikes through the synapses into the ring buffers (in parallel).
    pub delivery: f64,
}

impl Simulator {
    /// A single-threaded simulator with resolution `h` and seed 1.
    pub fn new(h: Time) -> Result<Self> {
        Self::with_config(Config {
            resolution: h,
            ..Config::default()
        })
    }

    /// A simulator with the given settings.
    pub fn with_config(config: Config) -> Result<Self> {
        let grid = Grid::new(config.resolution.value())?;
        if config.threads == 0 || config.threads > 1024 {
            return Err(Error::InvalidParameter {
                model: "simulator",
                name: "threads".into(),
                value: config.threads as f64,
                unit: "",
                expected: "between 1 and 1024".into(),
            });
        }
        let pool = if config.threads > 1 {
            Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(config.threads)
                    .build()
                    .map_err(|e| {
                        Error::InvalidNodes(format!("cannot start {} threads: {e}", config.threads))
                    })?,
            )
        } else {
            None
        };
        let shards = (0..config.threads)
            .map(|index| Shard {
                index,
                chunks: Vec::new(),
                chunk_start: Vec::new(),
                offsets: Vec::new(),
                width: 0,
                ring: Ring::default(),
                synapses: Synapses::default(),
                devices: Vec::new(),
                meters: Vec::new(),
                spikes: Vec::new(),
                spiked: Vec::new(),
                rate_synapses: RateSynapses::default(),
                rate_out: Vec::new(),
                rate_nodes: Vec::new(),
                failure: None,
                backend_error: None,
                device_time: 0.0,
                lanes: true,
            })
            .collect();
        Ok(Self {
            grid,
            threads: config.threads,
            seed: config.seed,
            progress: config.progress,
            step: 0,
            pops: Vec::new(),
            n_nodes: 0,
            shards,
            pool,
            connect_calls: 0,
            min_delay: None,
            max_delay: 1,
            n_devices: 0,
            spike_recorders: Vec::new(),
            meters: Vec::new(),
            n_rate_nodes: 0,
            rate_history: RateHistory::default(),
            times: PhaseTimes::default(),
        })
    }

    /// The time grid.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// Current simulation time in ms.
    pub fn time(&self) -> f64 {
        self.grid.ms_of_step(self.step)
    }

    /// Number of worker threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Number of neurons created.
    pub fn num_nodes(&self) -> usize {
        self.n_nodes
    }

    /// Number of synapses between neurons (spike and rate connections).
    pub fn num_synapses(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.synapses.len() + s.rate_synapses.len())
            .sum()
    }

    /// Bytes held by synapse tables and by ring buffers and the rate history (after the last
    /// `simulate`).
    pub fn memory_bytes(&self) -> (usize, usize) {
        (
            self.shards
                .iter()
                .map(|s| s.synapses.bytes() + s.rate_synapses.bytes())
                .sum(),
            self.shards.iter().map(|s| s.ring.bytes()).sum::<usize>() + self.rate_history.bytes(),
        )
    }

    /// Wall time spent in each phase of `simulate` so far.
    pub fn phase_times(&self) -> PhaseTimes {
        let mut t = self.times;
        t.devices =
            self.shards.iter().map(|s| s.device_time).sum::<f64>() / self.shards.len() as f64;
        t
    }

    /// Minimum delay over all connections between neurons, in steps (None if there are none).
    pub fn min_delay_steps(&self) -> Option<u64> {
        self.min_delay
    }

    /// Creates `n` neurons of model `M` with parameters `params` (validated).
    ///
    /// The initial state comes from the model's *default* parameters, as in NEST: creating an
    /// `iaf_psc_alpha` with `E_L = -65 mV` leaves `V_m` at -70 mV.
    pub fn create<M: Model>(&mut self, n: usize, params: M::Params) -> Result<Nodes<M>> {
        if n == 0 {
            return Err(Error::InvalidNodes(format!(
                "cannot create 0 {} neurons",
                M::META.name
            )));
        }
        params.validate()?;
        let pop = self.pops.len();
        for shard in &mut self.shards {
            let r = chunk_range(n, self.threads, shard.index);
            let chunk = Chunk::<M>::new(r.len(), params.clone());
            shard.offsets.push(shard.width);
            shard.width += r.len() * M::N_CHANNELS;
            shard.chunk_start.push(r.start);
            shard.chunks.push(Box::new(chunk));
        }
        let first_node = self.n_nodes;
        let rate_first = self.n_rate_nodes;
        if M::KIND != NodeKind::Spiking {
            self.n_rate_nodes = u32::try_from(n)
                .ok()
                .and_then(|n| self.n_rate_nodes.checked_add(n))
                .ok_or_else(|| Error::InvalidNodes("more than 2^32 rate neurons".into()))?;
        }
        self.pops.push(PopInfo {
            name: M::META.name,
            n,
            first_node,
            state_names: M::META.state.iter().map(|s| s.name).collect(),
            kind: M::KIND,
            rate_first,
        });
        self.n_nodes += n;
        Ok(Nodes {
            pop,
            start: 0,
            len: n,
            first_node,
            _model: PhantomData,
        })
    }

    /// Chooses how RKF45 models (aeif, conductance-based, hh) are updated: four neurons at
    /// once, in SIMD lanes, each with its own sub-steps and parameters (`true`, the default),
    /// or one neuron after the other. The results are the same bit for bit; only the speed
    /// differs (benches/RESULTS.md). Other models are not affected.
    pub fn set_simd_lanes(&mut self, on: bool) {
        for sh in &mut self.shards {
            sh.lanes = on;
        }
    }

    /// Runs the update of every population that `nodes` touch through `runner`, which executes
    /// the model's kernel source ([`Model::KERNEL`]) on flat buffers, instead of the Rust
    /// kernel; `None` goes back to the Rust kernel. Whole populations switch, also neurons of
    /// them outside `nodes`. Delivery, devices and recording are unchanged; each thread calls
    /// the runner on its own neurons.
    ///
    /// # Errors
    /// [`Error::NoKernel`] for models without kernel source (rate models); nothing changes then.
    pub fn set_kernel_runner(
        &mut self,
        nodes: impl Into<NodeCollection>,
        runner: Option<std::sync::Arc<dyn crate::kernel::KernelRunner>>,
    ) -> Result<()> {
        let nodes = nodes.into();
        let mut pops: Vec<usize> = nodes.segments.iter().map(|s| s.pop).collect();
        pops.sort_unstable();
        pops.dedup();
        if let Some(&p) = pops.iter().find(|&&p| self.pops.get(p).is_none()) {
            return Err(Error::InvalidNodes(format!(
                "population {p} is not from this simulator"
            )));
        }
        // Check every population first, so that an error changes nothing.
        for &p in &pops {
            if let Some(sh) = self.shards.first() {
                sh.chunks[p].can_run_kernel()?;
            }
        }
        for &p in &pops {
            for shard in &mut self.shards {
                shard.chunks[p].set_runner(runner.clone())?;
            }
        }
        Ok(())
    }

    fn check_nodes<M: Model>(&self, nodes: &Nodes<M>) -> Result<()> {
        match self.pops.get(nodes.pop) {
            Some(p) if p.name == M::META.name && nodes.start + nodes.len <= p.n => Ok(()),
            _ => Err(Error::InvalidNodes(
                "selection from another simulator".into(),
            )),
        }
    }

    /// Runs `f` on each (shard, local range) covering population `pop`'s neurons `range`.
    fn for_chunks(
        &mut self,
        pop: usize,
        range: std::ops::Range<usize>,
        mut f: impl FnMut(&mut Box<dyn AnyChunk>, std::ops::Range<usize>) -> Result<()>,
    ) -> Result<()> {
        for shard in &mut self.shards {
            let own = chunk_range(self.pops[pop].n, self.threads, shard.index);
            let a = range.start.max(own.start);
            let b = range.end.min(own.end);
            if a < b {
                f(&mut shard.chunks[pop], (a - own.start)..(b - own.start))?;
            }
        }
        Ok(())
    }

    fn chunk_of(&self, pop: usize, i: usize) -> (&dyn AnyChunk, usize) {
        let (t, j) = locate(self.pops[pop].n, self.threads, i);
        (self.shards[t].chunks[pop].as_ref(), j)
    }

    /// Replaces the parameter set of `nodes` (unit-typed fields; validated).
    pub fn set_params<M: Model>(&mut self, nodes: &Nodes<M>, params: M::Params) -> Result<()> {
        self.check_nodes(nodes)?;
        params.validate()?;
        self.for_chunks(nodes.pop, nodes.range(), |chunk, r| {
            let c = chunk
                .as_any_mut()
                .downcast_mut::<Chunk<M>>()
                .ok_or_else(|| Error::InvalidNodes("model mismatch".into()))?;
            c.assign(r, params.clone());
            Ok(())
        })
    }

    /// Sets one parameter or state variable by NEST name, as a number in its declared unit or a
    /// switch.
    pub fn set<M: Model>(
        &mut self,
        nodes: &Nodes<M>,
        name: &str,
        value: impl Into<Value>,
    ) -> Result<()> {
        self.check_nodes(nodes)?;
        let value = value.into();
        // Parameters, including the other names a model's parameter set accepts.
        if M::META.param(name).is_ok() || M::Params::default().get(name).is_ok() {
            // Validate on a copy of every affected set before changing anything.
            for i in nodes.range() {
                let (chunk, j) = self.chunk_of(nodes.pop, i);
                let mut p = chunk
                    .as_any()
                    .downcast_ref::<Chunk<M>>()
                    .map(|c| c.params_of(j).clone())
                    .unwrap_or_default();
                p.set(name, value)?;
                p.validate()?;
            }
            return self.for_chunks(nodes.pop, nodes.range(), |chunk, r| {
                chunk.set_param(r, name, value)
            });
        }
        let var = M::META.state_index(name).map_err(|_| Error::UnknownName {
            model: M::META.name,
            kind: "parameter or state variable",
            name: name.to_string(),
            known: M::META
                .params
                .iter()
                .map(|p| p.name)
                .chain(M::META.state.iter().map(|s| s.name))
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        let Value::Number(v) = value else {
            return Err(Error::WrongValueKind {
                model: M::META.name,
                name: name.to_string(),
                expected: format!("a number in {}", M::META.state[var].unit),
                got: value.to_string(),
            });
        };
        if !v.is_finite() {
            return Err(Error::InvalidParameter {
                model: M::META.name,
                name: name.to_string(),
                value: v,
                unit: M::META.state[var].unit,
                expected: "a finite value".into(),
            });
        }
        self.for_chunks(nodes.pop, nodes.range(), |chunk, r| {
            for i in r {
                chunk.set_state(var, i, v);
            }
            Ok(())
        })
    }

    /// The parameter set of the first neuron of `node`.
    pub fn params<M: Model>(&self, node: &Nodes<M>) -> Result<M::Params> {
        self.check_nodes(node)?;
        let (chunk, j) = self.chunk_of(node.pop, node.start);
        chunk
            .as_any()
            .downcast_ref::<Chunk<M>>()
            .map(|c| c.params_of(j).clone())
            .ok_or_else(|| Error::InvalidNodes("model mismatch".into()))
    }

    /// A parameter or state variable (by NEST name) of each selected neuron.
    pub fn get<M: Model>(&self, nodes: &Nodes<M>, name: &str) -> Result<Vec<Value>> {
        self.check_nodes(nodes)?;
        let is_param = M::META.param(name).is_ok() || M::Params::default().get(name).is_ok();
        let var = if is_param {
            0
        } else {
            M::META.state_index(name)?
        };
        nodes
            .range()
            .map(|i| {
                let (chunk, j) = self.chunk_of(nodes.pop, i);
                if is_param {
                    chunk.get_param(j, name)
                } else {
                    Ok(Value::Number(chunk.state(var, j)))
                }
            })
            .collect()
    }

    /// Number of distinct parameter sets (and thus propagators) in the population of `nodes`.
    pub fn parameter_groups<M: Model>(&self, nodes: &Nodes<M>) -> Result<usize> {
        self.check_nodes(nodes)?;
        // Each shard keeps its own groups; count the sets distinct across shards.
        let mut distinct: Vec<&M::Params> = Vec::new();
        for shard in &self.shards {
            let chunk = shard.chunks[nodes.pop]
                .as_any()
                .downcast_ref::<Chunk<M>>()
                .ok_or_else(|| Error::InvalidNodes("model mismatch".into()))?;
            if chunk.len() == 0 {
                continue;
            }
            for p in chunk.parameter_sets() {
                if !distinct.contains(&p) {
                    distinct.push(p);
                }
            }
        }
        Ok(distinct.len())
    }

    /// Connects every neuron of `pre` to neurons of `post` by `rule` (NEST's `Connect`).
    /// Returns the number of synapses created.
    pub fn connect(
        &mut self,
        pre: impl Into<NodeCollection>,
        post: impl Into<NodeCollection>,
        rule: impl Into<ConnSpec>,
        syn: SynSpec,
    ) -> Result<usize> {
        let (pre, post, spec) = (pre.into(), post.into(), rule.into());
        let src: Vec<usize> = pre.node_indices().collect();
        let tgt: Vec<(usize, usize, usize)> = post.iter().collect();
        let tgt_nodes: Vec<usize> = tgt.iter().map(|t| t.2).collect();
        let call = self.connect_calls;
        let pairs = connect::pairs(
            &spec,
            src.len(),
            tgt.len(),
            &src,
            &tgt_nodes,
            self.seed,
            connect::Drawer::Connect(call),
        )?;
        let drawer = connect::Drawer::Connect(call);
        let values = connect::values(&spec, &syn, &pairs, &src, &tgt_nodes, self.seed, drawer)?;
        let src_pops: Vec<(usize, usize)> = pre.iter().map(|(p, i, _)| (p, i)).collect();
        self.check_kinds(&syn, &src_pops, &tgt)?;
        if syn.model != SynapseModel::Static {
            let n = self.connect_rates(&syn, &pairs, &values, &src_pops, &tgt)?;
            self.connect_calls += 1;
            return Ok(n);
        }
        // Synapses go straight into the shards; an error drops them again, so that a failed
        // call leaves no partial network.
        let marks: Vec<usize> = self.shards.iter().map(|sh| sh.synapses.mark()).collect();
        let stored = self.store_synapses(&syn, &pairs, &values, &src, &tgt);
        if stored.is_err() {
            for (sh, &m) in self.shards.iter_mut().zip(&marks) {
                sh.synapses.truncate(m);
            }
        }
        let (dmin, dmax) = stored?;
        let n = pairs.len();

        if n > 0 {
            self.min_delay = Some(self.min_delay.map_or(dmin, |m| m.min(dmin)));
            self.max_delay = self.max_delay.max(dmax);
        }
        self.connect_calls += 1;
        Ok(n)
    }

    /// Stores the spike synapses of one connect call in their shards; returns the smallest and
    /// largest delay in steps.
    fn store_synapses(
        &mut self,
        syn: &SynSpec,
        pairs: &[(u32, u32)],
        values: &connect::Values,
        src: &[usize],
        tgt: &[(usize, usize, usize)],
    ) -> Result<(u64, u64)> {
        let (mut dmin, mut dmax) = (u64::MAX, 0u64);
        let mut delay_cache: Option<(f64, u16)> = None;
        for (k, &(s, t)) in pairs.iter().enumerate() {
            let (pop, i, _) = tgt[t as usize];
            let (w, d_ms) = values.get(k);
            let d = match delay_cache {
                Some((ms, st)) if ms == d_ms => st,
                _ => {
                    let st = table_delay(&self.grid, d_ms)?;
                    delay_cache = Some((d_ms, st));
                    st
                }
            };
            let w = finite_weight("connect", w)?;
            let (shard, j) = locate(self.pops[pop].n, self.threads, i);
            let sh = &mut self.shards[shard];
            let chunk = &sh.chunks[pop];
            let ch = chunk.spike_channel(syn.receptor, w)?;
            let offset = sh.offsets[pop] + j * chunk.n_channels() + ch;
            sh.synapses
                .push(src[s as usize] as u32, offset as u32, w, d);
            dmin = dmin.min(u64::from(d));
            dmax = dmax.max(u64::from(d));
        }
        Ok((dmin, dmax))
    }

    /// Checks that both ends of every connection can exchange what `syn`'s model carries.
    fn check_kinds(
        &self,
        syn: &SynSpec,
        src: &[(usize, usize)],
        tgt: &[(usize, usize, usize)],
    ) -> Result<()> {
        let kind = syn.model.node_kind();
        let mut pre_pops: Vec<usize> = src.iter().map(|s| s.0).collect();
        pre_pops.dedup();
        let mut post_pops: Vec<usize> = tgt.iter().map(|t| t.0).collect();
        post_pops.dedup();
        let first_post = post_pops.first().map_or("", |&p| self.pops[p].name);
        let first_pre = pre_pops.first().map_or("", |&p| self.pops[p].name);
        for &p in &pre_pops {
            let pk = self.pops[p].kind;
            if pk != kind {
                return Err(Error::Incompatible {
                    synapse: syn.model.nest_name(),
                    pre: self.pops[p].name,
                    post: first_post,
                    reason: format!(
                        "{} sends {}, which {} does not carry",
                        self.pops[p].name,
                        sends(pk),
                        syn.model.nest_name()
                    ),
                });
            }
        }
        for &p in &post_pops {
            let pk = self.pops[p].kind;
            if pk != kind {
                return Err(Error::Incompatible {
                    synapse: syn.model.nest_name(),
                    pre: first_pre,
                    post: self.pops[p].name,
                    reason: format!("{} accepts {}", self.pops[p].name, pk.accepts()),
                });
            }
        }
        Ok(())
    }

    /// Stores rate, delayed-rate or diffusion connections (kinds already checked).
    fn connect_rates(
        &mut self,
        syn: &SynSpec,
        pairs: &[(u32, u32)],
        values: &connect::Values,
        src: &[(usize, usize)],
        tgt: &[(usize, usize, usize)],
    ) -> Result<usize> {
        let name = syn.model.nest_name();
        let bad = |what: &str, value: f64, expected: String| Error::InvalidParameter {
            model: name,
            name: what.into(),
            value,
            unit: if what == "delay" { "ms" } else { "" },
            expected,
        };
        let mut per_shard: Vec<Vec<RateEntry>> = vec![Vec::new(); self.threads];
        for (k, &(s, t)) in pairs.iter().enumerate() {
            let (w, d_ms) = values.get(k);
            let d = match syn.model {
                SynapseModel::RateDelayed => table_delay(&self.grid, d_ms)?,
                _ if d_ms != 0.0 => {
                    return Err(bad(
                        "delay",
                        d_ms,
                        "no delay: this connection acts within the step (use rate_connection_delayed for a delay)".into(),
                    ));
                }
                _ => 0,
            };
            let (w, w2) = match syn.model {
                SynapseModel::Diffusion {
                    drift_factor,
                    diffusion_factor,
                } => {
                    if w != 1.0 {
                        return Err(bad(
                            "weight",
                            w,
                            "no weight: set drift_factor and diffusion_factor instead".into(),
                        ));
                    }
                    for (what, v) in [
                        ("drift_factor", drift_factor),
                        ("diffusion_factor", diffusion_factor),
                    ] {
                        if !v.is_finite() {
                            return Err(bad(what, v, "a finite value".into()));
                        }
                    }
                    (drift_factor, diffusion_factor)
                }
                _ => (finite_weight(name, w)?, 0.0),
            };
            let (spop, si) = src[s as usize];
            let source = self.pops[spop].rate_first + si as u32;
            let (pop, i, _) = tgt[t as usize];
            let (shard, j) = locate(self.pops[pop].n, self.threads, i);
            let sh = &self.shards[shard];
            let mut ch = sh.chunks[pop].rate_channel(syn.model, w)?;
            if d > 0 {
                ch += 2; // delayed input has its own channels after the instantaneous ones
            }
            let row: usize = sh.chunks[..pop].iter().map(|c| c.len()).sum::<usize>() + j;
            per_shard[shard].push((row as u32, source, w, w2, d, ch as u8));
        }
        for (shard, list) in self.shards.iter_mut().zip(per_shard) {
            for (row, source, w, w2, d, ch) in list {
                shard.rate_synapses.add(row, source, w, w2, d, ch);
            }
        }
        Ok(pairs.len())
    }

    /// The synapses from neurons of `pre`, as NEST's GetConnections reports them: source and
    /// target as 1-based global ids, the weight, the effective delay in ms (after rounding to
    /// steps; 0 for instantaneous rate connections). Rate connections are included; a diffusion
    /// connection reports its drift factor as weight. Synapses made since the last `simulate`
    /// are included.
    pub fn connections(&self, pre: impl Into<NodeCollection>) -> Vec<Connection> {
        let pre = pre.into();
        let mut wanted = vec![false; self.n_nodes];
        for i in pre.node_indices() {
            wanted[i] = true;
        }
        let mut out = Vec::new();
        for shard in &self.shards {
            let target_of = |offset: u32| -> usize {
                let off = offset as usize;
                // The chunk whose part of the ring slot holds this offset.
                let p = (0..shard.chunks.len())
                    .find(|&q| {
                        let width = shard.chunks[q].len() * shard.chunks[q].n_channels();
                        shard.offsets[q] <= off && off < shard.offsets[q] + width
                    })
                    .unwrap_or(0);
                let j = (off - shard.offsets[p]) / shard.chunks[p].n_channels();
                self.pops[p].first_node + shard.chunk_start[p] + j
            };
            let syn = &shard.synapses;
            let mut push = |src: usize, tgt: u32, w: f64, d: u16| {
                if wanted.get(src).copied().unwrap_or(false) {
                    out.push(Connection {
                        source: src + 1,
                        target: target_of(tgt) + 1,
                        weight: w,
                        delay: self.grid.ms_of_step(d as u64),
                    });
                }
            };
            syn.for_each(&mut push);
            // Rate connections, by target row; the weight of a diffusion connection is its
            // drift factor, and instantaneous ones have delay 0.
            for (row, source, w, _, d, _) in shard.rate_synapses.entries() {
                let src = self
                    .pops
                    .iter()
                    .find(|p| {
                        p.kind != NodeKind::Spiking
                            && p.rate_first <= source
                            && source < p.rate_first + p.n as u32
                    })
                    .map(|p| p.first_node + (source - p.rate_first) as usize);
                let Some(src) = src.filter(|&s| wanted.get(s).copied().unwrap_or(false)) else {
                    continue;
                };
                let mut rest = row as usize;
                let mut target = None;
                for (p, chunk) in shard.chunks.iter().enumerate() {
                    if rest < chunk.len() {
                        target = Some(self.pops[p].first_node + shard.chunk_start[p] + rest);
                        break;
                    }
                    rest -= chunk.len();
                }
                if let Some(t) = target {
                    out.push(Connection {
                        source: src + 1,
                        target: t + 1,
                        weight: w,
                        delay: self.grid.ms_of_step(d as u64),
                    });
                }
            }
        }
        out.sort_by_key(|c| (c.source, c.target));
        out
    }

    /// Connects a stimulation device to `targets` with `syn` (weight scales the current or the
    /// spike; delay as for synapses).
    pub fn stimulate(
        &mut self,
        device: impl Into<Device>,
        targets: impl Into<NodeCollection>,
        syn: SynSpec,
    ) -> Result<DeviceId> {
        let device = device.into();
        let targets = targets.into();
        if targets.is_empty() {
            return Err(Error::InvalidNodes(format!(
                "{} has no targets",
                device.stimulus.nest_name()
            )));
        }
        let stamps = device.validate(&self.grid)?;
        if let Stimulus::SpikeTimes { .. } = device.stimulus {
            if let Some(&first) = stamps.first() {
                if first <= self.step as i64 {
                    return Err(Error::InvalidTime {
                        name: "spike_times",
                        value: self.grid.ms_of_step(first as u64),
                        expected: format!("times after the current time {} ms", self.time()),
                    });
                }
            }
        }
        let id = self.n_devices as u64;
        let tgt: Vec<(usize, usize, usize)> = targets.iter().collect();
        let pairs: Vec<(u32, u32)> = (0..tgt.len() as u32).map(|k| (0, k)).collect();
        let nodes: Vec<usize> = tgt.iter().map(|t| t.2).collect();
        let spec = ConnSpec::from(connect::Rule::AllToAll);
        let values = connect::values(
            &spec,
            &syn,
            &pairs,
            &[usize::MAX],
            &nodes,
            self.seed,
            connect::Drawer::Device(id),
        )?;
        let mut per_shard: Vec<Vec<DeviceTarget>> = vec![Vec::new(); self.threads];
        let mut dmax = 0;
        for (k, &(pop, i, node)) in tgt.iter().enumerate() {
            let (weight, delay_ms) = values.get(k);
            let delay = self.grid.delay_steps(delay_ms)?;
            dmax = dmax.max(delay);
            let (shard, j) = locate(self.pops[pop].n, self.threads, i);
            let sh = &self.shards[shard];
            let chunk = &sh.chunks[pop];
            let ch = if device.stimulus.is_current() {
                chunk.current_channel(syn.receptor)?
            } else {
                chunk.spike_channel(syn.receptor, weight)?
            };
            if !weight.is_finite() {
                return Err(Error::InvalidParameter {
                    model: device.stimulus.nest_name(),
                    name: "weight".into(),
                    value: weight,
                    unit: "",
                    expected: "a finite weight".into(),
                });
            }
            per_shard[shard].push(DeviceTarget {
                offset: (sh.offsets[pop] + j * chunk.n_channels() + ch) as u32,
                node: node as u32,
                weight,
                delay,
            });
        }
        for (shard, targets) in self.shards.iter_mut().zip(per_shard) {
            let mut run = DeviceRun::new(id, device.clone(), stamps.clone(), &self.grid);
            run.targets = targets;
            shard.devices.push(run);
        }
        self.max_delay = self.max_delay.max(dmax);
        self.n_devices += 1;
        Ok(DeviceId(id as usize))
    }

    /// Connects a spike train (a NEST `spike_generator`) to every neuron of `targets`.
    pub fn add_spike_train<M: Model>(
        &mut self,
        targets: &Nodes<M>,
        train: &SpikeTrain,
    ) -> Result<DeviceId> {
        self.check_nodes(targets)?;
        let device = Device::from(Stimulus::SpikeTimes {
            times: train.times.clone(),
            weights: Vec::new(),
            multiplicities: Vec::new(),
            allow_offgrid_times: train.allow_offgrid_times,
        });
        self.stimulate(
            device,
            targets,
            SynSpec::new(train.weight, train.delay.value()).receptor(train.receptor),
        )
    }

    /// Connects a constant current source (a NEST `dc_generator`) to every neuron of `targets`.
    pub fn add_dc<M: Model>(&mut self, targets: &Nodes<M>, dc: &DcInput) -> Result<DeviceId> {
        self.check_nodes(targets)?;
        let device = Device {
            stimulus: Stimulus::Dc {
                amplitude: dc.amplitude.value(),
            },
            window: Window {
                start: dc.start.value(),
                stop: dc.stop.value(),
                origin: 0.0,
            },
        };
        self.stimulate(
            device,
            targets,
            SynSpec::new(1.0, dc.delay.value()).receptor(dc.receptor),
        )
    }

    /// Records the named state variables of `nodes` at the end of every step.
    pub fn record(&mut self, nodes: impl Into<NodeCollection>, vars: &[&str]) -> Result<TraceId> {
        self.record_with(nodes, vars, Sampling::every_step(&self.grid))
    }

    /// A multimeter: records the named state variables of `nodes` as `sampling` says.
    pub fn record_with(
        &mut self,
        nodes: impl Into<NodeCollection>,
        vars: &[&str],
        sampling: Sampling,
    ) -> Result<TraceId> {
        let nodes = nodes.into();
        if nodes.is_empty() {
            return Err(Error::InvalidNodes(
                "a multimeter needs at least one neuron".into(),
            ));
        }
        let steps = sampling.steps(&self.grid)?;
        let items: Vec<(usize, usize, usize)> = nodes.iter().collect();
        // Every recorded population must have every variable, at the same index.
        let mut var_index: Vec<Vec<usize>> = Vec::new();
        for &(pop, _, _) in &items {
            let info = &self.pops[pop];
            let idx =
                vars.iter()
                    .map(|v| {
                        info.state_names.iter().position(|n| n == v).ok_or_else(|| {
                            Error::UnknownName {
                                model: info.name,
                                kind: "recordable",
                                name: v.to_string(),
                                known: info.state_names.join(", "),
                            }
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
            var_index.push(idx);
        }
        let names: Vec<&'static str> = vars
            .iter()
            .map(|v| {
                let info = &self.pops[items[0].0];
                info.state_names[info.state_names.iter().position(|n| n == v).unwrap_or(0)]
            })
            .collect();
        let id = self.meters.len();
        for shard in &mut self.shards {
            shard.meters.push(MeterPart {
                id,
                steps,
                vars: Vec::new(),
                items: Vec::new(),
                values: Vec::new(),
            });
        }
        // Per shard: (index in the trace, population, local index, variable indices).
        type Part = (usize, usize, usize, Vec<usize>);
        let mut parts: Vec<Vec<Part>> = vec![Vec::new(); self.threads];
        for (k, &(pop, i, _)) in items.iter().enumerate() {
            let (shard, j) = locate(self.pops[pop].n, self.threads, i);
            parts[shard].push((k, pop, j, var_index[k].clone()));
        }
        for (shard, list) in self.shards.iter_mut().zip(parts) {
            let m = shard.meters.last_mut().expect("just pushed");
            for (k, pop, j, vars) in list {
                // Variables are looked up per population; keep one var list per meter part
                // (populations in one meter share names, indices may differ by model).
                if m.vars.is_empty() {
                    m.vars = vars.clone();
                }
                if m.vars != vars {
                    return Err(Error::InvalidNodes(
                        "a multimeter over several models needs the variables at the same position in each; use one multimeter per model".into(),
                    ));
                }
                m.items.push((k, pop, j));
                m.values.push(vec![Vec::new(); vars.len()]);
            }
        }
        self.meters.push(Meter {
            steps,
            trace: Trace {
                names,
                neurons: items.iter().map(|t| t.2).collect(),
                times: Vec::new(),
                values: vec![vec![Vec::new(); items.len()]; vars.len()],
            },
        });
        Ok(TraceId(id))
    }

    /// The samples recorded so far.
    pub fn trace(&self, id: TraceId) -> &Trace {
        &self.meters[id.0].trace
    }

    /// A spike recorder for `nodes` (NEST's spike_recorder with default window).
    pub fn record_spikes(&mut self, nodes: impl Into<NodeCollection>) -> Result<SpikeRecorderId> {
        self.record_spikes_with(nodes, Window::default())
    }

    /// A spike recorder with an activity window: spikes with `t_min < stamp <= t_max`.
    pub fn record_spikes_with(
        &mut self,
        nodes: impl Into<NodeCollection>,
        window: Window,
    ) -> Result<SpikeRecorderId> {
        window.validate("spike_recorder")?;
        let nodes = nodes.into();
        let mut mask = vec![false; self.n_nodes];
        for i in nodes.node_indices() {
            mask[i] = true;
        }
        let (t_min, t_max) = window.steps(&self.grid);
        self.spike_recorders.push(SpikeRecorder {
            nodes: mask,
            t_min,
            t_max,
            data: SpikeData::default(),
        });
        Ok(SpikeRecorderId(self.spike_recorders.len() - 1))
    }

    /// The spikes a recorder holds, in emission order (step, then node).
    pub fn spikes(&self, id: SpikeRecorderId) -> &SpikeData {
        &self.spike_recorders[id.0].data
    }

    /// Spike times (ms) of `nodes` recorded by `id`.
    pub fn spike_times_of<M: Model>(&self, id: SpikeRecorderId, nodes: &Nodes<M>) -> Vec<f64> {
        let first = nodes.first_node + nodes.start;
        let d = &self.spike_recorders[id.0].data;
        d.times
            .iter()
            .zip(&d.senders)
            .filter(|(_, s)| (first..first + nodes.len).contains(s))
            .map(|(t, _)| *t)
            .collect()
    }

    /// Advances the simulation by `duration`, which must be a multiple of the resolution.
    /// Can be called repeatedly; it continues where the previous call stopped.
    pub fn simulate(&mut self, duration: Time) -> Result<()> {
        let n = self
            .grid
            .exact_steps("simulate duration", duration.value())?;
        self.prepare()?;
        let end = self.step + n;
        let slice = self.slice_steps();
        let bar = (self.progress && n >= 10_000 && std::io::stdout().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::new(n);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "simulating {bar:40} {percent:>3}% {elapsed}<{eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        let first_nodes: Vec<usize> = self.pops.iter().map(|p| p.first_node).collect();
        let mut merged: Vec<(u64, u32)> = Vec::new();
        while self.step < end {
            let from = self.step;
            let to = ((from / slice + 1) * slice).min(end);
            let seed = self.seed;
            let rates = &self.rate_history;
            let t_update = Instant::now();
            each_shard(self.pool.as_ref(), &mut self.shards, |sh| {
                sh.run(from, to, seed, &first_nodes, rates)
            });
            self.times.update += t_update.elapsed().as_secs_f64();
            let t_exchange = Instant::now();
            if let Some(e) = self
                .shards
                .iter_mut()
                .find_map(|sh| sh.backend_error.take())
            {
                return Err(e);
            }
            // The earliest failure (by step, then node) is reported, whatever the threads.
            if let Some((s, p, node, reason)) = self
                .shards
                .iter()
                .filter_map(|sh| sh.failure)
                .min_by_key(|f| (f.0, f.2))
            {
                return Err(Error::Integration {
                    model: self.pops[p].name,
                    node,
                    time: self.grid.ms_of_step(s + 1),
                    reason,
                });
            }
            // Rates sent at the steps after this slice's steps become visible to all threads.
            for sh in &self.shards {
                let k = sh.rate_nodes.len();
                if k == 0 {
                    continue;
                }
                for (step, values) in (from + 1..=to).zip(sh.rate_out.chunks_exact(k)) {
                    for (&idx, &v) in sh.rate_nodes.iter().zip(values) {
                        self.rate_history.set(step, idx, v);
                    }
                }
            }
            merged.clear();
            for sh in &self.shards {
                merged.extend_from_slice(&sh.spikes);
            }
            merged.sort_unstable();
            for rec in &mut self.spike_recorders {
                for &(s, node) in &merged {
                    let stamp = s as i64 + 1;
                    if rec.nodes.get(node as usize).copied().unwrap_or(false)
                        && rec.t_min < stamp
                        && stamp <= rec.t_max
                    {
                        rec.data.times.push(self.grid.ms_of_step(s + 1));
                        rec.data.senders.push(node as usize);
                    }
                }
            }
            for m in &mut self.meters {
                for s in from..to {
                    if m.steps.takes(s) {
                        m.trace.times.push(self.grid.ms_of_step(s + 1));
                    }
                }
            }
            self.times.exchange += t_exchange.elapsed().as_secs_f64();
            let t_delivery = Instant::now();
            if !merged.is_empty() {
                let spikes = &merged;
                each_shard(self.pool.as_ref(), &mut self.shards, |sh| {
                    sh.deliver(spikes)
                });
            }
            self.times.delivery += t_delivery.elapsed().as_secs_f64();
            self.step = to;
            if let Some(b) = &bar {
                b.set_position(self.step + n - end);
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        // Hand the samples of this call to the traces.
        for shard in &mut self.shards {
            for part in &mut shard.meters {
                let trace = &mut self.meters[part.id].trace;
                for (item, series) in part.items.iter().zip(&mut part.values) {
                    for (v, values) in series.iter_mut().enumerate() {
                        trace.values[v][item.0].append(values);
                    }
                }
            }
        }
        let t = self.time();
        for shard in &self.shards {
            for (p, chunk) in shard.chunks.iter().enumerate() {
                if let Some((i, name, value)) = chunk.first_non_finite() {
                    let node = self.pops[p].first_node + shard.chunk_start[p] + i;
                    return Err(non_finite(self.pops[p].name, node, t, name, value));
                }
            }
        }
        Ok(())
    }

    /// Steps per slice: the minimum delay of spike and rate connections (10 when there are
    /// none), one step when rates are coupled instantaneously.
    fn slice_steps(&self) -> u64 {
        let mut slice = self.min_delay.unwrap_or(10).max(1);
        for sh in &self.shards {
            let syn = &sh.rate_synapses;
            if syn.has_instantaneous() {
                return 1;
            }
            if let Some(&d) = syn.delay.iter().min() {
                slice = slice.min(d as u64);
            }
        }
        slice
    }

    /// Finalizes synapse tables, sizes ring buffers and the rate history, calibrates models
    /// and devices, and computes what rate nodes send at the current step.
    fn prepare(&mut self) -> Result<()> {
        let slots = (self.max_delay + self.min_delay.unwrap_or(1) + 1) as usize;
        let n_nodes = self.n_nodes;
        let rate_delay = self
            .shards
            .iter()
            .map(|sh| sh.rate_synapses.max_delay())
            .max()
            .unwrap_or(0);
        let history_len = (rate_delay + self.slice_steps() + 1) as usize;
        self.rate_history
            .ensure(self.step, history_len, self.n_rate_nodes as usize);
        // Each thread builds the rows of its own synapses.
        each_shard(self.pool.as_ref(), &mut self.shards, |sh| {
            sh.synapses.finalize(n_nodes);
            let rows = sh.chunks.iter().map(|c| c.len()).sum();
            sh.rate_synapses.finalize(rows);
        });
        for shard in &mut self.shards {
            shard.ring.ensure(self.step, slots, shard.width);
            for chunk in &mut shard.chunks {
                chunk.prepare(&self.grid)?;
            }
            for d in &mut shard.devices {
                d.prepare(&self.grid, self.step);
            }
            shard.rate_nodes.clear();
            let mut out = Vec::new();
            for (p, chunk) in shard.chunks.iter().enumerate() {
                let info = &self.pops[p];
                if info.kind == NodeKind::Spiking || chunk.len() == 0 {
                    continue;
                }
                let start = shard.chunk_start[p];
                shard
                    .rate_nodes
                    .extend((0..chunk.len()).map(|j| info.rate_first + (start + j) as u32));
                // What each node sends now, from its current state (which the user may have
                // set since the last call).
                let ctx = StepCtx {
                    step: self.step,
                    seed: self.seed,
                    first_node: info.first_node + start,
                    lanes: false,
                };
                out.resize(chunk.len(), 0.0);
                chunk.rate_outputs(&ctx, &mut out);
                for (j, &v) in out.iter().enumerate() {
                    let idx = info.rate_first + (start + j) as u32;
                    self.rate_history.set(self.step, idx, v);
                }
            }
        }
        Ok(())
    }
}
