//! Reading and changing connections after they are made, as NEST's GetConnections and its
//! SynapseCollection's get/set do: each connection from given sources with 1-based global ids,
//! its weight, delay and, for plastic synapses, the variables of its model (such as `Kplus`),
//! all in one order (by source, then target, then creation).

use crate::error::{Error, Result};
use crate::network::Network;
use crate::nodes::NodeCollection;
use crate::rate::NodeKind;
use crate::store::{self, Field};
use crate::wiring::Connection;

/// Where a connection lives: engine, store, and its position in the store's `each` order.
#[derive(Clone, Copy)]
struct Located {
    engine: usize,
    store: usize,
    index: usize,
}

/// Connections with where each is held.
type LocatedAll = Vec<(Connection, Located)>;

impl Network {
    /// The connections from `pre`, with 1-based global ids, sorted by source and target.
    pub(crate) fn connections(&self, pre: &NodeCollection) -> Result<Vec<Connection>> {
        Ok(self.located(pre)?.into_iter().map(|(c, _)| c).collect())
    }

    /// `name` (weight, delay or a variable of the connections' model) of each connection from
    /// `pre`, in the order of [`connections`](Self::connections).
    pub(crate) fn connection_values(&self, pre: &NodeCollection, name: &str) -> Result<Vec<f64>> {
        let located = self.located(pre)?;
        if name == "delay" {
            return Ok(located.iter().map(|(c, _)| c.delay).collect());
        }
        if name == "synapse_label" {
            // NEST reports -1 for connections without a label.
            let label = |at: &Located| self.engines[at.engine].stores[at.store].label();
            let labels = located
                .iter()
                .map(|(_, at)| label(at).map_or(-1.0, |l| l as f64));
            return Ok(labels.collect());
        }
        let fields = self.fields(&located, name)?;
        let mut by_store: Vec<Vec<Vec<f64>>> = vec![Vec::new(); self.engines.len()];
        let mut out = Vec::with_capacity(located.len());
        for ((_, at), field) in located.iter().zip(fields) {
            let values = &mut by_store[at.engine];
            if values.len() <= at.store {
                values.resize(self.engines[at.engine].stores.len(), Vec::new());
            }
            if values[at.store].is_empty() {
                self.engines[at.engine].stores[at.store].values(field, &mut values[at.store]);
            }
            out.push(values[at.store][at.index]);
        }
        Ok(out)
    }

    /// Sets `name` (weight or a variable) of each connection from `pre`, one value per
    /// connection in the order of [`connections`](Self::connections); checked in full first.
    pub(crate) fn set_connection_values(
        &mut self,
        pre: &NodeCollection,
        name: &str,
        values: &[f64],
        agree: &mut dyn FnMut(Result<()>) -> Result<()>,
    ) -> Result<()> {
        let checked = self.check_connection_values(pre, name, values);
        let (located, fields) = match checked {
            Ok(c) => {
                agree(Ok(()))?;
                c
            }
            Err(e) => return agree(Err(e)),
        };
        for (((_, at), field), &v) in located.iter().zip(fields).zip(values) {
            self.engines[at.engine].stores[at.store].set_value(at.index, field, v)?;
        }
        Ok(())
    }

    /// The connections from `pre` and the field `name` is for each, when `values` fit them.
    fn check_connection_values(
        &self,
        pre: &NodeCollection,
        name: &str,
        values: &[f64],
    ) -> Result<(LocatedAll, Vec<Field>)> {
        if matches!(name, "delay" | "synapse_label") {
            return Err(Error::InvalidNodes(format!(
                "the {name} of a connection is fixed when it is made: give it at connect"
            )));
        }
        let located = self.located(pre)?;
        if values.len() != located.len() {
            return Err(Error::InvalidNodes(format!(
                "{} values for the {name} of {} connections",
                values.len(),
                located.len()
            )));
        }
        if let Some(v) = values.iter().find(|v| !v.is_finite()) {
            return Err(Error::InvalidNodes(format!(
                "{name} {v}: expected finite values"
            )));
        }
        let fields = self.fields(&located, name)?;
        // Every connection must take the change before any changes.
        for ((_, at), &field) in located.iter().zip(&fields) {
            let store = &self.engines[at.engine].stores[at.store];
            if !store.can_set(field) {
                return Err(crate::store::unchangeable(store.model(), field));
            }
        }
        Ok((located, fields))
    }

    /// What `name` is for each connection of `located`: refused with every name the
    /// selection knows when no store has it, or naming the model whose connections lack it.
    fn fields(&self, located: &[(Connection, Located)], name: &str) -> Result<Vec<Field>> {
        let store = |at: &Located| &self.engines[at.engine].stores[at.store];
        let field = |at: &Located| {
            if name == "weight" {
                return Some(Field::Weight);
            }
            let vars = store(at).variables();
            vars.iter().position(|v| *v == name).map(Field::Variable)
        };
        let fields: Vec<Option<Field>> = located.iter().map(|(_, at)| field(at)).collect();
        if let Some(k) = fields.iter().position(Option::is_none) {
            let model = store(&located[k].1).model();
            if fields.iter().any(Option::is_some) {
                return Err(Error::InvalidNodes(format!(
                    "{model} connections among the selected ones have no {name}"
                )));
            }
            let mut known = vec!["weight", "delay", "synapse_label"];
            for (_, at) in located {
                for v in store(at).variables() {
                    if !known.contains(v) {
                        known.push(v);
                    }
                }
            }
            return Err(Error::UnknownName {
                model,
                kind: "connection property",
                name: name.to_string(),
                known: known.join(", "),
            });
        }
        Ok(fields.into_iter().flatten().collect())
    }

    /// Every connection from `pre` with where it lives, sorted by source and target (stable:
    /// creation order within a pair).
    fn located(&self, pre: &NodeCollection) -> Result<Vec<(Connection, Located)>> {
        self.check(pre)?;
        let mut wanted = vec![false; self.n_nodes];
        for i in pre.node_indices() {
            wanted[i] = true;
        }
        let mut out = Vec::new();
        for (e, engine) in self.engines.iter().enumerate() {
            for (k, st) in engine.stores.iter().enumerate() {
                let mut index = 0;
                st.each(&mut |r| {
                    let at = Located {
                        engine: e,
                        store: k,
                        index,
                    };
                    index += 1;
                    let source = if k == store::RATES {
                        self.rate_node(r.source)
                    } else {
                        Some(r.source as usize)
                    };
                    let Some(src) = source.filter(|&s| wanted.get(s).copied().unwrap_or(false))
                    else {
                        return;
                    };
                    if let Some((p, j)) = engine.locate_end(r.target) {
                        let c = Connection {
                            source: src + 1,
                            target: self.pops[p].first_node + engine.chunk_start[p] + j + 1,
                            weight: r.weight,
                            // Steps times the resolution, as NEST reports a delay
                            // (nestkernel/nest_time.h, delay_steps_to_ms).
                            delay: f64::from(r.delay) * self.grid.h(),
                        };
                        out.push((c, at));
                    }
                });
            }
        }
        out.sort_by_key(|(c, _)| (c.source, c.target));
        Ok(out)
    }

    /// The node index of rate node `index`.
    fn rate_node(&self, index: u32) -> Option<usize> {
        self.pops
            .iter()
            .find(|p| {
                p.kind != NodeKind::Spiking
                    && p.rate_first <= index
                    && index < p.rate_first + p.n as u32
            })
            .map(|p| p.first_node + (index - p.rate_first) as usize)
    }
}
