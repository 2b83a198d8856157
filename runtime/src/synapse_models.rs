//! Synapse models by NEST name, with their defaults: the built-in connection kinds
//! (`static_synapse`, the rate connections, `diffusion_connection`) and copies of them made with
//! CopyModel. A name stands for a [`SynSpec`] to connect with.

use crate::connect::SynSpec;
use crate::error::{Error, Result};
use crate::model::Value;
use crate::rate::SynapseModel;

/// A synapse model known by name, with the defaults of its connections.
#[derive(Clone, Debug, PartialEq)]
struct Named {
    name: String,
    spec: SynSpec,
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

    /// A copy of `old` named `new` with `dict` changing its defaults (the name is checked
    /// against neuron models by the caller).
    pub(crate) fn copy(&mut self, old: &str, new: &str, dict: &[(&str, Value)]) -> Result<()> {
        let mut spec = self.spec(old)?;
        apply(&mut spec, dict)?;
        self.list.push(Named {
            name: new.to_string(),
            spec,
        });
        Ok(())
    }

    /// Changes the defaults of `name`; refused as a whole if a value is not accepted.
    pub(crate) fn set_defaults(&mut self, name: &str, dict: &[(&str, Value)]) -> Result<()> {
        let at = self.position(name)?;
        let mut spec = self.list[at].spec;
        apply(&mut spec, dict)?;
        self.list[at].spec = spec;
        Ok(())
    }

    /// The defaults of `name` by NEST's names.
    pub fn defaults(&self, name: &str) -> Result<Vec<(&'static str, Value)>> {
        let spec = self.spec(name)?;
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
        Ok(out)
    }
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
