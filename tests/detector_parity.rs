//! The correlation, correlomatrix, correlospinmatrix and spin detectors against live NEST 3.10
//! (tests/nest/detectors.py): the same histograms, covariances, counts and events, exactly, for
//! spike trains through parrot neurons (weights, multiplicities, bin edges, Tstart/Tstop inside
//! a slice, NEST's defaults, binary pulses), and NEST's refusals of bin widths.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::{
    Config, CorrelationSpec, Device, NodeCollection, Stimulus, SynSpec, Window,
};
use serde_json::Value as Json;

fn fixture(name: &str) -> Json {
    let p = format!(
        "{}/tests/fixtures/detectors/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

/// The scenario's parrots, each driven by its spike train.
fn network(sc: &Json) -> (Simulator, NodeCollection) {
    let config = Config {
        resolution: f(&sc["resolution"]) * ms,
        progress: false,
        ..Config::default()
    };
    let mut sim = Simulator::with_config(config).unwrap();
    let trains = sc["trains"].as_array().unwrap();
    let parrots = registry()
        .create(&mut sim, "parrot_neuron", trains.len(), &[])
        .unwrap();
    for (k, t) in trains.iter().enumerate() {
        let stimulus = Stimulus::SpikeTimes {
            times: t["spike_times"].as_array().unwrap().iter().map(f).collect(),
            weights: Vec::new(),
            multiplicities: t["spike_multiplicities"]
                .as_array()
                .map(|a| a.iter().map(|m| m.as_u64().unwrap() as u32).collect())
                .unwrap_or_default(),
            allow_offgrid_times: false,
        };
        let device = Device {
            stimulus,
            window: Window::default(),
        };
        let syn = SynSpec::new(1.0, f(&sc["delay"]));
        sim.stimulate(device, parrots.slice(k..k + 1).unwrap(), syn)
            .unwrap();
    }
    (sim, parrots)
}

/// The parrots of one port.
fn port(parrots: &NodeCollection, trains: &Json) -> NodeCollection {
    let mut out: Option<NodeCollection> = None;
    for k in trains.as_array().unwrap() {
        let k = k.as_u64().unwrap() as usize;
        let one = parrots.slice(k..k + 1).unwrap();
        out = Some(match out {
            None => one,
            Some(o) => o + one,
        });
    }
    out.unwrap()
}

fn spec(params: &Json) -> CorrelationSpec {
    CorrelationSpec {
        delta_tau: params["delta_tau"].as_f64(),
        tau_max: params["tau_max"].as_f64(),
        t_start: params["Tstart"].as_f64().unwrap_or(0.0),
        t_stop: params["Tstop"].as_f64().unwrap_or(f64::INFINITY),
        window: Window::default(),
    }
}

fn correlation(name: &str) {
    let fx = fixture(name);
    let sc = &fx["scenario"];
    let (mut sim, parrots) = network(sc);
    let ports = &sc["ports"];
    let w = &sc["weights"];
    let (p0, p1) = (port(&parrots, &ports[0]), port(&parrots, &ports[1]));
    let id = sim
        .correlation_detector(&spec(&sc["params"]), [(&p0, f(&w[0])), (&p1, f(&w[1]))])
        .unwrap();
    sim.simulate(f(&sc["simtime"]) * ms).unwrap();
    let c = sim.correlation(id).unwrap();
    let floats = |k: &str| -> Vec<f64> { fx[k].as_array().unwrap().iter().map(f).collect() };
    let ints = |k: &str| -> Vec<u64> {
        fx[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect()
    };
    assert_eq!(
        c.count_histogram,
        ints("count_histogram"),
        "{name}: count_histogram"
    );
    assert_eq!(c.histogram, floats("histogram"), "{name}: histogram");
    let correction = floats("histogram_correction");
    assert_eq!(c.histogram_correction, correction, "{name}: correction");
    assert_eq!(c.n_events.to_vec(), ints("n_events"), "{name}: n_events");
}

#[test]
fn correlation_histograms_match_nest() {
    for name in [
        "corr_center",
        "corr_edges",
        "corr_weighted_multiplicities",
        "corr_window_in_a_slice",
        "corr_defaults",
    ] {
        correlation(name);
    }
}

#[test]
fn bin_widths_nest_refuses_are_refused() {
    let fx = fixture("refused");
    for r in fx.as_array().unwrap() {
        let sc = serde_json::json!({"resolution": r["resolution"], "trains": [{"spike_times": [1.0]}], "delay": 1.0});
        let (mut sim, p) = network(&sc);
        let s = spec(&r["params"]);
        let e = match r["model"].as_str().unwrap() {
            "correlation_detector" => sim.correlation_detector(&s, [(&p, 1.0), (&p, 1.0)]).err(),
            "correlomatrix_detector" => sim.correlomatrix_detector(&s, &[(&p, 1.0)]).err(),
            _ => sim.correlospinmatrix_detector(&s, &[&p]).err(),
        };
        let e = e.expect("refused").to_string();
        let named = ["delta_tau", "tau_max"].iter().any(|p| e.contains(p));
        assert!(named, "{}: {e}", r["error"]);
    }
}

/// A fixture's three-level integer or float array.
fn cube<T>(v: &Json, leaf: impl Fn(&Json) -> T + Copy) -> Vec<Vec<Vec<T>>> {
    let list = |v: &Json| v.as_array().unwrap().clone();
    list(v)
        .iter()
        .map(|row| {
            let bins = |b: &Json| list(b).iter().map(leaf).collect();
            list(row).iter().map(bins).collect()
        })
        .collect()
}

#[test]
fn covariance_matrices_match_nest() {
    for name in ["matrix_three_channels", "matrix_window"] {
        let fx = fixture(name);
        let sc = &fx["scenario"];
        let (mut sim, parrots) = network(sc);
        let ports: Vec<NodeCollection> = (sc["ports"].as_array().unwrap().iter())
            .map(|p| port(&parrots, p))
            .collect();
        let channels: Vec<(&NodeCollection, f64)> = (ports.iter())
            .zip(sc["weights"].as_array().unwrap())
            .map(|(p, w)| (p, f(w)))
            .collect();
        let id = sim
            .correlomatrix_detector(&spec(&sc["params"]), &channels)
            .unwrap();
        sim.simulate(f(&sc["simtime"]) * ms).unwrap();
        let m = sim.covariance_matrix(id).unwrap();
        let count = |x: &Json| x.as_u64().unwrap();
        assert_eq!(
            m.count_covariance,
            cube(&fx["count_covariance"], count),
            "{name}"
        );
        assert_eq!(m.covariance, cube(&fx["covariance"], f), "{name}");
        let n: Vec<u64> = fx["n_events"]
            .as_array()
            .unwrap()
            .iter()
            .map(count)
            .collect();
        assert_eq!(m.n_events, n, "{name}");
    }
}

#[test]
fn spin_covariances_match_nest() {
    let fx = fixture("spinmatrix_pulses");
    let sc = &fx["scenario"];
    let (mut sim, parrots) = network(sc);
    let ports: Vec<NodeCollection> = (sc["ports"].as_array().unwrap().iter())
        .map(|p| port(&parrots, p))
        .collect();
    let channels: Vec<&NodeCollection> = ports.iter().collect();
    let id = sim
        .correlospinmatrix_detector(&spec(&sc["params"]), &channels)
        .unwrap();
    sim.simulate(f(&sc["simtime"]) * ms).unwrap();
    let want = cube(&fx["count_covariance"], |x| x.as_i64().unwrap());
    assert_eq!(sim.count_covariance(id).unwrap(), &want);
}

#[test]
fn spin_detector_decodes_as_nest_does() {
    let fx = fixture("spin_pairs_and_singles");
    let sc = &fx["scenario"];
    let (mut sim, parrots) = network(sc);
    let id = sim
        .spin_detector(&port(&parrots, &sc["ports"][0]), Window::default())
        .unwrap();
    sim.simulate(f(&sc["simtime"]) * ms).unwrap();
    let got = sim.spins(id);
    let senders: Vec<usize> = got.senders.iter().map(|s| s + 1).collect();
    let want_senders: Vec<usize> = (fx["senders"].as_array().unwrap().iter())
        .map(|x| x.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(senders, want_senders, "senders");
    let want_times: Vec<f64> = fx["times"].as_array().unwrap().iter().map(f).collect();
    let times: Vec<f64> = got.times.iter().map(|t| (t * 1e9).round() / 1e9).collect();
    assert_eq!(times, want_times, "times");
    let want_state: Vec<u8> = (fx["state"].as_array().unwrap().iter())
        .map(|x| x.as_u64().unwrap() as u8)
        .collect();
    assert_eq!(got.state, want_state, "state");
}
