//! Binary neurons (mcculloch_pitts_neuron, ginzburg_neuron, erfc_neuron) on cases whose answer
//! is known exactly or analytically: the stationary state under a constant input, the update
//! rate, and the decoding of the senders' state changes; and the same results for any number of
//! threads. Comparisons with live NEST are in tests/binary_parity.rs.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::StdpSynapseParams;
use saltatory::models::registry;
use saltatory::runtime::{
    Config, ConnSpec, Device, NodeCollection, Rule, Sampling, Setting, SpikeData, Stimulus,
    SynSpec, Trace, Window,
};

fn sim(threads: usize, seed: u64) -> Simulator {
    let config = Config {
        resolution: 0.1 * ms,
        threads,
        seed,
        progress: false,
    };
    Simulator::with_config(config).unwrap()
}

fn create(sim: &mut Simulator, model: &str, n: usize, dict: &[(&str, f64)]) -> NodeCollection {
    let dict: Vec<(&str, Setting)> = dict.iter().map(|(k, v)| (*k, Setting::from(*v))).collect();
    registry().create(sim, model, n, &dict).unwrap()
}

/// A constant current: NEST lets only the noise generator drive binary neurons, so a constant
/// input is a noise generator without noise.
fn constant(mean: f64) -> Device {
    Device {
        stimulus: Stimulus::Noise {
            mean,
            std: 0.0,
            dt: None,
            std_mod: 0.0,
            frequency: 0.0,
            phase: 0.0,
        },
        window: Window::default(),
    }
}

/// Constant input `amplitude` to every neuron of `n` (weight 1, delay 1 ms).
fn dc(sim: &mut Simulator, n: &NodeCollection, amplitude: f64) {
    sim.stimulate(constant(amplitude), n.clone(), SynSpec::new(1.0, 1.0))
        .unwrap();
}

/// Mean of S over neurons and samples after `warmup` ms; up and down transitions per neuron
/// per second, counted from the spikes (two at one time: up; one: down).
fn statistics(trace: &Trace, spikes: &SpikeData, n: usize, warmup: f64) -> (f64, f64, f64) {
    let mut sum = 0.0;
    let mut count = 0.0;
    for series in &trace.values[0] {
        for (v, t) in series.iter().zip(&trace.times) {
            if *t > warmup {
                sum += v;
                count += 1.0;
            }
        }
    }
    let (up, down) = transitions(spikes, warmup);
    let span = (trace.times.last().unwrap() - warmup) / 1000.0;
    let per = n as f64 * span;
    (sum / count, up as f64 / per, down as f64 / per)
}

fn transitions(spikes: &SpikeData, after: f64) -> (usize, usize) {
    let mut events: Vec<(u64, usize)> = spikes
        .times
        .iter()
        .zip(&spikes.senders)
        .filter(|(t, _)| **t > after)
        .map(|(t, s)| ((t * 1e4).round() as u64, *s))
        .collect();
    events.sort_unstable();
    let (mut up, mut down, mut k) = (0, 0, 0);
    while k < events.len() {
        let same = events[k..].iter().take_while(|e| **e == events[k]).count();
        match same {
            1 => down += 1,
            2 => up += 1,
            m => panic!("a binary neuron sent {m} spikes at once"),
        }
        k += same;
    }
    (up, down)
}

/// A population of `model` with constant input: the time-averaged S approaches gain(input) and
/// transitions to 1 happen at (1 - p) p / tau_m.
fn stationary(model: &str, params: &[(&str, f64)], input: f64, p: f64, tau_m: f64) {
    let n = 400;
    let mut s = sim(1, 7);
    let pop = create(&mut s, model, n, params);
    dc(&mut s, &pop, input);
    let trace = s.record_with(pop.clone(), &["S"], sampling(1.0)).unwrap();
    let spikes = s.record_spikes(pop.clone()).unwrap();
    let t_sim = 5000.0;
    s.simulate(t_sim * ms).unwrap();
    let (mean_s, up, down) = statistics(s.trace(trace), s.spikes(spikes), n, 200.0);
    // Samples 1 ms apart are correlated over tau_m: the standard error of the mean counts
    // independent samples only, one per 2 tau_m.
    let independent = n as f64 * (t_sim - 200.0) / (2.0 * tau_m);
    let se = (p * (1.0 - p) / independent).sqrt().max(1e-12);
    assert!(
        (mean_s - p).abs() < 5.0 * se,
        "{model}: mean S {mean_s} against gain {p} (se {se})"
    );
    let rate = 1000.0 * (1.0 - p) * p / tau_m;
    let updates = n as f64 * (t_sim - 200.0) / tau_m;
    let rate_se = rate / (updates * (1.0 - p) * p).sqrt().max(1.0);
    for (what, got) in [("up", up), ("down", down)] {
        assert!(
            (got - rate).abs() < 5.0 * rate_se.max(1e-9),
            "{model}: {what} transitions {got}/s against {rate}/s (se {rate_se})"
        );
    }
}

fn sampling(interval: f64) -> Sampling {
    Sampling {
        interval,
        offset: 0.0,
        window: Default::default(),
    }
}

