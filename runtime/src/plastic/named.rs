//! A plastic synapse model as the registry holds it: the model's description, the parameter
//! values changed from its defaults (CopyModel, SetDefaults), and how to build a store of it.

use super::{PlasticRule, PlasticSynapses, SynapseMeta, SynapseModel, Variables};
use crate::error::{Error, Result};
use crate::model::{Parameters, Value};
use crate::store::StoreFactory;

/// A value set by name over a model's default.
type Setting = (String, Value);

/// Values set by name over a model's defaults, in the order they were set.
type Settings = [Setting];

/// Parameter values by NEST name.
type Values = Vec<(&'static str, Value)>;

/// A plastic synapse model known by name, with its current defaults.
#[derive(Clone, Debug)]
pub struct PlasticModel {
    meta: SynapseMeta,
    settings: Vec<(String, Value)>,
    /// A `_lbl` variant: its connections carry a `synapse_label`.
    labelled: bool,
    build: fn(&Settings, Option<u64>) -> Result<StoreFactory>,
    read: fn(&Settings) -> Result<Values>,
}

/// NEST's name of a connection's label, and its value for unlabelled connections.
const LABEL: &str = "synapse_label";
const UNLABELLED: f64 = -1.0;

/// Two models are the same when they are the same model with the same settings.
impl PartialEq for PlasticModel {
    fn eq(&self, other: &Self) -> bool {
        self.meta == other.meta
            && self.settings == other.settings
            && self.labelled == other.labelled
    }
}

impl PlasticModel {
    /// The model `M` with NEST's defaults.
    pub fn of<M: SynapseModel>() -> Self {
        PlasticModel {
            meta: M::META,
            settings: Vec::new(),
            labelled: false,
            build: build::<M::Params>,
            read: read::<M::Params>,
        }
    }

    /// The model's description.
    pub fn meta(&self) -> &SynapseMeta {
        &self.meta
    }

    /// The model's `_lbl` variant: its connections carry NEST's `synapse_label` (a
    /// non-negative whole number given in the defaults or at connect; -1 when not given).
    pub fn labelled(&self) -> Self {
        PlasticModel {
            labelled: true,
            ..self.clone()
        }
    }

    /// Whether `name` is one of the model's parameters, or a variable of its synapses (whose
    /// value new synapses start with, as NEST's defaults and `syn_spec` set it), or the label
    /// of a `_lbl` variant.
    pub fn has(&self, name: &str) -> bool {
        let param = self.meta.params.iter().any(|p| p.name == name);
        let label = self.labelled && name == LABEL;
        param || label || self.meta.state.iter().any(|v| v.name == name)
    }

    /// The same model with `dict` changing its defaults; refused as a whole (with the
    /// parameter, its value and the expected range named) if a value is not accepted.
    pub fn with(&self, dict: &[(&str, Value)]) -> Result<Self> {
        let mut next = self.clone();
        for (k, v) in dict {
            next.settings.retain(|(n, _)| n != k);
            next.settings.push((k.to_string(), *v));
        }
        next.factory()?;
        Ok(next)
    }

    /// A factory of stores of synapses with the current defaults.
    pub fn factory(&self) -> Result<StoreFactory> {
        let (label, settings) = self.label()?;
        (self.build)(&settings, label)
    }

    /// Every parameter's current default, by NEST name.
    pub fn values(&self) -> Result<Values> {
        let (label, settings) = self.label()?;
        let mut values = (self.read)(&settings)?;
        if self.labelled {
            let label = label.map_or(UNLABELLED, |l| l as f64);
            values.push((LABEL, Value::Number(label)));
        }
        Ok(values)
    }

    /// The label among the settings (checked), and the other settings.
    fn label(&self) -> Result<(Option<u64>, Vec<Setting>)> {
        let (labels, rest): (Vec<_>, Vec<_>) =
            self.settings.iter().cloned().partition(|(k, _)| k == LABEL);
        let label = match labels.last() {
            None => None,
            Some((_, Value::Number(v))) if *v >= 0.0 && v.fract() == 0.0 && *v < 9.0e15 => {
                Some(*v as u64)
            }
            Some((_, v)) => {
                return Err(Error::InvalidValue {
                    model: self.meta.name,
                    name: LABEL.into(),
                    value: format!("{v:?}"),
                    expected:
                        "a whole number, 0 or more (NEST: connection label must not be negative)"
                            .into(),
                });
            }
        };
        Ok((label, rest))
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

fn build<R: Parameters + PlasticRule>(
    settings: &Settings,
    label: Option<u64>,
) -> Result<StoreFactory> {
    let (rule, initial) = rule::<R>(settings)?;
    PlasticRule::validate(&rule)?;
    Ok(PlasticSynapses::labelled_factory(rule, initial, label))
}

fn read<R: Parameters + PlasticRule>(settings: &Settings) -> Result<Values> {
    let (rule, initial) = rule::<R>(settings)?;
    let params = R::PARAMS.iter().map(|p| Ok((p.name, rule.get(p.name)?)));
    let names = <R::State as Variables>::NAMES.iter().enumerate();
    let state = names.map(|(k, n)| Ok((*n, Value::Number(initial.get(k)))));
    params.chain(state).collect()
}
