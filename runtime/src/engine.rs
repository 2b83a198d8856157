//! An engine: one thread's share of the network and the work it does in a slice.
//!
//! An engine owns a share of every population (structure of arrays, grouped by parameter
//! set), the ring buffer of their inputs, the connection stores of the connections that end on
//! them, the stimulation devices' state for them, and the probes of recorders that read them.
//! It steps its nodes through a slice and emits its [`Traffic`]; after the exchange it delivers
//! the merged spikes to its own nodes only, so engines never write each other's memory.

use std::time::Instant;

use crate::archive::PostHistory;
use crate::devices::DeviceRun;
use crate::error::Error;
use crate::exchange::{Stop, Traffic};
use crate::model::Value;
use crate::population::{AnyChunk, StepError};
use crate::rate::{NodeKind, RateHistory, StepCtx};
use crate::recorders::{EngineView, Probe};
use crate::ring::Ring;

/// How many slices pass between two prunings of the spike archives.
const PRUNE_EVERY: u32 = 64;
use crate::store::{ConnectionStore, Delivery, End, Gather, WeightEvent};
use crate::time::Grid;

/// Seconds one engine (one thread) spent busy in each parallel phase of `simulate`, summed
/// over all calls: the phases' wall time minus this is the time it waited for the others.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EngineBusy {
    /// Updating its nodes, stimulation devices included.
    pub update: f64,
    /// Delivering spikes into its ring buffer.
    pub delivery: f64,
}

/// Where a population's share sits in an engine.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placement {
    /// Index of the population's first node among all nodes.
    pub first_node: usize,
    /// Index of the population's first rate node in the rate history (rate kinds).
    pub rate_first: u32,
}

/// One engine's share of the network.
pub(crate) struct Engine {
    /// The engine's index among all engines (see [`crate::ownership::Ownership`]).
    pub index: usize,
    /// The engine's share of each population, in creation order.
    pub chunks: Vec<Box<dyn AnyChunk>>,
    /// First neuron (index within its population) of each share.
    pub chunk_start: Vec<usize>,
    /// Offset of each share's inputs in a ring slot.
    pub offsets: Vec<usize>,
    /// Width of a ring slot: every input channel of every node.
    pub width: usize,
    pub ring: Ring,
    /// Connection stores; [`crate::store::STATIC`] and [`crate::store::RATES`] first.
    pub stores: Vec<Box<dyn ConnectionStore>>,
    pub devices: Vec<DeviceRun>,
    /// Each recorder's probe in this engine, by recorder index.
    pub probes: Vec<Option<Box<dyn Probe>>>,
    /// What the engine emitted in the current slice.
    pub out: Traffic,
    /// A kernel backend's error, which stops the run.
    pub backend_error: Option<Error>,
    /// Seconds spent emitting device input.
    pub device_time: f64,
    /// Seconds this engine spent busy: updating (devices included) and delivering.
    pub busy: EngineBusy,
    /// Whether RKF45 models update in SIMD lanes.
    pub lanes: bool,
    /// The weight events of the last delivery, with their store's index.
    pub weights: Vec<(usize, WeightEvent)>,
    /// The spike archive of each node (by row), kept when a store reads it.
    archives: Vec<PostHistory>,
    /// Slices delivered since the archives were last pruned.
    slices_since_prune: u32,
    /// The time grid, for the archives' spike times.
    grid: Grid,
    spiked: Vec<usize>,
}

impl Engine {
    pub(crate) fn new(index: usize, grid: Grid, stores: Vec<Box<dyn ConnectionStore>>) -> Self {
        Engine {
            index,
            chunks: Vec::new(),
            chunk_start: Vec::new(),
            offsets: Vec::new(),
            width: 0,
            ring: Ring::default(),
            stores,
            devices: Vec::new(),
            probes: Vec::new(),
            out: Traffic::default(),
            backend_error: None,
            device_time: 0.0,
            busy: EngineBusy::default(),
            lanes: true,
            weights: Vec::new(),
            archives: Vec::new(),
            slices_since_prune: 0,
            grid,
            spiked: Vec::new(),
        }
    }

    /// Adds this engine's share of a new population, starting at neuron `start` of it.
    pub(crate) fn add_share(&mut self, chunk: Box<dyn AnyChunk>, start: usize) {
        self.offsets.push(self.width);
        self.width += chunk.len() * chunk.n_channels();
        self.chunk_start.push(start);
        self.chunks.push(chunk);
    }

