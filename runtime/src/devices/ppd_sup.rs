//! `ppd_sup_generator` (models/ppd_sup_generator.cpp): per target, the superposition of `n_proc`
//! independent Poisson processes with dead time `dead_time`, each at `rate`.
//!
//! As NEST has it, every target has its own age distribution: how many processes are free to
//! fire, and how many fired in each of the last `floor(dead_time / h)` steps (those are dead).
//! Each active step, the spikes are a binomial draw over the free processes with the hazard of
//! the step (or Poisson, capped, where NEST approximates: free >= 100 and hazard <= 0.01, or
//! free >= 500 and mean <= 0.1); the processes that fired the oldest recorded step become free
//! again and those that fired now take their place. The hazard per step is
//! `h / (1000 / rate - dead_time)`, times `1 + relative_amplitude · sin(2π frequency t / 1000)`
//! with `t = s h` the start of step `s` (when the amplitude is positive and the frequency not
//! 0; no phase). The distribution starts at NEST's equilibrium guess (`floor(rate n_proc h /
//! 1000)` in each dead bin, the rest free), set at the start of the first run after the target
//! is connected. The window is a spike generator's: step `s` draws and sends when `t_min < s
//! <= t_max`; outside it the state rests. Each target draws from its own stream.
//!
//! Parameters changed between runs change the hazard from the next run on; a target's age
//! distribution stays as it is, its number of dead bins included (NEST's pre_run_hook only
//! sizes the distributions of new targets): a new `dead_time` or `n_proc` shapes only targets
//! connected later, while the hazard uses the new dead time.

use super::{Step, at_least, invalid, transitions};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::rng::Stream;
use crate::time::Grid;

const NAME: &str = "ppd_sup_generator";

/// NEST's least `n_proc`.
pub(super) const MIN_PROCESSES: u64 = 1;

/// NEST refuses a negative dead time, a rate whose inverse is not above the dead time (so any
/// negative rate), fewer than one process and a relative amplitude outside [0, 1].
pub(super) fn validate(stimulus: &Stimulus) -> Result<()> {
    let Stimulus::PpdSup {
        rate,
        dead_time,
        n_proc,
        frequency,
        relative_amplitude,
    } = stimulus
    else {
        unreachable!()
    };
    if !(dead_time.is_finite() && *dead_time >= 0.0) {
        return Err(invalid(
            NAME,
            "dead_time",
            *dead_time,
            "ms",
            "a finite time >= 0",
        ));
    }
    if !rate.is_finite() || 1000.0 / rate <= *dead_time {
        return Err(invalid(
            NAME,
            "rate",
            *rate,
            "Hz",
            format!(
                "a rate >= 0 whose inverse, 1000 / rate ms, exceeds dead_time = {dead_time} ms"
            ),
        ));
    }
    at_least(NAME, "n_proc", *n_proc as i128, MIN_PROCESSES)?;
    if !frequency.is_finite() {
        return Err(invalid(
            NAME,
            "frequency",
            *frequency,
            "Hz",
            "a finite value",
        ));
    }
    if !(*relative_amplitude >= 0.0 && *relative_amplitude <= 1.0) {
        return Err(invalid(
            NAME,
            "relative_amplitude",
            *relative_amplitude,
            "",
            "a value in [0, 1]",
        ));
    }
    Ok(())
}

/// One target's age distribution.
#[derive(Clone)]
struct Ages {
    free: u64,
    dead: Vec<u64>,
    next: usize,
}

/// The generator's state in one engine.
pub(super) struct Run {
    rate: f64,
    amplitude: f64,
    frequency: f64,
    omega: f64,
    hazard: f64,
    start: Ages,
    ages: Vec<Ages>,
    streams: Vec<Stream>,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus, grid: &Grid) -> Self {
        let Stimulus::PpdSup {
            rate,
            dead_time,
            n_proc,
            frequency,
            relative_amplitude,
        } = stimulus
        else {
            unreachable!()
        };
        let h = grid.h();
        // NEST's pre_run_hook, in its order of operations.
        let bins = (dead_time / h) as u64;
        let per_bin = (rate / 1000.0 * *n_proc as f64 * h) as u64;
        Run {
            rate: *rate,
            amplitude: *relative_amplitude,
            frequency: *frequency,
            omega: 2.0 * std::f64::consts::PI * frequency / 1000.0,
            hazard: 1.0 / (1000.0 / rate - dead_time) * h,
            start: Ages {
                free: n_proc - per_bin * bins,
                dead: vec![per_bin; bins as usize],
                next: 0,
            },
            ages: Vec::new(),
            streams: Vec::new(),
        }
    }

    /// New parameters between runs (the age distributions stay).
    pub(super) fn change(&mut self, stimulus: &Stimulus, grid: &Grid) {
        let next = Run::new(stimulus, grid);
        self.rate = next.rate;
        self.amplitude = next.amplitude;
        self.frequency = next.frequency;
        self.omega = next.omega;
        self.hazard = next.hazard;
        self.start = next.start;
    }

    /// NEST's pre_run_hook: targets without an age distribution get the equilibrium guess.
    pub(super) fn prepare(&mut self, n_targets: usize) {
        self.ages.resize(n_targets, self.start.clone());
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        if !(self.rate > 0.0 && step.spike_window(step.s as i64)) {
            return;
        }
        let hazard = if self.amplitude > 0.0 && self.frequency != 0.0 {
            let t = step.s as f64 * step.h;
            self.hazard * (1.0 + self.amplitude * (self.omega * t).sin())
        } else {
            self.hazard
        };
        for k in 0..step.targets.len() {
            let rng = &mut step.target_streams(&mut self.streams)[k];
            let a = &mut self.ages[k];
            let spikes = transitions(a.free, hazard, rng);
            if !a.dead.is_empty() {
                a.free = a.free + a.dead[a.next] - spikes;
                a.dead[a.next] = spikes;
                a.next = (a.next + 1) % a.dead.len();
            }
            if spikes > 0 {
                step.send(k, spikes);
            }
        }
    }
}
