//! `gamma_sup_generator` (models/gamma_sup_generator.cpp): per target, the superposition of
//! `n_proc` independent gamma processes of integer order `gamma_shape`, each at `rate`.
//!
//! As NEST has it, every target has its own occupation numbers: how many of the component
//! processes are in each of the `gamma_shape` phases of their interval. Each active step, every
//! occupied phase `i` passes a number of its processes on to phase `i + 1` (the last back to
//! the first), drawn as binomial with the transition probability `rate · gamma_shape · h /
//! 1000` (or as Poisson, capped at the occupation, where NEST approximates: occupation >= 100
//! and probability <= 0.01, or occupation >= 500 and mean <= 0.1); the processes leaving the
//! last phase are the step's spikes. The phases start at NEST's approximate equilibrium
//! (`n_proc / gamma_shape` in each, the rest in the last), set at the start of the first run
//! after the target is connected. The window is a spike generator's: step `s` draws and sends
//! when `t_min < s <= t_max`, outside it the state rests. Each target draws from its own
//! stream.
//!
//! Parameters changed between runs change the transition probability from the next run on; a
//! target's occupation numbers stay as they are, phase count included (NEST's pre_run_hook
//! only sizes the states of new targets): a new `gamma_shape` or `n_proc` shapes only targets
//! connected later, while the probability uses the new shape.

use super::{Step, at_least, invalid, transitions};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::rng::Stream;

const NAME: &str = "gamma_sup_generator";

/// NEST's least `gamma_shape` and `n_proc`.
pub(super) const MIN_COUNT: u64 = 1;

/// NEST refuses a shape or a process count below 1 and a negative rate.
pub(super) fn validate(stimulus: &Stimulus) -> Result<()> {
    let Stimulus::GammaSup {
        rate,
        gamma_shape,
        n_proc,
    } = stimulus
    else {
        unreachable!()
    };
    at_least(NAME, "gamma_shape", *gamma_shape as i128, MIN_COUNT)?;
    if !(rate.is_finite() && *rate >= 0.0) {
        return Err(invalid(NAME, "rate", *rate, "Hz", "a finite rate >= 0"));
    }
    at_least(NAME, "n_proc", *n_proc as i128, MIN_COUNT)?;
    Ok(())
}

/// The generator's state in one engine.
pub(super) struct Run {
    rate: f64,
    shape: usize,
    n_proc: u64,
    /// Occupation numbers per target, phase by phase (as many phases as `gamma_shape` had when
    /// the target's were set).
    occ: Vec<Vec<u64>>,
    moved: Vec<u64>,
    streams: Vec<Stream>,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus) -> Self {
        let Stimulus::GammaSup {
            rate,
            gamma_shape,
            n_proc,
        } = stimulus
        else {
            unreachable!()
        };
        Run {
            rate: *rate,
            shape: *gamma_shape as usize,
            n_proc: *n_proc,
            occ: Vec::new(),
            moved: Vec::new(),
            streams: Vec::new(),
        }
    }

    /// New parameters between runs (the occupation numbers stay).
    pub(super) fn change(&mut self, stimulus: &Stimulus) {
        let next = Run::new(stimulus);
        (self.rate, self.shape, self.n_proc) = (next.rate, next.shape, next.n_proc);
    }

    /// NEST's pre_run_hook: targets without occupation numbers get the equilibrium guess.
    pub(super) fn prepare(&mut self, n_targets: usize) {
        let k = self.shape as u64;
        let mut start = vec![self.n_proc / k; self.shape];
        start[self.shape - 1] += self.n_proc - (self.n_proc / k) * k;
        self.occ.resize(n_targets, start);
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        if !(self.rate > 0.0 && step.spike_window(step.s as i64)) {
            return;
        }
        // NEST's order of the product.
        let p = self.rate * self.shape as f64 * step.h / 1000.0;
        for k in 0..step.targets.len() {
            let rng = &mut step.target_streams(&mut self.streams)[k];
            let occ = &mut self.occ[k];
            let phases = occ.len();
            self.moved.clear();
            self.moved
                .extend(occ.iter().map(|&o| transitions(o, p, rng)));
            for i in 0..phases {
                let m = self.moved[i];
                occ[i] -= m;
                occ[(i + 1) % phases] += m;
            }
            let spikes = self.moved[phases - 1];
            if spikes > 0 {
                step.send(k, spikes);
            }
        }
    }
}
