//! The simulator: populations, stimulation devices, recorders and the step loop.

use std::marker::PhantomData;

use crate::error::{Error, Result};
use crate::model::{Model, Parameters, StateColumns, Value};
use crate::population::{AnyPopulation, Population};
use crate::time::Grid;
use crate::units::{Current, Time};

/// Neurons `start..start + len` of one population of model `M`.
#[derive(Debug)]
pub struct Nodes<M> {
    pop: usize,
    start: usize,
    len: usize,
    _model: PhantomData<fn() -> M>,
}

impl<M> Clone for Nodes<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for Nodes<M> {}

impl<M: Model> Nodes<M> {
    /// Number of neurons.
    pub fn len(&self) -> usize {
        self.len
    }
    /// Whether the selection is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Neuron `i` of the selection.
    pub fn node(&self, i: usize) -> Result<Nodes<M>> {
        self.slice(i..i + 1)
    }
    /// A contiguous sub-range of the selection.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Result<Nodes<M>> {
        if range.start > range.end || range.end > self.len {
            return Err(Error::InvalidNodes(format!(
                "slice {}..{} of a selection of {} {} neurons",
                range.start,
                range.end,
                self.len,
                M::META.name
            )));
        }
        Ok(Nodes {
            pop: self.pop,
            start: self.start + range.start,
            len: range.len(),
            _model: PhantomData,
        })
    }
    fn range(&self) -> std::ops::Range<usize> {
        self.start..self.start + self.len
    }
}

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
}

struct ScheduledSpike {
    emit_step: u64,
    delay: u64,
    pop: usize,
    neuron: usize,
    receptor: usize,
    weight: f64,
}

struct DcSource {
    amplitude: f64,
    t_min: i64,
    t_max: i64,
    delay: u64,
    pop: usize,
    range: std::ops::Range<usize>,
    receptor: usize,
}

/// Samples of state variables at the end of every step (a multimeter with interval = h).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// Variable names.
    pub names: Vec<&'static str>,
    /// Recorded neuron indices within the population.
    pub neurons: Vec<usize>,
    /// Sample times in ms (end of each step).
    pub times: Vec<f64>,
    /// `values[v][n]` is the series of variable `v` of neuron `neurons[n]`.
    pub values: Vec<Vec<Vec<f64>>>,
}

impl Trace {
    /// The series of one variable of one recorded neuron (index into [`Trace::neurons`]).
    pub fn series(&self, name: &str, neuron: usize) -> Option<&[f64]> {
        let v = self.names.iter().position(|n| *n == name)?;
        self.values.get(v)?.get(neuron).map(|s| s.as_slice())
    }
}

struct Recorder {
    pop: usize,
    vars: Vec<usize>,
    trace: Trace,
}

/// Handle of a trace recorder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceId(usize);

/// One recorded spike.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spike {
    /// Population index (creation order).
    pub population: usize,
    /// Neuron index within the population.
    pub neuron: usize,
    /// Spike time in ms (end of the step in which threshold was crossed).
    pub time: f64,
}

/// A simulation on NEST's time grid.
pub struct Simulator {
    grid: Grid,
    step: u64,
    pops: Vec<Box<dyn AnyPopulation>>,
    spikes_in: Vec<ScheduledSpike>,
    next_spike: usize,
    dc: Vec<DcSource>,
    recorders: Vec<Recorder>,
    spikes: Vec<Spike>,
    spiked: Vec<usize>,
}

impl Simulator {
    /// A simulator with resolution `h` (NEST's `resolution`).
    pub fn new(h: Time) -> Result<Self> {
        Ok(Self {
            grid: Grid::new(h.value())?,
            step: 0,
            pops: Vec::new(),
            spikes_in: Vec::new(),
            next_spike: 0,
            dc: Vec::new(),
            recorders: Vec::new(),
            spikes: Vec::new(),
            spiked: Vec::new(),
        })
    }

