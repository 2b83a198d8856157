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
//! (`n_proc / gamma_shape` in each, the rest in the last). The window is a spike generator's:
//! step `s` draws and sends when `t_min < s <= t_max`, outside it the state rests. Each target
//! draws from its own stream.

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
    /// Occupation numbers per target, phase by phase.
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
            moved: vec![0; *gamma_shape as usize],
            streams: Vec::new(),
        }
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        if !(self.rate > 0.0 && step.spike_window(step.s as i64)) {
            return;
        }
        // NEST's order of the product.
        let p = self.rate * self.shape as f64 * step.h / 1000.0;
        let n = step.targets.len();
        if self.occ.len() != n {
            let k = self.shape as u64;
            let mut start = vec![self.n_proc / k; self.shape];
            start[self.shape - 1] += self.n_proc - (self.n_proc / k) * k;
            self.occ.resize(n, start);
        }
        for k in 0..n {
            let rng = &mut step.target_streams(&mut self.streams)[k];
            let occ = &mut self.occ[k];
            for (m, &o) in self.moved.iter_mut().zip(occ.iter()) {
                *m = transitions(o, p, rng);
            }
            for i in 0..self.shape {
                let m = self.moved[i];
                occ[i] -= m;
                occ[(i + 1) % self.shape] += m;
            }
            let spikes = self.moved[self.shape - 1];
            if spikes > 0 {
                step.send(k, spikes);
            }
        }
    }
}
