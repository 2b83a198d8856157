//! Recorders created by `Create` (voltmeter, multimeter, spike_recorder): their settings, the
//! neurons `Connect` gives them, the runtime recorder they become at the first `Simulate`, and
//! their events in NEST's order and timing.

use saltatory::Simulator;
use saltatory::runtime::record::Sampling;
use saltatory::runtime::{ParamValue, RecordTo, RowOptions, SpikeRecorderId, TraceId};

use crate::errors::kernel_error;
use pyo3::PyResult;

/// The kinds of recorder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `voltmeter`: a multimeter of `V_m`.
    Voltmeter,
    /// `multimeter`: the variables of `record_from`.
    Multimeter,
    /// `spike_recorder`.
    SpikeRecorder,
}

impl Kind {
    /// The kind NEST calls `name`, if it is a recorder.
    pub fn of(name: &str) -> Option<Kind> {
        match name {
            "voltmeter" => Some(Kind::Voltmeter),
            "multimeter" => Some(Kind::Multimeter),
            "spike_recorder" => Some(Kind::SpikeRecorder),
            _ => None,
        }
    }

    /// NEST's name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Voltmeter => "voltmeter",
            Kind::Multimeter => "multimeter",
            Kind::SpikeRecorder => "spike_recorder",
        }
    }

    /// Whether it samples neurons (connected as the source), or receives their spikes.
    pub fn samples(self) -> bool {
        self != Kind::SpikeRecorder
    }
}

/// The runtime recorder a recorder became.
#[derive(Clone, Copy, Debug)]
pub enum Handle {
    /// A multimeter or voltmeter.
    Trace(TraceId),
    /// A spike recorder.
    Spikes(SpikeRecorderId),
}

/// A recorder: its settings and targets, and, once simulated, its runtime recorder.
#[derive(Clone, Debug)]
pub struct Recorder {
    /// Its kind.
    pub kind: Kind,
    /// Sampling interval, offset and window (the window alone for spike recorders).
    pub sampling: Sampling,
    /// The variables a multimeter records.
    pub record_from: Vec<String>,
    /// Its label: names its file in place of the model's name.
    pub label: String,
    /// Where its events go: memory, a file or the screen.
    pub to: RecordTo,
    /// How rows of files and the screen are printed, and whether times are in steps.
    pub rows: RowOptions,
    /// Global ids of the neurons it records.
    pub targets: Vec<u64>,
    /// The runtime recorder, from the first `Simulate` after it was connected.
    pub handle: Option<Handle>,
}

/// The events of a recorder, columns in NEST's order.
#[derive(Clone, Debug, Default)]
pub struct Events {
    /// Global id of the node of each event.
    pub senders: Vec<i64>,
    /// Time of each event, ms.
    pub times: Vec<f64>,
    /// The recorded variables, one column each.
    pub values: Vec<(String, Vec<f64>)>,
}

impl Recorder {
    /// A recorder of `kind` with NEST's defaults.
    pub fn new(kind: Kind) -> Self {
        let record_from = match kind {
            Kind::Voltmeter => vec!["V_m".to_string()],
            _ => Vec::new(),
        };
        Recorder {
            kind,
            sampling: Sampling::default(),
            record_from,
            label: String::new(),
            to: RecordTo::Memory,
            rows: RowOptions::default(),
            targets: Vec::new(),
            handle: None,
        }
    }

