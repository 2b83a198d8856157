//! The kernel as Python sees it: one simulation, its nodes by global id, and the calls the
//! `saltatory.nest` package shapes like PyNEST's.

use std::sync::{Mutex, MutexGuard, PoisonError};

use numpy::IntoPyArray;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use saltatory::Simulator;
use saltatory::runtime::{Config, Device, OutputFiles, ParamValue, Setting, Stimulus, Time};

use crate::book::{Book, Node, Stimulator};
use crate::convert::{entries, param_to_py, param_value, setting, value, value_to_py};
use crate::errors::{kernel_error, to_py};
use crate::recorder::{Handle, Kind, Recorder};
use crate::specs::{conn_spec, syn_spec};

/// One simulation: the nodes NEST's calls create, connect, read and run.
#[pyclass(module = "saltatory._saltatory")]
pub struct Kernel {
    /// The nodes and the simulator. Python's borrow rules give one caller at a time: a call
    /// from another thread during `simulate` is refused, never left waiting.
    book: Mutex<Book>,
    config: Config,
}

#[pymethods]
impl Kernel {
    /// An empty simulation with resolution (ms), threads and seed.
    #[new]
    fn new(resolution: f64, threads: usize, seed: u64) -> PyResult<Self> {
        let config = Config {
            resolution: Time::new(resolution),
            threads,
            seed,
            progress: false,
        };
        let sim = Simulator::with_config(config).map_err(to_py)?;
        Ok(Kernel {
            book: Mutex::new(Book::new(sim, saltatory::models::registry())),
            config,
        })
    }

    /// Resolution in ms.
    #[getter]
    fn resolution(&self) -> f64 {
        self.config.resolution.value()
    }

    /// Worker threads.
    #[getter]
    fn threads(&self) -> usize {
        self.config.threads
    }

    /// The seed.
    #[getter]
    fn seed(&self) -> u64 {
        self.config.seed
    }

    /// Simulated time in ms.
    #[getter]
    fn time(&self) -> f64 {
        let book = &*self.lock();
        book.sim.time()
    }

    /// Number of nodes (neurons and devices).
    #[getter]
    fn network_size(&self) -> usize {
        let book = &*self.lock();
        book.nodes.len()
    }

    /// Number of synapses between neurons.
    #[getter]
    fn num_connections(&self) -> usize {
        let book = &*self.lock();
        book.sim.num_synapses()
    }

    /// The minimum delay (ms) over all connections, 1 ms without any.
    #[getter]
    fn min_delay(&self) -> f64 {
        let book = &*self.lock();
        book.slice_steps() as f64 * book.sim.grid().h()
    }

    /// Where files of recorders connected from now on go (NEST's `data_path`,
    /// `data_prefix`, `overwrite_files`).
    fn set_output_files(
        &mut self,
        data_path: &str,
        data_prefix: &str,
        overwrite_files: bool,
    ) -> PyResult<()> {
        let files = OutputFiles {
            data_path: data_path.into(),
            data_prefix: data_prefix.into(),
            overwrite_files,
        };
        self.lock().sim.set_output_files(files).map_err(to_py)
    }

    /// Whether `name` is a device model (a recorder or a stimulation device).
    fn is_device_model(&self, name: &str) -> bool {
        Kind::of(name).is_some() || Device::nest_default(name).is_ok()
    }

    /// Names of the neuron models, then the devices.
    fn node_models(&self) -> Vec<String> {
        let book = self.lock();
        let mut names: Vec<String> = book.models.names().iter().map(|s| s.to_string()).collect();
        names.extend(["voltmeter", "multimeter", "spike_recorder"].map(String::from));
        names.extend(
            Stimulus::nest_defaults()
                .iter()
                .map(|s| s.nest_name().to_string()),
        );
        names
    }

