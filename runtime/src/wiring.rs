//! Connecting nodes: NEST's `Connect` on a network. The rule draws the pairs and the values
//! ([`crate::connect`]); here both ends are checked and each connection goes to the store of
//! its kind in the engine that owns its target. A failed call leaves no connection behind.

use crate::arrival::{Signal, SpikeInput};
use crate::connect::{self, ConnSpec, Drawer, Drawing, SynSpec};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::memory_guard;
use crate::network::Network;
use crate::nodes::NodeCollection;
use crate::rate::{NodeKind, SynapseModel};
use crate::store::{self, Wire};
use crate::time::Grid;

/// One connection as [`Simulator::connections`](crate::Simulator::connections) reports it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Connection {
    /// NEST global id of the source.
    pub source: usize,
    /// NEST global id of the target.
    pub target: usize,
    /// Weight.
    pub weight: f64,
    /// Effective delay in ms: its steps times the resolution, as NEST reports it (so 12 steps
    /// of 0.1 ms read 1.2000000000000002).
    pub delay: f64,
}

/// The serial number of connection `k` of connect call `call` (see [`Wire::serial`]).
fn serial(call: u64, k: usize) -> u64 {
    (call << 40) ^ k as u64
}

/// A delay in whole steps as connection tables hold it (u16).
pub(crate) fn table_delay(grid: &Grid, d_ms: f64) -> Result<u16> {
    let steps = grid.delay_steps(d_ms)?;
    u16::try_from(steps).map_err(|_| Error::InvalidTime {
        name: "delay",
        value: d_ms,
        expected: format!("at most {} steps", u16::MAX),
    })
}

