//! Decision making with two rate neurons, as NEST's `rate_neuron_dm.py`: for noise levels
//! sigma = 0, 0.1, 0.2 and input differences dE = 0, 0.004, 0.008, two mutually inhibiting
//! `lin_rate_ipn` units receive equal drive for 100 ms and then 1 ± dE for 100 ms. Prints the
//! final rates of each run and writes `rate_neuron_dm.png` (the rates for dE = 0.004).
//!
//! `cargo run --release --example rate_neuron_dm [-- --out DIR]`

use std::path::PathBuf;

use saltatory::decision::decision_making;

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> saltatory::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    let dt = 1e-3;
    println!("sigma    dE   final D1      final D2");
    let mut curves = Vec::new();
    for sigma in [0.0, 0.1, 0.2] {
        for d_e in [0.0, 0.004, 0.008] {
            let run = decision_making(sigma, d_e, dt, 1)?;
            let (a, b) = (run.d1.last().copied(), run.d2.last().copied());
            println!(
                "{sigma:5.1} {d_e:6.3} {:12.8} {:12.8}",
                a.unwrap_or(f64::NAN),
                b.unwrap_or(f64::NAN)
            );
            if d_e == 0.004 {
                curves.push((sigma, run));
            }
        }
    }
    // Every 100th sample is plenty for the figure.
    let thin = |v: &[f64]| v.iter().step_by(100).copied().collect::<Vec<_>>();
    let times = thin(&curves[0].1.times);
    let labels: Vec<(String, String)> = curves
        .iter()
        .map(|(s, _)| (format!("D1, sigma = {s}"), format!("D2, sigma = {s}")))
        .collect();
    let values: Vec<(Vec<f64>, Vec<f64>)> = curves
        .iter()
        .map(|(_, run)| (thin(&run.d1), thin(&run.d2)))
        .collect();
    let mut series = Vec::new();
    for ((v1, v2), (l1, l2)) in values.iter().zip(&labels) {
        series.push((l1.as_str(), times.as_slice(), v1.as_slice()));
        series.push((l2.as_str(), times.as_slice(), v2.as_slice()));
    }
    std::fs::create_dir_all(&out).map_err(|e| saltatory::Error::Io {
        path: out.display().to_string(),
        message: e.to_string(),
    })?;
    let png = out.join("rate_neuron_dm.png");
    saltatory::plot::lines(
        &png,
        "rate_neuron_dm: two lin_rate_ipn units, dE = 0.004",
        "time (ms)",
        "rate",
        &series,
    )?;
    println!("wrote {}", png.display());
    Ok(())
}
