//! The cortical microcircuit of Potjans & Diesmann (2014) as NEST's example built it
//! (pynest/examples/Potjans_2014 up to NEST 3.9, now the INM-6 microcircuit-PD14-model): eight
//! populations of `iaf_psc_exp` neurons in layers 2/3, 4, 5 and 6, 77,169 neurons and about
//! 0.3 billion synapses at full scale, connected by `fixed_total_number` with normally
//! distributed weights and delays, and driven by Poisson input (or its DC equivalent).

use crate::Result;
use crate::models::IafPscExp;
use crate::runtime::consts::ms;
use crate::runtime::rng::Stream;
use crate::runtime::{
    Dist, NodeCollection, Nodes, ParamSpec, Rule, Setting, Simulator, Stimulus, SynSpec,
};

/// Population names, in creation order.
pub const POPULATIONS: [&str; 8] = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"];
/// Full-scale population sizes.
pub const FULL_SIZES: [usize; 8] = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948];
/// Connection probabilities, `[target][source]`.
pub const CONN_PROBS: [[f64; 8]; 8] = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [
        0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252,
    ],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
];
/// External in-degrees at full scale.
pub const K_EXT: [f64; 8] = [
    1600.0, 1500.0, 2100.0, 1900.0, 2000.0, 1900.0, 2900.0, 2100.0,
];
/// Mean rates (spikes/s) of a full-scale NEST run of the example (one seed), used by the
/// example for the DC compensation of downscaled networks, and as the reference.
pub const FULL_MEAN_RATES: [f64; 8] = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829];
/// Mean and standard deviation of the initial V_m per population ("optimized" scheme), mV.
const V0_MEAN: [f64; 8] = [
    -68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43,
];
const V0_STD: [f64; 8] = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48];

const TAU_SYN: f64 = 0.5;
const TAU_M: f64 = 10.0;
const C_M: f64 = 250.0;
const PSP_EXC: f64 = 0.15;
const G: f64 = -4.0;
const BG_RATE: f64 = 8.0;
const DELAY_EXC: f64 = 1.5;
const DELAY_INH: f64 = 0.75;

/// The network at some scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Microcircuit {
    /// Scales the population sizes.
    pub n_scaling: f64,
    /// Scales the in-degrees (weights grow by 1/sqrt(k_scaling), the lost input is made up by DC).
    pub k_scaling: f64,
    /// Poisson background input (true, the example's default) or its DC equivalent.
    pub poisson_input: bool,
}

impl Default for Microcircuit {
    fn default() -> Self {
        Microcircuit {
            n_scaling: 1.0,
            k_scaling: 1.0,
            poisson_input: true,
        }
    }
}

/// NumPy's `round`: halves to even.
fn np_round(x: f64) -> f64 {
    x.round_ties_even()
}

/// PSC amplitude (pA) of an exponential current that gives a PSP of peak 1 mV.
pub fn psc_per_psp() -> f64 {
    let sub = 1.0 / (TAU_SYN - TAU_M);
    let pre = TAU_M * TAU_SYN / C_M * sub;
    let frac = (TAU_M / TAU_SYN).powf(sub);
    1.0 / (pre * (frac.powf(TAU_M) - frac.powf(TAU_SYN)))
}

/// The populations as created.
pub struct Built {
    /// One population per entry of [`POPULATIONS`].
    pub pops: Vec<Nodes<IafPscExp>>,
}

impl Microcircuit {
    /// Population sizes.
    pub fn sizes(&self) -> [usize; 8] {
        FULL_SIZES.map(|n| np_round(n as f64 * self.n_scaling) as usize)
    }

    /// Full-scale expected number of synapses of each projection, `[target][source]`.
    fn full_counts() -> [[f64; 8]; 8] {
        let mut k = [[0.0; 8]; 8];
        for i in 0..8 {
            for j in 0..8 {
                let pairs = FULL_SIZES[i] as f64 * FULL_SIZES[j] as f64;
                k[i][j] = (1.0 - CONN_PROBS[i][j]).ln() / ((pairs - 1.0) / pairs).ln();
            }
        }
        k
    }

    /// Number of synapses of each projection at this scale, `[target][source]`.
    pub fn synapse_counts(&self) -> [[usize; 8]; 8] {
        Self::full_counts()
            .map(|row| row.map(|k| np_round(k * self.n_scaling * self.k_scaling) as usize))
    }

