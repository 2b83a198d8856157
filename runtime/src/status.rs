//! Reading and changing parameters and state of neurons (NEST's GetStatus and SetStatus):
//! every change is validated on copies first, so a refused change leaves everything as it was.

use crate::error::{Error, Result};
use crate::model::StateColumns;
use crate::model::{Model, Parameters, Value};
use crate::network::Network;
use crate::nodes::{NodeCollection, Nodes};
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

/// A checked change of one local share: (engine slot, population, range in the share, the
/// population's plan).
type Plan = (
    usize,
    usize,
    std::ops::Range<usize>,
    Box<dyn std::any::Any + Send>,
);

impl Setting {
    /// The value for the `k`-th selected neuron.
    pub(crate) fn at(&self, k: usize) -> Value {
        match self {
            Setting::All(v) => *v,
            Setting::Each(vs) => vs[k],
        }
    }

    /// Checks that a per-neuron list has one value per selected neuron.
    pub(crate) fn check_len(&self, model: &'static str, name: &str, n: usize) -> Result<()> {
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
        let chunk = self.engines[0].chunks[nodes.pop]
            .as_any()
            .downcast_ref::<Chunk<M>>();
        chunk.map_or(Ok(()), |c| c.check_layout(&params))?;
        self.for_shares(nodes.pop, nodes.range(), |chunk, r| {
            let c = chunk
                .as_any_mut()
                .downcast_mut::<Chunk<M>>()
                .ok_or_else(|| Error::InvalidNodes("model mismatch".into()))?;
            c.assign(r, params.clone());
            Ok(())
        })
    }

    /// Sets parameters and state variables by NEST name (NEST's SetStatus with a dictionary)
    /// on any collection. Parameters are set together and validated once per neuron, so values
    /// that are valid only together are accepted; nothing changes unless every value is
    /// accepted everywhere.
    pub(crate) fn set_status(
        &mut self,
        nodes: &NodeCollection,
        dict: &[(&str, Setting)],
        agree: &mut dyn FnMut(Result<()>) -> Result<()>,
    ) -> Result<()> {
        let plans = self.plan_status(nodes, dict);
        let plans = match plans {
            Ok(plans) => {
                agree(Ok(()))?;
                plans
            }
            Err(e) => return agree(Err(e)),
        };
        for (slot, pop, local, plan) in plans {
            self.engines[slot].chunks[pop].apply_status(local, plan);
        }
        Ok(())
    }

    /// The change of every local share of `nodes`, checked and not yet applied.
    fn plan_status(&self, nodes: &NodeCollection, dict: &[(&str, Setting)]) -> Result<Vec<Plan>> {
        self.check(nodes)?;
        let model = nodes.segments.first().map_or("", |s| self.pops[s.pop].name);
        for (name, setting) in dict {
            setting.check_len(model, name, nodes.len())?;
        }
        // A plan for every local share first; then change everything.
        let mut plans = Vec::new();
        let mut pos = 0;
        for seg in &nodes.segments {
            let n = self.pops[seg.pop].n;
            for (slot, engine) in self.engines.iter().enumerate() {
                let own = self.own.share(n, engine.index);
                let (a, b) = (seg.start.max(own.start), (seg.start + seg.len).min(own.end));
                if a < b {
                    let local = (a - own.start)..(b - own.start);
                    let first = pos + a - seg.start;
                    let plan = engine.chunks[seg.pop].plan_status(local.clone(), dict, first)?;
                    plans.push((slot, seg.pop, local, plan));
                }
            }
            pos += seg.len;
        }
        Ok(plans)
    }

    /// A parameter or state variable of each node of any collection (NEST's GetStatus).
    pub(crate) fn get_values(&self, nodes: &NodeCollection, name: &str) -> Result<Vec<Value>> {
        self.check(nodes)?;
        let value_of = |(pop, i, _): (usize, usize, usize)| {
            let (chunk, j) = self.share_of(pop, i)?;
            match self.pops[pop].state_names.iter().position(|n| *n == name) {
                Some(var) => chunk.recordable_now(var, j, &self.grid).map(Value::Number),
                None => chunk.get_param(j, name),
            }
        };
        nodes.iter().map(value_of).collect()
    }

    /// The parameter set of the first neuron of `nodes`.
    pub(crate) fn params<M: Model>(&self, nodes: &Nodes<M>) -> Result<M::Params> {
        self.check_typed(nodes)?;
        self.params_at::<M>(nodes.pop, nodes.start)
    }

    /// A parameter or state variable of each neuron of `nodes`.
    pub(crate) fn get<M: Model>(&self, nodes: &Nodes<M>, name: &str) -> Result<Vec<Value>> {
        self.check_typed(nodes)?;
        if !is_parameter::<M>(name) && !M::DERIVED.iter().any(|d| d.name == name) {
            state_index::<M>(name)?;
        }
        self.get_values(&nodes.into(), name)
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
    let unit = M::META.state[var].unit.text;
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

/// Checks that `name` is a state variable of `M` and that `setting` gives it valid values for
/// `n` neurons.
pub(crate) fn check_state<M: Model>(name: &str, setting: &Setting, n: usize) -> Result<()> {
    let var = state_index::<M>(name)?;
    (0..n).try_for_each(|k| state_value::<M>(var, name, setting.at(k)).map(drop))
}

/// A planned change of neurons of one share, checked and ready to apply.
pub(crate) struct StatusPlan<M: Model> {
    /// New parameter sets, one per neuron (none when only state changes).
    sets: Option<Vec<M::Params>>,
    /// (state variable, value per neuron).
    states: Vec<(usize, Vec<f64>)>,
}

impl<M: Model> Chunk<M> {
    /// Checks `dict` for neurons `local` of this share, whose first is number `first` of the
    /// collection the dictionary's lists follow; returns the change to apply.
    pub(crate) fn plan_status(
        &self,
        local: std::ops::Range<usize>,
        dict: &[(&str, Setting)],
        first: usize,
    ) -> Result<StatusPlan<M>> {
        let (params, states): (Vec<_>, Vec<_>) =
            dict.iter().partition(|(n, _)| is_parameter::<M>(n));
        let states = states
            .iter()
            .map(|(name, setting)| {
                let var = state_index::<M>(name)?;
                let values = (0..local.len())
                    .map(|k| state_value::<M>(var, name, setting.at(first + k)))
                    .collect::<Result<Vec<f64>>>()?;
                Ok((var, values))
            })
            .collect::<Result<Vec<_>>>()?;
        let per_group = params.iter().all(|(_, s)| matches!(s, Setting::All(_)));
        let make = |k: usize, old: &M::Params| {
            let mut p = old.clone();
            for (name, setting) in &params {
                p.set(name, setting.at(first + k))?;
            }
            p.validate()?;
            self.check_layout(&p)?;
            Ok(p)
        };
        let sets = match params.is_empty() {
            true => None,
            false => Some(self.derive_sets(local, per_group, make)?),
        };
        Ok(StatusPlan { sets, states })
    }

    /// Applies a plan made by [`plan_status`](Self::plan_status) for the same neurons.
    pub(crate) fn apply_status(&mut self, local: std::ops::Range<usize>, plan: StatusPlan<M>) {
        if let Some(sets) = plan.sets {
            self.assign_each(local.clone(), &sets);
        }
        for (var, values) in plan.states {
            for (i, v) in local.clone().zip(values) {
                self.state.set(var, i, v);
            }
        }
    }
}
