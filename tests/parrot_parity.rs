//! parrot_neuron against live NEST 3.10 (tests/nest/parrot.py): every recorded spike, with its
//! multiplicity, at NEST's time, for spike trains with multiplicities, weights of any sign,
//! receptor 1, chains of parrots and several sources in one step.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::{Config, ConnSpec, Device, Rule, Stimulus, SynSpec, Window};
use serde_json::Value as Json;

fn fixtures() -> Vec<Json> {
    let dir = format!("{}/tests/fixtures/parrot", env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let fixtures: Vec<Json> = paths
        .iter()
        .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    assert!(fixtures.len() >= 6, "parrot fixtures missing in {dir}");
    fixtures
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

/// A scenario's generator as a spike train.
fn generator(g: &Json) -> Device {
    let times: Vec<f64> = g["spike_times"].as_array().unwrap().iter().map(f).collect();
    let multiplicities = g["spike_multiplicities"]
        .as_array()
        .map(|a| a.iter().map(|m| m.as_u64().unwrap() as u32).collect())
        .unwrap_or_default();
    Device {
        stimulus: Stimulus::SpikeTimes {
            times,
            weights: Vec::new(),
            multiplicities,
            allow_offgrid_times: false,
        },
        window: Window::default(),
    }
}

/// Runs a scenario; returns the recorder's events as (time in tenths of µs, global id), sorted.
fn run(sc: &Json, threads: usize) -> Vec<(i64, usize)> {
    let config = Config {
        resolution: f(&sc["resolution"]) * ms,
        threads,
        progress: false,
        ..Config::default()
    };
    let mut sim = Simulator::with_config(config).unwrap();
    let n = sc["n_parrots"].as_u64().unwrap() as usize;
    let parrots = registry()
        .create(&mut sim, "parrot_neuron", n, &[])
        .unwrap();
    let one =
        |i: &Json| parrots.slice(i.as_u64().unwrap() as usize..i.as_u64().unwrap() as usize + 1);
    let generators = sc["generators"].as_array().unwrap();
    for c in sc["connections"].as_array().unwrap() {
        let syn = SynSpec::new(f(&c["weight"]), f(&c["delay"]))
            .receptor(c["receptor"].as_u64().unwrap() as usize);
        let to = one(&c["to"]).unwrap();
        let from = &c["from"];
        let k = &from[1];
        match from[0].as_str().unwrap() {
            "gen" => {
                let g = generator(&generators[k.as_u64().unwrap() as usize]);
                sim.stimulate(g, to, syn).unwrap();
            }
            _ => {
                let rule = ConnSpec::from(Rule::AllToAll);
                sim.connect(one(k).unwrap(), to, rule, syn).unwrap();
            }
        }
    }
    let rec = sim.record_spikes(parrots).unwrap();
    sim.simulate(f(&sc["simtime"]) * ms).unwrap();
    let s = sim.spikes(rec);
    let mut events: Vec<(i64, usize)> = (s.times.iter().zip(&s.senders))
        .map(|(t, n)| ((t * 1e4).round() as i64, n + 1))
        .collect();
    events.sort_unstable();
    events
}

#[test]
fn parrots_repeat_what_nest_repeats() {
    for fx in fixtures() {
        let name = fx["name"].as_str().unwrap();
        let want: Vec<(i64, usize)> = (fx["times"].as_array().unwrap().iter())
            .zip(fx["senders"].as_array().unwrap())
            .map(|(t, s)| ((f(t) * 1e4).round() as i64, s.as_u64().unwrap() as usize))
            .collect();
        assert!(!want.is_empty(), "{name}: NEST recorded nothing");
        let got = run(&fx["scenario"], 1);
        assert_eq!(got, want, "{name}: (time in 0.1 µs, sender)");
        assert_eq!(run(&fx["scenario"], 2), want, "{name}, two threads");
    }
}
