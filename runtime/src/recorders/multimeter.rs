//! The multimeter: state variables of its neurons at NEST's sample times.

use std::any::Any;

use super::RowFormat;
use super::{EngineView, Probe, ProbeRef, Recorder, Rows, Slice};
use crate::error::{Error, Result};
use crate::exchange::codec::{Reader, Writer};
use crate::network::{Network, PopInfo};
use crate::nodes::NodeCollection;
use crate::record::{SampleSteps, Sampling, Trace};

/// A multimeter: its schedule and the samples handed over so far.
pub(crate) struct Multimeter {
    /// NEST's model name: `multimeter`, or `voltmeter` for one recording `V_m` by default.
    pub model: &'static str,
    pub steps: SampleSteps,
    pub trace: Trace,
}

/// A multimeter's neurons in one engine.
pub(crate) struct MeterProbe {
    pub steps: SampleSteps,
    /// Index of each variable in the model's state.
    pub vars: Vec<usize>,
    /// (index in the trace, population, index in the engine's share).
    pub items: Vec<(usize, usize, usize)>,
    /// `values[item][var]`: samples not yet handed to the multimeter.
    pub values: Vec<Vec<Vec<f64>>>,
}

impl Probe for MeterProbe {
    fn sample(&mut self, step: u64, at: &EngineView<'_>) {
        if !self.steps.takes(step) {
            return;
        }
        let chunks = at.chunks;
        for (k, &(_, p, i)) in self.items.iter().enumerate() {
            for (v, &var) in self.vars.iter().enumerate() {
                let value = chunks[p].recordable(var, i).unwrap_or(f64::NAN);
                self.values[k][v].push(value);
            }
        }
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn pack(&mut self, out: &mut Writer) {
        out.u64(self.items.len() as u64);
        for (item, series) in self.items.iter().zip(&mut self.values) {
            out.u64(item.0 as u64);
            for values in series.iter_mut() {
                out.f64s(values);
                values.clear();
            }
        }
    }
}

impl MeterProbe {
    /// The samples of `vars` variables another process's probe packed, as a probe.
    fn unpack(
        steps: SampleSteps,
        vars: usize,
        neurons: usize,
        from: &mut Reader<'_>,
    ) -> Result<Self> {
        let n = from.usize()?;
        let (mut items, mut values) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let item = from.usize()?;
            if item >= neurons {
                return Err(Error::Backend {
                    model: "multimeter",
                    message: format!("a peer sent samples of neuron {item} of {neurons}"),
                });
            }
            items.push((item, 0, 0));
            values.push((0..vars).map(|_| from.f64s()).collect::<Result<_>>()?);
        }
        Ok(MeterProbe {
            steps,
            vars: Vec::new(),
            items,
            values,
        })
    }
}

