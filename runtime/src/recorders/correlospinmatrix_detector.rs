//! NEST's correlospinmatrix_detector (models/correlospinmatrix_detector.cpp): the raw
//! auto- and cross-correlation of binary neurons' states, `count_covariance[i][j][t0 - Δ]`
//! accumulating the time (steps) both channel `i` at `t` and channel `j` at `t + Δ δ` were 1.
//!
//! It decodes states from the spikes of its channels, as NEST does: two spikes of one channel
//! with one stamp are a change to 1, a single one a change to 0, which is known only when the
//! next spike arrives; at each change to 0 the finished pulse is correlated with the pulses
//! kept. Spikes are taken in NEST's order of handling (slice by slice, node by node, each
//! node's in time order), each spike alone.

use std::any::Any;
use std::collections::VecDeque;

use super::correlation_detector::CorrelationSpec;
use super::{Active, ProbeRef, Recorder, Rows, Slice, by_node};
use crate::error::{Error, Result};
use crate::nodes::NodeCollection;
use crate::sim::Simulator;

/// Handle of a correlospinmatrix_detector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorrelospinmatrixId(usize);

/// A finished pulse of state 1: its steps and channel.
#[derive(Clone, Copy, Debug)]
struct Pulse {
    on: i64,
    off: i64,
    channel: usize,
}

pub(crate) struct CorrelospinmatrixDetector {
    /// Each node's channel, if it is connected.
    channel_of: Vec<Option<usize>>,
    delta: i64,
    tau_max: i64,
    active: Active,
    pulses: VecDeque<Pulse>,
    state: Vec<bool>,
    last_change: Vec<i64>,
    last_channel: usize,
    last_stamp: i64,
    tentative_down: bool,
    /// `count_covariance[i][j][bin]`.
    counts: Vec<Vec<Vec<i64>>>,
}

impl CorrelospinmatrixDetector {
    /// One spike of channel `c` stamped `stamp` (multiplicity 1).
    fn handle(&mut self, c: usize, stamp: i64, slice_len: i64) {
        let mut down = false;
        if c == self.last_channel && stamp == self.last_stamp {
            self.state[c] = true;
            self.last_change[c] = stamp;
            self.tentative_down = false;
        } else {
            down = self.tentative_down;
            self.tentative_down = true;
        }
        if down {
            self.finish_pulse(slice_len);
        }
        self.last_channel = c;
        self.last_stamp = stamp;
    }

    /// The channel of the last spike went to 0 at that spike: correlate its pulse.
    fn finish_pulse(&mut self, slice_len: i64) {
        let i = self.last_channel;
        let (on, off) = (self.last_change[i], self.last_stamp);
        let first_on = (0..self.state.len())
            .filter(|&n| self.state[n])
            .map(|n| self.last_change[n])
            .fold(on, i64::min);
        let edge = self.tau_max + self.delta + slice_len;
        while (self.pulses.front()).is_some_and(|p| first_on - p.off >= edge) {
            self.pulses.pop_front();
        }
        let at = (self.pulses.iter())
            .position(|p| p.off > off)
            .unwrap_or(self.pulses.len());
        let pulse = Pulse {
            on,
            off,
            channel: i,
        };
        self.pulses.insert(at, pulse);
        for k in 0..self.pulses.len() {
            let p = self.pulses[k];
            self.correlate(pulse, p);
        }
        self.last_change[i] = off;
    }

    /// Adds the overlaps of pulse `a` (channel i) with pulse `b` (channel j) at every lag.
    fn correlate(&mut self, a: Pulse, b: Pulse) {
        let (i, j) = (a.channel, b.channel);
        let (dt, t0) = (self.delta, self.tau_max / self.delta);
        let overlap = |shift: i64| a.off.min(b.off - shift) - a.on.max(b.on - shift);
        let lag = overlap(0);
        if lag > 0 {
            self.counts[i][j][t0 as usize] += lag;
            if i != j {
                self.counts[j][i][t0 as usize] += lag;
            }
        }
        // Integer division truncates toward zero, as in C++.
        let lowest = (b.on - a.off).max(-self.tau_max) / dt;
        let highest = (b.off - a.on).min(self.tau_max) / dt;
        let mut add = |d: i64| {
            let lag = overlap(d * dt);
            if lag > 0 {
                self.counts[i][j][(t0 - d) as usize] += lag;
                self.counts[j][i][(t0 + d) as usize] += lag;
            }
        };
        (lowest..0).for_each(&mut add);
        if i != j {
            (1..=highest).for_each(&mut add);
        }
    }
}

impl Recorder for CorrelospinmatrixDetector {
    fn collect(&mut self, slice: &Slice<'_>, _: &mut [&mut ProbeRef], _: Rows<'_>) -> u64 {
        let slice_len = (slice.end - slice.from) as i64;
        let mut n = 0;
        for (node, s) in by_node(slice.spikes) {
            let stamp = s as i64 + 1;
            if !self.active.records(stamp) {
                continue;
            }
            if let Some(Some(c)) = self.channel_of.get(node as usize) {
                self.handle(*c, stamp, slice_len);
                n += 1;
            }
        }
        n
    }
    fn clear(&mut self) {
        for row in &mut self.counts {
            for bins in row {
                bins.iter_mut().for_each(|b| *b = 0);
            }
        }
    }
    fn model(&self) -> &'static str {
        "correlospinmatrix_detector"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Simulator {
    /// A correlospinmatrix_detector over `channels` of binary neurons (NEST connects channel
    /// `k`'s neurons on receptor `k`). Tstart and Tstop are accepted and, as in NEST 3.10,
    /// not used.
    pub fn correlospinmatrix_detector(
        &mut self,
        spec: &CorrelationSpec,
        channels: &[&NodeCollection],
    ) -> Result<CorrelospinmatrixId> {
        let model = "correlospinmatrix_detector";
        let active = Active::new(spec.window, &self.network().grid, model)?;
        if channels.is_empty() {
            return Err(Error::InvalidParameter {
                model,
                name: "N_channels".into(),
                value: 0.0,
                unit: "",
                expected: "at least one channel".into(),
            });
        }
        let net = self.network();
        let (delta, tau_max) = spec.steps(&net.grid, model, 1)?;
        let n = channels.len();
        let bins = (1 + 2 * tau_max / delta) as usize;
        let mut channel_of = vec![None; net.n_nodes];
        for (k, nodes) in channels.iter().enumerate() {
            net.check(nodes)?;
            nodes.node_indices().for_each(|i| channel_of[i] = Some(k));
        }
        let d = CorrelospinmatrixDetector {
            channel_of,
            delta,
            tau_max,
            active,
            pulses: VecDeque::new(),
            state: vec![false; n],
            last_change: vec![0; n],
            last_channel: 0,
            last_stamp: i64::MIN,
            tentative_down: false,
            counts: vec![vec![vec![0; bins]; n]; n],
        };
        Ok(CorrelospinmatrixId(self.add_memory_recorder(Box::new(d))?))
    }

    /// `count_covariance[i][j][bin]` of a correlospinmatrix_detector; `None` for a handle of
    /// another simulator.
    pub fn count_covariance(&self, id: CorrelospinmatrixId) -> Option<&Vec<Vec<Vec<i64>>>> {
        Some(&self.recorder::<CorrelospinmatrixDetector>(id.0)?.counts)
    }
}
