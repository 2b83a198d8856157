//! Stage 3: classify the dynamics. A right-hand side that is affine in the state and in the
//! input currents, with coefficients built only from parameters, is integrated exactly with a
//! propagator matrix; anything else is non-linear.

use std::collections::BTreeMap;

use crate::ir::{Ir, Op};
use crate::typecheck::{Analysed, Errors};

/// A column of the augmented system: a state variable, the constant 1, or an input current.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    State(usize),
    One,
    Current(usize),
}

/// `Σ coef_k · column_k`, coefficients free of state and inputs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Affine {
    pub terms: BTreeMap<Column, Ir>,
}

impl Affine {
    fn constant(ir: Ir) -> Affine {
        let mut terms = BTreeMap::new();
        terms.insert(Column::One, ir);
        Affine { terms }
    }
    fn var(c: Column) -> Affine {
        let mut terms = BTreeMap::new();
        terms.insert(c, Ir::Num(1.0));
        Affine { terms }
    }
    fn map(self, f: impl Fn(Ir) -> Ir) -> Affine {
        Affine {
            terms: self.terms.into_iter().map(|(k, v)| (k, f(v))).collect(),
        }
    }
    fn merge(self, other: Affine, op: Op) -> Affine {
        let mut terms = self.terms;
        for (k, v) in other.terms {
            let merged = match terms.remove(&k) {
                Some(a) => Ir::bin(op, a, v),
                None if op == Op::Sub => neg(v),
                None => v,
            };
            terms.insert(k, merged);
        }
        Affine { terms }
    }
    /// The part not multiplying any column other than `One` (i.e. the constant), if all of the
    /// expression is constant.
    fn as_constant(&self) -> Option<&Ir> {
        if self.terms.keys().all(|k| *k == Column::One) {
            self.terms.get(&Column::One)
        } else {
            None
        }
    }
}

fn neg(ir: Ir) -> Ir {
    match ir {
        Ir::Neg(inner) => *inner,
        Ir::Num(v) => Ir::Num(-v),
        other => Ir::Neg(Box::new(other)),
    }
}

fn mul(a: Ir, b: Ir) -> Ir {
    match (a, b) {
        (Ir::Num(x), b) if x == 1.0 => b,
        (a, Ir::Num(y)) if y == 1.0 => a,
        (Ir::Num(x), b) if x == -1.0 => neg(b),
        (a, b) => Ir::bin(Op::Mul, a, b),
    }
}

fn div(a: Ir, b: Ir) -> Ir {
    match (a, b) {
        (a, Ir::Num(y)) if y == 1.0 => a,
        (Ir::Neg(a), b) => neg(div(*a, b)),
        (Ir::Num(x), b) if x == -1.0 => neg(Ir::bin(Op::Div, Ir::Num(1.0), b)),
        (a, b) => Ir::bin(Op::Div, a, b),
    }
}

/// Decomposes `ir` into an affine form over state and current columns; `None` if non-linear.
/// Auxiliary definitions are looked through.
pub fn affine(ir: &Ir, aliases: &[(syn::Ident, Ir)]) -> Option<Affine> {
    let affine = |x: &Ir| affine(x, aliases);
    Some(match ir {
        Ir::Alias(i) => affine(&aliases.get(*i)?.1)?,
        Ir::Select(..) | Ir::Old(_) | Ir::Summed(_) => return None,
        Ir::State(i) => Affine::var(Column::State(*i)),
        Ir::Current(i) => Affine::var(Column::Current(*i)),
        Ir::Num(_) | Ir::Param(_) | Ir::H => Affine::constant(ir.clone()),
        Ir::Weight => return None,
        Ir::Neg(a) => affine(a)?.map(neg),
        Ir::Scale(k, a) => affine(a)?.map(|c| Ir::scaled(*k, c)),
        Ir::Bin(op @ (Op::Add | Op::Sub), a, b) => affine(a)?.merge(affine(b)?, *op),
        Ir::Bin(Op::Mul, a, b) => {
            let (fa, fb) = (affine(a)?, affine(b)?);
            if let Some(c) = fa.as_constant() {
                let c = c.clone();
                fb.map(|x| mul(c.clone(), x))
            } else if let Some(c) = fb.as_constant() {
                let c = c.clone();
                fa.map(|x| mul(x, c.clone()))
            } else {
                return None;
            }
        }
        Ir::Bin(Op::Div, a, b) => {
            let fb = affine(b)?;
            let c = fb.as_constant()?.clone();
            affine(a)?.map(|x| div(x, c.clone()))
        }
        Ir::Call(..) => {
            if ir.mentions(&|x| {
                matches!(x, Ir::State(_) | Ir::Current(_) | Ir::Weight | Ir::Alias(_))
            }) {
                return None;
            }
            Affine::constant(ir.clone())
        }
    })
}

