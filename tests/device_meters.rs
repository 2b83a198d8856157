//! Multimeters connected to stimulation devices against live NEST 3.10
//! (tests/nest/device_meters.py): the recordables NEST lists for each device, and the sample
//! times and values of `I` (dc, ac, step current and noise generators) and `rate`
//! (sinusoidal Poisson and gamma, step rate generators), inside and outside the devices'
//! windows, over several runs, with the multimeter's interval, offset and window; the same for
//! one and two threads. noise_generator's random mean current is compared in distribution.
//! And the first sample times of a multimeter with an offset, created before or after a run.

use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::devices::recordables;
use saltatory::runtime::{
    Config, Device, RecordTo, Sampling, Simulator, Stimulus, SynSpec, Trace, Window,
};
use serde_json::Value as Json;

fn fixture(name: &str) -> Json {
    let p = format!(
        "{}/tests/fixtures/device_meters/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn floats(v: &Json) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_f64().unwrap()).collect())
        .unwrap_or_default()
}

/// The scenario's device in saltatory's terms.
fn device(sc: &Json) -> Device {
    let p = &sc["params"];
    let g = |k: &str, default: f64| p[k].as_f64().unwrap_or(default);
    let stimulus = match sc["device"].as_str().unwrap() {
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
            std_mod: 0.0,
            frequency: 0.0,
            phase: 0.0,
        },
        "sinusoidal_poisson_generator" => Stimulus::SinusoidalPoisson {
            rate: g("rate", 0.0),
            amplitude: g("amplitude", 0.0),
            frequency: g("frequency", 0.0),
            phase: g("phase", 0.0),
            individual_spike_trains: true,
        },
        "sinusoidal_gamma_generator" => Stimulus::SinusoidalGamma {
            rate: g("rate", 0.0),
            amplitude: g("amplitude", 0.0),
            frequency: g("frequency", 0.0),
            phase: g("phase", 0.0),
            order: g("order", 1.0),
            individual_spike_trains: true,
        },
        "step_rate_generator" => Stimulus::StepRate {
            times: floats(&p["amplitude_times"]),
            values: floats(&p["amplitude_values"]),
            allow_offgrid_times: false,
            before_targets: true,
        },
        other => panic!("unknown device {other}"),
    };
    let window = Window {
        start: g("start", 0.0),
        stop: g("stop", f64::INFINITY),
        origin: g("origin", 0.0),
    };
    Device { stimulus, window }
}

/// Runs a scenario with `threads` threads and `n` targets; returns the device's trace.
fn run(sc: &Json, threads: usize, n: usize) -> Trace {
    let config = Config {
        threads,
        progress: false,
        ..Config::default()
    };
    let mut sim = Simulator::with_config(config).unwrap();
    let targets = registry()
        .create(&mut sim, sc["target"].as_str().unwrap(), n, &[])
        .unwrap();
    let d = device(sc);
    let syn = match d.stimulus {
        Stimulus::StepRate { .. } => SynSpec::rate_delayed(1.0, 1.0),
        _ => SynSpec::new(1.0, 1.0),
    };
    let id = sim.stimulate(d.clone(), targets, syn).unwrap();
    let s = &sc["sampling"];
    let sampling = Sampling {
        interval: s["interval"].as_f64().unwrap(),
        offset: s["offset"].as_f64().unwrap_or(0.0),
        window: Window {
            start: s["start"].as_f64().unwrap_or(0.0),
            stop: s["stop"].as_f64().unwrap_or(f64::INFINITY),
            origin: 0.0,
        },
    };
    let vars = recordables(&d.stimulus);
    let meter = sim
        .record_device(id, vars, sampling, &RecordTo::Memory)
        .unwrap();
    for phase in floats(&sc["phases"]) {
        sim.simulate(phase * ms).unwrap();
    }
    let trace = sim.trace(meter).clone();
    assert_eq!(trace.neurons, vec![id.index()], "the sender is the device");
    trace
}

const EXACT: [&str; 9] = [
    "dc_window",
    "dc_two_threads",
    "ac_two_runs",
    "ac_two_threads",
    "step_current_sampling",
    "noise_std0",
    "sinusoidal_poisson_clipped",
    "sinusoidal_gamma_two_runs",
    "step_rate_sampling",
];

