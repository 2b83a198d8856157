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
mod declarations;
mod dynamics;
mod events;
mod inputs;
mod refractory;

/// A parameter after analysis.
#[derive(Clone)]
pub struct Param {
    pub name: Ident,
    pub docs: Vec<String>,
    /// `None` for a switch.
    pub unit: Option<Unit>,
    pub unit_text: String,
    pub default: DefaultValue,
    pub constraints: Vec<(Cmp, Ir, String)>,
    pub allow_inf: bool,
    pub supported: bool,
}

/// The compile-time value of a default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    Number(f64),
    Switch(bool),
}

pub struct State {
    pub name: Ident,
    pub docs: Vec<String>,
    pub unit: Unit,
    pub unit_text: String,
    pub init: Ir,
    pub init_text: String,
}

pub struct Current {
    pub name: Ident,
    pub unit: Unit,
    pub unit_text: String,
    pub receptor: usize,
    /// Applied after propagation: `target op= rhs` with rhs in the target's unit.
    pub post: Option<Assign>,
    pub text: String,
}

/// `target = rhs`, `target += rhs` or `target -= rhs`, rhs converted to the target's unit.
#[derive(Clone)]
pub struct Assign {
    pub target: usize,
    pub op: AssignOp,
    pub rhs: Ir,
    /// The right-hand side as written, for later errors.
    pub rhs_tokens: proc_macro2::TokenStream,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    Set,
    Add,
    Sub,
}

pub struct SpikePort {
    pub receptor: usize,
    /// Each spike adds its multiplicity, not its weight.
    pub counted: bool,
    /// Applied after the first accepted RKF45 sub-step instead of after the step.
    pub after_first_substep: bool,
    pub arms: Vec<SpikeArm>,
    pub text: String,
}

pub struct SpikeArm {
    /// `None` for `_`; otherwise the weight's comparison with zero.
    pub cond: Option<Cmp>,
    pub jumps: Vec<Assign>,
}

pub struct Equation {
    pub state: usize,
    /// In the state's unit per ms.
    pub rhs: Ir,
    /// The right-hand side as written, for later errors.
    pub rhs_tokens: proc_macro2::TokenStream,
    pub text: String,
}

pub struct Refractory {
    /// In ms.
    pub duration: Ir,
    pub holds: Vec<usize>,
    pub defer: Option<Defer>,
    pub text: String,
}

pub struct Defer {
    pub state: usize,
    /// In ms.
    pub tau: Ir,
    pub switch: usize,
}

pub struct Bound {
    pub state: usize,
    pub cmp: Cmp,
    pub rhs: Ir,
    pub text: String,
}

/// One statement of an explicit update rule.
pub enum UpdateStmt {
    /// A local definition (an alias, by index).
    Let(usize),
    /// An assignment to a state variable.
    Assign(Assign),
}

/// A spike condition: comparisons that must all hold, whether it applies only to neurons not
/// refractory at the start of the step (`!refractory`), and its text.
pub type Threshold = (Vec<(Cmp, Ir, Ir)>, bool, String);

/// The model after unit analysis.
pub struct Analysed {
    /// An explicit update rule: the switch choosing the branch, and both branches.
    pub update: Option<(Option<usize>, Vec<UpdateStmt>, Vec<UpdateStmt>)>,
    pub params: Vec<Param>,
    pub states: Vec<State>,
    pub currents: Vec<Current>,
    pub spikes: Vec<SpikePort>,
    /// Auxiliary definitions: (name, expression), in order.
    pub aliases: Vec<(Ident, Ir)>,
    pub equations: Vec<Equation>,
    /// The spike condition: a conjunction of comparisons, and whether it requires the neuron
    /// not to be refractory at the start of the step; with its text.
    pub threshold: Option<Threshold>,
    pub threshold_per_substep: bool,
    /// The number of spikes sent at once when the threshold is met (dimensionless); one
    /// when `None`.
    pub multiplicity: Option<Ir>,
    /// Conditions that abort with a numerical-instability error, with their text.
    pub unstable: Vec<(Cmp, Ir, Ir, String)>,
    /// Checks on the parameter set: the condition, an optional guard, the text, and the first
    /// parameter the condition names (the one an error reports).
    pub requires: Vec<Require>,
    /// An explicit RKF45 request: (eps_abs, eps_rel, a_y, a_dydt), dimensionless.
    pub solver: Option<[Ir; 4]>,
    pub reset: Vec<Assign>,
    pub bounds: Vec<Bound>,
    pub refractory: Option<Refractory>,
    /// Recorded quantities computed from state and parameters.
    pub recordables: Vec<Recordable>,
}

/// `NAME: UNIT = EXPR;` in `recordables`: a quantity the multimeter records that is not state.
pub struct Recordable {
    pub name: Ident,
    pub unit: Unit,
    pub unit_text: String,
    pub docs: Vec<String>,
    pub ir: Ir,
    pub text: String,
}

/// `require COND [if GUARD];`: a check on the parameter set (validation).
pub struct Require {
    pub cond: (Cmp, Ir, Ir),
    pub guard: Option<(Cmp, Ir, Ir)>,
    pub text: String,
    pub param: usize,
}

/// Collects errors instead of stopping at the first.
#[derive(Default)]
pub struct Errors(Vec<syn::Error>, Vec<String>);

