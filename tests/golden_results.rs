//! Results that must not change when the runtime is reorganised: digests of the spikes and
//! samples of a few networks, committed as constants. Any change to the order of a
//! floating-point sum, a random stream or the recorded data changes a digest.
//!
//! The constants were computed by the code before the runtime was split into engines,
//! exchange, connection stores and recorders (the mixed network's after the fix of the device
//! stream ids, which it is the first test to reach in a build with overflow checks). A
//! deliberate change of results must update them and say why in its commit.

use saltatory::brunel::Brunel;
use saltatory::consts::{ms, pA};
use saltatory::models::{AeifCondAlpha, IafPscAlpha, IafPscAlphaParams};
use saltatory::runtime::{
    Config, ConnSpec, Dist, ParamSpec, Rule, Sampling, SpikeRecorderId, Stimulus, SynSpec, TraceId,
};
use saltatory::{Simulator, brunel_siegert::BrunelSiegert, decision::decision_making};

/// FNV-1a over the bit patterns of everything recorded.
#[derive(Default)]
struct Digest(u64);

impl Digest {
    fn new() -> Self {
        Digest(0xcbf2_9ce4_8422_2325)
    }
    fn word(&mut self, w: u64) {
        for b in w.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn floats(&mut self, xs: &[f64]) {
        self.word(xs.len() as u64);
        xs.iter().for_each(|x| self.word(x.to_bits()));
    }
    fn ints(&mut self, xs: &[usize]) {
        self.word(xs.len() as u64);
        xs.iter().for_each(|&x| self.word(x as u64));
    }
}

/// The digest of a spike recorder's and a multimeter's data.
fn recorded(s: &Simulator, rec: SpikeRecorderId, vm: TraceId) -> u64 {
    let mut d = Digest::new();
    d.floats(&s.spikes(rec).times);
    d.ints(&s.spikes(rec).senders);
    let t = s.trace(vm);
    d.floats(&t.times);
    t.values.iter().flatten().for_each(|v| d.floats(v));
    d.0
}

fn sim(threads: usize, seed: u64) -> Simulator {
    Simulator::with_config(Config {
        threads,
        seed,
        progress: false,
        ..Config::default()
    })
    .unwrap()
}

/// Brunel's network (alpha synapses) at order 60: Poisson drive, fixed in-degree.
fn brunel(threads: usize) -> u64 {
    let mut s = sim(threads, 7);
    let net = Brunel::alpha(60).build(&mut s).unwrap();
    let rec = s.record_spikes(net.all.clone()).unwrap();
    let vm = s
        .record_with(
            net.inh.slice(0..4).unwrap(),
            &["V_m", "I_syn_ex"],
            Sampling {
                interval: 0.3,
                ..Sampling::default()
            },
        )
        .unwrap();
    s.simulate(120.0 * ms).unwrap();
    s.simulate(80.0 * ms).unwrap();
    recorded(&s, rec, vm)
}

/// Drawn weights and delays, Bernoulli connectivity, two models, an aeif population updated in
/// SIMD lanes, and a multimeter on it.
fn mixed(threads: usize) -> u64 {
    let mut s = sim(threads, 3);
    let p = IafPscAlphaParams {
        I_e: 200.0 * pA,
        ..Default::default()
    };
    let ex = s.create::<IafPscAlpha>(90, p).unwrap();
    let ad = s.create::<AeifCondAlpha>(23, Default::default()).unwrap();
    let all = ex + ad;
    let w = ParamSpec::from(Dist::Normal {
        mean: 30.0,
        std: 10.0,
    })
    .clip(0.0, 100.0);
    let delay = ParamSpec::from(Dist::Uniform { min: 0.5, max: 2.5 });
    s.connect(
        ex,
        all.clone(),
        ConnSpec::from(Rule::FixedIndegree(12)).autapses(false),
        SynSpec::new(w, delay),
    )
    .unwrap();
    s.connect(
        ad,
        all.clone(),
        Rule::PairwiseBernoulli(0.2),
        SynSpec::new(-4.0, 1.0),
    )
    .unwrap();
    s.stimulate(
        Stimulus::Poisson { rate: 9000.0 },
        all.clone(),
        SynSpec::new(
            ParamSpec::from(Dist::Uniform {
                min: 5.0,
                max: 25.0,
            }),
            1.0,
        ),
    )
    .unwrap();
    let rec = s.record_spikes(all).unwrap();
    let vm = s.record(ad.slice(0..3).unwrap(), &["V_m", "w"]).unwrap();
    s.simulate(150.0 * ms).unwrap();
    recorded(&s, rec, vm)
}

/// Rate models: diffusion connections (Siegert) and instantaneous rate connections with noise.
fn rates(threads: usize) -> u64 {
    let mut d = Digest::new();
    let (ex, inh, series) = BrunelSiegert::default().run(50.0, threads).unwrap();
    d.floats(&[ex, inh]);
    d.floats(&series);
    let dm = decision_making(0.1, 0.1, 0.1, 5).unwrap();
    d.floats(&dm.times);
    d.floats(&dm.d1);
    d.floats(&dm.d2);
    d.0
}

#[test]
fn brunel_spikes_and_samples_are_unchanged() {
    for threads in [1, 3] {
        assert_eq!(brunel(threads), BRUNEL, "{threads} threads");
    }
}

#[test]
fn mixed_network_is_unchanged() {
    for threads in [1, 2] {
        assert_eq!(mixed(threads), MIXED, "{threads} threads");
    }
}

#[test]
fn rate_networks_are_unchanged() {
    assert_eq!(rates(2), RATES);
}

const BRUNEL: u64 = 11177917855891403468;
const MIXED: u64 = 11989939947539684379;
const RATES: u64 = 17084752892058281396;
