//! Brunel (2000) networks against live NEST 3.10 (tests/nest/brunel.py): mean rate over five
//! seeds within 1 % of NEST's five-seed mean, and the mean coefficient of variation of the
//! inter-spike intervals within 5 %. Random streams differ from NEST's, so only statistics can
//! match.

use saltatory::Simulator;
use saltatory::brunel::Brunel;
use saltatory::consts::ms;
use saltatory::runtime::Config;
use serde_json::Value;

/// (mean rate over all neurons in Hz, mean CV of ISIs over neurons with at least 3 spikes).
fn stats(brunel: Brunel, seed: u64) -> (f64, f64) {
    let mut sim = Simulator::with_config(Config {
        threads: 2,
        seed,
        progress: false,
        ..Config::default()
    })
    .unwrap();
    let net = brunel.build(&mut sim).unwrap();
    let rec = sim.record_spikes(net.all.clone()).unwrap();
    sim.simulate(1000.0 * ms).unwrap();
    let d = sim.spikes(rec);
    let n = brunel.ne() + brunel.ni();
    let mut per: Vec<Vec<f64>> = vec![Vec::new(); n];
    for (t, s) in d.times.iter().zip(&d.senders) {
        per[*s].push(*t);
    }
    let mut cvs = Vec::new();
    for times in &per {
        if times.len() >= 3 {
            let isi: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
            let m = isi.iter().sum::<f64>() / isi.len() as f64;
            let var = isi.iter().map(|x| (x - m).powi(2)).sum::<f64>() / isi.len() as f64;
            cvs.push(var.sqrt() / m);
        }
    }
    let rate = d.len() as f64 / n as f64;
    (rate, cvs.iter().sum::<f64>() / cvs.len() as f64)
}

fn check(name: &str, brunel: Brunel) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/brunel_stats.json"
    );
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let nest = &fixture[name]["mean"];
    let (nest_rate, nest_cv) = (
        nest["rate_all"].as_f64().unwrap(),
        nest["cv_all"].as_f64().unwrap(),
    );
    let cfg = &fixture["config"][name];
    assert_eq!(cfg["NE"].as_u64().unwrap() as usize, brunel.ne());
    assert_eq!(cfg["CE"].as_u64().unwrap() as usize, brunel.ce());
    assert!((cfg["J_ex"].as_f64().unwrap() - brunel.j_ex()).abs() <= 1e-12 * brunel.j_ex().abs());
    assert!(
        (cfg["p_rate"].as_f64().unwrap() - brunel.poisson_rate()).abs()
            <= 1e-9 * brunel.poisson_rate()
    );
    let runs: Vec<(f64, f64)> = (1..=5).map(|seed| stats(brunel, seed)).collect();
    let rate = runs.iter().map(|r| r.0).sum::<f64>() / 5.0;
    let cv = runs.iter().map(|r| r.1).sum::<f64>() / 5.0;
    println!("{name}: rate {rate:.3} Hz (NEST {nest_rate:.3}), CV {cv:.4} (NEST {nest_cv:.4})");
    assert!(rate > 1.0, "{name}: the network must fire");
    assert!(
        (rate - nest_rate).abs() <= 0.01 * nest_rate,
        "{name}: rate {rate} vs NEST {nest_rate}"
    );
    assert!(
        (cv - nest_cv).abs() <= 0.05 * nest_cv,
        "{name}: CV {cv} vs NEST {nest_cv}"
    );
}

#[test]
fn brunel_alpha_order_200_matches_nest_statistics() {
    check("alpha", Brunel::alpha(200));
}

#[test]
fn brunel_delta_order_200_matches_nest_statistics() {
    check("delta", Brunel::delta(200));
}

/// The recorded check at the example's default size (tests/nest/brunel.py --large): one NEST
/// run with 12,500 neurons and 15.6 million synapses; at this size one run's rate is already
/// within 0.1 % of the mean.
#[test]
fn brunel_alpha_order_2500_matches_recorded_nest_run() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/brunel_alpha_2500.json"
    );
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let nest_rate = fixture["stats"]["rate_all"].as_f64().unwrap();
    let nest_cv = fixture["stats"]["cv_all"].as_f64().unwrap();
    let (rate, cv) = stats(Brunel::alpha(2500), 1);
    println!("order 2500: rate {rate:.3} Hz (NEST {nest_rate:.3}), CV {cv:.4} (NEST {nest_cv:.4})");
    assert!(
        (rate - nest_rate).abs() <= 0.01 * nest_rate,
        "rate {rate} vs NEST {nest_rate}"
    );
    assert!(
        (cv - nest_cv).abs() <= 0.05 * nest_cv,
        "CV {cv} vs NEST {nest_cv}"
    );
}
