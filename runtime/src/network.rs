//! The network a simulator holds: its populations, who owns which node, and the engines that
//! hold this process's shares. Lookups from a node to the engine and share that hold it, and
//! the checks that a handle belongs to this simulator, live here.

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::arrival::{AddCount, AddWeight, DecodeTransitions, Signal};
use crate::devices::RunSpan;
use crate::engine::{Engine, Placement};
use crate::error::{Error, Result};
use crate::exchange::Exchange;
use crate::exchange::codec::gather_u64s;
use crate::model::Model;
use crate::nodes::{NodeCollection, Nodes};
use crate::ownership::Ownership;
use crate::population::{AnyChunk, Chunk};
use crate::rate::{NodeKind, RateHistory, StepCtx};
use crate::recorders::Transmitted;
use crate::store::{ConnectionStore, End};
use crate::synapses::Synapses;
use crate::time::Grid;

/// What a population looks like from the simulator.
pub(crate) struct PopInfo {
    pub name: &'static str,
    pub n: usize,
    pub first_node: usize,
    pub state_names: Vec<&'static str>,
    pub kind: NodeKind,
    /// What its neurons send (spiking kinds).
    pub signal: Signal,
    /// Index of the first neuron in the rate history (rate and diffusion kinds).
    pub rate_first: u32,
}

/// A fresh identity for each simulator, carried by its handles.
pub(crate) fn new_simulator_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The stores every engine starts with, at the indices of [`crate::store`]: static spike
/// synapses, rate connections, then static synapses onto counting and binary channels.
fn builtin_stores() -> Vec<Box<dyn ConnectionStore>> {
    vec![
        Box::new(Synapses::<AddWeight>::default()),
        Box::new(crate::rate::RateSynapses::default()),
        Box::new(Synapses::<AddCount>::default()),
        Box::new(Synapses::<DecodeTransitions>::default()),
    ]
}

/// Populations, ownership and this process's engines.
pub(crate) struct Network {
    /// Identity of the simulator, checked against every handle.
    pub id: u64,
    pub grid: Grid,
    pub seed: u64,
    pub pops: Vec<PopInfo>,
    pub n_nodes: usize,
    pub n_rate_nodes: u32,
    pub own: Ownership,
    /// This process's engines, in the order of `own.local()`.
    pub engines: Vec<Engine>,
    pub pool: Option<rayon::ThreadPool>,
    /// Shortest and longest delay of spike connections, in steps.
    pub min_delay: Option<u64>,
    pub max_delay: u64,
    /// Shortest and longest delay of rate connections as NEST counts them, in steps (see
    /// [`Network::nest_delays`]).
    pub rate_delays: Option<(u64, u64)>,
    /// Bytes a connect call may take, besides what the machine has free
    /// ([`crate::memory_guard`]).
    pub memory_limit: Option<u64>,
    /// What the connection stores of every process require (see [`Network::agree_delays`]).
    pub peers: PeerLimits,
}

/// The limits the connection stores of all processes put on the slice length and the rate
/// history; each process holds only the connections onto its own nodes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PeerLimits {
    /// The shortest slice any store allows.
    pub slice: u64,
    /// The longest rate history any store reads.
    pub rate_history: u64,
}

impl Default for PeerLimits {
    fn default() -> Self {
        PeerLimits {
            slice: u64::MAX,
            rate_history: 0,
        }
    }
}

impl Network {
    /// The spikes the engines' synapses transmitted in the last delivery, for weight
    /// recorders: nodes as node indices, in the order (step, sender, target), then creation.
    pub(crate) fn transmitted(&self) -> Vec<Transmitted> {
        let mut out = Vec::new();
        for e in &self.engines {
            for &(store, w) in &e.weights {
                let Some((p, j)) = e.locate_end(End::Row(w.row)) else {
                    continue;
                };
                out.push(Transmitted {
                    store,
                    step: w.step,
                    sender: w.source as usize,
                    target: self.pops[p].first_node + e.chunk_start[p] + j,
                    weight: w.weight,
                    receptor: w.receptor,
                });
            }
        }
        Transmitted::sort(&mut out);
        out
    }

