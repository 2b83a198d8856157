//! Stage 2a: physical units. A [`Unit`] is a vector of SI base-dimension exponents plus an
//! integer power of ten, so scale conversions fold to exact factors (nS·mV is pA with factor 1).

use std::fmt;

use syn::spanned::Spanned;
use syn::{BinOp, Expr, Lit, UnOp};

/// Exponents of (m, kg, s, A, K, mol, cd).
pub type Dim = [i8; 7];

/// A unit: dimension plus decimal scale relative to the coherent SI unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Unit {
    pub dim: Dim,
    pub exp10: i32,
}

const VOLT: Dim = [2, 1, -3, -1, 0, 0, 0];
const AMPERE: Dim = [0, 0, 0, 1, 0, 0, 0];
const FARAD: Dim = [-2, -1, 4, 2, 0, 0, 0];
const SIEMENS: Dim = [-2, -1, 3, 2, 0, 0, 0];
const SECOND: Dim = [0, 0, 1, 0, 0, 0, 0];
const HERTZ: Dim = [0, 0, -1, 0, 0, 0, 0];
const OHM: Dim = [2, 1, -3, -2, 0, 0, 0];
const NONE: Dim = [0; 7];

const BASES: [(&str, Dim); 7] = [
    ("V", VOLT),
    ("A", AMPERE),
    ("F", FARAD),
    ("S", SIEMENS),
    ("s", SECOND),
    ("Hz", HERTZ),
    ("Ohm", OHM),
];
const PREFIXES: [(&str, i32); 8] = [
    ("", 0),
    ("m", -3),
    ("u", -6),
    ("n", -9),
    ("p", -12),
    ("k", 3),
    ("M", 6),
    ("G", 9),
];

/// Rust quantity types of the runtime, with the power of ten of the unit they store.
pub const QUANTITY_TYPES: [(&str, Dim, i32); 7] = [
    ("Voltage", VOLT, -3),
    ("Current", AMPERE, -12),
    ("Capacitance", FARAD, -12),
    ("Conductance", SIEMENS, -9),
    ("Time", SECOND, -3),
    ("Frequency", HERTZ, 0),
    ("Resistance", OHM, 6),
];

impl Unit {
    pub const ONE: Unit = Unit {
        dim: NONE,
        exp10: 0,
    };
    /// The millisecond: the time unit of every kernel.
    pub const MS: Unit = Unit {
        dim: SECOND,
        exp10: -3,
    };

    /// Looks up a unit symbol such as `mV`, `pA`, `nS`, `ms`, `Hz`, `MOhm`.
    pub fn named(symbol: &str) -> Option<Unit> {
        for (base, dim) in BASES {
            for (prefix, exp10) in PREFIXES {
                if symbol.len() == prefix.len() + base.len()
                    && symbol.starts_with(prefix)
                    && symbol.ends_with(base)
                {
                    return Some(Unit { dim, exp10 });
                }
            }
        }
        None
    }

    pub fn mul(self, o: Unit) -> Unit {
        let mut dim = self.dim;
        for (d, e) in dim.iter_mut().zip(o.dim) {
            *d += e;
        }
        Unit {
            dim,
            exp10: self.exp10 + o.exp10,
        }
    }

    pub fn div(self, o: Unit) -> Unit {
        self.mul(o.powi(-1))
    }

    pub fn powi(self, n: i32) -> Unit {
        Unit {
            dim: self.dim.map(|d| d * n as i8),
            exp10: self.exp10 * n,
        }
    }

    pub fn is_dimensionless(&self) -> bool {
        self.dim == NONE
    }

    pub fn same_dim(&self, o: &Unit) -> bool {
        self.dim == o.dim
    }

    /// The runtime quantity type holding this dimension, and the exp10 of its stored unit.
    pub fn quantity_type(&self) -> Option<(&'static str, i32)> {
        QUANTITY_TYPES
            .iter()
            .find(|(_, d, _)| *d == self.dim)
            .map(|(n, _, e)| (*n, *e))
    }

