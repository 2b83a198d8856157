//! `step_rate_generator` (models/step_rate_generator.cpp): a piecewise-constant rate that
//! rate neurons receive through `rate_connection_delayed`, as input from any other rate node.
//!
//! As NEST has it:
//! * `amplitude_values[i]` applies from the step that ends at `amplitude_times[i]` (step `s`
//!   switches when `s + 1` is that time's step); times are > 0, on the grid (or rounded up to it
//!   with `allow_offgrid_times`) and strictly increasing after that; times not after the start
//!   of a run are passed over; before the first time the rate is 0;
//! * the window is a current generator's: step `s` sends its rate when
//!   `t_min < s + 2 <= t_max`, and 0 otherwise;
//! * once per update (a min-delay slice, or the part of one that a `simulate` call covers) in
//!   which some step is active, it sends one value for every step of the slice: the rate of the
//!   steps it updated, 0 for the others;
//! * a device has no proxies, so NEST hands the values to the targets at once, while it updates
//!   (nestkernel/event_delivery_manager_impl.h, `send_secondary`): into the target's
//!   delayed-rate buffer `d - min_delay` steps after each value's step, as
//!   `weight · rate`, or `weight · input(rate)` for a target without linear summation
//!   (models/rate_neuron_ipn_impl.h, `handle(DelayedRateConnectionEvent&)`);
//! * nodes are updated in creation order, so whether a target has already read the buffer
//!   positions of the slice being updated depends on whether it was created before or after
//!   the generator. A value that lands on a position already read is read when the ring buffer
//!   comes round to it again, one ring length (min delay + max delay steps) later.
//!   `before_targets` chooses the order;
//! * new times and values between runs replace the old ones; the rate in force stays until the
//!   first new time that lies ahead.

use std::collections::BTreeMap;

use super::{DeviceTarget, Step};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::population::AnyChunk;

const NAME: &str = "step_rate_generator";

/// Checks the parameters as NEST checks step_current_generator's; returns the steps of the
/// amplitude times.
pub(super) fn validate(stimulus: &Stimulus, grid: &crate::time::Grid) -> Result<Vec<i64>> {
    let Stimulus::StepRate {
        times,
        values,
        allow_offgrid_times,
        ..
    } = stimulus
    else {
        unreachable!()
    };
    super::times::amplitude_steps(grid, (NAME, ""), times, values, *allow_offgrid_times)
}

/// What a run tells the generator: its steps, NEST's delay extent, and the targets' models.
pub(crate) struct RunSpan<'a> {
    /// The run covers the steps `now..end`.
    pub now: u64,
    pub end: u64,
    /// NEST's min delay and ring-buffer length (min delay + max delay), in steps.
    pub min_delay: u64,
    pub ring: u64,
    /// The engine's populations (the targets' transforms of their input).
    pub chunks: &'a [Box<dyn AnyChunk>],
}

