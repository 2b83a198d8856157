//! What a recorder reads of a slice's spikes: its activity window, the nodes it watches, and
//! the order in which NEST's recording devices and detectors handle the spikes.

use crate::devices::Window;
use crate::error::Result;
use crate::network::Network;
use crate::nodes::NodeCollection;
use crate::time::Grid;

/// A recorder's activity window in steps (NEST's start, stop and origin): events stamped
/// `t_min < stamp <= t_max` count.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Active {
    t_min: i64,
    t_max: i64,
}

impl Active {
    /// The checked window of a recorder of NEST model `model`.
    pub(crate) fn new(window: Window, grid: &Grid, model: &'static str) -> Result<Self> {
        window.validate(model, grid)?;
        let (t_min, t_max) = window.steps(grid);
        Ok(Active { t_min, t_max })
    }

    /// Whether an event stamped `stamp` (a step) counts.
    pub(crate) fn records(&self, stamp: i64) -> bool {
        self.t_min < stamp && stamp <= self.t_max
    }
}

/// One flag per node index of the network: whether the recorder watches the node.
pub(crate) fn node_mask(net: &Network, nodes: &NodeCollection) -> Result<Vec<bool>> {
    net.check(nodes)?;
    let mut mask = vec![false; net.n_nodes];
    nodes.node_indices().for_each(|i| mask[i] = true);
    Ok(mask)
}

/// A slice's spikes as (node, step) in the order NEST's detectors and recording devices handle
/// them: node by node (the update order), each node's in time order.
pub(crate) fn by_node(spikes: &[(u64, u32)]) -> Vec<(u32, u64)> {
    let mut out: Vec<(u32, u64)> = spikes.iter().map(|&(s, n)| (n, s)).collect();
    out.sort_unstable();
    out
}