    /// Creates `n` nodes of `model` with `params` (a dictionary, values one for all or one per
    /// node, or None); returns the first global id.
    #[pyo3(signature = (model, n, params=None))]
    fn create(
        &mut self,
        model: &str,
        n: usize,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<u64> {
        let mut guard = self.lock();
        let book = &mut *guard;
        if n == 0 {
            return Err(kernel_error("BadParameter", "Create: n must be at least 1"));
        }
        let items = params.map(entries).transpose()?.unwrap_or_default();
        if let Some(kind) = Kind::of(model) {
            let mut first = 0;
            for k in 0..n {
                let mut rec = Recorder::new(kind);
                for (name, v) in &items {
                    set_recorder(&mut rec, name, &pick(v, k, n)?)?;
                }
                let gid = book.add_device(Node::Recorder(rec));
                first = if k == 0 { gid } else { first };
            }
            return Ok(first);
        }
        if Device::nest_default(model).is_ok() {
            let mut first = 0;
            for k in 0..n {
                let vals: Vec<(String, ParamValue)> = items
                    .iter()
                    .map(|(name, v)| Ok((name.clone(), param_value(name, &pick(v, k, n)?)?)))
                    .collect::<PyResult<_>>()?;
                let refs: Vec<(&str, ParamValue)> =
                    vals.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
                let device = book.sim.create_device(model, &refs).map_err(to_py)?;
                let gid = book.add_device(Node::Stimulator(Stimulator {
                    model: model.to_string(),
                    device,
                    ids: Vec::new(),
                }));
                first = if k == 0 { gid } else { first };
            }
            return Ok(first);
        }
        let dict: Vec<(String, Setting)> = items
            .iter()
            .map(|(name, v)| Ok((name.clone(), setting(name, v)?)))
            .collect::<PyResult<_>>()?;
        let refs: Vec<(&str, Setting)> =
            dict.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
        let nodes = book
            .models
            .create(&mut book.sim, model, n, &refs)
            .map_err(to_py)?;
        Ok(book.add_neurons(model, nodes))
    }

    /// The model name of node `gid`.
    fn model(&self, gid: u64) -> PyResult<String> {
        let book = &*self.lock();
        book.model(gid)
    }

    /// Whether node `gid` is a neuron.
    fn is_neuron(&self, gid: u64) -> PyResult<bool> {
        let book = &*self.lock();
        Ok(matches!(book.node(gid)?, Node::Neuron { .. }))
    }

    /// Global ids of the recorders.
    fn recorders(&self) -> Vec<u64> {
        let book = &*self.lock();
        let is_rec = |n: &Node| matches!(n, Node::Recorder(_));
        (book.nodes.iter().enumerate())
            .filter(|(_, n)| is_rec(n))
            .map(|(k, _)| k as u64 + 1)
            .collect()
    }

    /// NEST's Connect: `rule` with its arguments in `conn` (indegree, outdegree, N, p,
    /// allow_autapses, allow_multapses), `syn` (synapse_model, weight, delay, receptor_type).
    fn connect(
        &mut self,
        pre: Vec<u64>,
        post: Vec<u64>,
        rule: &str,
        conn: &Bound<'_, PyDict>,
        syn: &Bound<'_, PyDict>,
    ) -> PyResult<()> {
        let mut guard = self.lock();
        let book = &mut *guard;
        let conn = entries(conn)?;
        let syn = entries(syn)?;
        let one_to_one = rule == "one_to_one";
        let model = match syn.iter().find(|(k, _)| k == "synapse_model") {
            Some((_, v)) => v.extract::<String>()?,
            None => "static_synapse".to_string(),
        };
        book.connect(&pre, &post, one_to_one, &model, |book| {
            Ok((conn_spec(rule, &conn)?, syn_spec(book, &model, &syn)?))
        })
    }

    /// Runs for `t` ms, without holding the interpreter. Ctrl-C (SIGINT) stops the run at the
    /// next min-delay slice, keeping what was recorded, and raises KeyboardInterrupt.
    fn simulate(&mut self, py: Python<'_>, t: f64) -> PyResult<()> {
        let mut guard = self.lock();
        let book = &mut *guard;
        let result = book.simulate(t, |sim, t| {
            let _watch = crate::interrupt::Watch::new(sim.stop_flag());
            py.detach(move || sim.simulate(t))
        });
        // Python's own handler ran along with ours: its KeyboardInterrupt comes first.
        py.check_signals()?;
        result
    }

    /// The names `get` answers for node `gid` (parameters and state of a neuron, settings of
    /// a device).
    fn names(&self, gid: u64) -> PyResult<Vec<String>> {
        let book = &*self.lock();
        Ok(match book.node(gid)? {
            Node::Neuron { batch, .. } => {
                let model = &book.batches[*batch].model;
                let defaults = book.models.get_defaults(model).map_err(to_py)?;
                defaults.iter().map(|(n, _)| n.to_string()).collect()
            }
            Node::Recorder(r) => r.names().iter().map(|s| s.to_string()).collect(),
            Node::Stimulator(s) => s
                .device
                .nest_names()
                .iter()
                .map(|s| s.to_string())
                .collect(),
        })
    }

    /// Value `name` of each node of `gids`.
    fn get<'py>(
        &self,
        py: Python<'py>,
        gids: Vec<u64>,
        name: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let book = &*self.lock();
        let out = PyList::empty(py);
        let mut k = 0;
        while k < gids.len() {
            if let Node::Neuron { .. } = book.node(gids[k])? {
                // A run of neurons is read at once.
                let mut end = k + 1;
                while end < gids.len() && matches!(book.node(gids[end])?, Node::Neuron { .. }) {
                    end += 1;
                }
                let nodes = book.neurons(&gids[k..end])?;
                let values = book.sim.get_status(nodes, &[name]).map_err(to_py)?;
                for v in &values[0] {
                    out.append(value_to_py(py, *v)?)?;
                }
                k = end;
                continue;
            }
            out.append(Self::device_value(book, py, gids[k], name)?)?;
            k += 1;
        }
        Ok(out)
    }

