//! The values of a NEST parameter dictionary, as PyNEST hands them to the kernel, and which of
//! them a parameter of each C++ type takes (libnestutil/dictionary.cpp): a number takes a
//! float, an integer or a boolean; a list of numbers a list of floats or of integers; an
//! integer, a boolean, a list of integers and a text only themselves.

use std::fmt;

use super::times::show;

/// A value of a NEST parameter dictionary.
///
/// A Python float is [`Float`](ParamValue::Float), an int [`Int`](ParamValue::Int), a bool
/// [`Bool`](ParamValue::Bool), a str [`Text`](ParamValue::Text); a list of floats is
/// [`Floats`](ParamValue::Floats) and a list of ints [`Ints`](ParamValue::Ints). PyNEST's empty
/// list is `Floats(vec![])`: like NEST, a list of integers (`spike_multiplicities`) does not
/// take it.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    /// A number with a fractional part (Python float).
    Float(f64),
    /// An integer (Python int).
    Int(i64),
    /// A switch (Python bool).
    Bool(bool),
    /// A list of numbers (Python list of floats).
    Floats(Vec<f64>),
    /// A list of integers (Python list of ints).
    Ints(Vec<i64>),
    /// A text (Python str).
    Text(String),
}

impl ParamValue {
    /// The value as a number, where NEST's `double` takes it (a float, an integer, a bool).
    pub fn number(&self) -> Option<f64> {
        match *self {
            ParamValue::Float(v) => Some(v),
            ParamValue::Int(i) => Some(i as f64),
            ParamValue::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
            _ => None,
        }
    }

    /// The value as a list of numbers, where NEST's `vector<double>` takes it.
    pub fn numbers(&self) -> Option<Vec<f64>> {
        match self {
            ParamValue::Floats(v) => Some(v.clone()),
            ParamValue::Ints(v) => Some(v.iter().map(|&i| i as f64).collect()),
            _ => None,
        }
    }

    /// The value as an integer, where NEST's `long` takes it (an integer only).
    pub fn integer(&self) -> Option<i64> {
        match *self {
            ParamValue::Int(i) => Some(i),
            _ => None,
        }
    }

    /// The value as a list of integers, where NEST's `vector<long>` takes it.
    pub fn integers(&self) -> Option<&[i64]> {
        match self {
            ParamValue::Ints(v) => Some(v),
            _ => None,
        }
    }

    /// The value as a switch (a bool only).
    pub fn switch(&self) -> Option<bool> {
        match *self {
            ParamValue::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The value as a text.
    pub fn text(&self) -> Option<&str> {
        match self {
            ParamValue::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Float(v) => write!(f, "{v}"),
            ParamValue::Int(i) => write!(f, "{i}"),
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Floats(v) => f.write_str(&show(v)),
            ParamValue::Ints(v) => f.write_str(&show(v)),
            ParamValue::Text(s) => write!(f, "{s:?}"),
        }
    }
}

impl From<f64> for ParamValue {
    fn from(v: f64) -> Self {
        ParamValue::Float(v)
    }
}
impl From<i64> for ParamValue {
    fn from(i: i64) -> Self {
        ParamValue::Int(i)
    }
}
impl From<i32> for ParamValue {
    fn from(i: i32) -> Self {
        ParamValue::Int(i.into())
    }
}
impl From<bool> for ParamValue {
    fn from(b: bool) -> Self {
        ParamValue::Bool(b)
    }
}
impl From<Vec<f64>> for ParamValue {
    fn from(v: Vec<f64>) -> Self {
        ParamValue::Floats(v)
    }
}
impl From<&[f64]> for ParamValue {
    fn from(v: &[f64]) -> Self {
        ParamValue::Floats(v.to_vec())
    }
}
impl From<Vec<i64>> for ParamValue {
    fn from(v: Vec<i64>) -> Self {
        ParamValue::Ints(v)
    }
}
impl From<&[i64]> for ParamValue {
    fn from(v: &[i64]) -> Self {
        ParamValue::Ints(v.to_vec())
    }
}
impl From<&str> for ParamValue {
    fn from(s: &str) -> Self {
        ParamValue::Text(s.into())
    }
}
impl From<String> for ParamValue {
    fn from(s: String) -> Self {
        ParamValue::Text(s)
    }
}
