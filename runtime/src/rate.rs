//! Rate coupling: what rate neurons send each other every step, and the connections that carry
//! it (NEST's secondary events: `rate_connection_instantaneous`, `rate_connection_delayed` and
//! `diffusion_connection`).
//!
//! A rate node sends one value per step: the value it holds at the start of the step (NEST's
//! `new_rates[lag]`, models/rate_neuron_ipn_impl.h). An instantaneous connection delivers the
//! sender's value of step `s` to the receiver's update of the same step `s`; a delayed one with
//! `d` steps to the receiver's update of step `s + d`. This is what NEST computes when its
//! waveform-relaxation iteration has converged (nestkernel/simulation_manager.cpp); here the
//! values are exchanged every step, so no iteration is needed and the result does not depend on
//! a tolerance.
//!
//! The values live in a history indexed by step, shared by all threads: every thread writes the
//! outputs of its own nodes after each step and reads any node's output when gathering the
//! input of its own nodes, so results do not depend on the number of threads.

use crate::rng::{Stream, streams};
use crate::store::{ConnectionStore, End, Gather, Reported, Wire};

/// How a model exchanges with other nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// Sends and receives spikes (and currents from devices).
    Spiking,
    /// Sends and receives rates through rate connections (rate neurons and transformers).
    Rate,
    /// Sends rates and receives drift and diffusion through diffusion connections
    /// (siegert_neuron).
    Diffusion,
}

impl NodeKind {
    /// The connection models that can end on a node of this kind.
    pub fn accepts(self) -> &'static str {
        match self {
            NodeKind::Spiking => "static_synapse",
            NodeKind::Rate => "rate_connection_instantaneous or rate_connection_delayed",
            NodeKind::Diffusion => "diffusion_connection",
        }
    }
}

/// The synapse model of a `connect` call (NEST's `synapse_model`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SynapseModel {
    /// A spike connection with weight and delay (`static_synapse`).
    Static,
    /// A rate connection without delay (`rate_connection_instantaneous`).
    RateInstantaneous,
    /// A rate connection with a delay (`rate_connection_delayed`).
    RateDelayed,
    /// A siegert_neuron's input: the sender's rate times `drift_factor` adds to the target's
    /// mean input, times `diffusion_factor` to its input variance (`diffusion_connection`).
    Diffusion {
        /// Factor from rate (1/s) to mean input (mV).
        drift_factor: f64,
        /// Factor from rate (1/s) to input variance (mV²).
        diffusion_factor: f64,
    },
}

impl SynapseModel {
    /// NEST's name.
    pub fn nest_name(&self) -> &'static str {
        match self {
            SynapseModel::Static => "static_synapse",
            SynapseModel::RateInstantaneous => "rate_connection_instantaneous",
            SynapseModel::RateDelayed => "rate_connection_delayed",
            SynapseModel::Diffusion { .. } => "diffusion_connection",
        }
    }

    /// The kind of node this synapse model connects (both ends must be of it).
    pub fn node_kind(&self) -> NodeKind {
        match self {
            SynapseModel::Static => NodeKind::Spiking,
            SynapseModel::RateInstantaneous | SynapseModel::RateDelayed => NodeKind::Rate,
            SynapseModel::Diffusion { .. } => NodeKind::Diffusion,
        }
    }
}

/// What a model's update needs to know about the step beyond its own state.
#[derive(Clone, Copy, Debug)]
pub struct StepCtx {
    /// The step being computed (from its start to its end).
    pub step: u64,
    /// The simulation seed.
    pub seed: u64,
    /// Global index of the first neuron of the updated chunk.
    pub first_node: usize,
    /// Whether RKF45 models integrate four neurons at once in SIMD lanes (the same results,
    /// bit for bit, as one at a time); see [`crate::Simulator::set_simd_lanes`].
    pub lanes: bool,
}

impl StepCtx {
    /// A standard normal draw for neuron `i` of the chunk at this step: a pure function of
    /// (seed, node, step), so it is the same for any number of threads and may be drawn twice.
    #[inline]
    pub fn normal(&self, i: usize) -> f64 {
        Stream::new(
            self.seed,
            (self.first_node + i) as u64,
            streams::NEURON_NOISE + self.step,
        )
        .normal()
    }

    /// The random stream of neuron `i` of the chunk at this step (keyed by seed, node and step,
    /// as [`normal`](Self::normal)), for models that draw more than one number.
    #[inline]
    pub fn stream(&self, i: usize) -> Stream {
        Stream::new(
            self.seed,
            (self.first_node + i) as u64,
            streams::NEURON_NOISE + self.step,
        )
    }

