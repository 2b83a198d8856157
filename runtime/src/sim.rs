//! The simulator: NEST's vocabulary over the runtime's parts. Populations live in the
//! [`Network`] (ownership, engines); `connect` goes through [`crate::wiring`] into connection
//! stores, `stimulate` through [`crate::stimulation`] into devices, `record` into
//! [`crate::recorders`], `set`/`get` through [`crate::status`]; `simulate` runs the
//! [`Stepper`]'s loop of slices, whose traffic moves through an [`Exchange`].

use std::sync::Arc;

use crate::connect::{ConnSpec, SynSpec};
use crate::devices::{Device, Window};
use crate::engine::EngineBusy;
use crate::error::{Error, Result};
use crate::exchange::{Exchange, InProcess};
use crate::kernel::KernelRunner;
use crate::model::{Model, Parameters, Value};
use crate::network::Network;
use crate::nodes::{NodeCollection, Nodes};
use crate::ownership::Ownership;
use crate::record::{Sampling, SpikeData, Trace};
use crate::recorders::{
    Backend, DeviceMeter, Multimeter, OutputFiles, Place, Probe, RecordTo, Recorder, Recorders,
    SpikeRecorder,
};
use crate::status::Setting;
use crate::stepper::{PhaseTimes, Stepper};
use crate::stimulation::{DcInput, DeviceId, SpikeTrain};
use crate::store::{StoreFactory, StoreId};
use crate::time::Grid;
use crate::units::Time;
use crate::wiring::Connection;

/// Settings of a simulation (NEST: resolution, local_num_threads, rng_seed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Config {
    /// Resolution h.
    pub resolution: Time,
    /// Worker threads; results do not depend on it.
    pub threads: usize,
    /// Seed of every random stream.
    pub seed: u64,
    /// Show a progress bar during `simulate` when standard output is a terminal.
    pub progress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            resolution: Time::new(0.1),
            threads: 1,
            seed: 1,
            progress: true,
        }
    }
}

/// Handle of a multimeter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceId(usize);

/// Handle of a spike recorder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpikeRecorderId(usize);

/// A handle of any recorder: [`TraceId`] (multimeter, voltmeter) or [`SpikeRecorderId`].
pub trait RecorderId: Copy {
    /// The recorder's index in its simulator.
    #[doc(hidden)]
    fn index(self) -> usize;
}

impl RecorderId for TraceId {
    fn index(self) -> usize {
        self.0
    }
}

impl RecorderId for SpikeRecorderId {
    fn index(self) -> usize {
        self.0
    }
}

/// A simulation on NEST's time grid.
pub struct Simulator {
    net: Network,
    stepper: Stepper,
    connect_calls: u64,
    n_devices: u64,
    recorders: Recorders,
    files: OutputFiles,
}

impl Simulator {
    /// A single-threaded simulator with resolution `h` and seed 1.
    pub fn new(h: Time) -> Result<Self> {
        Self::with_config(Config {
            resolution: h,
            ..Config::default()
        })
    }

    /// A simulator with the given settings, all in this process.
    pub fn with_config(config: Config) -> Result<Self> {
        if config.threads == 0 || config.threads > 1024 {
            return Err(Error::InvalidParameter {
                model: "simulator",
                name: "threads".into(),
                value: config.threads as f64,
                unit: "",
                expected: "between 1 and 1024".into(),
            });
        }
        let own = Ownership::single_process(config.threads)?;
        Self::with_parts(config, own, Box::new(InProcess))
    }

    /// A simulator for a program run alone or under `mpirun`: with the feature `mpi`, MPI is
    /// started and the simulation spread over the ranks (`Cluster`, feature `mpi`; the program makes
    /// the same calls on every rank); without it, [`with_config`](Self::with_config).
    pub fn launch(config: Config) -> Result<Self> {
        #[cfg(feature = "mpi")]
        {
            crate::exchange::mpi::Cluster::init()?.simulator(config)
        }
        #[cfg(not(feature = "mpi"))]
        {
            Self::with_config(config)
        }
    }

