//! Expected units and the statements built from typed expressions (assignments, jumps,
//! comparisons), with the errors that name the fix.

use super::*;

impl<'a> Ctx<'a> {
    /// Types `e` and converts it to `target`. A dimensionless value is taken to be in the
    /// target unit when `bare_is_target` (declarations: `C_m: pF = 250.0`).
    pub(super) fn expect(
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
    pub(super) fn misdeclared(
        &self,
        e: &Expr,
        scope: Scope,
        target: Unit,
    ) -> Option<(Param, String)> {
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
    pub(super) fn blame(
        &mut self,
        p: &Param,
        meant: &str,
        what: &str,
        got: Option<&str>,
        target: &str,
    ) {
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
    pub(super) fn fits_with(
        &self,
        e: &Expr,
        scope: Scope,
        target: Unit,
        i: usize,
        unit: Unit,
    ) -> bool {
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

    pub(super) fn state_index(&mut self, id: &Ident) -> Option<usize> {
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

    pub(super) fn assign(&mut self, e: &Expr, scope: Scope, what: &str) -> Option<Assign> {
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
    pub(super) fn jump(&mut self, j: &crate::parse::Jump, scope: Scope) -> Option<Assign> {
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

    pub(super) fn comparison(
        &mut self,
        e: &Expr,
        scope: Scope,
    ) -> Option<(Cmp, Ir, Ir, Span, Span)> {
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
