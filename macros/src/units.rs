//! Stage 2a: physical units. The units themselves (dimensions, symbols, prefixes, arithmetic,
//! the runtime's quantity types) are the `saltatory-units` crate's; this module turns a unit
//! expression as written in a declaration (a `syn::Expr`) into a [`Unit`], with spans for
//! errors, and prints units as constants for the generated metadata.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
pub use saltatory_units::Unit;
use saltatory_units::UnitError;
use syn::spanned::Spanned;
use syn::{BinOp, Expr, Lit, UnOp};

/// A unit as written in a declaration, with its text for messages and metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct WrittenUnit {
    pub unit: Unit,
    pub text: String,
}

/// Parses a unit expression: symbols, `1`, `*`, `/`, parentheses and integer powers `x^n`
/// (the grammar of `saltatory_units::parse`, read from Rust tokens).
pub fn parse_unit(expr: &Expr) -> syn::Result<WrittenUnit> {
    let unit = unit_of(expr)?;
    Ok(WrittenUnit {
        unit,
        text: crate::text::expr_text(expr),
    })
}

fn error(span: impl Spanned, e: UnitError) -> syn::Error {
    syn::Error::new(span.span(), e.to_string())
}

fn unit_of(expr: &Expr) -> syn::Result<Unit> {
    match expr {
        Expr::Path(p) => {
            let name = p
                .path
                .get_ident()
                .map(|i| i.to_string())
                .unwrap_or_default();
            Unit::named(&name).ok_or_else(|| error(expr, UnitError::UnknownSymbol(name)))
        }
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) if i.base10_digits() == "1" && i.suffix().is_empty() => Ok(Unit::ONE),
            _ => Err(error(expr, UnitError::Number)),
        },
        Expr::Paren(p) => unit_of(&p.expr),
        Expr::Binary(b) => {
            let l = unit_of(&b.left)?;
            match b.op {
                BinOp::Mul(_) => Ok(l.mul(unit_of(&b.right)?)),
                BinOp::Div(_) => Ok(l.div(unit_of(&b.right)?)),
                BinOp::BitXor(_) => Ok(l.powi(int_power(&b.right)?)),
                _ => Err(error(b.op, UnitError::Operator)),
            }
        }
        _ => Err(error(expr, UnitError::NotAUnit)),
    }
}

fn int_power(expr: &Expr) -> syn::Result<i32> {
    match expr {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) => i
                .base10_parse()
                .ok()
                .filter(|n: &i32| n.abs() <= saltatory_units::parse::MAX_POWER)
                .ok_or_else(|| error(expr, UnitError::Power)),
            _ => Err(error(expr, UnitError::Power)),
        },
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => Ok(-int_power(&u.expr)?),
        Expr::Paren(p) => int_power(&p.expr),
        _ => Err(error(expr, UnitError::Power)),
    }
}

/// The constant `rt::units::Unit` of `unit`: the unit of its symbol where it has one (looked up
/// in the crate's table when the constant is evaluated), else its dimension and power of ten.
pub fn unit_tokens(unit: Unit, rt: &TokenStream) -> TokenStream {
    let symbol = unit.symbol();
    if Unit::named(&symbol) == Some(unit) {
        return quote!(#rt::units::Unit::of(#symbol));
    }
    let dim = unit.dim.map(Literal::i8_unsuffixed);
    let exp10 = Literal::i32_unsuffixed(unit.exp10);
    quote!(#rt::units::Unit::new([#(#dim),*], #exp10))
}

/// The constant `rt::units::DeclaredUnit` of a declaration's unit (`None`: a switch) written
/// `text`; compact forms for `1`, a switch and a unit written as its symbol.
pub fn declared_tokens(unit: Option<Unit>, text: &str, rt: &TokenStream) -> TokenStream {
    match unit {
        None => quote!(#rt::units::DeclaredUnit::SWITCH),
        Some(Unit::ONE) if text == "1" => quote!(#rt::units::DeclaredUnit::ONE),
        Some(u) if Unit::named(text) == Some(u) => {
            quote!(#rt::units::DeclaredUnit::symbol(#text))
        }
        Some(u) => {
            let u = unit_tokens(u, rt);
            quote!(#rt::units::DeclaredUnit::new(#text, #u))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Unit {
        parse_unit(&syn::parse_str(s).unwrap()).unwrap().unit
    }

    /// The macro reads the same grammar as the crate's text parser.
    #[test]
    fn tokens_and_text_agree() {
        for s in [
            "mV",
            "pA / pF",
            "nS * mV",
            "1 / ms",
            "mV^2",
            "ms ^ -1",
            "(nS * mV)",
            "mV / ms ^ 2",
            "mV / (ms ^ 2)",
            "1",
        ] {
            assert_eq!(u(s), Unit::parse(s).unwrap(), "{s}");
        }
        for s in [
            "furlong", "mV + pA", "2 * mV", "mV ^ 0.5", "mV ^ 100", "mV ^ ms",
        ] {
            let macro_error = parse_unit(&syn::parse_str(s).unwrap()).unwrap_err();
            let text_error = Unit::parse(s).unwrap_err().error;
            assert_eq!(macro_error.to_string(), text_error.to_string(), "{s}");
        }
    }

    #[test]
    fn constants_print_the_unit() {
        let rt = quote!(::rt);
        let t = declared_tokens(Some(u("pA / ms")), "pA / ms", &rt).to_string();
        assert_eq!(
            t,
            ":: rt :: units :: DeclaredUnit :: new (\"pA / ms\" , :: rt :: units :: Unit :: new \
             ([0 , 0 , - 1 , 1 , 0 , 0 , 0] , - 9))"
        );
        assert_eq!(
            declared_tokens(Some(u("mV")), "mV", &rt).to_string(),
            ":: rt :: units :: DeclaredUnit :: symbol (\"mV\")"
        );
        assert_eq!(
            declared_tokens(Some(u("1")), "1", &rt).to_string(),
            ":: rt :: units :: DeclaredUnit :: ONE"
        );
        assert_eq!(
            unit_tokens(u("mV"), &rt).to_string(),
            ":: rt :: units :: Unit :: of (\"mV\")"
        );
        assert_eq!(
            declared_tokens(None, "bool", &rt).to_string(),
            ":: rt :: units :: DeclaredUnit :: SWITCH"
        );
    }
}
