//! NEST's bookkeeping over the runtime: global ids 1, 2, ... in creation order over neurons
//! and devices, what each id is, and the devices `Create` makes before `Connect` says what they
//! record or drive.

use saltatory::Simulator;
use saltatory::runtime::{
    Device, DeviceId, Dist, NodeCollection, ParamValue, Registry, SynSpec, Time,
};

use crate::errors::{kernel_error, to_py};
use crate::recorder::Recorder;
use pyo3::PyResult;

/// Neurons made by one `Create`.
#[derive(Clone, Debug)]
pub struct Batch {
    /// The model's name as created (a copy's own name).
    pub model: String,
    /// The neurons in the runtime.
    pub nodes: NodeCollection,
}

/// A stimulation device: its parameters, and the runtime devices its `Connect` calls made.
#[derive(Clone, Debug)]
pub struct Stimulator {
    /// The model's name.
    pub model: String,
    /// Its parameters, applied to every later `Connect`.
    pub device: Device,
    /// One runtime device per `Connect` (or per target with `one_to_one`).
    pub ids: Vec<DeviceId>,
}

/// What a global id is.
#[derive(Clone, Debug)]
pub enum Node {
    /// Neuron `index` of batch `batch`.
    Neuron {
        /// Index into [`Book::batches`].
        batch: usize,
        /// Position in the batch.
        index: usize,
    },
    /// A recorder.
    Recorder(Recorder),
    /// A stimulation device.
    Stimulator(Stimulator),
}

/// The nodes of a simulation by global id, and the simulator.
pub struct Book {
    /// The simulator.
    pub sim: Simulator,
    /// The models by name.
    pub models: Registry,
    /// The node of each global id (id 1 at index 0).
    pub nodes: Vec<Node>,
    /// The neuron batches.
    pub batches: Vec<Batch>,
    /// Global id of each runtime neuron index.
    pub gid_of_neuron: Vec<u64>,
    /// Multimeter samples after this step are held back, as NEST holds the last slice's.
    pub held_from: u64,
    /// Synapses between neurons made so far, by synapse model.
    synapses: std::collections::HashMap<String, usize>,
    /// The shortest delay of connections to or from devices and of instantaneous rate
    /// connections (one step), in steps.
    device_delay: Option<u64>,
}

impl Book {
    /// An empty network in `sim`.
    pub fn new(sim: Simulator, models: Registry) -> Self {
        Book {
            sim,
            models,
            nodes: Vec::new(),
            batches: Vec::new(),
            gid_of_neuron: Vec::new(),
            held_from: 0,
            device_delay: None,
            synapses: Default::default(),
        }
    }

    /// The node with global id `gid`.
    pub fn node(&self, gid: u64) -> PyResult<&Node> {
        gid.checked_sub(1)
            .and_then(|i| self.nodes.get(i as usize))
            .ok_or_else(|| unknown_node(gid))
    }

    /// The node with global id `gid`, to change.
    pub fn node_mut(&mut self, gid: u64) -> PyResult<&mut Node> {
        gid.checked_sub(1)
            .and_then(|i| self.nodes.get_mut(i as usize))
            .ok_or_else(|| unknown_node(gid))
    }

    /// The model name of node `gid`.
    pub fn model(&self, gid: u64) -> PyResult<String> {
        Ok(match self.node(gid)? {
            Node::Neuron { batch, .. } => self.batches[*batch].model.clone(),
            Node::Recorder(r) => r.kind.name().to_string(),
            Node::Stimulator(s) => s.model.clone(),
        })
    }

    /// Adds neurons made by the registry; returns the first global id.
    pub fn add_neurons(&mut self, model: &str, nodes: NodeCollection) -> u64 {
        let first_gid = self.nodes.len() as u64 + 1;
        let batch = self.batches.len();
        for (index, node) in nodes.node_indices().enumerate() {
            if self.gid_of_neuron.len() <= node {
                self.gid_of_neuron.resize(node + 1, 0);
            }
            self.gid_of_neuron[node] = first_gid + index as u64;
            self.nodes.push(Node::Neuron { batch, index });
        }
        self.batches.push(Batch {
            model: model.to_string(),
            nodes,
        });
        first_gid
    }

    /// Adds a device; returns its global id.
    pub fn add_device(&mut self, node: Node) -> u64 {
        self.nodes.push(node);
        self.nodes.len() as u64
    }

