//! The runtime's parts, each used through a second implementation: an exchange between two
//! simulators standing for two processes, and a plastic connection store; and handles that
//! belong to one simulator only.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use saltatory::Simulator;
use saltatory::brunel::Brunel;
use saltatory::consts::{ms, pA};
use saltatory::models::{IafPscAlpha, IafPscAlphaParams};
use saltatory::runtime::{
    Config, ConnectionStore, DcInput, Delivery, End, Exchange, Ownership, Reported, Result, Rule,
    Stimulus, SynSpec, Traffic, Wire, merge_gathered,
};

fn config(threads: usize) -> Config {
    Config {
        threads,
        seed: 5,
        progress: false,
        ..Config::default()
    }
}

/// Two processes in one: each sends its engines' traffic, as bytes, to the other through a
/// channel and merges what comes back; what the processes agree on goes the same way.
struct ChannelExchange {
    rank: usize,
    to_peer: Sender<Vec<u8>>,
    from_peer: Receiver<Vec<u8>>,
}

impl Exchange for ChannelExchange {
    fn exchange(&mut self, local: &[&Traffic], merged: &mut Traffic) -> Result<()> {
        merge_gathered(self, local, merged)
    }
    fn rank(&self) -> usize {
        self.rank
    }
    fn ranks(&self) -> usize {
        2
    }
    fn all_gather(&mut self, bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
        self.to_peer.send(bytes.to_vec()).expect("peer alive");
        let theirs = self.from_peer.recv().expect("peer alive");
        let mut both = vec![bytes.to_vec(), theirs];
        if self.rank == 1 {
            both.reverse();
        }
        Ok(both)
    }
}

/// What a process of Brunel's network records: the spikes of all nodes (every process
/// receives every spike), the voltmeter's samples of every node (gathered from the processes
/// owning them), and the number of connections ending on this process's nodes.
type Recorded = (Vec<f64>, Vec<usize>, Vec<Vec<Vec<f64>>>, usize);

/// Brunel's network on `own`'s engines.
fn brunel_on(own: Ownership, exchange: Box<dyn Exchange>) -> Recorded {
    let mut sim = Simulator::with_parts(config(own.local().len()), own, exchange).unwrap();
    let net = Brunel::alpha(40).build(&mut sim).unwrap();
    let rec = sim.record_spikes(net.all.clone()).unwrap();
    let meter = sim.voltmeter(net.all.clone()).unwrap();
    sim.simulate(150.0 * ms).unwrap();
    let data = sim.spikes(rec);
    let samples = sim.trace(meter).values.clone();
    (
        data.times.clone(),
        data.senders.clone(),
        samples,
        sim.num_synapses(),
    )
}

#[test]
fn two_processes_give_the_spikes_of_one() {
    let single = brunel_on(
        Ownership::single_process(1).unwrap(),
        Box::new(saltatory::runtime::InProcess),
    );
    assert!(single.0.len() > 100, "the network is active");
    for (engines, split) in [(2, 1), (4, 2), (3, 1)] {
        let (a_tx, a_rx) = channel();
        let (b_tx, b_rx) = channel();
        let (a, b) = std::thread::scope(|s| {
            let own_a = Ownership::new(engines, 0..split).unwrap();
            let own_b = Ownership::new(engines, split..engines).unwrap();
            let ex_a = ChannelExchange {
                rank: 0,
                to_peer: a_tx,
                from_peer: b_rx,
            };
            let ex_b = ChannelExchange {
                rank: 1,
                to_peer: b_tx,
                from_peer: a_rx,
            };
            let a = s.spawn(move || brunel_on(own_a, Box::new(ex_a)));
            let b = s.spawn(move || brunel_on(own_b, Box::new(ex_b)));
            (a.join().unwrap(), b.join().unwrap())
        });
        assert_eq!(a.0, single.0, "{engines} engines, split at {split}");
        assert_eq!(a.1, single.1);
        assert_eq!(b.0, single.0);
        assert_eq!(b.1, single.1);
        assert_eq!(a.2, single.2, "samples gathered");
        assert_eq!(b.2, single.2);
        // Each process holds the connections ending on its own nodes.
        assert_eq!(a.3 + b.3, single.3);
        assert!(a.3 > 0 && b.3 > 0);
    }
}

/// A test plasticity rule: on each presynaptic spike, the weight grows by `A` times the
/// postsynaptic trace (a sum of exponentials over the target's earlier spikes), then the spike
/// is sent with the new weight.
#[derive(Default)]
struct TracePlastic {
    syn: Vec<(u32, Wire)>,
}

const A: f64 = 10.0;
const TAU_STEPS: f64 = 200.0;

fn post_trace(post: &[u64], pre_step: u64) -> f64 {
    let earlier = post.iter().filter(|&&t| t < pre_step);
    earlier
        .map(|&t| (-((pre_step - t) as f64) / TAU_STEPS).exp())
        .sum()
}