    /// A simulator that runs the engines `ownership.local()` of a simulation spread over
    /// several processes, which exchange their traffic through `exchange`. Every process
    /// builds the same network with the same calls; each keeps the nodes it owns. One thread
    /// per local engine (`config.threads` is not used).
    pub fn with_parts(
        config: Config,
        ownership: Ownership,
        exchange: Box<dyn Exchange>,
    ) -> Result<Self> {
        let grid = Grid::new(config.resolution.value())?;
        Ok(Self {
            net: Network::new(grid, config.seed, ownership)?,
            stepper: Stepper::new(exchange, config.progress),
            connect_calls: 0,
            n_devices: 0,
            recorders: Recorders::default(),
            files: OutputFiles::default(),
        })
    }

    /// The time grid.
    pub fn grid(&self) -> &Grid {
        &self.net.grid
    }

    /// Current simulation time in ms.
    pub fn time(&self) -> f64 {
        self.net.grid.ms_of_step(self.stepper.step)
    }

    /// Current simulation time in steps.
    pub(crate) fn now_step(&self) -> u64 {
        self.stepper.step
    }

    /// This process's rank in a distributed simulation (0 in a single process). Every rank
    /// reads the same events from memory recorders; each writes its own neurons' rows to a
    /// file of its own.
    pub fn rank(&self) -> usize {
        self.stepper.rank()
    }

    /// Number of processes (MPI ranks) running this simulation.
    pub fn ranks(&self) -> usize {
        self.stepper.ranks()
    }

    /// Number of worker threads.
    pub fn threads(&self) -> usize {
        self.net.engines.len()
    }

    /// Number of neurons created.
    pub fn num_nodes(&self) -> usize {
        self.net.n_nodes
    }

    /// Number of connections between neurons held by this process (spike and rate).
    pub fn num_synapses(&self) -> usize {
        let stores = self.net.engines.iter().flat_map(|e| &e.stores);
        stores.map(|s| s.len()).sum()
    }

    /// Number of connections between neurons over all processes. Collective: every process
    /// of a distributed simulation calls it.
    pub fn num_synapses_all(&mut self) -> Result<usize> {
        let mine = self.num_synapses() as u64;
        Ok(self.sum_over_ranks(mine)? as usize)
    }

    /// Every process's `mine` (values this process holds, such as its synapses' weights),
    /// concatenated in rank order. Collective: every process of a distributed simulation
    /// calls it.
    pub fn gather_over_ranks(&mut self, mine: &[f64]) -> Result<Vec<f64>> {
        self.stepper.gather_f64s(mine)
    }

    /// The sum of every process's `mine` (a count or a size this process holds). Collective:
    /// every process of a distributed simulation calls it.
    pub fn sum_over_ranks(&mut self, mine: u64) -> Result<u64> {
        let all = self.stepper.gather_u64s(&[mine])?;
        Ok(all.iter().map(|v| v[0]).sum())
    }

    /// Bytes held by connection tables, and by ring buffers and the rate history (after the
    /// last `simulate`).
    pub fn memory_bytes(&self) -> (usize, usize) {
        let engines = &self.net.engines;
        let tables = engines
            .iter()
            .flat_map(|e| &e.stores)
            .map(|s| s.bytes())
            .sum();
        let rings: usize = engines.iter().map(|e| e.ring.bytes()).sum();
        (tables, rings + self.stepper.rate_history.bytes())
    }

    /// Wall time spent in each phase of `simulate` so far.
    pub fn phase_times(&self) -> PhaseTimes {
        let engines = &self.net.engines;
        let devices = engines.iter().map(|e| e.device_time).sum::<f64>() / engines.len() as f64;
        PhaseTimes {
            devices,
            ..self.stepper.times
        }
    }

    /// What the exchange between processes moved so far (zero in one process).
    pub fn exchange_stats(&self) -> crate::exchange::ExchangeStats {
        self.stepper.exchange_stats()
    }

    /// Seconds each thread (engine) spent busy in the parallel phases of `simulate` so far.
    pub fn engine_busy(&self) -> Vec<EngineBusy> {
        self.net.engines.iter().map(|e| e.busy).collect()
    }

    /// Minimum delay over all spike connections, in steps (None if there are none).
    pub fn min_delay_steps(&self) -> Option<u64> {
        self.net.min_delay
    }

