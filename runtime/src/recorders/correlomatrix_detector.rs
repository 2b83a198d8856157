//! NEST's correlomatrix_detector (models/correlomatrix_detector.cpp): the covariance matrix of
//! the spike trains of `N` channels, for lags `0..=tau_max` in bins of `delta_tau`, weighted by
//! the connections' weights and counted.
//!
//! Each spike is first added to the history, then compared with every spike in it, itself
//! included: the pair's lag goes to `[i][j]` with `i` the channel of the later spike (the
//! handled one when they coincide) and bin 0 also to `[j][i]`, except for a spike with itself.
//! Spikes are taken in NEST's order of handling (slice by slice, node by node, each node's in
//! time order); only spikes stamped in `[Tstart, Tstop]` add.

use std::any::Any;
use std::collections::VecDeque;

use super::correlation_detector::{CorrelationSpec, step_of};
use super::{Active, ProbeRef, Recorder, Rows, Slice, by_node};
use crate::error::{Error, Result};
use crate::nodes::NodeCollection;
use crate::sim::Simulator;
use crate::time::Grid;

/// What a correlomatrix_detector has measured (NEST's status entries of the same names).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CovarianceMatrix {
    /// `covariance[i][j][bin]`: summed products of the weights.
    pub covariance: Vec<Vec<Vec<f64>>>,
    /// `count_covariance[i][j][bin]`: number of pairs.
    pub count_covariance: Vec<Vec<Vec<u64>>>,
    /// Spikes of each channel that counted.
    pub n_events: Vec<u64>,
}

/// Handle of a correlomatrix_detector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorrelomatrixId(usize);

#[derive(Clone, Copy, Debug)]
struct Kept {
    step: i64,
    weight: f64,
    channel: usize,
}

pub(crate) struct CorrelomatrixDetector {
    /// Each node's (channel, weight) connections to the detector.
    ports: Vec<Vec<(usize, f64)>>,
    delta: i64,
    tau_edge: f64,
    t_start: i64,
    t_stop: i64,
    active: Active,
    incoming: VecDeque<Kept>,
    result: CovarianceMatrix,
}

impl CorrelomatrixDetector {
    fn empty(channels: usize, bins: usize) -> CovarianceMatrix {
        CovarianceMatrix {
            covariance: vec![vec![vec![0.0; bins]; channels]; channels],
            count_covariance: vec![vec![vec![0; bins]; channels]; channels],
            n_events: vec![0; channels],
        }
    }

    fn new(spec: &CorrelationSpec, grid: &Grid, n_nodes: usize, channels: usize) -> Result<Self> {
        let active = Active::new(spec.window, grid, "correlomatrix_detector")?;
        let (delta, tau_max) = spec.steps(grid, "correlomatrix_detector", 5)?;
        // NEST centres bin 0 on zero lag: an odd number of steps per bin.
        if delta % 2 != 1 {
            return Err(Error::InvalidParameter {
                model: "correlomatrix_detector",
                name: "delta_tau".into(),
                value: delta as f64 * grid.h(),
                unit: "ms",
                expected: format!("an odd multiple of the resolution {} ms", grid.h()),
            });
        }
        Ok(CorrelomatrixDetector {
            ports: vec![Vec::new(); n_nodes],
            delta,
            tau_edge: tau_max as f64 + 0.5 * delta as f64,
            t_start: step_of(spec.t_start, grid),
            t_stop: step_of(spec.t_stop, grid),
            active,
            incoming: VecDeque::new(),
            result: Self::empty(channels, (1 + tau_max / delta) as usize),
        })
    }

    /// The bin of a lag `d` (steps) between channels in the order `first <= second`, or the
    /// reverse (correlomatrix_detector::handle).
    fn bin(&self, d: i64, ordered: bool) -> usize {
        let (half, delta) = (0.5 * self.delta as f64, self.delta as f64);
        let lag = d.abs() as f64;
        if ordered {
            // -floor((δ/2 - |d|) / δ): 0 within half a bin, then 1, 2, ...
            let b = -((half - lag) / delta).floor();
            b as usize
        } else {
            ((half + lag) / delta).floor() as usize
        }
    }

