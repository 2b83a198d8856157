//! Models by NEST name: create neurons from a name and a dictionary, list the models, name
//! synapse models, and NEST's CopyModel, SetDefaults and GetDefaults for both.
//!
//! A [`ModelEntry`] makes a model type usable by name; the catalogue crate lists one entry per
//! model (`saltatory_models::registry()`), and a model written elsewhere is added with
//! [`Registry::register`]. A copy ([`Registry::copy_model`]) is a new name for a model with
//! defaults of its own.

use crate::connect::SynSpec;
use crate::error::{Error, Result};
use crate::kernel::KernelSource;
use crate::model::{DerivedMeta, Model, ModelMeta, Parameters, Value};
use crate::nodes::NodeCollection;
use crate::sim::Simulator;
use crate::status::Setting;
use crate::synapse_models::SynapseModels;

/// Creates `n` neurons of one model type with `defaults` and `dict` applied.
type CreateFn =
    fn(&mut Simulator, usize, &[(String, Value)], &[(&str, Setting)]) -> Result<NodeCollection>;

/// A model type, usable by name.
#[derive(Clone, Copy)]
pub struct ModelEntry {
    /// Everything the model declares.
    pub meta: ModelMeta,
    /// The code `neuron!` generated for it, for auditing (`None` for rate models).
    pub generated_source: Option<&'static str>,
    /// Its GPU kernel, if it has one.
    pub kernel: Option<&'static KernelSource>,
    /// Its recordables that are not state.
    pub derived: &'static [DerivedMeta],
    create: CreateFn,
    defaults: fn() -> Vec<(&'static str, Value)>,
}

impl std::fmt::Debug for ModelEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelEntry")
            .field("name", &self.meta.name)
            .finish()
    }
}

impl ModelEntry {
    /// The entry of model `M`, with the source `neuron!` generated for it.
    pub const fn of<M: Model>(generated_source: Option<&'static str>) -> Self {
        ModelEntry {
            meta: M::META,
            generated_source,
            kernel: M::KERNEL,
            derived: M::DERIVED,
            create: create_as::<M>,
            defaults: defaults_of::<M>,
        }
    }
}

/// A model known by name: a registered type, or a copy of one with its own defaults.
#[derive(Clone, Debug)]
struct Named {
    name: String,
    entry: ModelEntry,
    /// Defaults that differ from the type's, in the order they were set.
    defaults: Vec<(String, Value)>,
}

/// What [`Registry::models`] reports of a model.
#[derive(Clone, Copy, Debug)]
pub struct ModelInfo<'a> {
    /// The name to create it by.
    pub name: &'a str,
    /// The model type it is (its own name, unless it is a copy).
    pub base: &'static str,
    /// Its declarations.
    pub meta: &'a ModelMeta,
}

/// Every model by name: neuron models, and synapse models ([`SynapseModels`]).
#[derive(Clone, Debug, Default)]
pub struct Registry {
    models: Vec<Named>,
    synapses: SynapseModels,
}

impl Registry {
    /// A registry of `entries`.
    pub fn new(entries: impl IntoIterator<Item = ModelEntry>) -> Self {
        let mut r = Registry::default();
        entries.into_iter().for_each(|e| r.register(e));
        r
    }

    /// Adds a model type under its NEST name (replacing one of the same name).
    pub fn register(&mut self, entry: ModelEntry) {
        self.models.retain(|m| m.name != entry.meta.name);
        self.models.push(Named {
            name: entry.meta.name.to_string(),
            entry,
            defaults: Vec::new(),
        });
    }

