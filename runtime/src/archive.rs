//! The spike archive of a neuron with plastic input (NEST's archiving node,
//! nestkernel/archiving_node.cpp): its spike times with the post-synaptic traces `K⁻` (time
//! constant `tau_minus`) and `K⁻_triplet` (`tau_minus_triplet`) just after each spike, which
//! spike-timing dependent synapses read.
//!
//! Each spike at `t` updates the traces as NEST does, multiplying by the precomputed inverse
//! time constant: `K = K · exp((t_last − t) · (1/τ)) + 1`. Reads use NEST's tolerance
//! [`STDP_EPS`]: the history between two times, and the trace just before a time.

/// NEST's tolerance for comparing spike times in plasticity (ms; ConnectionManager's
/// `stdp_eps`).
pub const STDP_EPS: f64 = 1.0e-6;

/// One archived spike: its time (ms) and the traces just after it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Archived {
    /// Time of the spike in ms (its stamp).
    pub t: f64,
    /// `K⁻` just after the spike.
    pub k_minus: f64,
    /// `K⁻_triplet` just after the spike.
    pub k_minus_triplet: f64,
}

/// The spike archive of one neuron.
#[derive(Clone, Debug, PartialEq)]
pub struct PostHistory {
    entries: Vec<Archived>,
    /// The steps of the spikes (emission steps, one per spike).
    steps: Vec<u64>,
    k_minus: f64,
    k_minus_triplet: f64,
    last_spike: f64,
    tau_minus_inv: f64,
    tau_minus_triplet_inv: f64,
}

impl Default for PostHistory {
    fn default() -> Self {
        PostHistory::new(20.0, 110.0)
    }
}

impl PostHistory {
    /// An empty archive with the neuron's time constants (ms).
    pub fn new(tau_minus: f64, tau_minus_triplet: f64) -> Self {
        PostHistory {
            entries: Vec::new(),
            steps: Vec::new(),
            k_minus: 0.0,
            k_minus_triplet: 0.0,
            // NEST's initial last spike time.
            last_spike: -1.0,
            tau_minus_inv: 1.0 / tau_minus,
            tau_minus_triplet_inv: 1.0 / tau_minus_triplet,
        }
    }

    /// New time constants (ms), for the spikes from now on.
    pub fn set_time_constants(&mut self, tau_minus: f64, tau_minus_triplet: f64) {
        self.tau_minus_inv = 1.0 / tau_minus;
        self.tau_minus_triplet_inv = 1.0 / tau_minus_triplet;
    }

    /// Archives a spike emitted in `step`, stamped `t` ms (ArchivingNode::set_spiketime).
    pub fn record(&mut self, step: u64, t: f64) {
        let dt = self.last_spike - t;
        self.k_minus = self.k_minus * (dt * self.tau_minus_inv).exp() + 1.0;
        self.k_minus_triplet = self.k_minus_triplet * (dt * self.tau_minus_triplet_inv).exp() + 1.0;
        self.last_spike = t;
        self.steps.push(step);
        self.entries.push(Archived {
            t,
            k_minus: self.k_minus,
            k_minus_triplet: self.k_minus_triplet,
        });
    }

    /// Drops the spikes no reader can ask for any more: every reader asks at times after
    /// `horizon` (ms), so of the spikes more than ε before it only the last is still needed
    /// (it gives the traces). NEST prunes its history by access counts
    /// (nestkernel/archiving_node.cpp); the traces read afterwards are the same.
    pub fn prune(&mut self, horizon: f64) {
        let before = self.entries.partition_point(|e| horizon - e.t > STDP_EPS);
        let drop = before.saturating_sub(1);
        if drop > 0 {
            self.entries.drain(..drop);
            self.steps.drain(..drop);
        }
    }

    /// The number of spikes archived.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no spike is archived.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The emission steps of the archived spikes, oldest first.
    pub fn steps(&self) -> &[u64] {
        &self.steps
    }

