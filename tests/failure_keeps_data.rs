//! A failing `simulate` keeps what was recorded before the failing step, for every node and
//! for any number of threads, and the error names the neuron, model, time and condition.
//!
//! The failing neuron is NEST's `aeif_cond_alpha_err_sharp_spike` scenario (NumericalInstability
//! in the step ending at 10.4 ms, checked against NEST in tests/nonlinear_parity.rs), placed in
//! the middle of a network of iaf_psc_alpha neurons that spike throughout. With 2 ms delays a
//! slice is 20 steps, so the failure (step 103) falls in the middle of the slice 100..120.

use saltatory::Simulator;
use saltatory::consts::{ms, pA};
use saltatory::models::{AeifCondAlpha, AeifCondAlphaParams, IafPscAlpha, IafPscAlphaParams};
use saltatory::runtime::{Config, Error, Rule, Sampling, Stimulus, SynSpec};

struct Run {
    error: Option<Error>,
    times: Vec<f64>,
    senders: Vec<usize>,
    trace_times: Vec<f64>,
    samples: Vec<Vec<Vec<f64>>>,
}

fn run(threads: usize, simtime: f64) -> Run {
    let mut sim = Simulator::with_config(Config {
        threads,
        seed: 11,
        progress: false,
        ..Config::default()
    })
    .unwrap();
    let iaf = IafPscAlphaParams {
        I_e: 450.0 * pA,
        ..Default::default()
    };
    let a = sim.create::<IafPscAlpha>(20, iaf.clone()).unwrap();
    let unstable = AeifCondAlphaParams {
        Delta_T: 0.5 * saltatory::consts::mV,
        b: 200.0 * pA,
        tau_w: 50.0 * ms,
        I_e: 1000.0 * pA,
        ..Default::default()
    };
    let bad = sim.create::<AeifCondAlpha>(1, unstable).unwrap();
    let b = sim.create::<IafPscAlpha>(20, iaf).unwrap();
    let iafs = a + b;
    sim.connect(
        iafs.clone(),
        iafs.clone(),
        Rule::PairwiseBernoulli(0.3),
        SynSpec::new(20.0, 2.0),
    )
    .unwrap();
    sim.stimulate(
        Stimulus::Poisson { rate: 20_000.0 },
        iafs.clone(),
        SynSpec::new(10.0, 1.0),
    )
    .unwrap();
    let all = iafs.clone() + bad;
    let spikes = sim.record_spikes(all.clone()).unwrap();
    // Samples every 0.3 ms: several per slice.
    let every = Sampling {
        interval: 0.3,
        ..Sampling::default()
    };
    let meter = sim
        .record_with(a.slice(5..8).unwrap() + bad, &["V_m"], every)
        .unwrap();
    let error = sim.simulate(simtime * ms).err();
    let trace = sim.trace(meter);
    Run {
        error,
        times: sim.spikes(spikes).times.clone(),
        senders: sim.spikes(spikes).senders.clone(),
        trace_times: trace.times.clone(),
        samples: trace.values.clone(),
    }
}

#[test]
fn a_failing_step_keeps_everything_recorded_before_it() {
    // Up to the failing step (10.3 ms = 103 steps) the run succeeds and is the reference.
    let reference = run(1, 10.3);
    assert!(reference.error.is_none());
    let others_in_failing_slice = (reference.times.iter().zip(&reference.senders))
        .filter(|&(&t, &s)| t > 10.0 && s != 20)
        .count();
    assert!(
        others_in_failing_slice > 0,
        "other neurons spike in the failing slice"
    );
    assert!(reference.trace_times.iter().any(|&t| t > 10.0));
    for threads in [1, 2, 3] {
        let failed = run(threads, 50.0);
        let Some(Error::Integration {
            model,
            node,
            time,
            reason,
        }) = failed.error
        else {
            panic!("expected an integration error, got {:?}", failed.error);
        };
        assert_eq!((model, node), ("aeif_cond_alpha", 20));
        assert!((time - 10.4).abs() < 1e-9, "{time}");
        assert!(!reason.is_empty());
        // The failing neuron spiked in the failing step before its update failed: that spike
        // is kept, and no other spike of that step or later.
        let (mut times, mut senders) = (reference.times.clone(), reference.senders.clone());
        times.push(10.4);
        senders.push(20);
        assert_eq!(failed.senders, senders, "{threads} threads");
        assert!(
            failed
                .times
                .iter()
                .zip(&times)
                .all(|(a, b)| (a - b).abs() < 1e-9)
        );
        assert_eq!(
            failed.trace_times, reference.trace_times,
            "{threads} threads"
        );
        assert_eq!(failed.samples, reference.samples, "{threads} threads");
    }
}

#[test]
fn a_failed_simulation_cannot_continue() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n = sim.create::<AeifCondAlpha>(1, Default::default()).unwrap();
    sim.set(&n, "Delta_T", 0.5).unwrap();
    sim.set(&n, "b", 200.0).unwrap();
    sim.set(&n, "tau_w", 50.0).unwrap();
    sim.set(&n, "I_e", 1000.0).unwrap();
    let first = sim.simulate(20.0 * ms).unwrap_err();
    assert!(
        (sim.time() - 10.3).abs() < 1e-9,
        "time stops at the failing step"
    );
    let again = sim.simulate(1.0 * ms).unwrap_err();
    assert_eq!(first, again);
    let msg = first.to_string();
    for part in ["aeif_cond_alpha", "10.4"] {
        assert!(msg.contains(part), "{msg}");
    }
}
