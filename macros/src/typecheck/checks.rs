//! Analysis of checks: requirements on the parameter set, numerical-instability conditions,
//! the solver's settings and the sections that need one another.

use super::*;

/// `require COND [if GUARD];`: parameters and constants only.
pub(super) fn requirements(ctx: &mut Ctx, m: &ModelDef) -> Vec<Require> {
    let mut requires = Vec::new();
    let param_scope = Scope {
        params: true,
        ..Scope::default()
    };
    for (cond, guard_expr) in &m.requires {
        let c = ctx.comparison(cond, param_scope);
        let g = guard_expr.as_ref().map(|g| ctx.comparison(g, param_scope));
        let (Some((cmp, l, r, _, _)), g) = (c, g) else {
            continue;
        };
        let guard = match g {
            Some(Some((gc, gl, gr, _, _))) => Some((gc, gl, gr)),
            Some(None) => continue,
            None => None,
        };
        let first = std::cell::Cell::new(None);
        for side in [&l, &r] {
            side.mentions(&|x| {
                if let (Ir::Param(i), None) = (x, first.get()) {
                    first.set(Some(*i));
                }
                false
            });
        }
        let Some(param) = first.get() else {
            ctx.errors
                .at(cond, "a requirement must name at least one parameter");
            continue;
        };
        let text = match guard_expr {
            Some(g) => format!("{} when {}", expr_text(cond), expr_text(g)),
            None => expr_text(cond),
        };
        requires.push(Require {
            cond: (cmp, l, r),
            guard,
            text,
            param,
        });
    }

    requires
}

/// Numerical-instability conditions and the solver settings.
#[allow(clippy::type_complexity)]
pub(super) fn solver(
    ctx: &mut Ctx,
    m: &ModelDef,
    event_scope: Scope,
) -> (Vec<(Cmp, Ir, Ir, String)>, Option<[Ir; 4]>) {
    let mut unstable = Vec::new();
    for u in &m.unstable {
        if let Some((cmp, l, r, _, _)) = ctx.comparison(u, event_scope) {
            unstable.push((cmp, l, r, expr_text(u)));
        }
    }
    let solver = m.solver.as_ref().and_then(|sv| {
        if sv.name != "rkf45" {
            ctx.errors.at(&sv.name, format!("unknown solver `{}`: the available one is `rkf45`", sv.name));
            return None;
        }
        let keys = ["abs", "rel", "y", "dydt"];
        let scope = Scope {
            params: true,
            ..Scope::default()
        };
        let mut values: [Option<Ir>; 4] = [None, None, None, None];
        for (k, v) in &sv.settings {
            match keys.iter().position(|x| k == x) {
                Some(i) => {
                    let what = format!("the solver setting `{k}`");
                    values[i] = ctx.expect(v, scope, Unit::ONE, "1 (dimensionless)", &what, false);
                }
                None => ctx.errors.at(k, format!("unknown solver setting `{k}`: use abs, rel, y and dydt (GSL's standard control)")),
            }
        }
        if values.iter().any(|v| v.is_none()) {
            ctx.errors.at(&sv.name, "rkf45 needs all four settings: abs, rel, y and dydt");
            return None;
        }
        Some(values.map(|v| v.unwrap_or(Ir::Num(0.0))))
    });
    for port in &m.spikes {
        if port.after_first_substep && m.solver.is_none() {
            ctx.errors.at(
                &port.weight,
                "`after first substep` needs `solver rkf45 { .. }`",
            );
        }
    }
    if m.threshold_per_substep && m.threshold.is_none() {
        ctx.errors.at(&m.ident, "`per substep` needs a threshold");
    }
    (unstable, solver)
}