    /// A readable name: a prefixed symbol where one exists, else a power of ten times SI base
    /// units.
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
        let names = ["m", "kg", "s", "A", "K", "mol", "cd"];
        let mut parts = Vec::new();
        if self.exp10 != 0 {
            parts.push(format!("1e{}", self.exp10));
        }
        for (n, d) in names.iter().zip(self.dim) {
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
        f.write_str(&self.symbol())
    }
}

/// A unit as written in a declaration, with its text for messages and metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct WrittenUnit {
    pub unit: Unit,
    pub text: String,
}

/// Parses a unit expression: symbols, `1`, `*`, `/`, parentheses and integer powers `x^n`.
pub fn parse_unit(expr: &Expr) -> syn::Result<WrittenUnit> {
    let unit = unit_of(expr)?;
    Ok(WrittenUnit {
        unit,
        text: crate::text::expr_text(expr),
    })
}

fn unit_of(expr: &Expr) -> syn::Result<Unit> {
    match expr {
        Expr::Path(p) => {
            let name = p
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            Unit::named(&name).ok_or_else(|| {
                syn::Error::new(
                    expr.span(),
                    format!(
                        "unknown unit `{name}`: use symbols such as mV, V, pA, nA, pF, nF, nS, uS, \
                         ms, s, Hz, MOhm, GOhm, products, quotients and powers of them, or 1"
                    ),
                )
            })
        }
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) if i.base10_digits() == "1" && i.suffix().is_empty() => Ok(Unit::ONE),
            _ => Err(syn::Error::new(
                expr.span(),
                "a unit can only contain the number 1 (as in 1/ms)",
            )),
        },
        Expr::Paren(p) => unit_of(&p.expr),
        Expr::Binary(b) => {
            let l = unit_of(&b.left)?;
            match b.op {
                BinOp::Mul(_) => Ok(l.mul(unit_of(&b.right)?)),
                BinOp::Div(_) => Ok(l.div(unit_of(&b.right)?)),
                BinOp::BitXor(_) => Ok(l.powi(int_power(&b.right)?)),
                _ => Err(syn::Error::new(
                    b.op.span(),
                    "units combine only with `*`, `/` and `^`",
                )),
            }
        }
        _ => Err(syn::Error::new(expr.span(), "not a unit")),
    }
}

fn int_power(expr: &Expr) -> syn::Result<i32> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i.base10_parse(),
            _ => Err(syn::Error::new(
                expr.span(),
                "a unit power must be an integer",
            )),
        },
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => Ok(-int_power(&u.expr)?),
        Expr::Paren(p) => int_power(&p.expr),
        _ => Err(syn::Error::new(
            expr.span(),
            "a unit power must be an integer",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Unit {
        parse_unit(&syn::parse_str(s).unwrap()).unwrap().unit
    }

    #[test]
    fn nest_scales_fold_to_exact_powers_of_ten() {
        // pA/pF is exactly mV/ms; nS·mV is exactly pA.
        assert_eq!(u("pA / pF"), u("mV / ms"));
        assert_eq!(u("nS * mV"), u("pA"));
        assert_eq!(u("mV / MOhm"), u("nA"));
        assert_eq!(u("ms * Hz").exp10, -3);
        assert!(u("ms * Hz").is_dimensionless());
    }

    #[test]
    fn symbols_and_powers() {
        assert_eq!(u("mV").symbol(), "mV");
        assert_eq!(u("uS").symbol(), "uS");
        assert_eq!(u("1 / s"), u("Hz"));
        assert_eq!(u("mV^2"), u("mV * mV"));
        assert_eq!(u("1"), Unit::ONE);
        assert!(parse_unit(&syn::parse_str("furlong").unwrap()).is_err());
        assert!(parse_unit(&syn::parse_str("mV + pA").unwrap()).is_err());
    }

    #[test]
    fn quantity_types() {
        assert_eq!(u("nF").quantity_type(), Some(("Capacitance", -12)));
        assert_eq!(u("pA / ms").quantity_type(), None);
    }
}
