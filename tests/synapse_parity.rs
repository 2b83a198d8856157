//! The plastic synapse models against live NEST 3.10 (tests/nest/synapses.py): the weight of
//! every synapse after its pre- and postsynaptic trains, equal to the last bit, for trains
//! designed to hit the corners (simultaneous spikes, several postsynaptic spikes between two
//! presynaptic ones, a 2.5 ms delay, non-default exponents and time constants, clipping at
//! Wmax and 0, negative weights) and for pairs of Poisson trains with over a thousand pairings
//! each; the weight recorder's events (the weights spikes were sent with) equal to NEST's; and
//! the same weights for 1 and 2 threads.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::plastic_synapses;
use saltatory::models::registry;
use saltatory::runtime::{
    Config, ConnSpec, Rule, Setting, SpikeTrain, SynSpec, Value, WeightData, Window,
};
use serde_json::Value as Json;

fn fixture(name: &str) -> Json {
    let p = format!(
        "{}/tests/fixtures/synapses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

/// The scenario's parameters, by NEST name.
fn params(sc: &Json) -> Vec<(&str, Value)> {
    let p = sc["params"].as_object().into_iter().flatten();
    p.map(|(k, v)| (k.as_str(), Value::Number(f(v)))).collect()
}

/// What a run gives: each pair's final weight, what a weight recorder recorded, and each of
/// the model's variables (by name) per pair.
type Outcome = (Vec<f64>, WeightData, Vec<(String, Vec<f64>)>);

/// Runs a scenario on `threads` threads.
fn run(fx: &Json, threads: usize) -> Outcome {
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
    let model = sc
        .get("model")
        .map_or("stdp_synapse", |m| m.as_str().unwrap());
    let store = sim.add_connection_store(plastic_synapses(model, &params(sc)).unwrap());
    let recorder = sim.weight_recorder(&[store], Window::default()).unwrap();
    let syn = SynSpec::new(f(&sc["weight"]), f(&sc["delay"]))
        .receptor(1)
        .store(store);
    sim.connect(pre.clone(), post, ConnSpec::from(Rule::OneToOne), syn)
        .unwrap();
    if let Some(set) = sc.get("set_at") {
        sim.simulate(f(&set["time"]) * ms).unwrap();
        for (name, v) in set["values"].as_object().unwrap() {
            sim.set_connection_values(pre.clone(), name, &vec![f(v); n])
                .unwrap();
        }
        sim.simulate((f(&sc["simtime"]) - f(&set["time"])) * ms)
            .unwrap();
    } else {
        sim.simulate(f(&sc["simtime"]) * ms).unwrap();
    }
    // The archives keep only what the synapses may still read: for long runs, a few spikes
    // per neuron, not every spike.
    let posts: usize = pairs
        .iter()
        .map(|p| p["post"].as_array().unwrap().len())
        .sum();
    if posts > 100 * n {
        let kept = sim.archived_spikes();
        assert!(
            kept < 20 * n,
            "{kept} archived of {posts} postsynaptic spikes"
        );
    }
    // One synapse per pair, listed by source: pair order.
    let weights = sim.connection_values(pre.clone(), "weight").unwrap();
    let names = fx["state"].as_object().unwrap().keys();
    let state = names
        .map(|k| (k.clone(), sim.connection_values(pre.clone(), k).unwrap()))
        .collect();
    (weights, sim.weights(recorder).clone(), state)
}

fn check(name: &str) {
    let fx = fixture(name);
    let want: Vec<f64> = fx["weights"].as_array().unwrap().iter().map(f).collect();
    let w0 = f(&fx["scenario"]["weight"]);
    let sent = fx.get("events").map_or(vec![], |e| {
        e["weights"].as_array().unwrap().iter().map(f).collect()
    });
    let is_static = fx["scenario"]["model"]
        .as_str()
        .is_some_and(|m| m.starts_with("static_"));
    assert!(
        is_static || want.iter().chain(&sent).any(|w| *w != w0),
        "{name}: NEST's weights did not change"
    );
    let (got, events, state) = run(&fx, 1);
    for (name, values) in &state {
        let want = fx["state"][name].as_array().unwrap();
        for (k, (g, w)) in values.iter().zip(want).enumerate() {
            let w = f(w);
            assert_eq!(
                g.to_bits(),
                w.to_bits(),
                "{name}, pair {k}: {name} {g} against {w}"
            );
        }
    }
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(
            g.to_bits(),
            w.to_bits(),
            "{name}, pair {k}: {g} against NEST's {w}"
        );
    }
    assert_eq!(got.len(), want.len());
    // Every transmitted spike is recorded.
    let _ = &state;
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
    let (two, events2, state2) = run(&fx, 2);
    assert_eq!(two, got, "{name}: two threads");
    assert_eq!(events2, events, "{name}: weight events on two threads");
    assert_eq!(state2, state, "{name}: variables on two threads");
}

/// Every scenario of `model`, and the number checked.
fn check_model(model: &str) -> usize {
    let dir = format!("{}/tests/fixtures/synapses", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
        .filter(|n| {
            let sc = &fixture(n)["scenario"];
            sc.get("model")
                .map_or("stdp_synapse", |m| m.as_str().unwrap())
                == model
        })
        .collect();
    names.sort();
    for n in &names {
        check(n);
    }
    names.len()
}

/// A random scenario has over a thousand pairings per pair: the shortest train is long.
fn assert_long_trains(name: &str) {
    let fx = fixture(name);
    let shortest = (fx["pairs"].as_array().unwrap().iter())
        .flat_map(|p| [&p["pre"], &p["post"]])
        .map(|t| t.as_array().unwrap().len())
        .min()
        .unwrap();
    assert!(
        shortest > 150,
        "{name}: {shortest} spikes in the shortest train"
    );
}

#[test]
fn stdp_synapse_matches_nest_to_the_last_bit() {
    assert_long_trains("random_pairings");
    assert_eq!(check_model("stdp_synapse"), 6);
}

#[test]
fn stdp_pl_synapse_hom_matches_nest_to_the_last_bit() {
    assert_long_trains("pl_random");
    assert_eq!(check_model("stdp_pl_synapse_hom"), 3);
}

#[test]
fn stdp_triplet_synapse_matches_nest_to_the_last_bit() {
    assert_long_trains("triplet_random");
    assert_eq!(check_model("stdp_triplet_synapse"), 3);
}

#[test]
fn vogels_sprekeler_synapse_matches_nest_to_the_last_bit() {
    assert_long_trains("vogels_random");
    assert_eq!(check_model("vogels_sprekeler_synapse"), 3);
}

#[test]
fn tsodyks_synapses_send_nest_weights_to_the_last_bit() {
    assert_eq!(check_model("tsodyks_synapse"), 2);
    assert_eq!(check_model("tsodyks2_synapse"), 3);
    assert_eq!(check_model("tsodyks_synapse_hom"), 1);
}

#[test]
fn common_weights_are_sent_as_nest_sends_them() {
    assert_eq!(check_model("static_synapse_hom_w"), 1);
    // Through the registry, the common weight is the weight connections are made with.
    let mut models = registry();
    let dict = [("weight", Value::Number(7.5))];
    models
        .copy_model("static_synapse_hom_w", "hom", &dict)
        .unwrap();
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    assert_eq!(
        models.synapse_in(&mut sim, "hom").unwrap().weight,
        7.5.into()
    );
}

#[test]
fn synapse_values_read_and_set_by_name() {
    let fx = fixture("set_between_runs");
    assert!(fx["scenario"]["set_at"].is_object());
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let models = registry();
    let pre = models.create(&mut sim, "parrot_neuron", 2, &[]).unwrap();
    let post = models.create(&mut sim, "parrot_neuron", 2, &[]).unwrap();
    let store = sim.add_connection_store(plastic_synapses("stdp_synapse", &[]).unwrap());
    let syn = SynSpec::new(5.0, 1.0).receptor(1).store(store);
    sim.connect(
        pre.clone(),
        post.clone(),
        ConnSpec::from(Rule::AllToAll),
        syn,
    )
    .unwrap();
    sim.connect(
        pre.clone(),
        post,
        ConnSpec::from(Rule::OneToOne),
        SynSpec::new(1.0, 2.0),
    )
    .unwrap();
    let e = sim
        .connection_values(pre.clone(), "Kplus")
        .unwrap_err()
        .to_string();
    assert!(e.contains("static_synapse") && e.contains("Kplus"), "{e}");
    let e = sim
        .set_connection_values(pre.clone(), "weight", &[1.0; 6])
        .unwrap_err();
    assert!(e.to_string().contains("static_synapse"), "{e}");
    // From the first source: the static synapse, then the plastic ones, by target.
    let pre0 = pre.slice(0..1).unwrap();
    assert_eq!(
        sim.connection_values(pre0.clone(), "delay").unwrap(),
        [2.0, 1.0, 1.0]
    );
    let weights = sim.connection_values(pre0.clone(), "weight").unwrap();
    assert_eq!(weights, [1.0, 5.0, 5.0]);
    let e = sim.set_connection_values(pre0.clone(), "Kplus", &[0.5, 0.25]);
    assert!(e.unwrap_err().to_string().contains("2 values"));
    let e = sim
        .connection_values(pre0.clone(), "Kplu")
        .unwrap_err()
        .to_string();
    assert!(e.contains("Kplu") && e.contains("Kplus"), "{e}");
}

#[test]
fn unknown_models_and_bad_parameters_are_refused_by_name() {
    let e = plastic_synapses("stdp_synapses", &[])
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("stdp_synapses") && e.contains("tsodyks2_synapse"),
        "{e}"
    );
    let bad = [("tau_plus", Value::Number(0.0))];
    let e = plastic_synapses("stdp_synapse", &bad)
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("stdp_synapse") && e.contains("tau_plus") && e.contains('0'),
        "{e}"
    );
    let bad = [("U", Value::Number(1.5))];
    let e = plastic_synapses("tsodyks2_synapse", &bad)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("tsodyks2_synapse") && e.contains("1.5"), "{e}");
    let e = plastic_synapses("tsodyks_synapse", &[("tau_facc", Value::Number(1.0))]);
    assert!(e.err().unwrap().to_string().contains("tau_fac"));
}

