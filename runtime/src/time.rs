//! NEST's time grid: tics of 1 µs, steps of `tics_per_step` tics, and its rounding rules.
//!
//! Follows nestkernel/nest_time.h: a time in ms becomes tics by rounding half-up, a duration in
//! tics becomes steps by rounding **up**, and a delay becomes steps by rounding half-up
//! (`Time::delay_ms_to_steps`). Output times are `tics · (1/1000)`, not `n · h`.

use crate::error::{Error, Result};

/// Tics per millisecond (NEST default, 1 tic = 1 µs).
pub const TICS_PER_MS: f64 = 1000.0;
const MS_PER_TIC: f64 = 1.0 / TICS_PER_MS;

/// The simulation resolution and the conversions that depend on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    tics_per_step: i64,
    h: f64,
}

impl Grid {
    /// A grid with resolution `h_ms`; it must be positive, finite and a whole number of tics.
    pub fn new(h_ms: f64) -> Result<Self> {
        let bad = |expected: &str| Error::InvalidTime {
            name: "resolution",
            value: h_ms,
            expected: expected.to_string(),
        };
        if !h_ms.is_finite() || h_ms <= 0.0 {
            return Err(bad("a finite time > 0 ms"));
        }
        let tics = (h_ms * TICS_PER_MS + 0.5).floor();
        if tics < 1.0 || (tics * MS_PER_TIC - h_ms).abs() > 1e-9 * h_ms.max(1.0) {
            return Err(bad("a whole multiple of the 0.001 ms tic"));
        }
        let tics_per_step = tics as i64;
        Ok(Self {
            tics_per_step,
            h: tics_per_step as f64 * MS_PER_TIC,
        })
    }

    /// Resolution in ms, as NEST computes it (`MS_PER_TIC · TICS_PER_STEP`).
    pub fn h(&self) -> f64 {
        self.h
    }

    /// Tics in one step.
    pub fn tics_per_step(&self) -> i64 {
        self.tics_per_step
    }

    /// A time in ms to tics, rounding half-up (`Time::ms`).
    pub fn tics(ms: f64) -> i64 {
        (ms * TICS_PER_MS + 0.5).floor() as i64
    }

    /// A duration in ms to whole steps, rounding the tic count up (`Time::get_steps`).
    /// This is how refractory periods and device start/stop times become steps.
    pub fn steps_ceil(&self, ms: f64) -> i64 {
        if ms == f64::INFINITY {
            return i64::MAX / 4;
        }
        let t = Self::tics(ms);
        (t + self.tics_per_step - 1).div_euclid(self.tics_per_step)
    }

    /// A delay in ms to steps, rounding half-up; fewer than one step is an error (NEST's BadDelay).
    pub fn delay_steps(&self, delay_ms: f64) -> Result<u64> {
        let steps = (delay_ms * (1.0 / (self.tics_per_step as f64 * MS_PER_TIC)) + 0.5).floor();
        if !delay_ms.is_finite() || steps < 1.0 {
            return Err(Error::InvalidTime {
                name: "delay",
                value: delay_ms,
                expected: format!(
                    "a finite delay that rounds to at least one step of {} ms",
                    self.h
                ),
            });
        }
        Ok(steps as u64)
    }

    /// Whether `ms` lies on the grid (a whole number of steps, within a tic).
    pub fn on_grid(&self, ms: f64) -> bool {
        let t = Self::tics(ms);
        t % self.tics_per_step == 0
            && (ms * TICS_PER_MS - t as f64).abs() < 1e-6 * ms.abs().max(1.0)
    }

    /// The time in ms at the end of step `n`, i.e. the stamp `n + 1`... given as a step count.
    pub fn ms_of_step(&self, step: u64) -> f64 {
        (step as i64 * self.tics_per_step) as f64 * MS_PER_TIC
    }

    /// A duration in ms that must be a whole number of steps (the argument of `simulate`).
    pub fn exact_steps(&self, name: &'static str, ms: f64) -> Result<u64> {
        if !ms.is_finite() || ms < 0.0 || !self.on_grid(ms) {
            return Err(Error::InvalidTime {
                name,
                value: ms,
                expected: format!(
                    "a finite, non-negative multiple of the resolution {} ms",
                    self.h
                ),
            });
        }
        Ok((Self::tics(ms) / self.tics_per_step) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_round_half_up_as_nest() {
        // Settled against NEST 3.10: 0.04 → error, 0.05/0.06 → 1 step, 0.14 → 1, 0.15 → 2.
        let g = Grid::new(0.1).unwrap();
        assert!(g.delay_steps(0.04).is_err());
        assert_eq!(g.delay_steps(0.05).unwrap(), 1);
        assert_eq!(g.delay_steps(0.06).unwrap(), 1);
        assert_eq!(g.delay_steps(0.14).unwrap(), 1);
        assert_eq!(g.delay_steps(0.15).unwrap(), 2);
        assert_eq!(g.delay_steps(1.0).unwrap(), 10);
    }

    #[test]
    fn refractory_periods_round_up() {
        let g = Grid::new(0.1).unwrap();
        assert_eq!(g.steps_ceil(2.0), 20);
        assert_eq!(g.steps_ceil(2.01), 21);
        assert_eq!(g.steps_ceil(0.0), 0);
    }

    #[test]
    fn resolution_is_checked() {
        for bad in [0.0, -0.1, f64::NAN, f64::INFINITY, 0.0001] {
            let e = Grid::new(bad).unwrap_err().to_string();
            assert!(e.contains("resolution"), "{e}");
        }
        assert_eq!(Grid::new(0.1).unwrap().h(), 0.1);
        assert_eq!(Grid::new(0.1).unwrap().ms_of_step(3), 0.3);
    }

    #[test]
    fn grid_membership() {
        let g = Grid::new(0.1).unwrap();
        assert!(g.on_grid(1.0) && g.on_grid(0.3) && !g.on_grid(0.05) && !g.on_grid(1.01));
        assert_eq!(g.exact_steps("simtime", 200.0).unwrap(), 2000);
        assert!(g.exact_steps("simtime", 0.05).is_err());
    }
}