/// A connection weight, which must be finite.
pub(crate) fn finite_weight(model: &'static str, w: f64) -> Result<f64> {
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

/// The ends of a connect call: (population, index in it, node) of each source and target.
struct Ends {
    src: Vec<(usize, usize, usize)>,
    tgt: Vec<(usize, usize, usize)>,
}

/// Where the connection stores and the delays stood before a connect call.
pub(crate) struct ConnectionMarks {
    stores: Vec<Vec<usize>>,
    min_delay: Option<u64>,
    max_delay: u64,
    rate_delays: Option<(u64, u64)>,
}

impl Network {
    /// Where the connection stores and delays stand now.
    pub(crate) fn connection_marks(&self) -> ConnectionMarks {
        ConnectionMarks {
            stores: self.store_marks(),
            min_delay: self.min_delay,
            max_delay: self.max_delay,
            rate_delays: self.rate_delays,
        }
    }

    /// Drops the connections made since `marks` and restores the delays.
    pub(crate) fn roll_back(&mut self, marks: ConnectionMarks) {
        self.truncate_stores(&marks.stores);
        self.min_delay = marks.min_delay;
        self.max_delay = marks.max_delay;
        self.rate_delays = marks.rate_delays;
    }

    fn store_marks(&self) -> Vec<Vec<usize>> {
        let marks = self.engines.iter();
        marks
            .map(|e| e.stores.iter().map(|s| s.mark()).collect())
            .collect()
    }

    fn truncate_stores(&mut self, marks: &[Vec<usize>]) {
        for (engine, marks) in self.engines.iter_mut().zip(marks) {
            for (st, &m) in engine.stores.iter_mut().zip(marks) {
                st.truncate(m);
            }
        }
    }

    /// Connects `pre` to `post` by `spec`; `call` numbers the call's random streams. Returns
    /// the number of connections.
    pub(crate) fn connect(
        &mut self,
        pre: &NodeCollection,
        post: &NodeCollection,
        spec: &ConnSpec,
        syn: &SynSpec,
        call: u64,
    ) -> Result<usize> {
        self.check(pre)?;
        self.check(post)?;
        let ends = Ends {
            src: pre.iter().collect(),
            tgt: post.iter().collect(),
        };
        let src_nodes: Vec<usize> = ends.src.iter().map(|s| s.2).collect();
        let tgt_nodes: Vec<usize> = ends.tgt.iter().map(|t| t.2).collect();
        let (n_src, n_tgt) = (src_nodes.len(), tgt_nodes.len());
        self.guard_memory(spec, syn, n_src, n_tgt)?;
        let drawer = Drawer::Connect(call);
        let pairs = connect::pairs(
            spec, n_src, n_tgt, &src_nodes, &tgt_nodes, self.seed, drawer,
        )?;
        let drawing = Drawing::new(spec, syn, &src_nodes, &tgt_nodes, self.seed, drawer)?;
        self.check_kinds(syn, &ends)?;
        // Connections go straight into the stores; an error drops them again.
        let marks = self.store_marks();
        let stored = if syn.store.is_none() && syn.model != SynapseModel::Static {
            let values =
                connect::values(spec, syn, &pairs, &src_nodes, &tgt_nodes, self.seed, drawer)?;
            self.store_rates(syn, &pairs, &values, &ends).map(|()| None)
        } else {
            let call = SpikeCall {
                call,
                store: syn.store.map(|id| id.0),
                syn,
                pairs: &pairs,
                ends: &ends,
                grid: &self.grid,
                targets: self.target_places(&ends),
                post_names: self.pops.iter().map(|p| p.name).collect(),
                signals: self.pops.iter().map(|p| p.signal).collect(),
            };
            call.store(drawing, self.pool.as_ref(), &mut self.engines)
                .map(Some)
        };
        match stored {
            Err(e) => {
                self.truncate_stores(&marks);
                Err(e)
            }
            Ok(delays) => {
                if let (Some((dmin, dmax)), false) = (delays, pairs.is_empty()) {
                    self.min_delay = Some(self.min_delay.map_or(dmin, |m| m.min(dmin)));
                    self.max_delay = self.max_delay.max(dmax);
                }
                Ok(pairs.len())
            }
        }
    }

    /// Where each target of a call lives: its engine slot, its first channel's ring offset and
    /// its row there (`None` when another process owns it).
    fn target_places(&self, ends: &Ends) -> Vec<Option<Place>> {
        let place = |&(pop, i, _): &(usize, usize, usize)| {
            let (slot, j) = self.own.local_owner(self.pops[pop].n, i)?;
            let engine = &self.engines[slot];
            Some(Place {
                slot,
                offset: engine.offset_of(pop, j, 0) as u32,
                row: engine.row_of(pop, j) as u32,
            })
        };
        ends.tgt.iter().map(place).collect()
    }

    /// Checks that both ends of every connection can exchange what `syn`'s model carries.
    fn check_kinds(&self, syn: &SynSpec, ends: &Ends) -> Result<()> {
        let kind = match syn.store {
            Some(_) => NodeKind::Spiking,
            None => syn.model.node_kind(),
        };
        let name = syn.model.nest_name();
        let mut pre_pops: Vec<usize> = ends.src.iter().map(|s| s.0).collect();
        pre_pops.dedup();
        let mut post_pops: Vec<usize> = ends.tgt.iter().map(|t| t.0).collect();
        post_pops.dedup();
        let first_post = post_pops.first().map_or("", |&p| self.pops[p].name);
        let first_pre = pre_pops.first().map_or("", |&p| self.pops[p].name);
        if let Some(&p) = pre_pops.iter().find(|&&p| self.pops[p].kind != kind) {
            let (pre, pk) = (self.pops[p].name, self.pops[p].kind);
            return Err(Error::Incompatible {
                synapse: name,
                pre,
                post: first_post,
                reason: format!("{pre} sends {}, which {name} does not carry", sends(pk)),
            });
        }
        if let Some(&p) = post_pops.iter().find(|&&p| self.pops[p].kind != kind) {
            return Err(Error::Incompatible {
                synapse: name,
                pre: first_pre,
                post: self.pops[p].name,
                reason: format!(
                    "{} accepts {}",
                    self.pops[p].name,
                    self.pops[p].kind.accepts()
                ),
            });
        }
        Ok(())
    }

    /// Stores rate, delayed-rate or diffusion connections (kinds already checked).
    /// Refuses a call that would need more memory than it may take.
    fn guard_memory(
        &self,
        spec: &ConnSpec,
        syn: &SynSpec,
        n_src: usize,
        n_tgt: usize,
    ) -> Result<()> {
        let estimate = self.connect_estimate(spec, syn, n_src, n_tgt);
        memory_guard::check(estimate, memory_guard::budget(self.memory_limit))
    }

    /// What a call connecting `n_src` sources to `n_tgt` targets will need.
    pub(crate) fn connect_estimate(
        &self,
        spec: &ConnSpec,
        syn: &SynSpec,
        n_src: usize,
        n_tgt: usize,
    ) -> memory_guard::ConnectEstimate {
        let index = match (syn.store, syn.model) {
            (Some(id), _) => id.0,
            (None, SynapseModel::Static) => store::STATIC,
            (None, _) => store::RATES,
        };
        let drawn = syn.weight.constant().is_none() || syn.delay.constant().is_none();
        let store_bytes = (self.engines.first())
            .and_then(|e| e.stores.get(index))
            .map_or(0, |s| s.bytes_per_new(drawn));
        memory_guard::estimate(spec, n_src, n_tgt, store_bytes)
    }

    fn store_rates(
        &mut self,
        syn: &SynSpec,
        pairs: &[(u32, u32)],
        values: &connect::Values,
        ends: &Ends,
    ) -> Result<()> {
        let mut delays = None;
        for (k, &(s, t)) in pairs.iter().enumerate() {
            let (w, d_ms) = values.get(k);
            let d = rate_delay(&self.grid, syn.model, d_ms)?;
            let (w, w2) = rate_factors(syn.model, w)?;
            delays = Some(delays.map_or((d, d), |(lo, hi): (u16, u16)| (lo.min(d), hi.max(d))));
            let (spop, si, _) = ends.src[s as usize];
            let source = self.pops[spop].rate_first + si as u32;
            let (pop, i, _) = ends.tgt[t as usize];
            let mut ch = self.engines[0].chunks[pop].rate_channel(syn.model, w)?;
            if d > 0 {
                ch += 2; // delayed input has its own channels after the instantaneous ones
            }
            let Some((slot, j)) = self.own.local_owner(self.pops[pop].n, i) else {
                continue;
            };
            let engine = &mut self.engines[slot];
            let wire = Wire {
                source,
                offset: engine.offset_of(pop, j, ch) as u32,
                row: engine.row_of(pop, j) as u32,
                channel: ch as u8,
                weight: w,
                weight2: w2,
                delay: d,
                receptor: 0,
                input: SpikeInput::Weight,
                // Rate connections draw nothing.
                serial: k as u64,
            };
            engine.stores[store::RATES].push(&wire);
        }
        // Counted once the whole call is accepted (a failing call adds no connection).
        if let Some((lo, hi)) = delays {
            self.count_rate_delay(u64::from(lo));
            self.count_rate_delay(u64::from(hi));
        }
        Ok(())
    }
}

/// A rate connection's delay in steps: 0 for instantaneous kinds, which refuse a delay.
fn rate_delay(grid: &Grid, model: SynapseModel, d_ms: f64) -> Result<u16> {
    match model {
        SynapseModel::RateDelayed => table_delay(grid, d_ms),
        _ if d_ms != 0.0 => Err(Error::InvalidParameter {
            model: model.nest_name(),
            name: "delay".into(),
            value: d_ms,
            unit: "ms",
            expected: "no delay: this connection acts within the step (use rate_connection_delayed for a delay)".into(),
        }),
        _ => Ok(0),
    }
}

/// The two factors of a rate connection: its weight, or a diffusion connection's drift and
/// diffusion factors (which take no weight).
fn rate_factors(model: SynapseModel, w: f64) -> Result<(f64, f64)> {
    let bad = |what: &str, value: f64, expected: &str| Error::InvalidParameter {
        model: model.nest_name(),
        name: what.into(),
        value,
        unit: "",
        expected: expected.into(),
    };
    match model {
        SynapseModel::Diffusion {
            drift_factor,
            diffusion_factor,
        } => {
            if w != 1.0 {
                return Err(bad(
                    "weight",
                    w,
                    "no weight: set drift_factor and diffusion_factor instead",
                ));
            }
            for (what, v) in [
                ("drift_factor", drift_factor),
                ("diffusion_factor", diffusion_factor),
            ] {
                if !v.is_finite() {
                    return Err(bad(what, v, "a finite value"));
                }
            }
            Ok((drift_factor, diffusion_factor))
        }
        _ => Ok((finite_weight(model.nest_name(), w)?, 0.0)),
    }
}

/// Where a target lives in this process.
#[derive(Clone, Copy)]
struct Place {
    /// The engine's slot among this process's engines.
    slot: usize,
    /// Ring offset of the target's first input channel.
    offset: u32,
    /// The target's row in the engine.
    row: u32,
}

/// The spike connections of one connect call, to be stored by the engines owning their targets.
struct SpikeCall<'a> {
    /// The number of the connect call (keys the connections' serial numbers).
    call: u64,
    /// The store added for the call's synapse model; `None` for static synapses, whose store
    /// is the one for the kind of the target's input channel.
    store: Option<usize>,
    syn: &'a SynSpec,
    pairs: &'a [(u32, u32)],
    ends: &'a Ends,
    grid: &'a Grid,
    /// Where each target position of the call lives.
    targets: Vec<Option<Place>>,
    /// The model name of every population.
    post_names: Vec<&'static str>,
    /// What every population sends and accepts.
    signals: Vec<Signal>,
}

