//! Binary neurons against live NEST 3.10 (tests/nest/binary.py): statistics of the state, the
//! transitions, the decoded input and the first update, over as many seeds as NEST ran, within
//! 4 combined standard errors; and a negative control (a parameter changed by 5 %) that must be
//! detected. Our random streams are not NEST's, so only statistics can agree.

use std::collections::HashMap;

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::{
    Config, ConnSpec, Device, NodeCollection, Rule, Sampling, Setting, SpikeData, Stimulus,
    SynSpec, Trace, Value, Window,
};
use serde_json::Value as Json;

fn fixture(name: &str) -> Json {
    let p = format!(
        "{}/tests/fixtures/binary/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

/// A constant current, as NEST gives it: a noise generator without noise, weight 1, delay h.
fn constant(sim: &mut Simulator, pop: &NodeCollection, mean: f64, h: f64) {
    let stimulus = Stimulus::Noise {
        mean,
        std: 0.0,
        dt: None,
        std_mod: 0.0,
        frequency: 0.0,
        phase: 0.0,
    };
    let device = Device {
        stimulus,
        window: Window::default(),
    };
    sim.stimulate(device, pop.clone(), SynSpec::new(1.0, h))
        .unwrap();
}

/// One population's statistic per name, for one seed.
type Stats = HashMap<String, HashMap<String, f64>>;

/// Runs the scenario with `seed`; `change` multiplies one population's parameter (or its dc).
fn run(sc: &Json, seed: u64, change: Option<(&str, &str, f64)>) -> Stats {
    let h = f(&sc["resolution"]);
    let config = Config {
        resolution: h * ms,
        seed,
        progress: false,
        ..Config::default()
    };
    let mut sim = Simulator::with_config(config).unwrap();
    let mut pops: Vec<(String, NodeCollection)> = Vec::new();
    for p in sc["populations"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let factor = |param: &str| match change {
            Some((pop, what, x)) if pop == name && what == param => x,
            _ => 1.0,
        };
        let dict: Vec<(&str, Setting)> = (p["params"].as_object().unwrap().iter())
            .map(|(k, v)| (k.as_str(), Setting::from(f(v) * factor(k))))
            .collect();
        let n = p["n"].as_u64().unwrap() as usize;
        let nodes = registry()
            .create(&mut sim, p["model"].as_str().unwrap(), n, &dict)
            .unwrap();
        // A changed parameter the scenario leaves at its default.
        if let Some((pop, what, x)) = change {
            let given = p["params"].get(what).is_some();
            if pop == name && what != "dc" && !given {
                let now = &sim.get_status(nodes.clone(), &[what]).unwrap()[0][0];
                let Value::Number(v) = now else {
                    panic!("{what} is not a number")
                };
                sim.set_status(nodes.clone(), &[(what, Setting::from(v * x))])
                    .unwrap();
            }
        }
        if let Some(dc) = p["dc"].as_f64() {
            constant(&mut sim, &nodes, dc * factor("dc"), h);
        }
        pops.push((name.to_string(), nodes));
    }
    let find = |name: &Json| {
        let name = name.as_str().unwrap();
        pops.iter().find(|p| p.0 == name).unwrap().1.clone()
    };
    for c in sc["connections"].as_array().unwrap() {
        let spec = ConnSpec {
            rule: Rule::FixedIndegree(c["indegree"].as_u64().unwrap() as usize),
            allow_autapses: false,
            allow_multapses: false,
        };
        let syn = SynSpec::new(f(&c["weight"]), f(&c["delay"]));
        sim.connect(find(&c["from"]), find(&c["to"]), spec, syn)
            .unwrap();
    }
    let sampling = Sampling {
        interval: f(&sc["record_interval"]),
        offset: 0.0,
        window: Window::default(),
    };
    let recorded: Vec<_> = pops
        .iter()
        .map(|(_, n)| {
            let trace = sim.record_with(n.clone(), &["S", "h"], sampling).unwrap();
            (trace, sim.record_spikes(n.clone()).unwrap())
        })
        .collect();
    let simtime = f(&sc["simtime"]);
    sim.simulate(simtime * ms).unwrap();
    let warmup = f(&sc["warmup"]);
    pops.iter()
        .zip(&recorded)
        .map(|((name, n), (trace, spikes))| {
            let window = (warmup, simtime);
            let stats = statistics(sim.trace(*trace), sim.spikes(*spikes), n.len(), window);
            (name.clone(), stats)
        })
        .collect()
}

/// The fixture's statistics of one population (see tests/nest/binary.py).
fn statistics(
    trace: &Trace,
    spikes: &SpikeData,
    n: usize,
    (warmup, simtime): (f64, f64),
) -> HashMap<String, f64> {
    let mean_in_window = |v: usize| {
        let (mut sum, mut count) = (0.0, 0.0);
        for series in &trace.values[v] {
            for (x, t) in series.iter().zip(&trace.times) {
                if *t > warmup && *t <= simtime + 1e-9 {
                    sum += x;
                    count += 1.0;
                }
            }
        }
        sum / count
    };
    // Transitions: a sender's two spikes at one time are a change to 1, one a change to 0.
    let mut events: Vec<(usize, i64)> = (spikes.senders.iter().zip(&spikes.times))
        .map(|(s, t)| (*s, (t * 1e4).round() as i64))
        .collect();
    events.sort_unstable();
    let (mut up, mut down) = (0.0, 0.0);
    let mut first_up: HashMap<usize, i64> = HashMap::new();
    let mut k = 0;
    while k < events.len() {
        let same = events[k..].iter().take_while(|e| **e == events[k]).count();
        let (sender, t) = events[k];
        let inside = t as f64 / 1e4 > warmup;
        match same {
            2 => {
                first_up.entry(sender).or_insert(t);
                up += f64::from(u8::from(inside));
            }
            1 => down += f64::from(u8::from(inside)),
            m => panic!("a binary neuron sent {m} spikes at once"),
        }
        k += same;
    }
    let per = n as f64 * (simtime - warmup) / 1000.0;
    let first = first_up.values().map(|&t| t as f64 / 1e4).sum::<f64>() / first_up.len() as f64;
    HashMap::from([
        ("mean_S".to_string(), mean_in_window(0)),
        ("h_mean".to_string(), mean_in_window(1)),
        ("up_rate".to_string(), up / per),
        ("down_rate".to_string(), down / per),
        ("first_up_time".to_string(), first),
    ])
}

/// Mean and standard error over seeds of every statistic of every population.
fn over_seeds(sc: &Json, seeds: &[u64], change: Option<(&str, &str, f64)>) -> Stats {
    let runs: Vec<Stats> = seeds.iter().map(|&s| run(sc, s, change)).collect();
    let mut out = Stats::new();
    for (pop, stats) in &runs[0] {
        for stat in stats.keys() {
            let v: Vec<f64> = runs.iter().map(|r| r[pop][stat]).collect();
            let m = v.iter().sum::<f64>() / v.len() as f64;
            let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
            let e = out.entry(pop.clone()).or_default();
            e.insert(stat.clone(), m);
            e.insert(format!("{stat}_se"), (var / v.len() as f64).sqrt());
        }
    }
    out
}

/// The statistics of `ours` that differ from NEST's by more than 4 combined standard errors:
/// (population, statistic, z).
fn deviations(fx: &Json, ours: &Stats) -> Vec<(String, String, f64)> {
    let mut out = Vec::new();
    for p in fx["scenario"]["populations"].as_array().unwrap() {
        let pop = p["name"].as_str().unwrap();
        for stat in p["stats"].as_array().unwrap() {
            let stat = stat.as_str().unwrap();
            let nest = &fx["statistics"][pop][stat];
            let (m, se) = (ours[pop][stat], ours[pop][&format!("{stat}_se")]);
            let z = (m - f(&nest["mean"])) / (se.powi(2) + f(&nest["se"]).powi(2)).sqrt();
            if z.abs() > 4.0 {
                out.push((pop.to_string(), stat.to_string(), z));
            }
        }
    }
    out
}

fn check(name: &str) {
    let fx = fixture(name);
    let sc = &fx["scenario"];
    let seeds: Vec<u64> = (1..=sc["seeds"].as_array().unwrap().len() as u64).collect();
    let ours = over_seeds(sc, &seeds, None);
    let off = deviations(&fx, &ours);
    assert!(off.is_empty(), "{name}: differs from NEST: {off:?}");
    // The negative control: the same comparison with one parameter 5 % off must fail.
    let c = &fx["control"];
    let change = (
        c["population"].as_str().unwrap(),
        c["param"].as_str().unwrap(),
        f(&c["factor"]),
    );
    let control_seeds: Vec<u64> = seeds.iter().map(|s| s + 1000).collect();
    let moved = over_seeds(sc, &control_seeds, Some(change));
    assert!(
        !deviations(&fx, &moved).is_empty(),
        "{name}: {change:?} went undetected"
    );
}

#[test]
fn ginzburg_with_positive_input_matches_nest() {
    check("ginzburg_dc_pos");
}

#[test]
fn ginzburg_with_negative_input_matches_nest() {
    check("ginzburg_dc_neg");
}

#[test]
fn ginzburg_with_a_linear_gain_term_matches_nest() {
    check("ginzburg_affine_tau20");
}

#[test]
fn erfc_and_first_update_times_match_nest() {
    check("erfc_dc_res1");
}

#[test]
fn mcculloch_pitts_decoding_ginzburg_senders_matches_nest() {
    check("mcculloch_pitts_from_ginzburg");
}

#[test]
fn a_recurrent_binary_network_matches_nest() {
    check("ginzburg_ei_network");
}
