//! Non-linear models (RKF45 with GSL's step control) against live NEST 3.10
//! (tests/nest/nonlinear_scenarios.json, fixtures from tests/nest/gen_fixtures.py --scenarios):
//! identical spike steps, V_m within 1e-6 mV of NEST, and NEST's NumericalInstability errors
//! reproduced as errors at the same time.

use saltatory::consts::ms;
use saltatory::models::{
    AeifCondAlpha, AeifCondExp, AeifPscAlpha, AeifPscDelta, AeifPscExp, HhCondExpTraub, HhPscAlpha,
    IafCondAlpha, IafCondBeta, IafCondExp, IafCondExpSfaRr, Izhikevich,
};
use saltatory::runtime::{Model, Sampling, Trace};
use saltatory::scenario::{NONLINEAR_PARITY_REPORT, NONLINEAR_PARITY_REPORT_UPDATE, ParityReport};
use serde_json::Value as Json;

fn load(path: &str) -> Json {
    let p = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap()
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

fn floats(v: &Json) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

type Outcome = Result<(Vec<f64>, Trace), (String, f64)>;

/// Copies of the scenario's neuron: RKF45 models integrate four at a time in SIMD lanes (the
/// fifth takes the lane of the first to finish), and every copy must match NEST.
const COPIES: usize = 5;

/// The scenario in SIMD lanes and one neuron at a time, which must agree exactly.
fn run<M: Model>(sc: &Json) -> Outcome {
    let lanes = run_with::<M>(sc, true);
    assert_eq!(
        lanes,
        run_with::<M>(sc, false),
        "{}: lanes and one at a time differ",
        sc["name"]
    );
    lanes
}

fn run_with<M: Model>(sc: &Json, lanes: bool) -> Outcome {
    let h = f(&sc["resolution"]);
    let (mut sim, n) = saltatory::scenario::setup_copies::<M>(sc, COPIES).unwrap();
    sim.set_simd_lanes(lanes);
    let vars: Vec<&str> = sc["record"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let interval = sc["record_interval"].as_f64().unwrap_or(h);
    let rec = sim
        .record_with(
            n,
            &vars,
            Sampling {
                interval,
                ..Default::default()
            },
        )
        .unwrap();
    let spikes = sim.record_spikes(n).unwrap();
    match sim.simulate(f(&sc["simtime"]) * ms) {
        Ok(()) => {
            let spikes = sim.spikes(spikes);
            let of = |copy: usize| -> Vec<f64> {
                let senders = spikes.senders.iter();
                let times = senders.zip(&spikes.times).filter(|(s, _)| **s == copy);
                times.map(|(_, t)| *t).collect()
            };
            let first = of(0);
            for copy in 1..COPIES {
                assert_eq!(
                    of(copy),
                    first,
                    "{}: copy {copy} spikes differently",
                    sc["name"]
                );
            }
            let trace = sim.trace(rec).clone();
            for var in &trace.names {
                let first = trace.series(var, 0).unwrap();
                for copy in 1..COPIES {
                    assert_eq!(
                        trace.series(var, copy).unwrap(),
                        first,
                        "{}: copy {copy} differs in {var}",
                        sc["name"]
                    );
                }
            }
            Ok((first, trace))
        }
        Err(saltatory::Error::Integration { time, reason, .. }) => Err((reason.to_string(), time)),
        Err(other) => panic!("{}: unexpected error {other}", sc["name"]),
    }
}

/// Compares one scenario; returns the largest V_m difference in mV and the largest relative
/// difference over samples with |V_m| >= 1 mV.
fn compare(sc: &Json, outcome: Outcome) -> (f64, f64) {
    let name = sc["name"].as_str().unwrap();
    let fx = load(&format!("tests/fixtures/nonlinear/{name}.json"));
    if let Some(kind) = fx["error"].as_str() {
        let (reason, time) = outcome
            .err()
            .unwrap_or_else(|| panic!("{name}: NEST raised {kind}, we did not fail"));
        let nest_time = f(&fx["error_time"]);
        assert!(
            (time - nest_time).abs() < 1e-9,
            "{name}: failed at {time} ms ({reason}), NEST at {nest_time} ms"
        );
        return (0.0, 0.0);
    }
    let (spikes, trace) = outcome.unwrap_or_else(|(r, t)| panic!("{name}: failed at {t} ms: {r}"));
    let h = f(&sc["resolution"]);
    let min_spikes = sc["min_spikes"].as_u64().unwrap() as usize;
    let nest_spikes = floats(&fx["spike_times"]);
    assert!(
        nest_spikes.len() >= min_spikes && spikes.len() >= min_spikes,
        "{name}: too few spikes"
    );
    let steps = |v: &[f64]| v.iter().map(|t| (t / h).round() as i64).collect::<Vec<_>>();
    assert_eq!(
        steps(&spikes),
        steps(&nest_spikes),
        "{name}: spike steps differ"
    );
    let times = floats(&fx["times"]);
    assert_eq!(trace.times.len(), times.len(), "{name}: sample count");
    let ours = trace.series("V_m", 0).unwrap();
    let (mut worst, mut worst_rel) = (0.0_f64, 0.0_f64);
    for (k, (a, b)) in ours.iter().zip(floats(&fx["V_m"])).enumerate() {
        let d = (a - b).abs();
        assert!(
            d <= 1e-6,
            "{name}: V_m at {} ms: ours {a}, NEST {b}",
            times[k]
        );
        worst = worst.max(d);
        if b.abs() >= 1.0 {
            worst_rel = worst_rel.max(d / b.abs());
        }
    }
    // The other recorded variables (conductances, currents, w, gating variables, t_ref_remaining).
    for var in trace.names.iter().filter(|v| **v != "V_m") {
        let ours = trace.series(var, 0).unwrap();
        for (k, (a, b)) in ours.iter().zip(floats(&fx[*var])).enumerate() {
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "{name}: {var} at {} ms: ours {a}, NEST {b}",
                times[k]
            );
        }
    }
    (worst, worst_rel)
}

const MEASURE: &str = "worst relative deviation of V_m over samples with |V_m| >= 1 mV (the test asserts identical spike steps, |V_m - NEST| <= 1e-6 mV, and NEST's NumericalInstability at the same time)";

fn check_model(model: &str, run_one: fn(&Json) -> Outcome, report: &mut ParityReport) {
    let scenarios = load("tests/nest/nonlinear_scenarios.json");
    let mine: Vec<&Json> = scenarios
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["model"] == model)
        .collect();
    assert!(mine.len() >= 5, "{model}: too few scenarios");
    for sc in mine {
        let name = sc["name"].as_str().unwrap();
        let (worst, worst_rel) = compare(sc, run_one(sc));
        println!("{name:<36} worst |V_m - NEST| {worst:.2e} mV");
        report.add(model, name, worst_rel);
    }
}