    /// Number of nodes the engine owns.
    pub(crate) fn rows(&self) -> usize {
        self.chunks.iter().map(|c| c.len()).sum()
    }

    /// Row of node `j` of population `pop`'s share.
    pub(crate) fn row_of(&self, pop: usize, j: usize) -> usize {
        self.chunks[..pop].iter().map(|c| c.len()).sum::<usize>() + j
    }

    /// Ring offset of input channel `ch` of node `j` of population `pop`'s share.
    pub(crate) fn offset_of(&self, pop: usize, j: usize, ch: usize) -> usize {
        self.offsets[pop] + j * self.chunks[pop].n_channels() + ch
    }

    /// (population, index in its share) of the node a store's connection ends on.
    pub(crate) fn locate_end(&self, end: End) -> Option<(usize, usize)> {
        match end {
            End::Offset(off) => {
                let off = off as usize;
                (0..self.chunks.len()).find_map(|p| {
                    let width = self.chunks[p].len() * self.chunks[p].n_channels();
                    let inside = self.offsets[p] <= off && off < self.offsets[p] + width;
                    inside.then(|| (p, (off - self.offsets[p]) / self.chunks[p].n_channels()))
                })
            }
            End::Row(row) => {
                let mut rest = row as usize;
                for (p, chunk) in self.chunks.iter().enumerate() {
                    if rest < chunk.len() {
                        return Some((p, rest));
                    }
                    rest -= chunk.len();
                }
                None
            }
        }
    }

    /// Prepares the stores and the spike archives for a simulation over `sources` nodes.
    pub(crate) fn finalize_stores(&mut self, sources: usize) {
        let rows = self.rows();
        for st in &mut self.stores {
            st.finalize(sources, rows);
        }
        if self.stores.iter().any(|s| s.reads_post_spikes()) {
            self.archives.resize(rows, PostHistory::default());
            self.refresh_time_constants();
        }
    }

    /// Each archive takes its neuron's current `tau_minus` and `tau_minus_triplet`.
    fn refresh_time_constants(&mut self) {
        let number = |v: Result<Value, Error>| match v {
            Ok(Value::Number(x)) => Some(x),
            _ => None,
        };
        let mut row = 0;
        for chunk in &self.chunks {
            for j in 0..chunk.len() {
                let tau = number(chunk.get_param(j, "tau_minus"));
                let triplet = number(chunk.get_param(j, "tau_minus_triplet"));
                if let (Some(a), Some(b)) = (tau, triplet) {
                    self.archives[row].set_time_constants(a, b);
                }
                row += 1;
            }
        }
    }

    /// Steps the engine's nodes through steps `from..to`, emitting into [`Engine::out`]. Stops
    /// at the first failing node; what it emitted before in that step stays in `out`.
    pub(crate) fn run(
        &mut self,
        from: u64,
        to: u64,
        seed: u64,
        pops: &[Placement],
        rates: &RateHistory,
    ) {
        let start = Instant::now();
        self.out.clear();
        self.backend_error = None;
        for s in from..to {
            self.emit_devices(s, seed);
            if let Err(stop) = self.update_step(s, seed, pops, rates) {
                self.out.stop = Some(stop);
                break;
            }
            let at = EngineView {
                chunks: &self.chunks,
                devices: &self.devices,
            };
            for p in self.probes.iter_mut().flatten() {
                p.sample(s, &at);
            }
        }
        self.busy.update += start.elapsed().as_secs_f64();
    }

    fn emit_devices(&mut self, s: u64, seed: u64) {
        if self.devices.is_empty() {
            return;
        }
        let t = Instant::now();
        for d in &mut self.devices {
            d.emit(s, seed, &mut self.ring);
        }
        self.device_time += t.elapsed().as_secs_f64();
    }

