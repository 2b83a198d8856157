//! The networks of five of NEST's PyNEST examples about devices, with the statistics each
//! example shows. The examples (examples/mip_corrdet.rs, correlospinmatrix_two_neurons.rs,
//! pulsepacket.rs, sinusoidal_poisson.rs, sinusoidal_gamma.rs) run them and plot;
//! tests/example_twins.rs compares the statistics with NEST twins of the same networks
//! (tests/nest/examples_twins.py).
//!
//! - [`mip_corrdet`]: a `mip_generator` drives two parrot neurons whose spikes go to a
//!   `correlation_detector` (NEST's `cross_check_mip_corrdet.py`).
//! - [`two_binary_neurons`]: a `ginzburg_neuron` drives a `mcculloch_pitts_neuron`; a
//!   `correlospinmatrix_detector` measures their auto- and cross-covariance functions
//!   (`correlospinmatrix_detector_two_neuron.py`).
//! - [`pulsepacket`]: each of 100 non-spiking `iaf_psc_alpha` neurons receives its own
//!   `pulsepacket_generator`'s packet (`pulsepacket.py`).
//! - [`sinusoidal_part1`], [`sinusoidal_part2`]: `sinusoidal_poisson_generator`s with two
//!   parameter sets, and with individual or shared trains (`sinusoidal_poisson_generator.py`).
//! - [`sinusoidal_gamma`]: `sinusoidal_gamma_generator`s of two orders with their recorded
//!   rates, with individual or shared trains, and whose parameters change at half time
//!   (`sinusoidal_gamma_generator.py`).

use std::collections::BTreeMap;

pub mod sinusoidal_gamma;

use crate::Result;
use crate::models::registry;
use crate::runtime::consts::ms;
use crate::runtime::{
    Config, CorrelationSpec, Device, NodeCollection, Rule, Sampling, Setting, Simulator, Stimulus,
    SynSpec, Window,
};

/// Named statistics of one run, in name order.
pub type Stats = BTreeMap<String, f64>;

fn simulator(resolution: f64, seed: u64) -> Result<Simulator> {
    Simulator::with_config(Config {
        resolution: resolution * ms,
        seed,
        threads: 1,
        progress: false,
    })
}

fn create(
    sim: &mut Simulator,
    model: &str,
    n: usize,
    dict: &[(&str, f64)],
) -> Result<NodeCollection> {
    let dict: Vec<(&str, Setting)> = dict.iter().map(|(k, v)| (*k, Setting::from(*v))).collect();
    registry().create(sim, model, n, &dict)
}

/// The generator's time of a spike that a parrot repeated `delay` ms later, on the grid of
/// resolution `h`; `None` after `simtime` (the run goes one delay further so that the last
/// spikes arrive).
fn generator_time(t: f64, delay: f64, h: f64, simtime: f64) -> Option<f64> {
    let time = ((t - delay) / h).round() * h;
    (time <= simtime + 1e-9).then_some(time)
}

fn device(stimulus: Stimulus) -> Device {
    Device {
        stimulus,
        window: Window::default(),
    }
}

// -- mip_generator and correlation_detector --------------------------------------------------

/// Parameters of the mip/correlation example (ms, Hz).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MipParams {
    /// Resolution.
    pub resolution: f64,
    /// Simulated time.
    pub t: f64,
    /// Largest lag of the histogram.
    pub tau_max: f64,
    /// Bin width.
    pub delta_tau: f64,
    /// Copy probability of the mip_generator.
    pub p_copy: f64,
    /// Rate of the mother train.
    pub rate: f64,
}

impl Default for MipParams {
    /// The values of NEST's example.
    fn default() -> Self {
        MipParams {
            resolution: 0.1,
            t: 100_000.0,
            tau_max: 100.0,
            delta_tau: 10.0,
            p_copy: 0.5,
            rate: 100.0,
        }
    }
}

/// What the correlation_detector measured, and the two parrots' spikes (stamps in steps).
#[derive(Clone, Debug, PartialEq)]
pub struct MipRun {
    /// Weighted histogram (all weights are 1: the pair counts as floats).
    pub histogram: Vec<f64>,
    /// Pairs per bin.
    pub count_histogram: Vec<u64>,
    /// Spikes counted on each port.
    pub n_events: [u64; 2],
    /// Each parrot's spike stamps, in steps, in time order.
    pub steps: [Vec<i64>; 2],
}

