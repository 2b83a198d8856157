//! Recorders: devices that collect what the simulation produces.
//!
//! A recorder sees each slice once, after the exchange ([`Recorder::collect`]): the merged
//! spikes of every engine and the steps the slice completed. A recorder that reads neurons'
//! state puts a [`Probe`] in every engine that owns some of its neurons; the engine calls the
//! probe at the end of every step, and the recorder takes the probes' samples at the end of the
//! slice; a probe reads the engine's devices as well (a multimeter connected to a device,
//! [`device_meter`]). A new kind of recorder implements these two traits and is added with
//! [`Recorders::add`]; the step loop does not change.
//!
//! Where the events go is the recorder's [`Backend`] (NEST's `record_to`): memory, a file
//! ([`ascii`]) or standard output ([`screen`]). The backend gets each slice's events as text
//! rows at the handover, and hears when a `simulate` call begins and ends.

mod ascii;
mod backend;
mod correlation_detector;
mod correlomatrix_detector;
mod correlospinmatrix_detector;
mod device_meter;
mod file_options;
mod gather;
mod multimeter;
mod rank_files;
mod rows;
mod screen;
mod spike_recorder;
mod spin_detector;
mod watch;
mod weight_recorder;

pub(crate) use backend::{Backend, Place};
pub use correlation_detector::{Correlation, CorrelationId, CorrelationSpec};
pub use correlomatrix_detector::{CorrelomatrixId, CovarianceMatrix};
pub use correlospinmatrix_detector::CorrelospinmatrixId;
pub(crate) use device_meter::DeviceMeter;
pub use file_options::{AsciiOptions, OutputFiles, RecordTo, RowOptions};
pub(crate) use gather::transmitted as gather_transmitted;
pub(crate) use multimeter::Multimeter;
pub use rank_files::merge_rank_files;
pub(crate) use rows::RowFormat;
pub(crate) use spike_recorder::SpikeRecorder;
pub use spin_detector::{SpinData, SpinDetectorId};
pub(crate) use watch::{Active, by_node, node_mask};
pub(crate) use weight_recorder::Transmitted;
pub use weight_recorder::{WeightData, WeightRecorderId};

use std::any::Any;
use std::path::PathBuf;

use crate::devices::DeviceRun;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::exchange::Exchange;
use crate::exchange::codec::{Reader, Writer};
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

/// What a probe reads at the end of a step: the engine's populations and devices.
pub(crate) struct EngineView<'a> {
    pub chunks: &'a [Box<dyn AnyChunk>],
    pub devices: &'a [DeviceRun],
}

/// A recorder's part inside one engine: it reads the engine's nodes after every step.
pub(crate) trait Probe: Send + Sync {
    /// Called at the end of step `step` with what the engine holds.
    fn sample(&mut self, step: u64, at: &EngineView<'_>);
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// Moves the samples not yet handed over into `out`, for a recorder on another process
    /// ([`Recorder::unpack`] reads them back). Probes of recorders that
    /// [sample](Recorder::samples) implement it.
    fn pack(&mut self, _out: &mut Writer) {}
}

/// A probe as engines own it.
pub(crate) type ProbeRef = dyn Probe + 'static;

/// The text rows wanted of a slice's events: their format, and where to append them.
pub(crate) type Rows<'a> = Option<(&'a RowFormat, &'a mut String)>;

/// A recording device.
pub(crate) trait Recorder: Send + Sync {
    /// Takes what the slice produced: its spikes, and the samples of this recorder's probes.
    /// Appends the rows of the new events to `rows` when asked, and returns how many events
    /// it took.
    fn collect(&mut self, slice: &Slice<'_>, probes: &mut [&mut ProbeRef], rows: Rows<'_>) -> u64;
    /// Takes the spikes synapses transmitted in the slice (weight recorders), in their
    /// canonical order; returns how many events it took.
    fn collect_weights(&mut self, _slice: &Slice<'_>, _events: &[Transmitted]) -> u64 {
        0
    }
    /// Whether the recorder reads nodes' or devices' state through probes (whose samples are
    /// gathered from every process of a distributed simulation).
    fn samples(&self) -> bool {
        false
    }
    /// A probe holding the samples another process's probe [packed](Probe::pack).
    fn unpack(&self, _from: &mut Reader<'_>) -> Result<Box<ProbeRef>> {
        Err(Error::Backend {
            model: self.model(),
            message: "this recorder has no samples to gather".into(),
        })
    }
    /// Whether the recorder takes the spikes synapses transmit ([`collect_weights`](Self::collect_weights)).
    fn weighs(&self) -> bool {
        false
    }
    /// Drops the events held in memory.
    fn clear(&mut self);
    /// NEST's model name of the recorder.
    fn model(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
}

/// Where a recorder's rows go instead of memory: a file, standard output.
pub(crate) trait Sink: Send + Sync {
    /// A `simulate` call begins.
    fn begin_run(&mut self) -> Result<()>;
    /// The rows of one slice, written at its handover.
    fn write(&mut self, rows: &str) -> Result<()>;
    /// The `simulate` call ended, successfully or not.
    fn end_run(&mut self) -> Result<()>;
    /// The files written.
    fn filenames(&self) -> Vec<PathBuf> {
        Vec::new()
    }
}

/// A recorder with its backend.
struct Entry {
    recorder: Box<dyn Recorder>,
    backend: Backend,
}

impl Entry {
    /// Whether the recorder's samples are gathered from every process: unless each process
    /// writes the rows of its own nodes and keeps nothing in memory.
    fn gathers(&self) -> bool {
        self.recorder.samples() && (self.backend.keeps_events() || !self.backend.own_rows)
    }
}

/// The recorders of a simulator, by index.
#[derive(Default)]
pub(crate) struct Recorders {
    list: Vec<Entry>,
}

impl Recorders {
    /// Adds a recorder with its probe in each engine (`probes[slot]`, or none); returns its
    /// index, which is also the index of its probes in the engines.
    pub(crate) fn add(
        &mut self,
        r: Box<dyn Recorder>,
        backend: Backend,
        engines: &mut [Engine],
        mut probes: Vec<Option<Box<dyn Probe>>>,
    ) -> usize {
        probes.resize_with(engines.len(), || None);
        for (engine, probe) in engines.iter_mut().zip(probes) {
            engine.probes.resize_with(self.list.len(), || None);
            engine.probes.push(probe);
        }
        self.list.push(Entry {
            recorder: r,
            backend,
        });
        self.list.len() - 1
    }

