//! The memory guard: a connect call whose estimated memory exceeds the limit set for the
//! simulator, or what the machine has free, is refused before it allocates, with the estimate
//! and the bound in the message, and leaves the simulator as it was. The estimate is within
//! ±25 % of the peak memory a call actually takes, on three sizes (measured as the growth of
//! the process's peak resident set, on Linux, each size in a fresh process of its own so that
//! nothing else allocates meanwhile and no freed memory is reused).

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::memory_guard;
use saltatory::runtime::{ConnSpec, Error, Rule, SynSpec};

fn neurons(sim: &mut Simulator, n: usize) -> saltatory::runtime::NodeCollection {
    registry().create(sim, "parrot_neuron", n, &[]).unwrap()
}

/// A value of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`).
fn status_bytes(key: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with(key))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resets the peak resident set to the current one; false where the system cannot.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The estimate of a call against its measured peak growth, as estimate / measured.
fn measured_ratio(n_src: usize, n_tgt: usize, rule: Rule) -> Option<f64> {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let (pre, post) = (neurons(&mut sim, n_src), neurons(&mut sim, n_tgt));
    let spec = ConnSpec::from(rule);
    let estimate = sim.connect_estimate(&pre, &post, &spec, &SynSpec::new(1.0, 1.0));
    if !reset_peak() {
        return None;
    }
    let before = status_bytes("VmRSS:")?;
    sim.connect(pre, post, spec, SynSpec::new(1.0, 1.0))
        .unwrap();
    let peak = status_bytes("VmHWM:")?;
    let grew = peak.saturating_sub(before) as f64;
    println!(
        "{rule:?} {n_src} x {n_tgt}: estimate {:.1} MB, measured {:.1} MB",
        estimate.bytes / 1e6,
        grew / 1e6
    );
    Some(estimate.bytes / grew)
}

#[test]
fn connect_calls_too_large_are_refused_before_they_allocate() {
    // Refused by a limit, with both numbers; nothing is connected.
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let (a, b) = (neurons(&mut sim, 1000), neurons(&mut sim, 1000));
    sim.set_memory_limit(Some(5_000_000));
    let e = sim
        .connect(a.clone(), b.clone(), Rule::AllToAll, SynSpec::new(1.0, 1.0))
        .unwrap_err();
    assert!(matches!(e, Error::OutOfMemory { .. }), "{e}");
    let text = e.to_string();
    for part in ["1000000 connections", "MB", "limit", "5.0 MB"] {
        assert!(text.contains(part), "{text} lacks {part}");
    }
    assert_eq!(sim.num_synapses(), 0);
    // A call within the limit goes through.
    sim.connect(a, b, Rule::FixedIndegree(100), SynSpec::new(1.0, 1.0))
        .unwrap();
    assert_eq!(sim.num_synapses(), 100_000);
    sim.simulate(1.0 * ms).unwrap();

    // Refused by what the machine has: 4e10 connections need hundreds of GB.
    if memory_guard::available().is_some() {
        let mut sim = Simulator::new(0.1 * ms).unwrap();
        let (a, b) = (neurons(&mut sim, 200_000), neurons(&mut sim, 200_000));
        let e = sim
            .connect(a, b, Rule::AllToAll, SynSpec::new(1.0, 1.0))
            .unwrap_err();
        assert!(e.to_string().contains("available to this process"), "{e}");
        assert_eq!(sim.num_synapses(), 0);
    }
}

/// The environment variable that makes [`measure_in_this_process`] measure one size.
const MEASURE: &str = "SALTATORY_MEASURE_CONNECT";

#[test]
fn the_estimate_is_within_a_quarter_of_the_measured_peak() {
    let sizes = ["1000 1000 all", "2000 2000 all", "4000 3000 indegree"];
    for size in sizes {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "measure_in_this_process", "--nocapture"])
            .env(MEASURE, size)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{size}: {text}");
        if text.contains("cannot be measured") {
            println!("peak memory cannot be measured here; the estimate is not checked");
            return;
        }
        let ratio: f64 = (text.lines())
            .find_map(|l| l.strip_prefix("ratio "))
            .unwrap_or_else(|| panic!("{size}: no ratio in {text}"))
            .parse()
            .unwrap();
        println!("{size}: estimate / measured = {ratio:.2}");
        assert!(
            (0.75..=1.25).contains(&ratio),
            "{size}: estimate / measured = {ratio:.2}"
        );
    }
}

/// Measures the size named by the environment variable (run by the test above in a process
/// of its own; does nothing otherwise).
#[test]
fn measure_in_this_process() {
    let Ok(size) = std::env::var(MEASURE) else {
        return;
    };
    let words: Vec<&str> = size.split(' ').collect();
    let (n_src, n_tgt) = (words[0].parse().unwrap(), words[1].parse().unwrap());
    let rule = match words[2] {
        "all" => Rule::AllToAll,
        _ => Rule::FixedIndegree(1000),
    };
    match measured_ratio(n_src, n_tgt, rule) {
        Some(ratio) => println!("ratio {ratio}"),
        None => println!("peak memory cannot be measured here"),
    }
}
