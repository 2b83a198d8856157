//! The analysis context: what names mean in which position, and their lookup.

use super::*;

/// A typed sub-expression: `unit` is `None` for values that fit any unit (0, ±inf).
#[derive(Clone)]
pub(super) struct Typed {
    pub(super) ir: Ir,
    pub(super) unit: Option<Unit>,
    pub(super) text: String,
}

/// What a name may refer to in a given position.
#[derive(Clone, Copy, Default)]
pub(super) struct Scope {
    pub(super) params: bool,
    pub(super) states: bool,
    /// Current ports without a post rule (equations).
    pub(super) currents: bool,
    /// One specific current port (its own post rule).
    pub(super) current: Option<usize>,
    pub(super) weight: bool,
    pub(super) h: bool,
    /// Auxiliary definitions and `if refractory { .. } else { .. }` (equations only).
    pub(super) aliases: bool,
    /// Conditional values `if x > y { a } else { b }` (threshold).
    pub(super) select: bool,
    /// `old(x)`: a state variable at the start of the step (threshold).
    pub(super) old: bool,
    /// The summed spike input of ports without jump rules (update rules).
    pub(super) summed: bool,
    /// A synapse's rules: `if first { .. } else { .. }` instead of `refractory`.
    pub(super) synapse: bool,
}

pub(super) struct Ctx<'a> {
    pub(super) params: &'a [Param],
    pub(super) states: &'a [State],
    pub(super) currents: &'a [Current],
    /// The weight of the spike port whose rules are being checked.
    pub(super) weight: Option<(String, Unit, String)>,
    /// Every spike port's weight name, to explain why it is out of scope elsewhere.
    pub(super) weight_names: &'a [String],
    /// Auxiliary definitions checked so far: (name, unit, unit text).
    pub(super) aliases: Vec<(String, Option<Unit>, String)>,
    /// `let` definitions of the spike route being checked, substituted where they are used.
    pub(super) route_locals: Vec<(String, Typed)>,
    /// Unit of each spike port's weight (None for ports with jump rules: not summable).
    pub(super) summed_units: Vec<Option<Unit>>,
    pub(super) errors: Errors,
}

/// Names the DSL gives a meaning to (`refractory` is the condition of `if refractory { .. }`).
/// Nothing else is reserved: generated code never meets a declared name ([`crate::names`]).
pub(super) const BUILTINS: [&str; 5] = ["h", "e", "pi", "inf", "refractory"];

pub(super) fn unit_text_mul(a: &str, b: &str, op: &str) -> String {
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
    pub(super) fn new(
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
    pub(super) fn suggest(&self, found: Unit, expected: Unit, params_allowed: bool) -> String {
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

    pub(super) fn lookup(&mut self, id: &Ident, scope: Scope) -> Option<Typed> {
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
    pub(super) fn lookup_silent(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name)
            || self.states.iter().any(|s| s.name == name)
            || self.currents.iter().any(|c| c.name == name)
            || self.aliases.iter().any(|a| a.0 == name)
            || self.weight_names.iter().any(|w| w == name)
    }
}
