//! Unit analysis of a synapse model's variables and rules (`synapse!`).
//!
//! Names in a rule: the parameters, the synapse's variables, and names the DSL gives: `w` (the
//! weight, assignable), `dt` (ms: the time since the previous presynaptic spike, to the event
//! the rule handles), `K_minus`, `K_minus_triplet` and `K_minus_nn` (the target's traces, the
//! last the nearest-neighbour one: at the postsynaptic spike in `on post`, at the presynaptic
//! spike's arrival in `on pre`), and `n_post` (the postsynaptic spikes since the previous
//! presynaptic one: all of them in `on pre`, those up to the current one in `on post`).

use super::dynamics::statement;
use super::*;
use crate::synapse::parse::{RuleStmt, SynapseDef, VarDecl};

/// The names the DSL gives a synapse rule, after the model's variables in the analysis, with
/// their units.
const GIVEN: [(&str, Unit, &str); 6] = [
    ("dt", Unit::MS, "ms"),
    ("K_minus", Unit::ONE, "1"),
    ("K_minus_triplet", Unit::ONE, "1"),
    ("K_minus_nn", Unit::ONE, "1"),
    ("n_post", Unit::ONE, "1"),
    ("w", Unit::ONE, "1"),
];

/// What a state index of a rule's IR names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleName {
    /// A declared variable, by index.
    Var(usize),
    /// Time since the previous presynaptic spike (ms).
    Elapsed,
    KMinus,
    KMinusTriplet,
    /// The nearest-neighbour trace of the target.
    KMinusNn,
    /// The number of postsynaptic spikes since the previous presynaptic one.
    PostCount,
    Weight,
}

/// One checked statement of a rule.
pub enum RuleItem {
    Stmt(UpdateStmt),
    /// The weight the spike is sent with, and the condition for sending it at all.
    Send(Ir, Option<Cond>),
}

/// One checked rule and its local definitions.
#[derive(Default)]
pub struct CheckedRule {
    pub items: Vec<RuleItem>,
    pub aliases: Vec<(Ident, Ir)>,
}

/// The analysed synapse model.
pub struct SynapseRules {
    pub vars: Vec<State>,
    /// Each variable's decay factor as a function of `dt` (None: kept between events).
    pub decays: Vec<Option<Ir>>,
    pub post: Option<CheckedRule>,
    /// `on first post`: the post rule runs for the first postsynaptic spike only.
    pub first_post_only: bool,
    pub pre: CheckedRule,
}

impl CheckedRule {
    /// Every expression of the rule (statements, definitions, what is sent and when).
    pub fn exprs(&self) -> Vec<&Ir> {
        let mut out: Vec<&Ir> = self.aliases.iter().map(|(_, ir)| ir).collect();
        for it in &self.items {
            match it {
                RuleItem::Stmt(UpdateStmt::Assign(a)) => out.push(&a.rhs),
                RuleItem::Stmt(UpdateStmt::Let(_)) => {}
                RuleItem::Send(v, cond) => {
                    out.push(v);
                    if let Some(Cond::Cmp(_, l, r)) = cond {
                        out.extend([l, r]);
                    }
                }
            }
        }
        out
    }
}

impl SynapseRules {
    /// Whether a rule draws random numbers.
    pub fn draws(&self) -> bool {
        let pred = |x: &Ir| matches!(x, Ir::Call(f, _) if f.draws());
        let rules = self.post.iter().chain([&self.pre]);
        rules
            .flat_map(CheckedRule::exprs)
            .any(|ir| ir.mentions(&pred))
    }

    /// What state index `k` of the rules' IR names.
    pub fn name_of(&self, k: usize) -> RuleName {
        let n = self.vars.len();
        match k.checked_sub(n) {
            None => RuleName::Var(k),
            Some(0) => RuleName::Elapsed,
            Some(1) => RuleName::KMinus,
            Some(2) => RuleName::KMinusTriplet,
            Some(3) => RuleName::KMinusNn,
            Some(4) => RuleName::PostCount,
            _ => RuleName::Weight,
        }
    }
}

