//! The spike recorder (NEST's spike_recorder): the spikes of its nodes within its window.

use std::any::Any;

use super::{ProbeRef, Recorder, Rows, Slice};
use crate::devices::Window;
use crate::error::Result;
use crate::network::Network;
use crate::nodes::NodeCollection;
use crate::record::SpikeData;

/// Records the spikes of the nodes in `nodes` with `t_min < stamp <= t_max`.
pub(crate) struct SpikeRecorder {
    /// Whether each node index is recorded.
    pub nodes: Vec<bool>,
    pub t_min: i64,
    pub t_max: i64,
    pub data: SpikeData,
}

impl SpikeRecorder {
    /// A recorder of `nodes` with an activity window.
    pub(crate) fn new(net: &Network, nodes: &NodeCollection, window: Window) -> Result<Self> {
        window.validate("spike_recorder")?;
        net.check(nodes)?;
        let mut mask = vec![false; net.n_nodes];
        nodes.node_indices().for_each(|i| mask[i] = true);
        let (t_min, t_max) = window.steps(&net.grid);
        Ok(SpikeRecorder {
            nodes: mask,
            t_min,
            t_max,
            data: SpikeData::default(),
        })
    }
}

impl Recorder for SpikeRecorder {
    fn collect(
        &mut self,
        slice: &Slice<'_>,
        _probes: &mut [&mut ProbeRef],
        mut rows: Rows<'_>,
    ) -> u64 {
        let mut n = 0;
        for &(s, node) in slice.spikes {
            let stamp = s as i64 + 1;
            if self.nodes.get(node as usize).copied().unwrap_or(false)
                && self.t_min < stamp
                && stamp <= self.t_max
            {
                let t = slice.grid.ms_of_step(s + 1);
                self.data.times.push(t);
                self.data.senders.push(node as usize);
                if let Some((format, out)) = &mut rows {
                    format.row(out, node as usize, s + 1, t, &[]);
                }
                n += 1;
            }
        }
        n
    }
    fn clear(&mut self) {
        self.data = SpikeData::default();
    }
    fn model(&self) -> &'static str {
        "spike_recorder"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
