//! NEST's `evaluate_tsodyks2_synapse.py`: one `iaf_psc_exp` neuron, driven by a constant
//! current that is switched off for a while, sends its spikes through a `tsodyks_synapse` to a
//! second neuron and through a `tsodyks2_synapse` to a third; voltmeters record the two
//! responses. The standard short-term plasticity protocol: a regular train, a pause, and the
//! recovered response to a second train. Run once with depressing and once with facilitating
//! synapses.
//!
//! NEST's example changes `I_e` between three `Simulate` calls; so does this port, with
//! [`Simulator::set_status`](crate::Simulator::set_status) between three `simulate` calls.

use super::simulator;
use crate::Result;
use crate::models::{plastic_synapses, registry};
use crate::runtime::consts::ms;
use crate::runtime::{Rule, Setting, SynSpec, Value, Window};

/// The synapses' parameters of one experiment (NEST's names in brackets); both models get
/// the same values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StpParams {
    /// Name of the experiment, as in the example's figure titles.
    pub name: &'static str,
    /// Increment of the utilisation at each spike (`U`).
    pub u_inc: f64,
    /// Initial utilisation (`u`).
    pub u: f64,
    /// Initial fraction of available resources (`x`).
    pub x: f64,
    /// Recovery time constant in ms (`tau_rec`).
    pub tau_rec: f64,
    /// Facilitation time constant in ms (`tau_fac`; 0 switches facilitation off).
    pub tau_fac: f64,
    /// Weight in pA (`weight`).
    pub weight: f64,
}

/// The example's depressing synapses.
pub const DEPRESSION: StpParams = StpParams {
    name: "Depression",
    u_inc: 0.67,
    u: 0.67,
    x: 1.0,
    tau_rec: 450.0,
    tau_fac: 0.0,
    weight: 250.0,
};

/// The example's facilitating synapses.
pub const FACILITATION: StpParams = StpParams {
    name: "Facilitation",
    u_inc: 0.1,
    u: 0.1,
    x: 1.0,
    tau_rec: 100.0,
    tau_fac: 1000.0,
    weight: 250.0,
};

/// The stimulation: the driving neuron's `I_e` during each of three runs, and the neurons'
/// excitatory synaptic time constant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StpProtocol {
    /// Resolution in ms.
    pub resolution: f64,
    /// `I_e` (pA) of the driving neuron during each run.
    pub currents: [f64; 3],
    /// Length of each run in ms.
    pub phase: f64,
    /// `tau_syn_ex` (ms) of all three neurons.
    pub tau_syn_ex: f64,
    /// Delay of both synapses in ms.
    pub delay: f64,
}

impl Default for StpProtocol {
    /// The example's values: 376 pA for 500 ms, none for 500 ms, 376 pA for 500 ms.
    fn default() -> Self {
        StpProtocol {
            resolution: 0.1,
            currents: [376.0, 0.0, 376.0],
            phase: 500.0,
            tau_syn_ex: 3.0,
            delay: 1.0,
        }
    }
}

/// What one experiment recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct StpRun {
    /// The voltmeters' sample times in ms (every 1 ms).
    pub times: Vec<f64>,
    /// Membrane potential (mV) of the neuron behind the `tsodyks_synapse`.
    pub v_tsodyks: Vec<f64>,
    /// Membrane potential (mV) of the neuron behind the `tsodyks2_synapse`.
    pub v_tsodyks2: Vec<f64>,
    /// Spike times (ms) of the driving neuron.
    pub spikes: Vec<f64>,
    /// The weights the `tsodyks_synapse` sent its spikes with (pA), in time order.
    pub sent_tsodyks: Vec<f64>,
    /// The weights the `tsodyks2_synapse` sent its spikes with (pA), in time order.
    pub sent_tsodyks2: Vec<f64>,
    /// `u` and `x` of the `tsodyks_synapse` and of the `tsodyks2_synapse` after the run.
    pub final_state: [[f64; 2]; 2],
}

/// Runs one experiment of the example.
pub fn evaluate_tsodyks2(p: &StpParams, protocol: &StpProtocol) -> Result<StpRun> {
    let mut sim = simulator(protocol.resolution, 1)?;
    let neurons = registry().create(
        &mut sim,
        "iaf_psc_exp",
        3,
        &[("tau_syn_ex", Setting::from(protocol.tau_syn_ex))],
    )?;
    let driver = neurons.slice(0..1)?;
    let shared = [
        ("U", Value::Number(p.u_inc)),
        ("tau_rec", Value::Number(p.tau_rec)),
        ("tau_fac", Value::Number(p.tau_fac)),
    ];
    let mut stores = Vec::new();
    for (k, model) in ["tsodyks_synapse", "tsodyks2_synapse"].iter().enumerate() {
        let store = sim.add_connection_store(plastic_synapses(model, &shared)?);
        let syn = SynSpec::new(p.weight, protocol.delay).store(store);
        sim.connect(
            driver.clone(),
            neurons.slice(k + 1..k + 2)?,
            Rule::AllToAll,
            syn,
        )?;
        stores.push(store);
    }
    // The initial state of each connection (NEST's example sets it in the synapse
    // specification); the same for both.
    sim.set_connection_values(driver.clone(), "u", &[p.u, p.u])?;
    sim.set_connection_values(driver.clone(), "x", &[p.x, p.x])?;
    let meters = [
        sim.voltmeter(neurons.slice(1..2)?)?,
        sim.voltmeter(neurons.slice(2..3)?)?,
    ];
    let spikes = sim.record_spikes(driver.clone())?;
    let sent = [
        sim.weight_recorder(&stores[..1], Window::default())?,
        sim.weight_recorder(&stores[1..], Window::default())?,
    ];
    for i_e in protocol.currents {
        sim.set_status(driver.clone(), &[("I_e", Setting::from(i_e))])?;
        sim.simulate(protocol.phase * ms)?;
    }
    let trace = |k: usize| {
        sim.trace(meters[k])
            .series("V_m", 0)
            .unwrap_or(&[])
            .to_vec()
    };
    // Connections are listed by target: the tsodyks_synapse's first.
    let u = sim.connection_values(driver.clone(), "u")?;
    let x = sim.connection_values(driver.clone(), "x")?;
    Ok(StpRun {
        times: sim.trace(meters[0]).times.clone(),
        v_tsodyks: trace(0),
        v_tsodyks2: trace(1),
        spikes: sim.spikes(spikes).times.clone(),
        sent_tsodyks: sim.weights(sent[0]).weights.clone(),
        sent_tsodyks2: sim.weights(sent[1]).weights.clone(),
        final_state: [[u[0], x[0]], [u[1], x[1]]],
    })
}
