//! How the model's names appear in generated code, so that they never meet the generated
//! code's own names, in Rust or in C.
//!
//! - A declared name used as a local (parameters while calibrating or validating, state
//!   variables, inputs and definitions in the kernels) is `m_<name>`; no local the generated
//!   code introduces starts with `m_`.
//! - A declared name used as a field keeps its name (it is the model's public API), in a struct
//!   that holds declared names only: the parameters (`<Model>Params`, and `params` of
//!   `<Model>Calibrated`) and the state variables (`vars` of `<Model>State`); the generated
//!   constants and columns live in structs of their own (`step`, `kernel`).
//! - In C every declared name is `m_<name>`, fields included, which also keeps C and C++
//!   keywords (`int`, `switch`, `class`, ...) out of the source.

use proc_macro2::Ident;
use quote::format_ident;

/// A declared name as a local of generated Rust.
pub fn local(name: &Ident) -> Ident {
    format_ident!("m_{}", name)
}

/// A declared name in generated C.
pub fn c(name: &impl std::fmt::Display) -> String {
    format!("m_{name}")
}
