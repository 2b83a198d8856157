//! Random generators whose parameters change between `simulate` calls, against live NEST 3.10
//! (tests/nest/random_device_changes.py): gamma_sup, ppd_sup, mip, pulse packet, inhomogeneous
//! Poisson generators and the spike dilutor drive parrot neurons over three runs with changes
//! in between; the spikes per target in each bin agree with NEST's within four combined
//! standard errors (seeds as units). Negative control: the same runs without the changes
//! disagree. One and two threads give the same spikes.

mod support;

use std::collections::BTreeMap;

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::{Config, Device, NodeCollection, ParamValue, Stimulus, SynSpec};
use serde_json::Value as Json;
use support::{disagreements, fixture, floats, summarise};

const H: f64 = 0.1;
const DELAY: f64 = 1.0;

/// A JSON dictionary as NEST parameters.
fn params(d: &Json) -> Vec<(&str, ParamValue)> {
    let value = |v: &Json| match v {
        Json::Array(a) => ParamValue::Floats(a.iter().map(|x| x.as_f64().unwrap()).collect()),
        Json::Number(n) if n.is_u64() => ParamValue::Int(n.as_i64().unwrap()),
        other => ParamValue::Float(other.as_f64().unwrap()),
    };
    let d = d.as_object().unwrap();
    d.iter().map(|(k, v)| (k.as_str(), value(v))).collect()
}

/// The scenario's generator; a spike dilutor repeats a regular train through a parrot neuron.
fn generator(sim: &mut Simulator, sc: &Json, total: f64) -> Device {
    let model = sc["model"].as_str().unwrap();
    let Some(interval) = sc["mother"].as_f64() else {
        return sim.create_device(model, &params(&sc["params"])).unwrap();
    };
    let k = (total / interval).round() as usize;
    let times: Vec<f64> = (1..k).map(|j| j as f64 * interval).collect();
    let train = sim
        .create_device(
            "spike_generator",
            &[("spike_times", ParamValue::Floats(times))],
        )
        .unwrap();
    let mother = registry().create(sim, "parrot_neuron", 1, &[]).unwrap();
    sim.stimulate(train, mother.clone(), SynSpec::new(1.0, DELAY))
        .unwrap();
    Device::from(Stimulus::SpikeDilutor {
        p_copy: sc["params"]["p_copy"].as_f64().unwrap(),
        sources: mother,
        source_delay: DELAY,
    })
}

/// The targets' spikes `(time, sender)` of one seed; the changes are set when `change`.
fn run(sc: &Json, seed: u64, threads: usize, change: bool) -> Vec<(f64, usize)> {
    let config = Config {
        threads,
        seed,
        progress: false,
        ..Config::default()
    };
    let mut sim = Simulator::with_config(config).unwrap();
    let (n_gen, n_tgt) = (
        sc["generators"].as_u64().unwrap(),
        sc["targets"].as_u64().unwrap(),
    );
    let changes = sc["changes"].as_array().unwrap();
    let t = sc["T"].as_f64().unwrap();
    let parrots: NodeCollection = registry()
        .create(&mut sim, "parrot_neuron", (n_gen * n_tgt) as usize, &[])
        .unwrap();
    let mut ids = Vec::new();
    for i in 0..n_gen {
        let device = generator(&mut sim, sc, t * (changes.len() + 1) as f64);
        let targets = parrots.slice((i * n_tgt) as usize..((i + 1) * n_tgt) as usize);
        let syn = SynSpec::new(1.0, DELAY);
        ids.push(sim.stimulate(device, targets.unwrap(), syn).unwrap());
    }
    let rec = sim.record_spikes(parrots).unwrap();
    for k in 0..=changes.len() {
        if k > 0 && change {
            for &id in &ids {
                sim.set_device_status(id, &params(&changes[k - 1])).unwrap();
            }
        }
        sim.simulate(t * ms).unwrap();
    }
    let data = sim.spikes(rec);
    data.times
        .iter()
        .copied()
        .zip(data.senders.iter().copied())
        .collect()
}

/// Spikes per target in each bin of the generator's stamps (`count_k`).
fn counts(sc: &Json, spikes: &[(f64, usize)]) -> BTreeMap<String, f64> {
    let edges: Vec<i64> = floats(&sc["edges"])
        .iter()
        .map(|e| (e / H).round() as i64)
        .collect();
    let mut out = vec![0.0; edges.len() - 1];
    for &(t, _) in spikes {
        let s = ((t - DELAY) / H).round() as i64;
        if let Some(b) = (0..out.len()).find(|&b| edges[b] < s && s <= edges[b + 1]) {
            out[b] += 1.0;
        }
    }
    let n = (sc["generators"].as_u64().unwrap() * sc["targets"].as_u64().unwrap()) as f64;
    (out.into_iter().enumerate())
        .map(|(b, c)| (format!("count_{b}"), c / n))
        .collect()
}

/// Our statistics' disagreements with NEST's, with or without the changes.
fn compare(name: &str, change: bool) -> Vec<String> {
    let fx = fixture(&format!("random_device_changes/{name}"));
    let sc = &fx["scenario"];
    let units: Vec<_> = (1..=sc["seeds"].as_u64().unwrap())
        .map(|seed| counts(sc, &run(sc, seed, 1, change)))
        .collect();
    disagreements(name, &fx["stats"], &summarise(&units))
}

fn check(name: &str) {
    let bad = compare(name, true);
    assert!(
        bad.is_empty(),
        "{name} disagrees with NEST:\n{}",
        bad.join("\n")
    );
    let control = compare(name, false);
    assert!(
        !control.is_empty(),
        "{name}: the runs without the changes should disagree with NEST"
    );
}

#[test]
fn gamma_sup_keeps_its_occupation_numbers_across_changes_as_nest_does() {
    check("gamma_sup");
}

#[test]
fn ppd_sup_keeps_its_ages_across_changes_as_nest_does() {
    check("ppd_sup");
}

#[test]
fn mip_changes_rate_and_copy_probability_between_runs_as_nest_does() {
    check("mip");
}

#[test]
fn pulsepacket_drops_and_redraws_its_pulses_on_a_change_as_nest_does() {
    check("pulsepacket");
}

#[test]
fn inhomogeneous_poisson_takes_new_rate_times_between_runs_as_nest_does() {
    check("inhomogeneous_poisson");
}

#[test]
fn spike_dilutor_changes_its_copy_probability_between_runs_as_nest_does() {
    check("spike_dilutor");
}

#[test]
fn changed_generators_give_the_same_spikes_on_one_and_two_threads() {
    for name in [
        "gamma_sup",
        "ppd_sup",
        "mip",
        "pulsepacket",
        "inhomogeneous_poisson",
    ] {
        let fx = fixture(&format!("random_device_changes/{name}"));
        let sorted = |threads| {
            let mut s = run(&fx["scenario"], 1, threads, true);
            s.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            s
        };
        assert_eq!(sorted(1), sorted(2), "{name}");
    }
}
