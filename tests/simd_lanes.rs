//! The SIMD path of RKF45 models (four neurons integrated at once, each with its own sub-steps)
//! against the scalar path: every state variable at every step, every spike and every failure
//! must be the same bit for bit.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::{
    AeifCondAlpha, AeifCondExp, AeifPscAlpha, AeifPscDelta, AeifPscExp, HhPscAlpha, IafCondAlpha,
    IafCondExp,
};
use saltatory::runtime::{
    Config, ConnSpec, Dist, Model, Rule, SpikeData, Stimulus, SynSpec, Trace, Value,
};

/// 22 neurons with a second parameter set in neurons 5 and 10..14; Gaussian noise current and
/// excitatory and inhibitory Poisson spikes, different for every neuron, and random recurrent
/// connections (whose input sums depend on the order spikes are delivered in).
fn run<M: Model>(lanes: bool, threads: usize, noise_mean: f64, weight: f64) -> (SpikeData, Trace) {
    let mut sim = Simulator::with_config(Config {
        threads,
        seed: 11,
        progress: false,
        ..Config::default()
    })
    .unwrap();
    sim.set_simd_lanes(lanes);
    let n = sim.create::<M>(22, Default::default()).unwrap();
    // A second parameter set, differing in constants of the right-hand side, in the
    // refractory period and (aeif) in the tolerance, so lanes hold neurons of both.
    for part in [5..6, 10..14] {
        let part = n.slice(part).unwrap();
        sim.set(&part, "t_ref", Value::Number(1.5)).unwrap();
        sim.set(&part, "C_m", Value::Number(200.0)).unwrap();
        if M::META.param("gsl_error_tol").is_ok() {
            sim.set(&part, "gsl_error_tol", Value::Number(1e-7))
                .unwrap();
        }
    }
    let noise = Stimulus::Noise {
        mean: noise_mean,
        std: noise_mean,
        dt: Some(0.5),
        std_mod: 0.0,
        frequency: 0.0,
        phase: 0.0,
    };
    sim.stimulate(noise, n, SynSpec::new(1.0, 1.0)).unwrap();
    let poisson = |rate| Stimulus::Poisson { rate };
    sim.stimulate(poisson(4000.0), n, SynSpec::new(weight, 1.0))
        .unwrap();
    sim.stimulate(poisson(1500.0), n, SynSpec::new(-weight, 1.0))
        .unwrap();
    let recurrent = Dist::Normal {
        mean: 0.0,
        std: weight,
    };
    sim.connect(
        n,
        n,
        ConnSpec::from(Rule::FixedIndegree(6)),
        SynSpec::new(recurrent, 1.0),
    )
    .unwrap();
    let spikes = sim.record_spikes(n).unwrap();
    let names: Vec<&str> = M::META.state.iter().map(|s| s.name).collect();
    let trace = sim.record(n, &names).unwrap();
    sim.simulate(300.0 * ms).unwrap();
    (sim.spikes(spikes).clone(), sim.trace(trace).clone())
}

fn same_in_lanes<M: Model>(noise_mean: f64, weight: f64, min_spikes: usize) {
    let name = M::META.name;
    let (scalar_spikes, scalar_trace) = run::<M>(false, 1, noise_mean, weight);
    assert!(
        scalar_spikes.times.len() >= min_spikes,
        "{name}: only {} spikes",
        scalar_spikes.times.len()
    );
    // Neurons must differ from each other (else lanes would never diverge).
    let mut per_neuron = [0usize; 22];
    for &s in &scalar_spikes.senders {
        per_neuron[s] += 1;
    }
    assert!(
        per_neuron.iter().min() < per_neuron.iter().max(),
        "{name}: {per_neuron:?}"
    );
    for threads in [1, 2] {
        let (spikes, trace) = run::<M>(true, threads, noise_mean, weight);
        assert_eq!(spikes, scalar_spikes, "{name}, {threads} threads: spikes");
        assert_eq!(trace, scalar_trace, "{name}, {threads} threads: states");
    }
}

#[test]
fn aeif_models_are_the_same_in_lanes() {
    same_in_lanes::<AeifCondAlpha>(1500.0, 10.0, 100);
    same_in_lanes::<AeifCondExp>(1200.0, 10.0, 150);
    same_in_lanes::<AeifPscAlpha>(2500.0, 1000.0, 25);
    same_in_lanes::<AeifPscExp>(1500.0, 400.0, 150);
    same_in_lanes::<AeifPscDelta>(500.0, 1.5, 400);
}

#[test]
fn conductance_and_hh_models_are_the_same_in_lanes() {
    same_in_lanes::<IafCondExp>(420.0, 6.0, 200);
    same_in_lanes::<IafCondAlpha>(420.0, 6.0, 100);
    same_in_lanes::<HhPscAlpha>(420.0, 150.0, 100);
}

#[test]
fn failures_are_reported_for_the_same_neuron_and_step() {
    // Neurons 12 and 13, integrated side by side, fail in the same step; 13, driven harder, in
    // an earlier sub-step. Both paths must name neuron 12, the first in order, as NEST would
    // (it updates neurons one after the other).
    let run = |lanes: bool| {
        let mut sim = Simulator::new(0.1 * ms).unwrap();
        sim.set_simd_lanes(lanes);
        let n = sim.create::<AeifCondAlpha>(16, Default::default()).unwrap();
        for (i, amplitude) in [(12, -4.0e6), (13, -9.0e6)] {
            let target = n.slice(i..i + 1).unwrap();
            sim.stimulate(Stimulus::Dc { amplitude }, target, SynSpec::new(1.0, 1.0))
                .unwrap();
        }
        sim.simulate(20.0 * ms).unwrap_err().to_string()
    };
    let scalar = run(false);
    assert!(scalar.contains("neuron 12 at t = 1.2 ms"), "{scalar}");
    assert_eq!(run(true), scalar);
}
