//! The ported PyNEST examples about devices (src/nest_examples.rs) against their NEST twins
//! (tests/nest/examples_twins.py, fixtures in tests/fixtures/examples/).
//!
//! Each statistic is the mean over seeds 1..=n (n as many as NEST used, one thread) with its
//! standard error; ours and NEST's must agree within 4 combined standard errors
//! (`sqrt(se_ours² + se_nest²)`). Statistics that do not vary (both standard errors 0) must be
//! equal. Each test also runs a negative control, one parameter changed by 7–8 % (for the
//! sinusoidal_gamma generators changed at half time: one panel's phase change left out), which
//! must disagree. The correlation_detector's histogram of given spike trains is compared
//! exactly.

mod support;

use std::collections::BTreeMap;

use saltatory::nest_examples::sinusoidal_gamma::{
    GAMMA_PARROTS, GAMMAS, Gamma, STEP_DT, STEP_N, STEP_PANELS, STEP_T, gamma_part1,
    gamma_part1_stats, gamma_part2, gamma_step, gamma_step_stats,
};
use saltatory::nest_examples::{
    self as ex, MipParams, PulsePacketParams, SINUSOID_PARROTS, SINUSOIDS, SpinParams, Stats,
};
use serde_json::Value as Json;
use support::{floats, summarise};

/// `tests/fixtures/examples/<name>.json`.
fn fixture(name: &str) -> Json {
    support::fixture(&format!("examples/{name}"))
}

fn f(v: &Json) -> f64 {
    v.as_f64().unwrap()
}

fn n_seeds(fx: &Json) -> u64 {
    fx["seeds"].as_array().unwrap().len() as u64
}

/// The statistics that disagree with NEST's, printing the whole comparison.
fn disagreements(name: &str, fx: &Json, runs: &[Stats]) -> Vec<String> {
    disagreements_of(name, fx, summarise(runs))
}

fn agree_summary(name: &str, fx: &Json, ours: BTreeMap<String, (f64, f64)>) {
    let bad = disagreements_of(name, fx, ours);
    assert!(
        bad.is_empty(),
        "{name} disagrees with NEST:\n{}",
        bad.join("\n")
    );
}

/// As [`disagreements`], for means and standard errors already summarised.
fn disagreements_of(name: &str, fx: &Json, ours: BTreeMap<String, (f64, f64)>) -> Vec<String> {
    support::disagreements(name, &fx["stats"], &ours)
}

fn agree(name: &str, fx: &Json, runs: &[Stats]) {
    let bad = disagreements(name, fx, runs);
    assert!(
        bad.is_empty(),
        "{name} disagrees with NEST:\n{}",
        bad.join("\n")
    );
}

fn control_fails(name: &str, fx: &Json, runs: &[Stats]) {
    let bad = disagreements(&format!("{name} (negative control)"), fx, runs);
    assert!(
        !bad.is_empty(),
        "{name}: the negative control agrees with NEST"
    );
}

fn mip_params(fx: &Json) -> MipParams {
    let p = &fx["params"];
    let ours = MipParams {
        resolution: f(&p["resolution"]),
        t: f(&p["T"]),
        tau_max: f(&p["tau_max"]),
        delta_tau: f(&p["delta_tau"]),
        p_copy: f(&p["p_copy"]),
        rate: f(&p["rate"]),
    };
    assert_eq!(
        ours,
        MipParams::default(),
        "the twin runs the example's network"
    );
    ours
}

fn mip_runs(fx: &Json, p: &MipParams) -> Vec<Stats> {
    (1..=n_seeds(fx))
        .map(|seed| ex::mip_stats(p, &ex::mip_corrdet(p, seed).unwrap()))
        .collect()
}

#[test]
fn mip_correlation_histogram_matches_nest() {
    let fx = fixture("mip_corrdet");
    let p = mip_params(&fx);
    agree("mip_corrdet", &fx, &mip_runs(&fx, &p));
    let control = MipParams { p_copy: 0.46, ..p };
    control_fails("mip_corrdet", &fx, &mip_runs(&fx, &control));
}

