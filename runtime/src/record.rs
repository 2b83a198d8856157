//! Recorders: the spike recorder and the multimeter, with NEST's windows and sample times.

use crate::devices::Window;
use crate::error::{Error, Result};
use crate::time::Grid;

/// Samples of state variables (a NEST multimeter's `events`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// Variable names.
    pub names: Vec<&'static str>,
    /// Recorded neurons, as node indices (NEST's global id minus one), in collection order.
    pub neurons: Vec<usize>,
    /// Sample times in ms (end of each sampled step).
    pub times: Vec<f64>,
    /// `values[v][n]` is the series of variable `v` of neuron `neurons[n]`.
    pub values: Vec<Vec<Vec<f64>>>,
}

impl Trace {
    /// A trace with no variable, neuron or sample.
    pub const EMPTY: Trace = Trace {
        names: Vec::new(),
        neurons: Vec::new(),
        times: Vec::new(),
        values: Vec::new(),
    };

    /// The series of one variable of one recorded neuron (index into [`Trace::neurons`]).
    pub fn series(&self, name: &str, neuron: usize) -> Option<&[f64]> {
        let v = self.names.iter().position(|n| *n == name)?;
        self.values.get(v)?.get(neuron).map(|s| s.as_slice())
    }
}

/// When a multimeter samples (NEST: interval, offset, start, stop, origin).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampling {
    /// Sampling interval in ms, a multiple of the resolution.
    pub interval: f64,
    /// Time of the first sample in ms (0: samples at interval, 2·interval, ...).
    pub offset: f64,
    /// Window filtering the sample times.
    pub window: Window,
}

impl Default for Sampling {
    fn default() -> Self {
        Sampling {
            interval: 1.0,
            offset: 0.0,
            window: Window::default(),
        }
    }
}

impl Sampling {
    /// Every step (interval = resolution), as the parity tests record.
    pub fn every_step(grid: &Grid) -> Self {
        Sampling {
            interval: grid.h(),
            ..Default::default()
        }
    }

    /// The schedule of a multimeter created at step `now`.
    pub(crate) fn steps(&self, grid: &Grid, now: u64) -> Result<SampleSteps> {
        self.window.validate("multimeter", grid)?;
        let bad = |name: &'static str, v: f64| Error::InvalidParameter {
            model: "multimeter",
            name: name.into(),
            value: v,
            unit: "ms",
            expected: format!("a non-negative multiple of the resolution {} ms", grid.h()),
        };
        if !(self.interval > 0.0 && self.interval.is_finite() && grid.on_grid(self.interval)) {
            return Err(bad("interval", self.interval));
        }
        if !(self.offset >= 0.0 && self.offset.is_finite() && grid.on_grid(self.offset)) {
            return Err(bad("offset", self.offset));
        }
        let (t_min, t_max) = self.window.steps(grid);
        let offset = Grid::tics(self.offset) / grid.tics_per_step();
        Ok(SampleSteps {
            interval: Grid::tics(self.interval) / grid.tics_per_step(),
            offset,
            // With an offset, NEST's first sample lies after the step that follows the first
            // run's start (nestkernel/universal_data_logger_impl.h, init).
            first: if offset != 0 { now as i64 + 2 } else { 1 },
            t_min,
            t_max,
        })
    }
}

/// A multimeter's schedule in steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SampleSteps {
    interval: i64,
    offset: i64,
    /// The earliest stamp sampled.
    first: i64,
    t_min: i64,
    t_max: i64,
}

impl SampleSteps {
    /// Whether the state after step `s` (stamp `s + 1`) is sampled.
    pub(crate) fn takes(&self, s: u64) -> bool {
        let stamp = s as i64 + 1;
        stamp >= self.offset.max(self.first)
            && (stamp - self.offset) % self.interval == 0
            && self.t_min < stamp
            && stamp <= self.t_max
    }
}

/// Spikes recorded by a spike recorder: parallel columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpikeData {
    /// Spike times in ms.
    pub times: Vec<f64>,
    /// Node index (NEST's global id minus one) of the neuron that fired.
    pub senders: Vec<usize>,
}

impl SpikeData {
    /// No spikes.
    pub const EMPTY: SpikeData = SpikeData {
        times: Vec::new(),
        senders: Vec::new(),
    };

    /// NEST's global ids (1-based) of the senders.
    pub fn global_ids(&self) -> Vec<usize> {
        self.senders.iter().map(|s| s + 1).collect()
    }
    /// Number of recorded spikes.
    pub fn len(&self) -> usize {
        self.times.len()
    }
    /// Whether no spike was recorded.
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_times_follow_nest() {
        let g = Grid::new(0.1).unwrap();
        let s = Sampling {
            interval: 2.0,
            ..Default::default()
        }
        .steps(&g, 0)
        .unwrap();
        let taken: Vec<u64> = (0..100).filter(|&k| s.takes(k)).map(|k| k + 1).collect();
        assert_eq!(taken, vec![20, 40, 60, 80, 100]);
        let w = Sampling {
            interval: 1.0,
            window: Window {
                start: 2.0,
                stop: 4.0,
                origin: 1.0,
            },
            ..Default::default()
        };
        let s = w.steps(&g, 0).unwrap();
        let taken: Vec<u64> = (0..100).filter(|&k| s.takes(k)).map(|k| k + 1).collect();
        assert_eq!(taken, vec![40, 50]);
        // With an offset, the first step after the first run's start is not sampled.
        let o = Sampling {
            interval: 0.1,
            offset: 0.1,
            ..Default::default()
        };
        let taken = |now| {
            let s = o.steps(&g, now).unwrap();
            (now..now + 3).filter(|&k| s.takes(k)).collect::<Vec<u64>>()
        };
        assert_eq!(taken(0), vec![1, 2]);
        assert_eq!(taken(10), vec![11, 12]);
        assert!(
            Sampling {
                interval: 0.05,
                ..Default::default()
            }
            .steps(&g, 0)
            .is_err()
        );
    }
}
