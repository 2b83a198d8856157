//! NEST's spin_detector (models/spin_detector.cpp): binary neurons' changes of state, decoded
//! from the spikes that signal them (two at once: a change to 1; one: a change to 0).
//!
//! A recording device receives a neuron's spike event whole, with its multiplicity, when it is
//! sent. Multiplicity 2 is a change to 1. A single spike is held back until the next event:
//! if that is a single spike from the same sender with the same stamp, the pair is a change
//! to 1, otherwise the held spike was a change to 0; a held spike is written at the latest at
//! the start of the next slice. The same state machine runs here over the events in NEST's
//! order (node by node within a slice, each node's in time order).

use std::any::Any;

use super::{Active, ProbeRef, Recorder, Rows, Slice, by_node, node_mask};
use crate::devices::Window;
use crate::error::Result;
use crate::nodes::NodeCollection;
use crate::sim::Simulator;

/// The state changes a spin_detector recorded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpinData {
    /// Time of each change in ms (the spikes' stamp).
    pub times: Vec<f64>,
    /// Node index (global id minus one) of the neuron that changed.
    pub senders: Vec<usize>,
    /// The new state, 0 or 1.
    pub state: Vec<u8>,
}

/// Handle of a spin_detector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpinDetectorId(usize);

pub(crate) struct SpinDetector {
    nodes: Vec<bool>,
    active: Active,
    /// A single spike held back: (node, step of emission, state so far).
    held: Option<(u32, u64, u8)>,
    data: SpinData,
}

impl SpinDetector {
    fn write(&mut self, slice: &Slice<'_>, (node, s, state): (u32, u64, u8)) {
        self.data.times.push(slice.grid.ms_of_step(s + 1));
        self.data.senders.push(node as usize);
        self.data.state.push(state);
    }

    /// One event of multiplicity `m` (spin_detector::handle): a spike held back becomes a
    /// change to 1 when its pair follows, and is written when the next event arrives.
    fn handle(&mut self, slice: &Slice<'_>, node: u32, s: u64, m: usize) {
        let was_held = self.held.take();
        let mut held = was_held;
        if let Some(h) = held.as_mut().filter(|h| m == 1 && h.0 == node && h.1 == s) {
            h.2 = 1;
        }
        if let Some(h) = held {
            self.write(slice, h);
        }
        if m == 2 {
            self.write(slice, (node, s, 1));
        } else if was_held.is_none() {
            self.held = Some((node, s, 0));
        }
    }
}

impl Recorder for SpinDetector {
    fn collect(&mut self, slice: &Slice<'_>, _: &mut [&mut ProbeRef], _: Rows<'_>) -> u64 {
        let before = self.data.times.len();
        // What was held from the last slice is written at the start of this one.
        if let Some(held) = self.held.take() {
            self.write(slice, held);
        }
        // A recording device gets a neuron's spikes as they are sent, with their multiplicity,
        // in the update order: node by node, each node's in time order.
        for event in by_node(slice.spikes).chunk_by(|a, b| a == b) {
            let (node, s) = event[0];
            let mine = self.nodes.get(node as usize).copied().unwrap_or(false);
            if mine && self.active.records(s as i64 + 1) {
                self.handle(slice, node, s, event.len());
            }
        }
        (self.data.times.len() - before) as u64
    }
    fn clear(&mut self) {
        self.data = SpinData::default();
    }
    fn model(&self) -> &'static str {
        "spin_detector"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Simulator {
    /// A spin_detector of `nodes` (binary neurons) with an activity window.
    pub fn spin_detector(
        &mut self,
        nodes: &NodeCollection,
        window: Window,
    ) -> Result<SpinDetectorId> {
        let net = self.network();
        let d = SpinDetector {
            active: Active::new(window, &net.grid, "spin_detector")?,
            nodes: node_mask(net, nodes)?,
            held: None,
            data: SpinData::default(),
        };
        Ok(SpinDetectorId(self.add_memory_recorder(Box::new(d))?))
    }

    /// The state changes a spin_detector recorded, in the order NEST writes them (empty for a
    /// handle of another simulator).
    pub fn spins(&self, id: SpinDetectorId) -> &SpinData {
        static NONE: SpinData = SpinData {
            times: Vec::new(),
            senders: Vec::new(),
            state: Vec::new(),
        };
        self.recorder::<SpinDetector>(id.0)
            .map_or(&NONE, |d| &d.data)
    }
}