impl Errors {
    /// Whether nothing was reported.
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    /// Drops the errors reported after the first `len`.
    fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    /// Records that a mismatch was put down to `param`'s declared unit; true the first time
    /// (later mismatches it explains are its consequences, not new errors).
    fn first_blame(&mut self, param: &str) -> bool {
        if self.1.iter().any(|p| p == param) {
            return false;
        }
        self.1.push(param.to_string());
        true
    }

    /// An error underlining all of `tokens` (first to last token).
    pub fn at(&mut self, tokens: &dyn quote::ToTokens, msg: impl std::fmt::Display) {
        self.0
            .push(syn::Error::new_spanned(tokens.to_token_stream(), msg));
    }
    pub fn add(&mut self, e: syn::Error) {
        self.0.push(e);
    }
    pub fn finish(self) -> syn::Result<()> {
        let mut it = self.0.into_iter();
        match it.next() {
            None => Ok(()),
            Some(mut first) => {
                for e in it {
                    first.combine(e);
                }
                Err(first)
            }
        }
    }
}

/// A typed sub-expression: `unit` is `None` for values that fit any unit (0, ±inf).
#[derive(Clone)]
struct Typed {
    ir: Ir,
    unit: Option<Unit>,
    text: String,
}

/// What a name may refer to in a given position.
#[derive(Clone, Copy, Default)]
struct Scope {
    params: bool,
    states: bool,
    /// Current ports without a post rule (equations).
    currents: bool,
    /// One specific current port (its own post rule).
    current: Option<usize>,
    weight: bool,
    h: bool,
    /// Auxiliary definitions and `if refractory { .. } else { .. }` (equations only).
    aliases: bool,
    /// Conditional values `if x > y { a } else { b }` (threshold).
    select: bool,
    /// `old(x)`: a state variable at the start of the step (threshold).
    old: bool,
    /// The summed spike input of ports without jump rules (update rules).
    summed: bool,
}

struct Ctx<'a> {
    params: &'a [Param],
    states: &'a [State],
    currents: &'a [Current],
    /// The weight of the spike port whose rules are being checked.
    weight: Option<(String, Unit, String)>,
    /// Every spike port's weight name, to explain why it is out of scope elsewhere.
    weight_names: &'a [String],
    /// Auxiliary definitions checked so far: (name, unit, unit text).
    aliases: Vec<(String, Option<Unit>, String)>,
    /// `let` definitions of the spike route being checked, substituted where they are used.
    route_locals: Vec<(String, Typed)>,
    /// Unit of each spike port's weight (None for ports with jump rules: not summable).
    summed_units: Vec<Option<Unit>>,
    errors: Errors,
}

/// Names the DSL gives a meaning to (`refractory` is the condition of `if refractory { .. }`).
/// Nothing else is reserved: generated code never meets a declared name ([`crate::names`]).
const BUILTINS: [&str; 5] = ["h", "e", "pi", "inf", "refractory"];

fn unit_text_mul(a: &str, b: &str, op: &str) -> String {
    let wrap = |s: &str| {
        if s.contains('/') || s.contains('·') {
            format!("({s})")
        } else {
            s.to_string()
        }
    };
    match (a, b, op) {
        ("1", _, "·") => b.to_string(),
        (_, "1", _) => a.to_string(),
        ("1", _, "/") => format!("1/{}", wrap(b)),
        (_, _, "·") => format!("{a}·{}", wrap(b)),
        _ => format!("{a}/{}", wrap(b)),
    }
}

impl<'a> Ctx<'a> {
    fn new(
        params: &'a [Param],
        states: &'a [State],
        currents: &'a [Current],
        weight_names: &'a [String],
        errors: Errors,
    ) -> Self {
        Ctx {
            params,
            states,
            currents,
            weight: None,
            weight_names,
            aliases: Vec::new(),
            route_locals: Vec::new(),
            summed_units: Vec::new(),
            errors,
        }
    }

    /// Suggests how to turn `found` into `expected`: by a declared parameter where the position
    /// may use parameters, otherwise by writing the value in the expected unit.
    fn suggest(&self, found: Unit, expected: Unit, params_allowed: bool) -> String {
        if !params_allowed {
            return format!("; write it in {}", expected.symbol());
        }
        let ratio = expected.div(found);
        let pick = |dim: Unit| -> Vec<&Param> {
            self.params
                .iter()
                .filter(|p| p.supported && p.unit.is_some_and(|u| u.same_dim(&dim)))
                .collect()
        };
        for (verb, cands) in [
            ("multiplying by", pick(ratio)),
            ("dividing by", pick(ratio.powi(-1))),
        ] {
            match cands.as_slice() {
                [] => continue,
                [one] => {
                    return format!("; {verb} `{}` ({}) would fix it", one.name, one.unit_text);
                }
                many => {
                    let names: Vec<String> = many
                        .iter()
                        .take(4)
                        .map(|p| format!("`{}`", p.name))
                        .collect();
                    return format!(
                        "; {verb} a quantity in {} (such as {}) would fix it",
                        many[0].unit_text,
                        names.join(", ")
                    );
                }
            }
        }
        String::new()
    }

