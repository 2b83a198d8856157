//! Stage 2b: unit analysis. Resolves every name, checks every expression's physical dimension,
//! inserts exact power-of-ten conversions, and collects every error with the span of the
//! offending term.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{BinOp, Expr, Ident, Lit, UnOp};

use crate::ir::{Cmp, Cond, Func, Ir, Op};
use crate::parse::{ModelDef, ParamDecl, ParamKind};
use crate::text::expr_text;
use crate::units::Unit;

mod checks;
mod ctx;
mod declarations;
mod dynamics;
mod errors;
mod events;
mod expect;
mod expr;
mod inputs;
mod params;
mod refractory;
mod synapse;
mod types;

use ctx::{BUILTINS, Ctx, Scope, Typed, unit_text_mul};
pub use errors::Errors;
pub use params::{analyse_function, analyse_own_params, analyse_params};
pub use synapse::{CheckedRule, RuleItem, RuleName, SynapseRules, analyse_synapse};
pub use types::*;

/// Evaluates an expression of constants and parameters, given each parameter's value.
pub fn eval_with(ir: &Ir, param: &dyn Fn(usize) -> Option<f64>) -> Option<f64> {
    let sub = |a: &Ir| eval_with(a, param);
    Some(match ir {
        Ir::Param(i) => param(*i)?,
        Ir::Num(v) => *v,
        Ir::Neg(a) => -sub(a)?,
        Ir::Scale(k, a) => crate::ir::apply_scale(*k, sub(a)?),
        Ir::Bin(op, a, b) => {
            let (a, b) = (sub(a)?, sub(b)?);
            match op {
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                Op::Div => a / b,
            }
        }
        Ir::Call(f, args) => f.apply(&args.iter().map(sub).collect::<Option<Vec<_>>>()?),
        _ => return None,
    })
}

/// The unit text of a typed value for messages: as composed from the expression, plus its
/// plain symbol where that is simpler (`nS·mV (= pA)`).
/// Units a misdeclared parameter was likely meant to have.
const CANDIDATE_UNITS: [&str; 22] = [
    "ms", "s", "mV", "V", "pA", "nA", "A", "nS", "uS", "S", "pF", "nF", "F", "Hz", "GOhm", "MOhm",
    "1", "1/ms", "mV/ms", "pA/ms", "nS/ms", "mV/pA",
];

/// Every name an expression mentions.
fn names_in(e: &Expr, out: &mut Vec<String>) {
    struct Names<'a>(&'a mut Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Names<'_> {
        fn visit_path(&mut self, p: &'ast syn::Path) {
            if let Some(id) = p.get_ident() {
                self.0.push(id.to_string());
            }
            syn::visit::visit_path(self, p);
        }
    }
    syn::visit::Visit::visit_expr(&mut Names(out), e);
}

fn shown(t: &Typed) -> String {
    match t.unit {
        Some(u) => {
            let sym = u.symbol();
            if sym != t.text && !sym.contains('·') && !sym.starts_with("1e") {
                format!("{} (= {sym})", t.text)
            } else {
                t.text.clone()
            }
        }
        None => t.text.clone(),
    }
}

fn dimensionless(ir: Ir) -> Typed {
    Typed {
        ir,
        unit: Some(Unit::ONE),
        text: "1".into(),
    }
}

fn has_suffix(e: &Expr) -> bool {
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Float(f) => !f.suffix().is_empty(),
            Lit::Int(i) => !i.suffix().is_empty(),
            _ => false,
        },
        Expr::Unary(u) => has_suffix(&u.expr),
        Expr::Paren(p) => has_suffix(&p.expr),
        Expr::Binary(b) => has_suffix(&b.left) || has_suffix(&b.right),
        _ => true,
    }
}

pub fn path_ident(e: &Expr) -> Option<&Ident> {
    match e {
        Expr::Path(p) => p.path.get_ident(),
        _ => None,
    }
}

