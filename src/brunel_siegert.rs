//! The mean-field version of the Brunel (2000) network as NEST's example `brunel_siegert_nest.py`
//! builds it: one siegert_neuron for the excitatory and one for the inhibitory population, a
//! third held at the external rate, coupled by diffusion connections whose factors are the
//! mean and variance of the synaptic input per unit presynaptic rate.

use crate::Result;
use crate::models::SiegertNeuron;
use crate::runtime::consts::ms;
use crate::runtime::{NodeCollection, Rule, Simulator, SynSpec};

/// Parameters of the network, with the defaults of NEST's example.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BrunelSiegert {
    /// Network size: NE = 4·order, NI = order (only the in-degrees matter).
    pub order: usize,
    /// Connection probability.
    pub epsilon: f64,
    /// Ratio of inhibitory to excitatory weight.
    pub g: f64,
    /// External rate relative to the threshold rate.
    pub eta: f64,
    /// PSP amplitude in mV.
    pub j: f64,
    /// Membrane time constant in ms.
    pub tau_m: f64,
    /// Threshold in mV (relative to rest).
    pub theta: f64,
    /// Refractory period in ms.
    pub t_ref: f64,
}

impl Default for BrunelSiegert {
    fn default() -> Self {
        BrunelSiegert {
            order: 2500,
            epsilon: 0.1,
            g: 5.0,
            eta: 2.0,
            j: 0.1,
            tau_m: 20.0,
            theta: 20.0,
            t_ref: 2.0,
        }
    }
}

impl BrunelSiegert {
    /// Excitatory in-degree.
    pub fn ce(&self) -> usize {
        (self.epsilon * 4.0 * self.order as f64) as usize
    }
    /// Inhibitory in-degree.
    pub fn ci(&self) -> usize {
        (self.epsilon * self.order as f64) as usize
    }
    /// External rate in spikes/s: eta times the rate that brings the mean input to threshold.
    pub fn external_rate(&self) -> f64 {
        let nu_th = self.theta / (self.j * self.ce() as f64 * self.tau_m);
        1000.0 * self.eta * nu_th * self.ce() as f64
    }

    /// Simulates `simtime` ms; returns the excitatory and inhibitory rates at the end (spikes/s)
    /// and the excitatory rate after every step.
    pub fn run(&self, simtime: f64, threads: usize) -> Result<(f64, f64, Vec<f64>)> {
        let mut sim = Simulator::with_config(crate::runtime::Config {
            threads,
            ..Default::default()
        })?;
        let ex = sim.create::<SiegertNeuron>(1, Default::default())?;
        let inh = sim.create::<SiegertNeuron>(1, Default::default())?;
        let drive = sim.create::<SiegertNeuron>(1, Default::default())?;
        for pop in [&ex, &inh] {
            sim.set(pop, "tau_m", self.tau_m)?;
            sim.set(pop, "t_ref", self.t_ref)?;
            sim.set(pop, "theta", self.theta)?;
            sim.set(pop, "V_reset", 0.0)?;
        }
        sim.set(&drive, "mean", self.external_rate())?;
        let both = NodeCollection::from(&ex) + NodeCollection::from(&inh);
        // Drift and diffusion per unit rate: tau_m (in s) times the summed weights and squares.
        let tau = self.tau_m * 1e-3;
        let j_in = -self.g * self.j;
        let (ce, ci) = (self.ce() as f64, self.ci() as f64);
        let diffusion = |k: f64, w: f64| SynSpec::diffusion(tau * k * w, tau * k * w * w);
        sim.connect(drive, both.clone(), Rule::AllToAll, diffusion(1.0, self.j))?;
        sim.connect(ex, both.clone(), Rule::AllToAll, diffusion(ce, self.j))?;
        sim.connect(inh, both, Rule::AllToAll, diffusion(ci, j_in))?;
        let trace = sim.record(ex, &["rate"])?;
        let trace_in = sim.record(inh, &["rate"])?;
        sim.simulate(ms * simtime)?;
        let r_ex = sim.trace(trace).values[0][0].clone();
        let r_in = *sim.trace(trace_in).values[0][0].last().unwrap_or(&f64::NAN);
        Ok((*r_ex.last().unwrap_or(&f64::NAN), r_in, r_ex))
    }
}
