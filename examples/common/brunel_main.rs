// Shared driver of the brunel_alpha and brunel_delta examples (included by both).

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use saltatory::brunel::Brunel;
use saltatory::consts::ms;
use saltatory::runtime::output::write_spikes_npy;
use saltatory::runtime::{Config, Model, Simulator};

/// Command-line options.
#[derive(Parser, Debug)]
struct Args {
    /// Network size: 4·order excitatory and order inhibitory neurons.
    #[arg(long, default_value_t = 2500)]
    order: usize,
    /// Worker threads (results do not depend on it).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Seed of all random streams.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Biological time to simulate, in ms.
    #[arg(long, default_value_t = 1000.0)]
    simtime: f64,
    /// Directory for spikes.npy and the raster PNG.
    #[arg(long, default_value = ".")]
    out: PathBuf,
    /// Neurons shown in the raster (NEST's example records 50).
    #[arg(long, default_value_t = 50)]
    n_rec: usize,
    /// Where the neuron update runs: `cpu` (Rust kernels) or `cuda` (the same update as CUDA
    /// C, compiled with NVRTC for GPU 0; needs the CUDA driver and libnvrtc).
    #[arg(long, value_enum, default_value_t = Backend::Cpu)]
    backend: Backend,
    /// With `--backend cuda`: single-precision arithmetic (see the README for its error).
    #[arg(long)]
    f32: bool,
}

/// Where the neuron update runs.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Cpu,
    Cuda,
}

fn run(name: &str, network: fn(usize) -> Brunel) -> saltatory::Result<()> {
    let args = Args::parse();
    if args.f32 && args.backend != Backend::Cuda {
        eprintln!("error: --f32 selects the GPU kernel's precision; it needs --backend cuda");
        std::process::exit(2);
    }
    let start = Instant::now();
    let config = Config { threads: args.threads, seed: args.seed, ..Config::default() };
    // Alone, or one rank of `mpirun` when built with the feature `mpi`.
    let mut sim = Simulator::launch(config)?;
    let brunel = network(args.order);
    let net = brunel.build(&mut sim)?;
    let recorder = sim.record_spikes(net.all.clone())?;
    if args.backend == Backend::Cuda {
        let kernel = match brunel.synapse {
            saltatory::brunel::Synapse::Alpha => saltatory::models::IafPscAlpha::KERNEL,
            saltatory::brunel::Synapse::Delta => saltatory::models::IafPscDelta::KERNEL,
        }
        .expect("spiking models have kernels");
        let precision = if args.f32 {
            saltatory::runtime::Precision::F32
        } else {
            saltatory::runtime::Precision::F64
        };
        let runner = saltatory::runtime::cuda::CudaRunner::with_precision(kernel, 0, precision)?;
        sim.set_kernel_runner(net.all.clone(), Some(runner))?;
    }
    let build = start.elapsed().as_secs_f64();
    let t0 = Instant::now();
    // Ctrl-C stops the run at the next slice; what was recorded is written out.
    let stop = sim.stop_flag();
    ctrlc::set_handler(move || stop.request()).map_err(|e| saltatory::Error::Io {
        path: "Ctrl-C handler".into(),
        message: e.to_string(),
    })?;
    let (simtime, interrupted) = match sim.simulate(args.simtime * ms) {
        Ok(()) => (args.simtime, false),
        Err(saltatory::Error::Interrupted { time, .. }) => {
            eprintln!("interrupted at {time} ms: writing what was recorded up to then");
            (time, true)
        }
        Err(e) => return Err(e),
    };
    let simulate = t0.elapsed().as_secs_f64();
    let synapses = sim.num_synapses_all()?;
    // Every rank holds the same recorded spikes; rank 0 reports and writes them.
    if sim.rank() != 0 {
        if interrupted {
            std::process::exit(130);
        }
        return Ok(());
    }

    let data = sim.spikes(recorder);
    let (ne, ni) = (brunel.ne(), brunel.ni());
    let ex_spikes = data.senders.iter().filter(|&&s| s < ne).count();
    let in_spikes = data.len() - ex_spikes;
    let rate = |spikes: usize, n: usize| spikes as f64 / n as f64 / (simtime / 1000.0);
    let (rate_ex, rate_in) = (rate(ex_spikes, ne), rate(in_spikes, ni));

    println!("Brunel network simulation ({name}, saltatory, {:?} backend)", args.backend);
    println!("Number of neurons : {}", ne + ni);
    println!("Number of synapses: {synapses}");
    println!("Excitatory rate   : {rate_ex:.2} spks/s");
    println!("Inhibitory rate   : {rate_in:.2} spks/s");
    println!("rate: {rate_ex:.3} Hz");
    println!("build: {build:.3} s");
    println!("simulate: {simulate:.3} s");
    let phases = sim.phase_times();
    println!(
        "phases: update {:.3} s (input generators {:.3} s), exchange {:.3} s, delivery {:.3} s",
        phases.update, phases.devices, phases.exchange, phases.delivery
    );
    let busy = sim.engine_busy();
    let list = |f: fn(&saltatory::runtime::EngineBusy) -> f64| {
        busy.iter().map(|b| format!("{:.3}", f(b))).collect::<Vec<_>>().join(" ")
    };
    println!(
        "busy per thread: update {} s, delivery {} s",
        list(|b| b.update),
        list(|b| b.delivery)
    );
    println!("synapses: {synapses}");
    if sim.ranks() > 1 {
        let x = sim.exchange_stats();
        let slices = x.slices.max(1) as f64;
        println!(
            "ranks: {} x {} threads; rank 0 exchanged {} slices: {:.0} bytes sent and {:.0} received per slice, {:.1} us per slice in MPI ({:.3} s)",
            sim.ranks(),
            sim.threads(),
            x.slices,
            x.bytes_sent as f64 / slices,
            x.bytes_received as f64 / slices,
            1e6 * x.seconds / slices,
            x.seconds
        );
    }
    let (table_bytes, ring_bytes) = sim.memory_bytes();
    println!(
        "synapse tables: {:.2} bytes/synapse; ring buffers: {:.1} MB",
        table_bytes as f64 / sim.num_synapses().max(1) as f64,
        ring_bytes as f64 / 1e6
    );

    std::fs::create_dir_all(&args.out).map_err(|e| saltatory::Error::Io {
        path: args.out.display().to_string(),
        message: e.to_string(),
    })?;
    // Spikes as an (n, 2) array of (time in ms, NEST global id).
    write_spikes_npy(&args.out.join("spikes.npy"), data)?;
    let (times, senders): (Vec<f64>, Vec<u64>) = data
        .times
        .iter()
        .zip(&data.senders)
        .filter(|(_, s)| **s < args.n_rec.min(ne))
        .map(|(t, s)| (*t, (*s + 1) as u64))
        .unzip();
    let png = args.out.join(format!("{name}.png"));
    let title = format!("{name}: {} excitatory neurons of {}", args.n_rec.min(ne), ne + ni);
    saltatory::plot::raster_with_rate(&png, &times, &senders, simtime, 5.0, &title)?;
    println!("wrote {} and {}", args.out.join("spikes.npy").display(), png.display());
    if interrupted {
        // The shell's status for a run ended by Ctrl-C.
        std::process::exit(130);
    }
    Ok(())
}
