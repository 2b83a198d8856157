//! The STDP window: the weight change after one presynaptic and one postsynaptic parrot spike
//! against `Δt = t_post - t_pre` (-100 to 100 ms, 1 ms apart; delay 1 ms, all dendritic) for
//! `stdp_synapse`, `stdp_pl_synapse_hom`, `stdp_triplet_synapse` and the three
//! nearest-neighbour variants (which, for an isolated pair, change the weight exactly as
//! `stdp_synapse` does). Prints the weight changes at a few `Δt`, compares every weight with
//! NEST's (tests/fixtures/plastic_examples/stdp_window.json, written by
//! tests/nest/plastic_twins.py) and writes `stdp_window.png`: ours as lines, NEST's as circles.
//!
//! `cargo run --release --example stdp_window [-- --out DIR --nest FIXTURE]`

use std::path::PathBuf;

use clap::Parser;
use saltatory::plastic_examples::{WINDOW_MODELS, WindowProtocol, stdp_window};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Directory for the PNG.
    #[arg(long, default_value = ".")]
    out: PathBuf,
    /// NEST's weights (leave the circles out if the file is absent).
    #[arg(long, default_value = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/plastic_examples/stdp_window.json"
    ))]
    nest: PathBuf,
}

fn main() {
    if let Err(e) = run(Args::parse()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// Models whose weight changes are the same: their short names, our changes, NEST's.
type Group<'a> = (Vec<&'a str>, Vec<f64>, Option<Vec<f64>>);

/// NEST's final weights per model, if the fixture can be read.
fn nest_weights(args: &Args) -> Option<Vec<(String, Vec<f64>)>> {
    let text = std::fs::read_to_string(&args.nest).ok()?;
    let fx: serde_json::Value = serde_json::from_str(&text).ok()?;
    let curves = fx["curves"].as_array()?.iter().map(|c| {
        let model = c["model"].as_str()?.to_string();
        let w = c["weights"].as_array()?.iter().map(|w| w.as_f64());
        Some((model, w.collect::<Option<Vec<f64>>>()?))
    });
    curves.collect()
}

fn run(args: Args) -> saltatory::Result<()> {
    let protocol = WindowProtocol::default();
    let dts = protocol.dts();
    let nest = nest_weights(&args);
    if nest.is_none() {
        println!(
            "no NEST weights at {}: plotting ours only",
            args.nest.display()
        );
    }
    // Curves that are the same are drawn once, under all their names.
    let mut groups: Vec<Group> = Vec::new();
    let shown = [-50.0, -10.0, -2.0, -1.0, 0.0, 1.0, 10.0, 50.0];
    println!("Δw at Δt = {shown:?} ms");
    for m in &WINDOW_MODELS {
        let w = stdp_window(m, &protocol)?;
        let dw: Vec<f64> = w.iter().map(|x| x - m.weight).collect();
        let at = |t: f64| dw[dts.iter().position(|d| *d == t).expect("on the grid")];
        let row: Vec<String> = shown.iter().map(|&t| format!("{:+.4}", at(t))).collect();
        print!("  {:30} {}", m.model, row.join(" "));
        let theirs = (nest.iter().flatten()).find(|(name, _)| name == m.model);
        let theirs = theirs.map(|(_, nw)| {
            let equal = w.iter().zip(nw).filter(|(a, b)| a == b).count();
            print!("   NEST: {equal} of {} weights bitwise equal", nw.len());
            nw.iter().map(|x| x - m.weight).collect::<Vec<f64>>()
        });
        println!();
        let short = m.model.trim_end_matches("_synapse");
        match groups.iter_mut().find(|(_, d, _)| *d == dw) {
            Some(g) => g.0.push(short.trim_start_matches("stdp_")),
            None => groups.push((vec![short], dw, theirs)),
        }
    }
    let labels: Vec<String> = groups.iter().map(|g| g.0.join(" = ")).collect();
    let lines: Vec<_> = (groups.iter().zip(&labels))
        .map(|(g, l)| (l.as_str(), dts.as_slice(), g.1.as_slice()))
        .collect();
    let points: Vec<_> = (groups.iter())
        .enumerate()
        .map(|(k, g)| {
            let label = if k == 0 { "NEST 3.10" } else { "" };
            let ys = g.2.as_deref().unwrap_or(&[]);
            (label, if ys.is_empty() { &[][..] } else { &dts[..] }, ys)
        })
        .collect();
    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    let png = args.out.join("stdp_window.png");
    saltatory::plot::lines_and_points(
        &png,
        "STDP window: one pair, read out 2 s later (lines: saltatory, circles: NEST)",
        "Δt = t_post - t_pre (ms)",
        "Δw",
        &lines,
        &points,
    )?;
    println!("wrote {}", png.display());
    Ok(())
}
