//! `pulsepacket_generator` (models/pulsepacket_generator.cpp): around each pulse time,
//! `activity` spikes at times drawn from a Gaussian of standard deviation `sdev`. All targets
//! get the same spikes (NEST: "all targets receive identical spike trains").
//!
//! As NEST has it, the work is done once per min-delay slice, at its first step `T`:
//! * the window is checked at `T` only, and as a current generator's (`t_min < T + 2 <=
//!   t_max`; NEST counts this generator among the current generators): a slice outside it sends
//!   nothing, not even spikes drawn before;
//! * the pulses whose time is at most a tolerance after `T` (`10 sdev`, or 1 ms when
//!   `sdev = 0`; the pulse time in tics, minus `T`) are drawn, each `activity` normal numbers
//!   from the device's shared stream, in pulse order; a spike time `x` becomes tics by
//!   `trunc(1000 x + 1/2)`, is kept when it is not before `T`, and is sent in the step
//!   `ceil(tics / tics per step)`, so that it carries the stamp one step after;
//! * several spikes in one step are one event of that multiplicity;
//! * every `simulate` (NEST's pre_run_hook) passes over the pulses more than the tolerance
//!   before the current time and draws the others within the tolerance of it again (also those
//!   drawn in the run before);
//! * new parameters between runs take effect at the next run; setting any of `pulse_times`,
//!   `activity` and `sdev` (even to the same value) drops the spikes drawn but not yet sent.

use std::collections::VecDeque;

use super::{Step, invalid, shared_stream};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::rng::Stream;
use crate::time::{Grid, TICS_PER_MS};

const NAME: &str = "pulsepacket_generator";

/// NEST's window around each pulse, in standard deviations.
const SDEV_TOLERANCE: f64 = 10.0;

/// NEST refuses a negative `sdev` (and a negative activity, which `u32` cannot hold); pulse
/// times may be any times but NaN, in any order.
pub(super) fn validate(stimulus: &Stimulus) -> Result<()> {
    let Stimulus::PulsePacket {
        pulse_times, sdev, ..
    } = stimulus
    else {
        unreachable!()
    };
    if !(sdev.is_finite() && *sdev >= 0.0) {
        return Err(invalid(NAME, "sdev", *sdev, "ms", "a finite value >= 0"));
    }
    // NEST takes any pulse time; an infinite one is never drawn. NaN is refused.
    if let Some(t) = pulse_times.iter().find(|t| t.is_nan()) {
        return Err(invalid(NAME, "pulse_times", *t, "ms", "times, not NaN"));
    }
    Ok(())
}

/// A time in ms to tics as NEST's `Time(Time::ms(x))` (truncation of `1000 x + 1/2`).
fn nest_tics(x: f64) -> i64 {
    (x * TICS_PER_MS + 0.5) as i64
}

/// The generator's state in one engine.
pub(super) struct Run {
    /// Pulse times in ms, sorted.
    pulses: Vec<f64>,
    activity: u32,
    sdev: f64,
    tolerance: f64,
    /// Pulses before `start` are done; those in `start..stop` are due to be drawn.
    start: usize,
    stop: usize,
    /// Steps of the drawn spikes not yet sent, in order.
    spikes: VecDeque<i64>,
    tics_per_step: i64,
    /// Whether the current slice sends (decided at its first step).
    sending: bool,
    /// The first step after `prepare`: the slice's work is due even in the middle of a slice.
    fresh: bool,
    stream: Option<Stream>,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus) -> Self {
        let Stimulus::PulsePacket {
            pulse_times,
            activity,
            sdev,
        } = stimulus
        else {
            unreachable!()
        };
        let mut pulses = pulse_times.clone();
        pulses.sort_by(f64::total_cmp);
        Run {
            pulses,
            activity: *activity,
            sdev: *sdev,
            tolerance: 1.0,
            start: 0,
            stop: 0,
            spikes: VecDeque::new(),
            tics_per_step: 1,
            sending: false,
            fresh: true,
            stream: None,
        }
    }

    /// New parameters between runs; `redraw`: one of the pulse parameters was given.
    pub(super) fn change(&mut self, stimulus: &Stimulus, redraw: bool) {
        let next = Run::new(stimulus);
        (self.pulses, self.activity, self.sdev) = (next.pulses, next.activity, next.sdev);
        if redraw {
            self.spikes.clear();
        }
    }

    /// NEST's pre_run_hook.
    pub(super) fn prepare(&mut self, grid: &Grid, now_step: u64) {
        self.tics_per_step = grid.tics_per_step();
        self.tolerance = if self.sdev > 0.0 {
            self.sdev * SDEV_TOLERANCE
        } else {
            1.0
        };
        let now = grid.ms_of_step(now_step);
        self.start = 0;
        self.stop = 0;
        while self.stop < self.pulses.len() && self.pulses[self.stop] - now <= self.tolerance {
            if (self.pulses[self.stop] - now).abs() > self.tolerance {
                self.start += 1;
            }
            self.stop += 1;
        }
        self.fresh = true;
    }

    /// The work NEST does at the start of a slice (`origin` its first step).
    fn start_slice(&mut self, step: &Step<'_>, origin: i64) {
        self.sending = !(self.start == self.pulses.len() && self.spikes.is_empty())
            && step.current_window(origin);
        if !self.sending {
            return;
        }
        let origin_tics = origin * self.tics_per_step;
        while self.stop < self.pulses.len()
            && (nest_tics(self.pulses[self.stop]) - origin_tics) as f64 / TICS_PER_MS
                <= self.tolerance
        {
            self.stop += 1;
        }
        if self.start == self.stop {
            return;
        }
        let rng = self
            .stream
            .get_or_insert_with(|| shared_stream(step.seed, step.id));
        for &centre in &self.pulses[self.start..self.stop] {
            for _ in 0..self.activity {
                let tics = nest_tics(self.sdev * rng.normal() + centre);
                if tics >= origin_tics {
                    let tps = self.tics_per_step;
                    self.spikes.push_back((tics + tps - 1).div_euclid(tps));
                }
            }
        }
        self.start = self.stop;
        self.spikes.make_contiguous().sort_unstable();
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        let s = step.s as i64;
        let origin = step.slice_origin() as i64;
        if self.fresh || s == origin {
            self.fresh = false;
            self.start_slice(step, origin);
        }
        if !self.sending {
            return;
        }
        // Spikes of steps already past (drawn again by a run that began inside a slice) are
        // dropped: they cannot be sent any more.
        while self.spikes.front().is_some_and(|&t| t < s) {
            self.spikes.pop_front();
        }
        let mut m = 0;
        while self.spikes.front() == Some(&s) {
            self.spikes.pop_front();
            m += 1;
        }
        if m > 0 {
            step.send_all(m);
        }
    }
}