    pub(crate) fn new(grid: Grid, seed: u64, own: Ownership) -> Result<Self> {
        let threads = own.local().len();
        let pool = if threads > 1 {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| Error::InvalidNodes(format!("cannot start {threads} threads: {e}")))?;
            Some(pool)
        } else {
            None
        };
        let engines = own
            .local()
            .map(|e| Engine::new(e, grid, builtin_stores()))
            .collect();
        Ok(Network {
            id: new_simulator_id(),
            grid,
            seed,
            pops: Vec::new(),
            n_nodes: 0,
            n_rate_nodes: 0,
            own,
            engines,
            pool,
            min_delay: None,
            max_delay: 1,
            rate_delays: None,
            memory_limit: None,
            peers: PeerLimits::default(),
        })
    }

    /// Runs `f` on every engine: on the pool's threads when there is one, in order otherwise.
    pub(crate) fn each_engine(&mut self, f: impl Fn(&mut Engine) + Send + Sync) {
        match &self.pool {
            Some(pool) => pool.install(|| self.engines.par_iter_mut().for_each(f)),
            None => self.engines.iter_mut().for_each(f),
        }
    }

    /// Runs `f(slot, engine)` on every engine, in parallel when there is a pool, and returns
    /// the results in engine order.
    pub(crate) fn map_engines<R: Send>(
        pool: Option<&rayon::ThreadPool>,
        engines: &mut [Engine],
        f: impl Fn(usize, &mut Engine) -> R + Send + Sync,
    ) -> Vec<R> {
        let each = |(slot, e): (usize, &mut Engine)| f(slot, e);
        match pool {
            Some(pool) => pool.install(|| engines.par_iter_mut().enumerate().map(each).collect()),
            None => engines.iter_mut().enumerate().map(each).collect(),
        }
    }

    /// Where each population's nodes are numbered.
    pub(crate) fn placements(&self) -> Vec<Placement> {
        let place = |p: &PopInfo| Placement {
            first_node: p.first_node,
            rate_first: p.rate_first,
        };
        self.pops.iter().map(place).collect()
    }

    /// Adds `n` neurons of model `M`; returns the handle.
    pub(crate) fn add_population<M: Model>(
        &mut self,
        n: usize,
        params: M::Params,
    ) -> Result<Nodes<M>> {
        let rate_first = self.n_rate_nodes;
        if M::KIND != NodeKind::Spiking {
            self.n_rate_nodes = u32::try_from(n)
                .ok()
                .and_then(|n| self.n_rate_nodes.checked_add(n))
                .ok_or_else(|| Error::InvalidNodes("more than 2^32 rate neurons".into()))?;
        }
        let pop = self.pops.len();
        for engine in &mut self.engines {
            let share = self.own.share(n, engine.index);
            let chunk = Chunk::<M>::new(share.len(), params.clone());
            engine.add_share(Box::new(chunk), share.start);
        }
        let first_node = self.n_nodes;
        self.pops.push(PopInfo {
            name: M::META.name,
            n,
            first_node,
            state_names: recordable_names::<M>(),
            kind: M::KIND,
            signal: M::SIGNAL,
            rate_first,
        });
        self.n_nodes += n;
        Ok(Nodes::new(self.id, pop, n, first_node))
    }

    /// Checks that every node of `nodes` was created by this simulator.
    pub(crate) fn check(&self, nodes: &NodeCollection) -> Result<()> {
        for s in &nodes.segments {
            let ok = s.sim == self.id
                && self
                    .pops
                    .get(s.pop)
                    .is_some_and(|p| p.first_node == s.first_node && s.start + s.len <= p.n);
            if !ok {
                return Err(foreign());
            }
        }
        Ok(())
    }

    /// Checks a typed handle: from this simulator, and of the model it claims.
    pub(crate) fn check_typed<M: Model>(&self, nodes: &Nodes<M>) -> Result<()> {
        self.check(&NodeCollection::from(nodes))?;
        if self.pops[nodes.pop].name != M::META.name {
            return Err(foreign());
        }
        Ok(())
    }

    /// Runs `f` on each local share of population `pop` holding some of its neurons `range`,
    /// with the range in the share's own indices.
    pub(crate) fn for_shares(
        &mut self,
        pop: usize,
        range: std::ops::Range<usize>,
        mut f: impl FnMut(&mut Box<dyn AnyChunk>, std::ops::Range<usize>) -> Result<()>,
    ) -> Result<()> {
        let n = self.pops[pop].n;
        for engine in &mut self.engines {
            let own = self.own.share(n, engine.index);
            let a = range.start.max(own.start);
            let b = range.end.min(own.end);
            if a < b {
                f(&mut engine.chunks[pop], (a - own.start)..(b - own.start))?;
            }
        }
        Ok(())
    }

    /// The share holding neuron `i` of population `pop`, and the neuron's index in it.
    pub(crate) fn share_of(&self, pop: usize, i: usize) -> Result<(&dyn AnyChunk, usize)> {
        let (slot, j) = self.own.local_owner(self.pops[pop].n, i).ok_or_else(|| {
            Error::InvalidNodes(format!(
                "node {} is owned by another process",
                self.pops[pop].first_node + i + 1
            ))
        })?;
        Ok((self.engines[slot].chunks[pop].as_ref(), j))
    }

    /// Runs the populations that `nodes` touch through `runner` (`None`: the Rust kernel).
    pub(crate) fn set_kernel_runner(
        &mut self,
        nodes: &NodeCollection,
        runner: Option<std::sync::Arc<dyn crate::kernel::KernelRunner>>,
    ) -> Result<()> {
        self.check(nodes)?;
        let mut pops: Vec<usize> = nodes.segments.iter().map(|s| s.pop).collect();
        pops.sort_unstable();
        pops.dedup();
        // Check every population first, so that an error changes nothing.
        for &p in &pops {
            self.engines[0].chunks[p].can_run_kernel()?;
        }
        for &p in &pops {
            for engine in &mut self.engines {
                engine.chunks[p].set_runner(runner.clone())?;
            }
        }
        Ok(())
    }

    /// Whether each node is owned by one of this process's engines.
    pub(crate) fn own_node_mask(&self) -> Vec<bool> {
        let mut own = vec![false; self.n_nodes];
        for e in &self.engines {
            for (p, chunk) in e.chunks.iter().enumerate() {
                let start = self.pops[p].first_node + e.chunk_start[p];
                own[start..start + chunk.len()].fill(true);
            }
        }
        own
    }

    /// Every process of a distributed simulation holds the connections onto its own nodes:
    /// before a run, all agree on the delays and store limits of all connections, so that
    /// every process runs the same slices. Collective.
    pub(crate) fn agree_delays(&mut self, ex: &mut dyn Exchange) -> Result<()> {
        if ex.ranks() == 1 {
            return Ok(());
        }
        let (rlo, rhi) = self.rate_delays.unwrap_or((u64::MAX, 0));
        let mine = [
            self.min_delay.unwrap_or(u64::MAX),
            self.max_delay,
            rlo,
            rhi,
            self.store_slice_limit(),
            self.store_rate_history(),
        ];
        let all = gather_u64s(ex, &mine)?;
        let min = |k: usize| all.iter().map(|v| v[k]).min().unwrap_or(u64::MAX);
        let max = |k: usize| all.iter().map(|v| v[k]).max().unwrap_or(0);
        self.min_delay = (min(0) != u64::MAX).then(|| min(0));
        self.max_delay = max(1);
        self.rate_delays = (min(2) != u64::MAX).then(|| (min(2), max(3)));
        self.peers = PeerLimits {
            slice: min(4),
            rate_history: max(5),
        };
        Ok(())
    }

    /// Steps per slice: the shortest delay of all connections (10 when there are none), one
    /// step when rates are coupled instantaneously.
    pub(crate) fn slice_steps(&self) -> u64 {
        let slice = self.min_delay.unwrap_or(10).min(self.store_slice_limit());
        slice.min(self.peers.slice).max(1)
    }

    /// The shortest slice this process's connection stores allow (`u64::MAX`: no limit).
    fn store_slice_limit(&self) -> u64 {
        let stores = self.engines.iter().flat_map(|e| &e.stores);
        stores
            .filter_map(|s| s.slice_limit())
            .min()
            .unwrap_or(u64::MAX)
    }

    /// The longest rate history this process's connection stores read, in steps.
    fn store_rate_history(&self) -> u64 {
        let stores = self.engines.iter().flat_map(|e| &e.stores);
        stores.map(|s| s.rate_history()).max().unwrap_or(0)
    }

    /// Counts a rate connection's delay in steps (0 for one without delay) towards
    /// [`Network::nest_delays`].
    pub(crate) fn count_rate_delay(&mut self, delay: u64) {
        // NEST registers a connection without delay with its model's default delay, 1 ms.
        let d = if delay == 0 {
            self.grid.delay_steps(1.0).unwrap_or(1)
        } else {
            delay
        };
        let (lo, hi) = self.rate_delays.unwrap_or((d, d));
        self.rate_delays = Some((lo.min(d), hi.max(d)));
    }

    /// NEST's min and max delay in steps: over the connections between neurons and from
    /// devices, rate connections included; one step when there are none. (NEST also counts
    /// the connections of its recorders, 1 ms unless given; recorders have none here.)
    pub(crate) fn nest_delays(&self) -> (u64, u64) {
        let (rmin, rmax) = self.rate_delays.unwrap_or((u64::MAX, 0));
        let min = self.min_delay.unwrap_or(u64::MAX).min(rmin);
        let min = if min == u64::MAX { 1 } else { min };
        (min, self.max_delay.max(rmax).max(min))
    }

    /// Finalizes connection tables, sizes ring buffers and the rate history, calibrates models
    /// and devices, and puts what rate nodes send at step `now` into each engine's traffic.
    /// The run covers the steps `now..end`.
    pub(crate) fn prepare(&mut self, now: u64, end: u64, history: &mut RateHistory) -> Result<()> {
        let rate_delay = self.store_rate_history().max(self.peers.rate_history);
        let history_len = (rate_delay + self.slice_steps() + 1) as usize;
        history.ensure(now, history_len, self.n_rate_nodes as usize);
        let n_nodes = self.n_nodes;
        // Each thread builds the tables of its own connections.
        self.each_engine(|e| e.finalize_stores(n_nodes));
        let slots = (self.max_delay + self.min_delay.unwrap_or(1) + 1) as usize;
        let place = self.placements();
        let slice = self.slice_steps();
        // NEST's ring buffers: min delay + max delay steps (a spike dilutor's mother spikes).
        let nest_ring = self.min_delay.unwrap_or(slice) + self.max_delay;
        let (min_delay, max_delay) = self.nest_delays();
        for engine in &mut self.engines {
            engine.ring.ensure(now, slots, engine.width);
            for chunk in &mut engine.chunks {
                chunk.prepare(&self.grid)?;
            }
            let span = RunSpan {
                now,
                end,
                min_delay,
                ring: min_delay + max_delay,
                chunks: &engine.chunks,
            };
            for d in &mut engine.devices {
                d.prepare(&self.grid, &span, slice, nest_ring);
            }
            // What each rate node sends now, from its current state (which the user may have
            // set since the last call): traffic for the first exchange.
            engine.out.clear();
            for (p, chunk) in engine.chunks.iter().enumerate() {
                if self.pops[p].kind == NodeKind::Spiking || chunk.len() == 0 {
                    continue;
                }
                let start = engine.chunk_start[p];
                let ctx = StepCtx {
                    step: now,
                    seed: self.seed,
                    first_node: place[p].first_node + start,
                    lanes: false,
                };
                let mut out = vec![0.0; chunk.len()];
                chunk.rate_outputs(&ctx, &mut out);
                let first = place[p].rate_first + start as u32;
                let sent = out
                    .iter()
                    .enumerate()
                    .map(|(j, &v)| (now, first + j as u32, v));
                engine.out.rates.extend(sent);
            }
        }
        Ok(())
    }
}

/// Every recordable of `M`: its state variables, then its derived recordables.
fn recordable_names<M: Model>() -> Vec<&'static str> {
    let state = M::META.state.iter().map(|s| s.name);
    state.chain(M::DERIVED.iter().map(|d| d.name)).collect()
}

/// The error for a handle that another simulator created.
fn foreign() -> Error {
    Error::InvalidNodes(
        "these nodes belong to another simulator: use handles only with the simulator that created them"
            .into(),
    )
}
