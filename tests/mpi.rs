//! Distributed runs under `mpirun` (feature `mpi`): the same spikes, traces, weights and errors
//! as one process, for every split of ranks and threads.
//!
//! A test harness of its own (`harness = false`): run without arguments, it checks everything
//! below and starts `mpirun` on the example binaries and on itself; started by `mpirun` with
//! `SALTATORY_MPI_CHILD` set, it is one rank of the named scenario and prints what it saw.
//! Every `mpirun` runs under a time limit, so a rank waiting for a dead peer fails the test.
//!
//! `cargo build --release --features mpi --example brunel_alpha --example microcircuit
//! --example hpc_benchmark`, then
//! `cargo test --release --features mpi --test mpi`.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use saltatory::Simulator;
use saltatory::consts::{ms, pA};
use saltatory::models::{
    AeifCondAlpha, AeifCondAlphaParams, IafPscAlpha, IafPscAlphaParams, LinRateIpn,
    StdpSynapseParams,
};
use saltatory::runtime::model::Value;
use saltatory::runtime::{
    Cluster, Config, Error, OutputFiles, RecordTo, Rule, Sampling, Setting, Stimulus, SynSpec,
    Window, merge_rank_files,
};

const CHILD: &str = "SALTATORY_MPI_CHILD";
const LIMIT: Duration = Duration::from_secs(120);

fn config(threads: usize) -> Config {
    Config {
        threads,
        seed: 7,
        progress: false,
        ..Config::default()
    }
}

/// A digest of every bit of `values`.
fn digest(values: impl IntoIterator<Item = f64>) -> u64 {
    let mut h = DefaultHasher::new();
    values.into_iter().for_each(|v| v.to_bits().hash(&mut h));
    h.finish()
}

/// An STDP network with a voltmeter and a weight recorder, run in two calls: the digests of
/// its spikes, samples and weight events.
fn plastic(sim: &mut Simulator) -> Result<String, Error> {
    let iaf = IafPscAlphaParams {
        I_e: 300.0 * pA,
        ..Default::default()
    };
    let n = sim.create::<IafPscAlpha>(41, iaf)?;
    let stdp = sim.plastic_store(StdpSynapseParams::default())?;
    let syn = SynSpec::new(30.0, 1.5).store(stdp);
    sim.connect(n, n, Rule::PairwiseBernoulli(0.2), syn)?;
    sim.stimulate(
        Stimulus::Poisson { rate: 9_000.0 },
        n,
        SynSpec::new(15.0, 1.0),
    )?;
    let spikes = sim.record_spikes(n)?;
    let every = Sampling {
        interval: 0.3,
        ..Sampling::default()
    };
    let meter = sim.record_with(n, &["V_m", "I_syn_ex"], every)?;
    let weights = sim.weight_recorder(&[stdp], Window::default())?;
    sim.simulate(60.0 * ms)?;
    sim.simulate(90.0 * ms)?;
    let s = sim.spikes(spikes);
    let t = sim.trace(meter);
    let w = sim.weights(weights);
    let samples = t.values.iter().flatten().flatten().copied();
    let events = w.times.iter().chain(&w.weights).copied();
    let ids = w.senders.iter().chain(&w.targets).map(|&x| x as f64);
    Ok(format!(
        "{} spikes {:x}, {} samples {:x}, {} weight events {:x}",
        s.len(),
        digest(
            s.times
                .iter()
                .copied()
                .chain(s.senders.iter().map(|&x| x as f64))
        ),
        t.times.len(),
        digest(t.times.iter().copied().chain(samples)),
        w.weights.len(),
        digest(events.chain(ids)),
    ))
}