fn spec(p: &MipParams) -> CorrelationSpec {
    CorrelationSpec {
        delta_tau: Some(p.delta_tau),
        tau_max: Some(p.tau_max),
        ..CorrelationSpec::default()
    }
}

fn mip_like(
    sim: &mut Simulator,
    p: &MipParams,
    parrots: &NodeCollection,
) -> Result<(
    crate::runtime::CorrelationId,
    crate::runtime::SpikeRecorderId,
)> {
    let rec = sim.record_spikes(parrots.clone())?;
    let (a, b) = (parrots.slice(0..1)?, parrots.slice(1..2)?);
    let cd = sim.correlation_detector(&spec(p), [(&a, 1.0), (&b, 1.0)])?;
    Ok((cd, rec))
}

fn mip_result(
    sim: &Simulator,
    p: &MipParams,
    cd: crate::runtime::CorrelationId,
    rec: crate::runtime::SpikeRecorderId,
    first: usize,
) -> MipRun {
    let c = sim.correlation(cd).cloned().unwrap_or_default();
    let data = sim.spikes(rec);
    let mut steps = [Vec::new(), Vec::new()];
    for (t, s) in data.times.iter().zip(&data.senders) {
        steps[s - first].push((t / p.resolution).round() as i64);
    }
    steps.iter_mut().for_each(|s| s.sort_unstable());
    MipRun {
        histogram: c.histogram,
        count_histogram: c.count_histogram,
        n_events: c.n_events,
        steps,
    }
}

/// The example's network: mip_generator -> two parrots (delay 1 ms) -> correlation_detector
/// (parrot 1 on port 0, parrot 2 on port 1, weight 1), run for `p.t` ms.
pub fn mip_corrdet(p: &MipParams, seed: u64) -> Result<MipRun> {
    let mut sim = simulator(p.resolution, seed)?;
    let parrots = create(&mut sim, "parrot_neuron", 2, &[])?;
    let mip = Stimulus::Mip {
        rate: p.rate,
        p_copy: p.p_copy,
    };
    sim.stimulate(device(mip), parrots.clone(), SynSpec::new(1.0, 1.0))?;
    let (cd, rec) = mip_like(&mut sim, p, &parrots)?;
    sim.simulate(p.t * ms)?;
    let first = parrots.node_indices().next().unwrap_or(0);
    Ok(mip_result(&sim, p, cd, rec, first))
}

/// Replays two parrots' spike trains (stamps in steps, each > 10) through spike generators
/// (delay 1 ms) and parrots into the same correlation_detector, for `t` ms.
pub fn correlation_replay(p: &MipParams, steps: &[Vec<i64>; 2], t: f64) -> Result<MipRun> {
    let mut sim = simulator(p.resolution, 1)?;
    let parrots = create(&mut sim, "parrot_neuron", 2, &[])?;
    let delay_steps = (1.0 / p.resolution).round() as i64;
    for (k, train) in steps.iter().enumerate() {
        let times = train
            .iter()
            .map(|s| (s - delay_steps) as f64 * p.resolution)
            .collect();
        let replay = Stimulus::SpikeTimes {
            times,
            weights: Vec::new(),
            multiplicities: Vec::new(),
            allow_offgrid_times: true,
        };
        sim.stimulate(
            device(replay),
            parrots.slice(k..k + 1)?,
            SynSpec::new(1.0, 1.0),
        )?;
    }
    let (cd, rec) = mip_like(&mut sim, p, &parrots)?;
    sim.simulate(t * ms)?;
    let first = parrots.node_indices().next().unwrap_or(0);
    Ok(mip_result(&sim, p, cd, rec, first))
}

/// The cross-correlation histogram of two sorted trains of stamps (steps), computed directly:
/// bin `k` counts the pairs with `s2 - s1` in `[(k - K) b - b/2, (k - K) b + b/2)`, `b` the
/// bin and `K b` the largest lag, both in steps.
pub fn cross_correlation(s1: &[i64], s2: &[i64], bin: i64, tau_max: i64) -> Vec<f64> {
    let bins = (2 * tau_max / bin + 1) as usize;
    let mut cross = vec![0.0; bins];
    // Twice the lag and the edges, to stay in integers.
    let (lo, hi) = (-2 * tau_max - bin, 2 * tau_max + bin);
    let mut first = 0;
    for &a in s1 {
        while first < s2.len() && 2 * (s2[first] - a) < lo {
            first += 1;
        }
        for &b in &s2[first..] {
            let d2 = 2 * (b - a);
            if d2 >= hi {
                break;
            }
            cross[((d2 - lo) / (2 * bin)) as usize] += 1.0;
        }
    }
    cross
}

