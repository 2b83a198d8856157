//! The unit symbols a model may write: a prefix followed by a base symbol (`mV`, `pA`, `nS`,
//! `ms`, `Hz`, `MOhm`), and the hint listing them in error messages.

use crate::dim::{self, Dim};

/// Base symbols and their dimensions, searched in this order.
pub const BASES: [(&str, Dim); 7] = [
    ("V", dim::VOLTAGE),
    ("A", dim::CURRENT),
    ("F", dim::CAPACITANCE),
    ("S", dim::CONDUCTANCE),
    ("s", dim::TIME),
    ("Hz", dim::FREQUENCY),
    ("Ohm", dim::RESISTANCE),
];

/// Prefixes and their powers of ten (`u` is micro), searched in this order.
pub const PREFIXES: [(&str, i32); 8] = [
    ("", 0),
    ("m", -3),
    ("u", -6),
    ("n", -9),
    ("p", -12),
    ("k", 3),
    ("M", 6),
    ("G", 9),
];

/// What a unit may be made of, for messages about a symbol that is not one.
pub const HINT: &str = "use symbols such as mV, V, pA, nA, pF, nF, nS, uS, ms, s, Hz, MOhm, GOhm, \
                        products, quotients and powers of them, or 1";

/// Whether `text` is `prefix` followed by `base` (usable in constants).
pub(crate) const fn is_prefixed(text: &[u8], prefix: &[u8], base: &[u8]) -> bool {
    if text.len() != prefix.len() + base.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if text[i] != prefix[i] {
            return false;
        }
        i += 1;
    }
    let mut j = 0;
    while j < base.len() {
        if text[prefix.len() + j] != base[j] {
            return false;
        }
        j += 1;
    }
    true
}
