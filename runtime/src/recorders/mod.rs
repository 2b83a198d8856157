//! Recorders: devices that collect what the simulation produces.
//!
//! A recorder sees each slice once, after the exchange ([`Recorder::collect`]): the merged
//! spikes of every engine and the steps the slice completed. A recorder that reads neurons'
//! state puts a [`Probe`] in every engine that owns some of its neurons; the engine calls the
//! probe at the end of every step, and the recorder takes the probes' samples at the end of the
//! slice. A new kind of recorder implements these two traits and is added with
//! [`Recorders::add`]; the step loop does not change.

mod multimeter;
mod spike_recorder;

pub(crate) use multimeter::Multimeter;
pub(crate) use spike_recorder::SpikeRecorder;

use std::any::Any;

use crate::engine::Engine;
use crate::population::AnyChunk;
use crate::time::Grid;

/// What a recorder sees of one slice.
pub(crate) struct Slice<'a> {
    pub grid: &'a Grid,
    /// The steps `from..end` were completed (`end` is the failing step after a failure).
    pub from: u64,
    pub end: u64,
    /// Every spike of those steps, in (step, node) order.
    pub spikes: &'a [(u64, u32)],
}

/// A recorder's part inside one engine: it reads the engine's neurons after every step.
pub(crate) trait Probe: Send + Sync {
    /// Called at the end of step `step` with the engine's populations.
    fn sample(&mut self, step: u64, chunks: &[Box<dyn AnyChunk>]);
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// A probe as engines own it.
pub(crate) type ProbeRef = dyn Probe + 'static;

/// A recording device.
pub(crate) trait Recorder: Send + Sync {
    /// Takes what the slice produced: its spikes, and the samples of this recorder's probes.
    fn collect(&mut self, slice: &Slice<'_>, probes: &mut [&mut ProbeRef]);
    fn as_any(&self) -> &dyn Any;
}

/// The recorders of a simulator, by index.
#[derive(Default)]
pub(crate) struct Recorders {
    list: Vec<Box<dyn Recorder>>,
}

impl Recorders {
    /// Adds a recorder with its probe in each engine (`probes[slot]`, or none); returns its
    /// index, which is also the index of its probes in the engines.
    pub(crate) fn add(
        &mut self,
        r: Box<dyn Recorder>,
        engines: &mut [Engine],
        mut probes: Vec<Option<Box<dyn Probe>>>,
    ) -> usize {
        probes.resize_with(engines.len(), || None);
        for (engine, probe) in engines.iter_mut().zip(probes) {
            engine.probes.resize_with(self.list.len(), || None);
            engine.probes.push(probe);
        }
        self.list.push(r);
        self.list.len() - 1
    }

    /// Recorder `id` as its own type.
    pub(crate) fn get<R: 'static>(&self, id: usize) -> Option<&R> {
        self.list.get(id)?.as_any().downcast_ref()
    }

    /// Hands one slice to every recorder, with its probes in `engines`.
    pub(crate) fn collect(&mut self, slice: &Slice<'_>, engines: &mut [Engine]) {
        for (r, rec) in self.list.iter_mut().enumerate() {
            let mut probes: Vec<&mut ProbeRef> = engines
                .iter_mut()
                .filter_map(|e| e.probes.get_mut(r)?.as_deref_mut())
                .collect();
            rec.collect(slice, &mut probes);
        }
    }
}