    /// Creates `n` neurons of model `M` with parameters `params` (validated).
    ///
    /// The initial state comes from the model's *default* parameters, as in NEST: creating an
    /// `iaf_psc_alpha` with `E_L = -65 mV` leaves `V_m` at -70 mV.
    pub fn create<M: Model>(&mut self, n: usize, params: M::Params) -> Result<Nodes<M>> {
        if n == 0 {
            let name = M::META.name;
            return Err(Error::InvalidNodes(format!(
                "cannot create 0 {name} neurons"
            )));
        }
        params.validate()?;
        self.net.add_population::<M>(n, params)
    }

    /// Chooses how RKF45 models (aeif, conductance-based, hh) are updated: four neurons at
    /// once, in SIMD lanes, each with its own sub-steps and parameters (`true`, the default),
    /// or one neuron after the other. The results are the same bit for bit; only the speed
    /// differs (benches/RESULTS.md). Other models are not affected.
    pub fn set_simd_lanes(&mut self, on: bool) {
        self.net.engines.iter_mut().for_each(|e| e.lanes = on);
    }

    /// Runs the update of every population that `nodes` touch through `runner`, which executes
    /// the model's kernel source ([`Model::KERNEL`]) on flat buffers, instead of the Rust
    /// kernel; `None` goes back to the Rust kernel. Whole populations switch, also neurons of
    /// them outside `nodes`. Delivery, devices and recording are unchanged; each thread calls
    /// the runner on its own neurons.
    ///
    /// # Errors
    /// [`Error::NoKernel`] for models without kernel source (rate models); nothing changes then.
    pub fn set_kernel_runner(
        &mut self,
        nodes: impl Into<NodeCollection>,
        runner: Option<Arc<dyn KernelRunner>>,
    ) -> Result<()> {
        self.net.set_kernel_runner(&nodes.into(), runner)
    }

    /// Replaces the parameter set of `nodes` (unit-typed fields; validated).
    pub fn set_params<M: Model>(&mut self, nodes: &Nodes<M>, params: M::Params) -> Result<()> {
        let set = self.net.set_params(nodes, params);
        self.stepper.agree(set)
    }

    /// Sets one parameter or state variable by NEST name, as a number in its declared unit or a
    /// switch.
    pub fn set<M: Model>(
        &mut self,
        nodes: &Nodes<M>,
        name: &str,
        value: impl Into<Value>,
    ) -> Result<()> {
        self.net.check_typed(nodes)?;
        self.set_status(nodes, &[(name, Setting::All(value.into()))])
    }

    /// Sets several parameters and state variables at once (NEST's SetStatus with a
    /// dictionary) on neurons of any models, each to one value for all of `nodes` or to one
    /// value per neuron ([`Setting`]). Parameters are validated together, once per neuron, so
    /// values valid only together are accepted; nothing changes unless all are accepted. A
    /// population-wide setting costs time in proportion to the number of neurons.
    pub fn set_status(
        &mut self,
        nodes: impl Into<NodeCollection>,
        dict: &[(&str, Setting)],
    ) -> Result<()> {
        // Every process checks its own neurons; all change them only if all accept.
        let stepper = &mut self.stepper;
        let nodes = nodes.into();
        self.net.set_status(&nodes, dict, &mut |r| stepper.agree(r))
    }

    /// Parameters and state variables by NEST name (NEST's GetStatus): for each name, the
    /// value of every neuron of `nodes`.
    pub fn get_status(
        &self,
        nodes: impl Into<NodeCollection>,
        names: &[&str],
    ) -> Result<Vec<Vec<Value>>> {
        let nodes = nodes.into();
        names
            .iter()
            .map(|n| self.net.get_values(&nodes, n))
            .collect()
    }

    /// The parameter set of the first neuron of `node`.
    pub fn params<M: Model>(&self, node: &Nodes<M>) -> Result<M::Params> {
        self.net.params(node)
    }

    /// A parameter or state variable (by NEST name) of each selected neuron.
    pub fn get<M: Model>(&self, nodes: &Nodes<M>, name: &str) -> Result<Vec<Value>> {
        self.net.get(nodes, name)
    }

    /// Number of distinct parameter sets (and thus propagators) in the population of `nodes`.
    pub fn parameter_groups<M: Model>(&self, nodes: &Nodes<M>) -> Result<usize> {
        self.net.parameter_groups(nodes)
    }