#[test]
fn every_nonlinear_model_matches_nest() {
    let mut report = ParityReport::new(1e-6).with_measure(MEASURE);
    check_model("iaf_cond_exp", run::<IafCondExp>, &mut report);
    check_model("iaf_cond_alpha", run::<IafCondAlpha>, &mut report);
    check_model("iaf_cond_beta", run::<IafCondBeta>, &mut report);
    check_model("iaf_cond_exp_sfa_rr", run::<IafCondExpSfaRr>, &mut report);
    check_model("aeif_cond_alpha", run::<AeifCondAlpha>, &mut report);
    check_model("aeif_cond_exp", run::<AeifCondExp>, &mut report);
    check_model("aeif_psc_alpha", run::<AeifPscAlpha>, &mut report);
    check_model("aeif_psc_exp", run::<AeifPscExp>, &mut report);
    check_model("aeif_psc_delta", run::<AeifPscDelta>, &mut report);
    check_model("hh_psc_alpha", run::<HhPscAlpha>, &mut report);
    check_model("hh_cond_exp_traub", run::<HhCondExpTraub>, &mut report);
    check_model("izhikevich", run::<Izhikevich>, &mut report);
    // The audit (`saltatory audit`) reads this report as the models' parity evidence.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(NONLINEAR_PARITY_REPORT);
    let text = report.to_json();
    if std::env::var_os("UPDATE_PARITY_REPORT").is_some_and(|v| v == "1") {
        saltatory::runtime::output::write_atomic(&path, text.as_bytes()).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {NONLINEAR_PARITY_REPORT} ({e}); write it with `{NONLINEAR_PARITY_REPORT_UPDATE}`"));
    assert!(
        committed == text,
        "{NONLINEAR_PARITY_REPORT} is stale; rewrite it with `{NONLINEAR_PARITY_REPORT_UPDATE}`:\n{text}"
    );
}
