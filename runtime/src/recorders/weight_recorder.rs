//! NEST's weight_recorder (models/weight_recorder.cpp): one event per spike a synapse of the
//! recorded synapse models transmitted, with the weight it was sent with, the sender, the
//! target and the receptor, within its activity window (on the spike's stamp).
//!
//! Synapses report their spikes when they deliver them, after each slice; the events of all
//! engines are put in one order — stamp, sender, target, then creation order — so the record
//! is the same for any number of threads.

use std::any::Any;

use super::{Active, ProbeRef, Recorder, Rows, Slice};
use crate::devices::Window;
use crate::error::{Error, Result};
use crate::sim::Simulator;
use crate::store::StoreId;

/// One transmitted spike, with its nodes as node indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Transmitted {
    /// The index of the store whose synapse transmitted it.
    pub store: usize,
    pub step: u64,
    pub sender: usize,
    pub target: usize,
    pub weight: f64,
    pub receptor: u16,
}

impl Transmitted {
    /// Puts transmitted spikes in their canonical order: by (step, sender, target), keeping
    /// the given order of equal ones (creation order within an engine; engines, and then
    /// processes, in order).
    pub(crate) fn sort(events: &mut [Transmitted]) {
        events.sort_by_key(|t| (t.step, t.sender, t.target));
    }
}

/// The events a weight recorder holds (NEST's `events` of a weight_recorder).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeightData {
    /// The spikes' stamps in ms.
    pub times: Vec<f64>,
    /// Node index (global id minus one) of each sender.
    pub senders: Vec<usize>,
    /// Node index of each target.
    pub targets: Vec<usize>,
    /// The weight each spike was sent with.
    pub weights: Vec<f64>,
    /// The receptor each spike arrived at.
    pub receptors: Vec<u16>,
}

/// Handle of a weight recorder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeightRecorderId(usize);

pub(crate) struct WeightRecorder {
    stores: Vec<usize>,
    active: Active,
    data: WeightData,
}

impl Recorder for WeightRecorder {
    fn collect(&mut self, _: &Slice<'_>, _: &mut [&mut ProbeRef], _: Rows<'_>) -> u64 {
        0
    }
    fn weighs(&self) -> bool {
        true
    }
    fn collect_weights(&mut self, slice: &Slice<'_>, events: &[Transmitted]) -> u64 {
        let before = self.data.times.len();
        for e in events.iter().filter(|e| self.stores.contains(&e.store)) {
            if self.active.records(e.step as i64 + 1) {
                self.data.times.push(slice.grid.ms_of_step(e.step + 1));
                self.data.senders.push(e.sender);
                self.data.targets.push(e.target);
                self.data.weights.push(e.weight);
                self.data.receptors.push(e.receptor);
            }
        }
        (self.data.times.len() - before) as u64
    }
    fn clear(&mut self) {
        self.data = WeightData::default();
    }
    fn model(&self) -> &'static str {
        "weight_recorder"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Simulator {
    /// A weight recorder of the synapses of the connection stores `stores` (NEST attaches it
    /// to synapse models), active within `window`.
    pub fn weight_recorder(
        &mut self,
        stores: &[StoreId],
        window: Window,
    ) -> Result<WeightRecorderId> {
        let active = Active::new(window, &self.network().grid, "weight_recorder")?;
        let n_stores = self.network().engines[0].stores.len();
        if stores.iter().any(|s| s.0 >= n_stores) {
            return Err(Error::InvalidNodes(
                "this connection store belongs to another simulator".into(),
            ));
        }
        let r = WeightRecorder {
            stores: stores.iter().map(|s| s.0).collect(),
            active,
            data: WeightData::default(),
        };
        let id = self.add_memory_recorder(Box::new(r))?;
        for engine in &mut self.network_mut().engines {
            for s in stores {
                engine.stores[s.0].record_weights(true);
            }
        }
        Ok(WeightRecorderId(id))
    }

    /// The events a weight recorder holds (empty for a handle of another simulator).
    pub fn weights(&self, id: WeightRecorderId) -> &WeightData {
        static NONE: WeightData = WeightData {
            times: Vec::new(),
            senders: Vec::new(),
            targets: Vec::new(),
            weights: Vec::new(),
            receptors: Vec::new(),
        };
        self.recorder::<WeightRecorder>(id.0)
            .map_or(&NONE, |r| &r.data)
    }
}
