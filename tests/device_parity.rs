//! Stimulation devices and recorders against live NEST 3.10 (tests/nest/devices.py): exact
//! traces and spike times for deterministic devices, matching statistics for random ones.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::{
    Config, Device, Sampling, Setting, SpikeData, Stimulus, SynSpec, Trace, Value, Window,
};
use serde_json::Value as Json;

fn fixture(name: &str) -> Json {
    let p = format!(
        "{}/tests/fixtures/devices/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

fn floats(v: &Json) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().map(f).collect())
        .unwrap_or_default()
}

fn window(v: &Json) -> Window {
    Window {
        start: v["start"].as_f64().unwrap_or(0.0),
        stop: v["stop"].as_f64().unwrap_or(f64::INFINITY),
        origin: v["origin"].as_f64().unwrap_or(0.0),
    }
}

/// The device of a scenario, in saltatory's terms.
fn device(d: &Json) -> Device {
    let p = &d["params"];
    let g = |k: &str, default: f64| p[k].as_f64().unwrap_or(default);
    let stimulus = match d["type"].as_str().unwrap() {
        "dc_generator" => Stimulus::Dc {
            amplitude: g("amplitude", 0.0),
        },
        "ac_generator" => Stimulus::Ac {
            amplitude: g("amplitude", 0.0),
            offset: g("offset", 0.0),
            frequency: g("frequency", 0.0),
            phase: g("phase", 0.0),
        },
        "step_current_generator" => Stimulus::StepCurrent {
            times: floats(&p["amplitude_times"]),
            amplitudes: floats(&p["amplitude_values"]),
            allow_offgrid_times: false,
        },
        "noise_generator" => Stimulus::Noise {
            mean: g("mean", 0.0),
            std: g("std", 0.0),
            dt: p["dt"].as_f64(),
            std_mod: g("std_mod", 0.0),
            frequency: g("frequency", 0.0),
            phase: g("phase", 0.0),
        },
        "poisson_generator" => Stimulus::Poisson {
            rate: g("rate", 0.0),
        },
        "spike_generator" => Stimulus::SpikeTimes {
            times: floats(&p["spike_times"]),
            weights: floats(&p["spike_weights"]),
            multiplicities: p["spike_multiplicities"]
                .as_array()
                .map(|a| a.iter().map(|m| m.as_u64().unwrap() as u32).collect())
                .unwrap_or_default(),
            allow_offgrid_times: false,
        },
        other => panic!("unknown device {other}"),
    };
    Device {
        stimulus,
        window: window(p),
    }
}

struct Output {
    trace: Option<Trace>,
    spikes: Option<SpikeData>,
}