/// A noisy rate network whose instantaneous connections end only on the last nodes (on the
/// last rank): every rank must run slices of one step. The digest of the rates sampled.
fn rates(sim: &mut Simulator) -> Result<String, Error> {
    let pop = sim.create::<LinRateIpn>(30, Default::default())?;
    sim.set(&pop, "mu", 0.5)?;
    sim.set(&pop, "sigma", 0.3)?;
    let delayed = SynSpec::rate_delayed(0.1, 2.0);
    sim.connect(pop, pop, Rule::PairwiseBernoulli(0.3), delayed)?;
    let last = pop.slice(27..30)?;
    let instant = SynSpec::rate_instantaneous(-0.05);
    sim.connect(pop, last, Rule::PairwiseBernoulli(0.5), instant)?;
    let meter = sim.record(pop, &["rate"])?;
    sim.simulate(40.0 * ms)?;
    let t = sim.trace(meter);
    let samples = t.values.iter().flatten().flatten().copied();
    Ok(format!(
        "{} samples {:x}",
        t.times.len(),
        digest(t.times.iter().copied().chain(samples))
    ))
}

/// Spikes and samples of an STDP network written to files: the digest of the files' bytes
/// (in the folder `SALTATORY_MPI_DIR`).
fn files(sim: &mut Simulator) -> Result<String, Error> {
    let dir = PathBuf::from(std::env::var("SALTATORY_MPI_DIR").expect("a folder"));
    sim.set_output_files(OutputFiles {
        data_path: dir.clone(),
        overwrite_files: true,
        ..Default::default()
    })?;
    let iaf = IafPscAlphaParams {
        I_e: 300.0 * pA,
        ..Default::default()
    };
    let n = sim.create::<IafPscAlpha>(23, iaf)?;
    let syn = SynSpec::new(40.0, 1.5);
    sim.connect(n, n, Rule::PairwiseBernoulli(0.2), syn)?;
    sim.stimulate(
        Stimulus::Poisson { rate: 9_000.0 },
        n,
        SynSpec::new(15.0, 1.0),
    )?;
    sim.record_spikes_to(n, Window::default(), &RecordTo::ascii())?;
    sim.voltmeter_to(n, Sampling::default(), &RecordTo::ascii())?;
    sim.simulate(50.0 * ms)?;
    sim.simulate(25.0 * ms)?;
    let mut text = String::new();
    for name in ["spike_recorder-1.dat", "voltmeter-2.dat"] {
        let path = dir.join(name);
        // Across ranks, each rank wrote its own nodes' rows and rank 0 a manifest.
        let content = if sim.ranks() > 1 {
            let mut manifest = path.clone().into_os_string();
            manifest.push(".manifest");
            merge_rank_files(Path::new(&manifest))?
        } else {
            std::fs::read_to_string(&path).map_err(|e| Error::Io {
                path: path.display().to_string(),
                message: e.to_string(),
            })?
        };
        let lines = content.lines().count();
        let mut h = DefaultHasher::new();
        content.hash(&mut h);
        text += &format!("{name}: {lines} lines {:x}; ", h.finish());
    }
    Ok(text)
}

/// A network whose second aeif neuron (on the second of two engines) diverges at 10.4 ms:
/// the error, and the digest of what was recorded.
fn failure(sim: &mut Simulator) -> Result<String, Error> {
    let iaf = IafPscAlphaParams {
        I_e: 450.0 * pA,
        ..Default::default()
    };
    let a = sim.create::<IafPscAlpha>(20, iaf)?;
    let unstable = AeifCondAlphaParams {
        Delta_T: 0.5 * saltatory::consts::mV,
        b: 200.0 * pA,
        tau_w: 50.0 * ms,
        ..Default::default()
    };
    let bad = sim.create::<AeifCondAlpha>(2, unstable)?;
    let currents = vec![Value::Number(0.0), Value::Number(1000.0)];
    sim.set_status(bad, &[("I_e", Setting::Each(currents))])?;
    sim.connect(a, a, Rule::PairwiseBernoulli(0.3), SynSpec::new(20.0, 2.0))?;
    let all = a + bad;
    let spikes = sim.record_spikes(all.clone())?;
    let meter = sim.voltmeter(all)?;
    let error = match sim.simulate(30.0 * ms) {
        Ok(()) => "no error".to_string(),
        Err(e) => e.to_string(),
    };
    let s = sim.spikes(spikes);
    let t = sim.trace(meter);
    let samples = t.values.iter().flatten().flatten().copied();
    Ok(format!(
        "{error}; {} spikes {:x}; {} samples {:x}",
        s.len(),
        digest(s.times.iter().copied()),
        t.times.len(),
        digest(t.times.iter().copied().chain(samples))
    ))
}

