//! One thread's share of a population: neurons of one model in structure-of-arrays layout, and
//! parameter groups that share one calibration (propagators are computed once per distinct
//! parameter set and resolution).

use std::ops::Range;

use std::sync::Arc;

use crate::arrival::SpikeInput;
use crate::error::{Error, Result};
use crate::kernel::{KernelJob, KernelRunner};
use crate::model::{Model, Parameters, StateColumns, Value};
use crate::rate::{NodeKind, StepCtx, SynapseModel};
use crate::time::Grid;

/// Type-erased chunk, so that an engine can hold several models.
pub(crate) trait AnyChunk: Send + Sync {
    fn len(&self) -> usize;
    fn n_channels(&self) -> usize;
    fn spike_channel(&self, receptor: usize, weight: f64) -> Result<usize>;
    fn current_channel(&self, receptor: usize) -> Result<usize>;
    fn spike_input(&self, channel: usize) -> SpikeInput;
    fn prepare(&mut self, grid: &Grid) -> Result<()>;
    /// Advances every neuron by one step; `inputs` is this chunk's part of the ring slot.
    fn update(
        &mut self,
        inputs: &mut [f64],
        spiked: &mut Vec<usize>,
        ctx: &StepCtx,
    ) -> std::result::Result<(), StepError>;
    /// Runs the update through `runner` (the model's kernel source) instead of the Rust kernel;
    /// `None` goes back to the Rust kernel.
    fn set_runner(&mut self, runner: Option<Arc<dyn KernelRunner>>) -> Result<()>;
    /// Whether the model has kernel source a runner can execute.
    fn can_run_kernel(&self) -> Result<()>;
    fn kind(&self) -> NodeKind;
    fn rate_channel(&self, synapse: SynapseModel, weight: f64) -> Result<usize>;
    /// Writes the value each neuron sends at `ctx.step` into `out`.
    fn rate_outputs(&self, ctx: &StepCtx, out: &mut [f64]);
    /// Whether neuron `i` transforms each incoming rate before summing.
    fn transforms_inputs(&self, i: usize) -> bool;
    /// Neuron `i`'s transform of one incoming rate.
    fn rate_transform(&self, i: usize, value: f64) -> f64;
    /// Recordable `var` of neuron `i`: a state variable, or after them a derived recordable
    /// (`None` for a derived one before calibration).
    fn recordable(&self, var: usize, i: usize) -> Option<f64>;
    /// As [`AnyChunk::recordable`], calibrating the neuron's parameters for `grid` if needed.
    fn recordable_now(&self, var: usize, i: usize, grid: &Grid) -> Result<f64>;
    fn get_param(&self, i: usize, name: &str) -> Result<Value>;
    /// Checks a status dictionary for neurons `local` (see [`Chunk::plan_status`]).
    fn plan_status(
        &self,
        local: Range<usize>,
        dict: &[(&str, crate::status::Setting)],
        first: usize,
    ) -> Result<Box<dyn std::any::Any + Send>>;
    /// Applies a plan from [`AnyChunk::plan_status`] for the same neurons.
    fn apply_status(&mut self, local: Range<usize>, plan: Box<dyn std::any::Any + Send>);
    fn first_non_finite(&self) -> Option<(usize, &'static str, f64)>;
    fn as_any(&self) -> &dyn std::any::Any;
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
}

/// Why a chunk's step failed.
pub(crate) enum StepError {
    /// A neuron's integration failed.
    Neuron(crate::model::Failure),
    /// The kernel backend failed.
    Backend(Error),
}

/// A kernel runner in place of the Rust update, with its flat buffers.
struct External {
    runner: Arc<dyn KernelRunner>,
    constants: Vec<f64>,
    columns: Vec<f64>,
    spikes: Vec<u32>,
    failure: Vec<u32>,
}

/// Neurons of model `M` owned by one thread.
pub(crate) struct Chunk<M: Model> {
    params: Vec<M::Params>,
    calibrated: Vec<M::Calibrated>,
    calibrated_for: Option<Grid>,
    group_of: Vec<u32>,
    pub(crate) state: M::State,
    /// Input channels per neuron: the population's receptor layout, from its parameters.
    channels: usize,
    external: Option<External>,
    /// Per parameter group: whether incoming rates are transformed one by one (rate models
    /// with `linear_summation` false), found once per calibration.
    transforms: Vec<bool>,
}

impl<M: Model> Chunk<M> {
    pub(crate) fn new(n: usize, params: M::Params) -> Self {
        let mut state = M::State::empty();
        for _ in 0..n {
            state.push_initial();
        }
        Self {
            channels: M::channels(&params),
            params: vec![params],
            calibrated: Vec::new(),
            calibrated_for: None,
            group_of: vec![0; n],
            state,
            external: None,
            transforms: Vec::new(),
        }
    }

    /// The distinct parameter sets in use.
    pub(crate) fn parameter_sets(&self) -> &[M::Params] {
        &self.params
    }

    pub(crate) fn params_of(&self, i: usize) -> &M::Params {
        &self.params[self.group_of[i] as usize]
    }

