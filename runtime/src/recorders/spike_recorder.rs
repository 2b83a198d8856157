//! The spike recorder (NEST's spike_recorder): the spikes of its nodes within its window.

use std::any::Any;

use super::{Active, ProbeRef, Recorder, Rows, Slice, node_mask};
use crate::devices::Window;
use crate::error::Result;
use crate::network::Network;
use crate::nodes::NodeCollection;
use crate::record::SpikeData;

/// Records the spikes of the nodes in `nodes` within its activity window.
pub(crate) struct SpikeRecorder {
    /// Whether each node index is recorded.
    pub nodes: Vec<bool>,
    pub active: Active,
    pub data: SpikeData,
}

impl SpikeRecorder {
    /// A recorder of `nodes` with an activity window.
    pub(crate) fn new(net: &Network, nodes: &NodeCollection, window: Window) -> Result<Self> {
        let active = Active::new(window, &net.grid, "spike_recorder")?;
        Ok(SpikeRecorder {
            nodes: node_mask(net, nodes)?,
            active,
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
            if self.nodes.get(node as usize).copied().unwrap_or(false) && self.active.records(stamp)
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
