//! Reading and changing parameters and state of neurons (NEST's GetStatus and SetStatus):
//! every change is validated on copies first, so a refused change leaves everything as it was.

use crate::error::{Error, Result};
use crate::model::StateColumns;
use crate::model::{Model, Parameters, Value};
use crate::network::Network;
use crate::nodes::Nodes;
use crate::population::{AnyChunk, Chunk};

/// The value of one name in a status dictionary: the same for every selected neuron, or one
/// per neuron in selection order (NEST's SetStatus with a list).
#[derive(Clone, Debug, PartialEq)]
pub enum Setting {
    /// One value for every neuron.
    All(Value),
    /// One value per neuron.
    Each(Vec<Value>),
}

impl Setting {
    /// The value for the `k`-th selected neuron.
    fn at(&self, k: usize) -> Value {
        match self {
            Setting::All(v) => *v,
            Setting::Each(vs) => vs[k],
        }
    }

    /// Checks that a per-neuron list has one value per selected neuron.
    fn check_len(&self, model: &'static str, name: &str, n: usize) -> Result<()> {
        match self {
            Setting::Each(vs) if vs.len() != n => Err(Error::InvalidNodes(format!(
                "{model}: {name} has {} values for {n} neurons: give one value per neuron, or a single value for all",
                vs.len()
            ))),
            _ => Ok(()),
        }
    }
}

impl<T: Into<Value>> From<T> for Setting {
    fn from(v: T) -> Self {
        Setting::All(v.into())
    }
}

impl From<Vec<f64>> for Setting {
    fn from(vs: Vec<f64>) -> Self {
        Setting::Each(vs.into_iter().map(Value::Number).collect())
    }
}

impl From<&[f64]> for Setting {
    fn from(vs: &[f64]) -> Self {
        Setting::Each(vs.iter().map(|&v| Value::Number(v)).collect())
    }
}

/// Whether `name` is a parameter of `M` (including the other names its parameter set accepts).
fn is_parameter<M: Model>(name: &str) -> bool {
    M::META.param(name).is_ok() || M::Params::default().get(name).is_ok()
}

impl Network {
    /// The parameter set of neuron `i` of population `pop`.
    fn params_at<M: Model>(&self, pop: usize, i: usize) -> Result<M::Params> {
        let (chunk, j) = self.share_of(pop, i)?;
        chunk
            .as_any()
            .downcast_ref::<Chunk<M>>()
            .map(|c| c.params_of(j).clone())
            .ok_or_else(|| Error::InvalidNodes("model mismatch".into()))
    }

    /// Replaces the parameter set of `nodes` (validated).
    pub(crate) fn set_params<M: Model>(
        &mut self,
        nodes: &Nodes<M>,
        params: M::Params,
    ) -> Result<()> {
        self.check_typed(nodes)?;
        params.validate()?;
        self.for_shares(nodes.pop, nodes.range(), |chunk, r| {
            let c = chunk
                .as_any_mut()
                .downcast_mut::<Chunk<M>>()
                .ok_or_else(|| Error::InvalidNodes("model mismatch".into()))?;
            c.assign(r, params.clone());
            Ok(())
        })
    }

    /// Sets parameters and state variables by NEST name (NEST's SetStatus with a dictionary).
    /// Parameters are set together and validated once per neuron, so values that are valid
    /// only together are accepted; nothing changes unless every value is accepted.
    pub(crate) fn set_status<M: Model>(
        &mut self,
        nodes: &Nodes<M>,
        dict: &[(&str, Setting)],
    ) -> Result<()> {
        self.check_typed(nodes)?;
        for (name, setting) in dict {
            setting.check_len(M::META.name, name, nodes.len())?;
        }
        let (params, states): (Vec<_>, Vec<_>) =
            dict.iter().partition(|(n, _)| is_parameter::<M>(n));
        let states = states
            .iter()
            .map(|(name, setting)| {
                let var = state_index::<M>(name)?;
                let values = (0..nodes.len())
                    .map(|k| state_value::<M>(var, name, setting.at(k)))
                    .collect::<Result<Vec<f64>>>()?;
                Ok((var, values))
            })
            .collect::<Result<Vec<_>>>()?;
        let per_group = params.iter().all(|(_, s)| matches!(s, Setting::All(_)));
        let make = |k: usize, old: &M::Params| {
            let mut p = old.clone();
            for (name, setting) in &params {
                p.set(name, setting.at(k))?;
            }
            p.validate()?;
            Ok(p)
        };
        // New parameter sets for every local share first; then change everything.
        let mut plans = Vec::new();
        if !params.is_empty() {
            self.for_shares_typed::<M>(nodes, |chunk, local, first| {
                let sets =
                    chunk.derive_sets(local.clone(), per_group, |k, old| make(first + k, old))?;
                plans.push((local, sets));
                Ok(())
            })?;
        }
        let mut plans = plans.into_iter();
        self.for_shares_typed_mut::<M>(nodes, |chunk, local, first| {
            if !params.is_empty() {
                if let Some((range, sets)) = plans.next() {
                    chunk.assign_each(range, &sets);
                }
            }
            for (var, values) in &states {
                for (k, i) in local.clone().enumerate() {
                    chunk.state.set(*var, i, values[first + k]);
                }
            }
            Ok(())
        })
    }

