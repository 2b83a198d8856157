//! Replays every scenario of `tests/nest/scenarios.json` and compares with the fixtures that
//! `tests/nest/gen_fixtures.py` recorded from live NEST 3.10: identical spike steps, and every
//! recorded trace within 1e-11 relative error.
//!
//! It also keeps `tests/fixtures/parity_report.json`, the per-model worst deviation that
//! `saltatory audit` shows: the test fails when the committed report differs from what it
//! measured, unless run with `UPDATE_PARITY_REPORT=1`, which rewrites it.

use std::path::Path;

use saltatory::scenario::{self, PARITY_REPORT, PARITY_REPORT_UPDATE, ParityReport, Replay};
use serde_json::Value as Json;

const REL_TOL: f64 = 1e-11;

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

/// Compares one scenario; returns the worst relative deviation over all traces.
fn compare(sc: &Json) -> f64 {
    let name = sc["name"].as_str().unwrap();
    let fx = load(&format!("tests/fixtures/{name}.json"));
    let Replay {
        spike_times: spikes,
        trace,
    } = scenario::run(sc).unwrap_or_else(|e| panic!("{e}"));
    let h = f(&sc["resolution"]);
    let min_spikes = sc["min_spikes"].as_u64().unwrap() as usize;
    let nest_spikes = floats(&fx["spike_times"]);
    assert!(
        nest_spikes.len() >= min_spikes,
        "{name}: NEST fired {} < {min_spikes}",
        nest_spikes.len()
    );
    assert!(
        spikes.len() >= min_spikes,
        "{name}: we fired {} < {min_spikes}",
        spikes.len()
    );
    let steps = |v: &[f64]| v.iter().map(|t| (t / h).round() as i64).collect::<Vec<_>>();
    assert_eq!(
        steps(&spikes),
        steps(&nest_spikes),
        "{name}: spike steps differ"
    );

    let times = floats(&fx["times"]);
    assert_eq!(trace.times.len(), times.len(), "{name}: sample count");
    for (a, b) in trace.times.iter().zip(&times) {
        assert!((a - b).abs() <= 1e-9, "{name}: sample time {a} vs {b}");
    }
    let mut worst = 0.0_f64;
    for var in &trace.names {
        let ours = trace.series(var, 0).unwrap();
        let nest = floats(&fx[*var]);
        for (k, (a, b)) in ours.iter().zip(&nest).enumerate() {
            let rel = if *b == 0.0 {
                a.abs()
            } else {
                ((a - b) / b).abs()
            };
            assert!(
                rel <= REL_TOL,
                "{name}: {var} at t = {} ms: ours {a}, NEST {b}, relative error {rel:e}",
                times[k]
            );
            worst = worst.max(rel);
        }
    }
    worst
}

#[test]
fn every_scenario_matches_live_nest() {
    let scenarios = load("tests/nest/scenarios.json");
    let list = scenarios.as_array().unwrap();
    assert!(list.len() >= 20);
    let mut report = String::new();
    let mut per_model = ParityReport::new(REL_TOL);
    for sc in list {
        let worst = compare(sc);
        report.push_str(&format!(
            "{:<32} worst relative deviation {worst:.2e}\n",
            sc["name"].as_str().unwrap()
        ));
        per_model.add(scenario::model(sc), scenario::name(sc), worst);
    }
    println!("{report}");
    check_parity_report(&per_model);
}

/// Compares the per-model report with the committed one, or rewrites it when
/// `UPDATE_PARITY_REPORT=1`.
fn check_parity_report(measured: &ParityReport) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PARITY_REPORT);
    let text = measured.to_json();
    if std::env::var_os("UPDATE_PARITY_REPORT").is_some_and(|v| v == "1") {
        saltatory::runtime::output::write_atomic(&path, text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        println!("rewrote {PARITY_REPORT}");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {PARITY_REPORT} ({e}); write it with `{PARITY_REPORT_UPDATE}`")
    });
    if committed != text {
        let old = ParityReport::from_json(&committed).unwrap_or_default();
        let mut changes = String::new();
        for (model, new) in &measured.models {
            match old.models.get(model) {
                Some(o) if o == new => {}
                Some(o) => changes.push_str(&format!(
                    "\n  {model}: committed {:.2e} ({}, {} scenarios), measured {:.2e} ({}, {} scenarios)",
                    o.worst, o.worst_scenario, o.scenarios, new.worst, new.worst_scenario, new.scenarios
                )),
                None => changes.push_str(&format!("\n  {model}: not in the committed report")),
            }
        }
        for model in old
            .models
            .keys()
            .filter(|m| !measured.models.contains_key(*m))
        {
            changes.push_str(&format!("\n  {model}: no longer has scenarios"));
        }
        panic!(
            "{PARITY_REPORT} is stale:{changes}\nrewrite it with `{PARITY_REPORT_UPDATE}` (and \
             regenerate docs/models with `cargo run --bin saltatory -- docs`)"
        );
    }
}