    /// Gives neurons `range` the (validated) parameter set `p`, sharing a group with identical
    /// sets.
    pub(crate) fn assign(&mut self, range: Range<usize>, p: M::Params) {
        let g = match self.params.iter().position(|q| *q == p) {
            Some(g) => g,
            None => {
                self.params.push(p);
                self.params.len() - 1
            }
        };
        for i in range {
            self.group_of[i] = g as u32;
        }
        self.compact();
        self.calibrated_for = None;
    }

    /// Gives neuron `range.start + k` the parameter set `sets[k]`, sharing groups with
    /// identical sets. `sets` comes from [`derive_sets`](Self::derive_sets), whose sets repeat
    /// by old group when they were derived per group: the search then runs once per group.
    pub(crate) fn assign_each(&mut self, range: Range<usize>, sets: &[M::Params]) {
        let mut last: Option<(usize, u32)> = None;
        for (k, i) in range.enumerate() {
            let p = &sets[k];
            let g = match last {
                Some((lk, g)) if sets[lk] == *p => g,
                _ => {
                    let g = match self.params.iter().position(|q| q == p) {
                        Some(g) => g,
                        None => {
                            self.params.push(p.clone());
                            self.params.len() - 1
                        }
                    };
                    g as u32
                }
            };
            last = Some((k, g));
            self.group_of[i] = g;
        }
        self.compact();
        self.calibrated_for = None;
    }

    /// The new parameter sets of neurons `range`: `make(k, old)` for the k-th neuron, given
    /// its current set. With `per_group`, `make` ignores `k` and runs once per parameter group.
    pub(crate) fn derive_sets(
        &self,
        range: Range<usize>,
        per_group: bool,
        make: impl Fn(usize, &M::Params) -> Result<M::Params>,
    ) -> Result<Vec<M::Params>> {
        let mut by_group: Vec<Option<M::Params>> = vec![None; self.params.len()];
        let mut out = Vec::with_capacity(range.len());
        for (k, i) in range.enumerate() {
            let g = self.group_of[i] as usize;
            let p = match (&by_group[g], per_group) {
                (Some(p), true) => p.clone(),
                _ => {
                    let p = make(k, &self.params[g])?;
                    by_group[g] = Some(p.clone());
                    p
                }
            };
            out.push(p);
        }
        Ok(out)
    }

    /// Checks that a new parameter set keeps the population's receptor layout: its input
    /// channels are laid out in the ring buffers and connections point into them.
    pub(crate) fn check_layout(&self, p: &M::Params) -> Result<()> {
        let channels = M::channels(p);
        if channels == self.channels {
            return Ok(());
        }
        Err(Error::InvalidNodes(format!(
            "{}: these parameters give {channels} input channels per neuron where the population has {}; a population keeps the receptor layout it was created with",
            M::META.name,
            self.channels
        )))
    }