/// The closest name by edit distance, if close enough to be a plausible typo.
pub fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    let dist = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                cur.push(
                    (prev[j] + usize::from(ca != *cb))
                        .min(prev[j + 1] + 1)
                        .min(cur[j] + 1),
                );
            }
            prev = cur;
        }
        prev[b.len()]
    };
    known
        .iter()
        .map(|k| (dist(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

/// Runs unit analysis over a parsed model.
pub fn analyse(m: &ModelDef) -> syn::Result<Analysed> {
    let mut errors = Errors::default();
    let weight_names = declarations::check(m, &mut errors);
    let states: Vec<State> = m
        .state
        .iter()
        .map(|s| State {
            name: s.name.clone(),
            docs: s.docs.clone(),
            unit: s.unit.unit,
            unit_text: s.unit.text.clone(),
            init: Ir::Num(0.0),
            init_text: s.init.as_ref().map(expr_text).unwrap_or_else(|| "0".into()),
        })
        .collect();
    let currents: Vec<Current> = m
        .currents
        .iter()
        .map(|c| Current {
            name: c.name.clone(),
            unit: c.unit.unit,
            unit_text: c.unit.text.clone(),
            receptor: c.receptor,
            post: None,
            text: String::new(),
        })
        .collect();

    let params = analyse_params(&m.params, &m.unsupported, &states, &mut errors);
    let mut states = states;
    let mut currents = currents;
    inputs::initial_values(
        m,
        &params,
        &mut states,
        &currents,
        &weight_names,
        &mut errors,
    );
    inputs::current_rules(
        m,
        &params,
        &states,
        &mut currents,
        &weight_names,
        &mut errors,
    );

    let mut ctx = Ctx::new(&params, &states, &currents, &weight_names, errors);
    let spikes = inputs::spike_ports(&mut ctx, m);
    let (mut aliases, equations) = dynamics::equations(&mut ctx, m);
    let update = dynamics::update_rule(&mut ctx, m, &mut aliases);
    let event_scope = Scope {
        params: true,
        states: true,
        ..Scope::default()
    };
    let (mut threshold, reset, bounds) = events::events(&mut ctx, m, event_scope);
    let multiplicity = events::multiplicity(&mut ctx, m, event_scope);
    if let (Some(t), Some(e)) = (&mut threshold, &m.multiplicity) {
        t.2 = format!("{} with multiplicity {}", t.2, expr_text(e));
    }
    let refractory = refractory::refractory(&mut ctx, m);
    let requires = checks::requirements(&mut ctx, m);
    let (unstable, solver) = checks::solver(&mut ctx, m, event_scope);
    let recordables = analyse_recordables(&mut ctx, m, event_scope);

    let errors = std::mem::take(&mut ctx.errors);
    errors.finish()?;
    Ok(Analysed {
        update,
        aliases,
        threshold_per_substep: m.threshold_per_substep,
        multiplicity,
        unstable,
        requires,
        solver,
        params,
        states,
        currents,
        spikes,
        equations,
        threshold,
        reset,
        bounds,
        refractory,
        recordables,
    })
}

/// The declared recordables: each a new name, its value in its declared unit. One written
/// `override` takes a state variable's name: it is what the multimeter records under that
/// name, while the status reads and sets the state (NEST's iaf_psc_exp_htum records V_m
/// relative to E_L).
fn analyse_recordables(ctx: &mut Ctx<'_>, m: &ModelDef, scope: Scope) -> Vec<Recordable> {
    let mut out = Vec::new();
    for d in &m.recordables {
        let is_state = m.state.iter().any(|s| s.name == d.name);
        let over = m.overrides.contains(&d.name);
        if over && !is_state {
            ctx.errors.at(
                &d.name,
                format!(
                    "`override` names a state variable whose recording it replaces; `{}` is none",
                    d.name
                ),
            );
            continue;
        }
        let taken = m.params.iter().any(|p| p.name == d.name)
            || (is_state && !over)
            || out.iter().any(|r: &Recordable| r.name == d.name);
        if taken {
            ctx.errors.at(
                &d.name,
                format!(
                    "`{}` is declared already: a recordable needs a name of its own",
                    d.name
                ),
            );
            continue;
        }
        let Some(expr) = &d.init else {
            ctx.errors.at(&d.name, format!("a recordable is computed: write `{}: {} = <expression of state and parameters>;`", d.name, d.unit.text));
            continue;
        };
        let what = format!("the recordable `{}`", d.name);
        if let Some(ir) = ctx.expect(expr, scope, d.unit.unit, &d.unit.text, &what, true) {
            out.push(Recordable {
                name: d.name.clone(),
                unit: d.unit.unit,
                unit_text: d.unit.text.clone(),
                docs: d.docs.clone(),
                ir,
                text: expr_text(expr),
            });
        }
    }
    out
}

/// The text of a number written without a unit suffix (`70`, `-70.0`), if `e` is one.
fn bare_number(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(i), ..
        }) if i.suffix().is_empty() => Some(i.base10_digits().to_string()),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Float(f), ..
        }) if f.suffix().is_empty() => Some(f.base10_digits().to_string()),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => bare_number(expr).map(|n| format!("-{n}")),
        Expr::Paren(p) => bare_number(&p.expr),
        _ => None,
    }
}