    /// Sets `params` on every node of `gids`: each value one for all, or a list with one per
    /// node (neurons only).
    fn set(&mut self, gids: Vec<u64>, params: &Bound<'_, PyDict>) -> PyResult<()> {
        let mut guard = self.lock();
        let book = &mut *guard;
        let items = entries(params)?;
        let all_neurons = gids
            .iter()
            .map(|&g| Ok(matches!(book.node(g)?, Node::Neuron { .. })))
            .collect::<PyResult<Vec<bool>>>()?
            .into_iter()
            .all(|b| b);
        if all_neurons {
            let dict: Vec<(String, Setting)> = items
                .iter()
                .map(|(name, v)| Ok((name.clone(), setting(name, v)?)))
                .collect::<PyResult<_>>()?;
            let refs: Vec<(&str, Setting)> =
                dict.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
            let nodes = book.neurons(&gids)?;
            return book.sim.set_status(nodes, &refs).map_err(to_py);
        }
        let n = gids.len();
        for (k, &gid) in gids.iter().enumerate() {
            let one: Vec<(String, Bound<'_, PyAny>)> = items
                .iter()
                .map(|(name, v)| Ok((name.clone(), pick(v, k, n)?)))
                .collect::<PyResult<_>>()?;
            Self::set_node(book, gid, &one)?;
        }
        Ok(())
    }

    /// The synapses from neurons `sources` (NEST's GetConnections): columns of source and
    /// target global ids, weights, delays (ms) and labels (-1 for unlabelled synapses).
    #[allow(clippy::type_complexity)]
    fn connections(
        &self,
        sources: Vec<u64>,
    ) -> PyResult<(Vec<u64>, Vec<u64>, Vec<f64>, Vec<f64>, Vec<i64>)> {
        let book = &*self.lock();
        let nodes = book.neurons(&sources)?;
        let rows = book.sim.connections(nodes.clone()).map_err(to_py)?;
        let labels = book
            .sim
            .connection_values(nodes, "synapse_label")
            .map_err(to_py)?;
        let gid = |runtime_id: usize| book.gid_of_neuron[runtime_id - 1];
        Ok((
            rows.iter().map(|c| gid(c.source)).collect(),
            rows.iter().map(|c| gid(c.target)).collect(),
            rows.iter().map(|c| c.weight).collect(),
            rows.iter().map(|c| c.delay).collect(),
            labels.iter().map(|&l| l as i64).collect(),
        ))
    }

    /// The events of recorder `gid` as a dictionary of numpy arrays.
    fn events<'py>(&self, py: Python<'py>, gid: u64) -> PyResult<Bound<'py, PyDict>> {
        let book = &*self.lock();
        let Node::Recorder(r) = book.node(gid)? else {
            return Err(kernel_error(
                "UnaccessedDictionaryEntry",
                format!("node {gid} ({}) has no events", book.model(gid)?),
            ));
        };
        let gid_of = |node: usize| book.gid_of_neuron[node];
        let ev = r.events(&book.sim, gid_of, book.held_from, book.slice_steps());
        let d = PyDict::new(py);
        d.set_item("senders", ev.senders.into_pyarray(py))?;
        if r.rows.time_in_steps {
            // Times as steps, and the offset within the step (0 on the grid).
            let h = book.sim.grid().h();
            let steps: Vec<i64> = ev.times.iter().map(|t| (t / h).round() as i64).collect();
            d.set_item("offsets", vec![0.0; steps.len()].into_pyarray(py))?;
            d.set_item("times", steps.into_pyarray(py))?;
        } else {
            d.set_item("times", ev.times.into_pyarray(py))?;
        }
        for (name, col) in ev.values {
            d.set_item(name, col.into_pyarray(py))?;
        }
        Ok(d)
    }

    /// Defaults of model `name` as a dictionary.
    fn defaults<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
        let book = &*self.lock();
        let d = PyDict::new(py);
        if let Some(kind) = Kind::of(name) {
            let r = Recorder::new(kind);
            for n in r.names() {
                if let Some(v) = r.get(n) {
                    d.set_item(n, param_to_py(py, v)?)?;
                }
            }
            return Ok(d);
        }
        if let Ok(device) = Device::nest_default(name) {
            for n in device.nest_names() {
                d.set_item(n, param_to_py(py, device.get_nest(n).map_err(to_py)?)?)?;
            }
            return Ok(d);
        }
        for (n, v) in book.models.get_defaults(name).map_err(to_py)? {
            d.set_item(n, value_to_py(py, v)?)?;
        }
        if book.models.synapse(name).is_ok() {
            d.set_item("num_connections", book.synapse_count(name))?;
        }
        if let Ok(entry) = book.models.entry(name) {
            let state = entry.meta.state.iter().map(|s| s.name);
            let derived = entry.derived.iter().map(|s| s.name);
            let mut names: Vec<&str> = state.chain(derived).collect();
            names.sort_unstable();
            d.set_item("recordables", names)?;
        }
        Ok(d)
    }

    /// NEST's SetDefaults for a neuron or synapse model.
    fn set_defaults(&mut self, name: &str, params: &Bound<'_, PyDict>) -> PyResult<()> {
        let mut guard = self.lock();
        let book = &mut *guard;
        let vals: Vec<(String, saltatory::Value)> = entries(params)?
            .iter()
            .map(|(k, v)| Ok((k.clone(), value(k, v)?)))
            .collect::<PyResult<_>>()?;
        let refs: Vec<(&str, saltatory::Value)> =
            vals.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        book.models.set_defaults(name, &refs).map_err(to_py)
    }

    /// NEST's CopyModel for a neuron or synapse model.
    fn copy_model(&mut self, old: &str, new: &str, params: &Bound<'_, PyDict>) -> PyResult<()> {
        let mut guard = self.lock();
        let book = &mut *guard;
        let vals: Vec<(String, saltatory::Value)> = entries(params)?
            .iter()
            .map(|(k, v)| Ok((k.clone(), value(k, v)?)))
            .collect::<PyResult<_>>()?;
        let refs: Vec<(&str, saltatory::Value)> =
            vals.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        book.models.copy_model(old, new, &refs).map_err(to_py)
    }
}