#[test]
fn ginzburg_neurons_settle_at_their_gain() {
    let g = |h: f64| 0.5 * (1.0 + (h - 0.2f64).tanh());
    stationary("ginzburg_neuron", &[("theta", 0.2)], 0.7, g(0.7), 10.0);
    stationary(
        "ginzburg_neuron",
        &[("tau_m", 4.0)],
        -0.4,
        g(-0.4 + 0.2),
        4.0,
    );
}

#[test]
fn erfc_neurons_settle_at_their_gain() {
    let p = 0.5 * libm::erfc(-(0.3 - 0.5) / (2f64.sqrt() * 0.8));
    stationary(
        "erfc_neuron",
        &[("theta", 0.5), ("sigma", 0.8)],
        0.3,
        p,
        10.0,
    );
}

#[test]
fn mcculloch_pitts_neurons_follow_their_threshold() {
    // Above threshold every update sets S to 1 and none resets it.
    stationary("mcculloch_pitts_neuron", &[("theta", 1.0)], 1.5, 1.0, 10.0);
    stationary("mcculloch_pitts_neuron", &[("theta", 1.0)], 0.5, 0.0, 10.0);
}

/// Receivers' input sums the senders' states exactly: every change to 1 adds the weight, every
/// change to 0 subtracts it, one delay later.
fn decoded_input(threads: usize) -> (Trace, SpikeData) {
    let mut s = sim(threads, 3);
    let senders = create(&mut s, "ginzburg_neuron", 50, &[("tau_m", 5.0)]);
    let receivers = create(&mut s, "mcculloch_pitts_neuron", 3, &[("theta", 1e9)]);
    dc(&mut s, &senders, 0.1);
    s.connect(
        senders.clone(),
        receivers.clone(),
        ConnSpec::from(Rule::AllToAll),
        SynSpec::new(0.5, 1.5),
    )
    .unwrap();
    let all = senders.clone() + receivers.clone();
    let trace = s.record(all.clone(), &["S", "h"]).unwrap();
    let spikes = s.record_spikes(all).unwrap();
    s.simulate(300.0 * ms).unwrap();
    (s.trace(trace).clone(), s.spikes(spikes).clone())
}

#[test]
fn receivers_sum_the_senders_states_one_delay_later() {
    let (trace, _) = decoded_input(1);
    let delay_samples = 15;
    let (s, h) = (&trace.values[0], &trace.values[1]);
    let mut changes = 0;
    for k in delay_samples..trace.times.len() {
        let active: f64 = (0..50).map(|i| s[i][k - delay_samples]).sum();
        for (r, series) in h.iter().enumerate().skip(50) {
            let t = trace.times[k];
            assert_eq!(series[k], 0.5 * active, "receiver {r} at {t} ms");
        }
        if k > 0 && h[50][k] != h[50][k - 1] {
            changes += 1;
        }
    }
    assert!(
        changes > 100,
        "the senders' states hardly changed ({changes})"
    );
}

#[test]
fn binary_networks_give_the_same_results_for_any_thread_count() {
    let one = decoded_input(1);
    let two = decoded_input(2);
    assert_eq!(one.0.values, two.0.values);
    assert_eq!(one.1.times, two.1.times);
    assert_eq!(one.1.senders, two.1.senders);
}

#[test]
fn binary_and_spiking_neurons_do_not_connect_as_in_nest() {
    let mut s = sim(1, 1);
    let binary = create(&mut s, "ginzburg_neuron", 2, &[]);
    let spiking = create(&mut s, "iaf_psc_alpha", 2, &[]);
    let parrots = create(&mut s, "parrot_neuron", 2, &[]);
    let rule = || ConnSpec::from(Rule::AllToAll);
    let syn = || SynSpec::new(1.0, 1.0);
    for (pre, post) in [(&binary, &spiking), (&spiking, &binary)] {
        let e = s
            .connect(pre.clone(), post.clone(), rule(), syn())
            .unwrap_err();
        let text = e.to_string();
        assert!(text.contains("IllegalConnection"), "{text}");
    }
    // A parrot relays either kind.
    for (pre, post) in [
        (&binary, &parrots),
        (&parrots, &binary),
        (&spiking, &parrots),
    ] {
        s.connect(pre.clone(), post.clone(), rule(), syn()).unwrap();
    }
    // Of the devices, spike trains and noise currents drive binary neurons; others do not.
    let dc = Device {
        stimulus: Stimulus::Dc { amplitude: 1.0 },
        window: Window::default(),
    };
    let e = s.stimulate(dc, binary.clone(), syn()).unwrap_err();
    assert!(e.to_string().contains("dc_generator"), "{e}");
    let poisson = Device {
        stimulus: Stimulus::Poisson { rate: 10.0 },
        window: Window::default(),
    };
    assert!(s.stimulate(poisson, binary.clone(), syn()).is_err());
    s.stimulate(constant(0.5), binary.clone(), syn()).unwrap();
    // Only static synapses decode state changes: a plastic synapse onto a binary neuron is
    // refused.
    let stdp = s.plastic_store(StdpSynapseParams::default()).unwrap();
    let e = s
        .connect(parrots.clone(), binary.clone(), rule(), syn().store(stdp))
        .unwrap_err();
    assert!(e.to_string().contains("static_synapse"), "{e}");
    // Nothing of the refused calls was kept.
    assert_eq!(s.connections(binary.clone()).unwrap().len(), 4);
}
