//! Stimulation devices connected to neurons (NEST's generators): the device's state goes to
//! every engine that owns some of its targets, with the targets it serves there. The
//! convenience inputs [`SpikeTrain`] and [`DcInput`] are devices too.

use crate::arrival::SpikeInput;
use crate::connect::{self, ConnSpec, Drawer, SynSpec};
use crate::devices::{Device, DeviceRun, DeviceTarget, Stimulus};
use crate::error::{Error, Result};
use crate::network::Network;
use crate::nodes::NodeCollection;
use crate::rate::{NodeKind, SynapseModel};
use crate::units::{Current, Time};

/// A `spike_generator` connected to neurons: spikes at the given times, each delivered with
/// `weight` after `delay`.
#[derive(Clone, Debug, PartialEq)]
pub struct SpikeTrain {
    /// Spike times in ms: strictly positive and on the grid (NEST rejects t = 0 and off-grid
    /// times unless `allow_offgrid_times`, which rounds up to the grid).
    pub times: Vec<f64>,
    /// Synaptic weight in the model's spike unit (pA for current synapses, mV for delta).
    pub weight: f64,
    /// Delay in ms, rounded half-up to steps; must be at least one step.
    pub delay: Time,
    /// Receptor type.
    pub receptor: usize,
    /// Round off-grid times up to the grid instead of rejecting them.
    pub allow_offgrid_times: bool,
}

impl SpikeTrain {
    /// Spikes at `times` (ms) with `weight`, delay 1 ms, receptor 0.
    pub fn new(times: &[f64], weight: f64) -> Self {
        Self {
            times: times.to_vec(),
            weight,
            delay: Time::new(1.0),
            receptor: 0,
            allow_offgrid_times: false,
        }
    }
    /// The same train with another delay.
    pub fn delay(mut self, delay: Time) -> Self {
        self.delay = delay;
        self
    }
    /// The device and connection this train stands for.
    pub(crate) fn device(&self) -> (Device, SynSpec) {
        let device = Device::from(Stimulus::SpikeTimes {
            times: self.times.clone(),
            weights: Vec::new(),
            multiplicities: Vec::new(),
            allow_offgrid_times: self.allow_offgrid_times,
        });
        let syn = SynSpec::new(self.weight, self.delay.value()).receptor(self.receptor);
        (device, syn)
    }
}

/// A `dc_generator` connected to neurons.
#[derive(Clone, Debug, PartialEq)]
pub struct DcInput {
    /// Amplitude.
    pub amplitude: Current,
    /// Activation time (NEST `start`, ms).
    pub start: Time,
    /// Deactivation time (NEST `stop`, ms; infinity for never).
    pub stop: Time,
    /// Connection delay.
    pub delay: Time,
    /// Current receptor.
    pub receptor: usize,
}

impl DcInput {
    /// A constant current from `start` = 0 on, never stopping, delay 1 ms, receptor 0.
    pub fn new(amplitude: Current) -> Self {
        Self {
            amplitude,
            start: Time::new(0.0),
            stop: Time::new(f64::INFINITY),
            delay: Time::new(1.0),
            receptor: 0,
        }
    }
    /// The device and connection this input stands for.
    pub(crate) fn device(&self) -> (Device, SynSpec) {
        let stimulus = Stimulus::Dc {
            amplitude: self.amplitude.value(),
        };
        let device = Device::from(stimulus).between(self.start.value(), self.stop.value());
        let syn = SynSpec::new(1.0, self.delay.value()).receptor(self.receptor);
        (device, syn)
    }
}

/// Handle of a stimulation device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceId(pub(crate) usize);

impl DeviceId {
    /// The device's number: devices are numbered from 0 in the order they were connected.
    pub fn index(self) -> usize {
        self.0
    }
}