#[test]
fn correlation_detector_histogram_of_given_trains_matches_nest_exactly() {
    let fx = fixture("mip_corrdet");
    let p = mip_params(&fx);
    let r = &fx["replay"];
    let trains: Vec<Vec<i64>> = (r["steps"].as_array().unwrap().iter())
        .map(|t| {
            t.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_i64().unwrap())
                .collect()
        })
        .collect();
    let trains = [trains[0].clone(), trains[1].clone()];
    let count: Vec<u64> = (r["count_histogram"].as_array().unwrap().iter())
        .map(|c| c.as_u64().unwrap())
        .collect();
    let n_events: Vec<u64> = (r["n_events"].as_array().unwrap().iter())
        .map(|c| c.as_u64().unwrap())
        .collect();
    let ours = ex::correlation_replay(&p, &trains, f(&r["T"])).unwrap();
    assert_eq!(ours.steps, trains, "the replay reproduces NEST's trains");
    assert_eq!(ours.histogram, floats(&r["histogram"]));
    assert_eq!(ours.count_histogram, count);
    assert_eq!(ours.n_events.to_vec(), n_events);
    // The histogram computed directly from the trains (as the example does) is the same.
    let bin = (p.delta_tau / p.resolution).round() as i64;
    let tau = (p.tau_max / p.resolution).round() as i64;
    let direct = ex::cross_correlation(&trains[0], &trains[1], bin, tau);
    assert_eq!(direct, floats(&r["histogram"]));
    // And for a run of ours.
    let short = MipParams { t: 5000.0, ..p };
    let run = ex::mip_corrdet(&short, 3).unwrap();
    let direct = ex::cross_correlation(&run.steps[0], &run.steps[1], bin, tau);
    assert_eq!(run.histogram, direct);
    let counts: Vec<f64> = run.count_histogram.iter().map(|&c| c as f64).collect();
    assert_eq!(counts, direct);
}

fn spin_runs(fx: &Json, p: &SpinParams) -> Vec<Stats> {
    let lags = floats(&fx["lags"]);
    (1..=n_seeds(fx))
        .map(|seed| ex::spin_stats(p, &ex::two_binary_neurons(p, seed).unwrap(), &lags))
        .collect()
}

#[test]
fn two_binary_neurons_covariances_match_nest() {
    let fx = fixture("correlospinmatrix");
    let q = &fx["params"];
    let p = SpinParams {
        m_x: f(&q["m_x"]),
        tau_m: f(&q["tau_m"]),
        h: f(&q["h"]),
        t: f(&q["T"]),
        tau_max: f(&q["tau_max"]),
    };
    assert_eq!(
        SpinParams { t: 1e6, ..p },
        SpinParams::default(),
        "the twin runs the example's network, shorter"
    );
    agree("correlospinmatrix", &fx, &spin_runs(&fx, &p));
    let control = SpinParams { m_x: 0.46, ..p };
    control_fails("correlospinmatrix", &fx, &spin_runs(&fx, &control));
}

fn pp_runs(fx: &Json, p: &PulsePacketParams) -> Vec<Stats> {
    let times = floats(&fx["times"]);
    (1..=n_seeds(fx))
        .map(|seed| ex::pulsepacket_stats(&ex::pulsepacket(p, seed).unwrap(), &times))
        .collect()
}

#[test]
fn pulsepacket_average_potential_matches_nest() {
    let fx = fixture("pulsepacket");
    let q = &fx["params"];
    let p = PulsePacketParams {
        a: q["a"].as_u64().unwrap() as u32,
        sdev: f(&q["sdev"]),
        weight: f(&q["weight"]),
        pulsetime: f(&q["pulsetime"]),
        n_neurons: q["n_neurons"].as_u64().unwrap() as usize,
        cm: f(&q["cm"]),
        tau_s: f(&q["tau_s"]),
        tau_m: f(&q["tau_m"]),
        v0: f(&q["V0"]),
        simtime: f(&q["simtime"]),
        resolution: f(&q["resolution"]),
        interval: f(&q["interval"]),
    };
    assert_eq!(p, PulsePacketParams::default());
    agree("pulsepacket", &fx, &pp_runs(&fx, &p));
    control_fails(
        "pulsepacket",
        &fx,
        &pp_runs(&fx, &PulsePacketParams { a: 92, ..p }),
    );
}

