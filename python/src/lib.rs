//! `saltatory._saltatory`: the compiled part of saltatory's Python package. It holds one
//! simulation with NEST's bookkeeping (global ids over neurons and devices, devices held until
//! connected) and hands events to Python as numpy arrays; the package `saltatory.nest` shapes
//! the calls like PyNEST's.

mod book;
mod convert;
mod errors;
mod interrupt;
mod kernel;
mod recorder;
mod specs;

use pyo3::prelude::*;

/// The module: the kernel class and its exception.
#[pymodule]
fn _saltatory(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<kernel::Kernel>()?;
    m.add("KernelError", m.py().get_type::<errors::KernelError>())?;
    Ok(())
}