impl Network {
    /// Connects `device` (number `id` of the simulator) to `targets` with `syn`; `now` is the
    /// current step. Returns the longest delay in steps.
    pub(crate) fn stimulate(
        &mut self,
        device: &Device,
        targets: &NodeCollection,
        syn: &SynSpec,
        id: u64,
        now: u64,
    ) -> Result<u64> {
        self.check(targets)?;
        let name = device.stimulus.nest_name();
        if targets.is_empty() {
            return Err(Error::InvalidNodes(format!("{name} has no targets")));
        }
        let stamps = device.validate(&self.grid, now)?;
        // A spike dilutor's mother neurons: their connections to it count towards the min-delay
        // slice, as in NEST.
        let (mut dmin, mut dmax) = (u64::MAX, 0);
        if let Stimulus::SpikeDilutor {
            sources,
            source_delay,
            ..
        } = &device.stimulus
        {
            self.check(sources)?;
            dmin = self.grid.delay_steps(*source_delay)?;
            dmax = dmin;
        }
        let tgt: Vec<(usize, usize, usize)> = targets.iter().collect();
        let pairs: Vec<(u32, u32)> = (0..tgt.len() as u32).map(|k| (0, k)).collect();
        let nodes: Vec<usize> = tgt.iter().map(|t| t.2).collect();
        let spec = ConnSpec::from(connect::Rule::AllToAll);
        let values = connect::values(
            &spec,
            syn,
            &pairs,
            &[usize::MAX],
            &nodes,
            self.seed,
            Drawer::Device(id),
        )?;
        let sends_rates = matches!(device.stimulus, Stimulus::StepRate { .. });
        if sends_rates && syn.model != SynapseModel::RateDelayed {
            return Err(Error::Incompatible {
                synapse: syn.model.nest_name(),
                pre: name,
                post: self.pops[tgt[0].0].name,
                reason: format!(
                    "{name} sends delayed rates: connect it with rate_connection_delayed (NEST: IllegalConnection)"
                ),
            });
        }
        let mut per_engine: Vec<Vec<DeviceTarget>> = vec![Vec::new(); self.engines.len()];
        for (k, &(pop, i, node)) in tgt.iter().enumerate() {
            let info = &self.pops[pop];
            let wanted = if sends_rates {
                NodeKind::Rate
            } else {
                NodeKind::Spiking
            };
            if info.kind != wanted {
                return Err(Error::Incompatible {
                    synapse: syn.model.nest_name(),
                    pre: name,
                    post: info.name,
                    reason: format!(
                        "{} accepts {} (NEST: IllegalConnection)",
                        info.name,
                        info.kind.accepts()
                    ),
                });
            }
            let accepted = self.pops[pop].signal;
            if !device.stimulus.signal().reaches(accepted) {
                return Err(Error::Incompatible {
                    synapse: "static_synapse",
                    pre: name,
                    post: self.pops[pop].name,
                    reason: format!(
                        "{} accepts {} only (NEST: IllegalConnection)",
                        self.pops[pop].name,
                        accepted.describe()
                    ),
                });
            }
            let (weight, delay_ms) = values.get(k);
            let delay = self.grid.delay_steps(delay_ms)?;
            dmax = dmax.max(delay);
            dmin = dmin.min(delay);
            let chunk = &self.engines[0].chunks[pop];
            let (ch, input) = if sends_rates {
                // Delayed rate input has its own channels after the instantaneous ones.
                let ch = chunk.rate_channel(SynapseModel::RateDelayed, weight)? + 2;
                (ch, SpikeInput::Weight)
            } else if device.stimulus.is_current() {
                (chunk.current_channel(syn.receptor)?, SpikeInput::Weight)
            } else {
                let ch = chunk.spike_channel(syn.receptor, weight)?;
                (ch, chunk.spike_input(ch))
            };
            crate::wiring::finite_weight(name, weight)?;
            let Some((slot, j)) = self.own.local_owner(self.pops[pop].n, i) else {
                continue;
            };
            per_engine[slot].push(DeviceTarget {
                offset: self.engines[slot].offset_of(pop, j, ch) as u32,
                node: node as u32,
                weight,
                delay,
                input,
                pop: pop as u32,
                local: j as u32,
            });
        }
        for (engine, targets) in self.engines.iter_mut().zip(per_engine) {
            let mut run = DeviceRun::new(id, device.clone(), stamps.clone(), &self.grid);
            run.targets = targets;
            engine.devices.push(run);
        }
        self.max_delay = self.max_delay.max(dmax);
        // As in NEST, a device's connections count towards the min-delay slice.
        if dmin != u64::MAX {
            self.min_delay = Some(self.min_delay.map_or(dmin, |m| m.min(dmin)));
        }
        Ok(dmax)
    }

    /// New parameters for connected device `id` (as `set_nest` sets them), checked at step
    /// `now`, for the runs from now on; refused as a whole.
    pub(crate) fn change_device(
        &mut self,
        id: DeviceId,
        params: &[(&str, crate::devices::ParamValue)],
        now: u64,
    ) -> Result<()> {
        let key = id.index() as u64;
        let run = (self.engines.iter())
            .flat_map(|e| e.devices.iter())
            .find(|d| d.id == key)
            .ok_or_else(|| Error::InvalidNodes(format!("no device {}", id.index())))?;
        let mut device = run.device.clone();
        device.set_nest(params)?;
        let given: Vec<&str> = params.iter().map(|(name, _)| *name).collect();
        // Rate times are checked against the current time only where new ones are given
        // (the only check that depends on it).
        let checked_at = if given.contains(&"rate_times") {
            now
        } else {
            0
        };
        let stamps = device.validate(&self.grid, checked_at)?;
        let grid = self.grid;
        for engine in &mut self.engines {
            for d in engine.devices.iter_mut().filter(|d| d.id == key) {
                d.reconfigure(device.clone(), stamps.clone(), &grid, now, &given);
            }
        }
        Ok(())
    }
}
