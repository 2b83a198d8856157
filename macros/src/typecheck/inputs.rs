//! Analysis of the inputs: the state's initial values, the rules of current inputs applied
//! after propagation, and the spike ports with their routes and jumps.

use syn::{BinOp, Expr};

use super::*;

/// State initial values: parameters (defaults) and constants.
pub(super) fn initial_values(
    m: &ModelDef,
    params: &[Param],
    states: &mut [State],
    currents: &[Current],
    weight_names: &[String],
    errors: &mut Errors,
) {
    let mut inits = Vec::new();
    {
        let mut ctx = Ctx::new(
            params,
            states,
            currents,
            weight_names,
            std::mem::take(errors),
        );
        for s in &m.state {
            let scope = Scope {
                params: true,
                ..Scope::default()
            };
            let what = format!("the initial value of `{}`", s.name);
            inits.push(match &s.init {
                Some(e) => ctx.expect(e, scope, s.unit.unit, &s.unit.text, &what, true),
                None => Some(Ir::Num(0.0)),
            });
        }
        *errors = ctx.errors;
    }
    for (s, init) in states.iter_mut().zip(inits) {
        if let Some(i) = init {
            s.init = i;
        }
    }
}

/// Post-propagation rules of the current inputs.
pub(super) fn current_rules(
    m: &ModelDef,
    params: &[Param],
    states: &[State],
    currents: &mut [Current],
    weight_names: &[String],
    errors: &mut Errors,
) {
    let mut posts = Vec::new();
    {
        let mut ctx = Ctx::new(
            params,
            states,
            currents,
            weight_names,
            std::mem::take(errors),
        );
        for (i, c) in m.currents.iter().enumerate() {
            let scope = Scope {
                params: true,
                states: true,
                current: Some(i),
                h: true,
                ..Scope::default()
            };
            let post = c.post.as_ref().and_then(|e| {
                let a = ctx.assign(e, scope, "an input rule")?;
                if !a.rhs.mentions(&|x| *x == Ir::Current(i)) {
                    ctx.errors.at(
                        &e,
                        format!("the rule of input `{}` does not use `{}`", c.name, c.name),
                    );
                }
                Some(a)
            });
            let text = format!(
                "current {}: {} on receptor {}{}",
                c.name,
                c.unit.text,
                c.receptor,
                c.post
                    .as_ref()
                    .map(|e| format!(" => {}", expr_text(e)))
                    .unwrap_or_default()
            );
            posts.push((post, text));
        }
        *errors = ctx.errors;
    }
    for (c, (post, text)) in currents.iter_mut().zip(posts) {
        c.post = post;
        c.text = text;
    }
}

/// The spike ports: routes by the weight's sign, and their rules.
pub(super) fn spike_ports(ctx: &mut Ctx, m: &ModelDef) -> Vec<SpikePort> {
    let mut spikes = Vec::new();
    for port in &m.spikes {
        ctx.weight = Some((
            port.weight.to_string(),
            port.unit.unit,
            port.unit.text.clone(),
        ));
        let scope = Scope {
            params: true,
            states: true,
            weight: true,
            h: true,
            select: true,
            ..Scope::default()
        };
        let mut arms = Vec::new();
        let mut text = format!(
            "spikes {}: {} on receptor {}{}:",
            port.weight,
            port.unit.text,
            port.receptor,
            if port.counted.is_some() {
                " counted"
            } else {
                ""
            }
        );
        if let Some(word) = &port.counted {
            if !port.unit.unit.is_dimensionless() {
                ctx.errors.at(
                    word,
                    format!("a counted port counts spikes: declare it dimensionless, `spikes {}: 1 counted`", port.weight),
                );
            }
            if let Some(c) = port.arms.iter().find_map(|a| a.cond.as_ref()) {
                ctx.errors.at(
                    c,
                    "a counted port ignores the weight, so it has no routes by its sign: use `_ => ...`",
                );
            }
        }
        for arm in &port.arms {
            let cond = arm.cond.as_ref().and_then(|c| {
                let ok = match c {
                    Expr::Binary(b) => {
                        path_ident(&b.left).is_some_and(|i| *i == port.weight)
                            && is_zero_literal(&b.right)
                    }
                    _ => false,
                };
                if !ok {
                    ctx.errors.at(
                        &c,
                        format!("a spike route must compare the weight with zero, e.g. `{} > 0`, or be `_`", port.weight),
                    );
                    return None;
                }
                let Expr::Binary(b) = c else { return None };
                match b.op {
                    BinOp::Lt(_) => Some(Cmp::Lt),
                    BinOp::Le(_) => Some(Cmp::Le),
                    BinOp::Gt(_) => Some(Cmp::Gt),
                    BinOp::Ge(_) => Some(Cmp::Ge),
                    _ => {
                        ctx.errors.at(&b.op, "expected one of <, <=, >, >=");
                        None
                    }
                }
            });
            ctx.route_locals.clear();
            let mut jumps = Vec::new();
            let mut rules_text = Vec::new();
            for rule in &arm.rules {
                match rule {
                    crate::parse::ArmRule::Let(name, value) => {
                        rules_text.push(format!("let {name} = {}", expr_text(value)));
                        if ctx.lookup_silent(&name.to_string()) || name == &port.weight {
                            ctx.errors.at(
                                name,
                                format!("`{name}` is already a name of the model: a route's `let` needs a new name"),
                            );
                        } else if let Some(t) = ctx.expr(value, scope) {
                            ctx.route_locals.push((name.to_string(), t));
                        }
                    }
                    crate::parse::ArmRule::Jump(j) => {
                        rules_text.push(match j.set {
                            Some(_) => format!("set {}", expr_text(&j.expr)),
                            None => expr_text(&j.expr),
                        });
                        jumps.extend(ctx.jump(j, scope));
                    }
                }
            }
            ctx.route_locals.clear();
            text.push_str(&format!(
                " {} => {};",
                arm.cond
                    .as_ref()
                    .map(expr_text)
                    .unwrap_or_else(|| "_".into()),
                rules_text.join("; ")
            ));
            arms.push(SpikeArm { cond, jumps });
        }
        if !port.arms.is_empty() && !port.arms.iter().any(|a| a.cond.is_none()) {
            ctx.errors.at(
                &port.weight,
                "a spike port needs a catch-all route `_ => ...` so that every weight goes somewhere",
            );
        }
        spikes.push(SpikePort {
            receptor: port.receptor,
            counted: port.counted.is_some(),
            after_first_substep: port.after_first_substep,
            arms,
            text,
        });
    }
    ctx.weight = None;

    spikes
}
