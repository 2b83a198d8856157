//! The CUDA backend (feature `cuda`): NVRTC compiles a model's kernel source at run time and
//! the CUDA driver runs it, both reached through `cudarc` with dynamic loading, so that this
//! crate builds and runs its CPU path on machines without CUDA. Every missing piece (NVRTC, the
//! driver, a device) and every compile error is an [`Error::Backend`] saying which, with
//! NVRTC's log; nothing here panics on a machine without CUDA.
//!
//! NVRTC needs no GPU: [`compile`] turns kernel source into PTX (or a CUBIN for one
//! architecture) anywhere `libnvrtc` can be loaded, which is how every model's kernel is checked
//! in CI. [`CudaRunner`] then runs the kernel on a device in place of the Rust update (see
//! [`crate::Simulator::set_kernel_runner`]).

use std::ffi::{CString, c_char};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cudarc::driver::{
    CudaContext, CudaFunction, CudaSlice, CudaStream, LaunchConfig, PushKernelArg,
};
use cudarc::nvrtc::{result as nvrtc, sys as nvrtc_sys};

use crate::error::{Error, Result};
use crate::kernel::{KernelJob, KernelRunner, KernelSource, Precision};

/// Environment variable naming the `libnvrtc` shared library to use.
pub const NVRTC_ENV: &str = "SALTATORY_NVRTC";

fn backend(model: &'static str, message: impl Into<String>) -> Error {
    Error::Backend {
        model,
        message: message.into(),
    }
}

/// Libraries opened by absolute path, kept open so that cudarc's later lookup by name finds them.
static PRELOADED: Mutex<Vec<libloading::Library>> = Mutex::new(Vec::new());

/// Makes `libnvrtc` available: the library at `path` if given, else the one named by
/// `$SALTATORY_NVRTC`, else whatever the dynamic loader finds. Returns the path used, if any.
///
/// # Errors
/// [`Error::Backend`] when the named file cannot be loaded, or when no NVRTC is found at all.
pub fn load_nvrtc(path: Option<&Path>) -> Result<Option<PathBuf>> {
    let chosen = path
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os(NVRTC_ENV).map(PathBuf::from));
    if let Some(p) = &chosen {
        // SAFETY: loading NVRTC runs its initialisers, which have no preconditions.
        let lib = unsafe { libloading::Library::new(p) }
            .map_err(|e| backend("", format!("cannot load NVRTC from {}: {e}", p.display())))?;
        PRELOADED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(lib);
    }
    // SAFETY: only tries to open the library by its usual names.
    if unsafe { nvrtc_sys::is_culib_present() } {
        Ok(chosen)
    } else {
        Err(backend(
            "",
            format!(
                "no NVRTC library (libnvrtc.so.12) found: install the nvidia-cuda-nvrtc-cu12 \
                 wheel or the CUDA toolkit, or set {NVRTC_ENV} to the library's path"
            ),
        ))
    }
}

/// What NVRTC produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// PTX for a virtual architecture such as `"compute_80"`; the driver compiles it at load
    /// time (it must be no newer than the driver's CUDA version).
    Ptx(&'a str),
    /// A CUBIN for one real architecture such as `"sm_90"`, which any driver that supports
    /// that GPU loads.
    Cubin(&'a str),
}

/// A compiled kernel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiled {
    /// PTX text (for [`Target::Ptx`]).
    pub ptx: Option<String>,
    /// CUBIN image (for [`Target::Cubin`]).
    pub cubin: Option<Vec<u8>>,
    /// NVRTC's log (warnings); empty when clean.
    pub log: String,
}

fn c_text(chars: &[c_char]) -> String {
    let bytes: Vec<u8> = chars
        .iter()
        .map(|&c| c as u8)
        .take_while(|&b| b != 0)
        .collect();
    String::from_utf8_lossy(&bytes).trim().to_string()
}

/// Compiles `kernel` in double precision with NVRTC: no fused multiply-add (the CPU path has
/// none either), C++17. Call [`load_nvrtc`] first.
///
/// # Errors
/// [`Error::Backend`] with NVRTC's log when the source does not compile, or when NVRTC is
/// missing.
pub fn compile(kernel: &KernelSource, target: Target<'_>) -> Result<Compiled> {
    compile_with(kernel, target, Precision::F64)
}

