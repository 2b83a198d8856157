//! stdp_synapse against live NEST 3.10 (tests/nest/stdp.py): the weight of every synapse after
//! its pre- and postsynaptic trains, equal to the last bit, for trains designed to hit the
//! corners (simultaneous spikes, several postsynaptic spikes between two presynaptic ones, a
//! 2.5 ms delay, non-default exponents and time constants, clipping at Wmax and 0) and for 40
//! pairs of Poisson trains with over a thousand pairings each; the weight recorder's events
//! equal to NEST's; and the same weights for 1 and 2 threads.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::models::StdpSynapseParams;
use saltatory::runtime::{
    Config, ConnSpec, Parameters, Rule, Setting, SpikeTrain, SynSpec, Value, WeightData, Window,
};
use serde_json::Value as Json;

fn fixture(name: &str) -> Json {
    let p = format!(
        "{}/tests/fixtures/stdp/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

/// The rule with a scenario's NEST parameters over NEST's defaults, set by name.
fn rule(params: &Json) -> StdpSynapseParams {
    let mut p = StdpSynapseParams::default();
    for (k, v) in params.as_object().into_iter().flatten() {
        p.set(k, Value::Number(f(v))).unwrap();
    }
    p
}

/// The final weight of each pair's synapse, and what a weight recorder recorded.
fn run(fx: &Json, threads: usize) -> (Vec<f64>, WeightData) {
    let sc = &fx["scenario"];
    let config = Config {
        resolution: f(&sc["resolution"]) * ms,
        threads,
        progress: false,
        ..Config::default()
    };
    let mut sim = Simulator::with_config(config).unwrap();
    let pairs = fx["pairs"].as_array().unwrap();
    let n = pairs.len();
    let models = registry();
    let pre = models.create(&mut sim, "parrot_neuron", n, &[]).unwrap();
    let post_params: Vec<(&str, Setting)> = sc["post_params"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.as_str(), Setting::from(f(v))))
                .collect()
        })
        .unwrap_or_default();
    let post = models
        .create(&mut sim, "parrot_neuron", n, &post_params)
        .unwrap();
    let times = |v: &Json| -> Vec<f64> { v.as_array().unwrap().iter().map(f).collect() };
    for (k, p) in pairs.iter().enumerate() {
        for (nodes, key) in [(&pre, "pre"), (&post, "post")] {
            let train = SpikeTrain::new(&times(&p[key]), 1.0).delay(1.0 * ms);
            sim.add_spike_train(nodes.slice(k..k + 1).unwrap(), &train)
                .unwrap();
        }
    }
    let store = sim.plastic_store(rule(&sc["params"])).unwrap();
    let recorder = sim.weight_recorder(&[store], Window::default()).unwrap();
    let syn = SynSpec::new(f(&sc["weight"]), f(&sc["delay"]))
        .receptor(1)
        .store(store);
    sim.connect(pre.clone(), post, ConnSpec::from(Rule::OneToOne), syn)
        .unwrap();
    sim.simulate(f(&sc["simtime"]) * ms).unwrap();
    let mut conns = sim.connections(pre).unwrap();
    conns.sort_by_key(|c| c.source);
    let weights = conns.iter().map(|c| c.weight).collect();
    (weights, sim.weights(recorder).clone())
}

fn check(name: &str) {
    let fx = fixture(name);
    let want: Vec<f64> = fx["weights"].as_array().unwrap().iter().map(f).collect();
    let w0 = f(&fx["scenario"]["weight"]);
    assert!(
        want.iter().any(|w| *w != w0),
        "{name}: NEST's weights did not change"
    );
    let (got, events) = run(&fx, 1);
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(
            g.to_bits(),
            w.to_bits(),
            "{name}, pair {k}: {g} against NEST's {w}"
        );
    }
    assert_eq!(got.len(), want.len());
    // Every transmitted spike is recorded.
    let n_pre: usize = (fx["pairs"].as_array().unwrap().iter())
        .map(|p| p["pre"].as_array().unwrap().len())
        .sum();
    assert_eq!(events.times.len(), n_pre, "{name}: weight events");
    if let Some(ev) = fx.get("events") {
        let nest: Vec<(f64, usize, usize, u64)> = (0..ev["times"].as_array().unwrap().len())
            .map(|k| {
                let id = |key: &str| ev[key][k].as_u64().unwrap() as usize;
                let w = f(&ev["weights"][k]).to_bits();
                (f(&ev["times"][k]), id("senders"), id("targets"), w)
            })
            .collect();
        let ours: Vec<(f64, usize, usize, u64)> = (0..events.times.len())
            .map(|k| {
                let (s, t) = (events.senders[k] + 1, events.targets[k] + 1);
                (events.times[k], s, t, events.weights[k].to_bits())
            })
            .collect();
        assert_eq!(ours, nest, "{name}: weight_recorder events");
    }
    let (two, events2) = run(&fx, 2);
    assert_eq!(two, got, "{name}: two threads");
    assert_eq!(events2, events, "{name}: weight events on two threads");
}

#[test]
fn corner_cases_match_nest_to_the_last_bit() {
    check("corners");
    check("delay_2_5_and_exponents");
}

#[test]
fn clipped_weights_match_nest() {
    check("clipping_at_wmax");
    check("clipping_at_zero");
}

#[test]
fn random_pairings_match_nest_to_the_last_bit() {
    let fx = fixture("random_pairings");
    let pairings: usize = (fx["pairs"].as_array().unwrap().iter())
        .map(|p| p["pre"].as_array().unwrap().len())
        .min()
        .unwrap();
    assert!(
        pairings > 250,
        "{pairings} presynaptic spikes in the shortest train"
    );
    check("random_pairings");
}
