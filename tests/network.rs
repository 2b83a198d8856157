//! Network engine: connection rules through the simulator, thread-count independence, node
//! collections, devices and recorders.

use saltatory::Simulator;
use saltatory::consts::{ms, pA};
use saltatory::models::{IafPscAlpha, IafPscAlphaParams, IafPscDelta};
use saltatory::runtime::{
    Config, ConnSpec, Device, Dist, NodeCollection, ParamSpec, Rule, Stimulus, SynSpec,
};

/// A small random network with Poisson drive and random weights and delays.
fn run_network(threads: usize, seed: u64) -> (Vec<f64>, Vec<usize>, Vec<f64>) {
    let mut sim = Simulator::with_config(Config {
        threads,
        seed,
        progress: false,
        ..Config::default()
    })
    .unwrap();
    let params = IafPscAlphaParams {
        I_e: 200.0 * pA,
        ..Default::default()
    };
    let ex = sim.create::<IafPscAlpha>(160, params.clone()).unwrap();
    let inh = sim.create::<IafPscAlpha>(41, params).unwrap();
    let all = ex + inh;
    let w_ex = ParamSpec::from(Dist::Normal {
        mean: 40.0,
        std: 10.0,
    })
    .clip(0.0, 100.0);
    let d = ParamSpec::from(Dist::Uniform { min: 0.5, max: 2.5 });
    sim.connect(
        ex,
        all.clone(),
        ConnSpec::from(Rule::FixedIndegree(20)).autapses(false),
        SynSpec::new(w_ex, d),
    )
    .unwrap();
    sim.connect(
        inh,
        all.clone(),
        Rule::PairwiseBernoulli(0.1),
        SynSpec::new(-160.0, 1.0),
    )
    .unwrap();
    sim.stimulate(
        Stimulus::Poisson { rate: 8000.0 },
        all.clone(),
        SynSpec::new(15.0, 1.0),
    )
    .unwrap();
    let spikes = sim.record_spikes(all.clone()).unwrap();
    let vm = sim
        .record(inh.slice(0..3).unwrap(), &["V_m", "I_syn_in"])
        .unwrap();
    sim.simulate(150.0 * ms).unwrap();
    sim.simulate(50.0 * ms).unwrap();
    let data = sim.spikes(spikes);
    let trace = sim.trace(vm);
    let mut samples = Vec::new();
    for v in &trace.values {
        for s in v {
            samples.extend_from_slice(s);
        }
    }
    (data.times.clone(), data.senders.clone(), samples)
}

#[test]
fn results_are_bitwise_identical_for_1_2_and_4_threads() {
    let one = run_network(1, 11);
    assert!(
        one.0.len() > 500,
        "the network must be active: {} spikes",
        one.0.len()
    );
    for threads in [2, 4] {
        let other = run_network(threads, 11);
        assert_eq!(one.1, other.1, "senders differ with {threads} threads");
        assert_eq!(one.0, other.0, "spike times differ with {threads} threads");
        let same_bits = one
            .2
            .iter()
            .zip(&other.2)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(
            same_bits && one.2.len() == other.2.len(),
            "traces differ with {threads} threads"
        );
    }
    let reseeded = run_network(2, 12);
    assert_ne!(one.0, reseeded.0, "another seed must give another network");
}

#[test]
fn collections_concatenate_and_slice() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let a = sim.create::<IafPscAlpha>(3, Default::default()).unwrap();
    let b = sim.create::<IafPscDelta>(2, Default::default()).unwrap();
    let both: NodeCollection = a + b;
    assert_eq!(both.global_ids(), vec![1, 2, 3, 4, 5]);
    assert_eq!(both.slice(2..4).unwrap().global_ids(), vec![3, 4]);
    assert_eq!((b + a.slice(1..2).unwrap()).global_ids(), vec![4, 5, 2]);
    assert!(both.slice(4..6).is_err());
}

#[test]
fn delays_are_rounded_and_must_be_at_least_one_step() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let a = sim.create::<IafPscAlpha>(2, Default::default()).unwrap();
    let e = sim
        .connect(a, a, Rule::AllToAll, SynSpec::new(1.0, 0.04))
        .unwrap_err()
        .to_string();
    assert!(e.contains("delay") && e.contains("0.04"), "{e}");
    assert_eq!(
        sim.num_synapses(),
        0,
        "a failed connect must leave nothing behind"
    );
    sim.connect(a, a, Rule::OneToOne, SynSpec::new(1.0, 0.15))
        .unwrap();
    assert_eq!(sim.min_delay_steps(), Some(2));
}

#[test]
fn spike_travels_with_its_delay() {
    // A strong spike from a driven neuron reaches the second neuron exactly `delay` later.
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let pre = sim.create::<IafPscDelta>(1, Default::default()).unwrap();
    let post = sim.create::<IafPscDelta>(1, Default::default()).unwrap();
    sim.set(&pre, "I_e", 1000.0).unwrap();
    sim.connect(pre, post, Rule::AllToAll, SynSpec::new(20.0, 2.0))
        .unwrap();
    let rec = sim.record_spikes(pre + post).unwrap();
    sim.simulate(20.0 * ms).unwrap();
    let d = sim.spikes(rec);
    // Spikes whose arrival falls inside the simulated 20 ms.
    let pre_t: Vec<f64> = d
        .times
        .iter()
        .zip(&d.senders)
        .filter(|(t, s)| **s == 0 && **t + 2.0 <= 20.0)
        .map(|(t, _)| *t)
        .collect();
    let post_t: Vec<f64> = d
        .times
        .iter()
        .zip(&d.senders)
        .filter(|(_, s)| **s == 1)
        .map(|(t, _)| *t)
        .collect();
    assert!(pre_t.len() >= 2, "{pre_t:?}");
    assert_eq!(post_t.len(), pre_t.len());
    for (a, b) in pre_t.iter().zip(&post_t) {
        assert!((b - a - 2.0).abs() < 1e-9, "{a} -> {b}");
    }
}