    /// Every model, in registration order.
    pub fn models(&self) -> Vec<ModelInfo<'_>> {
        self.models
            .iter()
            .map(|m| ModelInfo {
                name: &m.name,
                base: m.entry.meta.name,
                meta: &m.entry.meta,
            })
            .collect()
    }

    /// The names of all models.
    pub fn names(&self) -> Vec<&str> {
        self.models.iter().map(|m| m.name.as_str()).collect()
    }

    fn named(&self, name: &str) -> Result<&Named> {
        self.models
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| Error::UnknownName {
                model: "registry",
                kind: "model",
                name: name.to_string(),
                known: self.names().join(", "),
            })
    }

    /// The entry of the model type behind `name` (for a copy, the type it copies).
    pub fn entry(&self, name: &str) -> Result<&ModelEntry> {
        self.named(name).map(|m| &m.entry)
    }

    /// Creates `n` neurons of model `name` in `sim` (NEST's Create): `dict` mixes parameters
    /// and initial state, each one value for all or one per neuron. Nothing is created unless
    /// every value is accepted.
    pub fn create(
        &self,
        sim: &mut Simulator,
        name: &str,
        n: usize,
        dict: &[(&str, Setting)],
    ) -> Result<NodeCollection> {
        let m = self.named(name)?;
        (m.entry.create)(sim, n, &m.defaults, dict)
    }

    /// The synapse models by name.
    pub fn synapses(&self) -> &SynapseModels {
        &self.synapses
    }

    /// The connection synapse model `name` stands for, with its defaults: connect with it
    /// (`static_synapse`, a rate connection, or a copy made with [`copy_model`](Self::copy_model)).
    pub fn synapse(&self, name: &str) -> Result<SynSpec> {
        self.synapses.spec(name)
    }

    /// Registers a plastic synapse model under NEST's name and its aliases.
    pub fn register_synapse(&mut self, model: crate::plastic::PlasticModel, names: &[&str]) {
        self.synapses.register_plastic(model, names);
    }

    /// Connections of synapse model `name` in `sim`: for a plastic model, a new store with the
    /// model's current parameters is added to `sim` and the returned spec puts connections
    /// there; for the others, the same as [`synapse`](Self::synapse).
    pub fn synapse_in(&self, sim: &mut Simulator, name: &str) -> Result<SynSpec> {
        let spec = self.synapses.spec(name)?;
        Ok(match self.synapses.store_factory(name)? {
            Some(factory) => spec.store(sim.add_connection_store(factory)),
            None => spec,
        })
    }

    /// As [`synapse_in`](Self::synapse_in), with `dict` changing the model's parameters for
    /// these connections only (NEST's `syn_spec` with synapse parameters); checked as
    /// `SetDefaults` checks them.
    pub fn synapse_in_with(
        &self,
        sim: &mut Simulator,
        name: &str,
        dict: &[(&str, Value)],
    ) -> Result<SynSpec> {
        let (spec, factory) = self.synapses.spec_with(name, dict)?;
        Ok(match factory {
            Some(factory) => spec.store(sim.add_connection_store(factory)),
            None => spec,
        })
    }

    /// A copy of model `old` (a neuron or a synapse model) named `new`, with `dict` changing
    /// its defaults (NEST's CopyModel).
    pub fn copy_model(&mut self, old: &str, new: &str, dict: &[(&str, Value)]) -> Result<()> {
        if self.named(new).is_ok() || self.synapses.contains(new) {
            return Err(Error::InvalidNodes(format!(
                "CopyModel: a model named {new} exists already; choose another name"
            )));
        }
        if self.synapses.contains(old) {
            return self.synapses.copy(old, new, dict);
        }
        let mut copy = self.named(old)?.clone();
        copy.name = new.to_string();
        self.models.push(copy);
        self.set_defaults(new, dict).inspect_err(|_| {
            self.models.pop();
        })
    }

    /// Changes the defaults of model `name` (NEST's SetDefaults): parameters and initial
    /// state of neurons created from now on. Refused as a whole if a value is not accepted.
    pub fn set_defaults(&mut self, name: &str, dict: &[(&str, Value)]) -> Result<()> {
        if self.synapses.contains(name) {
            return self.synapses.set_defaults(name, dict);
        }
        let m = self.named(name)?;
        let mut defaults = m.defaults.clone();
        for (k, v) in dict {
            defaults.retain(|(d, _)| d != k);
            defaults.push((k.to_string(), *v));
        }
        // Check on a throwaway neuron that the new defaults are accepted together.
        let mut probe = Simulator::new(crate::units::Time::new(0.1))?;
        (m.entry.create)(&mut probe, 1, &defaults, &[])?;
        let pos = self
            .models
            .iter()
            .position(|x| x.name == name)
            .expect("found above");
        self.models[pos].defaults = defaults;
        Ok(())
    }

    /// Every parameter and initial state value of model `name` as neurons get them now (NEST's
    /// GetDefaults), in declaration order.
    pub fn get_defaults(&self, name: &str) -> Result<Vec<(&'static str, Value)>> {
        if self.synapses.contains(name) {
            return self.synapses.defaults(name);
        }
        let m = self.named(name)?;
        let mut out = (m.entry.defaults)();
        for (k, v) in &m.defaults {
            if let Some(slot) = out.iter_mut().find(|(n, _)| n == k) {
                slot.1 = *v;
            }
        }
        Ok(out)
    }
}

/// The type's own defaults: every parameter, then every state variable's initial value.
fn defaults_of<M: Model>() -> Vec<(&'static str, Value)> {
    let p = M::Params::default();
    let params = M::META
        .params
        .iter()
        .filter_map(|m| p.get(m.name).ok().map(|v| (m.name, v)));
    let state = M::META
        .state
        .iter()
        .map(|s| (s.name, Value::Number(s.initial_value)));
    params.chain(state).collect()
}

/// Creates `n` neurons of `M` with `defaults`, then `dict`, validated before anything is made.
fn create_as<M: Model>(
    sim: &mut Simulator,
    n: usize,
    defaults: &[(String, Value)],
    dict: &[(&str, Setting)],
) -> Result<NodeCollection> {
    let is_param =
        |name: &str| M::META.param(name).is_ok() || M::Params::default().get(name).is_ok();
    let mut params = M::Params::default();
    let mut state: Vec<(&str, Setting)> = Vec::new();
    for (k, v) in defaults {
        if is_param(k) {
            params.set(k, *v)?;
        } else {
            state.push((k.as_str(), Setting::All(*v)));
        }
    }
    let mut per_neuron: Vec<(&str, Setting)> = Vec::new();
    for (k, s) in dict {
        match s {
            Setting::All(v) if is_param(k) => params.set(k, *v)?,
            _ if is_param(k) => per_neuron.push((k, s.clone())),
            _ => state.push((k, s.clone())),
        }
    }
    params.validate()?;
    // Values given per neuron are checked neuron by neuron before anything is created.
    for (name, s) in &per_neuron {
        s.check_len(M::META.name, name, n)?;
    }
    for k in (0..n).filter(|_| !per_neuron.is_empty()) {
        let mut p = params.clone();
        for (name, s) in &per_neuron {
            p.set(name, s.at(k))?;
        }
        p.validate()?;
    }
    for (name, s) in &state {
        s.check_len(M::META.name, name, n)?;
        crate::status::check_state::<M>(name, s, n)?;
    }
    let nodes = sim.create::<M>(n, params)?;
    per_neuron.extend(state);
    sim.set_status(nodes, &per_neuron)?;
    Ok(nodes.into())
}
