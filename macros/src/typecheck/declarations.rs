//! Analysis of the declarations: names unique and not built in, notes about declared names,
//! one port of each kind per receptor, no route after the catch-all.

use proc_macro2::Span;
use syn::Ident;

use super::{BUILTINS, Errors};
use crate::parse::ModelDef;

/// Checks the declared names and ports; returns every spike port's weight name.
pub(super) fn check(m: &ModelDef, errors: &mut Errors) -> Vec<String> {
    // Declared names must be unique and must not shadow builtins.
    let mut seen: Vec<(String, Span)> = Vec::new();
    let mut declare = |id: &Ident, errors: &mut Errors| {
        let n = id.to_string();
        if BUILTINS.contains(&n.as_str()) {
            errors.at(
                &id,
                format!(
                    "`{n}` is a built-in name (h, e, pi, inf, refractory) and cannot be declared"
                ),
            );
        } else if seen.iter().any(|(s, _)| *s == n) {
            errors.at(
                &id,
                format!("duplicate name `{n}`: it is already declared in this model"),
            );
        } else {
            seen.push((n, id.span()));
        }
    };
    for p in m.params.iter().chain(&m.unsupported) {
        declare(&p.name, errors);
    }
    for s in &m.state {
        declare(&s.name, errors);
    }
    for c in &m.currents {
        declare(&c.name, errors);
    }
    for port in &m.spikes {
        declare(&port.weight, errors);
    }
    if let Some(name) = m.refractory.as_ref().and_then(|r| r.remaining.as_ref()) {
        declare(name, errors);
    }
    let weight_names: Vec<String> = m.spikes.iter().map(|p| p.weight.to_string()).collect();
    for (name, _) in &m.notes {
        let n = name.to_string();
        if n != "model" && !seen.iter().any(|(s, _)| *s == n) {
            errors.at(
                name,
                format!("a note is about a declared name or `model`; `{n}` is neither"),
            );
        }
    }

    ports(m, errors);
    weight_names
}

/// Each receptor carries one spike port and one current port at most; routes after the
/// catch-all `_` could never be taken.
fn ports(m: &ModelDef, errors: &mut Errors) {
    for (k, port) in m.spikes.iter().enumerate() {
        if m.spikes[..k].iter().any(|q| q.receptor == port.receptor) {
            errors.at(
                &port.weight,
                format!("receptor {} already has a spike port", port.receptor),
            );
        }
        if let Some(pos) = port.arms.iter().position(|a| a.cond.is_none()) {
            if let Some(late) = port.arms.get(pos + 1) {
                let at: &dyn quote::ToTokens = match (&late.cond, late.rules.first()) {
                    (Some(c), _) => c,
                    (None, Some(crate::parse::ArmRule::Jump(j))) => &j.expr,
                    (None, Some(crate::parse::ArmRule::Let(name, _))) => name,
                    (None, None) => &port.weight,
                };
                errors.at(
                    at,
                    "this route comes after the catch-all `_` and can never be taken",
                );
            }
        }
    }
    for (k, c) in m.currents.iter().enumerate() {
        if m.currents[..k].iter().any(|q| q.receptor == c.receptor) {
            errors.at(
                &c.name,
                format!("receptor {} already has a current port", c.receptor),
            );
        }
    }
}
