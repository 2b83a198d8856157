//! A multimeter connected to a stimulation device: the device's recordable (`I` or `rate`,
//! [`crate::devices::recordables`]) at the multimeter's sample times, as NEST records it.
//!
//! A device records its value of every step it updates, stamped with the end of the step, the
//! same schedule as a neuron's (NEST's `UniversalDataLogger`). Every engine holds the device's
//! state and computes the same value, except `noise_generator`'s mean current, which is taken
//! over the targets of all engines, summed in the order of the target nodes: the same for any
//! number of threads.

use std::any::Any;

use super::{EngineView, Multimeter, Probe, ProbeRef, Recorder, Rows, Slice};
use crate::devices::{DeviceSample, recordables};
use crate::error::{Error, Result};
use crate::exchange::codec::{Reader, Writer};
use crate::network::Network;
use crate::record::{SampleSteps, Sampling, Trace};

/// One sample of a device in one engine.
enum Part {
    /// The device's value.
    Value(f64),
    /// The currents of the engine's targets, by target node.
    Targets(Vec<(u32, f64)>),
}

/// A device's multimeter: a [`Multimeter`] whose trace holds one series, the device's.
pub(crate) struct DeviceMeter {
    meter: Multimeter,
}

/// The device's sampler in one engine.
pub(crate) struct DeviceProbe {
    steps: SampleSteps,
    /// The device's index among the engine's devices.
    index: usize,
    parts: Vec<Part>,
}

impl Probe for DeviceProbe {
    fn sample(&mut self, step: u64, at: &EngineView<'_>) {
        if !self.steps.takes(step) {
            return;
        }
        let part = match at.devices[self.index].sample() {
            DeviceSample::Value(v) => Part::Value(v),
            DeviceSample::Targets(targets, amps) => Part::Targets(
                targets
                    .iter()
                    .map(|t| t.node)
                    .zip(amps.iter().copied())
                    .collect(),
            ),
        };
        self.parts.push(part);
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn pack(&mut self, out: &mut Writer) {
        out.u64(self.parts.len() as u64);
        for part in self.parts.drain(..) {
            match part {
                Part::Value(v) => {
                    out.u64(0).f64(v);
                }
                Part::Targets(t) => {
                    out.u64(1).u64(t.len() as u64);
                    for (node, amp) in t {
                        out.u64(u64::from(node)).f64(amp);
                    }
                }
            }
        }
    }
}

impl DeviceProbe {
    /// The samples another process's probe packed, as a probe.
    fn unpack(steps: SampleSteps, from: &mut Reader<'_>) -> Result<Self> {
        let n = from.usize()?;
        let mut parts = Vec::new();
        for _ in 0..n {
            parts.push(if from.u64()? == 0 {
                Part::Value(from.f64()?)
            } else {
                let k = from.usize()?;
                let t = (0..k).map(|_| Ok((from.u64()? as u32, from.f64()?)));
                Part::Targets(t.collect::<Result<_>>()?)
            });
        }
        Ok(DeviceProbe {
            steps,
            index: 0,
            parts,
        })
    }
}

impl Recorder for DeviceMeter {
    fn collect(&mut self, slice: &Slice<'_>, probes: &mut [&mut ProbeRef], rows: Rows<'_>) -> u64 {
        let trace = &mut self.meter.trace;
        let before = trace.times.len();
        let mut stamps = Vec::new();
        for s in slice.from..slice.end {
            if self.meter.steps.takes(s) {
                trace.times.push(slice.grid.ms_of_step(s + 1));
                stamps.push(s + 1);
            }
        }
        let taken = trace.times.len() - before;
        let mut parts: Vec<std::vec::Drain<'_, Part>> = probes
            .iter_mut()
            .filter_map(|p| p.as_any_mut().downcast_mut::<DeviceProbe>())
            .map(|p| {
                let n = taken.min(p.parts.len());
                p.parts.drain(..n)
            })
            .collect();
        for _ in 0..taken {
            let mut value = None;
            let mut currents = Vec::new();
            for engine in &mut parts {
                match engine.next() {
                    Some(Part::Value(v)) => value = value.or(Some(v)),
                    Some(Part::Targets(t)) => currents.extend(t),
                    None => {}
                }
            }
            let value = value.unwrap_or_else(|| mean_by_node(&mut currents));
            for series in trace.values.iter_mut() {
                series[0].push(value);
            }
        }
        drop(parts);
        if let Some((format, out)) = rows {
            self.meter.rows(before, &stamps, format, out);
        }
        taken as u64
    }
    fn samples(&self) -> bool {
        true
    }
    fn unpack(&self, from: &mut Reader<'_>) -> Result<Box<ProbeRef>> {
        Ok(Box::new(DeviceProbe::unpack(self.meter.steps, from)?))
    }
    fn clear(&mut self) {
        self.meter.clear();
    }
    fn model(&self) -> &'static str {
        self.meter.model
    }
    /// The trace is read as a multimeter's.
    fn as_any(&self) -> &dyn Any {
        &self.meter
    }
}

/// NEST's mean of a noise generator's currents (0 without targets), summed in node order.
fn mean_by_node(currents: &mut [(u32, f64)]) -> f64 {
    currents.sort_by_key(|c| c.0);
    let sum = currents.iter().fold(0.0, |acc, c| acc + c.1);
    sum / currents.len().max(1) as f64
}

impl DeviceMeter {
    /// The recorded variables.
    pub(crate) fn names(&self) -> &[&'static str] {
        &self.meter.trace.names
    }

    /// A multimeter of `vars` on device number `device`, sampling as `sampling` says from step
    /// `now` on, with a probe in each engine (`probes[slot]`).
    pub(crate) fn new(
        net: &Network,
        device: usize,
        vars: &[&str],
        sampling: Sampling,
        now: u64,
    ) -> Result<(DeviceMeter, Vec<DeviceProbe>)> {
        let Some(index) = net.engines[0]
            .devices
            .iter()
            .position(|d| d.id == device as u64)
        else {
            return Err(Error::InvalidNodes(format!(
                "no device {device} in this simulator"
            )));
        };
        let stimulus = &net.engines[0].devices[index].device.stimulus;
        let known = recordables(stimulus);
        let mut names = Vec::new();
        for v in vars {
            let Some(name) = known.iter().find(|k| *k == v) else {
                return Err(Error::UnknownName {
                    model: stimulus.nest_name(),
                    kind: "recordable",
                    name: v.to_string(),
                    known: if known.is_empty() {
                        "none".into()
                    } else {
                        known.join(", ")
                    },
                });
            };
            names.push(*name);
        }
        let steps = sampling.steps(&net.grid, now)?;
        let probes = (0..net.engines.len())
            .map(|_| DeviceProbe {
                steps,
                index,
                parts: Vec::new(),
            })
            .collect();
        let meter = Multimeter {
            model: "multimeter",
            steps,
            trace: Trace {
                values: vec![vec![Vec::new()]; names.len()],
                names,
                neurons: vec![device],
                times: Vec::new(),
            },
        };
        Ok((DeviceMeter { meter }, probes))
    }
}