impl ConnectionStore for TracePlastic {
    fn push(&mut self, wire: &Wire) {
        self.syn.push((wire.source, *wire));
    }
    fn len(&self) -> usize {
        self.syn.len()
    }
    fn bytes(&self) -> usize {
        self.syn.len() * std::mem::size_of::<(u32, Wire)>()
    }
    fn mark(&self) -> usize {
        self.syn.len()
    }
    fn truncate(&mut self, mark: usize) {
        self.syn.truncate(mark);
    }
    fn finalize(&mut self, _sources: usize, _rows: usize) {}
    fn reads_post_spikes(&self) -> bool {
        true
    }
    fn deliver(&mut self, spikes: &[(u64, u32)], to: &mut Delivery<'_>) {
        for &(s, node) in spikes {
            for (source, w) in &mut self.syn {
                if *source == node {
                    w.weight += A * post_trace(to.post_spikes(w.row), s);
                    to.add(s + u64::from(w.delay), w.offset, w.weight);
                }
            }
        }
    }
    fn each(&self, f: &mut dyn FnMut(Reported)) {
        for (source, w) in &self.syn {
            f(Reported {
                source: *source,
                target: End::Offset(w.offset),
                weight: w.weight,
                delay: w.delay,
            });
        }
    }
}

/// A driven pre neuron onto a driven post neuron through the plastic store: final weight and
/// the post neuron's spikes.
fn plastic_pair(threads: usize) -> (f64, Vec<f64>, Vec<f64>) {
    let mut sim = Simulator::with_config(config(threads)).unwrap();
    let store = sim.add_connection_store(Arc::new(|| Box::new(TracePlastic::default())));
    let p = IafPscAlphaParams::default();
    let pre = sim.create::<IafPscAlpha>(1, p.clone()).unwrap();
    let post = sim.create::<IafPscAlpha>(1, p).unwrap();
    sim.add_dc(pre, &DcInput::new(420.0 * pA)).unwrap();
    sim.add_dc(post, &DcInput::new(380.0 * pA)).unwrap();
    sim.connect(
        pre,
        post,
        Rule::AllToAll,
        SynSpec::new(5.0, 1.5).store(store),
    )
    .unwrap();
    let rec = sim.record_spikes(pre + post).unwrap();
    sim.simulate(300.0 * ms).unwrap();
    let w = sim.connections(pre).unwrap()[0].weight;
    (
        w,
        sim.spike_times_of(rec, &pre),
        sim.spike_times_of(rec, &post),
    )
}

#[test]
fn a_plastic_store_runs_through_the_delivery_loop() {
    let (w, pre, post) = plastic_pair(1);
    assert!(pre.len() > 5 && post.len() > 5, "both neurons spike");
    // Replay the rule from the recorded spikes (time t ms is stamp t / h, step t / h - 1).
    let steps = |ts: &[f64]| {
        ts.iter()
            .map(|t| (t / 0.1).round() as u64 - 1)
            .collect::<Vec<_>>()
    };
    let (pre_steps, post_steps) = (steps(&pre), steps(&post));
    let mut expected = 5.0;
    for &s in &pre_steps {
        expected += A * post_trace(&post_steps, s);
    }
    assert!(expected > 5.0 + A, "the post trace was read");
    assert_eq!(w.to_bits(), expected.to_bits());
    assert_eq!(plastic_pair(2), (w, pre, post), "any number of threads");
}

#[test]
fn handles_of_another_simulator_are_refused() {
    let mut a = Simulator::with_config(config(1)).unwrap();
    let mut b = Simulator::with_config(config(2)).unwrap();
    let na = a.create::<IafPscAlpha>(4, Default::default()).unwrap();
    let nb = b.create::<IafPscAlpha>(4, Default::default()).unwrap();
    let foreign = |r: std::result::Result<(), saltatory::Error>| {
        let e = r.expect_err("a foreign handle must be refused").to_string();
        assert!(e.contains("another simulator"), "{e}");
    };
    let syn = SynSpec::new(1.0, 1.0);
    foreign(b.connect(na, nb, Rule::AllToAll, syn).map(drop));
    foreign(b.connect(nb, na, Rule::AllToAll, syn).map(drop));
    foreign(b.set(&na, "V_m", -60.0));
    foreign(b.set(&na, "C_m", 200.0));
    foreign(b.set_params(&na, Default::default()));
    foreign(b.get(&na, "V_m").map(drop));
    foreign(b.params(&na).map(drop));
    foreign(b.record(na, &["V_m"]).map(drop));
    foreign(b.record_spikes(na).map(drop));
    foreign(
        b.stimulate(Stimulus::Poisson { rate: 10.0 }, na, syn)
            .map(drop),
    );
    foreign(b.add_dc(na, &DcInput::new(1.0 * pA)).map(drop));
    foreign(b.connections(na).map(drop));
    foreign(b.set_kernel_runner(na, None));
    // A collection mixing both simulators' nodes is refused as a whole.
    foreign(b.connect(nb + na, nb, Rule::AllToAll, syn).map(drop));
    // Nothing of b changed.
    assert_eq!(b.num_synapses(), 0);
    assert_eq!(b.get(&nb, "V_m").unwrap()[0], (-70.0).into());
}
