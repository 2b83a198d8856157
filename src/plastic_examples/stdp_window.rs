//! The STDP window: the weight change after one presynaptic and one postsynaptic spike,
//! against `Δt = t_post - t_pre`, for each of NEST's pair-based STDP models.
//!
//! Each `Δt` has its own pair of parrot neurons, each driven by a spike generator (delay 1
//! ms) so that the presynaptic parrot spikes at `t_pre` and the postsynaptic one at
//! `t_pre + Δt`; the plastic synapse connects them onto receptor 1 of the postsynaptic parrot,
//! which does not repeat what arrives there. A rule potentiates only when a presynaptic spike
//! follows the postsynaptic one, so a last presynaptic spike (the read-out), long after the
//! pair, makes the synapse take the pairing into account; the traces have decayed by at
//! least `exp(-50)` by then, far below the last bit of the weight.
//!
//! The pairs come late, at 1 s: NEST's nearest-neighbour models without a presynaptic trace
//! (`stdp_nn_symm_synapse`, `stdp_nn_restr_synapse`) take the time of the last presynaptic
//! spike to be 0 before the first one, and potentiate a postsynaptic spike before the first
//! presynaptic spike as if it followed one at 0; at 1 s, that is `exp(-45)` or less.
//!
//! The whole delay is dendritic, as in NEST: the synapse sees the postsynaptic spike `d`
//! later than it happens and the presynaptic one when it is sent, so the window's sign
//! changes at `Δt = -d`, not at 0.

use super::simulator;
use crate::Result;
use crate::models::{plastic_synapses, registry};
use crate::runtime::consts::ms;
use crate::runtime::{Rule, Setting, SpikeTrain, SynSpec, Value};

/// A synapse model of the window, with its parameters and initial weight.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WindowModel {
    /// NEST's name of the model.
    pub model: &'static str,
    /// The model's parameters (NEST names) that differ from NEST's defaults.
    pub params: &'static [(&'static str, f64)],
    /// Parameters of the postsynaptic parrots (their traces' time constants).
    pub post: &'static [(&'static str, f64)],
    /// Initial weight.
    pub weight: f64,
}

/// The models of the window. Their amplitudes are chosen so that the largest changes are
/// about ±0.5 at a weight of 50: `stdp_synapse` with NEST's defaults (multiplicative, Wmax
/// 100), `stdp_pl_synapse_hom` with `alpha` 0.1 (power-law potentiation), the additive
/// `stdp_triplet_synapse` with Pfister and Gerstner's time constants (a narrow potentiation and
/// a wide depression of half its amplitude), and the three nearest-neighbour variants with
/// `stdp_synapse`'s defaults: for an isolated pair, they change the weight exactly as
/// `stdp_synapse` does.
pub const WINDOW_MODELS: [WindowModel; 6] = [
    WindowModel {
        model: "stdp_synapse",
        params: &[],
        post: &[],
        weight: 50.0,
    },
    WindowModel {
        model: "stdp_pl_synapse_hom",
        params: &[("alpha", 0.1)],
        post: &[],
        weight: 50.0,
    },
    WindowModel {
        model: "stdp_triplet_synapse",
        params: &[("Aplus", 0.5), ("Aminus", 0.25)],
        post: &[("tau_minus", 33.7)],
        weight: 50.0,
    },
    WindowModel {
        model: "stdp_nn_symm_synapse",
        params: &[],
        post: &[],
        weight: 50.0,
    },
    WindowModel {
        model: "stdp_nn_pre_centered_synapse",
        params: &[],
        post: &[],
        weight: 50.0,
    },
    WindowModel {
        model: "stdp_nn_restr_synapse",
        params: &[],
        post: &[],
        weight: 50.0,
    },
];

/// Timing of the pairs (ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WindowProtocol {
    /// Resolution.
    pub resolution: f64,
    /// When the presynaptic parrots spike.
    pub t_pre: f64,
    /// When they spike again, to read the pairing out.
    pub t_readout: f64,
    /// Delay of the plastic synapses.
    pub delay: f64,
    /// `Δt` runs over `k · dt_step` for `k` in `-n_steps..=n_steps`.
    pub dt_step: f64,
    /// Number of steps of `Δt` on each side of 0.
    pub n_steps: i32,
}

impl Default for WindowProtocol {
    /// `Δt` from -100 to 100 ms in steps of 1 ms, at 0.1 ms; pairs at 1000 ms, read out at
    /// 3000 ms, delay 1 ms.
    fn default() -> Self {
        WindowProtocol {
            resolution: 0.1,
            t_pre: 1000.0,
            t_readout: 3000.0,
            delay: 1.0,
            dt_step: 1.0,
            n_steps: 100,
        }
    }
}

/// Delay from the spike generators to the parrots (ms).
const GENERATOR_DELAY: f64 = 1.0;

impl WindowProtocol {
    /// The time differences `Δt = t_post - t_pre`, in increasing order.
    pub fn dts(&self) -> Vec<f64> {
        (-self.n_steps..=self.n_steps)
            .map(|k| f64::from(k) * self.dt_step)
            .collect()
    }

    /// The simulated time: until the read-out spikes have arrived.
    pub fn simtime(&self) -> f64 {
        self.t_readout + self.delay + 10.0
    }
}

/// The final weight of each pair's synapse, in the order of [`WindowProtocol::dts`].
pub fn stdp_window(model: &WindowModel, protocol: &WindowProtocol) -> Result<Vec<f64>> {
    let dts = protocol.dts();
    let n = dts.len();
    let mut sim = simulator(protocol.resolution, 1)?;
    let models = registry();
    let pre = models.create(&mut sim, "parrot_neuron", n, &[])?;
    let post_params: Vec<(&str, Setting)> = (model.post.iter())
        .map(|(k, v)| (*k, Setting::from(*v)))
        .collect();
    let post = models.create(&mut sim, "parrot_neuron", n, &post_params)?;
    // The generators' spike times: the parrots spike one generator delay later.
    let at = |t: f64| t - GENERATOR_DELAY;
    for (k, dt) in dts.iter().enumerate() {
        let trains = [
            (&pre, vec![at(protocol.t_pre), at(protocol.t_readout)]),
            (&post, vec![at(protocol.t_pre) + dt]),
        ];
        for (nodes, times) in trains {
            let train = SpikeTrain::new(&times, 1.0).delay(GENERATOR_DELAY * ms);
            sim.add_spike_train(nodes.slice(k..k + 1)?, &train)?;
        }
    }
    let params: Vec<(&str, Value)> = (model.params.iter())
        .map(|(k, v)| (*k, Value::Number(*v)))
        .collect();
    let store = sim.add_connection_store(plastic_synapses(model.model, &params)?);
    let syn = SynSpec::new(model.weight, protocol.delay)
        .receptor(1)
        .store(store);
    sim.connect(pre.clone(), post, Rule::OneToOne, syn)?;
    sim.simulate(protocol.simtime() * ms)?;
    // One synapse per presynaptic parrot, listed by source: the order of `dts`.
    sim.connection_values(pre, "weight")
}
