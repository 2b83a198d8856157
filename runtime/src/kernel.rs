//! A model's update as C++ source (the GPU path), its data layout, and the hook through which
//! the simulator runs such a kernel instead of the Rust one.
//!
//! `neuron!` emits the same update twice: as Rust (the CPU path) and as CUDA C++ source with the
//! layout described by [`KernelSource`]. A [`KernelRunner`] executes that source somewhere else
//! (on a CUDA device, or compiled for the host to check it against the Rust kernel) on flat
//! buffers; [`crate::Simulator::set_kernel_runner`] puts it in place of the Rust update for one
//! model, and everything else (delivery, devices, recording) stays the same.

use std::fmt;

use crate::error::{Error, Result};

/// Definitions that let a kernel compile as ordinary C++ on the host.
const HOST_SHIM: &str = include_str!("kernel_host.h");

/// The update kernel of a model as CUDA C++ source, with its data layout.
///
/// Buffers, per population of `n` neurons:
/// - constants: one block of [`KernelSource::constant_count`] doubles per parameter group;
/// - state: column-major, `state[column * n + neuron]`, columns as in [`KernelSource::columns`];
/// - inputs: `inputs[neuron * channels + channel]`, read and cleared by the kernel;
/// - spikes: `spikes[neuron]`, the number of spikes the neuron emitted in the step;
/// - failure: `failure[neuron]`, 0 or 1 + an index into [`KernelSource::failures`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KernelSource {
    /// NEST's name of the model.
    pub model: &'static str,
    /// Name of the `extern "C" __global__` entry point.
    pub entry: &'static str,
    /// Self-contained CUDA C++ source (no headers needed).
    pub source: &'static str,
    /// The constants of one parameter group, in order: each field's name and how many doubles
    /// it takes (a matrix row-major, the step control four, any other one).
    pub constants: &'static [(&'static str, usize)],
    /// Names of the state columns, in order.
    pub columns: &'static [&'static str],
    /// Input channels per neuron (the model's fixed layout, [`crate::Model::N_CHANNELS`]).
    pub channels: usize,
    /// Why an update can fail, by code minus one.
    pub failures: &'static [&'static str],
}

impl KernelSource {
    /// Doubles per parameter group.
    pub fn constant_count(&self) -> usize {
        self.constants.iter().map(|c| c.1).sum()
    }

    /// The entry point's signature, as C: what a host or device launcher calls.
    pub const SIGNATURE: &'static str = "void (unsigned int n, const double* cals, \
        const unsigned int* group_of, double* state, double* inputs, unsigned int* spikes, \
        unsigned int* failure)";

    /// The kernel as a host C++ program: the shim that stands in for CUDA's built-ins
    /// (`kernel_host.h`), the source, and `extern "C" void <entry>_host(...)` with the entry
    /// point's signature, which runs one thread per neuron in order. Compiled with
    /// `-ffp-contract=off`, it reproduces the Rust kernel bit for bit (`tests/gpu_kernels.rs`).
    pub fn host_program(&self) -> String {
        format!(
            "{HOST_SHIM}\n{}\nSALTATORY_HOST_DRIVER({})\n",
            self.source, self.entry
        )
    }

    /// The reason for a failure code (`None` for 0 or an unknown code).
    pub fn failure(&self, code: u32) -> Option<&'static str> {
        (code as usize)
            .checked_sub(1)
            .and_then(|k| self.failures.get(k).copied())
    }
}

/// The error for a model without kernel source (the rate models).
pub fn no_kernel(model: &'static str) -> Error {
    Error::NoKernel {
        model,
        feature: "rate models have no kernel source",
    }
}

/// The arithmetic type a kernel is compiled with. Buffers stay f64 either way; in f32 the
/// kernel converts on load and store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Precision {
    /// Double precision, as the CPU path: the same results bit for bit.
    #[default]
    F64,
    /// Single precision: faster on most GPUs, with the deviations measured in
    /// `tests/gpu_kernels.rs` (see the README's GPU section).
    F32,
}

impl Precision {
    /// The preprocessor definitions that select it (none for the default, double): the
    /// arithmetic type, and the smallest positive normal number the step control starts from.
    pub fn defines(self) -> &'static [&'static str] {
        match self {
            Precision::F64 => &[],
            Precision::F32 => &["-DSAL_REAL=float", "-DSAL_MIN_POSITIVE=1.17549435e-38f"],
        }
    }
}

/// The buffers of one kernel launch over a whole population chunk.
pub struct KernelJob<'a> {
    /// The kernel to run.
    pub kernel: &'static KernelSource,
    /// Number of neurons.
    pub n: usize,
    /// Constants, one block per parameter group.
    pub constants: &'a [f64],
    /// Parameter group of each neuron.
    pub group_of: &'a [u32],
    /// State columns (column-major).
    pub state: &'a mut [f64],
    /// This step's inputs, `channels` per neuron; cleared by the kernel.
    pub inputs: &'a mut [f64],
    /// Spikes per neuron in this step (written by the kernel).
    pub spikes: &'a mut [u32],
    /// Failure code per neuron (written by the kernel).
    pub failure: &'a mut [u32],
}

/// Runs a [`KernelSource`] outside the Rust kernel: on a GPU, or compiled for the host.
pub trait KernelRunner: Send + Sync + fmt::Debug {
    /// Runs one step of `job.kernel` over all `job.n` neurons.
    ///
    /// # Errors
    /// When the kernel cannot be run (no device, a launch failure); the error says which.
    fn run(&self, job: KernelJob<'_>) -> Result<()>;
}