impl Kernel {
    /// The nodes and the simulator.
    fn lock(&self) -> MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Value `name` of device `gid`.
    fn device_value<'py>(
        book: &Book,
        py: Python<'py>,
        gid: u64,
        name: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        match book.node(gid)? {
            Node::Recorder(r) => {
                if name == "n_events" {
                    let ev = r.events(
                        &book.sim,
                        |n| book.gid_of_neuron[n],
                        book.held_from,
                        book.slice_steps(),
                    );
                    return Ok(r
                        .n_events(&book.sim, ev.times.len())
                        .into_pyobject(py)?
                        .into_any());
                }
                if name == "filenames" {
                    return Ok(r.filenames(&book.sim).into_pyobject(py)?.into_any());
                }
                if name == "record_from" {
                    return Ok(r.record_from.clone().into_pyobject(py)?.into_any());
                }
                match r.get(name) {
                    Some(v) => param_to_py(py, v),
                    None => Err(kernel_error(
                        "UnaccessedDictionaryEntry",
                        format!(
                            "{} has no setting named {name:?}; known: {}",
                            r.kind.name(),
                            r.names().join(", ")
                        ),
                    )),
                }
            }
            Node::Stimulator(s) => param_to_py(py, s.device.get_nest(name).map_err(to_py)?),
            Node::Neuron { .. } => unreachable!("neurons are read in runs"),
        }
    }

    /// Sets a device's settings.
    fn set_node(book: &mut Book, gid: u64, items: &[(String, Bound<'_, PyAny>)]) -> PyResult<()> {
        match book.node_mut(gid)? {
            Node::Recorder(r) => {
                // All or nothing: change a copy; n_events = 0 clears the recorder's events.
                let mut copy = r.clone();
                let mut clear = None;
                for (name, v) in items {
                    match (name.as_str(), copy.handle) {
                        ("n_events", Some(handle)) if v.extract::<i64>()? == 0 => {
                            clear = Some(handle)
                        }
                        _ => set_recorder(&mut copy, name, v)?,
                    }
                }
                *r = copy;
                match clear {
                    Some(Handle::Trace(id)) => book.sim.set_n_events(id, 0).map_err(to_py),
                    Some(Handle::Spikes(id)) => book.sim.set_n_events(id, 0).map_err(to_py),
                    None => Ok(()),
                }
            }
            Node::Stimulator(_) => {
                let vals: Vec<(String, ParamValue)> = items
                    .iter()
                    .map(|(name, v)| Ok((name.clone(), param_value(name, v)?)))
                    .collect::<PyResult<_>>()?;
                let refs: Vec<(&str, ParamValue)> =
                    vals.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
                book.set_stimulator(gid, &refs)
            }
            Node::Neuron { .. } => {
                let dict: Vec<(String, Setting)> = items
                    .iter()
                    .map(|(name, v)| Ok((name.clone(), Setting::All(value(name, v)?))))
                    .collect::<PyResult<_>>()?;
                let refs: Vec<(&str, Setting)> =
                    dict.iter().map(|(a, b)| (a.as_str(), b.clone())).collect();
                let nodes = book.neurons(&[gid])?;
                book.sim.set_status(nodes, &refs).map_err(to_py)
            }
        }
    }
}

/// Sets one setting of a recorder from a Python value.
fn set_recorder(rec: &mut Recorder, name: &str, v: &Bound<'_, PyAny>) -> PyResult<()> {
    if name == "record_from" {
        let names: Vec<String> = match v.extract::<String>() {
            Ok(one) => vec![one],
            Err(_) => v.extract()?,
        };
        return rec.set_record_from(names);
    }
    if name == "n_events" {
        let n: i64 = v.extract()?;
        if n != 0 || rec.handle.is_some() {
            return Err(kernel_error(
                "BadProperty",
                format!(
                    "{}: n_events can only be set to 0, before the first run here",
                    rec.kind.name()
                ),
            ));
        }
        return Ok(());
    }
    rec.set(name, &param_value(name, v)?)
}

/// The `k`-th of `n` values when `v` is a list of one value per node; `v` itself otherwise.
fn pick<'py>(v: &Bound<'py, PyAny>, k: usize, n: usize) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(list) = v.cast::<PyList>()
        && list.len() == n
        && n > 1
    {
        return list.get_item(k);
    }
    Ok(v.clone())
}
