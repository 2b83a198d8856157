//! Reading and changing parameters and state of neurons (NEST's GetStatus and SetStatus):
//! every change is validated on copies first, so a refused change leaves everything as it was.

use crate::error::{Error, Result};
use crate::model::{Model, Parameters, Value};
use crate::network::Network;
use crate::nodes::Nodes;
use crate::population::{AnyChunk, Chunk};

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

    /// Sets one parameter or state variable by NEST name.
    pub(crate) fn set<M: Model>(
        &mut self,
        nodes: &Nodes<M>,
        name: &str,
        value: Value,
    ) -> Result<()> {
        self.check_typed(nodes)?;
        if is_parameter::<M>(name) {
            // Validate on a copy of every affected set before changing anything.
            for i in nodes
                .range()
                .filter(|&i| self.share_of(nodes.pop, i).is_ok())
            {
                let mut p = self.params_at::<M>(nodes.pop, i)?;
                p.set(name, value)?;
                p.validate()?;
            }
            return self.for_shares(nodes.pop, nodes.range(), |chunk, r| {
                chunk.set_param(r, name, value)
            });
        }
        let var = state_index::<M>(name)?;
        let v = state_value::<M>(var, name, value)?;
        self.for_shares(nodes.pop, nodes.range(), |chunk, r| {
            r.for_each(|i| chunk.set_state(var, i, v));
            Ok(())
        })
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