#[test]
fn device_recordables_are_sampled_as_nest_samples_them() {
    for name in EXACT {
        let fx = fixture(name);
        let sc = &fx["scenario"];
        assert!(fx["senders_ok"].as_bool().unwrap(), "{name}");
        let d = device(sc);
        let names: Vec<&str> = (fx["recordables"].as_array().unwrap().iter())
            .map(|r| r.as_str().unwrap())
            .collect();
        assert_eq!(recordables(&d.stimulus), names.as_slice(), "{name}");
        let threads = sc["threads"].as_u64().unwrap() as usize;
        let n = sc["n_targets"].as_u64().unwrap() as usize;
        let trace = run(sc, threads, n);
        assert_eq!(trace.names, names, "{name}");
        assert_eq!(trace.times, floats(&fx["times"]), "{name}: times");
        assert_eq!(trace.values[0][0], floats(&fx["values"]), "{name}: values");
        let other = run(sc, 3 - threads, n);
        assert_eq!(other, trace, "{name}: one and two threads");
    }
}

/// Mean and variance (ddof 1) of the samples in the window (after `start`), with their
/// standard errors (normal approximation).
fn moments(times: &[f64], values: &[f64], start: f64) -> (f64, f64, f64, f64) {
    let v: Vec<f64> = (times.iter().zip(values))
        .filter(|(t, _)| **t > start + 0.2)
        .map(|(_, v)| *v)
        .collect();
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt(), var, var * (2.0 / (n - 1.0)).sqrt())
}

#[test]
fn noise_generator_records_the_mean_current_of_its_targets() {
    let fx = fixture("noise_random");
    let sc = &fx["scenario"];
    let start = sc["params"]["start"].as_f64().unwrap();
    let times = floats(&fx["times"]);
    let nest = moments(&times, &floats(&fx["values"]), start);
    let agrees = |n: usize| {
        let trace = run(sc, 1, n);
        assert_eq!(trace.times, times);
        assert_eq!(run(sc, 2, n), trace, "one and two threads");
        // Nothing before the window.
        let before = (trace.times.iter().zip(&trace.values[0][0])).filter(|(t, _)| **t <= start);
        assert!(before.clone().all(|(_, v)| *v == 0.0));
        let ours = moments(&trace.times, &trace.values[0][0], start);
        let z_mean = (ours.0 - nest.0).abs() / ours.1.hypot(nest.1);
        let z_var = (ours.2 - nest.2).abs() / ours.3.hypot(nest.3);
        println!(
            "{n} targets: mean {:.4} vs {:.4} (z {z_mean:.2}), variance {:.4} vs {:.4} (z {z_var:.2})",
            ours.0, nest.0, ours.2, nest.2
        );
        z_mean < 4.0 && z_var < 4.0
    };
    assert!(agrees(sc["n_targets"].as_u64().unwrap() as usize));
    // Negative control: the current of one target instead of the mean of five.
    assert!(
        !agrees(1),
        "one target's current passed for the mean of five"
    );
}

#[test]
fn devices_without_the_recordable_are_refused() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n = registry()
        .create(&mut sim, "iaf_psc_alpha", 1, &[])
        .unwrap();
    let dc = sim
        .stimulate(
            Stimulus::Dc { amplitude: 1.0 },
            n.clone(),
            SynSpec::new(1.0, 1.0),
        )
        .unwrap();
    let poisson = Stimulus::Poisson { rate: 10.0 };
    let p = sim.stimulate(poisson, n, SynSpec::new(1.0, 1.0)).unwrap();
    let every = Sampling::every_step(sim.grid());
    let e = sim
        .record_device(dc, &["rate"], every, &RecordTo::Memory)
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("dc_generator has no recordable named \"rate\""),
        "{e}"
    );
    let e = sim
        .record_device(p, &["I"], every, &RecordTo::Memory)
        .unwrap_err();
    assert!(e.to_string().contains("poisson_generator"), "{e}");
}

#[test]
fn a_multimeter_with_an_offset_starts_as_nest_does() {
    let fx = fixture("multimeter_offset");
    for case in fx["cases"].as_array().unwrap() {
        let mut sim = Simulator::new(0.1 * ms).unwrap();
        let n = registry()
            .create(&mut sim, "iaf_psc_alpha", 1, &[])
            .unwrap();
        let before = case["before"].as_f64().unwrap();
        if before > 0.0 {
            sim.simulate(before * ms).unwrap();
        }
        let sampling = Sampling {
            interval: case["interval"].as_f64().unwrap(),
            offset: case["offset"].as_f64().unwrap(),
            window: Window::default(),
        };
        let meter = sim.record_with(n, &["V_m"], sampling).unwrap();
        sim.simulate(2.0 * ms).unwrap();
        let times = &sim.trace(meter).times;
        let want = floats(&case["first_times"]);
        assert_eq!(&times[..want.len()], want.as_slice(), "{case}");
    }
}