    /// Connects every neuron of `pre` to neurons of `post` by `rule` (NEST's `Connect`).
    /// Returns the number of synapses created.
    pub fn connect(
        &mut self,
        pre: impl Into<NodeCollection>,
        post: impl Into<NodeCollection>,
        rule: impl Into<ConnSpec>,
        syn: SynSpec,
    ) -> Result<usize> {
        let (pre, post, spec) = (pre.into(), post.into(), rule.into());
        let before = self.net.connection_marks();
        let made = self
            .net
            .connect(&pre, &post, &spec, &syn, self.connect_calls);
        let made_here = made.is_ok();
        let agreed = self.stepper.agree(made);
        if agreed.is_err() && made_here {
            // Another process refused the call: it made nothing anywhere.
            self.net.roll_back(before);
        }
        let n = agreed?;
        self.connect_calls += 1;
        Ok(n)
    }

    /// What [`connect`](Self::connect) with these arguments would need at its peak
    /// ([`crate::memory_guard`]), without connecting anything.
    pub fn connect_estimate(
        &self,
        pre: &NodeCollection,
        post: &NodeCollection,
        spec: &ConnSpec,
        syn: &SynSpec,
    ) -> crate::memory_guard::ConnectEstimate {
        self.net.connect_estimate(spec, syn, pre.len(), post.len())
    }

    /// The handle that stops a running `simulate` at the next min-delay slice boundary
    /// ([`StopFlag`](crate::StopFlag)); give a clone to a signal handler or another thread.
    pub fn stop_flag(&self) -> crate::StopFlag {
        self.stepper.stop.clone()
    }

    /// Limits the memory one [`connect`](Self::connect) call may take, in bytes (`None`: only
    /// what the machine has free, the smaller of the cgroup's room and `MemAvailable`). A call
    /// whose estimate ([`crate::memory_guard`]) exceeds it is refused before it allocates.
    pub fn set_memory_limit(&mut self, bytes: Option<u64>) {
        self.net.memory_limit = bytes;
    }

    /// Adds a kind of connection: every engine gets a store made by `factory`, and
    /// [`connect`](Self::connect) with [`SynSpec::store`] puts spike connections there. The
    /// store receives every spike as the static synapses do, and can read the spikes of its
    /// targets (plastic synapses).
    pub fn add_connection_store(&mut self, factory: StoreFactory) -> StoreId {
        let id = self.net.engines[0].stores.len();
        for engine in &mut self.net.engines {
            engine.stores.push(factory());
        }
        StoreId(id)
    }

    /// Adds a store of plastic synapses following `rule` (a synapse model's parameters, e.g.
    /// `StdpSynapseParams`), after checking its parameters; connect with [`SynSpec::store`].
    pub fn plastic_store<R: crate::plastic::PlasticRule>(&mut self, rule: R) -> Result<StoreId> {
        rule.validate()?;
        Ok(self.add_connection_store(crate::plastic::PlasticSynapses::factory(rule)))
    }

    /// The number of postsynaptic spikes the neurons' archives hold for plastic synapses
    /// (pruned as the synapses read past them; a diagnostic of memory).
    pub fn archived_spikes(&self) -> usize {
        self.net.engines.iter().map(|e| e.archived()).sum()
    }

    /// NEST's `SetStatus` on a connected device between two runs (by NEST's parameter names):
    /// all of `params`, checked as at creation, or nothing; the next run uses them and the
    /// device keeps its state as NEST's does (each generator's module says what it keeps).
    pub fn set_device_status(
        &mut self,
        id: DeviceId,
        params: &[(&str, crate::devices::ParamValue)],
    ) -> Result<()> {
        let now = self.now_step();
        let changed = self.net.change_device(id, params, now);
        self.stepper.agree(changed)
    }

    /// The synapses from neurons of `pre`, as NEST's GetConnections reports them: source and
    /// target as 1-based global ids, the weight, the effective delay in ms (after rounding to
    /// steps; 0 for instantaneous rate connections). Rate connections are included; a diffusion
    /// connection reports its drift factor as weight. Synapses made since the last `simulate`
    /// are included; with several processes, those ending on this process's nodes.
    pub fn connections(&self, pre: impl Into<NodeCollection>) -> Result<Vec<Connection>> {
        self.net.connections(&pre.into())
    }

