//! A device's activity window (NEST's start, stop and origin) and the steps it covers.

use super::nest_time::NestTime;
use crate::error::{Error, Result};
use crate::time::Grid;

/// A device's activity window in ms (NEST's start, stop, origin).
///
/// As in NEST (nestkernel/device.cpp), each time must be on the grid once NEST has rounded it
/// to tics (within half a tic of a step; a negative time is a tic off it unless a step is one
/// tic) or infinite, and `stop >= start`. Unlike NEST, a NaN is refused (NEST reads it as
/// infinity).
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
    pub(crate) fn validate(&self, device: &'static str, grid: &Grid) -> Result<()> {
        let bad = |name: &'static str, value: f64, expected: String| Error::InvalidParameter {
            model: device,
            name: name.into(),
            value,
            unit: "ms",
            expected,
        };
        let time = |name: &'static str, value: f64| {
            if value.is_nan() {
                return Err(bad(name, value, "a time, not NaN".into()));
            }
            let t = NestTime::ms(grid, value);
            if t.is_infinite() || t.is_grid_time(grid) {
                return Ok(t);
            }
            Err(bad(
                name,
                value,
                format!(
                    "a multiple of the resolution {} ms (NEST rounds a negative time off the \
                     grid), or an infinite time",
                    grid.h()
                ),
            ))
        };
        time("origin", self.origin)?;
        let start = time("start", self.start)?;
        if time("stop", self.stop)? < start {
            return Err(bad(
                "stop",
                self.stop,
                format!("a time >= start ({} ms)", self.start),
            ));
        }
        Ok(())
    }

    /// (t_min, t_max) in steps: `origin + start` and `origin + stop`, added and rounded up as
    /// NEST does (infinities saturate).
    pub(crate) fn steps(&self, grid: &Grid) -> (i64, i64) {
        let origin = NestTime::ms(grid, self.origin);
        let at = |t: f64| origin.plus(NestTime::ms(grid, t), grid).steps(grid);
        (at(self.start), at(self.stop))
    }
}
