//! Analysis of spike events: threshold, reset and bounds.

use super::*;

/// The spike condition, the reset rules and the bounds.
pub(super) fn events(
    ctx: &mut Ctx,
    m: &ModelDef,
    event_scope: Scope,
) -> (Option<Threshold>, Vec<Assign>, Vec<Bound>) {
    let threshold = m.threshold.as_ref().and_then(|t| {
        let scope = Scope {
            select: true,
            old: true,
            summed: true,
            ..event_scope
        };
        // Split `a && b && !refractory` into its terms.
        fn terms<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
            match e {
                Expr::Binary(b) if matches!(b.op, BinOp::And(_)) => {
                    terms(&b.left, out);
                    terms(&b.right, out);
                }
                Expr::Paren(p) => terms(&p.expr, out),
                other => out.push(other),
            }
        }
        let mut parts = Vec::new();
        terms(t, &mut parts);
        let mut comparisons = Vec::new();
        let mut unless_refractory = false;
        let mut ok = true;
        for part in parts {
            match part {
                Expr::Unary(u)
                    if matches!(u.op, UnOp::Not(_))
                        && path_ident(&u.expr).is_some_and(|i| i == "refractory") =>
                {
                    unless_refractory = true;
                }
                other => match ctx.comparison(other, scope) {
                    Some((cmp, l, r, _, _)) => comparisons.push((cmp, l, r)),
                    None => ok = false,
                },
            }
        }
        if comparisons.is_empty() && ok {
            ctx.errors.at(
                t,
                "a threshold needs at least one comparison such as `V_m >= V_th`",
            );
            return None;
        }
        ok.then(|| (comparisons, unless_refractory, expr_text(t)))
    });
    let reset: Vec<Assign> = m
        .reset
        .iter()
        .filter_map(|r| ctx.assign(r, event_scope, "a reset rule"))
        .collect();
    if threshold.is_none() && !reset.is_empty() && m.threshold.is_none() {
        ctx.errors.at(&m.reset[0], "a reset needs a `threshold`");
    }
    let mut bounds = Vec::new();
    for b in &m.bounds {
        let Expr::Binary(bin) = b else {
            ctx.errors
                .at(&b, "a bound reads `x >= lower` or `x <= upper`");
            continue;
        };
        let Some(id) = path_ident(&bin.left) else {
            ctx.errors.at(
                &bin.left,
                "the left side of a bound must be a state variable",
            );
            continue;
        };
        let Some(state) = ctx.state_index(id) else {
            continue;
        };
        let cmp = match bin.op {
            BinOp::Ge(_) => Cmp::Ge,
            BinOp::Le(_) => Cmp::Le,
            _ => {
                ctx.errors.at(&bin.op, "a bound uses `>=` or `<=`");
                continue;
            }
        };
        let (u, t) = (ctx.states[state].unit, ctx.states[state].unit_text.clone());
        let scope = Scope {
            params: true,
            ..Scope::default()
        };
        if let Some(rhs) = ctx.expect(
            &bin.right,
            scope,
            u,
            &t,
            &format!("the bound of `{id}`"),
            false,
        ) {
            bounds.push(Bound {
                state,
                cmp,
                rhs,
                text: expr_text(b),
            });
        }
    }

    (threshold, reset, bounds)
}

/// `with multiplicity N`: how many spikes the neuron sends at once (dimensionless; read with
/// the threshold's names).
pub(super) fn multiplicity(ctx: &mut Ctx, m: &ModelDef, event_scope: Scope) -> Option<Ir> {
    let e = m.multiplicity.as_ref()?;
    let scope = Scope {
        select: true,
        summed: true,
        ..event_scope
    };
    let what = "the multiplicity (a number of spikes)";
    ctx.expect(e, scope, Unit::ONE, "1", what, false)
}
