//! The Brunel (2000) network of NEST's `brunel_alpha_nest.py` ([`Brunel`]) with plastic
//! excitatory to excitatory connections: `stdp_synapse` with a maximal weight of twice the
//! initial one, so that potentiation and depression start balanced (the multiplicative rule's
//! factors `1 - w/Wmax` and `w/Wmax` are both 1/2). Every other connection is static.
//!
//! Connections are made in this order (the same in the NEST twin): the Poisson drive to all
//! neurons, E→E (plastic), E→I, I→all, each with the example's fixed in-degree. The external
//! drive is lowered from the example's `eta` = 2 to 1.5, which keeps a small network below 50
//! spikes/s.
//!
//! Autapses are allowed, as in NEST. Through an E→E autapse a neuron's spike reaches the
//! synapse at once and is seen there as a postsynaptic spike one delay (1.5 ms) later, so each
//! spike potentiates: after 2 s these few synapses have grown far more than the others.

use std::collections::HashSet;

use super::{Stats, simulator};
use crate::Result;
use crate::brunel::Brunel;
use crate::models::plastic_synapses;
use crate::runtime::consts::ms;
use crate::runtime::{Rule, Stimulus, SynSpec, Value};

/// The network and its plasticity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BrunelStdp {
    /// The network (`iaf_psc_alpha`).
    pub network: Brunel,
    /// Resolution in ms.
    pub resolution: f64,
    /// Simulated time in ms.
    pub simtime: f64,
    /// `lambda` of the `stdp_synapse` (step size).
    pub lambda: f64,
    /// `alpha` of the `stdp_synapse` (depression relative to potentiation).
    pub alpha: f64,
    /// `tau_plus` of the `stdp_synapse` in ms.
    pub tau_plus: f64,
    /// `Wmax` relative to the initial weight `J_ex`.
    pub wmax_factor: f64,
}

impl BrunelStdp {
    /// The network at `order` (NE = 4·order, NI = order) with `eta` = 1.5, for 2 s at 0.1 ms,
    /// with `stdp_synapse`'s defaults (`lambda` 0.01, `alpha` 1, `tau_plus` 20 ms) and `Wmax`
    /// = 2 `J_ex`.
    pub fn new(order: usize) -> Self {
        BrunelStdp {
            network: Brunel {
                eta: 1.5,
                ..Brunel::alpha(order)
            },
            resolution: 0.1,
            simtime: 2000.0,
            lambda: 0.01,
            alpha: 1.0,
            tau_plus: 20.0,
            wmax_factor: 2.0,
        }
    }
}

/// What one run gives.
#[derive(Clone, Debug, PartialEq)]
pub struct BrunelStdpRun {
    /// `rate_e`, `rate_i` (spikes per neuron and second, silent neurons included), and over
    /// the E→E synapses the mean (`dw_mean`) and the population standard deviation (`dw_std`)
    /// of the weight change `w - J_ex` in pA, and the fraction of potentiated synapses
    /// (`potentiated`).
    pub stats: Stats,
    /// The weight change of each E→E synapse (pA), in the order of the connections.
    pub dw: Vec<f64>,
    /// Spike times (ms) of all neurons.
    pub times: Vec<f64>,
    /// The sender of each spike, as NEST's global id (excitatory neurons first).
    pub senders: Vec<usize>,
}

/// Builds and runs the network with `seed` on one thread.
pub fn brunel_stdp(p: &BrunelStdp, seed: u64) -> Result<BrunelStdpRun> {
    let b = &p.network;
    let mut sim = simulator(p.resolution, seed)?;
    let net = b.populations(&mut sim)?;
    let j = b.j_ex();
    let stdp = [
        ("lambda", p.lambda),
        ("alpha", p.alpha),
        ("tau_plus", p.tau_plus),
        ("Wmax", p.wmax_factor * j),
    ]
    .map(|(k, v)| (k, Value::Number(v)));
    let store = sim.add_connection_store(plastic_synapses("stdp_synapse", &stdp)?);
    let excitatory = SynSpec::new(j, b.delay);
    let inhibitory = SynSpec::new(b.j_in(), b.delay);
    let poisson = Stimulus::Poisson {
        rate: b.poisson_rate(),
    };
    sim.stimulate(poisson, net.all.clone(), excitatory)?;
    let (ce, ci) = (Rule::FixedIndegree(b.ce()), Rule::FixedIndegree(b.ci()));
    sim.connect(net.ex.clone(), net.ex.clone(), ce, excitatory.store(store))?;
    sim.connect(net.ex.clone(), net.inh.clone(), ce, excitatory)?;
    sim.connect(net.inh.clone(), net.all.clone(), ci, inhibitory)?;
    let spikes = sim.record_spikes(net.all.clone())?;
    sim.simulate(p.simtime * ms)?;

    let seconds = p.simtime / 1000.0;
    let n_ex = b.ne();
    let data = sim.spikes(spikes);
    let first = net.all.global_ids()[0] - 1;
    let from_ex = (data.senders.iter()).filter(|&&s| s - first < n_ex).count();
    let from_in = data.senders.len() - from_ex;
    let mut stats = Stats::new();
    stats.insert("rate_e".into(), from_ex as f64 / n_ex as f64 / seconds);
    stats.insert("rate_i".into(), from_in as f64 / b.ni() as f64 / seconds);

    // E→E synapses: those from excitatory neurons onto excitatory neurons.
    let ex_ids: HashSet<usize> = net.ex.global_ids().into_iter().collect();
    let targets = sim.connections(net.ex.clone())?;
    let weights = sim.connection_values(net.ex.clone(), "weight")?;
    let dw: Vec<f64> = (targets.iter().zip(&weights))
        .filter(|(c, _)| ex_ids.contains(&c.target))
        .map(|(_, w)| w - j)
        .collect();
    let n = dw.len() as f64;
    let mean = dw.iter().sum::<f64>() / n;
    let var = dw.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n;
    stats.insert("dw_mean".into(), mean);
    stats.insert("dw_std".into(), var.sqrt());
    let up = dw.iter().filter(|&&d| d > 0.0).count();
    stats.insert("potentiated".into(), up as f64 / n);
    Ok(BrunelStdpRun {
        stats,
        dw,
        times: data.times.clone(),
        senders: data.global_ids(),
    })
}
