//! NEST's correlation_detector (models/correlation_detector.cpp): the histogram of the time
//! differences between the spikes of two sets of nodes, weighted by the connections' weights
//! and counted.
//!
//! Each spike is compared with the spikes of the other port seen before it, within
//! `tau_max + delta_tau / 2`; bin `k` holds the differences `t_1 - t_0` in
//! `[(k - K) δ - δ/2, (k - K) δ + δ/2)` with `K = tau_max / δ` (right edge open for port 0's
//! spikes, left for port 1's). Spikes are taken in NEST's order of handling: slice by slice,
//! node by node, each node's spikes in time order. Only spikes stamped in `[Tstart, Tstop]`
//! add to the histograms and to `n_events`.

use std::any::Any;
use std::collections::VecDeque;

use super::{Active, ProbeRef, Recorder, Rows, Slice, by_node};
use crate::devices::Window;
use crate::error::{Error, Result};
use crate::nodes::NodeCollection;
use crate::sim::Simulator;
use crate::time::Grid;

/// The parameters of a correlation_detector, correlomatrix_detector or
/// correlospinmatrix_detector (ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CorrelationSpec {
    /// Width of a bin; a multiple of the resolution (`None`: NEST's default, 5 steps; 1 step
    /// for the correlospinmatrix_detector).
    pub delta_tau: Option<f64>,
    /// Largest time difference; a multiple of `delta_tau` (`None`: 10 bins).
    pub tau_max: Option<f64>,
    /// First stamp that counts.
    pub t_start: f64,
    /// Last stamp that counts.
    pub t_stop: f64,
    /// The device's activity window (spikes stamped outside it are ignored altogether).
    pub window: Window,
}

impl Default for CorrelationSpec {
    fn default() -> Self {
        CorrelationSpec {
            delta_tau: None,
            tau_max: None,
            t_start: 0.0,
            t_stop: f64::INFINITY,
            window: Window::default(),
        }
    }
}

/// What a correlation_detector has measured (NEST's status entries of the same names).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Correlation {
    /// Sum of the products of the two spikes' weights per bin (Kahan-summed).
    pub histogram: Vec<f64>,
    /// The Kahan correction of each bin.
    pub histogram_correction: Vec<f64>,
    /// Number of spike pairs per bin.
    pub count_histogram: Vec<u64>,
    /// Spikes of each port that counted.
    pub n_events: [u64; 2],
}

impl Correlation {
    /// Nothing measured yet, in `bins` bins.
    fn empty(bins: usize) -> Self {
        Correlation {
            histogram: vec![0.0; bins],
            histogram_correction: vec![0.0; bins],
            count_histogram: vec![0; bins],
            n_events: [0, 0],
        }
    }
}

/// Handle of a correlation_detector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorrelationId(usize);

/// A spike kept for comparison: its step and weight.
#[derive(Clone, Copy, Debug)]
struct Kept {
    step: i64,
    weight: f64,
}

pub(crate) struct CorrelationDetector {
    /// Weight of each node's connection to each port (`None`: not connected).
    weights: Vec<[Option<f64>; 2]>,
    delta: i64,
    tau_edge: f64,
    t_start: i64,
    t_stop: i64,
    active: Active,
    incoming: [VecDeque<Kept>; 2],
    result: Correlation,
}

impl CorrelationSpec {
    /// Bin width and largest difference in steps, checked as NEST checks them for `model`,
    /// whose default bin is `default_delta` steps.
    pub(crate) fn steps(
        &self,
        grid: &Grid,
        model: &'static str,
        default_delta: i64,
    ) -> Result<(i64, i64)> {
        let bad = |name: &str, value: f64, expected: String| Error::InvalidParameter {
            model,
            name: name.into(),
            value,
            unit: "ms",
            expected,
        };
        let delta = match self.delta_tau {
            None => default_delta,
            Some(d) if d.is_finite() && d > 0.0 && grid.on_grid(d) => {
                Grid::tics(d) / grid.tics_per_step()
            }
            Some(d) => {
                let expected = format!("a positive multiple of the resolution {} ms", grid.h());
                return Err(bad("delta_tau", d, expected));
            }
        };
        let tau_max = match self.tau_max {
            None => 10 * delta,
            Some(t) if t.is_finite() && t >= 0.0 && grid.on_grid(t) => {
                let steps = Grid::tics(t) / grid.tics_per_step();
                if steps % delta != 0 {
                    let expected =
                        format!("a multiple of delta_tau = {} ms", delta as f64 * grid.h());
                    return Err(bad("tau_max", t, expected));
                }
                steps
            }
            Some(t) => return Err(bad("tau_max", t, "a multiple of delta_tau >= 0".into())),
        };
        for (name, v) in [("Tstart", self.t_start), ("Tstop", self.t_stop)] {
            if v.is_nan() || v < 0.0 || v == f64::NEG_INFINITY {
                return Err(bad(name, v, "a time >= 0 (Tstop may be infinite)".into()));
            }
        }
        Ok((delta, tau_max))
    }
}

