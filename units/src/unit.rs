//! [`Unit`]: a dimension and a power of ten, with exact arithmetic and conversions.

use std::fmt;

use crate::dim::{self, Dim};
use crate::quantity::{QUANTITY_TYPES, QuantityType};
use crate::symbols::{BASES, PREFIXES, is_prefixed};

/// A unit: dimension plus decimal scale relative to the coherent SI unit (`mV`: volt, -3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Unit {
    /// Exponents of (m, kg, s, A, K, mol, cd).
    pub dim: Dim,
    /// Power of ten of the unit relative to the coherent SI unit.
    pub exp10: i32,
}

impl Unit {
    /// The pure number 1 (dimensionless, unscaled).
    pub const ONE: Unit = Unit::new(dim::NONE, 0);
    /// The millisecond: the time unit of every kernel.
    pub const MS: Unit = Unit::new(dim::TIME, -3);

    /// The unit `10^exp10` times the coherent SI unit of `dim`.
    pub const fn new(dim: Dim, exp10: i32) -> Unit {
        Unit { dim, exp10 }
    }

    /// Looks up a unit symbol such as `mV`, `pA`, `nS`, `ms`, `Hz`, `MOhm` (a prefix of
    /// [`PREFIXES`] and a base of [`BASES`]).
    pub const fn named(symbol: &str) -> Option<Unit> {
        let text = symbol.as_bytes();
        let mut b = 0;
        while b < BASES.len() {
            let mut p = 0;
            while p < PREFIXES.len() {
                if is_prefixed(text, PREFIXES[p].0.as_bytes(), BASES[b].0.as_bytes()) {
                    return Some(Unit::new(BASES[b].1, PREFIXES[p].1));
                }
                p += 1;
            }
            b += 1;
        }
        None
    }

    /// The unit of a symbol, as [`Unit::named`]; panics (at compile time, in a constant) when
    /// `symbol` is not one.
    pub const fn of(symbol: &str) -> Unit {
        match Unit::named(symbol) {
            Some(u) => u,
            None => panic!("not a unit symbol"),
        }
    }

    /// The product of two units.
    pub const fn mul(self, o: Unit) -> Unit {
        let mut dim = self.dim;
        let mut i = 0;
        while i < dim.len() {
            dim[i] += o.dim[i];
            i += 1;
        }
        Unit::new(dim, self.exp10 + o.exp10)
    }

    /// The quotient of two units.
    pub const fn div(self, o: Unit) -> Unit {
        self.mul(o.powi(-1))
    }

    /// An integer power of the unit.
    pub const fn powi(self, n: i32) -> Unit {
        let mut dim = self.dim;
        let mut i = 0;
        while i < dim.len() {
            dim[i] *= n as i8;
            i += 1;
        }
        Unit::new(dim, self.exp10 * n)
    }

    /// Whether the unit has no dimension (it may still have a scale, as `ms·Hz`).
    pub const fn is_dimensionless(&self) -> bool {
        dim::same(self.dim, dim::NONE)
    }

    /// Whether two units measure the same quantity (same dimension, any scale).
    pub const fn same_dim(&self, o: &Unit) -> bool {
        dim::same(self.dim, o.dim)
    }

    /// The power of ten `k` such that a value in `self` is `value · 10^k` in `to`; `None` when
    /// the dimensions differ.
    pub const fn exp10_to(self, to: Unit) -> Option<i32> {
        if self.same_dim(&to) {
            Some(self.exp10 - to.exp10)
        } else {
            None
        }
    }

    /// `value` (in `self`) in the unit `to`, scaled by an exact power of ten (see [`scale`]);
    /// `None` when the dimensions differ.
    pub fn convert(self, value: f64, to: Unit) -> Option<f64> {
        self.exp10_to(to).map(|k| scale(value, k))
    }

    /// The runtime quantity type that stores values of this unit's dimension.
    pub fn quantity_type(&self) -> Option<&'static QuantityType> {
        QUANTITY_TYPES.iter().find(|q| q.unit.same_dim(self))
    }

    /// A readable name: a prefixed symbol where one exists (`mV`, `uS`), `1` for the pure
    /// number, else a power of ten times SI base units (`1e-9·s^-1·A`).
    pub fn symbol(&self) -> String {
        if self.is_dimensionless() && self.exp10 == 0 {
            return "1".into();
        }
        for (base, dim) in BASES {
            if dim == self.dim {
                if let Some((p, _)) = PREFIXES.iter().find(|(_, e)| *e == self.exp10) {
                    return format!("{p}{base}");
                }
            }
        }
        let mut parts = Vec::new();
        if self.exp10 != 0 {
            parts.push(format!("1e{}", self.exp10));
        }
        for (n, d) in dim::BASE_NAMES.iter().zip(self.dim) {
            match d {
                0 => {}
                1 => parts.push(n.to_string()),
                _ => parts.push(format!("{n}^{d}")),
            }
        }
        parts.join("·")
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.symbol())
    }
}

/// `10^k` as an `f64`: exact for `|k| <= 22` (a correctly rounded quotient below 10^-22).
pub const fn pow10(k: i32) -> f64 {
    let mut p = 1.0;
    let mut i = 0;
    while i < k.unsigned_abs() {
        p *= 10.0;
        i += 1;
    }
    if k >= 0 { p } else { 1.0 / p }
}

/// `value · 10^k`, multiplying or dividing by an exact power of ten (so `-0.07 V` is exactly
/// `-70 mV`, and `0.1 ms` exactly `1e-4 s` as written).
pub const fn scale(value: f64, k: i32) -> f64 {
    if k >= 0 {
        value * pow10(k)
    } else {
        value / pow10(-k)
    }
}