    /// Drops parameter groups no neuron uses any more.
    fn compact(&mut self) {
        let mut used = vec![false; self.params.len()];
        for &g in &self.group_of {
            used[g as usize] = true;
        }
        if used.iter().all(|&u| u) {
            return;
        }
        let mut remap = vec![0u32; self.params.len()];
        let mut kept = Vec::new();
        for (g, p) in self.params.drain(..).enumerate() {
            if used[g] {
                remap[g] = kept.len() as u32;
                kept.push(p);
            }
        }
        self.params = kept;
        for g in &mut self.group_of {
            *g = remap[*g as usize];
        }
    }
}

impl<M: Model> AnyChunk for Chunk<M> {
    fn len(&self) -> usize {
        self.group_of.len()
    }
    fn n_channels(&self) -> usize {
        self.channels
    }
    fn spike_channel(&self, receptor: usize, weight: f64) -> Result<usize> {
        M::spike_channel(&self.params[0], receptor, weight)
    }
    fn current_channel(&self, receptor: usize) -> Result<usize> {
        M::current_channel(&self.params[0], receptor)
    }
    fn spike_input(&self, channel: usize) -> SpikeInput {
        M::spike_input(&self.params[0], channel)
    }
    fn prepare(&mut self, grid: &Grid) -> Result<()> {
        if self.calibrated_for != Some(*grid) {
            self.calibrated = self
                .params
                .iter()
                .map(|p| M::calibrate(p, grid))
                .collect::<Result<_>>()?;
            self.calibrated_for = Some(*grid);
            self.transforms = self
                .calibrated
                .iter()
                .map(|c| M::rate_transform(c, 0.0).is_some())
                .collect();
        }
        if let Some(ext) = &mut self.external {
            ext.constants.clear();
            for c in &self.calibrated {
                M::pack_calibrated(c, &mut ext.constants);
            }
        }
        Ok(())
    }
    fn update(
        &mut self,
        inputs: &mut [f64],
        spiked: &mut Vec<usize>,
        ctx: &StepCtx,
    ) -> std::result::Result<(), StepError> {
        let n = self.len();
        let Some(ext) = &mut self.external else {
            return M::update(
                &self.calibrated,
                &self.group_of,
                &mut self.state,
                0..n,
                inputs,
                spiked,
                ctx,
            )
            .map_err(StepError::Neuron);
        };
        let kernel = M::KERNEL.expect("a runner is only set for models with a kernel");
        ext.columns.clear();
        M::pack_state(&self.state, &mut ext.columns);
        ext.spikes.resize(n, 0);
        ext.failure.resize(n, 0);
        ext.runner
            .run(KernelJob {
                kernel,
                n,
                constants: &ext.constants,
                group_of: &self.group_of,
                state: &mut ext.columns,
                inputs,
                spikes: &mut ext.spikes,
                failure: &mut ext.failure,
            })
            .map_err(StepError::Backend)?;
        if let Some((neuron, &code)) = ext.failure.iter().enumerate().find(|(_, c)| **c != 0) {
            let reason = kernel
                .failure(code)
                .unwrap_or("an unknown kernel failure code");
            return Err(StepError::Neuron(crate::model::Failure { neuron, reason }));
        }
        M::unpack_state(&mut self.state, &ext.columns);
        for (i, &k) in ext.spikes.iter().enumerate() {
            for _ in 0..k {
                spiked.push(i);
            }
        }
        Ok(())
    }
    fn can_run_kernel(&self) -> Result<()> {
        match M::KERNEL {
            Some(k) if k.channels == self.channels => Ok(()),
            Some(_) => Err(Error::NoKernel {
                model: M::META.name,
                feature: "its kernel has a fixed receptor layout, and this population's differs",
            }),
            None => Err(crate::kernel::no_kernel(M::META.name)),
        }
    }
    fn set_runner(&mut self, runner: Option<Arc<dyn KernelRunner>>) -> Result<()> {
        let Some(runner) = runner else {
            self.external = None;
            return Ok(());
        };
        self.can_run_kernel()?;
        // The constants are packed by `prepare`, which every `simulate` runs first.
        self.external = Some(External {
            runner,
            constants: Vec::new(),
            columns: Vec::new(),
            spikes: Vec::new(),
            failure: Vec::new(),
        });
        Ok(())
    }
    fn kind(&self) -> NodeKind {
        M::KIND
    }
    fn rate_channel(&self, synapse: SynapseModel, weight: f64) -> Result<usize> {
        M::rate_channel(synapse, weight)
    }
    fn rate_outputs(&self, ctx: &StepCtx, out: &mut [f64]) {
        for (i, o) in out.iter_mut().enumerate() {
            let cal = &self.calibrated[self.group_of[i] as usize];
            *o = M::rate_output(cal, &self.state, i, ctx);
        }
    }
    fn transforms_inputs(&self, i: usize) -> bool {
        self.transforms[self.group_of[i] as usize]
    }
    fn rate_transform(&self, i: usize, value: f64) -> f64 {
        let cal = &self.calibrated[self.group_of[i] as usize];
        M::rate_transform(cal, value).unwrap_or(value)
    }
    fn recordable(&self, var: usize, i: usize) -> Option<f64> {
        let Some(k) = var.checked_sub(M::META.state.len()) else {
            return Some(self.state.get(var, i));
        };
        let cal = self.calibrated.get(self.group_of[i] as usize)?;
        Some(M::derived(cal, &self.state, k, i))
    }
    fn recordable_now(&self, var: usize, i: usize, grid: &Grid) -> Result<f64> {
        let Some(k) = var.checked_sub(M::META.state.len()) else {
            return Ok(self.state.get(var, i));
        };
        if let (Some(v), true) = (self.recordable(var, i), self.calibrated_for == Some(*grid)) {
            return Ok(v);
        }
        let cal = M::calibrate(self.params_of(i), grid)?;
        Ok(M::derived(&cal, &self.state, k, i))
    }
    fn get_param(&self, i: usize, name: &str) -> Result<Value> {
        self.params_of(i).get(name)
    }
    fn plan_status(
        &self,
        local: Range<usize>,
        dict: &[(&str, crate::status::Setting)],
        first: usize,
    ) -> Result<Box<dyn std::any::Any + Send>> {
        Ok(Box::new(Chunk::plan_status(self, local, dict, first)?))
    }
    fn apply_status(&mut self, local: Range<usize>, plan: Box<dyn std::any::Any + Send>) {
        if let Ok(plan) = plan.downcast::<crate::status::StatusPlan<M>>() {
            Chunk::apply_status(self, local, *plan);
        }
    }
    fn first_non_finite(&self) -> Option<(usize, &'static str, f64)> {
        for (var, meta) in M::META.state.iter().enumerate() {
            for i in 0..self.len() {
                let v = self.state.get(var, i);
                if !v.is_finite() {
                    return Some((i, meta.name, v));
                }
            }
        }
        None
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

/// Error for a state variable that became non-finite.
pub(crate) fn non_finite(
    model: &'static str,
    node: usize,
    time: f64,
    name: &'static str,
    value: f64,
) -> Error {
    Error::NonFinite {
        model,
        node,
        time,
        name,
        value,
    }
}
