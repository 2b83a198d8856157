//! A long run keeps its memory flat: a network whose spike recorder and multimeter stream to
//! files runs 10^6 steps (100 s at 0.1 ms) in ten `simulate` calls; the resident set after the
//! last call is within 5 MB of the one after the first, with more than 10^5 events streamed in
//! between, and no state becomes NaN (a non-finite state would end the run with an error).
//!
//! This file holds one test so that no other test allocates while it measures.

use saltatory::Simulator;
use saltatory::consts::{ms, pA};
use saltatory::models::{IafPscAlpha, IafPscAlphaParams};
use saltatory::runtime::{
    AsciiOptions, Config, OutputFiles, RecordTo, Rule, Sampling, Stimulus, SynSpec, Window,
};

/// The resident set in bytes (Linux).
fn rss() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with("VmRSS:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

#[test]
fn a_million_steps_streamed_to_files_keep_memory_flat() {
    let dir = std::env::temp_dir().join(format!("saltatory-long-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut sim = Simulator::with_config(Config {
        seed: 3,
        progress: false,
        ..Config::default()
    })
    .unwrap();
    let files = OutputFiles {
        data_path: dir.clone(),
        ..OutputFiles::default()
    };
    sim.set_output_files(files).unwrap();
    let params = IafPscAlphaParams {
        I_e: 200.0 * pA,
        ..Default::default()
    };
    let n = sim.create::<IafPscAlpha>(100, params).unwrap();
    sim.connect(n, n, Rule::FixedIndegree(10), SynSpec::new(20.0, 1.5))
        .unwrap();
    let poisson = Stimulus::Poisson { rate: 10_000.0 };
    sim.stimulate(poisson, n, SynSpec::new(20.0, 1.0)).unwrap();
    let to = RecordTo::Ascii(AsciiOptions::default());
    let spikes = sim.record_spikes_to(n, Window::default(), &to).unwrap();
    let every_ms = Sampling {
        interval: 1.0,
        ..Sampling::default()
    };
    let meter = sim
        .record_to(n.slice(0..10).unwrap(), &["V_m"], every_ms, &to)
        .unwrap();
    let events = |sim: &Simulator| sim.n_events(spikes) + sim.n_events(meter);
    sim.simulate(10_000.0 * ms).unwrap();
    let (first, events_first) = (rss(), events(&sim));
    for _ in 1..10 {
        sim.simulate(10_000.0 * ms).unwrap();
    }
    let streamed = events(&sim) - events_first;
    println!("events streamed after the first tenth: {streamed}");
    assert!(streamed > 100_000, "{streamed} events");
    if let (Some(a), Some(b)) = (first, rss()) {
        let grew = b as f64 - a as f64;
        println!(
            "resident set: {:.1} MB, then {:.1} MB",
            a as f64 / 1e6,
            b as f64 / 1e6
        );
        assert!(
            grew.abs() < 5e6,
            "the resident set grew by {:.1} MB",
            grew / 1e6
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