/// The coefficient of the spike weight in a jump rule `x += c · w` (None if not linear in w or
/// if it has a part without w, which summed inputs could not reproduce).
pub fn weight_coefficient(ir: &Ir) -> Option<Ir> {
    // Treat the weight as the only variable: substitute it by a marker column.
    fn lin(ir: &Ir) -> Option<(Option<Ir>, Option<Ir>)> {
        // (coefficient of w, constant part)
        Some(match ir {
            Ir::Weight => (Some(Ir::Num(1.0)), None),
            Ir::Neg(a) => {
                let (c, k) = lin(a)?;
                (c.map(neg), k.map(neg))
            }
            Ir::Scale(s, a) => {
                let (c, k) = lin(a)?;
                (c.map(|x| Ir::scaled(*s, x)), k.map(|x| Ir::scaled(*s, x)))
            }
            Ir::Bin(op @ (Op::Add | Op::Sub), a, b) => {
                let (ca, ka) = lin(a)?;
                let (cb, kb) = lin(b)?;
                let comb = |x: Option<Ir>, y: Option<Ir>| match (x, y) {
                    (Some(x), Some(y)) => Some(Ir::bin(*op, x, y)),
                    (Some(x), None) => Some(x),
                    (None, Some(y)) => Some(if *op == Op::Sub { neg(y) } else { y }),
                    (None, None) => None,
                };
                (comb(ca, cb), comb(ka, kb))
            }
            Ir::Bin(Op::Mul, a, b) => match (lin(a)?, lin(b)?) {
                ((None, ka), (cb, kb)) => {
                    let ka = ka?;
                    (
                        cb.map(|c| mul(ka.clone(), c)),
                        kb.map(|k| mul(ka.clone(), k)),
                    )
                }
                ((ca, ka), (None, kb)) => {
                    let kb = kb?;
                    (
                        ca.map(|c| mul(c, kb.clone())),
                        ka.map(|k| mul(k, kb.clone())),
                    )
                }
                _ => return None,
            },
            Ir::Bin(Op::Div, a, b) => {
                let (cb, kb) = lin(b)?;
                if cb.is_some() {
                    return None;
                }
                let kb = kb?;
                let (ca, ka) = lin(a)?;
                (
                    ca.map(|c| div(c, kb.clone())),
                    ka.map(|k| div(k, kb.clone())),
                )
            }
            other => {
                if other.mentions(&|x| *x == Ir::Weight) {
                    return None;
                }
                (None, Some(other.clone()))
            }
        })
    }
    match lin(ir)? {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The update scheme chosen for a model.
#[derive(Debug)]
pub enum Scheme {
    /// Linear constant coefficients: one affine form per state (zero for states without an
    /// equation), over columns `[states..., One, currents used in equations...]`.
    Exact {
        rows: Vec<Affine>,
        inputs: Vec<usize>,
        reason: String,
    },
    /// Embedded RKF45 with GSL's standard control: (eps_abs, eps_rel, a_y, a_dydt).
    Rkf45 { control: [Ir; 4], reason: String },
    /// The model's own update rule.
    Explicit { reason: String },
}

/// Structural non-zeros of `expm(M h)`: the reflexive-transitive closure of M's coupling graph,
/// restricted to the state rows. `pattern[i][j]` for column index j of the augmented system.
pub fn propagator_pattern(m: &[Vec<bool>]) -> Vec<Vec<bool>> {
    let n = m.len();
    let mut reach: Vec<Vec<bool>> = (0..n)
        .map(|i| (0..n).map(|j| i == j || m[i][j]).collect())
        .collect();
    for k in 0..n {
        for i in 0..n {
            if reach[i][k] {
                for j in 0..n {
                    if reach[k][j] {
                        reach[i][j] = true;
                    }
                }
            }
        }
    }
    reach
}

/// Chooses the scheme, or reports why the model cannot be integrated.
pub fn classify(a: &Analysed, errors: &mut Errors) -> Option<Scheme> {
    let mut ok = true;
    for port in &a.spikes {
        for arm in &port.arms {
            for j in &arm.jumps {
                if weight_coefficient(&j.rhs).is_none() {
                    ok = false;
                    errors.at(
                        &j.rhs_tokens,
                        "a jump rule must be proportional to the weight (`x += c * w`): inputs arriving in the same step are summed before the rule is applied",
                    );
                }
            }
        }
    }
    for (col, c) in a.currents.iter().enumerate() {
        if let Some(p) = &c.post {
            let lin = affine(&p.rhs, &a.aliases)
                .filter(|f| f.terms.keys().all(|k| *k == Column::Current(col)));
            if lin.is_none() {
                ok = false;
                errors.at(
                    &p.rhs_tokens,
                    "an input rule must be proportional to its input (`x += c * I`)",
                );
            }
        }
    }
    let mut rows = vec![Affine::default(); a.states.len()];
    let mut nonlinear = Vec::new();
    for eq in &a.equations {
        match affine(&eq.rhs, &a.aliases) {
            Some(f) => rows[eq.state] = f,
            None => nonlinear.push(eq),
        }
    }
    if !ok {
        return None;
    }
    let hold_for = a.refractory.as_ref().and_then(|r| r.hold_for.as_ref());
    if let Some((_, tokens)) = hold_for {
        if a.update.is_some() || a.solver.is_some() || !nonlinear.is_empty() {
            errors.at(
                tokens,
                "`hold .. for` needs a model with exact propagation (linear equations, no solver or update rule)",
            );
            return None;
        }
        if !a.bounds.is_empty() {
            errors.at(
                tokens,
                "`hold .. for` and `bound` together are not supported: a bound applies after the whole refractory period",
            );
            return None;
        }
    }
    if a.update.is_some() {
        return Some(Scheme::Explicit {
            reason: "the model states its own update rule (as NEST does for this model), applied once per step".into(),
        });
    }
    if a.equations.is_empty() && a.states.is_empty() {
        return Some(Scheme::Explicit {
            reason: "the model has no state: it acts on each step's input alone".into(),
        });
    }
    if let Some(control) = &a.solver {
        let why = if nonlinear.is_empty() {
            "the model asks for it".to_string()
        } else {
            format!(
                "`{}` is not linear with constant coefficients",
                nonlinear[0].text
            )
        };
        return Some(Scheme::Rkf45 {
            control: control.clone(),
            reason: format!(
                "{why}: embedded Runge-Kutta-Fehlberg 4(5) with GSL's standard step control, step size carried per neuron"
            ),
        });
    }
    if a.threshold_per_substep {
        errors.at(
            &a.equations
                .first()
                .map(|e| e.rhs_tokens.clone())
                .unwrap_or_default(),
            "a threshold tested `per substep` needs `solver rkf45 { .. }`",
        );
        return None;
    }
    if let Some(eq) = nonlinear.first() {
        errors.at(
            &eq.rhs_tokens,
            format!(
                "`{}` is not linear with constant coefficients in the state: declare `solver rkf45 {{ abs: ..; rel: ..; y: ..; dydt: ..; }}` with NEST's tolerances for this model",
                eq.text
            ),
        );
        return None;
    }
    let mut inputs: Vec<usize> = Vec::new();
    for row in &rows {
        for k in row.terms.keys() {
            if let Column::Current(c) = k {
                if !inputs.contains(c) {
                    inputs.push(*c);
                }
            }
        }
    }
    inputs.sort();
    Some(Scheme::Exact {
        rows,
        inputs,
        reason: "every right-hand side is affine in the state and inputs with coefficients built from parameters only, so the step is the exact matrix exponential of the augmented system".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaky_membrane_is_affine() {
        // -(V - E_L)/tau + I/C
        let ir = Ir::bin(
            Op::Add,
            Ir::bin(
                Op::Div,
                Ir::Neg(Box::new(Ir::bin(Op::Sub, Ir::State(0), Ir::Param(0)))),
                Ir::Param(1),
            ),
            Ir::bin(Op::Div, Ir::Current(0), Ir::Param(2)),
        );
        let f = affine(&ir, &[]).unwrap();
        assert_eq!(f.terms.len(), 3);
        assert_eq!(
            f.terms[&Column::State(0)],
            Ir::Neg(Box::new(Ir::bin(Op::Div, Ir::Num(1.0), Ir::Param(1))))
        );
        assert_eq!(
            f.terms[&Column::One],
            Ir::bin(Op::Div, Ir::Param(0), Ir::Param(1))
        );
    }

    #[test]
    fn products_of_states_are_not_affine() {
        assert!(affine(&Ir::bin(Op::Mul, Ir::State(0), Ir::State(1)), &[]).is_none());
        assert!(affine(&Ir::Call(crate::ir::Func::Exp, vec![Ir::State(0)]), &[]).is_none());
        assert!(affine(&Ir::bin(Op::Div, Ir::Param(0), Ir::State(0)), &[]).is_none());
    }

    #[test]
    fn jump_coefficient() {
        let jump = Ir::bin(
            Op::Mul,
            Ir::bin(Op::Div, Ir::Num(2.0), Ir::Param(0)),
            Ir::Weight,
        );
        assert_eq!(
            weight_coefficient(&jump),
            Some(Ir::bin(Op::Div, Ir::Num(2.0), Ir::Param(0)))
        );
        assert!(weight_coefficient(&Ir::bin(Op::Add, Ir::Weight, Ir::Num(1.0))).is_none());
        assert!(weight_coefficient(&Ir::bin(Op::Mul, Ir::Weight, Ir::Weight)).is_none());
    }

    #[test]
    fn pattern_is_transitive_closure() {
        // x0 <- x1 <- x2 : P[0][2] non-zero, P[2][0] zero.
        let m = vec![
            vec![true, true, false],
            vec![false, true, true],
            vec![false, false, true],
        ];
        let p = propagator_pattern(&m);
        assert!(p[0][2]);
        assert!(!p[2][0]);
    }
}