/// Rank 1 alone refuses a connect call (its memory limit): every rank returns rank 1's
/// error, and the simulation goes on together afterwards.
fn local_error(sim: &mut Simulator) -> Result<String, Error> {
    let n = sim.create::<IafPscAlpha>(200, IafPscAlphaParams::default())?;
    if sim.rank() == 1 {
        sim.set_memory_limit(Some(1));
    }
    let refused = sim.connect(n, n, Rule::AllToAll, SynSpec::new(1.0, 1.0));
    let kind = match &refused {
        Err(Error::Peer { rank, .. }) => format!("peer error of rank {rank}"),
        Err(Error::OutOfMemory { .. }) => "own error".to_string(),
        other => format!("unexpected {other:?}"),
    };
    let message = refused.err().map_or_else(String::new, |e| e.to_string());
    // The refused call made nothing on any rank.
    let left = sim.num_synapses_all()?;
    sim.set_memory_limit(None);
    let made = sim.connect(n, n, Rule::FixedIndegree(5), SynSpec::new(1.0, 1.0))?;
    // A value refused for a neuron of rank 1 changes no neuron of rank 0 either.
    let mut c_m = vec![Value::Number(300.0); 200];
    c_m[199] = Value::Number(-1.0);
    let status = sim.set_status(n, &[("C_m", Setting::Each(c_m))]);
    // Each rank reads a neuron of its own: the first on rank 0, the last on rank 1.
    let own = if sim.rank() == 0 { 0 } else { 199 };
    let first = sim.get_status(n.slice(own..own + 1)?, &["C_m"])?[0][0];
    sim.simulate(10.0 * ms)?;
    Ok(format!(
        "{kind}: {message}; {left} synapses left; then {made}, {} synapses; set_status {}, C_m of an own neuron {first:?}",
        sim.num_synapses_all()?,
        if status.is_err() {
            "refused"
        } else {
            "accepted"
        }
    ))
}

/// A stop requested on rank 1 only (as Ctrl-C would on one process): every rank stops at the
/// same slice boundary with the same spikes.
fn stop_on_one_rank(sim: &mut Simulator) -> Result<String, Error> {
    let n = sim.create::<IafPscAlpha>(
        50,
        IafPscAlphaParams {
            I_e: 800.0 * pA,
            ..Default::default()
        },
    )?;
    sim.connect(n, n, Rule::FixedIndegree(5), SynSpec::new(10.0, 1.5))?;
    let spikes = sim.record_spikes(n)?;
    sim.simulate(20.0 * ms)?;
    if sim.rank() == 1 {
        sim.stop_flag().request();
    }
    let stopped = match sim.simulate(100.0 * ms) {
        Err(Error::Interrupted { time, .. }) => format!("stopped at {time} ms"),
        other => format!("unexpected {other:?}"),
    };
    let s = sim.spikes(spikes);
    Ok(format!(
        "{stopped}; {} spikes {:x}",
        s.len(),
        digest(s.times.iter().copied())
    ))
}

/// One rank of `scenario`, started by mpirun: prints `rank R: <outcome>`.
fn child(scenario: &str) {
    let cluster = Cluster::init().expect("MPI starts");
    let rank = cluster.rank();
    let threads = std::env::var("SALTATORY_MPI_THREADS").map_or(1, |t| t.parse().unwrap());
    let outcome = match scenario {
        "threads" => cluster
            .simulator(config(1 + rank))
            .map(|_| "accepted".to_string()),
        "panic" => {
            let mut sim = cluster.simulator(config(1)).unwrap();
            assert!(rank != 1, "rank 1 fails on purpose");
            sim.simulate(100.0 * ms).map(|()| "simulated".to_string())
        }
        _ => cluster
            .simulator(config(threads))
            .and_then(|mut sim| match scenario {
                "plastic" => plastic(&mut sim),
                "rates" => rates(&mut sim),
                "files" => files(&mut sim),
                "failure" => failure(&mut sim),
                "local_error" => local_error(&mut sim),
                "stop" => stop_on_one_rank(&mut sim),
                other => panic!("no scenario {other}"),
            }),
    };
    let text = outcome.unwrap_or_else(|e| format!("error: {e}"));
    println!("rank {rank}: {text}");
}