    /// `name` of each synapse from `pre`, in the order of [`connections`](Self::connections):
    /// `weight`, `delay` (ms), `synapse_label` (of the `_lbl` models; -1 for connections
    /// without one), or a variable of a plastic synapse's model (`Kplus`, `u`, ...; as it was
    /// after the synapse's last presynaptic spike). NEST's SynapseCollection `get`. With
    /// several processes, of the connections ending on this process's nodes.
    pub fn connection_values(
        &self,
        pre: impl Into<NodeCollection>,
        name: &str,
    ) -> Result<Vec<f64>> {
        self.net.connection_values(&pre.into(), name)
    }

    /// Sets `name` (`weight` of plastic synapses, or one of their variables) of each synapse
    /// from `pre`, one value per synapse in the order of [`connections`](Self::connections).
    /// NEST's SynapseCollection `set`; refused as a whole if a value or name is not accepted.
    /// With several processes, each gives the values of its own connections (those
    /// [`connections`](Self::connections) lists there); all change or none.
    pub fn set_connection_values(
        &mut self,
        pre: impl Into<NodeCollection>,
        name: &str,
        values: &[f64],
    ) -> Result<()> {
        let stepper = &mut self.stepper;
        let pre = pre.into();
        self.net
            .set_connection_values(&pre, name, values, &mut |r| stepper.agree(r))
    }

    /// Connects a stimulation device to `targets` with `syn` (weight scales the current or the
    /// spike; delay as for synapses).
    pub fn stimulate(
        &mut self,
        device: impl Into<Device>,
        targets: impl Into<NodeCollection>,
        syn: SynSpec,
    ) -> Result<DeviceId> {
        let id = self.n_devices;
        let (device, targets) = (device.into(), targets.into());
        let made = self
            .net
            .stimulate(&device, &targets, &syn, id, self.stepper.step);
        self.stepper.agree(made)?;
        self.n_devices += 1;
        Ok(DeviceId(id as usize))
    }

    /// Connects a spike train (a NEST `spike_generator`) to every neuron of `targets`.
    pub fn add_spike_train(
        &mut self,
        targets: impl Into<NodeCollection>,
        train: &SpikeTrain,
    ) -> Result<DeviceId> {
        let (device, syn) = train.device();
        self.stimulate(device, targets, syn)
    }

    /// Connects a constant current source (a NEST `dc_generator`) to every neuron of `targets`.
    pub fn add_dc(&mut self, targets: impl Into<NodeCollection>, dc: &DcInput) -> Result<DeviceId> {
        let (device, syn) = dc.device();
        self.stimulate(device, targets, syn)
    }

    /// Records the named state variables of `nodes` at the end of every step.
    pub fn record(&mut self, nodes: impl Into<NodeCollection>, vars: &[&str]) -> Result<TraceId> {
        self.record_with(nodes, vars, Sampling::every_step(&self.net.grid))
    }

    /// A multimeter: records the named state variables of `nodes` as `sampling` says.
    pub fn record_with(
        &mut self,
        nodes: impl Into<NodeCollection>,
        vars: &[&str],
        sampling: Sampling,
    ) -> Result<TraceId> {
        self.record_to(nodes, vars, sampling, &RecordTo::Memory)
    }

    /// A multimeter whose samples go to `to` (NEST's `record_to`): memory, a file or
    /// standard output. With a file or the screen, [`trace`](Self::trace) stays empty and
    /// [`n_events`](Self::n_events) counts the samples (one per neuron and sample time).
    pub fn record_to(
        &mut self,
        nodes: impl Into<NodeCollection>,
        vars: &[&str],
        sampling: Sampling,
        to: &RecordTo,
    ) -> Result<TraceId> {
        self.add_multimeter("multimeter", nodes.into(), vars, sampling, to)
    }

    /// A voltmeter (NEST's `voltmeter`): a multimeter of `V_m` sampling every 1 ms, into memory.
    pub fn voltmeter(&mut self, nodes: impl Into<NodeCollection>) -> Result<TraceId> {
        self.voltmeter_to(nodes, Sampling::default(), &RecordTo::Memory)
    }