    /// The spikes with `t1 + ε <= t < t2 + ε`, oldest first (ArchivingNode::get_history).
    pub fn between(&self, t1: f64, t2: f64) -> &[Archived] {
        let (lo, hi) = (t1 + STDP_EPS, t2 + STDP_EPS);
        // Readers ask about recent times: scanning back from the newest spike touches only
        // the window and the spikes after it.
        let mut end = self.entries.len();
        while end > 0 && self.entries[end - 1].t >= hi {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && self.entries[start - 1].t >= lo {
            start -= 1;
        }
        &self.entries[start..end]
    }

    /// The last spike more than ε before `t`, if any.
    fn last_before(&self, t: f64) -> Option<&Archived> {
        self.entries.iter().rev().find(|e| t - e.t > STDP_EPS)
    }

    /// `K⁻` at `t`, from the last spike more than ε before it (ArchivingNode::get_K_value).
    pub fn k_minus(&self, t: f64) -> f64 {
        self.last_before(t)
            .map_or(0.0, |e| e.k_minus * ((e.t - t) * self.tau_minus_inv).exp())
    }

    /// The nearest-neighbour trace at `t`: 1 decayed from the last spike more than ε before
    /// it, 0 if none (ArchivingNode::get_K_values).
    pub fn k_minus_nn(&self, t: f64) -> f64 {
        self.last_before(t)
            .map_or(0.0, |e| ((e.t - t) * self.tau_minus_inv).exp())
    }

    /// `K⁻_triplet` at `t`, as [`k_minus`](Self::k_minus) (ArchivingNode::get_K_values).
    pub fn k_minus_triplet(&self, t: f64) -> f64 {
        self.last_before(t).map_or(0.0, |e| {
            e.k_minus_triplet * ((e.t - t) * self.tau_minus_triplet_inv).exp()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_and_windows_follow_nest() {
        let mut h = PostHistory::new(20.0, 110.0);
        for (k, t) in [10.0, 15.0, 15.0 + 1e-7, 30.0].into_iter().enumerate() {
            h.record(k as u64, t);
        }
        // K just after the second spike: e^(-5/20) + 1.
        let k2 = (-5.0f64 * (1.0 / 20.0)).exp() + 1.0;
        assert_eq!(h.between(0.0, 100.0)[1].k_minus, k2);
        // A spike within ε of the read time is not before it.
        let at = |t: f64| h.between(0.0, t).len();
        assert_eq!((at(15.0), at(15.0 - 2e-6), at(30.0)), (3, 1, 4));
        // (t1, t2]: the spike at t1 is out, the one at t2 in.
        assert_eq!(h.between(10.0, 30.0).len(), 3);
        assert_eq!(h.k_minus(10.0), 0.0);
        assert_eq!(h.k_minus(12.0), (-2.0f64 * (1.0 / 20.0)).exp());
        assert_eq!(h.steps(), &[0, 1, 2, 3]);
    }

    #[test]
    fn pruning_keeps_what_readers_after_the_horizon_see() {
        let mut full = PostHistory::new(20.0, 110.0);
        for (k, t) in [5.0, 10.0, 15.0, 15.0 + 1e-7, 30.0, 42.0]
            .into_iter()
            .enumerate()
        {
            full.record(k as u64, t);
        }
        let mut pruned = full.clone();
        pruned.prune(15.0 + 1e-7);
        // The last spike more than ε before the horizon stays (it gives the traces).
        assert_eq!(pruned.steps(), &[1, 2, 3, 4, 5]);
        for t in [15.0 + 1e-7, 15.5, 16.0, 30.0, 31.0, 50.0] {
            assert_eq!(pruned.k_minus(t), full.k_minus(t), "{t}");
            assert_eq!(pruned.k_minus_nn(t), full.k_minus_nn(t), "{t}");
            assert_eq!(pruned.k_minus_triplet(t), full.k_minus_triplet(t), "{t}");
            assert_eq!(pruned.between(15.0 + 1e-7, t), full.between(15.0 + 1e-7, t));
        }
        pruned.prune(f64::NEG_INFINITY);
        assert_eq!(pruned.len(), 5);
        pruned.prune(f64::INFINITY);
        assert_eq!(pruned.steps(), &[5]);
    }
}
