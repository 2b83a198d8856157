//! A unit as model metadata carries it: what it means, structured, and the text as written.

use std::fmt;

use crate::unit::Unit;

/// What a declaration holds: a number in a physical unit, or a switch (`bool`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnitOrSwitch {
    /// A number in this unit.
    Unit(Unit),
    /// A boolean switch.
    Switch,
}

/// The unit of a parameter, state variable or recordable in a model's metadata.
///
/// `kind` is the meaning, which tools use (the audit converts with it); `text` is the unit as
/// the model file writes it (`"pA / ms"`, `"1"`, `"bool"`), which is what tables and pages
/// show. The text is never parsed again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeclaredUnit {
    /// As written in the model.
    pub text: &'static str,
    /// The unit, or a switch.
    pub kind: UnitOrSwitch,
}

impl DeclaredUnit {
    /// A switch, written `bool`.
    pub const SWITCH: DeclaredUnit = DeclaredUnit {
        text: "bool",
        kind: UnitOrSwitch::Switch,
    };
    /// The pure number, written `1`.
    pub const ONE: DeclaredUnit = DeclaredUnit::new("1", Unit::ONE);

    /// A number in `unit`, written `text`.
    pub const fn new(text: &'static str, unit: Unit) -> DeclaredUnit {
        DeclaredUnit {
            text,
            kind: UnitOrSwitch::Unit(unit),
        }
    }

    /// A unit written as one symbol (`"mV"`) or `"1"`; panics (at compile time, in a
    /// constant) when `symbol` is neither.
    pub const fn symbol(symbol: &'static str) -> DeclaredUnit {
        if matches!(symbol.as_bytes(), b"1") {
            return DeclaredUnit::ONE;
        }
        DeclaredUnit::new(symbol, Unit::of(symbol))
    }

    /// The unit; `None` for a switch.
    pub const fn unit(&self) -> Option<Unit> {
        match self.kind {
            UnitOrSwitch::Unit(u) => Some(u),
            UnitOrSwitch::Switch => None,
        }
    }

    /// Whether this is a switch.
    pub const fn is_switch(&self) -> bool {
        matches!(self.kind, UnitOrSwitch::Switch)
    }
}

/// The text as written.
impl fmt::Display for DeclaredUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.text)
    }
}