    /// A voltmeter sampling as `sampling` says, into `to`; its files are named `voltmeter`
    /// unless labelled.
    pub fn voltmeter_to(
        &mut self,
        nodes: impl Into<NodeCollection>,
        sampling: Sampling,
        to: &RecordTo,
    ) -> Result<TraceId> {
        self.add_multimeter("voltmeter", nodes.into(), &["V_m"], sampling, to)
    }

    fn add_multimeter(
        &mut self,
        model: &'static str,
        nodes: NodeCollection,
        vars: &[&str],
        sampling: Sampling,
        to: &RecordTo,
    ) -> Result<TraceId> {
        let (mut meter, probes) =
            Multimeter::new(&self.net, &nodes, vars, sampling, self.stepper.step)?;
        meter.model = model;
        let backend = self.backend(to, model, &meter.trace.names, true)?;
        let probes = probes
            .into_iter()
            .map(|p| Some(Box::new(p) as Box<dyn Probe>))
            .collect();
        Ok(TraceId(self.recorders.add(
            Box::new(meter),
            backend,
            &mut self.net.engines,
            probes,
        )))
    }

    /// A multimeter connected to a stimulation device: records the device's recordables
    /// (`I` of the current generators, `rate` of the rate-modulated generators; see
    /// [`recordables`](crate::devices::recordables)) as `sampling` says, into `to`. The
    /// trace's [`neurons`](Trace::neurons) holds the device's index ([`DeviceId::index`]).
    pub fn record_device(
        &mut self,
        device: DeviceId,
        vars: &[&str],
        sampling: Sampling,
        to: &RecordTo,
    ) -> Result<TraceId> {
        let now = self.stepper.step;
        let (meter, probes) = DeviceMeter::new(&self.net, device.index(), vars, sampling, now)?;
        let names = meter.names().to_vec();
        let backend = self.backend(to, "multimeter", &names, false)?;
        let probes = probes
            .into_iter()
            .map(|p| Some(Box::new(p) as Box<dyn Probe>))
            .collect();
        Ok(TraceId(self.recorders.add(
            Box::new(meter),
            backend,
            &mut self.net.engines,
            probes,
        )))
    }

    /// The backend of the next recorder.
    /// Adds a recorder that keeps its events in memory and reads no state (the detectors, in
    /// `recorders/`); returns its index.
    pub(crate) fn add_memory_recorder(&mut self, r: Box<dyn Recorder>) -> Result<usize> {
        let backend = self.backend(&RecordTo::Memory, r.model(), &[], true)?;
        Ok(self
            .recorders
            .add(r, backend, &mut self.net.engines, Vec::new()))
    }

