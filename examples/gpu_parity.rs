//! Runs every NEST parity scenario of the models with a GPU kernel twice, with the Rust update
//! and on the GPU (`CudaRunner`), and compares: spike times, failures, and the largest
//! deviation of every state variable relative to its largest magnitude. Needs a CUDA device.
//!
//! `cargo run --release --features cuda --example gpu_parity [-- --f32]`
//!
//! Exits with 1 when a scenario's spikes or failure differ between the two (in f64).

use std::path::Path;
use std::sync::Arc;

use saltatory::consts::ms;
use saltatory::runtime::cuda::CudaRunner;
use saltatory::runtime::{Error, KernelRunner, Precision, Trace};
use saltatory::scenario::{load_json, setup_by_name};
use serde_json::Value as Json;

type Outcome = Result<(Vec<f64>, Trace), String>;

fn run(sc: &Json, runner: Option<Arc<dyn KernelRunner>>) -> Outcome {
    let (mut sim, n) = setup_by_name(sc, 1).map_err(|e| e.to_string())?;
    let model = saltatory::models::registry();
    let meta = model
        .entry(sc["model"].as_str().unwrap_or(""))
        .map_err(|e| e.to_string())?
        .meta;
    let vars: Vec<&str> = meta.state.iter().map(|s| s.name).collect();
    let rec = sim.record(n.clone(), &vars).map_err(|e| e.to_string())?;
    let spikes = sim.record_spikes(n.clone()).map_err(|e| e.to_string())?;
    if runner.is_some() {
        sim.set_kernel_runner(n, runner)
            .map_err(|e| e.to_string())?;
    }
    let simtime = sc["simtime"].as_f64().unwrap_or(0.0);
    match sim.simulate(simtime * ms) {
        Ok(()) => Ok((sim.spikes(spikes).times.clone(), sim.trace(rec).clone())),
        Err(e @ Error::Integration { .. }) => Err(e.to_string()),
        Err(other) => Err(format!("unexpected: {other}")),
    }
}

/// Largest deviation relative to the series' largest magnitude, over all variables.
fn worst(a: &Trace, b: &Trace) -> f64 {
    let mut w = 0.0_f64;
    for name in &a.names {
        let (x, y) = (
            a.series(name, 0).unwrap_or(&[]),
            b.series(name, 0).unwrap_or(&[]),
        );
        let scale = x.iter().fold(0.0_f64, |m, v| m.max(v.abs())).max(1e-300);
        for (p, q) in x.iter().zip(y) {
            w = w.max((p - q).abs() / scale);
        }
    }
    w
}

fn main() {
    let precision = if std::env::args().any(|a| a == "--f32") {
        Precision::F32
    } else {
        Precision::F64
    };
    let registry = saltatory::models::registry();
    let mut scenarios = Vec::new();
    for file in [
        "tests/nest/scenarios.json",
        "tests/nest/nonlinear_scenarios.json",
    ] {
        match load_json(Path::new(file)) {
            Ok(Json::Array(list)) => scenarios.extend(list),
            _ => {
                eprintln!("error: cannot read {file} (run from the repository root)");
                std::process::exit(2);
            }
        }
    }
    let mut failed = 0;
    for sc in &scenarios {
        let name = sc["name"].as_str().unwrap_or("?");
        let Ok(entry) = registry.entry(sc["model"].as_str().unwrap_or("")) else {
            continue;
        };
        let Some(kernel) = entry.kernel else { continue };
        let runner = match CudaRunner::with_precision(kernel, 0, precision) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        };
        let (cpu, gpu) = (run(sc, None), run(sc, Some(runner)));
        let verdict = match (&cpu, &gpu) {
            (Ok((sa, ta)), Ok((sb, tb))) => {
                let same = sa == sb;
                failed += usize::from(!same && precision == Precision::F64);
                let spikes = if same { "same spikes" } else { "SPIKES DIFFER" };
                format!(
                    "{spikes} ({}), worst relative deviation {:.1e}",
                    sa.len(),
                    worst(ta, tb)
                )
            }
            (Err(a), Err(b)) if a == b => "same failure".to_string(),
            (a, b) => {
                failed += usize::from(precision == Precision::F64);
                format!(
                    "DIFFER: cpu {:?}, gpu {:?}",
                    a.as_ref().err(),
                    b.as_ref().err()
                )
            }
        };
        println!("{name:<44} {verdict}");
    }
    println!("{failed} scenarios differ");
    std::process::exit(i32::from(failed > 0));
}