    /// Updates every population for step `s`.
    fn update_step(
        &mut self,
        s: u64,
        seed: u64,
        pops: &[Placement],
        rates: &RateHistory,
    ) -> Result<(), Stop> {
        let slot = self.ring.slot_mut(s);
        let mut row_base = 0;
        for (p, chunk) in self.chunks.iter_mut().enumerate() {
            let n = chunk.len();
            let rows = row_base..row_base + n;
            row_base += n;
            if n == 0 {
                continue;
            }
            let off = self.offsets[p];
            let inputs = &mut slot[off..off + n * chunk.n_channels()];
            let kind = chunk.kind();
            if kind != NodeKind::Spiking {
                let mut at = Gather {
                    step: s,
                    rows: rows.clone(),
                    chunk: chunk.as_ref(),
                    rates,
                    inputs,
                };
                for st in &self.stores {
                    st.gather(&mut at);
                }
            }
            let inputs = &mut slot[off..off + n * chunk.n_channels()];
            self.spiked.clear();
            let base = pops[p].first_node + self.chunk_start[p];
            let ctx = StepCtx {
                step: s,
                seed,
                first_node: base,
                lanes: self.lanes,
            };
            match chunk.update(inputs, &mut self.spiked, &ctx) {
                Ok(()) => {}
                Err(StepError::Neuron(f)) => {
                    // The failing neuron's own spikes of this step are kept.
                    let own = self.spiked.iter().filter(|&&i| i == f.neuron);
                    self.out
                        .spikes
                        .extend(own.map(|_| (s, (base + f.neuron) as u32)));
                    return Err(Stop {
                        step: s,
                        node: Some((base + f.neuron) as u32),
                        reason: f.reason,
                        engine: self.index as u32,
                    });
                }
                Err(StepError::Backend(e)) => {
                    // Other processes read the error from the stop.
                    let reason = crate::exchange::codec::intern(&e.to_string());
                    self.backend_error = Some(e);
                    return Err(Stop {
                        step: s,
                        node: None,
                        reason,
                        engine: self.index as u32,
                    });
                }
            }
            if kind != NodeKind::Spiking {
                send_rates(
                    chunk.as_ref(),
                    &ctx,
                    pops[p].rate_first,
                    self.chunk_start[p],
                    &mut self.out,
                );
            }
            self.out
                .spikes
                .extend(self.spiked.iter().map(|&i| (s, (base + i) as u32)));
            if !self.archives.is_empty() {
                let t = self.grid.ms_of_step(s + 1);
                for &i in &self.spiked {
                    self.archives[rows.start + i].record(s, t);
                }
            }
        }
        Ok(())
    }

    /// Delivers the merged spikes of a slice through every store into this engine's ring.
    pub(crate) fn deliver(&mut self, spikes: &[(u64, u32)], seed: u64) {
        let start = Instant::now();
        self.weights.clear();
        let mut to = Delivery {
            ring: &mut self.ring,
            archives: &self.archives,
            grid: &self.grid,
            weights: &mut self.weights,
            store: 0,
            seed,
        };
        for (k, st) in self.stores.iter_mut().enumerate() {
            to.store = k;
            st.deliver(spikes, &mut to);
        }
        for d in &mut self.devices {
            d.receive(spikes);
        }
        self.prune_archives();
        self.busy.delivery += start.elapsed().as_secs_f64();
    }

    /// Every [`PRUNE_EVERY`] slices, drops the archived spikes no store can ask for any more.
    fn prune_archives(&mut self) {
        if self.archives.is_empty() {
            return;
        }
        self.slices_since_prune += 1;
        if self.slices_since_prune < PRUNE_EVERY {
            return;
        }
        self.slices_since_prune = 0;
        let mut horizon = vec![f64::INFINITY; self.archives.len()];
        for st in &self.stores {
            st.post_horizon(&self.grid, &mut horizon);
        }
        for (archive, h) in self.archives.iter_mut().zip(horizon) {
            archive.prune(h);
        }
    }

    /// The number of spikes the archives hold (plastic synapses read them).
    pub(crate) fn archived(&self) -> usize {
        self.archives.iter().map(PostHistory::len).sum()
    }
}

/// Adds what a rate population's nodes send at the next step to the engine's traffic.
fn send_rates(
    chunk: &dyn AnyChunk,
    ctx: &StepCtx,
    rate_first: u32,
    start: usize,
    out: &mut Traffic,
) {
    let next = ctx.next();
    let mut values = vec![0.0; chunk.len()];
    chunk.rate_outputs(&next, &mut values);
    let first = rate_first + start as u32;
    out.rates.extend(
        values
            .iter()
            .enumerate()
            .map(|(j, &v)| (next.step, first + j as u32, v)),
    );
}
