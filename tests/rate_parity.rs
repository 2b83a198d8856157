//! Rate models, rate connections and siegert_neuron against live NEST 3.10
//! (tests/nest/rates.py): noise-free traces within 1e-12 relative, the Siegert transfer function
//! on a grid within 1e-9 relative, the brunel_siegert example's rate, the statistics of the
//! noise, and the errors for connections between the wrong kinds of node.

use saltatory::models::*;
use saltatory::runtime::{
    Config, Error, Model, NodeCollection, Nodes, Parameters, Simulator, SynSpec, Value,
};
use saltatory::scenario::{ParityReport, RATE_PARITY_REPORT, RATE_PARITY_REPORT_UPDATE};
use serde_json::Value as Json;

fn fixture(name: &str) -> Json {
    let p = format!(
        "{}/tests/fixtures/rates/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn scenarios() -> Vec<Json> {
    let p = format!(
        "{}/tests/nest/rate_scenarios.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str::<Json>(&std::fs::read_to_string(p).unwrap())
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// A population of some model, for the scenario driver.
trait Pop {
    fn set(&self, sim: &mut Simulator, name: &str, v: Value) -> saltatory::Result<()>;
    fn collection(&self) -> NodeCollection;
}

impl<M: Model> Pop for Nodes<M> {
    fn set(&self, sim: &mut Simulator, name: &str, v: Value) -> saltatory::Result<()> {
        sim.set(self, name, v)
    }
    fn collection(&self) -> NodeCollection {
        self.into()
    }
}

fn create(sim: &mut Simulator, model: &str, n: usize) -> Box<dyn Pop> {
    macro_rules! by_name {
        ($($name:literal => $ty:ty),* $(,)?) => {
            match model {
                $($name => Box::new(sim.create::<$ty>(n, Default::default()).unwrap()),)*
                other => panic!("no rate model {other}"),
            }
        };
    }
    by_name! {
        "lin_rate_ipn" => LinRateIpn,
        "lin_rate_opn" => LinRateOpn,
        "tanh_rate_ipn" => TanhRateIpn,
        "tanh_rate_opn" => TanhRateOpn,
        "sigmoid_rate_ipn" => SigmoidRateIpn,
        "sigmoid_rate_gg_1998_ipn" => SigmoidRateGg1998Ipn,
        "threshold_lin_rate_ipn" => ThresholdLinRateIpn,
        "threshold_lin_rate_opn" => ThresholdLinRateOpn,
        "gauss_rate_ipn" => GaussRateIpn,
        "rate_transformer_lin" => RateTransformerLin,
        "rate_transformer_tanh" => RateTransformerTanh,
        "rate_transformer_sigmoid" => RateTransformerSigmoid,
        "rate_transformer_sigmoid_gg_1998" => RateTransformerSigmoidGg1998,
        "rate_transformer_threshold_lin" => RateTransformerThresholdLin,
        "rate_transformer_gauss" => RateTransformerGauss,
        "siegert_neuron" => SiegertNeuron,
    }
}

fn numbers(values: &[Value]) -> Vec<f64> {
    values
        .iter()
        .map(|v| match v {
            Value::Number(x) => *x,
            Value::Switch(_) => panic!("a switch where a number was expected"),
        })
        .collect()
}

fn value(v: &Json) -> Value {
    match v {
        Json::Bool(b) => Value::Switch(*b),
        other => Value::Number(other.as_f64().unwrap()),
    }
}

/// Runs a scenario; returns each node's recorded series by name.
fn run(sc: &Json, threads: usize) -> Vec<Vec<(String, Vec<f64>)>> {
    let mut sim = Simulator::with_config(Config {
        threads,
        ..Config::default()
    })
    .unwrap();
    let mut pops = Vec::new();
    for nd in sc["nodes"].as_array().unwrap() {
        let model = nd["model"].as_str().unwrap();
        let pop = create(&mut sim, model, 1);
        for (k, v) in nd["params"].as_object().unwrap() {
            pop.set(&mut sim, k, value(v)).unwrap();
        }
        if let Some(r) = nd.get("rate") {
            pop.set(&mut sim, "rate", value(r)).unwrap();
        }
        pops.push((model.to_string(), pop));
    }
    for c in sc["connections"].as_array().unwrap() {
        let c = c.as_array().unwrap();
        let (pre, post) = (
            c[0].as_u64().unwrap() as usize,
            c[1].as_u64().unwrap() as usize,
        );
        let num = |k: usize| c[k].as_f64().unwrap();
        let syn = match c[2].as_str().unwrap() {
            "rate_connection_instantaneous" => SynSpec::rate_instantaneous(num(3)),
            "rate_connection_delayed" => SynSpec::rate_delayed(num(3), num(4)),
            "diffusion_connection" => SynSpec::diffusion(num(3), num(4)),
            other => panic!("no synapse model {other}"),
        };
        sim.connect(
            pops[pre].1.collection(),
            pops[post].1.collection(),
            saltatory::runtime::Rule::OneToOne,
            syn,
        )
        .unwrap();
    }
    // Every connection is listed, with its weight and delay (0 for instantaneous ones).
    let listed: usize = pops
        .iter()
        .map(|(_, p)| sim.connections(p.collection()).unwrap().len())
        .sum();
    assert_eq!(listed, sc["connections"].as_array().unwrap().len());
    let traces: Vec<_> = pops
        .iter()
        .map(|(model, p)| {
            let vars: &[&str] = if model.ends_with("_opn") {
                &["rate", "noisy_rate"]
            } else {
                &["rate"]
            };
            (vars, sim.record(p.collection(), vars).unwrap())
        })
        .collect();
    for phase in sc["phases"].as_array().unwrap() {
        let duration = phase[0].as_f64().unwrap();
        for s in phase[1].as_array().unwrap() {
            let node = s[0].as_u64().unwrap() as usize;
            pops[node]
                .1
                .set(&mut sim, s[1].as_str().unwrap(), value(&s[2]))
                .unwrap();
        }
        sim.simulate(saltatory::consts::ms * duration).unwrap();
    }
    traces
        .iter()
        .map(|(vars, id)| {
            let t = sim.trace(*id);
            vars.iter()
                .enumerate()
                .map(|(k, v)| (v.to_string(), t.values[k][0].clone()))
                .collect()
        })
        .collect()
}

#[test]
fn noise_free_traces_match_nest() {
    let mut worst = 0.0f64;
    let mut report = ParityReport::new(1e-12)
        .with_measure(
            "worst deviation of the noise-free rate traces (rate, noisy_rate) relative to each trace's maximum (the test asserts <= 1e-12)",
        )
        .with_writer(RATE_PARITY_REPORT_UPDATE);
    for sc in scenarios() {
        let name = sc["name"].as_str().unwrap();
        let fx = fixture(name);
        let ours = run(&sc, 1);
        assert_eq!(ours, run(&sc, 3), "{name}: 1 and 3 threads differ");
        let mut per_model: Vec<(String, f64)> = Vec::new();
        for (k, node) in ours.iter().enumerate() {
            let model = sc["nodes"][k]["model"].as_str().unwrap().to_string();
            let mut node_worst = 0.0f64;
            for (var, series) in node {
                let nest: Vec<f64> = fx["nodes"][k][var]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect();
                assert_eq!(series.len(), nest.len(), "{name} node {k} {var}: samples");
                let scale = nest.iter().fold(0.0f64, |m, v| m.max(v.abs()));
                let (lo, hi) = nest
                    .iter()
                    .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
                assert!(
                    hi - lo > 0.05 * scale.max(1e-3),
                    "{name} node {k} {var}: the rate hardly moves ({lo}..{hi})"
                );
                for (i, (a, b)) in series.iter().zip(&nest).enumerate() {
                    let rel = (a - b).abs() / scale.max(1e-300);
                    worst = worst.max(rel);
                    node_worst = node_worst.max(rel);
                    assert!(
                        rel <= 1e-12,
                        "{name} node {k} {var} at t = {:.1} ms: ours {a}, NEST {b} (rel {rel:e})",
                        (i + 1) as f64 * 0.1
                    );
                }
            }
            match per_model.iter_mut().find(|(m, _)| *m == model) {
                Some((_, w)) => *w = w.max(node_worst),
                None => per_model.push((model, node_worst)),
            }
        }
        for (model, w) in per_model {
            report.add(&model, name, w);
        }
    }
    println!("worst deviation from NEST, relative to each trace's maximum: {worst:e}");
    // The audit (`saltatory audit`) reads this report as the models' parity evidence.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RATE_PARITY_REPORT);
    let text = report.to_json();
    if std::env::var_os("UPDATE_PARITY_REPORT").is_some_and(|v| v == "1") {
        saltatory::runtime::output::write_atomic(&path, text.as_bytes()).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {RATE_PARITY_REPORT} ({e}); write it with `{RATE_PARITY_REPORT_UPDATE}`"
        )
    });
    assert!(
        committed == text,
        "{RATE_PARITY_REPORT} is stale; rewrite it with `{RATE_PARITY_REPORT_UPDATE}`:\n{text}"
    );
}

#[test]
fn siegert_transfer_function_matches_nest_on_a_grid() {
    let fx = fixture("siegert_transfer");
    let mut worst = 0.0f64;
    let mut positive = 0;
    for row in fx["rows"].as_array().unwrap() {
        let (mu, s2) = (row["mu"].as_f64().unwrap(), row["sigma2"].as_f64().unwrap());
        let mut p = SiegertNeuronParams::default();
        for (k, v) in row["params"].as_object().unwrap() {
            p.set(k, value(v)).unwrap();
        }
        let g = |n: &str| match p.get(n).unwrap() {
            Value::Number(v) => v,
            Value::Switch(_) => unreachable!(),
        };
        let ours = saltatory::runtime::siegert::transfer(
            mu,
            s2,
            g("theta"),
            g("V_reset"),
            g("tau_m"),
            g("tau_syn"),
            g("t_ref"),
        );
        let nest = row["rate"].as_f64().unwrap();
        if nest > 1e-10 {
            positive += 1;
            let rel = (ours - nest).abs() / nest;
            worst = worst.max(rel);
            assert!(
                rel <= 1e-9,
                "mu {mu} sigma2 {s2} {row}: ours {ours}, NEST {nest}"
            );
        } else {
            assert!(
                (ours - nest).abs() <= 1e-12,
                "mu {mu} sigma2 {s2}: ours {ours}, NEST {nest}"
            );
        }
    }
    assert!(positive >= 30, "only {positive} grid points with a rate");
    println!("worst relative deviation of Phi over {positive} points: {worst:e}");
}

#[test]
fn brunel_siegert_reproduces_nest() {
    let fx = fixture("brunel_siegert");
    let net = saltatory::brunel_siegert::BrunelSiegert::default();
    let (rate_ex, rate_in, trace) = net.run(50.0, 1).unwrap();
    let nest = fx["rate_ex"].as_f64().unwrap();
    // NEST prints the last sample it handed over, at 49.0 ms (one slice before the end).
    let at_49 = trace[489];
    assert!((at_49 - nest).abs() <= 1e-9 * nest, "{at_49} vs {nest}");
    assert!((trace[9] - fx["rate_ex_at_1ms"].as_f64().unwrap()).abs() < 1e-12 * 10.0);
    assert!((rate_ex - rate_in).abs() < 1e-9 * rate_ex);
    println!("brunel_siegert: {at_49} spikes/s at 49 ms, NEST {nest}");
}

#[test]
fn noise_has_nest_mean_and_variance() {
    // lin_rate_ipn with lambda = 1: an Ornstein–Uhlenbeck process with stationary mean mu and
    // variance sigma² / 2 (tau dX = (mu - X) dt + sqrt(tau) sigma dW). The exact update keeps
    // those moments at every step. 4000 independent units after 200 ms (20 tau): the mean's
    // standard error is sqrt(var/4000); a 5-sigma bound fails by chance with p ≈ 6e-7, and the
    // variance's relative standard error is sqrt(2/3999) ≈ 0.022, bounded at 5 × that.
    let (mu, sigma, n) = (0.5, 0.8, 4000);
    for threads in [1, 2] {
        let mut sim = Simulator::with_config(Config {
            threads,
            seed: 7,
            ..Config::default()
        })
        .unwrap();
        let pop = sim.create::<LinRateIpn>(n, Default::default()).unwrap();
        sim.set(&pop, "mu", mu).unwrap();
        sim.set(&pop, "sigma", sigma).unwrap();
        sim.simulate(saltatory::consts::ms * 200.0).unwrap();
        let r = numbers(&sim.get(&pop, "rate").unwrap());
        let mean = r.iter().sum::<f64>() / n as f64;
        let var = r.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let v_expected = sigma * sigma / 2.0;
        assert!(
            (mean - mu).abs() < 5.0 * (v_expected / n as f64).sqrt(),
            "mean {mean}"
        );
        assert!(
            (var / v_expected - 1.0).abs() < 5.0 * (2.0 / (n - 1) as f64).sqrt(),
            "variance {var} vs {v_expected}"
        );
    }
}

#[test]
fn output_noise_is_white_with_the_right_variance() {
    // lin_rate_opn sends rate + sqrt(tau/h) sigma xi: with mu = 0 and no input the rate stays 0,
    // so noisy_rate is N(0, tau/h sigma²) per step, independent between steps and units.
    let (tau, sigma, n) = (10.0, 0.3, 5000);
    let mut sim = Simulator::new(saltatory::consts::ms * 0.1).unwrap();
    let pop = sim.create::<LinRateOpn>(n, Default::default()).unwrap();
    sim.set(&pop, "sigma", sigma).unwrap();
    sim.set(&pop, "tau", tau).unwrap();
    sim.simulate(saltatory::consts::ms * 0.5).unwrap();
    let x = numbers(&sim.get(&pop, "noisy_rate").unwrap());
    let var = x.iter().map(|v| v * v).sum::<f64>() / n as f64;
    let expected = tau / 0.1 * sigma * sigma;
    // Relative standard error sqrt(2/n) = 0.02; 5 of them: false failure p ≈ 6e-7.
    assert!(
        (var / expected - 1.0).abs() < 5.0 * (2.0 / n as f64).sqrt(),
        "{var} vs {expected}"
    );
}

#[test]
fn wrong_connection_kinds_are_refused_naming_both_models() {
    let mut sim = Simulator::new(saltatory::consts::ms * 0.1).unwrap();
    let spiking = sim.create::<IafPscAlpha>(2, Default::default()).unwrap();
    let rate = sim.create::<LinRateIpn>(2, Default::default()).unwrap();
    let siegert = sim.create::<SiegertNeuron>(2, Default::default()).unwrap();
    let all = saltatory::runtime::Rule::AllToAll;
    let cases: Vec<(NodeCollection, NodeCollection, SynSpec, [&str; 2])> = vec![
        (
            (&spiking).into(),
            (&rate).into(),
            SynSpec::rate_instantaneous(1.0),
            ["iaf_psc_alpha", "lin_rate_ipn"],
        ),
        (
            (&rate).into(),
            (&spiking).into(),
            SynSpec::rate_instantaneous(1.0),
            ["lin_rate_ipn", "iaf_psc_alpha"],
        ),
        (
            (&rate).into(),
            (&spiking).into(),
            SynSpec::new(1.0, 1.0),
            ["lin_rate_ipn", "iaf_psc_alpha"],
        ),
        (
            (&rate).into(),
            (&rate).into(),
            SynSpec::new(1.0, 1.0),
            ["lin_rate_ipn", "lin_rate_ipn"],
        ),
        (
            (&rate).into(),
            (&siegert).into(),
            SynSpec::diffusion(1.0, 1.0),
            ["lin_rate_ipn", "siegert_neuron"],
        ),
        (
            (&siegert).into(),
            (&rate).into(),
            SynSpec::rate_delayed(1.0, 1.0),
            ["siegert_neuron", "lin_rate_ipn"],
        ),
    ];
    for (pre, post, syn, names) in cases {
        let e = sim.connect(pre, post, all, syn).unwrap_err();
        let text = e.to_string();
        assert!(matches!(e, Error::Incompatible { .. }), "{text}");
        for n in names {
            assert!(text.contains(n), "{text} should name {n}");
        }
    }
    assert_eq!(sim.num_synapses(), 0);
    // No delay on instantaneous connections, no weight on diffusion connections.
    let e = sim
        .connect(
            rate,
            rate,
            all,
            SynSpec {
                model: saltatory::runtime::SynapseModel::RateInstantaneous,
                ..SynSpec::new(1.0, 2.0)
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("delay"), "{e}");
    let e = sim
        .connect(
            siegert,
            siegert,
            all,
            SynSpec {
                weight: 2.0.into(),
                ..SynSpec::diffusion(1.0, 1.0)
            },
        )
        .unwrap_err();
    assert!(e.to_string().contains("drift_factor"), "{e}");
    // Spike generators and currents do not reach rate neurons.
    let e = sim
        .add_dc(rate, &saltatory::DcInput::new(saltatory::consts::pA * 1.0))
        .unwrap_err();
    assert!(e.to_string().contains("lin_rate_ipn"), "{e}");
}

#[test]
fn bad_parameters_are_refused() {
    let mut sim = Simulator::new(saltatory::consts::ms * 0.1).unwrap();
    let rate = sim.create::<LinRateIpn>(1, Default::default()).unwrap();
    for (name, v) in [
        ("tau", 0.0),
        ("sigma", -1.0),
        ("lambda", -0.1),
        ("rectify_rate", -1.0),
    ] {
        let e = sim.set(&rate, name, v).unwrap_err().to_string();
        assert!(e.contains(name) && e.contains("lin_rate_ipn"), "{e}");
    }
    let s = sim.create::<SiegertNeuron>(1, Default::default()).unwrap();
    for (name, v) in [
        ("tau_m", 0.0),
        ("tau_syn", -1.0),
        ("t_ref", -1.0),
        ("V_reset", 20.0),
    ] {
        let e = sim.set(&s, name, v).unwrap_err().to_string();
        assert!(e.contains(name) && e.contains("siegert_neuron"), "{e}");
    }
    let g = sim.create::<GaussRateIpn>(1, Default::default()).unwrap();
    let e = sim.set(&g, "sigma", -0.5).unwrap_err().to_string();
    assert!(e.contains("sigma"), "{e}");
}

#[test]
fn a_non_finite_rate_stops_simulate_naming_the_neuron() {
    // NEST's default gauss_rate_ipn has width 0: at h = mu the gain is 0/0.
    let mut sim = Simulator::new(saltatory::consts::ms * 0.1).unwrap();
    let g = sim.create::<GaussRateIpn>(1, Default::default()).unwrap();
    sim.set(&g, "std", 0.0).unwrap();
    let tr = sim.record(g, &["rate"]).unwrap();
    let e = sim.simulate(saltatory::consts::ms * 1.0).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("gauss_rate_ipn") && text.contains("t = 0.1"),
        "{text}"
    );
    assert!(sim.trace(tr).values[0][0].iter().all(|v| v.is_finite()));
    // And a siegert neuron with negative input variance.
    let mut sim = Simulator::new(saltatory::consts::ms * 0.1).unwrap();
    let a = sim.create::<SiegertNeuron>(1, Default::default()).unwrap();
    sim.set(&a, "mean", 10.0).unwrap();
    sim.set(&a, "rate", 10.0).unwrap();
    sim.connect(
        a,
        a,
        saltatory::runtime::Rule::AllToAll,
        SynSpec::diffusion(1.0, -1.0),
    )
    .unwrap();
    assert!(sim.simulate(saltatory::consts::ms * 1.0).is_err());
}

#[test]
fn rate_neuron_dm_example_matches_nest_without_noise() {
    // NEST runs this example without waveform relaxation at min_delay = 1 step, which is the
    // same-step coupling computed here; both units start at 0, so NEST's zero input at step 0
    // changes nothing.
    let fx = fixture("rate_neuron_dm");
    for run in fx["runs"].as_array().unwrap() {
        let d_e = run["dE"].as_f64().unwrap();
        let ours = saltatory::decision::decision_making(0.0, d_e, 1e-3, 1).unwrap();
        let i150 = 150_000 - 1; // the sample stamped 150 ms
        let pairs = [
            (ours.d1[i150], run["d1_150"].as_f64().unwrap()),
            (ours.d2[i150], run["d2_150"].as_f64().unwrap()),
            (*ours.d1.last().unwrap(), run["d1_final"].as_f64().unwrap()),
            (*ours.d2.last().unwrap(), run["d2_final"].as_f64().unwrap()),
        ];
        for (a, b) in pairs {
            assert!(
                (a - b).abs() <= 1e-12 * b.abs().max(1.0),
                "dE {d_e}: ours {a}, NEST {b}"
            );
        }
        assert!(ours.d1.last().unwrap() > &3.0, "the rates must move");
    }
}