    /// The runtime collection of neurons `gids`, in that order; an error names a node that is
    /// not a neuron.
    pub fn neurons(&self, gids: &[u64]) -> PyResult<NodeCollection> {
        let mut out = NodeCollection::default();
        let mut k = 0;
        while k < gids.len() {
            let Node::Neuron { batch, index } = *self.node(gids[k])? else {
                return Err(kernel_error(
                    "IllegalConnection",
                    format!(
                        "node {} ({}) is not a neuron here",
                        gids[k],
                        self.model(gids[k])?
                    ),
                ));
            };
            // A run of consecutive ids of the same batch is one slice.
            let mut end = k + 1;
            while end < gids.len()
                && gids[end] == gids[end - 1] + 1
                && matches!(self.node(gids[end])?, Node::Neuron { batch: b, .. } if *b == batch)
            {
                end += 1;
            }
            let len = end - k;
            let part = self.batches[batch].nodes.slice(index..index + len);
            out = out + part.map_err(to_py)?;
            k = end;
        }
        Ok(out)
    }

    /// What kind of node `gid` is, for `Connect`.
    fn role(&self, gid: u64) -> PyResult<Role> {
        Ok(match self.node(gid)? {
            Node::Neuron { .. } => Role::Neuron,
            Node::Recorder(r) if r.kind.samples() => Role::Meter,
            Node::Recorder(_) => Role::SpikeRecorder,
            Node::Stimulator(_) => Role::Stimulator,
        })
    }

    /// The common role of `gids`, or an error.
    fn common_role(&self, gids: &[u64], side: &str) -> PyResult<Role> {
        let first = self.role(*gids.first().ok_or_else(|| {
            kernel_error(
                "BadParameter",
                format!("Connect: the {side} collection is empty"),
            )
        })?)?;
        for &g in gids {
            if self.role(g)? != first {
                return Err(kernel_error(
                    "IllegalConnection",
                    format!(
                        "Connect: the {side} collection mixes neurons and devices; connect them separately"
                    ),
                ));
            }
        }
        Ok(first)
    }

