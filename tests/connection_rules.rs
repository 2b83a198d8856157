//! NEST's `pairwise_poisson` and `symmetric_pairwise_bernoulli` rules: the numbers of
//! connections against their distributions (within four standard errors), the structure NEST
//! guarantees (multapses, no autapses, every connection with its reverse), the same
//! connections on one and two threads, and NEST's refusals.

use std::collections::BTreeMap;

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::{IafPscAlpha, IafPscAlphaParams};
use saltatory::runtime::{Config, ConnSpec, Rule, SynSpec};

/// (source, target) of every connection among `n` neurons connected with `spec`.
fn pairs(n: usize, spec: ConnSpec, threads: usize) -> Vec<(usize, usize)> {
    let mut sim = Simulator::with_config(Config {
        threads,
        seed: 9,
        progress: false,
        ..Config::default()
    })
    .unwrap();
    let a = sim
        .create::<IafPscAlpha>(n, IafPscAlphaParams::default())
        .unwrap();
    sim.connect(a, a, spec, SynSpec::new(1.0, 1.0)).unwrap();
    let mut out: Vec<_> = (sim.connections(a).unwrap().iter())
        .map(|c| (c.source, c.target))
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn pairwise_poisson_connects_each_pair_a_poisson_number_of_times() {
    let (n, mean) = (200, 0.3);
    let spec = ConnSpec::from(Rule::PairwisePoisson(mean)).autapses(false);
    let got = pairs(n, spec, 1);
    let mut per_pair: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for p in &got {
        *per_pair.entry(*p).or_default() += 1;
    }
    assert!(per_pair.keys().all(|(s, t)| s != t), "an autapse");
    assert!(per_pair.values().any(|&k| k > 1), "no multapse");
    let n_pairs = (n * (n - 1)) as f64;
    // The total: Poisson of mean n_pairs · mean.
    let total = got.len() as f64;
    let z = (total - n_pairs * mean) / (n_pairs * mean).sqrt();
    assert!(z.abs() < 4.0, "{total} connections, z = {z:.2}");
    // The pairs left unconnected: a fraction exp(-mean).
    let empty = n_pairs - per_pair.len() as f64;
    let q = (-mean).exp();
    let z = (empty - n_pairs * q) / (n_pairs * q * (1.0 - q)).sqrt();
    assert!(z.abs() < 4.0, "{empty} unconnected pairs, z = {z:.2}");
    // Twice the mean must be detected.
    let twice = pairs(n, ConnSpec::from(Rule::PairwisePoisson(2.0 * mean)), 1).len() as f64;
    assert!((twice - n_pairs * mean).abs() / (n_pairs * mean).sqrt() > 4.0);
    assert_eq!(pairs(n, spec, 2), got, "threads");
}

#[test]
fn symmetric_pairwise_bernoulli_makes_every_connection_both_ways() {
    let (n, p) = (300, 0.1);
    let spec = ConnSpec::from(Rule::SymmetricPairwiseBernoulli(p)).autapses(false);
    let got = pairs(n, spec, 1);
    assert!(got.iter().all(|(s, t)| s != t), "an autapse");
    let mut reversed: Vec<_> = got.iter().map(|&(s, t)| (t, s)).collect();
    reversed.sort_unstable();
    assert_eq!(reversed, got, "a connection without its reverse");
    // Each target draws Binomial(n, p) sources (the truncation at n is negligible here), each
    // connection made both ways.
    let (mean, sd) = (
        2.0 * (n * n) as f64 * p,
        2.0 * ((n * n) as f64 * p * (1.0 - p)).sqrt(),
    );
    let z = (got.len() as f64 - mean) / sd;
    assert!(z.abs() < 4.0, "{} connections, z = {z:.2}", got.len());
    assert_eq!(pairs(n, spec, 2), got, "threads");
}

#[test]
fn the_rules_refuse_what_nest_refuses() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let a = sim
        .create::<IafPscAlpha>(10, IafPscAlphaParams::default())
        .unwrap();
    let b = sim
        .create::<IafPscAlpha>(10, IafPscAlphaParams::default())
        .unwrap();
    let refused = |sim: &mut Simulator, spec: ConnSpec, same: bool, words: &[&str]| {
        let post = if same { a } else { b };
        let e = sim.connect(a, post, spec, SynSpec::default()).unwrap_err();
        for w in words {
            assert!(e.to_string().contains(w), "{e} lacks {w}");
        }
    };
    let poisson = |m| ConnSpec::from(Rule::PairwisePoisson(m));
    refused(
        &mut sim,
        poisson(-1.0),
        true,
        &["pairwise_avg_num_conns", "-1"],
    );
    refused(
        &mut sim,
        poisson(1.0).multapses(false),
        true,
        &["allow_multapses"],
    );
    let symmetric = |p| ConnSpec::from(Rule::SymmetricPairwiseBernoulli(p)).autapses(false);
    refused(&mut sim, symmetric(1.0), true, &["p", "[0, 1)"]);
    refused(
        &mut sim,
        symmetric(0.5).multapses(false),
        true,
        &["allow_multapses"],
    );
    refused(
        &mut sim,
        symmetric(0.5).autapses(true),
        true,
        &["allow_autapses"],
    );
    refused(&mut sim, symmetric(0.5), false, &["same nodes"]);
    assert_eq!(sim.num_synapses(), 0);
}