    /// Mean PSC amplitude (pA) of each projection at full scale, `[target][source]`.
    fn full_weights() -> [[f64; 8]; 8] {
        let unit = psc_per_psp();
        let mut w = [[0.0; 8]; 8];
        for (i, row) in w.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                let psp = if j % 2 == 0 { PSP_EXC } else { G * PSP_EXC };
                // L4E → L2/3E synapses are twice as strong.
                let psp = if (i, j) == (0, 2) { 2.0 * psp } else { psp };
                *v = psp * unit;
            }
        }
        w
    }

    /// I_e of each population (pA): the DC background when there is no Poisson input, and the
    /// input lost by scaling the in-degrees down.
    pub fn dc_input(&self) -> [f64; 8] {
        let psc_ext = psc_ext_full();
        let k_full = Self::full_counts();
        let w_full = Self::full_weights();
        let loss = 1.0 - self.k_scaling.sqrt();
        let mut dc = [0.0; 8];
        for (i, d) in dc.iter_mut().enumerate() {
            if !self.poisson_input {
                *d = BG_RATE * K_EXT[i] * psc_ext * TAU_SYN * 1e-3;
            }
            if self.k_scaling != 1.0 {
                let recurrent: f64 = (0..8)
                    .map(|j| {
                        w_full[i][j] * (k_full[i][j] / FULL_SIZES[i] as f64) * FULL_MEAN_RATES[j]
                    })
                    .sum();
                *d += 1e-3 * TAU_SYN * loss * recurrent;
                if self.poisson_input {
                    *d += 1e-3 * TAU_SYN * loss * psc_ext * K_EXT[i] * BG_RATE;
                }
            }
        }
        dc
    }

    /// Creates and connects the network; initial V_m from the seed's streams.
    pub fn build(&self, sim: &mut Simulator, seed: u64) -> Result<Built> {
        let sizes = self.sizes();
        let dc = self.dc_input();
        let mut pops = Vec::new();
        for (i, &n) in sizes.iter().enumerate() {
            let p = sim.create::<IafPscExp>(n, Default::default())?;
            for (name, v) in [
                ("E_L", -65.0),
                ("V_th", -50.0),
                ("V_reset", -65.0),
                ("t_ref", 2.0),
                ("tau_syn_ex", TAU_SYN),
                ("tau_syn_in", TAU_SYN),
                ("I_e", dc[i]),
            ] {
                sim.set(&p, name, v)?;
            }
            // Initial V_m ~ N(mean, std) per population, not clipped.
            let first = NodeCollection::from(&p).global_ids()[0];
            let v0: Vec<f64> = (0..n)
                .map(|k| {
                    let mut rng = Stream::new(seed, (first + k) as u64, V0_STREAM);
                    V0_MEAN[i] + V0_STD[i] * rng.normal()
                })
                .collect();
            sim.set_status(p, &[("V_m", Setting::from(v0))])?;
            pops.push(p);
        }
        let sqrt_k = self.k_scaling.sqrt();
        let w_full = Self::full_weights();
        let counts = self.synapse_counts();
        for (i, row) in counts.iter().enumerate() {
            for (j, &n) in row.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let w = w_full[i][j] / sqrt_k;
                let weight = ParamSpec::from(Dist::Normal {
                    mean: w,
                    std: (w * 0.1).abs(),
                });
                let weight = if w >= 0.0 {
                    weight.redraw(0.0, f64::INFINITY)
                } else {
                    weight.redraw(f64::NEG_INFINITY, 0.0)
                };
                let d = if j % 2 == 0 { DELAY_EXC } else { DELAY_INH };
                let delay = ParamSpec::from(Dist::Normal {
                    mean: d,
                    std: 0.5 * d,
                })
                .redraw(0.05, f64::INFINITY);
                sim.connect(
                    pops[j],
                    pops[i],
                    Rule::FixedTotalNumber(n),
                    SynSpec::new(weight, delay),
                )?;
            }
        }
        if self.poisson_input {
            let w_ext = psc_ext_full() / sqrt_k;
            for (i, p) in pops.iter().enumerate() {
                let rate = BG_RATE * np_round(K_EXT[i] * self.k_scaling);
                sim.stimulate(
                    Stimulus::Poisson { rate },
                    *p,
                    SynSpec::new(w_ext, DELAY_EXC),
                )?;
            }
        }
        Ok(Built { pops })
    }

    /// Builds the network, simulates `presim` then `simtime` ms, and returns the build time,
    /// the simulate time (both in s, the presimulation not counted) and the mean rate of each
    /// population over the second part (spikes/s, silent neurons included), as the example
    /// reports them.
    pub fn run(&self, threads: usize, seed: u64, presim: f64, simtime: f64) -> Result<Run> {
        let t0 = std::time::Instant::now();
        // Alone, or one rank of `mpirun` with the feature `mpi`.
        let mut sim = Simulator::launch(crate::runtime::Config {
            threads,
            seed,
            progress: true,
            ..Default::default()
        })?;
        let net = self.build(&mut sim, seed)?;
        let synapses = sim.num_synapses_all()?;
        let build = t0.elapsed().as_secs_f64();
        sim.simulate(ms * presim)?;
        let recorders = net
            .pops
            .iter()
            .map(|p| sim.record_spikes(*p))
            .collect::<Result<Vec<_>>>()?;
        let t1 = std::time::Instant::now();
        sim.simulate(ms * simtime)?;
        let simulate = t1.elapsed().as_secs_f64();
        let rates = recorders
            .iter()
            .zip(&net.pops)
            .map(|(r, p)| sim.spikes(*r).len() as f64 / p.len() as f64 / (simtime / 1000.0))
            .collect();
        let table_bytes = sim.sum_over_ranks(sim.memory_bytes().0 as u64)? as usize;
        let mut spikes = crate::runtime::SpikeData::default();
        for r in &recorders {
            let data = sim.spikes(*r);
            spikes.times.extend(&data.times);
            spikes.senders.extend(&data.senders);
        }
        Ok(Run {
            neurons: sim.num_nodes(),
            synapses,
            build,
            simulate,
            rates,
            table_bytes,
            rank: sim.rank(),
            ranks: sim.ranks(),
            spikes,
            phases: sim.phase_times(),
            exchange: sim.exchange_stats(),
        })
    }
}

