//! The stop flag: a requested stop ends `simulate` at the next min-delay slice boundary with
//! `Error::Interrupted`, keeps everything recorded up to then (files finished under their final
//! names), and the simulation goes on with the next `simulate`: a run stopped after every slice
//! and continued gives the same spikes and traces as one uninterrupted run, for 1 and 2
//! threads. A request from another thread stops a long run early.

use saltatory::Simulator;
use saltatory::consts::{ms, pA};
use saltatory::models::{IafPscAlpha, IafPscAlphaParams};
use saltatory::runtime::{
    AsciiOptions, Config, Error, OutputFiles, RecordTo, Rule, Sampling, Stimulus, SynSpec, TraceId,
    Window,
};

/// Slices are 2 ms (the shortest delay).
const SLICE: f64 = 2.0;

struct Net {
    sim: Simulator,
    neurons: saltatory::runtime::NodeCollection,
    spikes: saltatory::runtime::SpikeRecorderId,
    meter: TraceId,
}

/// Forty iaf_psc_alpha neurons, randomly connected with 2 ms delays, driven by Poisson input.
fn network(threads: usize) -> Net {
    let mut sim = Simulator::with_config(Config {
        threads,
        seed: 5,
        progress: false,
        ..Config::default()
    })
    .unwrap();
    let params = IafPscAlphaParams {
        I_e: 300.0 * pA,
        ..Default::default()
    };
    let n = sim.create::<IafPscAlpha>(40, params).unwrap();
    let syn = SynSpec::new(30.0, SLICE);
    sim.connect(n, n, Rule::PairwiseBernoulli(0.2), syn)
        .unwrap();
    let poisson = Stimulus::Poisson { rate: 8000.0 };
    sim.stimulate(poisson, n, SynSpec::new(15.0, SLICE))
        .unwrap();
    let spikes = sim.record_spikes(n).unwrap();
    let every = Sampling {
        interval: 0.3,
        ..Sampling::default()
    };
    let meter = (sim.record_with(n.slice(0..4).unwrap(), &["V_m"], every)).unwrap();
    Net {
        sim,
        neurons: n.into(),
        spikes,
        meter,
    }
}

/// Spike times and senders, and the samples.
fn results(net: &Net) -> (Vec<f64>, Vec<usize>, Vec<Vec<Vec<f64>>>) {
    let s = net.sim.spikes(net.spikes);
    let t = net.sim.trace(net.meter);
    (s.times.clone(), s.senders.clone(), t.values.clone())
}

#[test]
fn a_run_stopped_after_every_slice_and_continued_equals_one_run() {
    for threads in [1, 2] {
        let mut whole = network(threads);
        whole.sim.simulate(60.0 * ms).unwrap();
        let mut parts = network(threads);
        let flag = parts.sim.stop_flag();
        let (mut left, mut stops) = (60.0, 0);
        loop {
            flag.request();
            match parts.sim.simulate(left * ms) {
                Ok(()) => break,
                Err(Error::Interrupted { time, remaining }) => {
                    stops += 1;
                    // At a slice boundary, the recorded spikes those of the whole run so far.
                    assert!(
                        (time / SLICE - (time / SLICE).round()).abs() < 1e-9,
                        "{time}"
                    );
                    let (t, _, _) = results(&parts);
                    let (tw, _, _) = results(&whole);
                    let before: Vec<f64> = tw.into_iter().filter(|&x| x <= time).collect();
                    assert_eq!(t, before, "{threads} threads, stopped at {time} ms");
                    left = remaining;
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(
            stops, 29,
            "{threads} threads: one stop per slice but the last"
        );
        assert!(!flag.is_requested());
        assert!(!results(&whole).0.is_empty());
        assert_eq!(results(&parts), results(&whole), "{threads} threads");
    }
}

#[test]
fn a_stop_from_another_thread_ends_a_long_run_with_its_files_complete() {
    let dir = std::env::temp_dir().join(format!("saltatory-stop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut net = network(2);
    let files = OutputFiles {
        data_path: dir.clone(),
        ..OutputFiles::default()
    };
    net.sim.set_output_files(files).unwrap();
    let all = net.neurons.clone();
    let to = RecordTo::Ascii(AsciiOptions::default());
    let file = net
        .sim
        .record_spikes_to(all, Window::default(), &to)
        .unwrap();
    let flag = net.sim.stop_flag();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        flag.request();
    });
    let e = net.sim.simulate(1e6 * ms).unwrap_err();
    stopper.join().unwrap();
    let Error::Interrupted { time, remaining } = e else {
        panic!("{e}");
    };
    assert!(
        time > 0.0 && time + remaining == 1e6,
        "{time} + {remaining}"
    );
    assert!(e.to_string().contains("stopped on request"), "{e}");
    let path = &net.sim.filenames(file)[0];
    let text = std::fs::read_to_string(path).unwrap();
    let rows = text.lines().skip(3).count();
    assert_eq!(rows, net.sim.spikes(net.spikes).len());
    assert!(rows > 0);
    assert!(!std::path::Path::new(&format!("{}.part", path.display())).exists());
    // The simulation goes on.
    net.sim.simulate(10.0 * ms).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