    /// One spike of `channel` stamped `stamp` with weight `w`; `slice_len` bounds how far out
    /// of time order spikes arrive.
    fn handle(&mut self, channel: usize, stamp: i64, w: f64, slice_len: i64) {
        let at = (self.incoming.iter())
            .position(|s| s.step > stamp)
            .unwrap_or(self.incoming.len());
        let new = Kept {
            step: stamp,
            weight: w,
            channel,
        };
        self.incoming.insert(at, new);
        let keep = self.tau_edge + slice_len as f64;
        while (self.incoming.front()).is_some_and(|s| (stamp - s.step) as f64 >= keep) {
            self.incoming.pop_front();
        }
        if !(self.t_start <= stamp && stamp <= self.t_stop) {
            return;
        }
        self.result.n_events[channel] += 1;
        for k in 0..self.incoming.len() {
            let other = self.incoming[k];
            let (i, j) = if stamp < other.step {
                (other.channel, channel)
            } else {
                (channel, other.channel)
            };
            let bin = self.bin(stamp - other.step, i <= j);
            let r = &mut self.result;
            if bin >= r.covariance[i][j].len() {
                continue;
            }
            let product = w * other.weight;
            r.covariance[i][j][bin] += product;
            r.count_covariance[i][j][bin] += 1;
            if bin == 0 && (stamp != other.step || other.channel != channel) {
                r.covariance[j][i][bin] += product;
                r.count_covariance[j][i][bin] += 1;
            }
        }
    }
}

impl Recorder for CorrelomatrixDetector {
    fn collect(&mut self, slice: &Slice<'_>, _: &mut [&mut ProbeRef], _: Rows<'_>) -> u64 {
        let slice_len = (slice.end - slice.from) as i64;
        let before: u64 = self.result.n_events.iter().sum();
        for (node, s) in by_node(slice.spikes) {
            let stamp = s as i64 + 1;
            if !self.active.records(stamp) {
                continue;
            }
            let Some(ports) = self.ports.get(node as usize).cloned() else {
                continue;
            };
            for (channel, w) in ports {
                self.handle(channel, stamp, w, slice_len);
            }
        }
        self.result.n_events.iter().sum::<u64>() - before
    }
    fn clear(&mut self) {
        let (n, bins) = (
            self.result.n_events.len(),
            self.result.covariance[0][0].len(),
        );
        self.result = Self::empty(n, bins);
    }
    fn model(&self) -> &'static str {
        "correlomatrix_detector"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Simulator {
    /// A correlomatrix_detector over `channels`: channel `k` receives the spikes of its nodes
    /// with their weight (NEST connects them on receptor `k`).
    pub fn correlomatrix_detector(
        &mut self,
        spec: &CorrelationSpec,
        channels: &[(&NodeCollection, f64)],
    ) -> Result<CorrelomatrixId> {
        if channels.is_empty() {
            return Err(Error::InvalidParameter {
                model: "correlomatrix_detector",
                name: "N_channels".into(),
                value: 0.0,
                unit: "",
                expected: "at least one channel".into(),
            });
        }
        let net = self.network();
        let mut d = CorrelomatrixDetector::new(spec, &net.grid, net.n_nodes, channels.len())?;
        for (k, (nodes, w)) in channels.iter().enumerate() {
            net.check(nodes)?;
            crate::wiring::finite_weight("correlomatrix_detector", *w)?;
            nodes.node_indices().for_each(|i| d.ports[i].push((k, *w)));
        }
        Ok(CorrelomatrixId(self.add_memory_recorder(Box::new(d))?))
    }

    /// What a correlomatrix_detector has measured; `None` for a handle of another simulator.
    pub fn covariance_matrix(&self, id: CorrelomatrixId) -> Option<&CovarianceMatrix> {
        Some(&self.recorder::<CorrelomatrixDetector>(id.0)?.result)
    }
}
