//! `spike_dilutor` (models/spike_dilutor.cpp): repeats the spikes of a mother process to each
//! target with probability `p_copy`, independently per target and spike.
//!
//! In NEST the mother process is whatever is connected to the dilutor; here it is the spikes
//! of the neurons `sources`, reaching the dilutor after `source_delay` (NEST's connection to
//! it). As NEST has it:
//! * a mother spike stamped `t` (sent in step `t - 1`) is handled in the step `t - 1 + d` of
//!   its arrival (`d` the delay in steps) and repeated from there, with the stamp `t + d`;
//! * the window is a spike generator's, checked once per min-delay slice at its first step `T`
//!   (`t_min < T <= t_max`): a slice repeats all its mother spikes or none;
//! * NEST keeps the mother spikes in a ring buffer of `min_delay + max_delay` steps and reads a
//!   step's slot only in an active slice: the spikes of a step outside the window stay in its
//!   slot and count again with those of the step one ring length later (and so on, until a
//!   step of an active slice reads them);
//! * each target draws one uniform per mother spike of the step from its own stream and gets
//!   the spikes whose uniform is below `p_copy`, as one event of that multiplicity.
//!
//! The delay to the dilutor counts towards the min-delay slice, as NEST's connection does, so
//! that a mother spike is always known before the step it is handled in.

use std::collections::BTreeMap;

use super::{Step, probability};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::rng::Stream;
use crate::time::Grid;

const NAME: &str = "spike_dilutor";

/// NEST refuses a copy probability outside [0, 1]; the delay to the dilutor must be a valid
/// delay.
pub(super) fn validate(stimulus: &Stimulus, grid: &Grid) -> Result<()> {
    let Stimulus::SpikeDilutor {
        p_copy,
        source_delay,
        ..
    } = stimulus
    else {
        unreachable!()
    };
    probability(NAME, "p_copy", *p_copy)?;
    grid.delay_steps(*source_delay)?;
    Ok(())
}

/// The generator's state in one engine.
pub(super) struct Run {
    p_copy: f64,
    /// Node indices of the mother neurons, sorted.
    sources: Vec<u32>,
    delay: u64,
    /// Mother spikes per step of arrival, not yet handled.
    mother: BTreeMap<u64, u64>,
    /// NEST's ring buffer length in steps (min delay + max delay).
    ring: u64,
    streams: Vec<Stream>,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus, grid: &Grid) -> Self {
        let Stimulus::SpikeDilutor {
            p_copy,
            sources,
            source_delay,
        } = stimulus
        else {
            unreachable!()
        };
        let mut sources: Vec<u32> = sources.node_indices().map(|i| i as u32).collect();
        sources.sort_unstable();
        sources.dedup();
        Run {
            p_copy: *p_copy,
            sources,
            delay: grid.delay_steps(*source_delay).expect("validated"),
            mother: BTreeMap::new(),
            ring: 1,
            streams: Vec::new(),
        }
    }

    /// A new `p_copy` between runs; the mother spikes not yet handled stay.
    pub(super) fn change(&mut self, stimulus: &Stimulus) {
        if let Stimulus::SpikeDilutor { p_copy, .. } = stimulus {
            self.p_copy = *p_copy;
        }
    }

    /// NEST's pre_run_hook: the ring buffer's length in steps (min delay + max delay).
    pub(super) fn prepare(&mut self, ring: u64) {
        self.ring = ring.max(1);
    }

    /// The spikes of a slice, `(step, node)` with the stamp `step + 1`.
    pub(super) fn receive(&mut self, spikes: &[(u64, u32)]) {
        for &(s, node) in spikes {
            if self.sources.binary_search(&node).is_ok() {
                *self.mother.entry(s + self.delay).or_default() += 1;
            }
        }
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        let mut n = 0;
        while let Some(entry) = self.mother.first_entry() {
            if *entry.key() > step.s {
                break;
            }
            let (at, count) = entry.remove_entry();
            if at == step.s {
                n = count;
            }
        }
        if n == 0 {
            return;
        }
        if !step.spike_window(step.slice_origin() as i64) {
            // Left in NEST's ring buffer, read again one ring length later.
            *self.mother.entry(step.s + self.ring).or_default() += n;
            return;
        }
        for k in 0..step.targets.len() {
            let rng = &mut step.target_streams(&mut self.streams)[k];
            let copies = (0..n).filter(|_| rng.uniform() < self.p_copy).count() as u64;
            if copies > 0 {
                step.send(k, copies);
            }
        }
    }
}