    /// NEST's Connect between nodes of any kind: synapses between neurons (counted under
    /// `synapse_model`), recorders to what they record, stimulation devices to their targets;
    /// `one_to_one` pairs sources and targets, otherwise all connect to all. `spec` gives the
    /// rule and the synapse.
    pub fn connect(
        &mut self,
        pre: &[u64],
        post: &[u64],
        one_to_one: bool,
        synapse_model: &str,
        spec: impl FnOnce(&mut Self) -> PyResult<(saltatory::runtime::ConnSpec, SynSpec)>,
    ) -> PyResult<()> {
        let (from, to) = (
            self.common_role(pre, "source")?,
            self.common_role(post, "target")?,
        );
        if one_to_one && pre.len() != post.len() {
            return Err(kernel_error(
                "DimensionMismatch",
                format!(
                    "one_to_one needs sources and targets of the same size, got {} and {}",
                    pre.len(),
                    post.len()
                ),
            ));
        }
        match (from, to) {
            (Role::Neuron, Role::Neuron) => {
                let (conn, syn) = spec(self)?;
                // Instantaneous rate connections (delay 0) make NEST's slice one step.
                self.note_delay(&syn);
                let (a, b) = (self.neurons(pre)?, self.neurons(post)?);
                let made = self.sim.connect(a, b, conn, syn).map_err(to_py)?;
                *self.synapses.entry(synapse_model.to_string()).or_default() += made;
            }
            (Role::Meter, Role::Neuron) => {
                let (_, syn) = spec(self)?;
                self.add_targets(pre, post, one_to_one)?;
                self.note_delay(&syn);
            }
            (Role::Neuron, Role::SpikeRecorder) => {
                let (_, syn) = spec(self)?;
                self.add_targets(post, pre, one_to_one)?;
                self.note_delay(&syn);
            }
            (Role::Stimulator, Role::Neuron) => {
                let (_, syn) = spec(self)?;
                self.note_delay(&syn);
                let groups: Vec<(u64, Vec<u64>)> = match one_to_one {
                    true => pre.iter().zip(post).map(|(&d, &t)| (d, vec![t])).collect(),
                    false => pre.iter().map(|&d| (d, post.to_vec())).collect(),
                };
                for (d, targets) in groups {
                    let targets = self.neurons(&targets)?;
                    let Node::Stimulator(s) = self.node(d)? else {
                        unreachable!("checked above")
                    };
                    let device = s.device.clone();
                    let id = self.sim.stimulate(device, targets, syn).map_err(to_py)?;
                    if let Node::Stimulator(s) = self.node_mut(d)? {
                        s.ids.push(id);
                    }
                }
            }
            (a, b) => {
                return Err(kernel_error(
                    "IllegalConnection",
                    format!(
                        "Connect: a {} cannot connect to a {} here",
                        a.describe(),
                        b.describe()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Synapses between neurons made so far with synapse model `name`.
    pub fn synapse_count(&self, name: &str) -> usize {
        self.synapses.get(name).copied().unwrap_or(0)
    }

    /// Gives recorders `recorders` the neurons `neurons` (all to all, or pairwise).
    fn add_targets(&mut self, recorders: &[u64], neurons: &[u64], pairwise: bool) -> PyResult<()> {
        self.neurons(neurons)?;
        for (k, &r) in recorders.iter().enumerate() {
            let targets: Vec<u64> = match pairwise {
                true => vec![neurons[k]],
                false => neurons.to_vec(),
            };
            if let Node::Recorder(rec) = self.node_mut(r)? {
                rec.add_targets(targets)?;
            }
        }
        Ok(())
    }

    /// Makes the runtime recorders of recorders connected since the last run.
    pub fn start_recorders(&mut self) -> PyResult<()> {
        for k in 0..self.nodes.len() {
            let targets = match &self.nodes[k] {
                Node::Recorder(r) if r.ready() => r.targets.clone(),
                _ => continue,
            };
            let targets = self.neurons(&targets)?;
            if let Node::Recorder(r) = &mut self.nodes[k] {
                r.start(&mut self.sim, targets).map_err(to_py)?;
            }
        }
        Ok(())
    }

    /// Notes the delay of a connection: NEST's min-delay slice counts those of devices, and
    /// one step for instantaneous rate connections.
    fn note_delay(&mut self, syn: &SynSpec) {
        if let Dist::Const(d) = syn.delay.dist {
            let steps = ((d / self.sim.grid().h()).round() as u64).max(1);
            self.device_delay = Some(self.device_delay.map_or(steps, |m| m.min(steps)));
        }
    }

    /// The length of NEST's min-delay slice in steps: the shortest delay of all connections,
    /// devices' included (1 ms without connections).
    pub fn slice_steps(&self) -> u64 {
        let h = self.sim.grid().h();
        let synapses = self.sim.min_delay_steps();
        let shortest = match (synapses, self.device_delay) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        shortest.unwrap_or_else(|| (1.0 / h).round().max(1.0) as u64)
    }

    /// NEST's Simulate: starts the recorders connected since the last run, runs for `t` ms
    /// with `run` (which may release the interpreter), and notes which samples NEST would
    /// hold back.
    pub fn simulate(
        &mut self,
        t: f64,
        run: impl FnOnce(&mut Simulator, Time) -> saltatory::Result<()>,
    ) -> PyResult<()> {
        self.start_recorders()?;
        let h = self.sim.grid().h();
        let start = (self.sim.time() / h).round() as u64;
        let result = run(&mut self.sim, Time::new(t));
        let now = (self.sim.time() / h).round() as u64;
        let md = self.slice_steps();
        let last_slice = (now.saturating_sub(1) / md) * md;
        self.held_from = if now > start {
            last_slice.max(start)
        } else {
            self.held_from
        };
        result.map_err(to_py)
    }

    /// Sets a stimulation device's parameters: before it is connected on the held device,
    /// after on the runtime's too.
    pub fn set_stimulator(&mut self, gid: u64, params: &[(&str, ParamValue)]) -> PyResult<()> {
        let Node::Stimulator(s) = self.node(gid)? else {
            return Err(unknown_node(gid));
        };
        let mut device = s.device.clone();
        let ids = s.ids.clone();
        self.sim.set_device(&mut device, params).map_err(to_py)?;
        for id in ids {
            self.sim.set_device_status(id, params).map_err(to_py)?;
        }
        if let Node::Stimulator(s) = self.node_mut(gid)? {
            s.device = device;
        }
        Ok(())
    }
}

/// What a node is for `Connect`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Neuron,
    Meter,
    SpikeRecorder,
    Stimulator,
}

impl Role {
    /// The role in words.
    fn describe(self) -> &'static str {
        match self {
            Role::Neuron => "neuron",
            Role::Meter => "multimeter or voltmeter",
            Role::SpikeRecorder => "spike recorder",
            Role::Stimulator => "stimulation device",
        }
    }
}

fn unknown_node(gid: u64) -> pyo3::PyErr {
    kernel_error(
        "UnknownNode",
        format!("there is no node with global id {gid}"),
    )
}