/// Part 1's statistics over seeds 1..=n and part 2's over its own seeds (as many as NEST's):
/// the two parts' statistics are summarised separately.
fn sin_runs(fx: &Json, gens: &[ex::Sinusoid; 2]) -> BTreeMap<String, (f64, f64)> {
    let p1 = &fx["params"]["part1"];
    let p2 = &fx["params"]["part2"];
    let n = p2["n_parrots"].as_u64().unwrap() as usize;
    let part1: Vec<Stats> = (1..=n_seeds(fx))
        .map(|seed| {
            let trains = ex::sinusoidal_part1(gens, f(&p1["simtime"]), seed).unwrap();
            ex::sinusoidal_part1_stats(&trains)
        })
        .collect();
    let simtime = f(&p2["simtime"]);
    let part2: Vec<Stats> = (1..=fx["part2_seeds"].as_array().unwrap().len() as u64)
        .map(|seed| {
            let ind = ex::sinusoidal_part2(&SINUSOID_PARROTS, n, true, simtime, seed).unwrap();
            let shared = ex::sinusoidal_part2(&SINUSOID_PARROTS, n, false, simtime, seed).unwrap();
            ex::sinusoidal_part2_stats(&ind, &shared)
        })
        .collect();
    let mut out = summarise(&part1);
    out.extend(summarise(&part2));
    out
}

#[test]
fn sinusoidal_poisson_counts_match_nest() {
    let fx = fixture("sinusoidal_poisson");
    let p1 = &fx["params"]["part1"];
    for (k, g) in SINUSOIDS.iter().enumerate() {
        let got = [g.rate, g.amplitude, g.frequency, g.phase];
        let want = ["rate", "amplitude", "frequency", "phase"].map(|n| f(&p1[n][k]));
        assert_eq!(got, want, "generator {k} of part 1");
    }
    let p2 = &fx["params"]["part2"];
    let g = SINUSOID_PARROTS;
    let want = ["rate", "amplitude", "frequency", "phase"].map(|n| f(&p2[n]));
    assert_eq!([g.rate, g.amplitude, g.frequency, g.phase], want);
    agree_summary("sinusoidal_poisson", &fx, sin_runs(&fx, &SINUSOIDS));
    let mut control = SINUSOIDS;
    control[0].rate = 9300.0;
    let bad = disagreements_of(
        "sinusoidal_poisson (negative control)",
        &fx,
        sin_runs(&fx, &control),
    );
    assert!(
        !bad.is_empty(),
        "sinusoidal_poisson: the negative control agrees with NEST"
    );
}

/// Both parts of the sinusoidal_gamma twin, summarised, for the generators `gens` of part 1;
/// checks the recorded rates of seed 1 against NEST's, exactly, on the way.
fn gamma_runs(fx: &Json, gens: &[Gamma; 2]) -> BTreeMap<String, (f64, f64)> {
    let p1 = &fx["params"]["part1"];
    let simtime = f(&p1["simtime"]);
    let trace = &fx["rate_trace"];
    let part1: Vec<Stats> = (1..=n_seeds(fx))
        .map(|seed| {
            let run = gamma_part1(gens, simtime, seed).unwrap();
            if seed == 1 && gens == &GAMMAS {
                // The example's multimeters, every 1 ms of their 0.1 ms samples.
                let every = |xs: &[f64]| xs.iter().skip(9).step_by(10).copied().collect();
                let times: Vec<f64> = every(&run.times);
                assert_eq!(times, floats(&trace["times"]), "rate sample times");
                for (k, rates) in run.rates.iter().enumerate() {
                    let ours: Vec<f64> = every(rates);
                    assert_eq!(ours, floats(&trace["rates"][k]), "generator {k}'s rate");
                }
            }
            gamma_part1_stats(&run.trains)
        })
        .collect();
    let p2 = &fx["params"]["part2"];
    let n = p2["n_parrots"].as_u64().unwrap() as usize;
    let simtime = f(&p2["simtime"]);
    let part2: Vec<Stats> = (1..=fx["part2_seeds"].as_array().unwrap().len() as u64)
        .map(|seed| {
            let ind = gamma_part2(&GAMMA_PARROTS, n, true, simtime, seed).unwrap();
            let shared = gamma_part2(&GAMMA_PARROTS, n, false, simtime, seed).unwrap();
            ex::sinusoidal_part2_stats(&ind, &shared)
        })
        .collect();
    let mut out = summarise(&part1);
    out.extend(summarise(&part2));
    out
}

