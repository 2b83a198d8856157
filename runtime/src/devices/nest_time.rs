//! The times of devices as NEST holds them (nestkernel/nest_time.h): whole tics, saturating at
//! a positive and a negative infinity, with NEST's two conversions from ms and its rounding to
//! steps.
//!
//! * [`NestTime::ms`] (`Time::ms`) truncates `1000 t + 1/2` towards zero: a time within half a
//!   tic of the grid is on it, and a negative time is one tic above its rounding (so NEST sees
//!   `start = -1` as off the grid unless a step is one tic). Beyond NEST's range, and for NaN,
//!   a time is an infinity.
//! * [`NestTime::ms_stamp`] (`Time::ms_stamp`) rounds a time up to the end of its step: how
//!   off-grid times are placed when they are allowed.
//! * Sums saturate as NEST's do: infinity plus a finite time is infinity, and the two
//!   infinities add up to zero (nestkernel/nest_time.h, `Time::tic`).
//! * [`NestTime::steps`] (`Time::get_steps`) rounds up to whole steps, the infinities to steps
//!   no simulation reaches.

use crate::time::{Grid, TICS_PER_MS};

/// NEST's infinities (`LIM_POS_INF`, `LIM_NEG_INF`): one tic beyond an eighth of the range.
const POS_INF: i64 = i64::MAX / 8 + 1;
const NEG_INF: i64 = -(i64::MAX / 8) - 1;

/// A time in whole tics, or one of NEST's two infinities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct NestTime(i64);

/// NEST's largest finite time in tics and in ms for a grid (`Time::compute_max`, `LIM_MAX`).
fn limits(grid: &Grid) -> (i64, f64) {
    let tps = grid.tics_per_step();
    let tics = i64::MAX / 8;
    let tics = tics - tics % tps;
    let steps = (tics as f64 * (1.0 / tps as f64)) as i64;
    (tics, steps as f64 * (tps as f64 / TICS_PER_MS))
}

impl NestTime {
    /// Zero.
    pub(crate) const ZERO: NestTime = NestTime(0);

    /// `Time::ms(t)`.
    pub(crate) fn ms(grid: &Grid, t: f64) -> NestTime {
        let (_, max_ms) = limits(grid);
        if t.abs() < max_ms {
            NestTime((t * TICS_PER_MS + 0.5) as i64)
        } else if t < 0.0 {
            NestTime(NEG_INF)
        } else {
            NestTime(POS_INF)
        }
    }

    /// `Time::ms_stamp(t)`: the end of the step holding `t` (`t` itself if it ends a step).
    pub(crate) fn ms_stamp(grid: &Grid, t: f64) -> NestTime {
        let (_, max_ms) = limits(grid);
        if t > max_ms {
            return NestTime(POS_INF);
        }
        if t < -max_ms {
            return NestTime(NEG_INF);
        }
        let tps = grid.tics_per_step();
        let mut n = (t * TICS_PER_MS) as i64;
        n -= n % tps;
        let ms = n as f64 * (1.0 / tps as f64) * (tps as f64 / TICS_PER_MS);
        if ms < t {
            n += tps;
        }
        NestTime(n)
    }

    /// A sum of times, saturating as NEST's (`Time::tic`).
    pub(crate) fn plus(self, other: NestTime, grid: &Grid) -> NestTime {
        let (max_tics, _) = limits(grid);
        let t = self.0 + other.0;
        if t.abs() < max_tics {
            NestTime(t)
        } else if t < 0 {
            NestTime(NEG_INF)
        } else {
            NestTime(POS_INF)
        }
    }

    /// Whether the time is one of the infinities.
    pub(crate) fn is_infinite(self) -> bool {
        self.0 >= POS_INF || self.0 <= NEG_INF
    }

    /// `Time::is_grid_time`: a whole number of steps (never an infinity, unless a step is one
    /// tic).
    pub(crate) fn is_grid_time(self, grid: &Grid) -> bool {
        self.0 % grid.tics_per_step() == 0
    }

    /// `Time::is_step`: a positive grid time.
    pub(crate) fn is_step(self, grid: &Grid) -> bool {
        self.0 > 0 && self.is_grid_time(grid)
    }

    /// `Time::get_steps`: whole steps, rounded up; the infinities become steps beyond reach.
    pub(crate) fn steps(self, grid: &Grid) -> i64 {
        if self.0 >= POS_INF {
            return i64::MAX / 4;
        }
        if self.0 <= NEG_INF {
            return i64::MIN / 4;
        }
        let tps = grid.tics_per_step();
        ((self.0 + tps - 1) as f64 * (1.0 / tps as f64)) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_follow_nest() {
        let g = Grid::new(0.1).unwrap();
        let ms = |t| NestTime::ms(&g, t);
        // Within half a tic of the grid is on it; negative times are off it by a tic.
        assert!(ms(1.0004).is_grid_time(&g) && !ms(1.0006).is_grid_time(&g));
        assert!(ms(-0.0004) == NestTime::ZERO && !ms(-1.0).is_grid_time(&g));
        assert!(ms(f64::NAN) == ms(f64::INFINITY) && ms(1e16).is_infinite());
        assert!(ms(1e12).is_grid_time(&g) && !ms(1e12).is_infinite());
        assert!(!ms(f64::INFINITY).is_grid_time(&g));
        // Off-grid times round up to the end of their step.
        assert_eq!(NestTime::ms_stamp(&g, 1.0006).steps(&g), 11);
        assert_eq!(NestTime::ms_stamp(&g, 1.0).steps(&g), 10);
        // Below zero, NEST's rounding up of tics to steps truncates towards zero.
        assert_eq!(NestTime::ms_stamp(&g, -1.0).steps(&g), -9);
        // Infinities absorb finite times and cancel each other.
        let (inf, neg) = (ms(f64::INFINITY), ms(f64::NEG_INFINITY));
        assert_eq!(inf.plus(ms(5.0), &g), inf);
        assert_eq!(neg.plus(inf, &g), NestTime::ZERO);
        assert_eq!(ms(2.5).plus(ms(0.5), &g).steps(&g), 30);
        assert_eq!(inf.steps(&g), i64::MAX / 4);
        // A step of one tic puts every time on the grid.
        let fine = Grid::new(0.001).unwrap();
        assert_eq!(NestTime::ms(&fine, -1.0).steps(&fine), -999);
    }
}
