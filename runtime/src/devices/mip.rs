//! `mip_generator` (models/mip_generator.cpp): a mother Poisson train shared by all targets;
//! each target gets each mother spike with probability `p_copy`, independently of the others.
//!
//! As NEST has it: the mother count of a step is drawn from a stream every copy of the device
//! shares (NEST's synchronised generator), the copies per target from the target's own stream,
//! one uniform per mother spike (a spike is copied when the uniform is below `p_copy`). NEST
//! checks the window once per min-delay slice, at its first step `T`, as a spike generator's
//! (`t_min < T <= t_max`): a slice sends in all its steps or in none, and a spike of step `s`
//! carries the stamp `s + 1`.
//!
//! Parameters changed between runs take effect from the next run on; the streams go on.

use super::{PoissonSampler, Step, invalid, probability, shared_stream};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::rng::Stream;

const NAME: &str = "mip_generator";

/// NEST refuses a negative rate and a copy probability outside [0, 1].
pub(super) fn validate(stimulus: &Stimulus) -> Result<()> {
    let Stimulus::Mip { rate, p_copy } = stimulus else {
        unreachable!()
    };
    if !(rate.is_finite() && *rate >= 0.0) {
        return Err(invalid(NAME, "rate", *rate, "Hz", "a finite rate >= 0"));
    }
    probability(NAME, "p_copy", *p_copy)?;
    Ok(())
}

/// The generator's state in one engine.
pub(super) struct Run {
    rate: f64,
    p_copy: f64,
    mother: Option<Stream>,
    /// The mother count's distribution, set at the first step of a run with a new rate.
    sampler: Option<PoissonSampler>,
    streams: Vec<Stream>,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus) -> Self {
        let Stimulus::Mip { rate, p_copy } = stimulus else {
            unreachable!()
        };
        Run {
            rate: *rate,
            p_copy: *p_copy,
            mother: None,
            sampler: None,
            streams: Vec::new(),
        }
    }

    /// New parameters between runs (NEST's pre_run_hook sets the mother's distribution anew).
    pub(super) fn change(&mut self, stimulus: &Stimulus) {
        let next = Run::new(stimulus);
        (self.rate, self.p_copy, self.sampler) = (next.rate, next.p_copy, None);
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        if !(self.rate > 0.0 && step.spike_window(step.slice_origin() as i64)) {
            return;
        }
        let mother = (self.mother).get_or_insert_with(|| shared_stream(step.seed, step.id));
        // λ = h · rate · 1e-3, in NEST's order.
        let sampler =
            (self.sampler).get_or_insert_with(|| PoissonSampler::new(step.h * self.rate * 1e-3));
        let parents = sampler.sample(mother);
        if parents == 0 {
            return;
        }
        for k in 0..step.targets.len() {
            let rng = &mut step.target_streams(&mut self.streams)[k];
            let copies = (0..parents).filter(|_| rng.uniform() < self.p_copy).count() as u64;
            if copies > 0 {
                step.send(k, copies);
            }
        }
    }
}