/// The generator's state in one engine.
pub(super) struct Run {
    stamps: Vec<i64>,
    values: Vec<f64>,
    /// The rate in force when the values were last replaced (0 before any).
    carried: f64,
    before_targets: bool,
    /// The next amplitude time, and the index of the current value (`values.len()`:
    /// `carried`).
    next: usize,
    amp: usize,
    /// The run's steps `[start, end)`, NEST's min delay and ring length.
    span: (i64, i64),
    min_delay: i64,
    ring: i64,
    /// Per target, what it adds for each value, for `carried` and (last) for 0.
    table: Vec<Vec<f64>>,
    /// Values read one ring length late: by step, (ring offset, value) in the order sent.
    late: BTreeMap<u64, Vec<(u32, f64)>>,
    /// The rate of the last step (the recordable `rate`).
    pub(super) rate: f64,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus, stamps: Vec<i64>) -> Self {
        let Stimulus::StepRate {
            values,
            before_targets,
            ..
        } = stimulus
        else {
            unreachable!()
        };
        Run {
            stamps,
            values: values.clone(),
            carried: 0.0,
            before_targets: *before_targets,
            next: 0,
            amp: values.len(),
            span: (0, 0),
            min_delay: 1,
            ring: 1,
            table: Vec::new(),
            late: BTreeMap::new(),
            rate: 0.0,
        }
    }

    /// New times (as steps) and values between runs.
    pub(super) fn change(&mut self, stimulus: &Stimulus, stamps: Vec<i64>) {
        self.carried = self.value(self.amp);
        let next = Run::new(stimulus, stamps);
        (self.stamps, self.values, self.next) = (next.stamps, next.values, 0);
        self.amp = self.values.len();
    }

    /// The rate of value index `which` (see `amp`; one past `carried`: 0).
    fn value(&self, which: usize) -> f64 {
        match which.cmp(&self.values.len()) {
            std::cmp::Ordering::Less => self.values[which],
            std::cmp::Ordering::Equal => self.carried,
            std::cmp::Ordering::Greater => 0.0,
        }
    }

    /// NEST's pre_run_hook and the first update of a run: past times are passed over, and each
    /// target's summand for each value is computed with its current parameters.
    pub(super) fn prepare(&mut self, span: &RunSpan<'_>, targets: &[DeviceTarget]) {
        while self.next < self.stamps.len() && self.stamps[self.next] <= span.now as i64 {
            self.next += 1;
        }
        self.span = (span.now as i64, span.end as i64);
        self.min_delay = span.min_delay.max(1) as i64;
        self.ring = span.ring as i64;
        let rates = self.values.iter().copied().chain([self.carried, 0.0]);
        self.table = targets
            .iter()
            .map(|t| {
                let chunk = &span.chunks[t.pop as usize];
                let j = t.local as usize;
                let transform = chunk.transforms_inputs(j);
                rates
                    .clone()
                    .map(|v| {
                        t.weight
                            * if transform {
                                chunk.rate_transform(j, v)
                            } else {
                                v
                            }
                    })
                    .collect()
            })
            .collect();
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        let s = step.s as i64;
        if let Some(due) = self.late.remove(&step.s) {
            for (offset, x) in due {
                step.ring.add(step.s, offset, x);
            }
        }
        if self.next < self.stamps.len() && s + 1 == self.stamps[self.next] {
            self.amp = self.next;
            self.next += 1;
        }
        let zero = self.values.len() + 1;
        let active = step.current_window(s);
        let sent = if active { self.amp } else { zero };
        self.rate = self.value(sent);
        // The update holding this step: its slice [a, a + min_delay) cut to the run [f, t).
        let a = s - s.rem_euclid(self.min_delay);
        let (f, t) = (a.max(self.span.0), (a + self.min_delay).min(self.span.1));
        if !self.any_active(step, f, t) {
            return;
        }
        for k in 0..step.targets.len() {
            self.send(step, k, s, sent, (f, t));
        }
        // The positions of the slice outside the update carry 0, sent with its first step.
        if s == f {
            for u in (a..f).chain(t..a + self.min_delay) {
                for k in 0..step.targets.len() {
                    self.send(step, k, u, zero, (f, t));
                }
            }
        }
    }

    /// Whether a step of `f..t` is in the window.
    fn any_active(&self, step: &Step<'_>, f: i64, t: i64) -> bool {
        // Active steps: t_min - 2 < u <= t_max - 2.
        let lo = f.max(step.t_min - 1);
        let hi = (t - 1).min(step.t_max - 2);
        lo <= hi
    }

    /// Sends target `k` the value `which` of step `u`, in the update `(f, t)`.
    fn send(&mut self, step: &mut Step<'_>, k: usize, u: i64, which: usize, (f, t): (i64, i64)) {
        let x = self.table[k][which];
        if x == 0.0 {
            return; // adds nothing
        }
        let target = &step.targets[k];
        let p = u + (target.delay as i64 - self.min_delay).max(0);
        // Positions the target has already read in this slice come round one ring later.
        let read = if self.before_targets { p < f } else { p < t };
        if read {
            let due = (p + self.ring) as u64;
            self.late.entry(due).or_default().push((target.offset, x));
        } else {
            step.ring.add(p as u64, target.offset, x);
        }
    }
}