/// The statistics the twins compare: each parrot's rate as the example computes it
/// (`n_events / (T - tau_max)`), the centre bin and the mean of the other bins.
pub fn mip_stats(p: &MipParams, run: &MipRun) -> Stats {
    let mid = run.histogram.len() / 2;
    let off: Vec<f64> = (run.histogram.iter().enumerate())
        .filter(|(i, _)| *i != mid)
        .map(|(_, h)| *h)
        .collect();
    let per_s = 1000.0 / (p.t - p.tau_max);
    Stats::from([
        ("rate_1".into(), run.n_events[0] as f64 * per_s),
        ("rate_2".into(), run.n_events[1] as f64 * per_s),
        ("center_bin".into(), run.histogram[mid]),
        (
            "off_center_mean".into(),
            off.iter().sum::<f64>() / off.len() as f64,
        ),
    ])
}

// -- two binary neurons and a correlospinmatrix_detector ------------------------------------

/// Parameters of the two-binary-neuron example (ms).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SpinParams {
    /// Mean activity the ginzburg neuron is set up for (its `c_2` is `2 m_x`).
    pub m_x: f64,
    /// Mean time between updates of both neurons.
    pub tau_m: f64,
    /// Resolution, also the detector's bin.
    pub h: f64,
    /// Simulated time (NEST's example: 1e6 ms).
    pub t: f64,
    /// Largest lag.
    pub tau_max: f64,
}

impl Default for SpinParams {
    /// The values of NEST's example.
    fn default() -> Self {
        SpinParams {
            m_x: 0.5,
            tau_m: 10.0,
            h: 0.1,
            t: 1_000_000.0,
            tau_max: 100.0,
        }
    }
}

/// The example's network: ginzburg_neuron (theta 0, c_1 0, c_2 2 m_x, c_3 1) -> weight 1 ->
/// mcculloch_pitts_neuron (theta 0.5), both on a correlospinmatrix_detector (channels 0 and
/// 1). Returns its `count_covariance[i][j][bin]`.
pub fn two_binary_neurons(p: &SpinParams, seed: u64) -> Result<Vec<Vec<Vec<i64>>>> {
    let mut sim = simulator(p.h, seed)?;
    let spec = CorrelationSpec {
        delta_tau: Some(p.h),
        tau_max: Some(p.tau_max),
        t_start: p.tau_max,
        ..CorrelationSpec::default()
    };
    let n1 = create(
        &mut sim,
        "ginzburg_neuron",
        1,
        &[
            ("theta", 0.0),
            ("tau_m", p.tau_m),
            ("c_1", 0.0),
            ("c_2", 2.0 * p.m_x),
            ("c_3", 1.0),
        ],
    )?;
    let n2 = create(
        &mut sim,
        "mcculloch_pitts_neuron",
        1,
        &[("theta", 0.5), ("tau_m", p.tau_m)],
    )?;
    let csd = sim.correlospinmatrix_detector(&spec, &[&n1, &n2])?;
    sim.connect(n1, n2, Rule::AllToAll, SynSpec::new(1.0, 1.0))?;
    sim.simulate(p.t * ms)?;
    Ok(sim.count_covariance(csd).cloned().unwrap_or_default())
}

/// Mean activities and covariance functions `c[i][j][lag]` from the counts, normalised as
/// the example does (by `h / T`, minus the product of the means).
pub fn covariances(p: &SpinParams, counts: &[Vec<Vec<i64>>]) -> ([f64; 2], [[Vec<f64>; 2]; 2]) {
    let mid = (p.tau_max / p.h).round() as usize;
    let norm = p.h / p.t;
    let m = [
        counts[0][0][mid] as f64 * norm,
        counts[1][1][mid] as f64 * norm,
    ];
    let c = |i: usize, j: usize| -> Vec<f64> {
        (counts[i][j].iter())
            .map(|&x| x as f64 * norm - m[i] * m[j])
            .collect()
    };
    (m, [[c(0, 0), c(0, 1)], [c(1, 0), c(1, 1)]])
}