/// Analyses the variables and rules of `def` over the analysed parameters.
pub fn analyse_synapse(
    def: &SynapseDef,
    params: &[Param],
    errors: &mut Errors,
) -> Option<SynapseRules> {
    let mut vars: Vec<State> = def.states.iter().map(|v| var(v, params, errors)).collect();
    let n = vars.len();
    for (name, unit, text) in GIVEN {
        vars.push(State {
            name: Ident::new(name, Span::call_site()),
            docs: Vec::new(),
            unit,
            unit_text: text.into(),
            init: Ir::Num(0.0),
            init_text: "0".into(),
        });
    }
    let mut ctx = Ctx::new(params, &vars, &[], &[], std::mem::take(errors));
    let scope = Scope {
        params: true,
        states: true,
        select: true,
        aliases: true,
        synapse: true,
        ..Scope::default()
    };
    let decays = def
        .states
        .iter()
        .map(|v| {
            let e = v.decay.as_ref()?;
            let what = format!("the decay factor of `{}`", v.name);
            ctx.expect(e, scope, Unit::ONE, "1", &what, true)
        })
        .collect();
    let post = def
        .on_post
        .as_ref()
        .map(|r| rule(&mut ctx, &r.stmts, scope, n, false));
    let pre = rule(&mut ctx, &def.on_pre.stmts, scope, n, true);
    *errors = ctx.errors;
    vars.truncate(n);
    Some(SynapseRules {
        vars,
        decays,
        post,
        first_post_only: def.on_post.as_ref().is_some_and(|r| r.first_only),
        pre,
    })
}

/// A declared variable: its unit and constant initial value; the DSL's names are refused.
fn var(v: &VarDecl, params: &[Param], errors: &mut Errors) -> State {
    let name = v.name.to_string();
    if GIVEN.iter().any(|g| g.0 == name) || params.iter().any(|p| p.name == name) {
        errors.at(
            &v.name,
            format!("`{name}` is already declared (w, dt, K_minus, K_minus_triplet, K_minus_nn and n_post are given by the DSL)"),
        );
    }
    let mut ctx = Ctx::new(params, &[], &[], &[], std::mem::take(errors));
    let what = format!("the initial value of `{name}`");
    let init = ctx
        .expect(
            &v.init,
            Scope::default(),
            v.unit.unit,
            &v.unit.text,
            &what,
            true,
        )
        .unwrap_or(Ir::Num(0.0));
    *errors = ctx.errors;
    State {
        name: v.name.clone(),
        docs: v.docs.clone(),
        unit: v.unit.unit,
        unit_text: v.unit.text.clone(),
        init,
        init_text: expr_text(&v.init),
    }
}

/// One rule's statements, with its own local definitions. `n` declared variables precede the
/// DSL's names; only `w` and declared variables may be assigned, and in `on post` only `w`
/// (the synapse's variables change at presynaptic spikes, as in NEST's models).
fn rule(ctx: &mut Ctx, stmts: &[RuleStmt], scope: Scope, n: usize, pre: bool) -> CheckedRule {
    let mut out = CheckedRule::default();
    let saved = std::mem::take(&mut ctx.aliases);
    let mut sent = false;
    for st in stmts {
        match st {
            RuleStmt::Stmt(s) => {
                if let crate::parse::Stmt::Let(name, _) = s {
                    let taken = ctx.lookup_silent(&name.to_string());
                    if taken || BUILTINS.contains(&name.to_string().as_str()) {
                        ctx.errors.at(name, format!("`{name}` is already declared"));
                        continue;
                    }
                }
                let Some(item) = statement(ctx, s, scope, &mut out.aliases, "a rule") else {
                    continue;
                };
                if let UpdateStmt::Assign(a) = &item {
                    if let Some(msg) = assign_refusal(ctx, a.target, n, pre) {
                        if let crate::parse::Stmt::Assign(e) = s {
                            ctx.errors.at(e, msg);
                        }
                        continue;
                    }
                }
                out.items.push(RuleItem::Stmt(item));
            }
            RuleStmt::Send(kw, e, when) => {
                if !pre || sent {
                    let why = if pre {
                        "a rule sends once: remove the second `send`"
                    } else {
                        "`send` belongs in `on pre`: a postsynaptic spike sends nothing"
                    };
                    ctx.errors.at(kw, why);
                    continue;
                }
                sent = true;
                let what = "the weight sent";
                let value = ctx.expect(e, scope, Unit::ONE, "1", what, true);
                let cond = when.as_ref().map(|c| {
                    ctx.comparison(c, scope)
                        .map(|(cmp, l, r, _, _)| Cond::Cmp(cmp, l, r))
                });
                match (value, cond) {
                    (Some(v), None) => out.items.push(RuleItem::Send(v, None)),
                    (Some(v), Some(Some(c))) => out.items.push(RuleItem::Send(v, Some(c))),
                    _ => {}
                }
            }
        }
    }
    ctx.aliases = saved;
    out
}

/// Why assigning state index `k` is refused, if it is.
fn assign_refusal(ctx: &Ctx, k: usize, n: usize, pre: bool) -> Option<String> {
    let name = &ctx.states[k].name;
    if k >= n && name != "w" {
        return Some(format!(
            "`{name}` is given by the DSL and cannot be assigned"
        ));
    }
    None.or_else(|| {
        (!pre && k < n).then(|| {
            format!("`{name}` is a variable of the synapse: assign it in `on pre` (only `w` changes at postsynaptic spikes)")
        })
    })
}