    /// Recorder `id` as its own type.
    pub(crate) fn recorder<R: 'static>(&self, id: usize) -> Option<&R> {
        self.recorders.get(id)
    }

    /// The network, for the parts that add to it.
    pub(crate) fn network(&self) -> &Network {
        &self.net
    }

    /// The network, to change.
    pub(crate) fn network_mut(&mut self) -> &mut Network {
        &mut self.net
    }

    /// The backend of the next recorder; `by_node` when its rows belong to nodes (not to a
    /// device).
    fn backend(
        &self,
        to: &RecordTo,
        model: &'static str,
        values: &[&str],
        by_node: bool,
    ) -> Result<Backend> {
        let number = self.recorders.len() + 1;
        let (rank, ranks) = (self.rank(), self.ranks());
        let place = Place {
            rank,
            ranks,
            by_node,
        };
        Backend::new(to, &self.files, model, number, values, place)
    }

    /// Where the files of recorders created from now on go (NEST's kernel properties
    /// `data_path`, `data_prefix`, `overwrite_files`). The folder must exist.
    pub fn set_output_files(&mut self, files: OutputFiles) -> Result<()> {
        files.validate("simulator")?;
        self.files = files;
        Ok(())
    }

    /// The current output file settings.
    pub fn output_files(&self) -> &OutputFiles {
        &self.files
    }

    /// The files a recorder writes (NEST's `filenames`); empty unless it records to a file.
    pub fn filenames(&self, id: impl RecorderId) -> Vec<std::path::PathBuf> {
        self.recorders.filenames(id.index())
    }

    /// Events a recorder has recorded (NEST's `n_events`), to whatever backend, since it was
    /// created or cleared: spikes, or samples times neurons. 0 for a handle of another
    /// simulator.
    pub fn n_events(&self, id: impl RecorderId) -> u64 {
        self.recorders.n_events(id.index()).unwrap_or(0)
    }

    /// Sets `n_events` as NEST does: 0 clears the events held in memory and restarts the
    /// count; any other value is an error. Files already written are not touched.
    pub fn set_n_events(&mut self, id: impl RecorderId, n: u64) -> Result<()> {
        self.recorders.set_n_events(id.index(), n)
    }

    /// The samples recorded so far (empty for a handle of another simulator).
    pub fn trace(&self, id: TraceId) -> &Trace {
        static NONE: Trace = Trace::EMPTY;
        self.recorders
            .get::<Multimeter>(id.0)
            .map_or(&NONE, |m| &m.trace)
    }

    /// A spike recorder for `nodes` (NEST's spike_recorder with default window).
    pub fn record_spikes(&mut self, nodes: impl Into<NodeCollection>) -> Result<SpikeRecorderId> {
        self.record_spikes_with(nodes, Window::default())
    }

    /// A spike recorder with an activity window: spikes with `t_min < stamp <= t_max`.
    pub fn record_spikes_with(
        &mut self,
        nodes: impl Into<NodeCollection>,
        window: Window,
    ) -> Result<SpikeRecorderId> {
        self.record_spikes_to(nodes, window, &RecordTo::Memory)
    }

    /// A spike recorder whose spikes go to `to` (NEST's `record_to`): memory, a file or
    /// standard output. With a file or the screen, [`spikes`](Self::spikes) stays empty and
    /// [`n_events`](Self::n_events) counts the spikes.
    pub fn record_spikes_to(
        &mut self,
        nodes: impl Into<NodeCollection>,
        window: Window,
        to: &RecordTo,
    ) -> Result<SpikeRecorderId> {
        let rec = SpikeRecorder::new(&self.net, &nodes.into(), window)?;
        let backend = self.backend(to, "spike_recorder", &[], true)?;
        let id = self
            .recorders
            .add(Box::new(rec), backend, &mut self.net.engines, Vec::new());
        Ok(SpikeRecorderId(id))
    }

    /// The spikes a recorder holds, in emission order (step, then node); empty for a handle of
    /// another simulator.
    pub fn spikes(&self, id: SpikeRecorderId) -> &SpikeData {
        static NONE: SpikeData = SpikeData::EMPTY;
        self.recorders
            .get::<SpikeRecorder>(id.0)
            .map_or(&NONE, |r| &r.data)
    }

    /// Spike times (ms) of `nodes` recorded by `id`.
    pub fn spike_times_of<M: Model>(&self, id: SpikeRecorderId, nodes: &Nodes<M>) -> Vec<f64> {
        let first = nodes.first_node + nodes.start;
        let d = self.spikes(id);
        let own = d
            .senders
            .iter()
            .map(|s| (first..first + nodes.len).contains(s));
        d.times
            .iter()
            .zip(own)
            .filter(|(_, o)| *o)
            .map(|(t, _)| *t)
            .collect()
    }

    /// Advances the simulation by `duration`, which must be a multiple of the resolution.
    /// Can be called repeatedly; it continues where the previous call stopped.
    ///
    /// When a neuron's update fails, the error names the neuron, the model, the time and the
    /// condition. Everything recorded before the failing step is kept for every node, and so
    /// are the failing neuron's spikes of that step; the simulation cannot continue.
    ///
    /// Recorders' files are complete when `simulate` returns, whatever the outcome: they hold
    /// what the recorders collected, also after a failure. A file that cannot be written
    /// stops the simulation with an error after the slice that failed to be written.
    pub fn simulate(&mut self, duration: Time) -> Result<()> {
        let n = self
            .net
            .grid
            .exact_steps("simulate duration", duration.value())?;
        let own = (self.ranks() > 1).then(|| Arc::new(self.net.own_node_mask()));
        let begun = self.recorders.begin_run(own.as_ref());
        let opened = begun.is_ok();
        if let Err(e) = self.stepper.agree(begun) {
            if opened {
                let _ = self.recorders.end_run();
            }
            return Err(e);
        }
        let run = self.stepper.simulate(&mut self.net, &mut self.recorders, n);
        let ended = self.recorders.end_run();
        self.stepper.agree(run.and(ended))
    }
}