    /// The same context one step later.
    pub fn next(&self) -> StepCtx {
        StepCtx {
            step: self.step + 1,
            ..*self
        }
    }
}

/// One rate connection: (target row, source history index, weight, second factor, delay in
/// steps, input channel).
pub(crate) type RateEntry = (u32, u32, f64, f64, u16, u8);

/// Rate connections ending on one thread's nodes, by target row (compressed sparse rows).
#[derive(Default)]
pub(crate) struct RateSynapses {
    /// Rows: (population, local index in the chunk); row of a chunk's node `j` is
    /// `row_start_of_pop[p] + j`.
    pub(crate) start: Vec<u32>,
    pub(crate) source: Vec<u32>,
    pub(crate) weight: Vec<f64>,
    /// Second factor (diffusion); unused (0) otherwise.
    pub(crate) weight2: Vec<f64>,
    pub(crate) delay: Vec<u16>,
    pub(crate) channel: Vec<u8>,
    /// Connections made since the last finalize: (row, source node, w, w2, delay, channel).
    pending: Vec<RateEntry>,
    /// Number of rows the finalized connections are laid out in.
    rows: usize,
}

impl RateSynapses {
    pub(crate) fn add(&mut self, row: u32, source: u32, w: f64, w2: f64, delay: u16, ch: u8) {
        self.pending.push((row, source, w, w2, delay, ch));
    }

    pub(crate) fn len(&self) -> usize {
        self.source.len() + self.pending.len()
    }

    /// Every connection as (row, source, w, w2, delay, channel), in creation order per row.
    pub(crate) fn entries(&self) -> Vec<RateEntry> {
        let mut out = Vec::with_capacity(self.len());
        for r in 0..self.rows {
            for k in self.start[r] as usize..self.start[r + 1] as usize {
                out.push((
                    r as u32,
                    self.source[k],
                    self.weight[k],
                    self.weight2[k],
                    self.delay[k],
                    self.channel[k],
                ));
            }
        }
        out.extend_from_slice(&self.pending);
        out
    }

    /// Merges pending connections into `rows` rows, keeping creation order within each row.
    pub(crate) fn finalize(&mut self, rows: usize) {
        if self.pending.is_empty() && self.rows == rows {
            return;
        }
        let mut all = self.entries();
        // A stable sort keeps creation order within a row.
        all.sort_by_key(|e| e.0);
        self.start = vec![0; rows + 1];
        for e in &all {
            self.start[e.0 as usize + 1] += 1;
        }
        for r in 0..rows {
            self.start[r + 1] += self.start[r];
        }
        self.source = all.iter().map(|e| e.1).collect();
        self.weight = all.iter().map(|e| e.2).collect();
        self.weight2 = all.iter().map(|e| e.3).collect();
        self.delay = all.iter().map(|e| e.4).collect();
        self.channel = all.iter().map(|e| e.5).collect();
        self.pending.clear();
        self.rows = rows;
    }

    pub(crate) fn bytes(&self) -> usize {
        self.start.len() * 4 + self.source.len() * (4 + 8 + 8 + 2 + 1)
    }

    /// Longest delay in steps.
    pub(crate) fn max_delay(&self) -> u64 {
        self.delay
            .iter()
            .chain(self.pending.iter().map(|e| &e.4))
            .copied()
            .max()
            .unwrap_or(0) as u64
    }

    /// Whether any connection is instantaneous.
    pub(crate) fn has_instantaneous(&self) -> bool {
        self.delay.contains(&0) || self.pending.iter().any(|e| e.4 == 0)
    }
}

/// The values rate nodes sent, for the last `len` steps: step `s` lives in row `s % len`.
#[derive(Default)]
pub(crate) struct RateHistory {
    len: usize,
    width: usize,
    values: Vec<f64>,
}

impl RateHistory {
    /// Sizes the history for `width` rate nodes and delays up to `len - 1` steps, keeping the
    /// values of the steps `now - old len + 1 ..= now` where they fit.
    pub(crate) fn ensure(&mut self, now: u64, len: usize, width: usize) {
        let len = len.max(self.len).max(1);
        let width = width.max(self.width);
        if len == self.len && width == self.width {
            return;
        }
        let mut values = vec![0.0; len * width];
        for back in 0..self.len.min(now as usize + 1) as u64 {
            let s = now - back;
            let from = (s % self.len as u64) as usize * self.width;
            let to = (s % len as u64) as usize * width;
            values[to..to + self.width].copy_from_slice(&self.values[from..from + self.width]);
        }
        self.len = len;
        self.width = width;
        self.values = values;
    }