#[test]
fn plastic_models_by_name_through_the_registry() {
    let mut models = registry();
    // NEST's names and aliases; defaults read back by name.
    for name in [
        "stdp_synapse_hpc",
        "stdp_synapse_hom",
        "tsodyks2_synapse_hpc",
    ] {
        assert!(models.synapses().contains(name), "{name}");
    }
    let d = models.synapses().defaults("stdp_pl_synapse_hom").unwrap();
    assert!(d.contains(&("mu", Value::Number(0.4))), "{d:?}");
    assert!(d.contains(&("weight", Value::Number(1.0))), "{d:?}");
    // CopyModel with changed parameters and weight; SetDefaults refused as a whole.
    let dict = [
        ("tau_plus", Value::Number(15.0)),
        ("weight", Value::Number(20.0)),
    ];
    models.copy_model("stdp_synapse", "my_stdp", &dict).unwrap();
    let bad = [
        ("lambda", Value::Number(0.5)),
        ("tau_plus", Value::Number(-1.0)),
    ];
    let e = models
        .set_defaults("my_stdp", &bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("tau_plus") && e.contains("-1"), "{e}");
    let e = models.set_defaults("my_stdp", &[("tau_pluss", Value::Number(1.0))]);
    let e = e.unwrap_err().to_string();
    assert!(e.contains("tau_pluss") && e.contains("Wmax"), "{e}");
    let d = models.synapses().defaults("my_stdp").unwrap();
    assert!(d.contains(&("tau_plus", Value::Number(15.0))), "{d:?}");
    assert!(d.contains(&("lambda", Value::Number(0.01))), "{d:?}");
    // The copy connects through a store of its own, with its parameters: the same weights as
    // the store made directly with those parameters.
    let run = |by_name: bool| {
        let mut sim = Simulator::new(0.1 * ms).unwrap();
        let pre = models.create(&mut sim, "parrot_neuron", 1, &[]).unwrap();
        let post = models.create(&mut sim, "parrot_neuron", 1, &[]).unwrap();
        let train = |t: &[f64]| SpikeTrain::new(t, 1.0);
        sim.add_spike_train(pre.clone(), &train(&[10.0, 30.0, 50.0]))
            .unwrap();
        sim.add_spike_train(post.clone(), &train(&[12.0, 32.0, 45.0]))
            .unwrap();
        let syn = if by_name {
            models.synapse_in(&mut sim, "my_stdp").unwrap()
        } else {
            let params = [("tau_plus", Value::Number(15.0))];
            let store =
                sim.add_connection_store(plastic_synapses("stdp_synapse", &params).unwrap());
            SynSpec::new(20.0, 1.0).store(store)
        };
        sim.connect(
            pre.clone(),
            post,
            ConnSpec::from(Rule::AllToAll),
            syn.receptor(1),
        )
        .unwrap();
        sim.simulate(100.0 * ms).unwrap();
        sim.connections(pre).unwrap()[0].weight
    };
    let w = run(true);
    assert_ne!(w, 20.0);
    assert_eq!(w.to_bits(), run(false).to_bits());
}

#[test]
fn nearest_neighbour_stdp_synapses_match_nest_to_the_last_bit() {
    for (short, model) in [
        ("nn_symm", "stdp_nn_symm_synapse"),
        ("nn_pre", "stdp_nn_pre_centered_synapse"),
        ("nn_restr", "stdp_nn_restr_synapse"),
    ] {
        assert_long_trains(&format!("{short}_random"));
        assert_eq!(check_model(model), 3, "{model}");
    }
}