#[test]
fn sinusoidal_gamma_counts_intervals_and_rates_match_nest() {
    let fx = fixture("sinusoidal_gamma");
    let (p1, p2) = (&fx["params"]["part1"], &fx["params"]["part2"]);
    for (k, g) in GAMMAS.iter().enumerate() {
        let got = [g.rate, g.amplitude, g.frequency, g.phase, g.order];
        let shared = ["rate", "amplitude", "frequency", "phase"].map(|n| f(&p1[n]));
        let want = [
            shared[0],
            shared[1],
            shared[2],
            shared[3],
            f(&p1["order"][k]),
        ];
        assert_eq!(got, want, "generator {k} of part 1");
    }
    let g = GAMMA_PARROTS;
    let want = ["rate", "amplitude", "frequency", "phase", "order"].map(|n| f(&p2[n]));
    assert_eq!([g.rate, g.amplitude, g.frequency, g.phase, g.order], want);
    agree_summary("sinusoidal_gamma", &fx, gamma_runs(&fx, &GAMMAS));
    // Negative control: generator 1's modulation 8 % deeper.
    let mut control = GAMMAS;
    control[0].amplitude = 5400.0;
    let bad = disagreements_of(
        "sinusoidal_gamma (negative control)",
        &fx,
        gamma_runs(&fx, &control),
    );
    assert!(
        !bad.is_empty(),
        "sinusoidal_gamma: the negative control agrees with NEST"
    );
}

/// Panel `k`'s statistics (from 0) for seeds 1..=n (as many as NEST's), its generators set to
/// `after` at half time.
fn gamma_step_runs(fx: &Json, k: usize, after: &Gamma) -> Vec<Stats> {
    let panel = &STEP_PANELS[k];
    (1..=fx["seeds"].as_array().unwrap().len() as u64)
        .map(|seed| {
            let times = gamma_step(&panel.initial, after, STEP_N, STEP_T, STEP_DT, seed).unwrap();
            gamma_step_stats(k + 1, panel, &times, STEP_N, STEP_T, STEP_DT)
        })
        .collect()
}

#[test]
fn sinusoidal_gamma_parameter_steps_match_nest() {
    let fx = fixture("sinusoidal_gamma");
    let fx = &fx["step"];
    let p = &fx["params"];
    assert_eq!(
        [f(&p["T"]), f(&p["n"]), f(&p["resolution"])],
        [STEP_T, STEP_N as f64, STEP_DT]
    );
    let gamma = |d: &Json| Gamma {
        rate: f(&d["rate"]),
        amplitude: f(&d["amplitude"]),
        frequency: f(&d["frequency"]),
        phase: f(&d["phase"]),
        order: f(&d["order"]),
    };
    let resolved = fx["resolved"].as_array().unwrap();
    assert_eq!(resolved.len(), STEP_PANELS.len());
    for (k, (panel, r)) in STEP_PANELS.iter().zip(resolved).enumerate() {
        // The parameters NEST's generators have in each half, from the example's dictionaries.
        assert_eq!(
            panel.initial,
            gamma(&r["initial"]),
            "panel {} initial",
            k + 1
        );
        assert_eq!(panel.after, gamma(&r["after"]), "panel {} after", k + 1);
    }
    let runs: Vec<Vec<Stats>> = (STEP_PANELS.iter().enumerate())
        .map(|(k, panel)| gamma_step_runs(fx, k, &panel.after))
        .collect();
    let summary = |runs: &[Vec<Stats>]| {
        let mut out = BTreeMap::new();
        runs.iter().for_each(|r| out.extend(summarise(r)));
        out
    };
    let bad = support::disagreements("sinusoidal_gamma steps", &fx["stats"], &summary(&runs));
    assert!(
        bad.is_empty(),
        "sinusoidal_gamma steps disagree with NEST:\n{}",
        bad.join("\n")
    );
    // Negative control: the last panel's phase change left out (the other panels' runs are
    // the same as above). Its second half's upper and lower half-cycles, and only they, must
    // disagree.
    let mut control = runs;
    let mut after = STEP_PANELS[5].after;
    after.phase = STEP_PANELS[5].initial.phase;
    control[5] = gamma_step_runs(fx, 5, &after);
    let bad = support::disagreements(
        "sinusoidal_gamma steps (negative control)",
        &fx["stats"],
        &summary(&control),
    );
    let keys: Vec<&str> = bad.iter().map(|b| b.split(':').next().unwrap()).collect();
    assert_eq!(
        keys,
        ["step6_down_2", "step6_up_2"],
        "sinusoidal_gamma steps: the negative control"
    );
}