    /// The value node `index` sent at `step`.
    #[inline]
    pub(crate) fn get(&self, step: u64, index: u32) -> f64 {
        self.values[(step % self.len as u64) as usize * self.width + index as usize]
    }

    /// Stores the value node `index` sends at `step`.
    #[inline]
    pub(crate) fn set(&mut self, step: u64, index: u32, value: f64) {
        self.values[(step % self.len as u64) as usize * self.width + index as usize] = value;
    }

    pub(crate) fn bytes(&self) -> usize {
        self.values.len() * 8
    }
}

/// Rate connections as one of an engine's connection stores: before a rate node's update, each
/// connection adds the value its source sent `delay` steps earlier (transformed first when the
/// node sums non-linearly) to the node's input, in creation order.
impl ConnectionStore for RateSynapses {
    fn push(&mut self, w: &Wire) {
        self.add(w.row, w.source, w.weight, w.weight2, w.delay, w.channel);
    }
    fn len(&self) -> usize {
        RateSynapses::len(self)
    }
    fn bytes(&self) -> usize {
        RateSynapses::bytes(self)
    }
    fn bytes_per_new(&self, _drawn: bool) -> usize {
        // A pending entry, and the call's drawn weights and delays.
        std::mem::size_of::<RateEntry>() + 16
    }
    fn mark(&self) -> usize {
        self.pending.len()
    }
    fn truncate(&mut self, mark: usize) {
        self.pending.truncate(mark);
    }
    fn finalize(&mut self, _sources: usize, rows: usize) {
        RateSynapses::finalize(self, rows);
    }
    fn gather(&self, at: &mut Gather<'_>) {
        let rows = at.rows();
        if self.start.len() <= rows.start + 1 {
            return;
        }
        let s = at.step();
        for (j, row) in rows.enumerate() {
            if row + 1 >= self.start.len() {
                break;
            }
            let transforms = at.transforms(j);
            for k in self.start[row] as usize..self.start[row + 1] as usize {
                let d = self.delay[k] as u64;
                if d > s {
                    continue; // nothing was sent before the simulation started
                }
                let mut v = at.rate(s - d, self.source[k]);
                if transforms {
                    v = at.transform(j, v);
                }
                let ch = self.channel[k] as usize;
                at.add(j, ch, self.weight[k] * v);
                if self.weight2[k] != 0.0 {
                    at.add(j, ch + 1, self.weight2[k] * v);
                }
            }
        }
    }
    fn slice_limit(&self) -> Option<u64> {
        if self.has_instantaneous() {
            return Some(1);
        }
        let finalized = self.delay.iter();
        let pending = self.pending.iter().map(|e| &e.4);
        finalized.chain(pending).min().map(|&d| u64::from(d))
    }
    fn rate_history(&self) -> u64 {
        self.max_delay()
    }
    fn each(&self, f: &mut dyn FnMut(Reported)) {
        for (row, source, weight, _, delay, _) in self.entries() {
            f(Reported {
                source,
                target: End::Row(row),
                weight,
                delay,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_creation_order_and_survive_refinalizing() {
        let mut s = RateSynapses::default();
        s.add(1, 7, 0.5, 0.0, 0, 0);
        s.add(0, 3, 1.0, 0.0, 2, 2);
        s.add(1, 4, -0.5, 0.0, 0, 1);
        s.finalize(2);
        assert_eq!(s.start, vec![0, 1, 3]);
        assert_eq!(s.source, vec![3, 7, 4]);
        s.add(0, 9, 2.0, 0.0, 1, 2);
        s.finalize(3);
        assert_eq!(s.start, vec![0, 2, 4, 4]);
        assert_eq!(s.source, vec![3, 9, 7, 4]);
        assert_eq!(s.max_delay(), 2);
        assert!(s.has_instantaneous());
    }

    #[test]
    fn history_keeps_recent_steps_when_it_grows() {
        let mut h = RateHistory::default();
        h.ensure(0, 2, 1);
        h.set(4, 0, 4.0);
        h.set(5, 0, 5.0);
        h.ensure(5, 4, 2);
        assert_eq!(h.get(4, 0), 4.0);
        assert_eq!(h.get(5, 0), 5.0);
        assert_eq!(h.get(5, 1), 0.0);
    }

    #[test]
    fn noise_is_a_function_of_node_and_step() {
        let a = StepCtx {
            step: 10,
            seed: 3,
            first_node: 5,
            lanes: false,
        };
        let b = StepCtx {
            step: 10,
            seed: 3,
            first_node: 0,
            lanes: false,
        };
        assert_eq!(a.normal(1), b.normal(6));
        assert_ne!(a.normal(1), a.next().normal(1));
    }
}