    fn lookup(&mut self, id: &Ident, scope: Scope) -> Option<Typed> {
        let name = id.to_string();
        if let Some(i) = self.params.iter().position(|p| p.name == name) {
            let p = &self.params[i];
            if !scope.params {
                self.errors
                    .at(&id, format!("parameter `{name}` cannot be used here"));
                return None;
            }
            if !p.supported {
                self.errors.at(
                    &id,
                    format!("`{name}` is listed as unsupported and cannot be used in the dynamics"),
                );
                return None;
            }
            let Some(unit) = p.unit else {
                self.errors.at(
                    &id,
                    format!("`{name}` is a switch (bool) and cannot be used in an expression"),
                );
                return None;
            };
            return Some(Typed {
                ir: Ir::Param(i),
                unit: Some(unit),
                text: p.unit_text.clone(),
            });
        }
        if let Some(i) = self.states.iter().position(|s| s.name == name) {
            if !scope.states {
                self.errors.at(
                    &id,
                    format!("state variable `{name}` cannot be used here (only parameters can)"),
                );
                return None;
            }
            let s = &self.states[i];
            return Some(Typed {
                ir: Ir::State(i),
                unit: Some(s.unit),
                text: s.unit_text.clone(),
            });
        }
        if let Some(i) = self.currents.iter().position(|c| c.name == name) {
            let c = &self.currents[i];
            let ok = scope.current == Some(i) || (scope.currents && c.post.is_none());
            if !ok {
                let why = if c.post.is_some() && scope.currents {
                    "it is applied after propagation by its `=>` rule"
                } else {
                    "input currents appear only in the equations or in their own `=>` rule"
                };
                self.errors
                    .at(&id, format!("input `{name}` cannot be used here: {why}"));
                return None;
            }
            return Some(Typed {
                ir: Ir::Current(i),
                unit: Some(c.unit),
                text: c.unit_text.clone(),
            });
        }
        if let Some((_, t)) = self.route_locals.iter().rev().find(|(n, _)| *n == name) {
            return Some(t.clone());
        }
        if let Some((w, unit, text)) = &self.weight {
            if *w == name {
                if !scope.weight {
                    self.errors
                        .at(&id, "the spike weight can only be used in jump rules");
                    return None;
                }
                return Some(Typed {
                    ir: Ir::Weight,
                    unit: Some(*unit),
                    text: text.clone(),
                });
            }
        }
        if let Some(i) = self.aliases.iter().position(|a| a.0 == name) {
            if !scope.aliases {
                self.errors.at(
                    id,
                    format!(
                        "`{name}` is defined in the equations block and can only be used there"
                    ),
                );
                return None;
            }
            let (_, unit, text) = &self.aliases[i];
            return Some(Typed {
                ir: Ir::Alias(i),
                unit: *unit,
                text: text.clone(),
            });
        }
        if let Some(k) = self
            .weight_names
            .iter()
            .position(|w| *w == name)
            .filter(|_| scope.summed)
        {
            return Some(Typed {
                ir: Ir::Summed(k),
                unit: self.summed_units.get(k).copied().flatten(),
                text: "the port's unit".into(),
            });
        }
        if self.weight_names.contains(&name) {
            self.errors.at(
                id,
                format!("the spike weight `{name}` can only be used in the jump rules of its port"),
            );
            return None;
        }
        match name.as_str() {
            "h" if scope.h => Some(Typed {
                ir: Ir::H,
                unit: Some(Unit::MS),
                text: "ms".into(),
            }),
            "h" => {
                self.errors
                    .at(&id, "the resolution `h` cannot be used here");
                None
            }
            "e" => Some(dimensionless(Ir::Num(std::f64::consts::E))),
            "pi" => Some(dimensionless(Ir::Num(std::f64::consts::PI))),
            "inf" => Some(Typed {
                ir: Ir::Num(f64::INFINITY),
                unit: None,
                text: "any unit".into(),
            }),
            _ => {
                let mut known: Vec<String> = Vec::new();
                if scope.params {
                    known.extend(self.params.iter().map(|p| p.name.to_string()));
                }
                if scope.states {
                    known.extend(self.states.iter().map(|s| s.name.to_string()));
                }
                known.extend(self.currents.iter().map(|c| c.name.to_string()));
                if Unit::named(&name).is_some() {
                    self.errors.at(
                        &id,
                        format!("`{name}` is a unit, not a value: write a quantity with its unit as the number's suffix, e.g. `10.0{name}` instead of `10.0 * {name}`"),
                    );
                    return None;
                }
                let hint = closest(&name, &known)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                self.errors
                    .at(&id, format!("unknown identifier `{name}`{hint}"));
                None
            }
        }
    }

