//! Analysis of the dynamics: auxiliary definitions, equations, and the explicit update rule.

use super::*;

/// The definitions and equations; whether an equation failed (then unused inputs are not
/// reported: the failed one may be the one using them).
pub(super) fn equations(ctx: &mut Ctx, m: &ModelDef) -> (Vec<(Ident, Ir)>, Vec<Equation>) {
    let alias_scope = Scope {
        params: true,
        states: true,
        currents: true,
        aliases: true,
        ..Scope::default()
    };
    let mut aliases = Vec::new();
    let mut equation_failed_early = false;
    for (name, e) in &m.lets {
        let n = name.to_string();
        if BUILTINS.contains(&n.as_str()) || n == "refractory" || ctx.lookup_silent(&n) {
            ctx.errors.at(name, format!("`{n}` is already declared"));
            continue;
        }
        match ctx.expr(e, alias_scope) {
            Some(t) => {
                ctx.aliases.push((n, t.unit, t.text.clone()));
                aliases.push((name.clone(), t.ir));
            }
            None => {
                // Keep the name known so that later uses do not report it as unknown.
                ctx.aliases.push((n, None, "any unit".into()));
                aliases.push((name.clone(), Ir::Num(f64::NAN)));
                equation_failed_early = true;
            }
        }
    }

    // Equations.
    let mut equations = Vec::new();
    let dyn_scope = Scope {
        params: true,
        states: true,
        currents: true,
        h: false,
        aliases: true,
        ..Scope::default()
    };
    let mut equation_failed = equation_failed_early;
    for eq in &m.equations {
        let Some(state) = ctx.state_index(&eq.var) else {
            equation_failed = true;
            continue;
        };
        if equations.iter().any(|e: &Equation| e.state == state) {
            ctx.errors
                .at(&eq.var, format!("`{}` already has an equation", eq.var));
            continue;
        }
        let s = &ctx.states[state];
        let target = s.unit.div(Unit::MS);
        let target_text = format!("{}/ms", s.unit_text);
        let what = format!("d/dt {}", s.name);
        if let Some(rhs) = ctx.expect(&eq.rhs, dyn_scope, target, &target_text, &what, false) {
            equations.push(Equation {
                state,
                rhs,
                rhs_tokens: quote::ToTokens::to_token_stream(&eq.rhs),
                text: format!("d/dt {} = {}", eq.var, expr_text(&eq.rhs)),
            });
        } else {
            equation_failed = true;
        }
    }
    for (i, c) in ctx.currents.iter().enumerate() {
        // An equation that failed to check may well be the one using the input.
        if c.post.is_none()
            && !equation_failed
            && m.update.is_none()
            && !equations
                .iter()
                .map(|e| &e.rhs)
                .chain(aliases.iter().map(|a| &a.1))
                .any(|e| e.mentions(&|x| *x == Ir::Current(i)))
        {
            ctx.errors.at(
                &m.currents[i].name,
                format!(
                    "input `{}` is never used: mention it in an equation or give it a `=>` rule",
                    c.name
                ),
            );
        }
    }

    (aliases, equations)
}

/// The explicit update rule (models without equations).
pub(super) fn update_rule(
    ctx: &mut Ctx,
    m: &ModelDef,
    aliases: &mut Vec<(Ident, Ir)>,
) -> Option<(Option<usize>, Vec<UpdateStmt>, Vec<UpdateStmt>)> {
    ctx.summed_units = m
        .spikes
        .iter()
        .map(|p| p.arms.is_empty().then_some(p.unit.unit))
        .collect();
    m.update.as_ref().and_then(|u| {
        if !m.equations.is_empty() {
            ctx.errors.at(
                &u.keyword,
                "a model has either equations or an update rule, not both",
            );
            return None;
        }
        let scope = Scope {
            params: true,
            states: true,
            currents: true,
            aliases: true,
            h: true,
            summed: true,
            ..Scope::default()
        };
        let switch = u.switch.as_ref().and_then(|sw| {
            let i = ctx
                .params
                .iter()
                .position(|p| p.name == *sw && p.unit.is_none());
            if i.is_none() {
                ctx.errors.at(
                    sw,
                    format!("`{sw}` must be a declared switch (`name: bool = true;`)"),
                );
            }
            i
        });
        let mut branch = |stmts: &[crate::parse::Stmt], ctx: &mut Ctx| -> Vec<UpdateStmt> {
            stmts
                .iter()
                .filter_map(|st| statement(ctx, st, scope, aliases, "an update statement"))
                .collect()
        };
        let then = branch(&u.then, ctx);
        let otherwise = branch(&u.otherwise, ctx);
        Some((switch, then, otherwise))
    })
}

/// One statement of a rule: a `let` becomes an alias (its IR appended to `aliases`), an
/// assignment is checked against its target's unit.
pub(super) fn statement(
    ctx: &mut Ctx,
    st: &crate::parse::Stmt,
    scope: Scope,
    aliases: &mut Vec<(Ident, Ir)>,
    what: &str,
) -> Option<UpdateStmt> {
    match st {
        crate::parse::Stmt::Let(name, e) => {
            let t = ctx.expr(e, scope)?;
            ctx.aliases.push((name.to_string(), t.unit, t.text.clone()));
            aliases.push((name.clone(), t.ir));
            Some(UpdateStmt::Let(aliases.len() - 1))
        }
        crate::parse::Stmt::Assign(e) => ctx.assign(e, scope, what).map(UpdateStmt::Assign),
    }
}
