//! Micro-benchmarks of the engine (`cargo bench --bench engine`): the neuron update per model
//! class (ns per neuron-step), spike delivery (ns per synaptic event), connection building
//! (synapses per second) and Brunel's network end to end. Side-by-side timings against NEST are
//! in `benches/nest_compare/`; results in `benches/RESULTS.md`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use saltatory::brunel::Brunel;
use saltatory::consts::ms;
use saltatory::models::{
    AeifCondAlpha, HhPscAlpha, IafCondAlpha, IafPscAlpha, Izhikevich, LinRateIpn,
};
use saltatory::runtime::{Config, Model, Rule, Simulator, Stimulus, SynSpec};

const NEURONS: usize = 1000;
const STEPS: u64 = 100;

/// A population of `M` driven by a constant current, simulated for `STEPS` steps per iteration;
/// RKF45 models in SIMD lanes or (`lanes` false) one neuron after the other. A drive
/// `(name, value, spread)` sets `name` to `value + spread * i` on neuron `i`: with a spread,
/// every neuron has a parameter set of its own.
fn update_of<M: Model>(c: &mut Criterion, drive: Option<(&str, f64, f64)>, lanes: bool) {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    sim.set_simd_lanes(lanes);
    let pop = sim.create::<M>(NEURONS, Default::default()).unwrap();
    let mut name = M::META.name.to_string();
    match drive {
        Some((p, v, 0.0)) => sim.set(&pop, p, v).unwrap(),
        Some((p, v, spread)) => {
            for i in 0..NEURONS {
                let one = pop.slice(i..i + 1).unwrap();
                sim.set(&one, p, v + spread * i as f64).unwrap();
            }
            name.push_str(", a set per neuron");
        }
        None => {}
    }
    let mut group = c.benchmark_group("neuron update");
    group.throughput(Throughput::Elements(NEURONS as u64 * STEPS));
    let scheme = match (M::META.scheme, lanes) {
        (saltatory::runtime::Scheme::Rkf45, true) => format!("{} lanes", M::META.scheme),
        (saltatory::runtime::Scheme::Rkf45, false) => format!("{} scalar", M::META.scheme),
        (s, _) => s.to_string(),
    };
    group.bench_function(BenchmarkId::new(name, scheme), |b| {
        b.iter(|| sim.simulate(0.1 * STEPS as f64 * ms).unwrap())
    });
    group.finish();
}

fn neuron_update(c: &mut Criterion) {
    update_of::<IafPscAlpha>(c, Some(("I_e", 400.0, 0.0)), true);
    update_of::<AeifCondAlpha>(c, Some(("I_e", 600.0, 0.0)), true);
    update_of::<AeifCondAlpha>(c, Some(("I_e", 600.0, 0.0)), false);
    // I_e from 500 to 800 pA: lanes hold neurons of different parameter sets.
    update_of::<AeifCondAlpha>(c, Some(("I_e", 500.0, 0.3)), true);
    update_of::<AeifCondAlpha>(c, Some(("I_e", 500.0, 0.3)), false);
    update_of::<IafCondAlpha>(c, Some(("I_e", 400.0, 0.0)), true);
    update_of::<IafCondAlpha>(c, Some(("I_e", 400.0, 0.0)), false);
    update_of::<HhPscAlpha>(c, Some(("I_e", 500.0, 0.0)), true);
    update_of::<HhPscAlpha>(c, Some(("I_e", 500.0, 0.0)), false);
    update_of::<Izhikevich>(c, Some(("I_e", 10.0, 0.0)), true);
    update_of::<LinRateIpn>(c, Some(("mu", 1.0, 0.0)), true);
}

/// Every neuron fires every step into 100 targets: the time per step minus the update is the
/// delivery; reported per synaptic event (update included, so an upper bound).
fn spike_delivery(c: &mut Criterion) {
    let n = 2000;
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let pop = sim.create::<IafPscAlpha>(n, Default::default()).unwrap();
    // Strong drive and no refractoriness: a spike every few steps.
    sim.set(&pop, "I_e", 1e6).unwrap();
    sim.set(&pop, "t_ref", 0.1).unwrap();
    sim.connect(pop, pop, Rule::FixedIndegree(100), SynSpec::new(1.0, 1.0))
        .unwrap();
    let rec = sim.record_spikes(pop).unwrap();
    sim.simulate(10.0 * ms).unwrap();
    let per_ms = sim.spikes(rec).len() as f64 / 10.0;
    let events = (per_ms * 10.0 * 100.0) as u64;
    let mut group = c.benchmark_group("spike delivery");
    group.throughput(Throughput::Elements(events));
    group.bench_function("iaf_psc_alpha, in-degree 100, 10 ms", |b| {
        b.iter(|| sim.simulate(10.0 * ms).unwrap())
    });
    group.finish();
}

fn network_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("connect");
    let (n, k) = (5000, 500);
    group.throughput(Throughput::Elements((n * k) as u64));
    group.sample_size(10);
    group.bench_function("fixed_indegree 500, constant weight", |b| {
        b.iter(|| {
            let mut sim = Simulator::new(0.1 * ms).unwrap();
            let pop = sim.create::<IafPscAlpha>(n, Default::default()).unwrap();
            sim.connect(pop, pop, Rule::FixedIndegree(k), SynSpec::new(1.0, 1.5))
                .unwrap()
        })
    });
    group.finish();
}

fn brunel_end_to_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("brunel alpha");
    group.sample_size(10);
    for threads in [1, 2] {
        group.bench_function(BenchmarkId::new("order 500, 100 ms", threads), |b| {
            b.iter(|| {
                let mut sim = Simulator::with_config(Config {
                    threads,
                    ..Config::default()
                })
                .unwrap();
                Brunel::alpha(500).build(&mut sim).unwrap();
                sim.simulate(100.0 * ms).unwrap();
            })
        });
    }
    group.finish();
}

fn poisson_input(c: &mut Criterion) {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let pop = sim
        .create::<IafPscAlpha>(NEURONS, Default::default())
        .unwrap();
    sim.stimulate(
        Stimulus::Poisson { rate: 8000.0 },
        pop,
        SynSpec::new(1.0, 0.1),
    )
    .unwrap();
    let mut group = c.benchmark_group("poisson generator");
    group.throughput(Throughput::Elements(NEURONS as u64 * STEPS));
    group.bench_function("1000 targets, 8 kHz (draws per target-step)", |b| {
        b.iter(|| sim.simulate(0.1 * STEPS as f64 * ms).unwrap())
    });
    group.finish();
}

criterion_group!(
    engine,
    neuron_update,
    spike_delivery,
    poisson_input,
    network_build,
    brunel_end_to_end
);
criterion_main!(engine);
