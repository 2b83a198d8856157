//! Node collections in NEST's sense: ordered sets of neurons, built by `create`, concatenated
//! with `+` and sliced.

use std::marker::PhantomData;
use std::ops::{Add, Range};

use crate::error::{Error, Result};
use crate::model::Model;

/// Neurons `start..start + len` of one population of model `M` (typed: parameters and state
/// can be read and set with the model's own types).
#[derive(Debug)]
pub struct Nodes<M> {
    /// The simulator that created the nodes.
    pub(crate) sim: u64,
    pub(crate) pop: usize,
    pub(crate) start: usize,
    pub(crate) len: usize,
    /// Index of the population's first neuron among all neurons of the simulator.
    pub(crate) first_node: usize,
    pub(crate) _model: PhantomData<fn() -> M>,
}

impl<M> Clone for Nodes<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for Nodes<M> {}

impl<M> Nodes<M> {
    /// All `len` neurons of population `pop` of simulator `sim`.
    pub(crate) fn new(sim: u64, pop: usize, len: usize, first_node: usize) -> Self {
        Nodes {
            sim,
            pop,
            start: 0,
            len,
            first_node,
            _model: PhantomData,
        }
    }
}

impl<M: Model> Nodes<M> {
    /// Number of neurons.
    pub fn len(&self) -> usize {
        self.len
    }
    /// Whether the selection is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// Neuron `i` of the selection.
    pub fn node(&self, i: usize) -> Result<Nodes<M>> {
        self.slice(i..i + 1)
    }
    /// A contiguous sub-range of the selection.
    pub fn slice(&self, range: Range<usize>) -> Result<Nodes<M>> {
        if range.start > range.end || range.end > self.len {
            return Err(Error::InvalidNodes(format!(
                "slice {}..{} of a selection of {} {} neurons",
                range.start,
                range.end,
                self.len,
                M::META.name
            )));
        }
        Ok(Nodes {
            sim: self.sim,
            pop: self.pop,
            start: self.start + range.start,
            len: range.len(),
            first_node: self.first_node,
            _model: PhantomData,
        })
    }
    pub(crate) fn range(&self) -> Range<usize> {
        self.start..self.start + self.len
    }
    /// NEST's global ids (1-based) of the selected neurons.
    pub fn global_ids(&self) -> Range<usize> {
        let first = self.first_node + self.start + 1;
        first..first + self.len
    }
}

/// A contiguous run of one population inside a [`NodeCollection`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    /// The simulator that created the nodes.
    pub sim: u64,
    pub pop: usize,
    /// First neuron, as an index within the population.
    pub start: usize,
    pub len: usize,
    /// Index of the population's first neuron among all neurons.
    pub first_node: usize,
}

/// An ordered selection of neurons of any models (NEST's NodeCollection).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeCollection {
    pub(crate) segments: Vec<Segment>,
}

impl NodeCollection {
    /// Number of neurons.
    pub fn len(&self) -> usize {
        self.segments.iter().map(|s| s.len).sum()
    }
    /// Whether the collection is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Indices of the selected neurons among all neurons of the simulator (0-based; NEST's
    /// global id is this plus one), in collection order.
    pub fn node_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.segments
            .iter()
            .flat_map(|s| (s.first_node + s.start)..(s.first_node + s.start + s.len))
    }
    /// NEST's global ids (1-based), in collection order.
    pub fn global_ids(&self) -> Vec<usize> {
        self.node_indices().map(|i| i + 1).collect()
    }
    /// Elements `range` of the collection (in collection order).
    pub fn slice(&self, range: Range<usize>) -> Result<NodeCollection> {
        let n = self.len();
        if range.start > range.end || range.end > n {
            return Err(Error::InvalidNodes(format!(
                "slice {}..{} of a collection of {n} neurons",
                range.start, range.end
            )));
        }
        let mut out = Vec::new();
        let mut pos = 0;
        for s in &self.segments {
            let (lo, hi) = (pos, pos + s.len);
            let a = range.start.max(lo);
            let b = range.end.min(hi);
            if a < b {
                out.push(Segment {
                    start: s.start + (a - lo),
                    len: b - a,
                    ..*s
                });
            }
            pos = hi;
        }
        Ok(NodeCollection { segments: out })
    }
    /// Iterates (population, index within population, node index) in collection order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.segments
            .iter()
            .flat_map(|s| (s.start..s.start + s.len).map(move |i| (s.pop, i, s.first_node + i)))
    }
    fn push(&mut self, s: Segment) {
        if let Some(last) = self.segments.last_mut() {
            if last.sim == s.sim && last.pop == s.pop && last.start + last.len == s.start {
                last.len += s.len;
                return;
            }
        }
        if s.len > 0 {
            self.segments.push(s);
        }
    }
}

impl<M: Model> From<Nodes<M>> for NodeCollection {
    fn from(n: Nodes<M>) -> Self {
        let mut c = NodeCollection::default();
        c.push(Segment {
            sim: n.sim,
            pop: n.pop,
            start: n.start,
            len: n.len,
            first_node: n.first_node,
        });
        c
    }
}

impl<M: Model> From<&Nodes<M>> for NodeCollection {
    fn from(n: &Nodes<M>) -> Self {
        (*n).into()
    }
}

impl From<&NodeCollection> for NodeCollection {
    fn from(n: &NodeCollection) -> Self {
        n.clone()
    }
}

impl<R: Into<NodeCollection>> Add<R> for NodeCollection {
    type Output = NodeCollection;
    /// Concatenation, as `ne + ni` in PyNEST.
    fn add(mut self, rhs: R) -> NodeCollection {
        for s in rhs.into().segments {
            self.push(s);
        }
        self
    }
}

impl<M: Model, R: Into<NodeCollection>> Add<R> for Nodes<M> {
    type Output = NodeCollection;
    fn add(self, rhs: R) -> NodeCollection {
        NodeCollection::from(self) + rhs
    }
}