    /// The names `get` answers.
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = vec![
            "start",
            "stop",
            "origin",
            "label",
            "record_to",
            "n_events",
            "time_in_steps",
            "precision",
            "filenames",
        ];
        if self.kind.samples() {
            names.extend(["interval", "offset", "record_from"]);
        }
        names
    }

    /// Sets one setting by NEST name; refused once the recorder runs.
    pub fn set(&mut self, name: &str, value: &ParamValue) -> PyResult<()> {
        let model = self.kind.name();
        if self.handle.is_some() {
            return Err(kernel_error(
                "KernelException",
                format!("{model}: {name} cannot be changed after the recorder has run"),
            ));
        }
        let number = || {
            value.number().ok_or_else(|| {
                kernel_error("BadProperty", format!("{model}: {name} expects a number"))
            })
        };
        let samples = self.kind.samples();
        match name {
            "start" => self.sampling.window.start = number()?,
            "stop" => self.sampling.window.stop = number()?,
            "origin" => self.sampling.window.origin = number()?,
            "interval" if samples => self.sampling.interval = number()?,
            "offset" if samples => self.sampling.offset = number()?,
            "label" => {
                self.label = match value {
                    ParamValue::Text(t) => t.clone(),
                    other => other.to_string(),
                }
            }
            "time_in_steps" => {
                self.rows.time_in_steps = value.switch().ok_or_else(|| {
                    kernel_error("BadProperty", format!("{model}: {name} expects a switch"))
                })?
            }
            "precision" => {
                self.rows.precision = match value {
                    ParamValue::Int(p) if *p >= 0 => *p,
                    _ => {
                        return Err(kernel_error(
                            "BadProperty",
                            format!("{model}: precision expects a non-negative integer"),
                        ));
                    }
                }
            }
            "record_to" => {
                self.to = match value {
                    ParamValue::Text(t) if t == "memory" => RecordTo::Memory,
                    ParamValue::Text(t) if t == "ascii" => RecordTo::ascii(),
                    ParamValue::Text(t) if t == "screen" => RecordTo::screen(),
                    _ => {
                        return Err(kernel_error(
                            "BadProperty",
                            format!(
                                "{model}: record_to is one of memory, ascii, screen; got {value}"
                            ),
                        ));
                    }
                }
            }
            "record_from" if self.kind == Kind::Multimeter => {
                self.record_from = match value {
                    ParamValue::Text(t) => vec![t.clone()],
                    ParamValue::Floats(v) if v.is_empty() => Vec::new(),
                    _ => {
                        return Err(kernel_error(
                            "BadProperty",
                            format!("{model}: record_from expects a list of names"),
                        ));
                    }
                }
            }
            _ => {
                return Err(kernel_error(
                    "UnaccessedDictionaryEntry",
                    format!(
                        "{model} has no setting named {name:?}; known: {}",
                        self.names().join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Sets the variables a multimeter records (a list of texts from Python).
    pub fn set_record_from(&mut self, names: Vec<String>) -> PyResult<()> {
        if self.kind != Kind::Multimeter {
            return Err(kernel_error(
                "BadProperty",
                format!("{}: record_from cannot be set", self.kind.name()),
            ));
        }
        self.record_from = names;
        Ok(())
    }

    /// The window's settings and the sampling's, by name.
    pub fn get(&self, name: &str) -> Option<ParamValue> {
        let s = &self.sampling;
        Some(match name {
            "start" => ParamValue::Float(s.window.start),
            "stop" => ParamValue::Float(s.window.stop),
            "origin" => ParamValue::Float(s.window.origin),
            "interval" if self.kind.samples() => ParamValue::Float(s.interval),
            "offset" if self.kind.samples() => ParamValue::Float(s.offset),
            "label" => ParamValue::Text(self.label.clone()),
            "time_in_steps" => ParamValue::Bool(self.rows.time_in_steps),
            "precision" => ParamValue::Int(self.rows.precision),
            "record_to" => ParamValue::Text(
                match self.to {
                    RecordTo::Memory => "memory",
                    RecordTo::Ascii(_) => "ascii",
                    RecordTo::Screen(_) => "screen",
                }
                .into(),
            ),
            _ => return None,
        })
    }

    /// Adds recorded neurons; refused once the recorder runs.
    pub fn add_targets(&mut self, gids: impl IntoIterator<Item = u64>) -> PyResult<()> {
        if self.handle.is_some() {
            return Err(kernel_error(
                "KernelException",
                format!(
                    "{}: connecting a recorder after it has run is not available yet",
                    self.kind.name()
                ),
            ));
        }
        self.targets.extend(gids);
        self.targets.sort_unstable();
        self.targets.dedup();
        Ok(())
    }

    /// Makes the runtime recorder of `targets` (their collection, in global id order).
    pub fn start(
        &mut self,
        sim: &mut Simulator,
        targets: saltatory::runtime::NodeCollection,
    ) -> saltatory::Result<()> {
        let window = self.sampling.window;
        let mut to = self.to.clone();
        match &mut to {
            RecordTo::Ascii(options) => {
                options.label = self.label.clone();
                options.rows = self.rows;
            }
            RecordTo::Screen(rows) => *rows = self.rows,
            RecordTo::Memory => {}
        }
        self.handle = Some(match self.kind {
            Kind::SpikeRecorder => Handle::Spikes(sim.record_spikes_to(targets, window, &to)?),
            Kind::Voltmeter => Handle::Trace(sim.voltmeter_to(targets, self.sampling, &to)?),
            Kind::Multimeter => {
                let vars: Vec<&str> = self.record_from.iter().map(String::as_str).collect();
                Handle::Trace(sim.record_to(targets, &vars, self.sampling, &to)?)
            }
        });
        Ok(())
    }

    /// NEST's `n_events`: the events shown (`shown`, for memory), or those written.
    pub fn n_events(&self, sim: &Simulator, shown: usize) -> u64 {
        match (&self.to, self.handle) {
            (RecordTo::Memory, _) | (_, None) => shown as u64,
            (_, Some(Handle::Spikes(id))) => sim.n_events(id),
            (_, Some(Handle::Trace(id))) => sim.n_events(id),
        }
    }

    /// The files it writes.
    pub fn filenames(&self, sim: &Simulator) -> Vec<String> {
        let files = match self.handle {
            Some(Handle::Spikes(id)) => sim.filenames(id),
            Some(Handle::Trace(id)) => sim.filenames(id),
            None => Vec::new(),
        };
        files.iter().map(|f| f.display().to_string()).collect()
    }

    /// Whether the recorder should become a runtime recorder now.
    pub fn ready(&self) -> bool {
        self.handle.is_none()
            && !self.targets.is_empty()
            && (self.kind != Kind::Multimeter || !self.record_from.is_empty())
    }

    /// Its events as NEST shows them: `gid_of` turns a neuron index into its global id;
    /// samples of steps after `held_from` are not shown yet (NEST hands a multimeter the
    /// samples of a min-delay slice at the next slice), and samples come slice by slice, each
    /// slice neuron by neuron (`slice_steps` long).
    pub fn events(
        &self,
        sim: &Simulator,
        gid_of: impl Fn(usize) -> u64,
        held_from: u64,
        slice_steps: u64,
    ) -> Events {
        let mut ev = Events::default();
        match self.handle {
            None => {
                if self.kind.samples() {
                    ev.values = self
                        .record_from
                        .iter()
                        .map(|n| (n.clone(), Vec::new()))
                        .collect();
                }
            }
            Some(Handle::Spikes(id)) => {
                let d = sim.spikes(id);
                ev.senders = d.senders.iter().map(|&s| gid_of(s) as i64).collect();
                ev.times = d.times.clone();
            }
            Some(Handle::Trace(id)) => {
                let tr = sim.trace(id);
                let h = sim.grid().h();
                let stamp = |t: f64| (t / h).round() as u64;
                let shown = tr
                    .times
                    .iter()
                    .take_while(|&&t| stamp(t) <= held_from)
                    .count();
                ev.values = tr
                    .names
                    .iter()
                    .map(|n| (n.to_string(), Vec::new()))
                    .collect();
                let slice = |k: usize| (stamp(tr.times[k]).max(1) - 1) / slice_steps.max(1);
                let mut k0 = 0;
                while k0 < shown {
                    let mut k1 = k0;
                    while k1 < shown && slice(k1) == slice(k0) {
                        k1 += 1;
                    }
                    for (n, &node) in tr.neurons.iter().enumerate() {
                        let gid = gid_of(node) as i64;
                        for k in k0..k1 {
                            ev.senders.push(gid);
                            ev.times.push(tr.times[k]);
                            for (v, col) in ev.values.iter_mut().enumerate() {
                                col.1.push(tr.values[v][n][k]);
                            }
                        }
                    }
                    k0 = k1;
                }
            }
        }
        ev
    }
}
