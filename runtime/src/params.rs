//! Access to a model's parameters by name and their validation, driven by the model's table of
//! parameters ([`Parameters::PARAMS`], the same list as [`ModelMeta::params`]).
//!
//! A generated parameter set provides only its typed fields and two accessors by position
//! ([`Parameters::slot`], [`Parameters::set_slot`]: numbers in the declared unit, switches as
//! 0 or 1); reading and setting by name, the finiteness checks, the declared constraints and
//! the "only the default" rule of unsupported parameters are this module's.
//!
//! [`ModelMeta::params`]: crate::ModelMeta::params

use crate::error::{Error, Result};
use crate::model::{ParamMeta, Parameters, Value};

/// A comparison of a declared constraint (`where > 0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Comparison {
    /// Whether `a <op> b` holds (false when either is NaN).
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Comparison::Lt => a < b,
            Comparison::Le => a <= b,
            Comparison::Gt => a > b,
            Comparison::Ge => a >= b,
        }
    }
}

/// An expression over a model's parameters and numbers, with every unit conversion explicit
/// (a scale is a multiplication or division by an exact power of ten): the right-hand side of
/// a constraint, evaluated with the same floating-point operations, in the same order, as the
/// model file's expression.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamExpr {
    /// A number.
    Num(f64),
    /// Parameter `k` (its index in [`Parameters::PARAMS`]) in its declared unit.
    Param(usize),
    /// Negation.
    Neg(&'static ParamExpr),
    /// A binary operation: `'+'`, `'-'`, `'*'` or `'/'`.
    Bin(char, &'static ParamExpr, &'static ParamExpr),
    /// A function, by the name of the `f64` method implementing it (`"exp"`, `"ln_1p"`,
    /// `"powf"`, ...).
    Call(&'static str, &'static [ParamExpr]),
}

impl ParamExpr {
    /// The value, reading parameter `k` as `param(k)`.
    pub fn eval(&self, param: &dyn Fn(usize) -> f64) -> f64 {
        match *self {
            ParamExpr::Num(v) => v,
            ParamExpr::Param(k) => param(k),
            ParamExpr::Neg(a) => -a.eval(param),
            ParamExpr::Bin(op, a, b) => {
                let (a, b) = (a.eval(param), b.eval(param));
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    '/' => a / b,
                    _ => f64::NAN,
                }
            }
            ParamExpr::Call(f, args) => {
                let x = args.first().map_or(f64::NAN, |a| a.eval(param));
                let y = || args.get(1).map_or(f64::NAN, |a| a.eval(param));
                match f {
                    "exp" => x.exp(),
                    "exp_m1" => x.exp_m1(),
                    "ln" => x.ln(),
                    "log10" => x.log10(),
                    "ln_1p" => x.ln_1p(),
                    "sin" => x.sin(),
                    "cos" => x.cos(),
                    "tan" => x.tan(),
                    "sinh" => x.sinh(),
                    "cosh" => x.cosh(),
                    "tanh" => x.tanh(),
                    "atan" => x.atan(),
                    "sqrt" => x.sqrt(),
                    "abs" => x.abs(),
                    "min" => x.min(y()),
                    "max" => x.max(y()),
                    "powf" => x.powf(y()),
                    "erfc" => libm::erfc(x),
                    _ => f64::NAN,
                }
            }
        }
    }

    /// Whether the expression names no parameter.
    pub fn is_constant(&self) -> bool {
        match *self {
            ParamExpr::Num(_) => true,
            ParamExpr::Param(_) => false,
            ParamExpr::Neg(a) => a.is_constant(),
            ParamExpr::Bin(_, a, b) => a.is_constant() && b.is_constant(),
            ParamExpr::Call(_, args) => args.iter().all(ParamExpr::is_constant),
        }
    }
}

/// One declared constraint of a parameter: `value <cmp> rhs`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    /// The comparison.
    pub cmp: Comparison,
    /// The right-hand side, in the parameter's declared unit.
    pub rhs: ParamExpr,
    /// As written (`"> 0"`, `"< V_th"`).
    pub text: &'static str,
}

