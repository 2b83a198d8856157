//! Units: the `saltatory-units` crate, re-exported here ([`Unit`], [`DeclaredUnit`] of the
//! models' metadata, the quantity table, NEST's units), and unit-typed quantities for setting
//! parameters from Rust code.
//!
//! Each quantity type stores its value in the unit the crate's [`QUANTITY_TYPES`] gives for its
//! dimension (NEST's: mV, pA, pF, nS, ms, Hz, MOhm), so `376.0 * pA` and `0.376 * nA` hold the
//! same number, and a capacitance cannot be passed where a voltage is expected: the mistake is a
//! compile error.

use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Sub};

pub use saltatory_units::*;

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, $q:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
        pub struct $name(f64);

        impl $name {
            /// The symbol of NEST's unit for this dimension, in which [`Self::value`] is
            /// expressed.
            pub const UNIT: &'static str = $q.symbol;
            /// The runtime's entry for this type in the units crate's table.
            pub const QUANTITY: QuantityType = $q;
            /// Builds the quantity from a value in NEST's unit for this dimension.
            pub const fn new(value: f64) -> Self {
                Self(value)
            }
            /// The value in NEST's unit for this dimension.
            pub const fn value(self) -> f64 {
                self.0
            }
            /// One `symbol` (a unit of this dimension, such as `nA` for a current).
            const fn one(symbol: &str) -> Self {
                Self($q.per(symbol))
            }
        }
        impl Mul<$name> for f64 {
            type Output = $name;
            fn mul(self, rhs: $name) -> $name {
                $name(self * rhs.0)
            }
        }
        impl Mul<f64> for $name {
            type Output = $name;
            fn mul(self, rhs: f64) -> $name {
                $name(self.0 * rhs)
            }
        }
        impl Div<f64> for $name {
            type Output = $name;
            fn div(self, rhs: f64) -> $name {
                $name(self.0 / rhs)
            }
        }
        impl Add for $name {
            type Output = $name;
            fn add(self, rhs: $name) -> $name {
                $name(self.0 + rhs.0)
            }
        }
        impl Sub for $name {
            type Output = $name;
            fn sub(self, rhs: $name) -> $name {
                $name(self.0 - rhs.0)
            }
        }
        impl Neg for $name {
            type Output = $name;
            fn neg(self) -> $name {
                $name(-self.0)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} {}", self.0, Self::UNIT)
            }
        }
    };
}

quantity!(
    /// Electric potential, stored in mV.
    Voltage, quantity::VOLTAGE
);
quantity!(
    /// Electric current, stored in pA.
    Current, quantity::CURRENT
);
quantity!(
    /// Capacitance, stored in pF.
    Capacitance, quantity::CAPACITANCE
);
quantity!(
    /// Conductance, stored in nS.
    Conductance, quantity::CONDUCTANCE
);
quantity!(
    /// Time, stored in ms.
    Time, quantity::TIME
);
quantity!(
    /// Frequency (rates), stored in Hz (1/s).
    Frequency, quantity::FREQUENCY
);
quantity!(
    /// Resistance, stored in MOhm.
    Resistance, quantity::RESISTANCE
);

/// Unit constants: multiply a number by one of these to get a typed quantity.
///
/// Import the ones you use (`use saltatory::consts::{ms, pA};`): a glob import brings `s` and
/// `V` into scope, which then turn closure and loop variables of those names into patterns.
#[allow(non_upper_case_globals)]
pub mod consts {
    use super::*;
    /// Millivolt.
    pub const mV: Voltage = Voltage::one("mV");
    /// Volt.
    pub const V: Voltage = Voltage::one("V");
    /// Picoampere.
    pub const pA: Current = Current::one("pA");
    /// Nanoampere.
    pub const nA: Current = Current::one("nA");
    /// Picofarad.
    pub const pF: Capacitance = Capacitance::one("pF");
    /// Nanofarad.
    pub const nF: Capacitance = Capacitance::one("nF");
    /// Nanosiemens.
    pub const nS: Conductance = Conductance::one("nS");
    /// Microsiemens.
    pub const uS: Conductance = Conductance::one("uS");
    /// Millisecond.
    pub const ms: Time = Time::one("ms");
    /// Second.
    pub const s: Time = Time::one("s");
    /// Hertz.
    pub const Hz: Frequency = Frequency::one("Hz");
    /// Megaohm.
    pub const MOhm: Resistance = Resistance::one("MOhm");
    /// Gigaohm.
    pub const GOhm: Resistance = Resistance::one("GOhm");
}

#[cfg(test)]
mod tests {
    use super::consts::*;

    #[test]
    fn prefixes_convert_to_nest_units() {
        assert_eq!((0.376 * nA).value(), 376.0);
        assert_eq!((2.0 * s).value(), 2000.0);
        assert_eq!((0.25 * uS).value(), 250.0);
        assert_eq!((1.0 * GOhm).value(), 1000.0);
        assert_eq!((-70.0 * mV).value(), -70.0);
        assert_eq!(format!("{}", 250.0 * pF), "250 pF");
    }
}