/// Stream id of the initial membrane potentials.
const V0_STREAM: u64 = match crate::runtime::rng::streams::program(0) {
    Some(id) => id,
    None => unreachable!(),
};

/// External PSC amplitude at full scale (pA).
fn psc_ext_full() -> f64 {
    PSP_EXC * psc_per_psp()
}

/// What [`Microcircuit::run`] measured.
#[derive(Clone, Debug)]
pub struct Run {
    /// Number of neurons.
    pub neurons: usize,
    /// Number of synapses between neurons.
    pub synapses: usize,
    /// Seconds to build (create and connect).
    pub build: f64,
    /// Seconds to simulate the measured part.
    pub simulate: f64,
    /// Mean rate per population, spikes/s.
    pub rates: Vec<f64>,
    /// Bytes of the synapse tables of all processes.
    pub table_bytes: usize,
    /// This process's rank (0 when run alone): every rank measures the same rates.
    pub rank: usize,
    /// Number of processes.
    pub ranks: usize,
    /// The measured spikes, population by population.
    pub spikes: crate::runtime::SpikeData,
    /// Wall time in each phase of both `simulate` calls, on this process.
    pub phases: crate::runtime::PhaseTimes,
    /// What this process exchanged with the others.
    pub exchange: crate::runtime::ExchangeStats,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_counts_and_weights_follow_the_example() {
        let full = Microcircuit::default();
        assert_eq!(full.sizes().iter().sum::<usize>(), 77169);
        let total: usize = full.synapse_counts().iter().flatten().sum();
        assert_eq!(total, 298_880_968);
        assert_eq!(full.synapse_counts()[0][0], 45_499_805);
        let tenth = Microcircuit {
            n_scaling: 0.1,
            k_scaling: 0.1,
            ..full
        };
        assert_eq!(tenth.sizes(), [2068, 583, 2192, 548, 485, 106, 1440, 295]);
        assert_eq!(
            tenth.synapse_counts().iter().flatten().sum::<usize>(),
            2_988_807
        );
        assert!((psc_per_psp() - 585.3899568614).abs() < 1e-8);
        let dc = tenth.dc_input();
        for (ours, nest) in dc.iter().zip([
            29.035, 112.371, 112.970, 114.990, 125.418, 151.684, 43.847, 153.710,
        ]) {
            assert!((ours - nest).abs() < 1e-3, "{ours} vs {nest}");
        }
        let no_poisson = Microcircuit {
            poisson_input: false,
            ..full
        };
        assert!((no_poisson.dc_input()[0] - 561.974).abs() < 1e-3);
    }
}