// The generic entry points are thin: the work is done once, here, by functions over the
// table, not once per model.

fn position(
    model: &'static str,
    table: &'static [ParamMeta],
    other_names: &str,
    name: &str,
) -> Result<(usize, &'static ParamMeta)> {
    table
        .iter()
        .enumerate()
        .find(|(_, p)| p.name == name)
        .ok_or_else(|| {
            let mut known = table.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
            known.push_str(other_names);
            Error::UnknownName {
                model,
                kind: "parameter",
                name: name.into(),
                known,
            }
        })
}

/// Reads parameter `name` of `params`: a number in its declared unit, or a switch.
pub fn get<P: Parameters>(params: &P, name: &str) -> Result<Value> {
    let (k, p) = position(P::MODEL, P::PARAMS, P::OTHER_NAMES, name)?;
    Ok(read(p, params.slot(k)))
}

fn read(p: &ParamMeta, v: f64) -> Value {
    if p.unit.is_switch() {
        Value::Switch(v != 0.0)
    } else {
        Value::Number(v)
    }
}

/// Sets parameter `name` of `params` (a number in its declared unit, or a switch), without
/// validating the set.
pub fn set<P: Parameters>(params: &mut P, name: &str, value: Value) -> Result<()> {
    let (k, v) = slot_value(P::MODEL, P::PARAMS, P::OTHER_NAMES, name, value)?;
    params.set_slot(k, v);
    Ok(())
}

/// The slot and slot value that `value` sets `name` to.
fn slot_value(
    model: &'static str,
    table: &'static [ParamMeta],
    other_names: &str,
    name: &str,
    value: Value,
) -> Result<(usize, f64)> {
    let (k, p) = position(model, table, other_names, name)?;
    match (p.unit.is_switch(), value) {
        (true, Value::Switch(b)) => Ok((k, if b { 1.0 } else { 0.0 })),
        (false, Value::Number(v)) => Ok((k, v)),
        (switch, other) => Err(Error::WrongValueKind {
            model,
            name: name.into(),
            expected: if switch {
                "true or false".into()
            } else {
                format!("a number in {}", p.unit.text)
            },
            got: other.to_string(),
        }),
    }
}

/// Checks `params` against its table: every number finite (or not NaN where infinity is
/// allowed), then, parameter by parameter, that an unsupported parameter keeps its default and
/// that every declared constraint holds.
pub fn validate<P: Parameters>(params: &P) -> Result<()> {
    check(P::MODEL, P::PARAMS, &|k| params.slot(k))
}

fn check(model: &'static str, table: &[ParamMeta], slot: &dyn Fn(usize) -> f64) -> Result<()> {
    let invalid = |p: &ParamMeta, value: f64, expected: String| Error::InvalidParameter {
        model,
        name: p.name.into(),
        value,
        unit: p.unit.text,
        expected,
    };
    for (k, p) in table.iter().enumerate() {
        if p.unit.is_switch() {
            continue;
        }
        let given = slot(k);
        if p.allow_inf && given.is_nan() {
            return Err(invalid(p, given, "a number (not NaN)".into()));
        }
        if !p.allow_inf && !given.is_finite() {
            return Err(invalid(p, given, "a finite number".into()));
        }
    }
    for (k, p) in table.iter().enumerate() {
        let value = slot(k);
        if !p.supported {
            let default = match p.default {
                Value::Switch(b) if (value != 0.0) != b => Some(b.to_string()),
                Value::Number(d) if value != d => Some(format!("{d} {}", p.unit.text)),
                _ => None,
            };
            if let Some(default) = default {
                let expected = format!(
                    "its NEST default {default} ({} is not supported by saltatory yet)",
                    p.name
                );
                return Err(invalid(p, value, expected));
            }
        }
        for b in p.bounds {
            let rhs = b.rhs.eval(slot);
            if !b.cmp.holds(value, rhs) {
                let expected = if b.rhs.is_constant() {
                    b.text.to_string()
                } else {
                    format!("{} (= {rhs} {})", b.text, p.unit.text)
                };
                return Err(invalid(p, value, expected));
            }
        }
    }
    Ok(())
}