    /// The time grid.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// Current simulation time in ms.
    pub fn time(&self) -> f64 {
        self.grid.ms_of_step(self.step)
    }

    /// Creates `n` neurons of model `M` with parameters `params` (validated).
    ///
    /// The initial state comes from the model's *default* parameters, as in NEST: creating an
    /// `iaf_psc_alpha` with `E_L = -65 mV` leaves `V_m` at -70 mV.
    pub fn create<M: Model>(&mut self, n: usize, params: M::Params) -> Result<Nodes<M>> {
        if n == 0 {
            return Err(Error::InvalidNodes(format!(
                "cannot create 0 {} neurons",
                M::META.name
            )));
        }
        let pop = Population::<M>::new(n, params)?;
        self.pops.push(Box::new(pop));
        Ok(Nodes {
            pop: self.pops.len() - 1,
            start: 0,
            len: n,
            _model: PhantomData,
        })
    }

    fn population<M: Model>(&self, nodes: &Nodes<M>) -> Result<&Population<M>> {
        self.pops
            .get(nodes.pop)
            .and_then(|p| p.as_any().downcast_ref::<Population<M>>())
            .ok_or_else(|| Error::InvalidNodes("selection from another simulator".into()))
    }

    fn population_mut<M: Model>(&mut self, nodes: &Nodes<M>) -> Result<&mut Population<M>> {
        self.pops
            .get_mut(nodes.pop)
            .and_then(|p| p.as_any_mut().downcast_mut::<Population<M>>())
            .ok_or_else(|| Error::InvalidNodes("selection from another simulator".into()))
    }

    /// Replaces the parameter set of `nodes` (unit-typed fields; validated).
    pub fn set_params<M: Model>(&mut self, nodes: &Nodes<M>, params: M::Params) -> Result<()> {
        let range = nodes.range();
        self.population_mut(nodes)?.assign(range, params)
    }