/// Mean activities `m_1`, `m_2` and covariances at `lags` (ms): `c11_L`, `c22_L`, `c12_L`
/// and, for lags > 0, `c12_mL` at the negative lag.
pub fn spin_stats(p: &SpinParams, counts: &[Vec<Vec<i64>>], lags: &[f64]) -> Stats {
    let (m, c) = covariances(p, counts);
    let mid = (p.tau_max / p.h).round() as i64;
    let mut out = Stats::from([("m_1".into(), m[0]), ("m_2".into(), m[1])]);
    for &lag in lags {
        let k = (lag / p.h).round() as i64;
        for (i, j) in [(0, 0), (1, 1), (0, 1)] {
            let signs: &[i64] = if i == j || k == 0 { &[1] } else { &[1, -1] };
            for &sign in signs {
                let name = format!(
                    "c{}{}_{}{}",
                    i + 1,
                    j + 1,
                    if sign < 0 { "m" } else { "" },
                    lag
                );
                out.insert(name, c[i][j][(mid + sign * k) as usize]);
            }
        }
    }
    out
}

// -- pulsepacket_generator into iaf_psc_alpha ---------------------------------------------------

/// Parameters of the pulse packet example (ms, mV, pA, pF).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PulsePacketParams {
    /// Spikes per packet.
    pub a: u32,
    /// Standard deviation of the spike times.
    pub sdev: f64,
    /// Synaptic weight (pA).
    pub weight: f64,
    /// Centre of the packet.
    pub pulsetime: f64,
    /// Neurons, one generator each.
    pub n_neurons: usize,
    /// Membrane capacitance.
    pub cm: f64,
    /// Synaptic time constant.
    pub tau_s: f64,
    /// Membrane time constant.
    pub tau_m: f64,
    /// Resting and initial potential.
    pub v0: f64,
    /// Simulated time.
    pub simtime: f64,
    /// Resolution.
    pub resolution: f64,
    /// Voltmeter interval.
    pub interval: f64,
}

impl Default for PulsePacketParams {
    /// The values of NEST's example.
    fn default() -> Self {
        PulsePacketParams {
            a: 100,
            sdev: 10.0,
            weight: 0.1,
            pulsetime: 500.0,
            n_neurons: 100,
            cm: 200.0,
            tau_s: 0.5,
            tau_m: 20.0,
            v0: 0.0,
            simtime: 1000.0,
            resolution: 0.1,
            interval: 1.0,
        }
    }
}

/// A threshold the potentials of the pulse packet example never reach (mV).
pub const NEVER: f64 = 1e9;

/// The membrane potentials of the pulse packet example.
#[derive(Clone, Debug, PartialEq)]
pub struct PulsePacketRun {
    /// Sample times (ms).
    pub times: Vec<f64>,
    /// Each neuron's potential (mV) at the sample times.
    pub v: Vec<Vec<f64>>,
    /// The mean over the neurons.
    pub average: Vec<f64>,
    /// Spikes each generator sent (counted by a parrot neuron that each generator also drives).
    pub packet_spikes: Vec<usize>,
}

/// The example's network: `n_neurons` iaf_psc_alpha neurons that never spike (NEST's example
/// sets V_th = inf, which saltatory refuses; a threshold of 1e9 mV is never reached either),
/// each driven by its own pulsepacket_generator (weight `weight`, delay 1 ms), V_m sampled
/// every `interval` ms. Each generator also drives a parrot neuron, which counts its spikes.
pub fn pulsepacket(p: &PulsePacketParams, seed: u64) -> Result<PulsePacketRun> {
    let mut sim = simulator(p.resolution, seed)?;
    let neurons = create(
        &mut sim,
        "iaf_psc_alpha",
        p.n_neurons,
        &[
            ("V_th", NEVER),
            ("tau_m", p.tau_m),
            ("tau_syn_ex", p.tau_s),
            ("C_m", p.cm),
            ("E_L", p.v0),
            ("V_reset", p.v0),
            ("V_m", p.v0),
        ],
    )?;
    let parrots = create(&mut sim, "parrot_neuron", p.n_neurons, &[])?;
    for k in 0..p.n_neurons {
        let packet = Stimulus::PulsePacket {
            pulse_times: vec![p.pulsetime],
            activity: p.a,
            sdev: p.sdev,
        };
        // One device for both targets: they get the same spikes.
        let targets = neurons.slice(k..k + 1)? + parrots.slice(k..k + 1)?;
        sim.stimulate(device(packet), targets, SynSpec::new(p.weight, 1.0))?;
    }
    let counter = sim.record_spikes(parrots.clone())?;
    let sampling = Sampling {
        interval: p.interval,
        offset: 0.0,
        window: Window::default(),
    };
    let trace = sim.record_with(neurons, &["V_m"], sampling)?;
    sim.simulate(p.simtime * ms)?;
    let first = parrots.node_indices().next().unwrap_or(0);
    let mut packet_spikes = vec![0; p.n_neurons];
    for s in &sim.spikes(counter).senders {
        packet_spikes[s - first] += 1;
    }
    let tr = sim.trace(trace);
    let v = tr.values[0].clone();
    let average = (0..tr.times.len())
        .map(|i| v.iter().map(|s| s[i]).sum::<f64>() / v.len() as f64)
        .collect();
    Ok(PulsePacketRun {
        times: tr.times.clone(),
        v,
        average,
        packet_spikes,
    })
}