/// [`compile`] in the given arithmetic precision.
///
/// # Errors
/// As [`compile`].
pub fn compile_with(
    kernel: &KernelSource,
    target: Target<'_>,
    precision: Precision,
) -> Result<Compiled> {
    // SAFETY: only tries to open the library by its usual names.
    if !unsafe { nvrtc_sys::is_culib_present() } {
        return Err(backend(
            kernel.model,
            "no NVRTC library loaded (see load_nvrtc)",
        ));
    }
    let src = CString::new(kernel.source)
        .map_err(|_| backend(kernel.model, "kernel source contains a NUL byte"))?;
    let name = CString::new(format!("{}.cu", kernel.model)).expect("model names have no NUL");
    let prog = nvrtc::create_program(&src, Some(&name)).map_err(|e| {
        backend(
            kernel.model,
            format!("NVRTC could not create a program: {e:?}"),
        )
    })?;
    let arch = match target {
        Target::Ptx(a) | Target::Cubin(a) => a,
    };
    let mut options = vec![
        format!("--gpu-architecture={arch}"),
        "--fmad=false".to_string(),
        "--std=c++17".to_string(),
    ];
    options.extend(precision.defines().iter().map(|d| d.to_string()));
    // SAFETY: `prog` is a live program; the options are plain strings.
    let compiled = unsafe { nvrtc::compile_program(prog, &options) };
    // SAFETY: as above.
    let log = unsafe { nvrtc::get_program_log(prog) }
        .map(|l| c_text(&l))
        .unwrap_or_default();
    let out = compiled
        .map_err(|e| {
            backend(
                kernel.model,
                format!("NVRTC could not compile {} ({e:?}):\n{log}", kernel.entry),
            )
        })
        .and_then(|()| match target {
            Target::Ptx(_) => {
                // SAFETY: the program compiled.
                let ptx = unsafe { nvrtc::get_ptx(prog) }
                    .map_err(|e| backend(kernel.model, format!("NVRTC gave no PTX: {e:?}")))?;
                Ok(Compiled {
                    ptx: Some(c_text(&ptx)),
                    cubin: None,
                    log: log.clone(),
                })
            }
            Target::Cubin(_) => {
                let mut size = 0usize;
                // SAFETY: the program compiled; `size` receives the image size.
                let r = unsafe { nvrtc_sys::nvrtcGetCUBINSize(prog, &mut size) };
                if r != nvrtc_sys::nvrtcResult::NVRTC_SUCCESS || size == 0 {
                    return Err(backend(kernel.model, format!("NVRTC gave no CUBIN: {r:?}")));
                }
                let mut image = vec![0u8; size];
                // SAFETY: `image` holds `size` bytes.
                let r = unsafe { nvrtc_sys::nvrtcGetCUBIN(prog, image.as_mut_ptr().cast()) };
                if r != nvrtc_sys::nvrtcResult::NVRTC_SUCCESS {
                    return Err(backend(kernel.model, format!("NVRTC gave no CUBIN: {r:?}")));
                }
                Ok(Compiled {
                    ptx: None,
                    cubin: Some(image),
                    log: log.clone(),
                })
            }
        });
    // SAFETY: destroyed once, after its last use.
    let _ = unsafe { nvrtc::destroy_program(prog) };
    out
}

/// NVRTC's version, (major, minor).
///
/// # Errors
/// [`Error::Backend`] when NVRTC is not loaded.
pub fn nvrtc_version() -> Result<(i32, i32)> {
    // SAFETY: only tries to open the library by its usual names.
    if !unsafe { nvrtc_sys::is_culib_present() } {
        return Err(backend("", "no NVRTC library loaded (see load_nvrtc)"));
    }
    let (mut major, mut minor) = (0, 0);
    // SAFETY: two plain out-parameters.
    let r = unsafe { nvrtc_sys::nvrtcVersion(&mut major, &mut minor) };
    if r == nvrtc_sys::nvrtcResult::NVRTC_SUCCESS {
        Ok((major, minor))
    } else {
        Err(backend("", format!("nvrtcVersion failed: {r:?}")))
    }
}