fn run_model(sc: &Json, seed: u64, params: &[(&str, Value)]) -> Output {
    let config = Config {
        resolution: f(&sc["resolution"]) * ms,
        seed,
        progress: false,
        ..Config::default()
    };
    let mut sim = Simulator::with_config(config).unwrap();
    // Created by name with the scenario's parameters; then the run's own, one by one.
    let dict: Vec<(&str, Setting)> = (sc["neuron_params"].as_object().unwrap().iter())
        .map(|(k, v)| (k.as_str(), Setting::from(f(v))))
        .collect();
    let count = sc["n_neurons"].as_u64().unwrap() as usize;
    let model = sc["model"].as_str().unwrap();
    let n = registry().create(&mut sim, model, count, &dict).unwrap();
    for (k, v) in params {
        sim.set_status(&n, &[(k, Setting::All(*v))]).unwrap();
    }
    if !sc["device"].is_null() {
        let c = &sc["connection"];
        let syn = SynSpec::new(f(&c["weight"]), f(&c["delay"]))
            .receptor(c["receptor"].as_u64().unwrap() as usize);
        sim.stimulate(device(&sc["device"]), n.clone(), syn)
            .unwrap();
    }
    let mm = &sc["record"]["multimeter"];
    let trace = (!mm.is_null()).then(|| {
        let vars: Vec<&str> = mm["record_from"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let sampling = Sampling {
            interval: f(&mm["interval"]),
            offset: mm["offset"].as_f64().unwrap_or(0.0),
            window: window(mm),
        };
        sim.record_with(n.clone(), &vars, sampling).unwrap()
    });
    let sr = &sc["record"]["spike_recorder"];
    let spikes = (!sr.is_null()).then(|| sim.record_spikes_with(n.clone(), window(sr)).unwrap());
    sim.simulate(f(&sc["simtime"]) * ms).unwrap();
    Output {
        trace: trace.map(|t| sim.trace(t).clone()),
        spikes: spikes.map(|s| sim.spikes(s).clone()),
    }
}

/// Exact scenarios: identical sample times and spike times, traces to 1e-11 relative.
fn exact(name: &str) {
    let fx = fixture(name);
    let sc = &fx["scenario"];
    let out = run_model(sc, 1, &[]);
    let data = &fx["data"];
    let min_events = sc["min_events"].as_u64().unwrap() as usize;
    if let Some(sr) = out.spikes {
        let nest_t = floats(&data["spike_recorder"]["times"]);
        let nest_s: Vec<usize> = data["spike_recorder"]["senders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap() as usize)
            .collect();
        assert!(
            nest_t.len() >= min_events,
            "{name}: NEST recorded {} < {min_events} spikes",
            nest_t.len()
        );
        let mut ours: Vec<(i64, usize)> = sr
            .times
            .iter()
            .zip(sr.global_ids())
            .map(|(t, s)| ((t * 10.0).round() as i64, s))
            .collect();
        ours.sort();
        let nest: Vec<(i64, usize)> = nest_t
            .iter()
            .zip(nest_s)
            .map(|(t, s)| ((t * 10.0).round() as i64, s))
            .collect();
        assert_eq!(ours, nest, "{name}: spikes differ");
    }
    if let Some(trace) = out.trace {
        let mm = &data["multimeter"];
        let times = floats(&mm["times"]);
        assert!(!times.is_empty(), "{name}: NEST sampled nothing");
        assert_eq!(trace.times.len(), times.len(), "{name}: sample count");
        for (a, b) in trace.times.iter().zip(&times) {
            assert!((a - b).abs() < 1e-9, "{name}: sample time {a} vs {b}");
        }
        for var in &trace.names {
            for (k, nest_series) in mm[*var].as_array().unwrap().iter().enumerate() {
                let ours = trace.series(var, k).unwrap();
                for (i, (a, b)) in ours.iter().zip(floats(nest_series)).enumerate() {
                    let err = if b == 0.0 {
                        a.abs()
                    } else {
                        ((a - b) / b).abs()
                    };
                    assert!(
                        err <= 1e-11,
                        "{name}: {var}[{k}] at {} ms: {a} vs NEST {b}",
                        times[i]
                    );
                }
            }
        }
    }
}

#[test]
fn dc_generator_window_matches_nest() {
    exact("dc_generator_window");
}

#[test]
fn ac_generator_matches_nest() {
    exact("ac_generator");
}

#[test]
fn step_current_generator_matches_nest() {
    exact("step_current_generator");
}

#[test]
fn spike_generator_with_weights_multiplicities_and_origin_matches_nest() {
    exact("spike_generator");
}

#[test]
fn recorder_windows_match_nest() {
    exact("recorder_windows");
}

#[test]
fn multimeter_offset_grid_matches_nest() {
    exact("recorder_offset_grid");
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (
        m,
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt(),
    )
}

/// Two five-seed means agree when they differ by less than 4.5 standard errors of the
/// difference (false-failure probability about 7e-6 per comparison under normality).
fn assert_same_mean(name: &str, ours: &[f64], nest_mean: f64, nest_sd: f64) {
    let (m, sd) = mean_sd(ours);
    let se = ((sd * sd + nest_sd * nest_sd) / ours.len() as f64).sqrt();
    assert!(
        (m - nest_mean).abs() <= 4.5 * se,
        "{name}: ours {m} ± {sd} vs NEST {nest_mean} ± {nest_sd}"
    );
}

#[test]
fn noise_generator_statistics_match_nest() {
    let fx = fixture("noise_generator");
    let sc = &fx["scenario"];
    let after = f(&sc["stats_after"]);
    let (mut means, mut vars) = (Vec::new(), Vec::new());
    for seed in 1..=5 {
        let trace = run_model(sc, seed, &[]).trace.unwrap();
        let mut pooled = Vec::new();
        for series in &trace.values[0] {
            pooled.extend(
                series
                    .iter()
                    .zip(&trace.times)
                    .filter(|(_, t)| **t > after)
                    .map(|(v, _)| *v),
            );
        }
        assert!(pooled.len() >= 200_000, "too few samples: {}", pooled.len());
        let m = pooled.iter().sum::<f64>() / pooled.len() as f64;
        means.push(m);
        vars.push(pooled.iter().map(|v| (v - m).powi(2)).sum::<f64>() / pooled.len() as f64);
    }
    let (mean, sd) = (&fx["summary"]["mean"], &fx["summary"]["sd"]);
    assert_same_mean("V_m mean", &means, f(&mean["V_m_mean"]), f(&sd["V_m_mean"]));
    assert_same_mean(
        "V_m variance",
        &vars,
        f(&mean["V_m_variance"]),
        f(&sd["V_m_variance"]),
    );
}

#[test]
fn poisson_generator_statistics_and_window_match_nest() {
    // As NEST counts: parrot neurons repeat every spike, a step's several spikes as one event
    // of that multiplicity, which the recorder lists once per spike.
    let fx = fixture("poisson_generator");
    let sc = &fx["scenario"];
    let semantics = &fx["semantics"];
    let n = sc["n_neurons"].as_u64().unwrap() as f64;
    let mut counts = Vec::new();
    let mut coincident = 0;
    for seed in 1..=5 {
        let spikes = run_model(sc, seed, &[]).spikes.unwrap();
        let first = spikes.times.iter().copied().fold(f64::MAX, f64::min);
        let last = spikes.times.iter().copied().fold(0.0, f64::max);
        assert!(
            (first - f(&semantics["first_spike_time"])).abs() < 1e-9,
            "first parrot spike {first}"
        );
        assert!(
            (last - f(&semantics["last_spike_time"])).abs() < 1e-9,
            "last parrot spike {last}"
        );
        let mut events: Vec<(u64, usize)> = (spikes.times.iter().zip(&spikes.senders))
            .map(|(t, s)| ((t * 10.0).round() as u64, *s))
            .collect();
        events.sort_unstable();
        coincident += events.windows(2).filter(|w| w[0] == w[1]).count();
        counts.push(spikes.times.len() as f64 / n);
    }
    // At one expected spike per step, steps with several spikes are common.
    assert!(coincident > 1000, "{coincident} repeated spikes");
    let (mean, sd) = (&fx["summary"]["mean"], &fx["summary"]["sd"]);
    assert!(counts.iter().all(|c| *c > 250.0));
    assert_same_mean(
        "count per target",
        &counts,
        f(&mean["count_mean"]),
        f(&sd["count_mean"]),
    );
}
