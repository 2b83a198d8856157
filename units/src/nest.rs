//! NEST's conventional units. NEST's `GetDefaults` carries no units: a value of a quantity of
//! one of these dimensions is in this unit.

use crate::quantity::{
    CAPACITANCE, CONDUCTANCE, CURRENT, FREQUENCY, QuantityType, RESISTANCE, TIME, VOLTAGE,
};
use crate::unit::Unit;

/// A unit NEST uses for one dimension, with its name as NEST's documentation writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NestUnit {
    /// The name (`"pA / ms"`).
    pub symbol: &'static str,
    /// The unit.
    pub unit: Unit,
}

const fn of(q: QuantityType) -> NestUnit {
    NestUnit {
        symbol: q.symbol,
        unit: q.unit,
    }
}

const fn per_ms(q: QuantityType, symbol: &'static str) -> NestUnit {
    NestUnit {
        symbol,
        unit: q.unit.div(Unit::MS),
    }
}

/// NEST's units: those of the runtime's quantity types, the rates of change NEST's models
/// declare, and the pure number.
pub const NEST_UNITS: [NestUnit; 11] = [
    of(VOLTAGE),
    of(CURRENT),
    of(CAPACITANCE),
    of(CONDUCTANCE),
    of(TIME),
    of(FREQUENCY),
    of(RESISTANCE),
    per_ms(CURRENT, "pA / ms"),
    per_ms(VOLTAGE, "mV / ms"),
    per_ms(CONDUCTANCE, "nS / ms"),
    NestUnit {
        symbol: "1",
        unit: Unit::ONE,
    },
];

/// NEST's unit for the quantity `unit` measures (same dimension), if [`NEST_UNITS`] has one.
pub fn nest_unit(unit: Unit) -> Option<&'static NestUnit> {
    NEST_UNITS.iter().find(|n| n.unit.same_dim(&unit))
}