    /// Whether `name` is already declared (without reporting anything).
    fn lookup_silent(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name)
            || self.states.iter().any(|s| s.name == name)
            || self.currents.iter().any(|c| c.name == name)
            || self.aliases.iter().any(|a| a.0 == name)
            || self.weight_names.iter().any(|w| w == name)
    }

    /// Types an expression; `None` after an error was recorded.
    fn expr(&mut self, e: &Expr, scope: Scope) -> Option<Typed> {
        match e {
            Expr::Paren(p) => self.expr(&p.expr, scope),
            Expr::Group(g) => self.expr(&g.expr, scope),
            Expr::Path(p) => match p.path.get_ident() {
                Some(id) => self.lookup(id, scope),
                None => {
                    self.errors.at(&e, "expected a name");
                    None
                }
            },
            Expr::Lit(l) => self.literal(&l.lit),
            Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => {
                let a = self.expr(&u.expr, scope)?;
                Some(Typed {
                    ir: Ir::Neg(Box::new(a.ir)),
                    ..a
                })
            }
            Expr::Binary(b) => {
                let op = match b.op {
                    BinOp::Add(_) => Op::Add,
                    BinOp::Sub(_) => Op::Sub,
                    BinOp::Mul(_) => Op::Mul,
                    BinOp::Div(_) => Op::Div,
                    _ => {
                        self.errors.at(
                            &b.op,
                            format!(
                                "operator `{}` is not allowed here; expressions use + - * / and functions",
                                crate::text::op_text(&b.op)
                            ),
                        );
                        return None;
                    }
                };
                let l = self.expr(&b.left, scope);
                let r = self.expr(&b.right, scope);
                let (l, r) = (l?, r?);
                match op {
                    Op::Add | Op::Sub => {
                        let (lu, r) = self.unify(&l, r, &b.right, "add", scope)?;
                        Some(Typed {
                            ir: Ir::bin(op, l.ir, r.ir),
                            unit: lu,
                            text: if l.unit.is_some() { l.text } else { r.text },
                        })
                    }
                    Op::Mul | Op::Div => {
                        let sym = if op == Op::Mul { "·" } else { "/" };
                        let unit = match (l.unit, r.unit) {
                            (Some(a), Some(b)) => {
                                Some(if op == Op::Mul { a.mul(b) } else { a.div(b) })
                            }
                            _ => None,
                        };
                        Some(Typed {
                            ir: Ir::bin(op, l.ir, r.ir),
                            unit,
                            text: unit_text_mul(&l.text, &r.text, sym),
                        })
                    }
                }
            }
            Expr::Call(c) => {
                let name = match &*c.func {
                    Expr::Path(p) => p.path.get_ident().map(|i| i.to_string()),
                    _ => None,
                }
                .unwrap_or_default();
                if name == "old" {
                    let state = match c.args.first().and_then(path_ident) {
                        Some(id) if c.args.len() == 1 => {
                            self.states.iter().position(|s| s.name == *id)
                        }
                        _ => None,
                    };
                    let Some(i) = state.filter(|_| scope.old) else {
                        self.errors.at(c, "`old(x)` takes one state variable and can only be used in the threshold");
                        return None;
                    };
                    let s = &self.states[i];
                    return Some(Typed {
                        ir: Ir::Old(i),
                        unit: Some(s.unit),
                        text: s.unit_text.clone(),
                    });
                }
                let Some(f) = Func::from_name(&name) else {
                    self.errors.at(
                        &c.func,
                        format!("unknown function `{name}`: available are exp, expm1, log, log10, log1p, sin, cos, tan, sinh, cosh, tanh, atan, sqrt, abs, min, max, pow"),
                    );
                    return None;
                };
                if c.args.len() != f.arity() {
                    self.errors.at(
                        &c,
                        format!(
                            "`{name}` takes {} argument(s), found {}",
                            f.arity(),
                            c.args.len()
                        ),
                    );
                    return None;
                }
                let args: Vec<Option<Typed>> = c.args.iter().map(|a| self.expr(a, scope)).collect();
                let args: Vec<Typed> = args.into_iter().collect::<Option<_>>()?;
                let arg_exprs: Vec<&Expr> = c.args.iter().collect();
                self.call(f, &name, args, &arg_exprs, scope)
            }
            Expr::If(e_if) if scope.aliases || scope.select => self.select(e_if, scope),
            Expr::MethodCall(m) => {
                self.errors.at(
                    &m.method,
                    format!("write `{}(x)` instead of a method call", m.method),
                );
                None
            }
            _ => {
                self.errors.at(&e, "unsupported expression: use numbers with optional unit suffixes, names, + - * /, parentheses and functions");
                None
            }
        }
    }

    /// `if refractory { a } else { b }` or `if x > y { a } else { b }`.
    fn select(&mut self, e: &syn::ExprIf, scope: Scope) -> Option<Typed> {
        let single = |block: &syn::Block| -> Option<Expr> {
            match block.stmts.as_slice() {
                [syn::Stmt::Expr(x, None)] => Some(x.clone()),
                _ => None,
            }
        };
        let then = single(&e.then_branch);
        let otherwise = match &e.else_branch {
            Some((_, b)) => match &**b {
                Expr::Block(b) => single(&b.block),
                other => Some(other.clone()),
            },
            None => None,
        };
        let (Some(then), Some(otherwise)) = (then, otherwise) else {
            self.errors.at(
                e,
                "a conditional value reads `if condition { value } else { value }`",
            );
            return None;
        };
        let cond = match &*e.cond {
            Expr::Path(p) if p.path.is_ident("refractory") && scope.aliases => {
                Some(Cond::Refractory)
            }
            Expr::Binary(_) => self
                .comparison(&e.cond, scope)
                .map(|(c, l, r, _, _)| Cond::Cmp(c, l, r)),
            other => {
                self.errors.at(
                    other,
                    "a condition is `refractory` or a comparison such as `V_m > V_th`",
                );
                None
            }
        };
        let a = self.expr(&then, scope);
        let b = self.expr(&otherwise, scope);
        let (cond, a, b) = (cond?, a?, b?);
        let (unit, b) = self.unify(&a, b, &otherwise, "choose between", scope)?;
        Some(Typed {
            ir: Ir::Select(Box::new(cond), Box::new(a.ir), Box::new(b.ir)),
            unit,
            text: if a.unit.is_some() { a.text } else { b.text },
        })
    }

    fn call(
        &mut self,
        f: Func,
        name: &str,
        args: Vec<Typed>,
        exprs: &[&Expr],
        scope: Scope,
    ) -> Option<Typed> {
        let need_dimensionless = |ctx: &mut Self, a: &Typed, e: &Expr| -> Option<Ir> {
            match a.unit {
                Some(u) if !u.is_dimensionless() => {
                    ctx.errors.at(
                        &e,
                        format!(
                            "`{name}` needs a dimensionless argument, but this is in {}{}",
                            a.text,
                            ctx.suggest(u, Unit::ONE, scope.params)
                        ),
                    );
                    None
                }
                Some(u) => Some(Ir::scaled(u.exp10, a.ir.clone())),
                None => Some(a.ir.clone()),
            }
        };
        match f {
            Func::Abs => Some(Typed {
                ir: Ir::Call(f, vec![args[0].ir.clone()]),
                ..args[0].clone()
            }),
            Func::Min | Func::Max => {
                let (u, b) = self.unify(&args[0], args[1].clone(), exprs[1], "compare", scope)?;
                Some(Typed {
                    ir: Ir::Call(f, vec![args[0].ir.clone(), b.ir]),
                    unit: u,
                    text: args[0].text.clone(),
                })
            }
            Func::Sqrt => match args[0].unit {
                Some(u) if u.dim.iter().any(|d| d % 2 != 0) || u.exp10 % 2 != 0 => {
                    self.errors.at(
                        &exprs[0],
                        format!(
                            "`sqrt` of {} has no unit: its dimension must be a square",
                            args[0].text
                        ),
                    );
                    None
                }
                Some(u) => Some(Typed {
                    ir: Ir::Call(f, vec![args[0].ir.clone()]),
                    unit: Some(Unit {
                        dim: u.dim.map(|d| d / 2),
                        exp10: u.exp10 / 2,
                    }),
                    text: format!("sqrt({})", args[0].text),
                }),
                None => Some(args[0].clone()),
            },
            Func::Pow => {
                let exponent = need_dimensionless(self, &args[1], exprs[1])?;
                match args[0].unit {
                    Some(u) if !u.is_dimensionless() => {
                        let Some(n) = exponent.eval_const().filter(|n| n.fract() == 0.0) else {
                            self.errors.at(
                                &exprs[1],
                                format!(
                                    "`pow` of a quantity in {} needs a constant integer exponent",
                                    args[0].text
                                ),
                            );
                            return None;
                        };
                        Some(Typed {
                            ir: Ir::Call(f, vec![args[0].ir.clone(), exponent]),
                            unit: Some(u.powi(n as i32)),
                            text: format!("{}^{}", args[0].text, n),
                        })
                    }
                    _ => {
                        let base = need_dimensionless(self, &args[0], exprs[0])?;
                        Some(dimensionless(Ir::Call(f, vec![base, exponent])))
                    }
                }
            }
            _ => {
                let a = need_dimensionless(self, &args[0], exprs[0])?;
                Some(dimensionless(Ir::Call(f, vec![a])))
            }
        }
    }

    /// Makes `r` comparable with `l` (same dimension; scale converted to `l`'s).
    fn unify(
        &mut self,
        l: &Typed,
        r: Typed,
        r_expr: &Expr,
        verb: &str,
        scope: Scope,
    ) -> Option<(Option<Unit>, Typed)> {
        match (l.unit, r.unit) {
            (Some(a), Some(b)) if a.same_dim(&b) => Some((
                Some(a),
                Typed {
                    ir: Ir::scaled(b.exp10 - a.exp10, r.ir),
                    unit: Some(a),
                    text: l.text.clone(),
                },
            )),
            (Some(a), Some(b)) => {
                self.errors.at(
                    &r_expr,
                    format!(
                        "cannot {verb} {} and {}: this term is in {} where {} is expected{}",
                        l.text,
                        r.text,
                        shown(&r),
                        l.text,
                        self.suggest(b, a, scope.params)
                    ),
                );
                None
            }
            (None, u) => Some((u, r)),
            (u, None) => Some((u, r)),
        }
    }

    fn literal(&mut self, lit: &Lit) -> Option<Typed> {
        let (value, suffix) = match lit {
            Lit::Float(f) => (f.base10_parse::<f64>(), f.suffix().to_string()),
            Lit::Int(i) => (i.base10_parse::<f64>(), i.suffix().to_string()),
            other => {
                self.errors.at(&other, "expected a number");
                return None;
            }
        };
        let value = match value {
            Ok(v) => v,
            Err(e) => {
                self.errors.add(e);
                return None;
            }
        };
        if suffix.is_empty() {
            return Some(if value == 0.0 {
                Typed {
                    ir: Ir::Num(0.0),
                    unit: None,
                    text: "any unit".into(),
                }
            } else {
                dimensionless(Ir::Num(value))
            });
        }
        match Unit::named(&suffix) {
            Some(u) => Some(Typed {
                ir: Ir::Num(value),
                unit: Some(u),
                text: suffix,
            }),
            None => {
                self.errors.at(
                    &lit,
                    format!(
                        "unknown unit suffix `{suffix}` (write e.g. `-70.0mV`, `2.0ms`, `250pF`)"
                    ),
                );
                None
            }
        }
    }

    /// Types `e` and converts it to `target`. A dimensionless value is taken to be in the
    /// target unit when `bare_is_target` (declarations: `C_m: pF = 250.0`).
    fn expect(
        &mut self,
        e: &Expr,
        scope: Scope,
        target: Unit,
        target_text: &str,
        what: &str,
        bare_is_target: bool,
    ) -> Option<Ir> {
        let before = self.errors.len();
        let Some(t) = self.expr(e, scope) else {
            // A mismatch inside the expression (such as a sum of different units) may come
            // from one misdeclared parameter: then that is the one error to report.
            if self.errors.len() > before {
                if let Some((param, meant)) = self.misdeclared(e, scope, target) {
                    self.errors.truncate(before);
                    self.blame(&param, &meant, what, None, target_text);
                }
            }
            return None;
        };
        match t.unit {
            None => Some(t.ir),
            Some(u)
                if bare_is_target
                    && u.is_dimensionless()
                    && !target.is_dimensionless()
                    && !has_suffix(e) =>
            {
                Some(Ir::scaled(u.exp10, t.ir))
            }
            Some(u) if u.same_dim(&target) => Some(Ir::scaled(u.exp10 - target.exp10, t.ir)),
            Some(u) => {
                if let Some((param, meant)) = self.misdeclared(e, scope, target) {
                    self.blame(&param, &meant, what, Some(&shown(&t)), target_text);
                    return None;
                }
                let fix = match bare_number(e) {
                    Some(n) if u.is_dimensionless() && is_suffix_unit(target_text) => {
                        format!(
                            ": a number without a unit is dimensionless; write `{n}{target_text}`"
                        )
                    }
                    _ => self.suggest(u, target, scope.params),
                };
                self.errors.at(
                    &e,
                    format!(
                        "{what} must be in {target_text}, but this is in {}{fix}",
                        shown(&t)
                    ),
                );
                None
            }
        }
    }

    /// The one parameter whose declared unit explains why `e` is not in `target`'s dimension:
    /// its unit is a known unit written with the wrong case, and declared in the right one, `e`
    /// would fit (and no other parameter of `e` could explain it so). Returns it with the unit
    /// it was probably meant to have (`ms` for `mS`).
    fn misdeclared(&self, e: &Expr, scope: Scope, target: Unit) -> Option<(Param, String)> {
        let mut mentioned = Vec::new();
        names_in(e, &mut mentioned);
        let mut found: Vec<(usize, Vec<String>)> = Vec::new();
        for (i, p) in self.params.iter().enumerate() {
            let Some(unit) = p.unit else { continue };
            if !mentioned.contains(&p.name.to_string()) {
                continue;
            }
            // A unit written with the wrong case (`mS` for `ms`, `MV` for `mV`): the typo that
            // changes a dimension while looking right.
            let fits: Vec<String> = CANDIDATE_UNITS
                .iter()
                .filter(|text| text.eq_ignore_ascii_case(&p.unit_text) && **text != p.unit_text)
                .filter_map(|text| Some((*text, Unit::parse(text).ok()?)))
                .filter(|(_, u)| !u.same_dim(&unit) && self.fits_with(e, scope, target, i, *u))
                .map(|(text, _)| text.to_string())
                .collect();
            if !fits.is_empty() {
                found.push((i, fits));
            }
        }
        let [(i, fits)] = found.as_slice() else {
            return None;
        };
        Some((self.params[*i].clone(), fits[0].clone()))
    }

    /// The error at a misdeclared parameter, once per parameter (the other mismatches it
    /// causes are consequences).
    fn blame(&mut self, p: &Param, meant: &str, what: &str, got: Option<&str>, target: &str) {
        if !self.errors.first_blame(&p.name.to_string()) {
            return;
        }
        let effect = match got {
            Some(got) => format!("puts {what} in {got} instead of {target}"),
            None => format!("makes the units of {what} disagree"),
        };
        self.errors.at(
            &p.name,
            format!(
                "`{}` is declared in {}, which {effect}; declared in {meant} it fits: write `{}: {meant}`",
                p.name, p.unit_text, p.name
            ),
        );
    }

    /// Whether `e` comes out in `target`'s dimension with parameter `i` declared in `unit`.
    fn fits_with(&self, e: &Expr, scope: Scope, target: Unit, i: usize, unit: Unit) -> bool {
        let mut params = self.params.to_vec();
        params[i].unit = Some(unit);
        let mut trial = Ctx {
            params: &params,
            states: self.states,
            currents: self.currents,
            weight: self.weight.clone(),
            weight_names: self.weight_names,
            aliases: self.aliases.clone(),
            route_locals: self.route_locals.clone(),
            summed_units: self.summed_units.clone(),
            errors: Errors::default(),
        };
        let typed = trial.expr(e, scope);
        trial.errors.is_empty() && typed.is_some_and(|t| t.unit.is_none_or(|u| u.same_dim(&target)))
    }

    fn state_index(&mut self, id: &Ident) -> Option<usize> {
        let r = self.states.iter().position(|s| s.name == *id);
        if r.is_none() {
            let known: Vec<String> = self.states.iter().map(|s| s.name.to_string()).collect();
            let hint = closest(&id.to_string(), &known)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            self.errors.at(
                &id,
                format!("`{id}` is not a declared state variable{hint}"),
            );
        }
        r
    }

    fn assign(&mut self, e: &Expr, scope: Scope, what: &str) -> Option<Assign> {
        let (left, op, right) = match e {
            Expr::Assign(a) => (&*a.left, AssignOp::Set, &*a.right),
            Expr::Binary(b) if matches!(b.op, BinOp::AddAssign(_)) => {
                (&*b.left, AssignOp::Add, &*b.right)
            }
            Expr::Binary(b) if matches!(b.op, BinOp::SubAssign(_)) => {
                (&*b.left, AssignOp::Sub, &*b.right)
            }
            _ => {
                self.errors.at(
                    &e,
                    format!("{what} must be an assignment: `x = ...`, `x += ...` or `x -= ...`"),
                );
                return None;
            }
        };
        let Some(id) = path_ident(left) else {
            self.errors.at(
                &left,
                "the target of an assignment must be a state variable",
            );
            return None;
        };
        let target = self.state_index(id)?;
        let (unit, text) = (
            self.states[target].unit,
            self.states[target].unit_text.clone(),
        );
        let rhs = self.expect(
            right,
            scope,
            unit,
            &text,
            &format!("the value assigned to `{id}`"),
            false,
        )?;
        Some(Assign {
            target,
            op,
            rhs,
            rhs_tokens: quote::ToTokens::to_token_stream(right),
            text: expr_text(e),
        })
    }

    /// A jump rule: it adds to a state variable (`x += ...`, `x -= ...`); replacing the variable
    /// by the step's input must be said with `set x = ...`.
    fn jump(&mut self, j: &crate::parse::Jump, scope: Scope) -> Option<Assign> {
        let a = self.assign(&j.expr, scope, "a jump rule")?;
        match (&j.set, a.op, &j.expr) {
            (None, AssignOp::Set, Expr::Assign(e)) => {
                let target = quote::ToTokens::to_token_stream(&e.left);
                let value = quote::ToTokens::to_token_stream(&e.right);
                self.errors.at(
                    &e.eq_token,
                    format!(
                        "a spike rule adds the step's input to a state variable: write `{target} += {value}`; `=` would replace the variable in every step, also in steps without spikes; if that is meant, write `set {target} = {value};`"
                    ),
                );
                None
            }
            (Some(kw), op, _) if op != AssignOp::Set => {
                self.errors.at(kw, "`set` replaces a variable: write `set x = ...`, or drop `set` to add with `+=`");
                None
            }
            _ => Some(a),
        }
    }

    fn comparison(&mut self, e: &Expr, scope: Scope) -> Option<(Cmp, Ir, Ir, Span, Span)> {
        let Expr::Binary(b) = e else {
            self.errors
                .at(&e, "expected a comparison such as `V_m >= V_th`");
            return None;
        };
        let cmp = match b.op {
            BinOp::Lt(_) => Cmp::Lt,
            BinOp::Le(_) => Cmp::Le,
            BinOp::Gt(_) => Cmp::Gt,
            BinOp::Ge(_) => Cmp::Ge,
            _ => {
                self.errors.at(&b.op, "expected one of <, <=, >, >=");
                return None;
            }
        };
        let l = self.expr(&b.left, scope);
        let r = self.expr(&b.right, scope);
        let (l, r) = (l?, r?);
        let (_, r) = self.unify(&l, r, &b.right, "compare", scope)?;
        Some((cmp, l.ir, r.ir, b.left.span(), b.right.span()))
    }
}

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

