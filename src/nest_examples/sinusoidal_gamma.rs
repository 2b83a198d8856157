//! The network of NEST's `sinusoidal_gamma_generator.py` example, with the statistics it
//! shows. Part 1 (NEST's 1A and 1B): two generators (10,000 ± 5,000 spikes/s at 10 Hz) with
//! gamma processes of order 2 and 10, for 200 ms at 0.01 ms, with their rates as a multimeter
//! records them; then one generator (100 ± 50 spikes/s at 10 Hz, order 3) into 20 parrot
//! neurons, with individual and with shared spike trains. Part 2 ([`gamma_step`],
//! [`STEP_PANELS`]): six panels of 1,000 generators each, simulated for 500 ms, given new
//! parameters (rate, modulation, frequency or phase), and simulated for 500 ms more at
//! resolution 1 ms.

use super::{Stats, create, device, generator_time, simulator};
use crate::Result;
use crate::runtime::consts::ms;
use crate::runtime::{ParamValue, RecordTo, Sampling, Stimulus, SynSpec, Window};

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
    /// The rate at time `t` (ms): `rate + amplitude · sin(2π frequency t + phase)`, in
    /// spikes/s (negative values are no spikes).
    pub fn rate_at(&self, t: f64) -> f64 {
        let arg =
            2.0 * std::f64::consts::PI * self.frequency * t / 1000.0 + self.phase.to_radians();
        self.rate + self.amplitude * arg.sin()
    }

    /// The parameters by NEST's names.
    fn nest_params(&self) -> [(&'static str, ParamValue); 5] {
        [
            ("rate", ParamValue::Float(self.rate)),
            ("amplitude", ParamValue::Float(self.amplitude)),
            ("frequency", ParamValue::Float(self.frequency)),
            ("phase", ParamValue::Float(self.phase)),
            ("order", ParamValue::Float(self.order)),
        ]
    }

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

/// Part 1A: each generator's spikes and recorded rate over `simtime` ms at resolution 0.01 ms.
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
        if let Some(time) = generator_time(*t, delay, h, simtime) {
            trains[s - first].push(time);
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

/// Part 1B: one generator into `n_parrots` parrots (delay 1 ms), individual or shared trains;
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

// -- part 2: parameters changed at half time ---------------------------------------------------

/// One panel of the example's second part: generators run with `initial` for the first half
/// and with `after` for the second.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepPanel {
    /// The panel's title.
    pub title: &'static str,
    /// The parameters of the first half.
    pub initial: Gamma,
    /// The parameters of the second half: all five, as the generators have them once the
    /// example's (partial) dictionary is set.
    pub after: Gamma,
}

impl StepPanel {
    /// The rate the generators are given at time `t` (ms) of a run of `t_total` ms.
    pub fn rate_at(&self, t: f64, t_total: f64) -> f64 {
        if t <= t_total / 2.0 {
            self.initial.rate_at(t)
        } else {
            self.after.rate_at(t)
        }
    }
}

/// The duration of each panel's run (ms); the parameters change at half of it.
pub const STEP_T: f64 = 1000.0;
/// The number of generators of each panel.
pub const STEP_N: usize = 1000;
/// The resolution of each panel's run (ms).
pub const STEP_DT: f64 = 1.0;

/// A generator with NEST's defaults but for `rate` (order 1, no modulation).
const fn plain(rate: f64) -> Gamma {
    Gamma {
        rate,
        amplitude: 0.0,
        frequency: 0.0,
        phase: 0.0,
        order: 1.0,
    }
}

/// A modulated generator.
const fn modulated(order: f64, rate: f64, amplitude: f64, frequency: f64, phase: f64) -> Gamma {
    Gamma {
        rate,
        amplitude,
        frequency,
        phase,
        order,
    }
}

/// The six panels of the example's second part, in its order (a 2 x 3 grid, row by row).
pub const STEP_PANELS: [StepPanel; 6] = [
    StepPanel {
        title: "DC rate: 20 -> 50",
        initial: plain(20.0),
        after: plain(50.0),
    },
    StepPanel {
        title: "DC rate: 80 -> 40",
        initial: modulated(6.0, 80.0, 0.0, 0.0, 0.0),
        after: modulated(6.0, 40.0, 0.0, 0.0, 0.0),
    },
    StepPanel {
        title: "Rate modulation: 40 -> 20",
        initial: modulated(3.0, 40.0, 40.0, 10.0, 0.0),
        after: modulated(3.0, 40.0, 20.0, 10.0, 0.0),
    },
    StepPanel {
        title: "DC rate and rate modulation: 20 -> 50",
        initial: modulated(6.0, 20.0, 20.0, 10.0, 0.0),
        after: modulated(6.0, 50.0, 50.0, 10.0, 0.0),
    },
    StepPanel {
        title: "Rate modulation: 0 -> 40",
        initial: plain(40.0),
        after: modulated(1.0, 40.0, 40.0, 20.0, 0.0),
    },
    StepPanel {
        title: "Modulation phase: 0 -> pi",
        initial: modulated(6.0, 60.0, 60.0, 10.0, 0.0),
        after: modulated(6.0, 60.0, 60.0, 10.0, 180.0),
    },
];

/// Part 2, one panel: `n` generators with parameters `initial` for `t / 2` ms, then set to
/// `after` and run for `t / 2` ms more, at resolution `dt`; the spike times (ms) of all of
/// them, sorted. (NEST records the generators' spikes directly; here each drives a parrot
/// with delay `dt`, the run goes on for one more step to deliver the last spikes, and the
/// parrots' times are shifted back: the generators' times.)
pub fn gamma_step(
    initial: &Gamma,
    after: &Gamma,
    n: usize,
    t: f64,
    dt: f64,
    seed: u64,
) -> Result<Vec<f64>> {
    let delay = dt;
    let mut sim = simulator(dt, seed)?;
    let parrots = create(&mut sim, "parrot_neuron", n, &[])?;
    let mut ids = Vec::with_capacity(n);
    for k in 0..n {
        let target = parrots.slice(k..k + 1)?;
        let stimulus = device(initial.stimulus(true));
        ids.push(sim.stimulate(stimulus, target, SynSpec::new(1.0, delay))?);
    }
    let rec = sim.record_spikes(parrots)?;
    sim.simulate(t / 2.0 * ms)?;
    let params = after.nest_params();
    for id in ids {
        sim.set_device_status(id, &params)?;
    }
    sim.simulate((t / 2.0 + delay) * ms)?;
    let mut times: Vec<f64> = (sim.spikes(rec).times.iter())
        .filter_map(|s| generator_time(*s, delay, dt, t))
        .collect();
    times.sort_by(f64::total_cmp);
    Ok(times)
}

/// The statistics of one panel's run (`times` of `n` generators over `t` ms at resolution
/// `dt`, the parameters changing at `t / 2`), named `step<k>_...` with `k` the panel's
/// number from 1: the spikes per generator and second in each half (`rate_1`, `rate_2`), and
/// for a half whose rate is modulated, the same in its upper and lower half-cycles (`up_<h>`,
/// `down_<h>`): the times where `sin(2π frequency t)` is positive or negative, the
/// generators' phase left out, so that a phase change moves spikes from one to the other.
/// A time `t` counts as at the end of its step: `t mod period` in `(0, period / 2]` is upper.
pub fn gamma_step_stats(
    k: usize,
    panel: &StepPanel,
    times: &[f64],
    n: usize,
    t: f64,
    dt: f64,
) -> Stats {
    let steps = (t / dt).round() as i64;
    let half = steps / 2;
    let at = |x: &f64| (x / dt).round() as i64;
    let per_second =
        |count: usize, n_steps: i64| count as f64 / (n as f64 * n_steps as f64 * dt / 1000.0);
    let mut out = Stats::new();
    for (h, g, range) in [
        (1, &panel.initial, 1..=half),
        (2, &panel.after, half + 1..=steps),
    ] {
        let inside = times.iter().map(at).filter(|s| range.contains(s));
        out.insert(
            format!("step{k}_rate_{h}"),
            per_second(inside.count(), range.end() - range.start() + 1),
        );
        if g.amplitude > 0.0 && g.frequency > 0.0 {
            let period = (1000.0 / (g.frequency * dt)).round() as i64;
            let up = |s: &i64| {
                let u = s.rem_euclid(period);
                u > 0 && 2 * u <= period
            };
            let up_steps = range.clone().filter(up).count() as i64;
            let down_steps = range.end() - range.start() + 1 - up_steps;
            let (mut n_up, mut n_down) = (0, 0);
            for s in times.iter().map(at).filter(|s| range.contains(s)) {
                if up(&s) {
                    n_up += 1;
                } else {
                    n_down += 1;
                }
            }
            out.insert(format!("step{k}_up_{h}"), per_second(n_up, up_steps));
            out.insert(format!("step{k}_down_{h}"), per_second(n_down, down_steps));
        }
    }
    out
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

/// Part 1A's statistics: each generator's spikes and the coefficient of variation of its
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
