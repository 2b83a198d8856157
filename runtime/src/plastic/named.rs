//! A plastic synapse model as the registry holds it: the model's description, the parameter
//! values changed from its defaults (CopyModel, SetDefaults), and how to build a store of it.

use super::{PlasticRule, PlasticSynapses, SynapseMeta, SynapseModel};
use crate::error::Result;
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

    /// Whether `name` is one of the model's parameters.
    pub fn has(&self, name: &str) -> bool {
        self.meta.params.iter().any(|p| p.name == name)
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

/// The rule `R` with `settings` over its defaults.
fn rule<R: Parameters>(settings: &Settings) -> Result<R> {
    let mut rule = R::default();
    for (name, value) in settings {
        rule.set(name, *value)?;
    }
    Ok(rule)
}

fn build<R: Parameters + PlasticRule>(settings: &Settings) -> Result<StoreFactory> {
    let rule: R = rule(settings)?;
    PlasticRule::validate(&rule)?;
    Ok(PlasticSynapses::factory(rule))
}

fn read<R: Parameters + PlasticRule>(settings: &Settings) -> Result<Values> {
    let rule: R = rule(settings)?;
    R::PARAMS
        .iter()
        .map(|p| Ok((p.name, rule.get(p.name)?)))
        .collect()
}
