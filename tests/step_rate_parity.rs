//! `step_rate_generator` driving rate neurons against live NEST 3.10 (tests/nest/step_rate.py):
//! the generator's recorded rate and every target's rate, step for step, for linear and
//! non-linear summation, transformers, windows with an origin, off-grid times, several delays
//! against NEST's min delay, the generator created before or after its targets or after a run,
//! runs that end inside a min-delay slice, two threads, and times, values and window changed
//! between runs; and what NEST refuses.

use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::{
    Config, Device, Error, NodeCollection, ParamValue, RecordTo, Rule, Sampling, Setting,
    Simulator, Stimulus, SynSpec, Value, Window,
};
use serde_json::Value as Json;

fn read(path: &str) -> Json {
    let p = format!("{}/tests/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn floats(v: &Json) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_f64().unwrap()).collect())
        .unwrap_or_default()
}

fn value(v: &Json) -> Value {
    match v {
        Json::Bool(b) => Value::Switch(*b),
        other => Value::Number(other.as_f64().unwrap()),
    }
}

/// A JSON value as a NEST parameter value.
fn param(v: &Json) -> ParamValue {
    match v {
        Json::Bool(b) => ParamValue::Bool(*b),
        Json::Array(_) => ParamValue::Floats(floats(v)),
        other => ParamValue::Float(other.as_f64().unwrap()),
    }
}

/// The scenario's generator in saltatory's terms.
fn generator(sc: &Json) -> Device {
    let p = &sc["generator"];
    Device {
        stimulus: Stimulus::StepRate {
            times: floats(&p["amplitude_times"]),
            values: floats(&p["amplitude_values"]),
            allow_offgrid_times: p["allow_offgrid_times"].as_bool().unwrap_or(false),
            before_targets: sc["generator_first"].as_bool().unwrap(),
        },
        window: Window {
            start: p["start"].as_f64().unwrap_or(0.0),
            stop: p["stop"].as_f64().unwrap_or(f64::INFINITY),
            origin: p["origin"].as_f64().unwrap_or(0.0),
        },
    }
}

/// Runs a scenario with `threads` threads and the generator `device`: the generator's sample
/// times and rate series, and each target's rate series.
fn run(sc: &Json, threads: usize, device: &Device) -> (Vec<f64>, Vec<f64>, Vec<Vec<f64>>) {
    let config = Config {
        threads,
        progress: false,
        ..Config::default()
    };
    let mut sim = Simulator::with_config(config).unwrap();
    let targets: Vec<NodeCollection> = (sc["targets"].as_array().unwrap().iter())
        .map(|t| {
            let dict: Vec<(&str, Setting)> = (t["params"].as_object().unwrap().iter())
                .map(|(k, v)| (k.as_str(), Setting::All(value(v))))
                .collect();
            registry()
                .create(&mut sim, t["model"].as_str().unwrap(), 1, &dict)
                .unwrap()
        })
        .collect();
    for link in sc["links"].as_array().unwrap() {
        let (pre, post) = (link[0].as_u64().unwrap(), link[1].as_u64().unwrap());
        let w = link[3].as_f64().unwrap();
        let syn = match link[2].as_str().unwrap() {
            "rate_connection_delayed" => SynSpec::rate_delayed(w, link[4].as_f64().unwrap()),
            "rate_connection_instantaneous" => SynSpec::rate_instantaneous(w),
            other => panic!("unknown link {other}"),
        };
        let (pre, post) = (&targets[pre as usize], &targets[post as usize]);
        sim.connect(pre.clone(), post.clone(), Rule::OneToOne, syn)
            .unwrap();
    }
    let meters: Vec<_> = (targets.iter())
        .map(|t| sim.record(t.clone(), &["rate"]).unwrap())
        .collect();
    let later = sc["create_after"].as_u64().unwrap_or(0) as usize;
    let mut source = None;
    let mut devices = Vec::new();
    for (k, phase) in floats(&sc["phases"]).into_iter().enumerate() {
        if k > later
            && let Some(change) = sc.get("changes")
        {
            let change: Vec<(&str, ParamValue)> = (change[k - 1].as_object().unwrap().iter())
                .map(|(name, v)| (name.as_str(), param(v)))
                .collect();
            for &id in &devices {
                sim.set_device_status(id, &change).unwrap();
            }
        }
        if k == later {
            // One device per connection: the same generator, its connections' delays
            // differing.
            for c in sc["connections"].as_array().unwrap() {
                let t = c[0].as_u64().unwrap() as usize;
                let syn = SynSpec::rate_delayed(c[1].as_f64().unwrap(), c[2].as_f64().unwrap());
                devices.push(
                    sim.stimulate(device.clone(), targets[t].clone(), syn)
                        .unwrap(),
                );
            }
            let every = Sampling::every_step(sim.grid());
            let meter = sim.record_device(devices[0], &["rate"], every, &RecordTo::Memory);
            source = Some((meter.unwrap(), devices[0]));
        }
        sim.simulate(phase * ms).unwrap();
    }
    let (source, first) = source.unwrap();
    assert_eq!(sim.trace(source).neurons, vec![first.index()]);
    let series = |id| sim.trace(id).series("rate", 0).unwrap().to_vec();
    let times = sim.trace(source).times.clone();
    (
        times,
        series(source),
        meters.into_iter().map(series).collect(),
    )
}

/// The largest difference relative to max(1, |NEST's value|), and where.
fn worst(ours: &[f64], nest: &[f64]) -> (f64, usize) {
    assert_eq!(ours.len(), nest.len(), "number of samples");
    (ours.iter().zip(nest).enumerate())
        .map(|(k, (a, b))| ((a - b).abs() / b.abs().max(1.0), k))
        .fold((0.0, 0), |w, x| if x.0 > w.0 { x } else { w })
}

fn check(name: &str, sc: &Json, device: &Device) -> f64 {
    let fx = read(&format!("fixtures/step_rate/{name}.json"));
    assert!(fx["senders_ok"].as_bool().unwrap());
    let threads = sc["threads"].as_u64().unwrap() as usize;
    let (times, source, targets) = run(sc, threads, device);
    let expected = floats(&fx["generator_times"]);
    assert_eq!(times, expected, "{name}: the generator's samples");
    let expected = floats(&fx["generator"]);
    assert_eq!(source, expected, "{name}: the generator's rate");
    let mut max = 0.0_f64;
    for (k, (ours, nest)) in targets
        .iter()
        .zip(fx["targets"].as_array().unwrap())
        .enumerate()
    {
        let (d, at) = worst(ours, &floats(nest));
        assert!(
            d <= 1e-13,
            "{name}: target {k} differs by {d:e} at sample {at} ({} vs {})",
            ours[at],
            floats(nest)[at]
        );
        max = max.max(d);
    }
    // The same for one and two threads, bit for bit.
    let other = if threads == 1 { 2 } else { 1 };
    let again = run(sc, other, device);
    assert_eq!(again, (times, source, targets), "{name}: threads");
    max
}

#[test]
fn step_rate_generator_drives_rate_neurons_as_nest_does() {
    let scenarios = read("nest/step_rate_scenarios.json");
    let mut report = Vec::new();
    for sc in scenarios.as_array().unwrap() {
        let name = sc["name"].as_str().unwrap();
        report.push((name, check(name, sc, &generator(sc))));
    }
    for (name, d) in report {
        println!("{name:36} largest relative difference {d:.1e}");
    }
}

/// Negative control: with the other update order, the scenarios that depend on it fail.
#[test]
fn the_update_order_matters_where_nest_says_so() {
    let scenarios = read("nest/step_rate_scenarios.json");
    for sc in scenarios.as_array().unwrap() {
        let name = sc["name"].as_str().unwrap();
        if !name.ends_with("_first") {
            continue;
        }
        let mut device = generator(sc);
        if let Stimulus::StepRate { before_targets, .. } = &mut device.stimulus {
            *before_targets = !*before_targets;
        }
        let fx = read(&format!("fixtures/step_rate/{name}.json"));
        let (_, _, targets) = run(sc, 1, &device);
        let nest: Vec<Vec<f64>> = fx["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(floats)
            .collect();
        assert_ne!(targets, nest, "{name}: the order made no difference");
    }
}

#[test]
fn nest_refusals_are_refused_with_the_device_parameter_and_value() {
    let fx = read("fixtures/step_rate/refused.json");
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let reg = registry();
    let lin = reg.create(&mut sim, "lin_rate_ipn", 1, &[]).unwrap();
    let step = |times: &[f64], values: &[f64], offgrid: bool| Stimulus::StepRate {
        times: times.to_vec(),
        values: values.to_vec(),
        allow_offgrid_times: offgrid,
        before_targets: true,
    };
    let ok = step(&[1.0], &[1.0], false);
    for case in fx["cases"].as_array().unwrap() {
        let name = case["case"].as_str().unwrap();
        let (stimulus, target, syn) = match name {
            "connect_static_synapse" => (ok.clone(), lin.clone(), SynSpec::new(1.0, 1.0)),
            "connect_rate_connection_instantaneous" => {
                (ok.clone(), lin.clone(), SynSpec::rate_instantaneous(1.0))
            }
            "connect_iaf_psc_alpha" | "connect_siegert_neuron" | "connect_parrot_neuron" => {
                let model = name.trim_start_matches("connect_");
                let n = reg.create(&mut sim, model, 1, &[]).unwrap();
                (ok.clone(), n, SynSpec::rate_delayed(1.0, 1.0))
            }
            "time_zero" => (step(&[0.0], &[1.0], false), lin.clone(), rate()),
            "time_negative" => (step(&[-1.0], &[1.0], false), lin.clone(), rate()),
            "time_off_grid" => (step(&[0.25], &[1.0], false), lin.clone(), rate()),
            "times_decreasing" => (step(&[1.0, 0.5], &[1.0, 2.0], false), lin.clone(), rate()),
            "times_equal_after_rounding" => {
                (step(&[0.25, 0.3], &[1.0, 2.0], true), lin.clone(), rate())
            }
            "lengths_differ" => (step(&[1.0, 2.0], &[1.0], false), lin.clone(), rate()),
            // NEST takes it; a non-finite rate is refused here.
            "value_nan" => (step(&[1.0], &[f64::NAN], false), lin.clone(), rate()),
            other => panic!("unknown case {other}"),
        };
        assert_eq!(
            case["refused"].as_bool().unwrap(),
            name != "value_nan",
            "{name}: NEST's verdict"
        );
        let e = sim.stimulate(stimulus, target, syn).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("step_rate_generator"), "{name}: {text}");
        match (name, &e) {
            (n, Error::Incompatible { .. }) if n.starts_with("connect_") => {}
            // A list of the wrong length is shown whole.
            ("lengths_differ", Error::InvalidValue { name: p, .. }) => {
                assert_eq!(p, "amplitude_values", "{name}: {text}");
            }
            (_, Error::InvalidParameter { name: p, value, .. }) => {
                let expected = match name {
                    "lengths_differ" | "value_nan" => "amplitude_values",
                    _ => "amplitude_times",
                };
                assert_eq!(p, expected, "{name}: {text}");
                assert!(text.contains(&format!("= {value}")), "{name}: {text}");
            }
            _ => panic!("{name}: unexpected error {e:?}"),
        }
    }
    // A working connection, for contrast.
    sim.stimulate(ok, lin, rate()).unwrap();
}

fn rate() -> SynSpec {
    SynSpec::rate_delayed(1.0, 1.0)
}