    /// How many recorders there are.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// Recorder `id` as its own type.
    pub(crate) fn get<R: 'static>(&self, id: usize) -> Option<&R> {
        self.list.get(id)?.recorder.as_any().downcast_ref()
    }

    /// Hands one slice to every recorder, with its probes in `engines` (and, across
    /// processes, those of every process), and its events to the recorder's backend. Every
    /// recorder collects; the first backend error is returned.
    pub(crate) fn collect(
        &mut self,
        slice: &Slice<'_>,
        engines: &mut [Engine],
        ex: &mut dyn Exchange,
    ) -> Result<()> {
        let sampling = self.list.iter().any(Entry::gathers);
        let mut gathered = if ex.ranks() > 1 && sampling {
            Some(gather::probes(&self.list, engines, ex)?)
        } else {
            None
        };
        let mut result = Ok(());
        for (r, entry) in self.list.iter_mut().enumerate() {
            let mut probes: Vec<&mut ProbeRef> = match &mut gathered {
                Some(all) if entry.gathers() => all[r].iter_mut().map(|p| &mut **p).collect(),
                _ => engines
                    .iter_mut()
                    .filter_map(|e| e.probes.get_mut(r)?.as_deref_mut())
                    .collect(),
            };
            let b = &mut entry.backend;
            let rows = b.format.as_ref().map(|f| (f, &mut b.rows));
            b.n_events += entry.recorder.collect(slice, &mut probes, rows);
            if !b.keeps_events() {
                entry.recorder.clear();
            }
            let flushed = b.flush();
            if result.is_ok() {
                result = flushed;
            }
        }
        result
    }

    /// Whether any recorder writes rows (to a file or the screen).
    pub(crate) fn writes_rows(&self) -> bool {
        self.list.iter().any(|e| e.backend.format.is_some())
    }

    /// Whether any recorder takes the spikes synapses transmit.
    pub(crate) fn weighs(&self) -> bool {
        self.list.iter().any(|e| e.recorder.weighs())
    }

    /// Hands the spikes synapses transmitted in a slice to every recorder.
    pub(crate) fn collect_weights(&mut self, slice: &Slice<'_>, events: &[Transmitted]) {
        for entry in &mut self.list {
            entry.backend.n_events += entry.recorder.collect_weights(slice, events);
        }
    }

    /// Before a `simulate` call: every backend opens its output. When one fails, those opened
    /// are closed again. Backends that print only this process's rows take `own`, the mask
    /// of the nodes this process owns.
    pub(crate) fn begin_run(&mut self, own: Option<&std::sync::Arc<Vec<bool>>>) -> Result<()> {
        for entry in &mut self.list {
            if let (true, Some(format)) = (entry.backend.own_rows, &mut entry.backend.format) {
                format.only = own.cloned();
            }
        }
        for k in 0..self.list.len() {
            if let Err(e) = self.list[k].backend.begin_run() {
                for entry in &mut self.list[..k] {
                    let _ = entry.backend.end_run();
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// After a `simulate` call, whatever its outcome: every backend completes its output with
    /// what was recorded. Returns the first error.
    pub(crate) fn end_run(&mut self) -> Result<()> {
        let mut result = Ok(());
        for entry in &mut self.list {
            let ended = entry.backend.end_run();
            if result.is_ok() {
                result = ended;
            }
        }
        result
    }

    /// NEST's `n_events` of recorder `id`: events recorded since creation or the last
    /// clearing, to any backend.
    pub(crate) fn n_events(&self, id: usize) -> Option<u64> {
        Some(self.list.get(id)?.backend.n_events)
    }

    /// Sets `n_events` as NEST does: only 0 is accepted, and it clears the events in memory.
    pub(crate) fn set_n_events(&mut self, id: usize, n: u64) -> Result<()> {
        let entry = self.list.get_mut(id).ok_or_else(|| {
            Error::InvalidNodes("this recorder belongs to another simulator".into())
        })?;
        if n != 0 {
            return Err(Error::InvalidParameter {
                model: entry.recorder.model(),
                name: "n_events".into(),
                value: n as f64,
                unit: "",
                expected: "0, which clears the recorded events".into(),
            });
        }
        entry.backend.n_events = 0;
        entry.recorder.clear();
        Ok(())
    }

    /// The files recorder `id` writes (NEST's `filenames`); empty for other backends.
    pub(crate) fn filenames(&self, id: usize) -> Vec<PathBuf> {
        self.list
            .get(id)
            .map_or_else(Vec::new, |e| e.backend.filenames())
    }
}