/// The potential (mV) `t` ms after one spike of weight `w` pA, for an alpha-shaped current
/// with time constant `tau_s` into a membrane with `tau_m` and `cm`.
pub fn alpha_psp(t: f64, w: f64, cm: f64, tau_s: f64, tau_m: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    let k = 1.0 / tau_s - 1.0 / tau_m;
    let scale = w / cm * std::f64::consts::E / tau_s;
    scale * (((-t / tau_m).exp() - (-t / tau_s).exp()) / (k * k) - t * (-t / tau_s).exp() / k)
}

/// The expected potential at `times`: `a` PSPs whose times are Gaussian around the pulse
/// time (shifted by the 1 ms delay), integrated numerically over ±5 sdev in 0.01 ms steps.
pub fn pulsepacket_expected(p: &PulsePacketParams, times: &[f64]) -> Vec<f64> {
    let ds = 0.01;
    let n = (10.0 * p.sdev / ds).round() as i64;
    let norm = 1.0 / (p.sdev * (2.0 * std::f64::consts::PI).sqrt());
    times
        .iter()
        .map(|&t| {
            let mut sum = 0.0;
            for i in -n / 2..=n / 2 {
                let s = i as f64 * ds;
                let g = norm * (-0.5 * (s / p.sdev).powi(2)).exp() * ds;
                let since = t - (p.pulsetime + s + 1.0);
                sum += g * alpha_psp(since, p.weight, p.cm, p.tau_s, p.tau_m);
            }
            p.v0 + p.a as f64 * sum
        })
        .collect()
}

/// The averaged potential at `sample_times` (`v_T`), its peak `v_peak` and the peak's time
/// `t_peak`, and the fewest and most spikes a generator sent (`packet_spikes_min`, `_max`).
pub fn pulsepacket_stats(run: &PulsePacketRun, sample_times: &[f64]) -> Stats {
    let mut out = Stats::new();
    for &t in sample_times {
        if let Some(i) = run.times.iter().position(|x| (x - t).abs() < 1e-9) {
            out.insert(format!("v_{t}"), run.average[i]);
        }
    }
    let peak = (0..run.average.len()).max_by(|&a, &b| run.average[a].total_cmp(&run.average[b]));
    if let Some(k) = peak {
        out.insert("v_peak".into(), run.average[k]);
        out.insert("t_peak".into(), run.times[k]);
    }
    let spikes = run.packet_spikes.iter().map(|&n| n as f64);
    out.insert(
        "packet_spikes_min".into(),
        spikes.clone().fold(f64::INFINITY, f64::min),
    );
    out.insert("packet_spikes_max".into(), spikes.fold(0.0, f64::max));
    out
}

// -- sinusoidal_poisson_generator -------------------------------------------------------------

/// One sinusoidal_poisson_generator's parameters (Hz, Hz, Hz, degrees).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sinusoid {
    /// Mean rate.
    pub rate: f64,
    /// Amplitude of the modulation.
    pub amplitude: f64,
    /// Frequency.
    pub frequency: f64,
    /// Phase.
    pub phase: f64,
}

impl Sinusoid {
    /// The rate (spikes/s) at `t` ms: `max(0, rate + amplitude sin(2 pi f t + phase))`.
    pub fn rate_at(&self, t: f64) -> f64 {
        let arg =
            2.0 * std::f64::consts::PI * self.frequency * t / 1000.0 + self.phase.to_radians();
        (self.rate + self.amplitude * arg.sin()).max(0.0)
    }
    fn stimulus(&self, individual: bool) -> Stimulus {
        Stimulus::SinusoidalPoisson {
            rate: self.rate,
            amplitude: self.amplitude,
            frequency: self.frequency,
            phase: self.phase,
            individual_spike_trains: individual,
        }
    }
}