#[test]
fn poisson_generator_window_and_rate() {
    // 200 leak-free integrators count their inputs: 1000 Hz for 1 s each gives 200,000 events
    // (sd 447); the bound of 2,500 is 5.6 sd (false-failure probability < 1e-7).
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n = sim.create::<IafPscDelta>(200, Default::default()).unwrap();
    sim.set(&n, "V_th", 1e6).unwrap();
    sim.set(&n, "tau_m", 1e15).unwrap();
    let dev = Device::from(Stimulus::Poisson { rate: 1000.0 }).between(100.0, 1100.0);
    sim.stimulate(dev, n, SynSpec::new(1e-3, 0.1)).unwrap();
    let rec = sim.record(n, &["V_m"]).unwrap();
    sim.simulate(1200.0 * ms).unwrap();
    let t = sim.trace(rec);
    let mut total = 0.0;
    let (mut first, mut last) = (f64::MAX, 0.0_f64);
    for k in 0..200 {
        let v = t.series("V_m", k).unwrap();
        total += (v[v.len() - 1] + 70.0) / 1e-3;
        for i in 1..v.len() {
            if (v[i] - v[i - 1]).abs() > 5e-4 {
                first = first.min(t.times[i]);
                last = last.max(t.times[i]);
            }
        }
    }
    assert!((total - 200_000.0).abs() < 2_500.0, "counted {total}");
    // Spikes are stamped in (start + h, stop + h]; the delay adds 0.1 ms.
    assert!(
        (100.3 - 1e-9..101.0).contains(&first),
        "first input at {first}"
    );
    assert!(
        last <= 1100.2 + 1e-9 && last > 1099.0,
        "last input at {last}"
    );
}

#[test]
fn bad_network_input_is_reported() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let a = sim.create::<IafPscAlpha>(10, Default::default()).unwrap();
    let msg = |r: saltatory::Result<usize>| r.unwrap_err().to_string();
    let no_multapses = ConnSpec::from(Rule::FixedIndegree(11)).multapses(false);
    assert!(msg(sim.connect(a, a, no_multapses, SynSpec::default())).contains("indegree"));
    assert!(
        msg(sim.connect(a, a, Rule::PairwiseBernoulli(-0.1), SynSpec::default()))
            .contains("[0, 1]")
    );
    let e = msg(sim.connect(
        a,
        NodeCollection::default(),
        Rule::AllToAll,
        SynSpec::default(),
    ));
    assert!(e.contains("empty"), "{e}");
    let nan_weight = SynSpec::new(f64::NAN, 1.0);
    assert!(msg(sim.connect(a, a, Rule::AllToAll, nan_weight)).contains("weight"));
    let e = sim
        .stimulate(Stimulus::Poisson { rate: -5.0 }, a, SynSpec::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("rate") && e.contains("-5"), "{e}");
    let e = sim.record(a, &["V_x"]).unwrap_err().to_string();
    assert!(e.contains("V_x") && e.contains("V_m"), "{e}");
    let e = sim
        .connect(a, a, Rule::AllToAll, SynSpec::new(1.0, 1.0).receptor(2))
        .unwrap_err()
        .to_string();
    assert!(e.contains("receptor 2"), "{e}");
    assert_eq!(
        sim.num_synapses(),
        0,
        "failed calls must not leave synapses behind"
    );
    let e = Simulator::with_config(Config {
        threads: 0,
        ..Config::default()
    })
    .err()
    .unwrap()
    .to_string();
    assert!(e.contains("threads"), "{e}");
}

#[test]
fn effective_delays_and_weights_read_back() {
    let mut sim = Simulator::with_config(Config {
        threads: 3,
        progress: false,
        ..Config::default()
    })
    .unwrap();
    let a = sim.create::<IafPscAlpha>(4, Default::default()).unwrap();
    let b = sim.create::<IafPscDelta>(5, Default::default()).unwrap();
    sim.connect(a, b, Rule::AllToAll, SynSpec::new(-2.5, 0.14))
        .unwrap();
    sim.connect(
        b.slice(0..1).unwrap(),
        a,
        Rule::AllToAll,
        SynSpec::new(3.0, 0.15),
    )
    .unwrap();
    let from_a = sim.connections(a).unwrap();
    assert_eq!(from_a.len(), 20);
    assert!(
        from_a
            .iter()
            .all(|c| c.delay == 0.1 && c.weight == -2.5 && (5..=9).contains(&c.target))
    );
    let from_b = sim.connections(b).unwrap();
    assert_eq!(
        from_b
            .iter()
            .map(|c| (c.source, c.target))
            .collect::<Vec<_>>(),
        vec![(5, 1), (5, 2), (5, 3), (5, 4)]
    );
    assert!(from_b.iter().all(|c| c.delay == 0.2));
    // A delay reads as its steps times the resolution, as NEST 3.10 reports it.
    let c = b.slice(1..2).unwrap();
    sim.connect(c, c, Rule::OneToOne, SynSpec::new(1.0, 1.2))
        .unwrap();
    sim.connect(c, c, Rule::OneToOne, SynSpec::new(1.0, 0.3))
        .unwrap();
    let delays: Vec<f64> = sim
        .connections(c)
        .unwrap()
        .iter()
        .map(|c| c.delay)
        .collect();
    assert_eq!(delays, [1.2000000000000002, 0.30000000000000004]);
    sim.simulate(1.0 * ms).unwrap();
    assert_eq!(
        sim.connections(a + b).unwrap().len(),
        26,
        "finalized tables report the same"
    );
}
