//! The network of NEST's `sinusoidal_gamma_generator.py` example (its first part), with the
//! statistics it shows: two generators (10,000 ± 5,000 spikes/s at 10 Hz) with gamma processes
//! of order 2 and 10, for 200 ms at 0.01 ms, with their rates as a multimeter records them; then
//! one generator (100 ± 50 spikes/s at 10 Hz, order 3) into 20 parrot neurons, with individual
//! and with shared spike trains. The example's second part changes the generators' parameters
//! during a simulation, which devices here do not allow; it is not ported.

use super::{Stats, create, device, simulator};
use crate::Result;
use crate::runtime::consts::ms;
use crate::runtime::{RecordTo, Sampling, Stimulus, SynSpec, Window};

/// One sinusoidal_gamma_generator's parameters (Hz, Hz, Hz, degrees, order).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gamma {
    /// Mean rate.
    pub rate: f64,
    /// Amplitude of the modulation.
    pub amplitude: f64,
    /// Frequency.
    pub frequency: f64,
    /// Phase.
    pub phase: f64,
    /// Order of the gamma process.
    pub order: f64,
}

impl Gamma {
    fn stimulus(&self, individual: bool) -> Stimulus {
        Stimulus::SinusoidalGamma {
            rate: self.rate,
            amplitude: self.amplitude,
            frequency: self.frequency,
            phase: self.phase,
            order: self.order,
            individual_spike_trains: individual,
        }
    }
}

/// The two generators of the example's first part (resolution 0.01 ms).
pub const GAMMAS: [Gamma; 2] = [
    Gamma {
        rate: 10000.0,
        amplitude: 5000.0,
        frequency: 10.0,
        phase: 0.0,
        order: 2.0,
    },
    Gamma {
        rate: 10000.0,
        amplitude: 5000.0,
        frequency: 10.0,
        phase: 0.0,
        order: 10.0,
    },
];

/// The generator driving the parrots (resolution 0.1 ms, 20 parrots).
pub const GAMMA_PARROTS: Gamma = Gamma {
    rate: 100.0,
    amplitude: 50.0,
    frequency: 10.0,
    phase: 0.0,
    order: 3.0,
};

/// What the first part records of each generator.
#[derive(Clone, Debug, PartialEq)]
pub struct GammaRun {
    /// Spike times (ms).
    pub trains: [Vec<f64>; 2],
    /// The multimeter's sample times (every 0.1 ms) and each generator's `rate` (spikes/s).
    pub times: Vec<f64>,
    pub rates: [Vec<f64>; 2],
}

/// Part 1: each generator's spikes and recorded rate over `simtime` ms at resolution 0.01 ms.
/// (NEST records the generators' spikes directly; here each drives a parrot with delay 0.1 ms
/// and the parrots' times are shifted back, which gives the same times.)
pub fn gamma_part1(gens: &[Gamma; 2], simtime: f64, seed: u64) -> Result<GammaRun> {
    let h = 0.01;
    let delay = 0.1;
    let mut sim = simulator(h, seed)?;
    let parrots = create(&mut sim, "parrot_neuron", 2, &[])?;
    let sampling = Sampling {
        interval: 0.1,
        offset: 0.0,
        window: Window {
            stop: simtime,
            ..Window::default()
        },
    };
    let mut meters = Vec::new();
    for (k, g) in gens.iter().enumerate() {
        let target = parrots.slice(k..k + 1)?;
        let id = sim.stimulate(device(g.stimulus(true)), target, SynSpec::new(1.0, delay))?;
        meters.push(sim.record_device(id, &["rate"], sampling, &RecordTo::Memory)?);
    }
    let rec = sim.record_spikes(parrots.clone())?;
    sim.simulate((simtime + delay) * ms)?;
    let first = parrots.node_indices().next().unwrap_or(0);
    let data = sim.spikes(rec);
    let mut trains = [Vec::new(), Vec::new()];
    for (t, s) in data.times.iter().zip(&data.senders) {
        // Back to the generator's step, on the grid.
        let step = ((t - delay) / h).round();
        if step * h <= simtime + 1e-9 {
            trains[s - first].push(step * h);
        }
    }
    trains.iter_mut().for_each(|v| v.sort_by(f64::total_cmp));
    let series = |k: usize| sim.trace(meters[k]).values[0][0].clone();
    Ok(GammaRun {
        times: sim.trace(meters[0]).times.clone(),
        rates: [series(0), series(1)],
        trains,
    })
}

/// Part 2: one generator into `n_parrots` parrots (delay 1 ms), individual or shared trains;
/// each parrot's spike times over `simtime` ms at resolution 0.1 ms.
pub fn gamma_part2(
    g: &Gamma,
    n_parrots: usize,
    individual: bool,
    simtime: f64,
    seed: u64,
) -> Result<Vec<Vec<f64>>> {
    let mut sim = simulator(0.1, seed)?;
    let parrots = create(&mut sim, "parrot_neuron", n_parrots, &[])?;
    let stimulus = device(g.stimulus(individual));
    sim.stimulate(stimulus, parrots.clone(), SynSpec::new(1.0, 1.0))?;
    let rec = sim.record_spikes(parrots.clone())?;
    sim.simulate(simtime * ms)?;
    let first = parrots.node_indices().next().unwrap_or(0);
    let data = sim.spikes(rec);
    let mut out = vec![Vec::new(); n_parrots];
    for (t, s) in data.times.iter().zip(&data.senders) {
        out[s - first].push(*t);
    }
    out.iter_mut().for_each(|v| v.sort_by(f64::total_cmp));
    Ok(out)
}

/// The inter-spike intervals of a sorted train (ms).
pub fn intervals(train: &[f64]) -> Vec<f64> {
    train.windows(2).map(|w| w[1] - w[0]).collect()
}

/// The coefficient of variation of a train's intervals (standard deviation with ddof 1 over
/// the mean); 0 for fewer than three spikes.
pub fn isi_cv(train: &[f64]) -> f64 {
    let isi = intervals(train);
    if isi.len() < 2 {
        return 0.0;
    }
    let n = isi.len() as f64;
    let mean = isi.iter().sum::<f64>() / n;
    let var = isi.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    var.sqrt() / mean
}

/// Part 1's statistics: each generator's spikes and the coefficient of variation of its
/// intervals, and generator 1's spikes in the rising (t mod 100 ms <= 50) and falling halves
/// of its periods.
pub fn gamma_part1_stats(trains: &[Vec<f64>; 2]) -> Stats {
    let rising = trains[0].iter().filter(|&&t| t % 100.0 <= 50.0).count();
    Stats::from([
        ("count_1".into(), trains[0].len() as f64),
        ("count_1_rising".into(), rising as f64),
        ("count_1_falling".into(), (trains[0].len() - rising) as f64),
        ("count_2".into(), trains[1].len() as f64),
        ("isi_cv_1".into(), isi_cv(&trains[0])),
        ("isi_cv_2".into(), isi_cv(&trains[1])),
    ])
}