    /// Sets one parameter by NEST name, as a number in its declared unit or a switch.
    pub fn set<M: Model>(
        &mut self,
        nodes: &Nodes<M>,
        name: &str,
        value: impl Into<Value>,
    ) -> Result<()> {
        let range = nodes.range();
        let value = value.into();
        let pop = self.population_mut(nodes)?;
        if M::META.param(name).is_ok() {
            pop.set_by_name(range, name, value)
        } else {
            let var = M::META.state_index(name).map_err(|_| Error::UnknownName {
                model: M::META.name,
                kind: "parameter or state variable",
                name: name.to_string(),
                known: M::META
                    .params
                    .iter()
                    .map(|p| p.name)
                    .chain(M::META.state.iter().map(|s| s.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
            let Value::Number(v) = value else {
                return Err(Error::WrongValueKind {
                    model: M::META.name,
                    name: name.to_string(),
                    expected: format!("a number in {}", M::META.state[var].unit),
                    got: value.to_string(),
                });
            };
            if !v.is_finite() {
                return Err(Error::InvalidParameter {
                    model: M::META.name,
                    name: name.to_string(),
                    value: v,
                    unit: M::META.state[var].unit,
                    expected: "a finite value".into(),
                });
            }
            for i in range {
                pop.state.set(var, i, v);
            }
            Ok(())
        }
    }

    /// The parameter set of one neuron.
    pub fn params<M: Model>(&self, node: &Nodes<M>) -> Result<M::Params> {
        Ok(self.population(node)?.params_of(node.start).clone())
    }

    /// A parameter (by NEST name) of each selected neuron.
    pub fn get<M: Model>(&self, nodes: &Nodes<M>, name: &str) -> Result<Vec<Value>> {
        let pop = self.population(nodes)?;
        if M::META.param(name).is_ok() {
            nodes.range().map(|i| pop.params_of(i).get(name)).collect()
        } else {
            let var = M::META.state_index(name)?;
            Ok(nodes
                .range()
                .map(|i| Value::Number(pop.state.get(var, i)))
                .collect())
        }
    }

    /// Number of distinct parameter sets (and thus propagators) in the population of `nodes`.
    pub fn parameter_groups<M: Model>(&self, nodes: &Nodes<M>) -> Result<usize> {
        Ok(self.population(nodes)?.groups())
    }

    /// Connects a spike train (a NEST `spike_generator`) to every neuron of `targets`.
    pub fn add_spike_train<M: Model>(
        &mut self,
        targets: &Nodes<M>,
        train: &SpikeTrain,
    ) -> Result<()> {
        let delay = self.grid.delay_steps(train.delay.value())?;
        if !train.weight.is_finite() {
            return Err(Error::InvalidParameter {
                model: "spike_generator",
                name: "weight".into(),
                value: train.weight,
                unit: "(model's spike unit)",
                expected: "a finite weight".into(),
            });
        }
        let mut stamps = Vec::with_capacity(train.times.len());
        for &t in &train.times {
            let invalid = |expected: &str| Error::InvalidTime {
                name: "spike_times",
                value: t,
                expected: expected.to_string(),
            };
            if !t.is_finite() || t <= 0.0 {
                return Err(invalid("a finite spike time > 0 ms"));
            }
            let stamp = if self.grid.on_grid(t) {
                (Grid::tics(t) / self.grid.tics_per_step()) as u64
            } else if train.allow_offgrid_times {
                self.grid.steps_ceil(t) as u64
            } else {
                return Err(invalid(&format!(
                    "a multiple of the resolution {} ms (or set allow_offgrid_times)",
                    self.grid.h()
                )));
            };
            if stamp <= self.step {
                return Err(invalid(&format!(
                    "a time after the current time {} ms",
                    self.time()
                )));
            }
            stamps.push(stamp);
        }
        let pop = &mut self.pops[targets.pop];
        pop.check_receptor(false, train.receptor)?;
        pop.reserve(self.step, delay);
        for stamp in stamps {
            for neuron in targets.range() {
                self.spikes_in.push(ScheduledSpike {
                    emit_step: stamp - 1,
                    delay,
                    pop: targets.pop,
                    neuron,
                    receptor: train.receptor,
                    weight: train.weight,
                });
            }
        }
        // Keep the pending part sorted by emission step (stable: insertion order within a step).
        let pending = &mut self.spikes_in[self.next_spike..];
        pending.sort_by_key(|s| s.emit_step);
        Ok(())
    }

    /// Connects a constant current source (a NEST `dc_generator`) to every neuron of `targets`.
    pub fn add_dc<M: Model>(&mut self, targets: &Nodes<M>, dc: &DcInput) -> Result<()> {
        let delay = self.grid.delay_steps(dc.delay.value())?;
        let amp = dc.amplitude.value();
        if !amp.is_finite() {
            return Err(Error::InvalidParameter {
                model: "dc_generator",
                name: "amplitude".into(),
                value: amp,
                unit: "pA",
                expected: "a finite current".into(),
            });
        }
        let (start, stop) = (dc.start.value(), dc.stop.value());
        if !start.is_finite() || start < 0.0 || stop.is_nan() || stop < start {
            return Err(Error::InvalidTime {
                name: "start/stop",
                value: start,
                expected: format!("0 <= start <= stop (stop = {stop} ms)"),
            });
        }
        let pop = &mut self.pops[targets.pop];
        pop.check_receptor(true, dc.receptor)?;
        pop.reserve(self.step, delay);
        self.dc.push(DcSource {
            amplitude: amp,
            t_min: self.grid.steps_ceil(start),
            t_max: self.grid.steps_ceil(stop),
            delay,
            pop: targets.pop,
            range: targets.range(),
            receptor: dc.receptor,
        });
        Ok(())
    }

    /// Records the named state variables of `nodes` at the end of every step.
    pub fn record<M: Model>(&mut self, nodes: &Nodes<M>, vars: &[&str]) -> Result<TraceId> {
        let pop = &self.pops[nodes.pop];
        let idx = vars
            .iter()
            .map(|v| pop.state_index(v))
            .collect::<Result<Vec<_>>>()?;
        let names = idx.iter().map(|&v| pop.state_name(v)).collect();
        self.recorders.push(Recorder {
            pop: nodes.pop,
            vars: idx.clone(),
            trace: Trace {
                names,
                neurons: nodes.range().collect(),
                times: Vec::new(),
                values: vec![vec![Vec::new(); nodes.len]; idx.len()],
            },
        });
        Ok(TraceId(self.recorders.len() - 1))
    }

    /// The samples recorded so far.
    pub fn trace(&self, id: TraceId) -> &Trace {
        &self.recorders[id.0].trace
    }

    /// Every spike emitted so far, in emission order.
    pub fn spikes(&self) -> &[Spike] {
        &self.spikes
    }

    /// Spike times (ms) of the neurons in `nodes`, in emission order.
    pub fn spike_times<M: Model>(&self, nodes: &Nodes<M>) -> Vec<f64> {
        self.spikes
            .iter()
            .filter(|s| s.population == nodes.pop && nodes.range().contains(&s.neuron))
            .map(|s| s.time)
            .collect()
    }

    /// Advances the simulation by `duration`, which must be a multiple of the resolution.
    /// Can be called repeatedly; it continues where the previous call stopped.
    pub fn simulate(&mut self, duration: Time) -> Result<()> {
        let n = self
            .grid
            .exact_steps("simulate duration", duration.value())?;
        for pop in &mut self.pops {
            pop.prepare(&self.grid)?;
        }
        for _ in 0..n {
            self.advance()?;
        }
        let t = self.time();
        for pop in &self.pops {
            pop.check_finite(t)?;
        }
        Ok(())
    }

    fn advance(&mut self) -> Result<()> {
        let s = self.step;
        // Devices first: every delay is >= 1 step, so they only write into future slots.
        while let Some(sp) = self.spikes_in.get(self.next_spike) {
            if sp.emit_step > s {
                break;
            }
            self.pops[sp.pop].add_spike(
                sp.emit_step + sp.delay,
                sp.neuron,
                sp.receptor,
                sp.weight,
            )?;
            self.next_spike += 1;
        }
        for dc in &self.dc {
            // Current generators are active when t_min < s + 2 <= t_max
            // (nestkernel/stimulation_device.cpp, is_active for CurrentEvent devices).
            let lead = s as i64 + 2;
            if dc.t_min < lead && lead <= dc.t_max {
                for neuron in dc.range.clone() {
                    self.pops[dc.pop].add_current(
                        s + dc.delay,
                        neuron,
                        dc.receptor,
                        dc.amplitude,
                    )?;
                }
            }
        }
        let stamp_ms = self.grid.ms_of_step(s + 1);
        for (p, pop) in self.pops.iter_mut().enumerate() {
            self.spiked.clear();
            pop.update(s, &mut self.spiked);
            for &neuron in &self.spiked {
                self.spikes.push(Spike {
                    population: p,
                    neuron,
                    time: stamp_ms,
                });
            }
        }
        for rec in &mut self.recorders {
            rec.trace.times.push(stamp_ms);
            let pop = &self.pops[rec.pop];
            for (v, &var) in rec.vars.iter().enumerate() {
                for (k, &i) in rec.trace.neurons.iter().enumerate() {
                    rec.trace.values[v][k].push(pop.state(var, i));
                }
            }
        }
        self.step += 1;
        Ok(())
    }
}

/// Lets tests reach a typed parameter set without a simulator.
pub fn validated<P: Parameters>(p: P) -> Result<P> {
    p.validate().map(|_| p)
}

#[doc(hidden)]
pub fn _assert_state_columns<S: StateColumns>() {}
