//! The spike recorder (NEST's spike_recorder): the spikes of its nodes within its window.

use std::any::Any;

use super::{ProbeRef, Recorder, Slice};
use crate::record::SpikeData;

/// Records the spikes of the nodes in `nodes` with `t_min < stamp <= t_max`.
pub(crate) struct SpikeRecorder {
    /// Whether each node index is recorded.
    pub nodes: Vec<bool>,
    pub t_min: i64,
    pub t_max: i64,
    pub data: SpikeData,
}

impl Recorder for SpikeRecorder {
    fn collect(&mut self, slice: &Slice<'_>, _probes: &mut [&mut ProbeRef]) {
        for &(s, node) in slice.spikes {
            let stamp = s as i64 + 1;
            if self.nodes.get(node as usize).copied().unwrap_or(false)
                && self.t_min < stamp
                && stamp <= self.t_max
            {
                self.data.times.push(slice.grid.ms_of_step(s + 1));
                self.data.senders.push(node as usize);
            }
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
