//! A unit's text, in the grammar `neuron!` accepts for declarations: unit symbols, the number
//! `1`, `*`, `/`, parentheses and integer powers `x ^ n`.
//!
//! As in the macro (which reads Rust expressions), `^` binds more loosely than `*` and `/`:
//! `mV / ms ^ 2` is `(mV / ms) ^ 2`; write `mV / (ms ^ 2)` for the other reading.
//!
//! ```text
//! unit    := product ('^' power)*
//! product := atom (('*' | '/') atom)*
//! atom    := SYMBOL | '1' | '(' unit ')'
//! power   := '-' power | INTEGER | '(' power ')'
//! ```

use std::fmt;
use std::str::FromStr;

use crate::symbols::HINT;
use crate::unit::Unit;

/// The largest power a unit may be raised to (so that exponents stay small integers).
pub const MAX_POWER: i32 = 16;

/// What is wrong with a unit expression; the messages are those `neuron!` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitError {
    /// A name that is not a unit symbol.
    UnknownSymbol(String),
    /// A number other than `1`.
    Number,
    /// An operator other than `*`, `/` and `^`.
    Operator,
    /// A power that is not an integer (or larger than [`MAX_POWER`]).
    Power,
    /// Something else where a unit was expected.
    NotAUnit,
    /// Nothing where a unit was expected.
    Empty,
    /// A `(` without its `)`.
    Unclosed,
}

impl fmt::Display for UnitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitError::UnknownSymbol(name) => write!(f, "unknown unit `{name}`: {HINT}"),
            UnitError::Number => f.write_str("a unit can only contain the number 1 (as in 1/ms)"),
            UnitError::Operator => f.write_str("units combine only with `*`, `/` and `^`"),
            UnitError::Power => f.write_str("a unit power must be an integer"),
            UnitError::NotAUnit => f.write_str("not a unit"),
            UnitError::Empty => f.write_str("expected a unit (e.g. mV, pA/ms, 1)"),
            UnitError::Unclosed => f.write_str("a `(` in the unit is not closed"),
        }
    }
}

impl std::error::Error for UnitError {}

/// A unit's text that does not parse: what is wrong, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the text of the offending token (the text's length when it ended early).
    pub at: usize,
    /// What is wrong.
    pub error: UnitError,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.error, self.at)
    }
}

impl std::error::Error for ParseError {}

impl Unit {
    /// Parses a unit's text such as `mV`, `pA / ms`, `1 / ms`, `ms ^ -2`, `(nS * mV)`.
    ///
    /// # Errors
    /// [`ParseError`] for anything else (such as `bool`, `furlong` or `mV + pA`).
    pub fn parse(text: &str) -> Result<Unit, ParseError> {
        let tokens = tokenize(text);
        let mut p = Parser {
            tokens,
            at: 0,
            end: text.len(),
        };
        let unit = p.unit()?;
        match p.tokens.get(p.at) {
            None => Ok(unit),
            Some((at, Tok::Op(')'))) => Err(ParseError {
                at: *at,
                error: UnitError::NotAUnit,
            }),
            Some((at, _)) => Err(ParseError {
                at: *at,
                error: UnitError::Operator,
            }),
        }
    }
}

impl FromStr for Unit {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Unit, ParseError> {
        Unit::parse(s)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// A number as written.
    Number(String),
    Ident(String),
    Op(char),
}

fn tokenize(text: &str) -> Vec<(usize, Tok)> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut run = |first: char, keep: fn(char) -> bool| {
            let mut s = String::from(first);
            while let Some(&(_, d)) = chars.peek().filter(|(_, d)| keep(*d)) {
                s.push(d);
                chars.next();
            }
            s
        };
        let tok = if c.is_ascii_digit() || c == '.' {
            Tok::Number(run(c, |d| {
                d.is_ascii_alphanumeric() || d == '.' || d == '_'
            }))
        } else if c.is_alphabetic() || c == '_' {
            Tok::Ident(run(c, |d| d.is_alphanumeric() || d == '_'))
        } else {
            Tok::Op(c)
        };
        out.push((i, tok));
    }
    out
}

struct Parser {
    tokens: Vec<(usize, Tok)>,
    at: usize,
    /// The text's length: where an error at the end points.
    end: usize,
}

impl Parser {
    fn next(&mut self) -> Result<(usize, Tok), ParseError> {
        let t = self.tokens.get(self.at).cloned().ok_or(ParseError {
            at: self.end,
            error: UnitError::Empty,
        })?;
        self.at += 1;
        Ok(t)
    }

    fn peek_op(&self) -> Option<char> {
        match self.tokens.get(self.at) {
            Some((_, Tok::Op(c))) => Some(*c),
            _ => None,
        }
    }

    fn unit(&mut self) -> Result<Unit, ParseError> {
        let mut unit = self.product()?;
        while self.peek_op() == Some('^') {
            self.at += 1;
            unit = unit.powi(self.power()?);
        }
        Ok(unit)
    }

    fn product(&mut self) -> Result<Unit, ParseError> {
        let mut unit = self.atom()?;
        while let Some(op @ ('*' | '/')) = self.peek_op() {
            self.at += 1;
            let right = self.atom()?;
            unit = if op == '*' {
                unit.mul(right)
            } else {
                unit.div(right)
            };
        }
        Ok(unit)
    }

    fn atom(&mut self) -> Result<Unit, ParseError> {
        let (at, tok) = self.next()?;
        let error = match tok {
            Tok::Number(n) if n == "1" => return Ok(Unit::ONE),
            Tok::Number(_) => UnitError::Number,
            Tok::Ident(name) => match Unit::named(&name) {
                Some(u) => return Ok(u),
                None => UnitError::UnknownSymbol(name),
            },
            Tok::Op('(') => {
                let unit = self.unit()?;
                return match self.next() {
                    Ok((_, Tok::Op(')'))) => Ok(unit),
                    _ => Err(ParseError {
                        at,
                        error: UnitError::Unclosed,
                    }),
                };
            }
            Tok::Op(_) => UnitError::NotAUnit,
        };
        Err(ParseError { at, error })
    }

    fn power(&mut self) -> Result<i32, ParseError> {
        let (at, tok) = self.next()?;
        match tok {
            Tok::Op('-') => Ok(-self.power()?),
            Tok::Number(n) => {
                n.parse()
                    .ok()
                    .filter(|n: &i32| n.abs() <= MAX_POWER)
                    .ok_or(ParseError {
                        at,
                        error: UnitError::Power,
                    })
            }
            Tok::Op('(') => {
                let n = self.power()?;
                match self.next() {
                    Ok((_, Tok::Op(')'))) => Ok(n),
                    _ => Err(ParseError {
                        at,
                        error: UnitError::Unclosed,
                    }),
                }
            }
            _ => Err(ParseError {
                at,
                error: UnitError::Power,
            }),
        }
    }
}
