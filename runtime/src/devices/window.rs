//! A device's activity window (NEST's start, stop and origin) and the steps it covers.

use crate::error::{Error, Result};
use crate::time::Grid;

/// A device's activity window in ms (NEST's start, stop, origin).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    /// Start, relative to origin.
    pub start: f64,
    /// Stop, relative to origin (infinity: never).
    pub stop: f64,
    /// Origin.
    pub origin: f64,
}

impl Default for Window {
    fn default() -> Self {
        Window {
            start: 0.0,
            stop: f64::INFINITY,
            origin: 0.0,
        }
    }
}

impl Window {
    pub(crate) fn validate(&self, device: &'static str) -> Result<()> {
        let bad = |name: &'static str, value: f64, expected: &str| Error::InvalidParameter {
            model: device,
            name: name.into(),
            value,
            unit: "ms",
            expected: expected.into(),
        };
        if !self.start.is_finite() || self.start < 0.0 {
            return Err(bad("start", self.start, "a finite time >= 0"));
        }
        if self.stop.is_nan() || self.stop < self.start {
            return Err(bad("stop", self.stop, "a time >= start"));
        }
        if !self.origin.is_finite() || self.origin < 0.0 {
            return Err(bad("origin", self.origin, "a finite time >= 0"));
        }
        Ok(())
    }

    /// (t_min, t_max) in steps.
    pub(crate) fn steps(&self, grid: &Grid) -> (i64, i64) {
        (
            grid.steps_ceil(self.origin + self.start),
            grid.steps_ceil(self.origin + self.stop),
        )
    }
}
