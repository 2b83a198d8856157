//! NEST's standard scaling benchmark, `hpc_benchmark.py` (shipped with NEST's PyNEST
//! examples): a Brunel-type network of iaf_psc_alpha neurons whose E→E synapses learn with
//! `stdp_pl_synapse_hom`, driven by Poisson input. The in-degree is fixed (9,000 excitatory and
//! 2,250 inhibitory inputs per neuron) whatever the scale, so at small scales each pair is
//! connected many times (multapses) and the network runs away into synchrony, as NEST's
//! docstring warns.

use crate::Result;
use crate::brunel::psp_peak_per_pa;
use crate::models::{IafPscAlpha, IafPscAlphaParams, StdpPlSynapseHomParams};
use crate::runtime::consts::{mV, ms, pF};
use crate::runtime::rng::Stream;
use crate::runtime::{
    ConnSpec, NodeCollection, Rule, Setting, Simulator, Stimulus, StoreId, SynSpec,
};

/// The synaptic time constant of the benchmark (ms), NEST's value.
pub const TAU_SYN: f64 = 0.325_827_224_037_228_4;
/// The random stream of the initial membrane potentials.
const V0_STREAM: u64 = 0x48_5043;

/// The benchmark at a given scale (1: 11,250 neurons).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HpcBenchmark {
    /// Network size relative to NEST's 9,000 + 2,250 neurons.
    pub scale: f64,
    /// Seed of the initial membrane potentials.
    pub seed: u64,
}

/// The built network.
pub struct HpcNetwork {
    /// Excitatory neurons.
    pub ex: NodeCollection,
    /// Inhibitory neurons.
    pub inh: NodeCollection,
    /// The store of the plastic E→E synapses.
    pub plastic: StoreId,
}

impl HpcBenchmark {
    /// Excitatory neurons.
    pub fn ne(&self) -> usize {
        (9000.0 * self.scale) as usize
    }
    /// Inhibitory neurons.
    pub fn ni(&self) -> usize {
        (2250.0 * self.scale) as usize
    }
    /// Excitatory in-degree (NEST: `int(NE / scale)`).
    pub fn ce(&self) -> usize {
        (self.ne() as f64 / self.scale) as usize
    }
    /// Inhibitory in-degree.
    pub fn ci(&self) -> usize {
        (self.ni() as f64 / self.scale) as usize
    }
    /// The excitatory weight in pA: a 0.14 mV postsynaptic potential at rest.
    pub fn je_pa(&self) -> f64 {
        0.14 / psp_peak_per_pa(10.0, 250.0, TAU_SYN)
    }
    /// The rate of the Poisson input to each neuron (spikes/s): eta = 1.685 times the rate
    /// that brings the mean input to threshold.
    pub fn poisson_rate(&self) -> f64 {
        let ce = self.ce() as f64;
        let nu_thresh = 20.0 / (ce * 10.0 / 250.0 * self.je_pa() * std::f64::consts::E * TAU_SYN);
        nu_thresh * 1.685 * ce * 1000.0
    }

    /// Creates and connects the network as NEST's script does.
    pub fn build(&self, sim: &mut Simulator) -> Result<HpcNetwork> {
        let params = IafPscAlphaParams {
            E_L: 0.0 * mV,
            C_m: 250.0 * pF,
            tau_m: 10.0 * ms,
            t_ref: 0.5 * ms,
            V_th: 20.0 * mV,
            V_reset: 0.0 * mV,
            tau_syn_ex: TAU_SYN * ms,
            tau_syn_in: TAU_SYN * ms,
            ..Default::default()
        };
        let ex: NodeCollection = sim.create::<IafPscAlpha>(self.ne(), params.clone())?.into();
        let inh: NodeCollection = sim.create::<IafPscAlpha>(self.ni(), params)?.into();
        for pop in [&ex, &inh] {
            self.randomize_vm(sim, pop)?;
        }
        let je = self.je_pa();
        let (syn_ex, syn_in) = (SynSpec::new(je, 1.5), SynSpec::new(-5.0 * je, 1.5));
        let all = ex.clone() + &inh;
        let rate = self.poisson_rate();
        sim.stimulate(Stimulus::Poisson { rate }, all, syn_ex)?;
        let stdp = StdpPlSynapseHomParams {
            alpha: 0.0513,
            lambda: 0.1,
            mu: 0.4,
            tau_plus: 15.0 * ms,
        };
        let plastic = sim.plastic_store(stdp)?;
        let indegree = |n: usize| ConnSpec {
            rule: Rule::FixedIndegree(n),
            allow_autapses: false,
            allow_multapses: true,
        };
        let (ce, ci) = (indegree(self.ce()), indegree(self.ci()));
        sim.connect(ex.clone(), ex.clone(), ce, syn_ex.store(plastic))?;
        sim.connect(inh.clone(), ex.clone(), ci, syn_in)?;
        sim.connect(ex.clone(), inh.clone(), ce, syn_ex)?;
        sim.connect(inh.clone(), inh.clone(), ci, syn_in)?;
        Ok(HpcNetwork { ex, inh, plastic })
    }

    /// Every neuron's `tau_minus` is 30 ms and its V_m ~ N(5.7, 7.2) mV, drawn from the
    /// neuron's own stream.
    fn randomize_vm(&self, sim: &mut Simulator, pop: &NodeCollection) -> Result<()> {
        let ids = pop.global_ids();
        let v0: Vec<f64> = (ids.iter())
            .map(|&id| 5.7 + 7.2 * Stream::new(self.seed, id as u64, V0_STREAM).normal())
            .collect();
        let settings = [
            ("V_m", Setting::from(v0)),
            ("tau_minus", Setting::from(30.0)),
        ];
        sim.set_status(pop.clone(), &settings)
    }
}
