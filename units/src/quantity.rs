//! The runtime's quantity types (`Voltage`, `Current`, …): which unit each stores its value in.
//! These are NEST's units for those dimensions, so a value set from Rust code is the number
//! NEST would show.

use crate::dim;
use crate::unit::Unit;

/// A runtime quantity type and the unit it stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuantityType {
    /// The Rust type's name in the runtime (`"Voltage"`).
    pub name: &'static str,
    /// The symbol of the stored unit (`"mV"`).
    pub symbol: &'static str,
    /// The stored unit.
    pub unit: Unit,
}

/// Electric potential, stored in mV.
pub const VOLTAGE: QuantityType = QuantityType {
    name: "Voltage",
    symbol: "mV",
    unit: Unit::new(dim::VOLTAGE, -3),
};
/// Electric current, stored in pA.
pub const CURRENT: QuantityType = QuantityType {
    name: "Current",
    symbol: "pA",
    unit: Unit::new(dim::CURRENT, -12),
};
/// Capacitance, stored in pF.
pub const CAPACITANCE: QuantityType = QuantityType {
    name: "Capacitance",
    symbol: "pF",
    unit: Unit::new(dim::CAPACITANCE, -12),
};
/// Conductance, stored in nS.
pub const CONDUCTANCE: QuantityType = QuantityType {
    name: "Conductance",
    symbol: "nS",
    unit: Unit::new(dim::CONDUCTANCE, -9),
};
/// Time, stored in ms.
pub const TIME: QuantityType = QuantityType {
    name: "Time",
    symbol: "ms",
    unit: Unit::new(dim::TIME, -3),
};
/// Frequency (rates), stored in Hz.
pub const FREQUENCY: QuantityType = QuantityType {
    name: "Frequency",
    symbol: "Hz",
    unit: Unit::new(dim::FREQUENCY, 0),
};
/// Resistance, stored in MOhm.
pub const RESISTANCE: QuantityType = QuantityType {
    name: "Resistance",
    symbol: "MOhm",
    unit: Unit::new(dim::RESISTANCE, 6),
};

/// Every quantity type of the runtime; a parameter of another dimension is a plain `f64` in its
/// declared unit.
pub const QUANTITY_TYPES: [QuantityType; 7] = [
    VOLTAGE,
    CURRENT,
    CAPACITANCE,
    CONDUCTANCE,
    TIME,
    FREQUENCY,
    RESISTANCE,
];

impl QuantityType {
    /// The stored value of one `symbol` (a unit of this quantity's dimension): `1e3` for `nA`
    /// in [`CURRENT`]. Panics (at compile time, in a constant) when `symbol` is not a unit of
    /// this dimension.
    pub const fn per(&self, symbol: &str) -> f64 {
        let Some(u) = Unit::named(symbol) else {
            panic!("not a unit symbol");
        };
        let Some(k) = u.exp10_to(self.unit) else {
            panic!("a unit of another dimension");
        };
        crate::unit::pow10(k)
    }
}