/// The two generators of the example's first part (resolution 0.01 ms).
pub const SINUSOIDS: [Sinusoid; 2] = [
    Sinusoid {
        rate: 10000.0,
        amplitude: 5000.0,
        frequency: 10.0,
        phase: 0.0,
    },
    Sinusoid {
        rate: 0.0,
        amplitude: 10000.0,
        frequency: 5.0,
        phase: 90.0,
    },
];

/// The generator of the example's second part (resolution 0.1 ms, 20 parrots).
pub const SINUSOID_PARROTS: Sinusoid = Sinusoid {
    rate: 100.0,
    amplitude: 50.0,
    frequency: 10.0,
    phase: 0.0,
};

/// Part 1: each generator's spike times over `simtime` ms at resolution 0.01 ms. (NEST
/// records the generators directly; here each drives a parrot with delay 0.1 ms and the
/// parrots' times are shifted back, which gives the same times.)
pub fn sinusoidal_part1(gens: &[Sinusoid; 2], simtime: f64, seed: u64) -> Result<[Vec<f64>; 2]> {
    let h = 0.01;
    let delay = 0.1;
    let mut sim = simulator(h, seed)?;
    let parrots = create(&mut sim, "parrot_neuron", 2, &[])?;
    for (k, g) in gens.iter().enumerate() {
        sim.stimulate(
            device(g.stimulus(true)),
            parrots.slice(k..k + 1)?,
            SynSpec::new(1.0, delay),
        )?;
    }
    let rec = sim.record_spikes(parrots.clone())?;
    sim.simulate((simtime + delay) * ms)?;
    let first = parrots.node_indices().next().unwrap_or(0);
    let data = sim.spikes(rec);
    let mut out = [Vec::new(), Vec::new()];
    for (t, s) in data.times.iter().zip(&data.senders) {
        if let Some(time) = generator_time(*t, delay, h, simtime) {
            out[s - first].push(time);
        }
    }
    out.iter_mut().for_each(|v| v.sort_by(f64::total_cmp));
    Ok(out)
}

/// Part 2: one generator into `n_parrots` parrots (delay 1 ms), individual or shared trains;
/// each parrot's spike times over `simtime` ms at resolution 0.1 ms.
pub fn sinusoidal_part2(
    g: &Sinusoid,
    n_parrots: usize,
    individual: bool,
    simtime: f64,
    seed: u64,
) -> Result<Vec<Vec<f64>>> {
    let mut sim = simulator(0.1, seed)?;
    let parrots = create(&mut sim, "parrot_neuron", n_parrots, &[])?;
    sim.stimulate(
        device(g.stimulus(individual)),
        parrots.clone(),
        SynSpec::new(1.0, 1.0),
    )?;
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

/// Part 1's statistics: spikes of each generator, and generator 1's spikes in the rising
/// (t mod 100 ms <= 50) and falling halves of its periods.
pub fn sinusoidal_part1_stats(trains: &[Vec<f64>; 2]) -> Stats {
    let rising = trains[0].iter().filter(|&&t| t % 100.0 <= 50.0).count();
    Stats::from([
        ("count_1".into(), trains[0].len() as f64),
        ("count_1_rising".into(), rising as f64),
        ("count_1_falling".into(), (trains[0].len() - rising) as f64),
        ("count_2".into(), trains[1].len() as f64),
    ])
}

/// Part 2's statistics: spikes per parrot and distinct trains with individual trains; spikes
/// per parrot and whether all trains are identical (1 or 0) with a shared train.
pub fn sinusoidal_part2_stats(individual: &[Vec<f64>], shared: &[Vec<f64>]) -> Stats {
    let mut distinct: Vec<&Vec<f64>> = individual.iter().collect();
    distinct.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    distinct.dedup();
    let per = |trains: &[Vec<f64>]| {
        trains.iter().map(Vec::len).sum::<usize>() as f64 / trains.len().max(1) as f64
    };
    let identical = shared.iter().all(|t| *t == shared[0]);
    Stats::from([
        ("individual_per_parrot".into(), per(individual)),
        ("individual_distinct".into(), distinct.len() as f64),
        ("shared_per_parrot".into(), per(shared)),
        ("shared_identical".into(), if identical { 1.0 } else { 0.0 }),
    ])
}