    /// Parameters and state variables by NEST name (NEST's GetStatus): for each name, the
    /// value of every neuron of `nodes`.
    pub(crate) fn get_status<M: Model>(
        &self,
        nodes: &Nodes<M>,
        names: &[&str],
    ) -> Result<Vec<Vec<Value>>> {
        names.iter().map(|n| self.get(nodes, n)).collect()
    }

    /// Runs `f` on each local share of `nodes`' population as `Chunk<M>`, with the share's
    /// own indices of the selected neurons and the position of the first of them in `nodes`.
    fn for_shares_typed<M: Model>(
        &self,
        nodes: &Nodes<M>,
        mut f: impl FnMut(&Chunk<M>, std::ops::Range<usize>, usize) -> Result<()>,
    ) -> Result<()> {
        let n = self.pops[nodes.pop].n;
        for engine in &self.engines {
            let own = self.own.share(n, engine.index);
            let (a, b) = (
                nodes.start.max(own.start),
                (nodes.start + nodes.len).min(own.end),
            );
            if a < b {
                let chunk = engine.chunks[nodes.pop].as_any().downcast_ref::<Chunk<M>>();
                let chunk = chunk.ok_or_else(|| Error::InvalidNodes("model mismatch".into()))?;
                f(chunk, (a - own.start)..(b - own.start), a - nodes.start)?;
            }
        }
        Ok(())
    }

    /// [`for_shares_typed`](Self::for_shares_typed) with the shares to change.
    fn for_shares_typed_mut<M: Model>(
        &mut self,
        nodes: &Nodes<M>,
        mut f: impl FnMut(&mut Chunk<M>, std::ops::Range<usize>, usize) -> Result<()>,
    ) -> Result<()> {
        let n = self.pops[nodes.pop].n;
        for engine in &mut self.engines {
            let own = self.own.share(n, engine.index);
            let (a, b) = (
                nodes.start.max(own.start),
                (nodes.start + nodes.len).min(own.end),
            );
            if a < b {
                let chunk = engine.chunks[nodes.pop]
                    .as_any_mut()
                    .downcast_mut::<Chunk<M>>();
                let chunk = chunk.ok_or_else(|| Error::InvalidNodes("model mismatch".into()))?;
                f(chunk, (a - own.start)..(b - own.start), a - nodes.start)?;
            }
        }
        Ok(())
    }

    /// The parameter set of the first neuron of `nodes`.
    pub(crate) fn params<M: Model>(&self, nodes: &Nodes<M>) -> Result<M::Params> {
        self.check_typed(nodes)?;
        self.params_at::<M>(nodes.pop, nodes.start)
    }

    /// A parameter or state variable of each neuron of `nodes`.
    pub(crate) fn get<M: Model>(&self, nodes: &Nodes<M>, name: &str) -> Result<Vec<Value>> {
        self.check_typed(nodes)?;
        let var = if is_parameter::<M>(name) {
            None
        } else {
            Some(M::META.state_index(name)?)
        };
        let value_of = |i| {
            let (chunk, j) = self.share_of(nodes.pop, i)?;
            match var {
                None => chunk.get_param(j, name),
                Some(v) => Ok(Value::Number(chunk.state(v, j))),
            }
        };
        nodes.range().map(value_of).collect()
    }

    /// Number of distinct parameter sets in the population of `nodes`.
    pub(crate) fn parameter_groups<M: Model>(&self, nodes: &Nodes<M>) -> Result<usize> {
        self.check_typed(nodes)?;
        // Each engine keeps its own groups; count the sets distinct across engines.
        let mut distinct: Vec<&M::Params> = Vec::new();
        for engine in &self.engines {
            let chunk = engine.chunks[nodes.pop]
                .as_any()
                .downcast_ref::<Chunk<M>>()
                .ok_or_else(|| Error::InvalidNodes("model mismatch".into()))?;
            if chunk.len() == 0 {
                continue;
            }
            for p in chunk.parameter_sets() {
                if !distinct.contains(&p) {
                    distinct.push(p);
                }
            }
        }
        Ok(distinct.len())
    }
}

/// Index of state variable `name` of `M`, or an error listing every name `M` knows.
fn state_index<M: Model>(name: &str) -> Result<usize> {
    M::META.state_index(name).map_err(|_| Error::UnknownName {
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
    })
}

/// A value for state variable `var`: a finite number.
fn state_value<M: Model>(var: usize, name: &str, value: Value) -> Result<f64> {
    let unit = M::META.state[var].unit;
    let Value::Number(v) = value else {
        return Err(Error::WrongValueKind {
            model: M::META.name,
            name: name.to_string(),
            expected: format!("a number in {unit}"),
            got: value.to_string(),
        });
    };
    if !v.is_finite() {
        return Err(Error::InvalidParameter {
            model: M::META.name,
            name: name.to_string(),
            value: v,
            unit,
            expected: "a finite value".into(),
        });
    }
    Ok(v)
}