impl Recorder for Multimeter {
    fn collect(&mut self, slice: &Slice<'_>, probes: &mut [&mut ProbeRef], rows: Rows<'_>) -> u64 {
        let before = self.trace.times.len();
        let mut stamps = Vec::new();
        for s in slice.from..slice.end {
            if self.steps.takes(s) {
                self.trace.times.push(slice.grid.ms_of_step(s + 1));
                stamps.push(s + 1);
            }
        }
        // Engines that did not fail sampled past a failing step: keep the completed steps.
        let taken = self.trace.times.len() - before;
        for probe in probes.iter_mut() {
            let Some(part) = probe.as_any_mut().downcast_mut::<MeterProbe>() else {
                continue;
            };
            for (item, series) in part.items.iter().zip(&mut part.values) {
                for (v, values) in series.iter_mut().enumerate() {
                    let n = taken.min(values.len());
                    self.trace.values[v][item.0].extend(values.drain(..).take(n));
                }
            }
        }
        if let Some((format, out)) = rows {
            self.rows(before, &stamps, format, out);
        }
        (taken * self.trace.neurons.len()) as u64
    }
    fn samples(&self) -> bool {
        true
    }
    fn unpack(&self, from: &mut Reader<'_>) -> Result<Box<ProbeRef>> {
        let (vars, neurons) = (self.trace.values.len(), self.trace.neurons.len());
        Ok(Box::new(MeterProbe::unpack(
            self.steps, vars, neurons, from,
        )?))
    }
    fn clear(&mut self) {
        self.trace.times.clear();
        self.trace.values.iter_mut().flatten().for_each(Vec::clear);
    }
    fn model(&self) -> &'static str {
        self.model
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Multimeter {
    /// The rows of the samples from index `from` on, stamped `stamps`: in time order, and at
    /// each time the neurons in the order of the recorded collection.
    pub(super) fn rows(&self, from: usize, stamps: &[u64], format: &RowFormat, out: &mut String) {
        let times = &self.trace.times[from..];
        let mut values = vec![0.0; self.trace.values.len()];
        for (k, (&t, &stamp)) in times.iter().zip(stamps).enumerate() {
            for (n, &node) in self.trace.neurons.iter().enumerate() {
                for (v, var) in self.trace.values.iter().enumerate() {
                    values[v] = var[n].get(from + k).copied().unwrap_or(f64::NAN);
                }
                format.row(out, node, stamp, t, &values);
            }
        }
    }

    /// A multimeter of `vars` on `nodes` sampling as `sampling` says from step `now` on, with
    /// its probes placed in the engines that own the nodes (`probes[slot]` for each local
    /// engine).
    pub(crate) fn new(
        net: &Network,
        nodes: &NodeCollection,
        vars: &[&str],
        sampling: Sampling,
        now: u64,
    ) -> Result<(Multimeter, Vec<MeterProbe>)> {
        net.check(nodes)?;
        if nodes.is_empty() {
            return Err(Error::InvalidNodes(
                "a multimeter needs at least one neuron".into(),
            ));
        }
        let steps = sampling.steps(&net.grid, now)?;
        let items: Vec<(usize, usize, usize)> = nodes.iter().collect();
        let mut names = Vec::new();
        let mut probes: Vec<MeterProbe> = (0..net.engines.len())
            .map(|_| MeterProbe {
                steps,
                vars: Vec::new(),
                items: Vec::new(),
                values: Vec::new(),
            })
            .collect();
        for (k, &(pop, i, _)) in items.iter().enumerate() {
            let info = &net.pops[pop];
            let idx = vars
                .iter()
                .map(|v| var_index(info, v))
                .collect::<Result<Vec<_>>>()?;
            if names.is_empty() {
                names = idx.iter().map(|&x| info.state_names[x]).collect();
            }
            let Some((slot, j)) = net.own.local_owner(info.n, i) else {
                continue;
            };
            let probe = &mut probes[slot];
            // One variable list per engine: populations in one multimeter share the names,
            // and must hold them at the same positions.
            if probe.items.is_empty() {
                probe.vars = idx.clone();
            }
            if probe.vars != idx {
                return Err(Error::InvalidNodes(
                    "a multimeter over several models needs the variables at the same position in each; use one multimeter per model".into(),
                ));
            }
            probe.items.push((k, pop, j));
            probe.values.push(vec![Vec::new(); vars.len()]);
        }
        let meter = Multimeter {
            model: "multimeter",
            steps,
            trace: Trace {
                names,
                neurons: items.iter().map(|t| t.2).collect(),
                times: Vec::new(),
                values: vec![vec![Vec::new(); items.len()]; vars.len()],
            },
        };
        Ok((meter, probes))
    }
}

/// Index of recordable `name` in a population's state: a derived recordable before a state
/// variable of the same name, which it records differently (the status reads the state).
fn var_index(info: &PopInfo, name: &str) -> Result<usize> {
    info.state_names
        .iter()
        .rposition(|n| *n == name)
        .ok_or_else(|| Error::UnknownName {
            model: info.name,
            kind: "recordable",
            name: name.to_string(),
            known: info.state_names.join(", "),
        })
}
