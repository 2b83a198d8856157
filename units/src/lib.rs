//! saltatory-units: the one definition of physical units in saltatory, shared by the `neuron!`
//! macro, the runtime and the audit.
//!
//! A [`Unit`] is a vector of SI base-dimension exponents ([`Dim`]) plus an integer power of ten
//! relative to the coherent SI unit, so conversions between scales are exact powers of ten
//! (nS·mV is pA with factor 1). Everything here is plain data and functions; the constructors
//! and arithmetic are `const fn`, so generated code can hold a unit as a constant.
//!
//! - [`dim`]: dimensions and the SI base units' names;
//! - [`symbols`]: the unit symbols a model may write (`mV`, `pA`, `nS`, `ms`, `Hz`, `MOhm`, …);
//! - [`Unit`]: arithmetic, lookup of a symbol, display, conversion between scales;
//! - [`parse`]: a unit's text (`mV`, `pA / ms`, `1 / ms`, `(nS * mV)`, `ms ^ 2`);
//! - [`quantity`]: which runtime quantity type (`Voltage`, `Current`, …) stores which unit;
//! - [`nest`]: NEST's conventional unit for each quantity;
//! - [`declared`]: a unit as model metadata carries it (the structured unit, or a switch, with
//!   the text as written).
#![warn(missing_docs)]

pub mod declared;
pub mod dim;
pub mod nest;
pub mod parse;
pub mod quantity;
pub mod symbols;
mod unit;

pub use declared::{DeclaredUnit, UnitOrSwitch};
pub use dim::Dim;
pub use nest::{NEST_UNITS, NestUnit, nest_unit};
pub use parse::{ParseError, UnitError};
pub use quantity::{QUANTITY_TYPES, QuantityType};
pub use unit::{Unit, pow10, scale};
