//! Unit analysis of parameter lists (shared by `neuron!`, `rate_neuron!` and
//! `binary_neuron!`) and of a rate model's nonlinearity.

use super::*;

pub(super) fn param(decl: &ParamDecl, supported: bool, errors: &mut Errors) -> Param {
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
    let archiving = crate::parse::param_decls(ARCHIVING).expect("the archiving parameters parse");
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

/// Unit analysis of a parameter list without the archiving parameters (a synapse's).
pub fn analyse_own_params(
    declared: &[ParamDecl],
    unsupported: &[ParamDecl],
    errors: &mut Errors,
) -> Vec<Param> {
    analyse_param_list(declared, unsupported, &[], errors)
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
