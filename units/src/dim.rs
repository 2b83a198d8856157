//! Dimensions: exponents of the seven SI base units.

/// Exponents of (m, kg, s, A, K, mol, cd).
pub type Dim = [i8; 7];

/// Names of the SI base units, in the order of [`Dim`]'s exponents.
pub const BASE_NAMES: [&str; 7] = ["m", "kg", "s", "A", "K", "mol", "cd"];

/// No dimension (a pure number).
pub const NONE: Dim = [0; 7];
/// Electric potential (volt): m² kg s⁻³ A⁻¹.
pub const VOLTAGE: Dim = [2, 1, -3, -1, 0, 0, 0];
/// Electric current (ampere).
pub const CURRENT: Dim = [0, 0, 0, 1, 0, 0, 0];
/// Capacitance (farad): m⁻² kg⁻¹ s⁴ A².
pub const CAPACITANCE: Dim = [-2, -1, 4, 2, 0, 0, 0];
/// Conductance (siemens): m⁻² kg⁻¹ s³ A².
pub const CONDUCTANCE: Dim = [-2, -1, 3, 2, 0, 0, 0];
/// Time (second).
pub const TIME: Dim = [0, 0, 1, 0, 0, 0, 0];
/// Frequency (hertz): s⁻¹.
pub const FREQUENCY: Dim = [0, 0, -1, 0, 0, 0, 0];
/// Resistance (ohm): m² kg s⁻³ A⁻².
pub const RESISTANCE: Dim = [2, 1, -3, -2, 0, 0, 0];

/// Whether two dimensions are equal (usable in constants).
pub const fn same(a: Dim, b: Dim) -> bool {
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