/// A time in ms as a step, infinity as the largest step.
pub(crate) fn step_of(ms: f64, grid: &Grid) -> i64 {
    if ms.is_infinite() {
        i64::MAX
    } else {
        Grid::tics(ms) / grid.tics_per_step()
    }
}

impl CorrelationDetector {
    fn new(spec: &CorrelationSpec, grid: &Grid, n_nodes: usize) -> Result<Self> {
        let active = Active::new(spec.window, grid, "correlation_detector")?;
        let (delta, tau_max) = spec.steps(grid, "correlation_detector", 5)?;
        let bins = (1 + 2 * tau_max / delta) as usize;
        Ok(CorrelationDetector {
            weights: vec![[None, None]; n_nodes],
            delta,
            tau_edge: tau_max as f64 + 0.5 * delta as f64,
            t_start: step_of(spec.t_start, grid),
            t_stop: step_of(spec.t_stop, grid),
            active,
            incoming: [VecDeque::new(), VecDeque::new()],
            result: Correlation::empty(bins),
        })
    }

    /// One spike of `port` stamped `stamp` with weight `w` (correlation_detector::handle).
    fn handle(&mut self, port: usize, stamp: i64, w: f64) {
        let other = 1 - port;
        let edge = self.tau_edge;
        let older = &mut self.incoming[other];
        while older
            .front()
            .is_some_and(|s| (stamp - s.step) as f64 - 0.5 * other as f64 >= edge)
        {
            older.pop_front();
        }
        if self.t_start <= stamp && stamp <= self.t_stop {
            let r = &mut self.result;
            r.n_events[port] += 1;
            let sign = 2 * port as i64 - 1;
            for s in &self.incoming[other] {
                let at = edge + (sign * (stamp - s.step)) as f64;
                let bin = (at / self.delta as f64).floor() as usize;
                // Kahan summation, as NEST sums.
                let y = w * s.weight - r.histogram_correction[bin];
                let t = r.histogram[bin] + y;
                r.histogram_correction[bin] = (t - r.histogram[bin]) - y;
                r.histogram[bin] = t;
                r.count_histogram[bin] += 1;
            }
        }
        let own = &mut self.incoming[port];
        let at = own.iter().position(|s| s.step > stamp).unwrap_or(own.len());
        own.insert(
            at,
            Kept {
                step: stamp,
                weight: w,
            },
        );
    }
}

impl Recorder for CorrelationDetector {
    fn collect(&mut self, slice: &Slice<'_>, _: &mut [&mut ProbeRef], _: Rows<'_>) -> u64 {
        let before = self.result.n_events;
        for (node, s) in by_node(slice.spikes) {
            let stamp = s as i64 + 1;
            if !self.active.records(stamp) {
                continue;
            }
            let ports = self.weights.get(node as usize).copied().unwrap_or_default();
            for (port, w) in ports.iter().enumerate() {
                if let Some(w) = w {
                    self.handle(port, stamp, *w);
                }
            }
        }
        let n = &self.result.n_events;
        (n[0] - before[0]) + (n[1] - before[1])
    }
    fn clear(&mut self) {
        self.result = Correlation::empty(self.result.histogram.len());
    }
    fn model(&self) -> &'static str {
        "correlation_detector"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Simulator {
    /// A correlation_detector of the spikes of `ports[0]` against those of `ports[1]`, each
    /// with the weight of its nodes' connections to the detector (NEST connects them on
    /// receptors 0 and 1).
    pub fn correlation_detector(
        &mut self,
        spec: &CorrelationSpec,
        ports: [(&NodeCollection, f64); 2],
    ) -> Result<CorrelationId> {
        let net = self.network();
        let mut d = CorrelationDetector::new(spec, &net.grid, net.n_nodes)?;
        for (port, (nodes, w)) in ports.iter().enumerate() {
            net.check(nodes)?;
            crate::wiring::finite_weight("correlation_detector", *w)?;
            for i in nodes.node_indices() {
                d.weights[i][port] = Some(*w);
            }
        }
        Ok(CorrelationId(self.add_memory_recorder(Box::new(d))?))
    }

    /// What a correlation_detector has measured; `None` for a handle of another simulator.
    pub fn correlation(&self, id: CorrelationId) -> Option<&Correlation> {
        Some(&self.recorder::<CorrelationDetector>(id.0)?.result)
    }
}
