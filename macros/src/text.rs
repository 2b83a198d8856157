//! Readable text of declarations (`-(V_m - E_L) / tau_m`), for metadata and messages.

use quote::ToTokens;
use syn::{BinOp, Expr, Lit, UnOp};

/// Renders an expression the way a person writes equations: spaces around binary operators,
/// none inside calls, literal unit suffixes separated (`-70.0 mV`).
pub fn expr_text(e: &Expr) -> String {
    match e {
        Expr::Binary(b) => format!(
            "{} {} {}",
            expr_text(&b.left),
            b.op.to_token_stream(),
            expr_text(&b.right)
        ),
        Expr::Unary(u) => match u.op {
            UnOp::Neg(_) => format!("-{}", expr_text(&u.expr)),
            UnOp::Not(_) => format!("!{}", expr_text(&u.expr)),
            _ => u.to_token_stream().to_string(),
        },
        Expr::Paren(p) => format!("({})", expr_text(&p.expr)),
        Expr::Group(g) => expr_text(&g.expr),
        Expr::Path(p) => p.to_token_stream().to_string().replace(' ', ""),
        Expr::Lit(l) => lit_text(&l.lit),
        Expr::Call(c) => format!(
            "{}({})",
            expr_text(&c.func),
            c.args.iter().map(expr_text).collect::<Vec<_>>().join(", ")
        ),
        Expr::Assign(a) => format!("{} = {}", expr_text(&a.left), expr_text(&a.right)),
        _ => e.to_token_stream().to_string(),
    }
}

/// A number with its unit suffix split off: `250.0pF` → `250.0 pF`.
pub fn lit_text(l: &Lit) -> String {
    let (digits, suffix) = match l {
        Lit::Float(f) => (f.base10_digits().to_string(), f.suffix().to_string()),
        Lit::Int(i) => (i.base10_digits().to_string(), i.suffix().to_string()),
        other => return other.to_token_stream().to_string(),
    };
    if suffix.is_empty() {
        digits
    } else {
        format!("{digits} {suffix}")
    }
}

/// Whether a binary operator is an assignment form (`=` is separate in syn).
pub fn op_text(op: &BinOp) -> String {
    op.to_token_stream().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_equations_readably() {
        let e: Expr = syn::parse_str("-(V_m - E_L)/tau_m + (I_e+I_stim)/C_m").unwrap();
        assert_eq!(expr_text(&e), "-(V_m - E_L) / tau_m + (I_e + I_stim) / C_m");
        let e: Expr = syn::parse_str("exp(-h / tau) * 70.0mV").unwrap();
        assert_eq!(expr_text(&e), "exp(-h / tau) * 70.0 mV");
    }
}
