//! Replays every scenario of `tests/nest/scenarios.json` and compares with the fixtures that
//! `tests/nest/gen_fixtures.py` recorded from live NEST 3.10: identical spike steps, and every
//! recorded trace within 1e-11 relative error.

use saltatory::models::{IafPscAlpha, IafPscDelta, IafPscExp};
use saltatory::runtime::{DcInput, Model, Simulator, SpikeTrain, Time, Trace};
use saltatory::{Value, consts::*};
use serde_json::Value as Json;

const REL_TOL: f64 = 1e-11;

fn load(path: &str) -> Json {
    let p = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

fn floats(v: &Json) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

/// Builds and runs a scenario; returns spike times and the trace.
fn run<M: Model>(sc: &Json) -> (Vec<f64>, Trace) {
    let mut sim = Simulator::new(Time::new(f(&sc["resolution"]))).unwrap();
    let n = sim.create::<M>(1, Default::default()).unwrap();
    // NEST applies the Create dictionary in one go; our parameters are absolute, so the order
    // does not matter except for validation: set all, then validate via a calibration.
    let mut params = sim.params(&n).unwrap();
    for (k, v) in sc["params"].as_object().unwrap() {
        let value = match v {
            Json::Bool(b) => Value::Switch(*b),
            other => Value::Number(f(other)),
        };
        if M::META.param(k).is_ok() {
            saltatory::runtime::Parameters::set(&mut params, k, value).unwrap();
        } else {
            sim.set(&n, k, value).unwrap();
        }
    }
    sim.set_params(&n, params).unwrap();
    for t in sc["spike_trains"].as_array().unwrap() {
        let train =
            SpikeTrain::new(&floats(&t["times"]), f(&t["weight"])).delay(f(&t["delay"]) * ms);
        sim.add_spike_train(&n, &train).unwrap();
    }
    for d in sc["dc"].as_array().unwrap() {
        let dc = DcInput {
            amplitude: f(&d["amplitude"]) * pA,
            start: f(&d["start"]) * ms,
            stop: f(&d["stop"]) * ms,
            delay: f(&d["delay"]) * ms,
            receptor: d["receptor"].as_u64().unwrap() as usize,
        };
        sim.add_dc(&n, &dc).unwrap();
    }
    let vars: Vec<&str> = sc["record"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let rec = sim.record(n, &vars).unwrap();
    let spikes = sim.record_spikes(n).unwrap();
    sim.simulate(f(&sc["simtime"]) * ms).unwrap();
    (sim.spikes(spikes).times.clone(), sim.trace(rec).clone())
}

/// Compares one scenario; returns the worst relative deviation over all traces.
fn compare(sc: &Json) -> f64 {
    let name = sc["name"].as_str().unwrap();
    let fx = load(&format!("tests/fixtures/{name}.json"));
    let (spikes, trace) = match sc["model"].as_str().unwrap() {
        "iaf_psc_delta" => run::<IafPscDelta>(sc),
        "iaf_psc_exp" => run::<IafPscExp>(sc),
        "iaf_psc_alpha" => run::<IafPscAlpha>(sc),
        other => panic!("{name}: unknown model {other}"),
    };
    let h = f(&sc["resolution"]);
    let min_spikes = sc["min_spikes"].as_u64().unwrap() as usize;
    let nest_spikes = floats(&fx["spike_times"]);
    assert!(
        nest_spikes.len() >= min_spikes,
        "{name}: NEST fired {} < {min_spikes}",
        nest_spikes.len()
    );
    assert!(
        spikes.len() >= min_spikes,
        "{name}: we fired {} < {min_spikes}",
        spikes.len()
    );
    let steps = |v: &[f64]| v.iter().map(|t| (t / h).round() as i64).collect::<Vec<_>>();
    assert_eq!(
        steps(&spikes),
        steps(&nest_spikes),
        "{name}: spike steps differ"
    );

    let times = floats(&fx["times"]);
    assert_eq!(trace.times.len(), times.len(), "{name}: sample count");
    for (a, b) in trace.times.iter().zip(&times) {
        assert!((a - b).abs() <= 1e-9, "{name}: sample time {a} vs {b}");
    }
    let mut worst = 0.0_f64;
    for var in &trace.names {
        let ours = trace.series(var, 0).unwrap();
        let nest = floats(&fx[*var]);
        for (k, (a, b)) in ours.iter().zip(&nest).enumerate() {
            let rel = if *b == 0.0 {
                a.abs()
            } else {
                ((a - b) / b).abs()
            };
            assert!(
                rel <= REL_TOL,
                "{name}: {var} at t = {} ms: ours {a}, NEST {b}, relative error {rel:e}",
                times[k]
            );
            worst = worst.max(rel);
        }
    }
    worst
}

#[test]
fn every_scenario_matches_live_nest() {
    let scenarios = load("tests/nest/scenarios.json");
    let list = scenarios.as_array().unwrap();
    assert!(list.len() >= 20);
    let mut report = String::new();
    for sc in list {
        let worst = compare(sc);
        report.push_str(&format!(
            "{:<32} worst relative deviation {worst:.2e}\n",
            sc["name"].as_str().unwrap()
        ));
    }
    println!("{report}");
}