impl SpikeCall<'_> {
    /// Stores every connection and returns the smallest and largest delay in steps. When this
    /// process runs all engines and values are drawn per target, each engine draws and stores
    /// its own targets' connections in parallel; otherwise one pass draws and checks every
    /// connection, also those whose target another process owns, so that all processes agree
    /// on errors. Either way each stream is drawn in pair order, so the values are the same.
    fn store(
        &self,
        drawing: Drawing<'_>,
        pool: Option<&rayon::ThreadPool>,
        engines: &mut [Engine],
    ) -> Result<(u64, u64)> {
        let single_process = self.targets.iter().all(Option::is_some);
        if !single_process || drawing.by_source() || engines.len() == 1 {
            let mut drawing = drawing;
            return self
                .store_pairs(&mut drawing, engines, 0, true)
                .map_err(|(_, e)| e);
        }
        let results = Network::map_engines(pool, engines, |slot, engine| {
            let mut own_drawing = drawing.fresh();
            self.store_pairs(&mut own_drawing, std::slice::from_mut(engine), slot, false)
        });
        // The error of the first failing pair, as one pass would report it.
        let mut range = (u64::MAX, 0);
        let mut first_error: Option<(usize, Error)> = None;
        for r in results {
            match r {
                Ok((a, b)) => range = (range.0.min(a), range.1.max(b)),
                Err((k, e)) if first_error.as_ref().is_none_or(|(f, _)| k < *f) => {
                    first_error = Some((k, e))
                }
                Err(_) => {}
            }
        }
        match first_error {
            Some((_, e)) => Err(e),
            None => Ok(range),
        }
    }

    /// Draws, checks and stores the connections whose target is owned by `engines` (local
    /// engines `first..first + engines.len()`); with `draw_all`, draws and checks the others too.
    /// An error comes with the index of its pair.
    fn store_pairs(
        &self,
        drawing: &mut Drawing<'_>,
        engines: &mut [Engine],
        first: usize,
        draw_all: bool,
    ) -> std::result::Result<(u64, u64), (usize, Error)> {
        self.reserve(engines, first);
        let (mut dmin, mut dmax) = (u64::MAX, 0u64);
        let mut delay_cache: Option<(f64, u16)> = None;
        let mine = first..first + engines.len();
        for (k, &(s, t)) in self.pairs.iter().enumerate() {
            let pop = self.ends.tgt[t as usize].0;
            self.check_signals(self.ends.src[s as usize].0, pop)
                .map_err(|e| (k, e))?;
            let owner = self.targets[t as usize].filter(|p| mine.contains(&p.slot));
            if owner.is_none() && !draw_all {
                continue;
            }
            let (w, d_ms) = drawing.draw(s, t).map_err(|e| (k, e))?;
            let d = match delay_cache {
                Some((ms, st)) if ms == d_ms => st,
                _ => {
                    let st = table_delay(self.grid, d_ms).map_err(|e| (k, e))?;
                    delay_cache = Some((d_ms, st));
                    st
                }
            };
            let w = finite_weight("connect", w).map_err(|e| (k, e))?;
            let chunk = &engines[0].chunks[pop];
            let ch = chunk
                .spike_channel(self.syn.receptor, w)
                .map_err(|e| (k, e))?;
            let input = chunk.spike_input(ch);
            let store = self.store_for(input, pop).map_err(|e| (k, e))?;
            dmin = dmin.min(u64::from(d));
            dmax = dmax.max(u64::from(d));
            let Some(place) = owner else {
                continue;
            };
            let wire = Wire {
                source: self.ends.src[s as usize].2 as u32,
                offset: place.offset + ch as u32,
                row: place.row,
                channel: ch as u8,
                weight: w,
                weight2: 0.0,
                delay: d,
                receptor: self.syn.receptor as u16,
                input,
                serial: serial(self.call, k),
            };
            engines[place.slot - first].stores[store].push(&wire);
        }
        Ok((dmin, dmax))
    }

    /// Whether population `pre` may connect to population `post` (nodes.h's signal check).
    fn check_signals(&self, pre: usize, post: usize) -> Result<()> {
        let (sent, accepted) = (self.signals[pre], self.signals[post]);
        if sent.reaches(accepted) {
            return Ok(());
        }
        Err(Error::Incompatible {
            synapse: self.syn.model.nest_name(),
            pre: self.post_names[pre],
            post: self.post_names[post],
            reason: format!(
                "{} sends {}, and {} accepts {} only (NEST: IllegalConnection)",
                self.post_names[pre],
                sent.describe(),
                self.post_names[post],
                accepted.describe()
            ),
        })
    }

    /// Reserves room in the stores of `engines` (the first is engine `first`) for the pairs
    /// they will hold, so that the stores do not grow by copying (a hint: a population whose
    /// store cannot be told in advance reserves nothing).
    fn reserve(&self, engines: &mut [Engine], first: usize) {
        let n_pops = engines.first().map_or(0, |e| e.chunks.len());
        let mut counts = vec![vec![0usize; n_pops]; engines.len()];
        for &(_, t) in self.pairs {
            let Some(place) = self.targets[t as usize] else {
                continue;
            };
            if let Some(c) = counts.get_mut(place.slot.wrapping_sub(first)) {
                c[self.ends.tgt[t as usize].0] += 1;
            }
        }
        for (engine, counts) in engines.iter_mut().zip(counts) {
            for (pop, n) in counts.into_iter().enumerate().filter(|&(_, n)| n > 0) {
                let chunk = &engine.chunks[pop];
                let Ok(ch) = chunk.spike_channel(self.syn.receptor, 1.0) else {
                    continue;
                };
                if let Ok(s) = self.store_for(chunk.spike_input(ch), pop) {
                    engine.stores[s].reserve(n);
                }
            }
        }
    }

    /// The store of a connection onto an input channel of kind `input` of population `pop`.
    fn store_for(&self, input: SpikeInput, pop: usize) -> Result<usize> {
        match (self.store, input) {
            (None, _) => Ok(store::static_for(input)),
            (Some(s), SpikeInput::Weight | SpikeInput::Count) => Ok(s),
            (Some(_), _) => Err(Error::Incompatible {
                synapse: self.syn.model.nest_name(),
                pre: "",
                post: self.post_names[pop],
                reason: format!(
                    "receptor {} {}, which only static synapses deliver; connect to it with static_synapse",
                    self.syn.receptor, "decodes binary neurons' changes of state"
                ),
            }),
        }
    }
}
