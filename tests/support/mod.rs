//! What the tests against live NEST's statistics share: reading fixtures, summarising
//! independent units and comparing means within combined standard errors.

// Each test crate uses the part it needs.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::Value as Json;

/// `tests/fixtures/<path>.json`.
pub fn fixture(path: &str) -> Json {
    let p = format!("{}/tests/fixtures/{path}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// A JSON array of numbers (empty when absent).
pub fn floats(v: &Json) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_f64().unwrap()).collect())
        .unwrap_or_default()
}

/// The mean of `xs`.
pub fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// The sample standard deviation of `xs` (ddof 1).
pub fn sd1(xs: &[f64]) -> f64 {
    let m = mean(xs);
    (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt()
}

/// A mean and its standard error.
pub type Stat = (f64, f64);

/// Per statistic, the mean over the units and its standard error (sd with ddof 1 over the
/// square root of the number of units); every unit has the same statistics.
pub fn summarise(units: &[BTreeMap<String, f64>]) -> BTreeMap<String, Stat> {
    units[0]
        .keys()
        .map(|k| {
            let xs: Vec<f64> = units.iter().map(|u| u[k]).collect();
            (k.clone(), (mean(&xs), sd1(&xs) / (xs.len() as f64).sqrt()))
        })
        .collect()
}

/// The statistics of `ours` farther from the fixture's `stats` ({name: {mean, se}}) than four
/// combined standard errors (where both errors are 0, any difference); prints every z.
pub fn disagreements(name: &str, stats: &Json, ours: &BTreeMap<String, Stat>) -> Vec<String> {
    let nest = stats.as_object().unwrap();
    assert_eq!(
        nest.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>(),
        "{name}: statistics"
    );
    let mut bad = Vec::new();
    for (k, s) in nest {
        let (m, se) = (s["mean"].as_f64().unwrap(), s["se"].as_f64().unwrap());
        let (om, ose) = ours[k];
        let combined = (se * se + ose * ose).sqrt();
        let z = match (combined > 0.0, om == m) {
            (true, _) => (om - m) / combined,
            (false, true) => 0.0,
            (false, false) => f64::INFINITY,
        };
        eprintln!("{name}: {k}: ours {om:.4} ± {ose:.4}, NEST {m:.4} ± {se:.4}, z = {z:.2}");
        if z.abs() > 4.0 {
            bad.push(format!(
                "{k}: ours {om} ± {ose}, NEST {m} ± {se} (z = {z:.2})"
            ));
        }
    }
    bad
}
