//! `inhomogeneous_poisson_generator` (models/inhomogeneous_poisson_generator.cpp): an
//! independent Poisson train per target whose rate is piecewise constant.
//!
//! As NEST has it: rate `rate_values[i]` applies to the spikes stamped from `rate_times[i]` on
//! (the step `s` with `s + 1` equal to that time's step switches, before it draws); times are
//! on the grid, or rounded up to it with `allow_offgrid_times`, strictly increasing after that
//! and after the current time; a rate <= 0 sends nothing; the window is a spike generator's
//! (`t_min < s <= t_max`, stamps from `origin + start + 2h` to `origin + stop + h`). Each target
//! draws from its own stream.
//!
//! New rate times and values between runs replace the old ones; the rate in force stays until
//! the first new time that lies ahead.

use super::times::{on_grid, same_length};
use super::{Step, finite, invalid};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::rng::Stream;
use crate::time::Grid;

const NAME: &str = "inhomogeneous_poisson_generator";

/// Checks the parameters as NEST does when they are set at step `now`; returns the steps of
/// the rate times. Unlike NEST, values without times are refused (NEST keeps them and fails
/// at the next update).
pub(super) fn validate(stimulus: &Stimulus, grid: &Grid, now: u64) -> Result<Vec<i64>> {
    let Stimulus::InhomogeneousPoisson {
        rate_times,
        rate_values,
        allow_offgrid_times,
    } = stimulus
    else {
        unreachable!()
    };
    let of = ("rate_times", rate_times.len());
    same_length(NAME, ("rate_values", "value"), rate_values, of, false)?;
    for v in rate_values {
        finite(NAME, "rate_values", *v, "Hz")?;
    }
    let now_ms = grid.ms_of_step(now);
    let mut steps: Vec<i64> = Vec::with_capacity(rate_times.len());
    let mut previous = None;
    for &t in rate_times {
        if t <= now_ms {
            let expected = format!("times after the current time {now_ms} ms");
            return Err(invalid(NAME, "rate_times", t, "ms", expected));
        }
        let time = on_grid(grid, NAME, "rate_times", t, *allow_offgrid_times)?;
        if previous.is_some_and(|p| time <= p) {
            let expected = "strictly increasing times (after rounding to the grid)";
            return Err(invalid(NAME, "rate_times", t, "ms", expected));
        }
        previous = Some(time);
        steps.push(time.steps(grid));
    }
    Ok(steps)
}

/// The generator's state in one engine.
pub(super) struct Run {
    stamps: Vec<i64>,
    /// Rates in spikes/ms.
    values: Vec<f64>,
    /// The next rate time, and the rate now.
    next: usize,
    rate: f64,
    streams: Vec<Stream>,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus, stamps: Vec<i64>) -> Self {
        let Stimulus::InhomogeneousPoisson { rate_values, .. } = stimulus else {
            unreachable!()
        };
        Run {
            stamps,
            values: rate_values.iter().map(|r| r / 1000.0).collect(),
            next: 0,
            rate: 0.0,
            streams: Vec::new(),
        }
    }

    /// New times (as steps) and rates between runs.
    pub(super) fn change(&mut self, stimulus: &Stimulus, stamps: Vec<i64>) {
        let next = Run::new(stimulus, stamps);
        (self.stamps, self.values, self.next) = (next.stamps, next.values, 0);
    }

    /// Rate times in the past are passed over (they cannot be reached any more).
    pub(super) fn prepare(&mut self, now_step: u64) {
        while self.next < self.stamps.len() && self.stamps[self.next] <= now_step as i64 {
            self.next += 1;
        }
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        let s = step.s as i64;
        if self.next < self.stamps.len() && s + 1 == self.stamps[self.next] {
            self.rate = self.values[self.next];
            self.next += 1;
        }
        if !(self.rate > 0.0 && step.spike_window(s)) {
            return;
        }
        let lambda = self.rate * step.h;
        for k in 0..step.targets.len() {
            let count = step.target_streams(&mut self.streams)[k].poisson(lambda);
            if count > 0 {
                step.send(k, count);
            }
        }
    }
}
