//! Unit-typed quantities for setting parameters from Rust code.
//!
//! Each quantity type stores its value in NEST's unit for that dimension (mV, pA, pF, nS, ms,
//! Hz, MOhm), so `376.0 * pA` and `0.376 * nA` hold the same number, and a capacitance cannot be
//! passed where a voltage is expected: the mistake is a compile error.

use std::fmt;
use std::ops::{Add, Div, Mul, Neg, Sub};

macro_rules! quantity {
    ($(#[$doc:meta])* $name:ident, $unit:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
        pub struct $name(f64);

        impl $name {
            /// NEST's unit for this dimension, in which [`Self::value`] is expressed.
            pub const UNIT: &'static str = $unit;
            /// Builds the quantity from a value in NEST's unit for this dimension.
            pub const fn new(value: f64) -> Self {
                Self(value)
            }
            /// The value in NEST's unit for this dimension.
            pub const fn value(self) -> f64 {
                self.0
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
                write!(f, "{} {}", self.0, $unit)
            }
        }
    };
}

quantity!(
    /// Electric potential, stored in mV.
    Voltage, "mV"
);
quantity!(
    /// Electric current, stored in pA.
    Current, "pA"
);
quantity!(
    /// Capacitance, stored in pF.
    Capacitance, "pF"
);
quantity!(
    /// Conductance, stored in nS.
    Conductance, "nS"
);
quantity!(
    /// Time, stored in ms.
    Time, "ms"
);
quantity!(
    /// Frequency (rates), stored in Hz (1/s).
    Frequency, "Hz"
);
quantity!(
    /// Resistance, stored in MOhm.
    Resistance, "MOhm"
);

/// Unit constants: multiply a number by one of these to get a typed quantity.
///
/// Import the ones you use (`use saltatory::consts::{ms, pA};`): a glob import brings `s` and
/// `V` into scope, which then turn closure and loop variables of those names into patterns.
#[allow(non_upper_case_globals)]
pub mod consts {
    use super::*;
    /// Millivolt.
    pub const mV: Voltage = Voltage(1.0);
    /// Volt.
    pub const V: Voltage = Voltage(1e3);
    /// Picoampere.
    pub const pA: Current = Current(1.0);
    /// Nanoampere.
    pub const nA: Current = Current(1e3);
    /// Picofarad.
    pub const pF: Capacitance = Capacitance(1.0);
    /// Nanofarad.
    pub const nF: Capacitance = Capacitance(1e3);
    /// Nanosiemens.
    pub const nS: Conductance = Conductance(1.0);
    /// Microsiemens.
    pub const uS: Conductance = Conductance(1e3);
    /// Millisecond.
    pub const ms: Time = Time(1.0);
    /// Second.
    pub const s: Time = Time(1e3);
    /// Hertz.
    pub const Hz: Frequency = Frequency(1.0);
    /// Megaohm.
    pub const MOhm: Resistance = Resistance(1.0);
    /// Gigaohm.
    pub const GOhm: Resistance = Resistance(1e3);
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
