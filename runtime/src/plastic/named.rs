//! A plastic synapse model as the registry holds it: the model's description, the parameter
//! values changed from its defaults (CopyModel, SetDefaults), and how to build a store of it.

use super::{PlasticRule, PlasticSynapses, SynapseMeta, SynapseModel, Variables};
use crate::error::{Error, Result};
use crate::model::{Parameters, Value};
use crate::store::StoreFactory;

/// Values set by name over a model's defaults, in the order they were set.
type Settings = [(String, Value)];

/// Parameter values by NEST name.
type Values = Vec<(&'static str, Value)>;

/// A plastic synapse model known by name, with its current defaults.
#[derive(Clone, Debug)]
pub struct PlasticModel {
    meta: SynapseMeta,
    settings: Vec<(String, Value)>,
    build: fn(&Settings) -> Result<StoreFactory>,
    read: fn(&Settings) -> Result<Values>,
}

/// Two models are the same when they are the same model with the same settings.
impl PartialEq for PlasticModel {
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta && self.settings == other.settings
    }
}

impl PlasticModel {
    /// The model `M` with NEST's defaults.
    pub fn of<M: SynapseModel>() -> Self {
        PlasticModel {
            meta: M::META,
            settings: Vec::new(),
            build: build::<M::Params>,
            read: read::<M::Params>,
        }
    }

    /// The model's description.
    pub fn meta(&self) -> &SynapseMeta {
        &self.meta
    }

    /// Whether `name` is one of the model's parameters, or a variable of its synapses (whose
    /// value new synapses start with, as NEST's defaults and `syn_spec` set it).
    pub fn has(&self, name: &str) -> bool {
        let param = self.meta.params.iter().any(|p| p.name == name);
        param || self.meta.state.iter().any(|v| v.name == name)
    }

    /// The same model with `dict` changing its defaults; refused as a whole (with the
    /// parameter, its value and the expected range named) if a value is not accepted.
    pub fn with(&self, dict: &[(&str, Value)]) -> Result<Self> {
        let mut next = self.clone();
        for (k, v) in dict {
            next.settings.retain(|(n, _)| n != k);
            next.settings.push((k.to_string(), *v));
        }
        (next.build)(&next.settings)?;
        Ok(next)
    }

    /// A factory of stores of synapses with the current defaults.
    pub fn factory(&self) -> Result<StoreFactory> {
        (self.build)(&self.settings)
    }

    /// Every parameter's current default, by NEST name.
    pub fn values(&self) -> Result<Values> {
        (self.read)(&self.settings)
    }
}

/// The rule `R` with the parameters among `settings` over its defaults, and the initial state
/// of its synapses with the variables among them.
fn rule<R: Parameters + PlasticRule>(settings: &Settings) -> Result<(R, R::State)> {
    let mut rule = R::default();
    let mut initial = R::State::default();
    let names = <R::State as Variables>::NAMES;
    for (name, value) in settings {
        match names.iter().position(|n| n == name) {
            Some(k) => initial.set(k, initial_value::<R>(name, *value)?),
            None => rule.set(name, *value)?,
        }
    }
    Ok((rule, initial))
}

/// A synapse variable's initial value: a finite number.
fn initial_value<R: PlasticRule>(name: &str, value: Value) -> Result<f64> {
    match value {
        Value::Number(v) if v.is_finite() => Ok(v),
        other => Err(Error::InvalidValue {
            model: R::MODEL,
            name: name.to_string(),
            value: format!("{other:?}"),
            expected: "a finite number: the value new synapses start with".into(),
        }),
    }
}

fn build<R: Parameters + PlasticRule>(settings: &Settings) -> Result<StoreFactory> {
    let (rule, initial) = rule::<R>(settings)?;
    PlasticRule::validate(&rule)?;
    Ok(PlasticSynapses::factory_starting_at(rule, initial))
}

fn read<R: Parameters + PlasticRule>(settings: &Settings) -> Result<Values> {
    let (rule, initial) = rule::<R>(settings)?;
    let params = R::PARAMS.iter().map(|p| Ok((p.name, rule.get(p.name)?)));
    let names = <R::State as Variables>::NAMES.iter().enumerate();
    let state = names.map(|(k, n)| Ok((*n, Value::Number(initial.get(k)))));
    params.chain(state).collect()
}