fn param(decl: &ParamDecl, supported: bool, errors: &mut Errors) -> Param {
    let (unit, unit_text) = match &decl.kind {
        ParamKind::Number(w) => (Some(w.unit), w.text.clone()),
        ParamKind::Switch => (None, "bool".to_string()),
    };
    Param {
        name: decl.name.clone(),
        docs: decl.docs.clone(),
        unit,
        unit_text,
        default: match &decl.kind {
            ParamKind::Switch => match &decl.default {
                Expr::Lit(syn::ExprLit {
                    lit: Lit::Bool(b), ..
                }) => DefaultValue::Switch(b.value),
                other => {
                    errors.at(
                        &other,
                        format!(
                            "the default of switch `{}` must be `true` or `false`",
                            decl.name
                        ),
                    );
                    DefaultValue::Switch(false)
                }
            },
            ParamKind::Number(_) => DefaultValue::Number(f64::NAN), // filled in below
        },
        constraints: Vec::new(),
        allow_inf: decl.allow_inf,
        supported,
    }
}

/// The parameters every NEST node has as an archiving node (nestkernel/archiving_node.cpp):
/// the time constants of the post-synaptic traces that spike-timing dependent synapses read.
/// Every model declared with a macro gets them after its own.
const ARCHIVING: &str = "/// Time constant of the post-synaptic trace that STDP synapses read.
    tau_minus: ms = 20.0 where > 0;
    /// Time constant of the slow post-synaptic trace of triplet STDP.
    tau_minus_triplet: ms = 110.0 where > 0;";

