//! Synapse models by NEST name, with their defaults: the built-in connection kinds
//! (`static_synapse`, the rate connections, `diffusion_connection`), the plastic models
//! registered by the catalogue, and copies of them made with CopyModel. A name stands for a
//! [`SynSpec`] to connect with and, for a plastic model, the parameters of its store.

use crate::connect::SynSpec;
use crate::error::{Error, Result};
use crate::model::Value;
use crate::plastic::PlasticModel;
use crate::rate::SynapseModel;
use crate::store::StoreFactory;

/// A synapse model known by name, with the defaults of its connections.
#[derive(Clone, Debug, PartialEq)]
struct Named {
    name: String,
    spec: SynSpec,
    /// A plastic model's rule and parameters.
    plastic: Option<PlasticModel>,
}

/// Every synapse model by name.
#[derive(Clone, Debug, PartialEq)]
pub struct SynapseModels {
    list: Vec<Named>,
}

impl Default for SynapseModels {
    /// The built-in models with NEST's defaults (weight 1, delay 1 ms where there is one).
    fn default() -> Self {
        let builtins = [
            SynSpec::new(1.0, 1.0),
            SynSpec::rate_instantaneous(1.0),
            SynSpec::rate_delayed(1.0, 1.0),
            SynSpec::diffusion(1.0, 1.0),
        ];
        let named = |spec: SynSpec| Named {
            name: spec.model.nest_name().to_string(),
            spec,
            plastic: None,
        };
        SynapseModels {
            list: builtins.into_iter().map(named).collect(),
        }
    }
}

impl SynapseModels {
    /// The names of all synapse models.
    pub fn names(&self) -> Vec<&str> {
        self.list.iter().map(|s| s.name.as_str()).collect()
    }

    /// Whether `name` is a synapse model.
    pub fn contains(&self, name: &str) -> bool {
        self.list.iter().any(|s| s.name == name)
    }

    fn position(&self, name: &str) -> Result<usize> {
        self.list
            .iter()
            .position(|s| s.name == name)
            .ok_or_else(|| Error::UnknownName {
                model: "registry",
                kind: "synapse model",
                name: name.to_string(),
                known: self.names().join(", "),
            })
    }

    /// The connection a model's name stands for, with its current defaults.
    pub fn spec(&self, name: &str) -> Result<SynSpec> {
        Ok(self.list[self.position(name)?].spec)
    }

    /// Registers a plastic model under each of `names` (NEST's name and its aliases, such as
    /// the `_hpc` variant), with NEST's default weight and delay.
    pub fn register_plastic(&mut self, model: PlasticModel, names: &[&str]) {
        for name in names {
            self.list.retain(|n| n.name != *name);
            self.list.push(Named {
                name: name.to_string(),
                spec: SynSpec::new(1.0, 1.0),
                plastic: Some(model.clone()),
            });
        }
    }

    /// For a plastic model, a factory of stores with its current parameters (add it with
    /// `Simulator::add_connection_store`); `None` for the built-in connection kinds.
    pub fn store_factory(&self, name: &str) -> Result<Option<StoreFactory>> {
        let named = &self.list[self.position(name)?];
        named
            .plastic
            .as_ref()
            .map(PlasticModel::factory)
            .transpose()
    }

    /// A copy of `old` named `new` with `dict` changing its defaults (the name is checked
    /// against neuron models by the caller).
    pub(crate) fn copy(&mut self, old: &str, new: &str, dict: &[(&str, Value)]) -> Result<()> {
        let mut named = self.list[self.position(old)?].clone();
        apply_named(&mut named, dict)?;
        named.name = new.to_string();
        self.list.push(named);
        Ok(())
    }

    /// The connection `name` stands for with `dict` changing its defaults for one connect call
    /// (NEST's `syn_spec` entries), and for a plastic model a factory of stores with those
    /// parameters; the model's defaults stay.
    pub fn spec_with(
        &self,
        name: &str,
        dict: &[(&str, Value)],
    ) -> Result<(SynSpec, Option<StoreFactory>)> {
        let mut named = self.list[self.position(name)?].clone();
        apply_named(&mut named, dict)?;
        let factory = named
            .plastic
            .as_ref()
            .map(PlasticModel::factory)
            .transpose()?;
        Ok((named.spec, factory))
    }

    /// Changes the defaults of `name`; refused as a whole if a value is not accepted.
    pub(crate) fn set_defaults(&mut self, name: &str, dict: &[(&str, Value)]) -> Result<()> {
        let at = self.position(name)?;
        let mut named = self.list[at].clone();
        apply_named(&mut named, dict)?;
        self.list[at] = named;
        Ok(())
    }