/// Device buffers for one population chunk size.
struct Buffers {
    n: usize,
    constants: CudaSlice<f64>,
    group_of: CudaSlice<u32>,
    state: CudaSlice<f64>,
    inputs: CudaSlice<f64>,
    spikes: CudaSlice<u32>,
    failure: CudaSlice<u32>,
}

struct Device {
    stream: Arc<CudaStream>,
    function: CudaFunction,
    /// Threads per block: as many as the kernel's registers allow, at most [`BLOCK`].
    block: u32,
    buffers: Vec<Buffers>,
}

/// The preferred number of threads per block.
const BLOCK: u32 = 256;

/// One thread per neuron for `n` neurons, in blocks of `BLOCK` threads or, for a kernel that
/// needs many registers per thread, of as many whole warps as the device allows it
/// (`max_threads`, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK).
fn launch_shape(n: u32, max_threads: u32) -> LaunchConfig {
    let warps = max_threads / 32 * 32;
    let block = if warps == 0 {
        max_threads.max(1)
    } else {
        BLOCK.min(warps)
    };
    LaunchConfig {
        grid_dim: (n.div_ceil(block), 1, 1),
        block_dim: (block, 1, 1),
        shared_mem_bytes: 0,
    }
}

/// Runs one model's kernel on a CUDA device. The kernel is compiled for the device's own
/// architecture (a CUBIN), so the driver's CUDA version does not have to match NVRTC's.
///
/// Each step copies the chunk's state and inputs to the device and the results back; state
/// that stays on the device between steps is future work (the closing notes of the GPU issue).
pub struct CudaRunner {
    kernel: &'static KernelSource,
    ordinal: usize,
    device: Mutex<Device>,
}

impl std::fmt::Debug for CudaRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CudaRunner")
            .field("kernel", &self.kernel.entry)
            .field("ordinal", &self.ordinal)
            .finish()
    }
}

impl CudaRunner {
    /// Compiles `kernel` in double precision for device `ordinal` and loads it.
    ///
    /// # Errors
    /// [`Error::Backend`] when there is no CUDA driver, no such device, no NVRTC, or the kernel
    /// does not compile or load; the message says which.
    pub fn new(kernel: &'static KernelSource, ordinal: usize) -> Result<Arc<Self>> {
        Self::with_precision(kernel, ordinal, Precision::F64)
    }

    /// [`CudaRunner::new`] in the given arithmetic precision.
    ///
    /// # Errors
    /// As [`CudaRunner::new`].
    pub fn with_precision(
        kernel: &'static KernelSource,
        ordinal: usize,
        precision: Precision,
    ) -> Result<Arc<Self>> {
        let model = kernel.model;
        // SAFETY: only tries to open the library by its usual names.
        if !unsafe { cudarc::driver::sys::is_culib_present() } {
            return Err(backend(model, "no CUDA driver (libcuda.so) found"));
        }
        load_nvrtc(None)?;
        let ctx = CudaContext::new(ordinal)
            .map_err(|e| backend(model, format!("no CUDA device {ordinal}: {e:?}")))?;
        let (major, minor) = ctx
            .compute_capability()
            .map_err(|e| backend(model, format!("device {ordinal}: {e:?}")))?;
        let arch = format!("sm_{major}{minor}");
        let compiled = compile_with(kernel, Target::Cubin(&arch), precision)?;
        let image = compiled.cubin.expect("a CUBIN target gives a CUBIN");
        let module = ctx
            .load_module(cudarc::nvrtc::Ptx::from_binary(image))
            .map_err(|e| {
                backend(
                    model,
                    format!("the driver cannot load the {arch} kernel: {e:?}"),
                )
            })?;
        let function = module
            .load_function(kernel.entry)
            .map_err(|e| backend(model, format!("no entry point {}: {e:?}", kernel.entry)))?;
        // Kernels with many registers per thread (RKF45) cannot run 1024 threads per block.
        let block = function
            .max_threads_per_block()
            .map_err(driver(model, "reading the kernel's launch limit"))?;
        Ok(Arc::new(Self {
            kernel,
            ordinal,
            device: Mutex::new(Device {
                stream: ctx.default_stream(),
                function,
                block: u32::try_from(block).unwrap_or(1),
                buffers: Vec::new(),
            }),
        }))
    }
}