/// Unit analysis of a parameter list on its own: supported parameters `declared`, then the
/// archiving parameters every node has ([`ARCHIVING`]), then default-only ones `unsupported`;
/// defaults are evaluated and checked against the constraints. `states` are only named in
/// errors (a constraint may not refer to them).
pub fn analyse_params(
    declared: &[ParamDecl],
    unsupported: &[ParamDecl],
    states: &[State],
    errors: &mut Errors,
) -> Vec<Param> {
    let archiving = crate::rate::parse_params(ARCHIVING).expect("the archiving parameters parse");
    for d in declared {
        if archiving.iter().any(|a| a.name == d.name) {
            errors.at(
                &d.name,
                format!(
                    "`{}` is a parameter of every neuron (NEST's archiving node, read by STDP synapses): remove it from the model",
                    d.name
                ),
            );
        }
    }
    let mut all: Vec<ParamDecl> = declared.to_vec();
    all.extend(
        archiving
            .into_iter()
            .filter(|a| !declared.iter().any(|d| d.name == a.name)),
    );
    analyse_param_list(&all, unsupported, states, errors)
}

/// [`analyse_params`] of the complete list of supported parameters.
fn analyse_param_list(
    declared: &[ParamDecl],
    unsupported: &[ParamDecl],
    states: &[State],
    errors: &mut Errors,
) -> Vec<Param> {
    let weight_names: Vec<String> = Vec::new();
    let currents: Vec<Current> = Vec::new();
    let mut params: Vec<Param> = declared.iter().map(|d| param(d, true, errors)).collect();
    params.extend(unsupported.iter().map(|d| param(d, false, errors)));
    // Defaults (constants only) and constraints (parameters).
    let mut defaults = Vec::new();
    let mut constraints = Vec::new();
    {
        let mut ctx = Ctx::new(
            &params,
            states,
            &currents,
            &weight_names,
            std::mem::take(errors),
        );
        let decls: Vec<&ParamDecl> = declared.iter().chain(unsupported).collect();
        for (p, d) in params.iter().zip(&decls) {
            let Some(unit) = p.unit else {
                defaults.push(None);
                constraints.push(Vec::new());
                continue;
            };
            let what = format!("the default of `{}`", p.name);
            let v = ctx
                .expect(
                    &d.default,
                    Scope::default(),
                    unit,
                    &p.unit_text,
                    &what,
                    true,
                )
                .and_then(|ir| match ir.eval_const() {
                    Some(v) if v.is_nan() => {
                        ctx.errors.at(&d.default, format!("{what} is not a number"));
                        None
                    }
                    Some(v) => Some(v),
                    None => {
                        ctx.errors
                            .at(&d.default, format!("{what} must be a constant"));
                        None
                    }
                });
            defaults.push(v);
            if let (Some(v), false) = (v, d.allow_inf) {
                if v.is_infinite() {
                    ctx.errors.at(
                        &d.default,
                        format!("{what} is infinite: add `where inf` to allow infinite values"),
                    );
                }
            }
            let scope = Scope {
                params: true,
                ..Scope::default()
            };
            let mut cs = Vec::new();
            for c in &d.constraints {
                let cmp = match c.op {
                    BinOp::Lt(_) => Cmp::Lt,
                    BinOp::Le(_) => Cmp::Le,
                    BinOp::Gt(_) => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                let what = format!("the bound of `{}`", p.name);
                if let Some(ir) = ctx.expect(&c.rhs, scope, unit, &p.unit_text, &what, true) {
                    cs.push((cmp, ir, format!("{} {}", cmp.text(), expr_text(&c.rhs))));
                }
            }
            constraints.push(cs);
        }
        *errors = ctx.errors;
    }
    for ((p, d), cs) in params.iter_mut().zip(defaults).zip(constraints) {
        if let Some(v) = d {
            p.default = DefaultValue::Number(v);
        }
        p.constraints = cs;
    }
    // Defaults are constants, so their constraints can be checked now.
    let default_of = |i: usize| match params[i].default {
        DefaultValue::Number(v) => Some(v),
        DefaultValue::Switch(_) => None,
    };
    for (p, d) in params.iter().zip(declared.iter().chain(unsupported)) {
        let DefaultValue::Number(v) = p.default else {
            continue;
        };
        for (cmp, rhs, text) in &p.constraints {
            let Some(bound) = eval_with(rhs, &default_of) else {
                continue;
            };
            if !v.is_nan() && !bound.is_nan() && !cmp.holds(v, bound) {
                errors.at(
                    &d.default,
                    format!(
                        "the default {v} {} of `{}` violates its constraint `{text}` (= {bound} {})",
                        p.unit_text, p.name, p.unit_text
                    ),
                );
            }
        }
    }

    params
}

/// Unit analysis of a dimensionless function of one dimensionless argument `arg` and the
/// parameters (a rate model's nonlinearity).
pub fn analyse_function(
    params: &[Param],
    arg: &Ident,
    body: &Expr,
    what: &str,
    errors: &mut Errors,
) -> Option<Ir> {
    let states = [State {
        name: arg.clone(),
        docs: Vec::new(),
        unit: Unit::ONE,
        unit_text: "1".into(),
        init: Ir::Num(0.0),
        init_text: "0".into(),
    }];
    let weight_names: Vec<String> = Vec::new();
    let mut ctx = Ctx::new(params, &states, &[], &weight_names, std::mem::take(errors));
    let scope = Scope {
        params: true,
        states: true,
        select: true,
        ..Scope::default()
    };
    let ir = ctx.expect(body, scope, Unit::ONE, "1", what, true);
    *errors = ctx.errors;
    ir
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

/// The declared recordables: each a new name, its value in its declared unit.
fn analyse_recordables(ctx: &mut Ctx<'_>, m: &ModelDef, scope: Scope) -> Vec<Recordable> {
    let mut out = Vec::new();
    for d in &m.recordables {
        let taken = m.params.iter().any(|p| p.name == d.name)
            || m.state.iter().any(|s| s.name == d.name)
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