/// Runs `program` under `mpirun -np ranks` with the environment `env`, within [`LIMIT`].
fn mpirun(ranks: usize, program: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new("mpirun");
    cmd.args([
        "-np",
        &ranks.to_string(),
        "--oversubscribe",
        "--bind-to",
        "none",
    ])
    .args(["--mca", "btl", "self,vader"])
    .env("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
    .env("OMPI_ALLOW_RUN_AS_ROOT", "1")
    .env("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    .arg(program)
    .args(args)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .spawn()
        .expect("mpirun starts (install Open MPI's openmpi-bin)");
    let start = Instant::now();
    while child.try_wait().expect("mpirun runs").is_none() {
        if start.elapsed() > LIMIT {
            child.kill().ok();
            let out = child.wait_with_output().unwrap();
            panic!(
                "mpirun {program:?} {args:?} did not finish within {LIMIT:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// What each rank of `scenario` printed, by rank.
fn ranks_said(scenario: &str, ranks: usize, threads: usize) -> (Vec<String>, Output) {
    let me = std::env::current_exe().unwrap();
    let env = [
        (CHILD, scenario.to_string()),
        ("SALTATORY_MPI_THREADS", threads.to_string()),
    ];
    let out = mpirun(ranks, &me, &[], &env);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut said = vec![String::new(); ranks];
    for line in stdout.lines() {
        if let Some((r, text)) = line.strip_prefix("rank ").and_then(|l| l.split_once(": ")) {
            said[r.parse::<usize>().unwrap()] = text.to_string();
        }
    }
    (said, out)
}

/// The same scenario in one process.
fn alone(f: fn(&mut Simulator) -> Result<String, Error>) -> String {
    let mut sim = Simulator::with_config(config(1)).unwrap();
    f(&mut sim).unwrap_or_else(|e| format!("error: {e}"))
}

fn same_as_one_process(scenario: &str, f: fn(&mut Simulator) -> Result<String, Error>) {
    let expected = alone(f);
    for (ranks, threads) in [(2, 1), (2, 2)] {
        let (said, out) = ranks_said(scenario, ranks, threads);
        for (r, text) in said.iter().enumerate() {
            assert_eq!(
                text,
                &expected,
                "{scenario}, rank {r} of {ranks} x {threads} threads; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    println!("{scenario}: {expected}");
}

/// An example built in the same profile as this test (`target/<profile>/examples/<name>`).
fn example(name: &str) -> PathBuf {
    let me = std::env::current_exe().unwrap();
    let path = me
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: cargo build --release --features mpi --example {name}",
        path.display()
    );
    path
}

/// Runs an example alone and under mpirun for every split; its spikes file (written where
/// `spikes_flag` says, when it has one) and the lines `keep` selects must be identical.
fn example_splits(name: &str, args: &[&str], spikes_flag: Option<&str>, keep: fn(&str) -> bool) {
    let program = example(name);
    let dir = std::env::temp_dir().join(format!("saltatory-mpi-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |ranks: usize, threads: usize| -> (Vec<u8>, Vec<String>) {
        let file = dir.join(format!("{ranks}x{threads}"));
        std::fs::create_dir_all(&file).unwrap();
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.extend(["--threads".into(), threads.to_string()]);
        if let Some(flag) = spikes_flag {
            let target = if flag == "--out" {
                file.clone()
            } else {
                file.join("spikes.npy")
            };
            all.extend([flag.to_string(), target.display().to_string()]);
        }
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = if ranks == 1 {
            Command::new(&program).args(&all).output().unwrap()
        } else {
            mpirun(ranks, &program, &all, &[])
        };
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{name} {ranks} x {threads}: {stdout} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = stdout
            .lines()
            .filter(|l| keep(l))
            .map(String::from)
            .collect();
        let spikes = spikes_flag.map(|_| std::fs::read(file.join("spikes.npy")).unwrap());
        (spikes.unwrap_or_default(), lines)
    };
    let (spikes, lines) = run(1, 1);
    assert!(
        spikes_flag.is_none() || spikes.len() > 1000,
        "{name} spiked"
    );
    assert!(!lines.is_empty());
    for (ranks, threads) in [(1, 2), (2, 1), (2, 2)] {
        let (s, l) = run(ranks, threads);
        assert!(
            s == spikes,
            "{name}: spikes of {ranks} x {threads} differ from 1 x 1"
        );
        assert_eq!(l, lines, "{name}: {ranks} x {threads}");
    }
    std::fs::remove_dir_all(&dir).ok();
    println!(
        "{name}: identical for 1x1, 1x2, 2x1, 2x2; {}",
        lines.join("; ")
    );
}

fn main() {
    if let Ok(scenario) = std::env::var(CHILD) {
        child(&scenario);
        return;
    }
    same_as_one_process("plastic", plastic);
    same_as_one_process("rates", rates);
    // Every rank writes its own nodes' rows; merged, they are what one process writes.
    let dir = std::env::temp_dir().join(format!("saltatory-mpi-files-{}", std::process::id()));
    for sub in ["alone", "ranks"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    // SAFETY: this harness runs single-threaded until here.
    unsafe { std::env::set_var("SALTATORY_MPI_DIR", dir.join("alone")) };
    let expected = alone(files);
    unsafe { std::env::set_var("SALTATORY_MPI_DIR", dir.join("ranks")) };
    for (ranks, threads) in [(2, 1), (2, 2)] {
        let (said, out) = ranks_said("files", ranks, threads);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.iter().all(|t| *t == expected),
            "{said:?} against {expected}: {stderr}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
    println!("files: {expected}");
    same_as_one_process("failure", failure);

    // Rank 1's own refusal reaches rank 0 as a peer error with the same message.
    let (said, _) = ranks_said("local_error", 2, 1);
    assert!(said[1].starts_with("own error: "), "{said:?}");
    assert!(said[0].starts_with("peer error of rank 1: "), "{said:?}");
    let message = |s: &str| s.split_once(": ").unwrap().1.to_string();
    assert_eq!(message(&said[0]), message(&said[1]));
    for text in &said {
        assert!(
            text.contains("; 0 synapses left; then 1000, 1000 synapses"),
            "{said:?}"
        );
        assert!(
            text.contains("set_status refused, C_m of an own neuron Number(250.0)"),
            "{said:?}"
        );
    }
    println!("local_error: {}", said[1]);

    let (said, _) = ranks_said("stop", 2, 1);
    assert!(
        said[0].starts_with("stopped at 21 ms;") && said[0] == said[1],
        "{said:?}"
    );
    println!("stop: {}", said[0]);

    let (said, _) = ranks_said("threads", 2, 1);
    for text in &said {
        assert!(
            text.contains("the same number of threads on every rank"),
            "{said:?}"
        );
    }

    // A panic on rank 1 ends every rank (MPI_Abort) instead of leaving rank 0 waiting.
    let (said, out) = ranks_said("panic", 2, 1);
    assert!(!out.status.success(), "{said:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("rank 1 fails on purpose"));

    let rate = |l: &str| l.starts_with("rate:") || l.starts_with("Number of synapses");
    let brunel = ["--order", "200", "--simtime", "300"];
    example_splits("brunel_alpha", &brunel, Some("--out"), rate);
    let rates = |l: &str| l.starts_with("L") || l.starts_with("synapses:");
    let circuit = ["--scale", "0.1", "--simtime", "100"];
    example_splits("microcircuit", &circuit, Some("--spikes"), rates);
    // NEST's scaling benchmark: STDP on E->E; the weight changes of all ranks' synapses.
    let hpc = ["--scale", "0.02", "--presimtime", "20", "--simtime", "100"];
    let stats = |l: &str| {
        ["rate:", "w - w0:", "synapses:"]
            .iter()
            .any(|p| l.starts_with(p))
    };
    example_splits("hpc_benchmark", &hpc, None, stats);
    println!("mpi: all checks passed");
}