/// Whether a unit can be written as a number's suffix (`mV`, `pA`; not `pA / ms`).
fn is_suffix_unit(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_alphanumeric())
        && text.starts_with(|c: char| c.is_ascii_alphabetic())
}

/// Whether `e` is a literal zero: `0`, `0.0`, `0e0`, with or without a unit (zero in any).
fn is_zero_literal(e: &Expr) -> bool {
    match e {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(i), ..
        }) => i.base10_digits().bytes().all(|b| b == b'0'),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Float(f), ..
        }) => f.base10_digits().parse::<f64>().is_ok_and(|v| v == 0.0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse_str(src: &str) -> syn::Result<Analysed> {
        analyse(&syn::parse_str::<ModelDef>(src).unwrap())
    }

    const BASE: &str = r#"pub X as "x" {
        parameters { C_m: pF = 250.0 where > 0; tau_m: ms = 10.0 where > 0; E_L: mV = -70.0; I_e: pA = 0.0; V_th: mV = -55.0; }
        state { V_m: mV = E_L; }
        EQ
    }"#;

    fn with_eq(eq: &str) -> syn::Result<Analysed> {
        analyse_str(&BASE.replace("EQ", eq))
    }

    #[test]
    fn pa_per_pf_needs_no_factor() {
        let a = with_eq("equations { d/dt V_m = -(V_m - E_L) / tau_m + I_e / C_m; }").unwrap();
        assert!(!a.equations[0].rhs.mentions(&|x| matches!(x, Ir::Scale(..))));
    }

    #[test]
    fn nanoampere_over_picofarad_gets_exact_factor() {
        let a = with_eq("equations { d/dt V_m = 1.0nA / C_m; }").unwrap();
        assert!(
            a.equations[0]
                .rhs
                .mentions(&|x| matches!(x, Ir::Scale(3, _)))
        );
        // Seconds in a time constant: mV/s → mV/ms is /1e3.
        let a = with_eq("equations { d/dt V_m = -(V_m - E_L) / 1.0s; }").unwrap();
        assert!(
            a.equations[0]
                .rhs
                .mentions(&|x| matches!(x, Ir::Scale(-3, _)))
        );
    }

    #[test]
    fn wrong_term_names_both_units_and_suggests_factor() {
        let e = with_eq("equations { d/dt V_m = -(V_m - E_L) / tau_m + I_e; }")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("pA") && e.contains("mV/ms"), "{e}");
        assert!(e.contains("dividing by `C_m`"), "{e}");
    }

    #[test]
    fn errors_are_collected() {
        let src = r#"pub X as "x" {
            parameters { E_L: mV = -70.0pA; tau: ms = 1.0; }
            state { V_m: mV; }
            equations { d/dt V_m = exp(V_m) / tau + nope; }
        }"#;
        let e = analyse_str(src).err().unwrap();
        assert_eq!(e.into_iter().count(), 3);
    }

    #[test]
    fn exp_needs_dimensionless() {
        let e = with_eq("equations { d/dt V_m = exp(V_m) * 1.0mV / tau_m; }")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("dimensionless") && e.contains("mV"), "{e}");
    }

    #[test]
    fn closest_name_is_suggested() {
        let e = with_eq("equations { d/dt V_m = -(V_m - E_L) / tau_n; }")
            .err()
            .unwrap()
            .to_string();
        assert!(e.contains("did you mean `tau_m`"), "{e}");
    }

    #[test]
    fn defaults_are_evaluated_in_declared_unit() {
        let a = analyse_str(r#"pub X as "x" { parameters { C: pF = 0.25nF; V: mV = -70.0; E: mV = -inf where inf; } }"#).unwrap();
        assert_eq!(a.params[0].default, DefaultValue::Number(250.0));
        assert_eq!(a.params[1].default, DefaultValue::Number(-70.0));
        assert_eq!(a.params[2].default, DefaultValue::Number(f64::NEG_INFINITY));
    }
}