    /// The defaults of `name` by NEST's names.
    pub fn defaults(&self, name: &str) -> Result<Vec<(&'static str, Value)>> {
        let named = &self.list[self.position(name)?];
        let spec = named.spec;
        let number = |p: crate::connect::ParamSpec| Value::Number(p.constant().unwrap_or(f64::NAN));
        let mut out = vec![
            ("weight", number(spec.weight)),
            ("delay", number(spec.delay)),
            ("receptor_type", Value::Number(spec.receptor as f64)),
        ];
        if let SynapseModel::Diffusion {
            drift_factor,
            diffusion_factor,
        } = spec.model
        {
            out.push(("drift_factor", Value::Number(drift_factor)));
            out.push(("diffusion_factor", Value::Number(diffusion_factor)));
        }
        if let Some(p) = &named.plastic {
            out.extend(p.values()?);
        }
        Ok(out)
    }
}

/// Applies `dict` to a model: a plastic model's own parameters to its rule, the rest to its
/// connections' defaults.
fn apply_named(named: &mut Named, dict: &[(&str, Value)]) -> Result<()> {
    let Some(plastic) = &named.plastic else {
        return apply(&mut named.spec, dict);
    };
    let own: Vec<(&str, Value)> = dict
        .iter()
        .filter(|(k, _)| plastic.has(k))
        .copied()
        .collect();
    let rest: Vec<(&str, Value)> = dict
        .iter()
        .filter(|(k, _)| !plastic.has(k))
        .copied()
        .collect();
    let next = plastic.with(&own)?;
    // A common weight (the _hom_w models) is also the weight its connections are made with.
    if let Some((_, Value::Number(w))) = own.iter().find(|(k, _)| *k == "weight") {
        named.spec.weight = (*w).into();
    }
    let model = next.meta().name;
    apply(&mut named.spec, &rest).map_err(|e| match e {
        Error::UnknownName { name, .. } => Error::UnknownName {
            model,
            kind: "synapse parameter",
            name,
            known: synapse_parameters(&next),
        },
        Error::InvalidParameter {
            name,
            value,
            unit,
            expected,
            ..
        } => Error::InvalidParameter {
            model,
            name,
            value,
            unit,
            expected,
        },
        other => other,
    })?;
    named.plastic = Some(next);
    Ok(())
}

/// The names a plastic model accepts.
fn synapse_parameters(model: &PlasticModel) -> String {
    let own = model.meta().params.iter().map(|p| p.name);
    let state = model.meta().state.iter().map(|v| v.name);
    let all: Vec<&str> = ["weight", "delay", "receptor_type"]
        .into_iter()
        .chain(own)
        .chain(state)
        .collect();
    all.join(", ")
}

/// Applies `dict` to `spec`, checking each value.
fn apply(spec: &mut SynSpec, dict: &[(&str, Value)]) -> Result<()> {
    let model = spec.model.nest_name();
    for &(key, value) in dict {
        let bad = |expected: &str| Error::InvalidParameter {
            model,
            name: key.to_string(),
            value: match value {
                Value::Number(v) => v,
                Value::Switch(b) => f64::from(u8::from(b)),
            },
            unit: if key == "delay" { "ms" } else { "" },
            expected: expected.to_string(),
        };
        let Value::Number(v) = value else {
            return Err(bad("a number"));
        };
        match (key, &mut spec.model) {
            ("weight", _) if v.is_finite() => spec.weight = v.into(),
            ("delay", _) if v.is_finite() && v >= 0.0 => spec.delay = v.into(),
            ("receptor_type", _) if v >= 0.0 && v.fract() == 0.0 && v < 1e9 => {
                spec.receptor = v as usize;
            }
            ("drift_factor", SynapseModel::Diffusion { drift_factor, .. }) if v.is_finite() => {
                *drift_factor = v;
            }
            (
                "diffusion_factor",
                SynapseModel::Diffusion {
                    diffusion_factor, ..
                },
            ) if v.is_finite() => *diffusion_factor = v,
            (
                "weight" | "delay" | "drift_factor" | "diffusion_factor",
                SynapseModel::Diffusion { .. },
            )
            | ("weight" | "delay", _) => return Err(bad("a finite value (a delay not negative)")),
            ("receptor_type", _) => return Err(bad("a receptor number: 0, 1, 2, ...")),
            _ => {
                return Err(Error::UnknownName {
                    model,
                    kind: "synapse parameter",
                    name: key.to_string(),
                    known: "weight, delay, receptor_type (drift_factor, diffusion_factor for diffusion_connection)".into(),
                });
            }
        }
    }
    Ok(())
}