fn driver(model: &'static str, what: &str) -> impl Fn(cudarc::driver::DriverError) -> Error {
    let what = what.to_string();
    move |e| backend(model, format!("{what}: {e:?}"))
}

impl KernelRunner for CudaRunner {
    fn run(&self, job: KernelJob<'_>) -> Result<()> {
        let model = self.kernel.model;
        if job.kernel.entry != self.kernel.entry {
            return Err(backend(
                job.kernel.model,
                format!("this runner was compiled for {model}"),
            ));
        }
        let mut dev = self
            .device
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let stream = dev.stream.clone();
        let at = match dev.buffers.iter().position(|b| b.n == job.n) {
            Some(k) => k,
            None => {
                let alloc = driver(model, "device allocation");
                let b = Buffers {
                    n: job.n,
                    constants: stream
                        .alloc_zeros::<f64>(job.constants.len().max(1))
                        .map_err(&alloc)?,
                    group_of: stream.alloc_zeros::<u32>(job.n).map_err(&alloc)?,
                    state: stream.alloc_zeros::<f64>(job.state.len()).map_err(&alloc)?,
                    inputs: stream
                        .alloc_zeros::<f64>(job.inputs.len().max(1))
                        .map_err(&alloc)?,
                    spikes: stream.alloc_zeros::<u32>(job.n).map_err(&alloc)?,
                    failure: stream.alloc_zeros::<u32>(job.n).map_err(&alloc)?,
                };
                dev.buffers.push(b);
                dev.buffers.len() - 1
            }
        };
        let function = dev.function.clone();
        let block = dev.block;
        let b = &mut dev.buffers[at];
        if b.constants.len() < job.constants.len() {
            b.constants = stream
                .alloc_zeros::<f64>(job.constants.len())
                .map_err(driver(model, "device allocation"))?;
        }
        let copy_in = driver(model, "copy to the device");
        stream
            .memcpy_htod(job.constants, &mut b.constants)
            .map_err(&copy_in)?;
        stream
            .memcpy_htod(job.group_of, &mut b.group_of)
            .map_err(&copy_in)?;
        stream
            .memcpy_htod(&*job.state, &mut b.state)
            .map_err(&copy_in)?;
        stream
            .memcpy_htod(&*job.inputs, &mut b.inputs)
            .map_err(&copy_in)?;
        let n = u32::try_from(job.n).map_err(|_| backend(model, "more than 2^32 neurons"))?;
        let mut launch = stream.launch_builder(&function);
        launch
            .arg(&n)
            .arg(&b.constants)
            .arg(&b.group_of)
            .arg(&mut b.state)
            .arg(&mut b.inputs)
            .arg(&mut b.spikes)
            .arg(&mut b.failure);
        // SAFETY: the arguments match the kernel's signature (KernelSource::SIGNATURE) and every
        // buffer holds what the layout requires for `n` neurons.
        unsafe { launch.launch(launch_shape(n, block)) }.map_err(driver(model, "kernel launch"))?;
        let copy_out = driver(model, "copy from the device");
        stream.memcpy_dtoh(&b.state, job.state).map_err(&copy_out)?;
        stream
            .memcpy_dtoh(&b.inputs, job.inputs)
            .map_err(&copy_out)?;
        stream
            .memcpy_dtoh(&b.spikes, job.spikes)
            .map_err(&copy_out)?;
        stream
            .memcpy_dtoh(&b.failure, job.failure)
            .map_err(&copy_out)?;
        stream
            .synchronize()
            .map_err(driver(model, "kernel execution"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_fit_the_kernels_limit_and_cover_every_neuron() {
        for (n, max, block) in [
            (1000, 1024, 256),
            (1000, 384, 256),
            (1000, 160, 160),
            (5, 40, 32),
        ] {
            let c = launch_shape(n, max);
            assert_eq!(c.block_dim.0, block, "n={n} max={max}");
            assert!(c.block_dim.0 <= max);
            assert!(c.grid_dim.0 * c.block_dim.0 >= n);
            assert!((c.grid_dim.0 - 1) * c.block_dim.0 < n);
        }
        assert_eq!(launch_shape(10, 20).block_dim.0, 20);
    }
}
