//! Typing of expressions: literals, operators, function calls and conditional values, with
//! exact unit conversions.

use super::*;

impl<'a> Ctx<'a> {
    /// Types an expression; `None` after an error was recorded.
    pub(super) fn expr(&mut self, e: &Expr, scope: Scope) -> Option<Typed> {
        match e {
            Expr::Paren(p) => self.expr(&p.expr, scope),
            Expr::Group(g) => self.expr(&g.expr, scope),
            Expr::Path(p) => match p.path.get_ident() {
                Some(id) => self.lookup(id, scope),
                None => {
                    self.errors.at(&e, "expected a name");
                    None
                }
            },
            Expr::Lit(l) => self.literal(&l.lit),
            Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => {
                let a = self.expr(&u.expr, scope)?;
                Some(Typed {
                    ir: Ir::Neg(Box::new(a.ir)),
                    ..a
                })
            }
            Expr::Binary(b) => {
                let op = match b.op {
                    BinOp::Add(_) => Op::Add,
                    BinOp::Sub(_) => Op::Sub,
                    BinOp::Mul(_) => Op::Mul,
                    BinOp::Div(_) => Op::Div,
                    _ => {
                        self.errors.at(
                            &b.op,
                            format!(
                                "operator `{}` is not allowed here; expressions use + - * / and functions",
                                crate::text::op_text(&b.op)
                            ),
                        );
                        return None;
                    }
                };
                let l = self.expr(&b.left, scope);
                let r = self.expr(&b.right, scope);
                let (l, r) = (l?, r?);
                match op {
                    Op::Add | Op::Sub => {
                        let (lu, r) = self.unify(&l, r, &b.right, "add", scope)?;
                        Some(Typed {
                            ir: Ir::bin(op, l.ir, r.ir),
                            unit: lu,
                            text: if l.unit.is_some() { l.text } else { r.text },
                        })
                    }
                    Op::Mul | Op::Div => {
                        let sym = if op == Op::Mul { "·" } else { "/" };
                        let unit = match (l.unit, r.unit) {
                            (Some(a), Some(b)) => {
                                Some(if op == Op::Mul { a.mul(b) } else { a.div(b) })
                            }
                            _ => None,
                        };
                        Some(Typed {
                            ir: Ir::bin(op, l.ir, r.ir),
                            unit,
                            text: unit_text_mul(&l.text, &r.text, sym),
                        })
                    }
                }
            }
            Expr::Call(c) => {
                let name = match &*c.func {
                    Expr::Path(p) => p.path.get_ident().map(|i| i.to_string()),
                    _ => None,
                }
                .unwrap_or_default();
                if name == "old" {
                    let state = match c.args.first().and_then(path_ident) {
                        Some(id) if c.args.len() == 1 => {
                            self.states.iter().position(|s| s.name == *id)
                        }
                        _ => None,
                    };
                    let Some(i) = state.filter(|_| scope.old) else {
                        self.errors.at(c, "`old(x)` takes one state variable and can only be used in the threshold");
                        return None;
                    };
                    let s = &self.states[i];
                    return Some(Typed {
                        ir: Ir::Old(i),
                        unit: Some(s.unit),
                        text: s.unit_text.clone(),
                    });
                }
                let Some(f) = Func::from_name(&name) else {
                    self.errors.at(
                        &c.func,
                        format!(
                            "unknown function `{name}`: available are {}",
                            Func::available()
                        ),
                    );
                    return None;
                };
                if f.draws() && !scope.synapse {
                    self.errors.at(
                        &c.func,
                        format!("`{name}` draws random numbers, which only synapse rules (`synapse!`) can do"),
                    );
                    return None;
                }
                if c.args.len() != f.arity() {
                    self.errors.at(
                        &c,
                        format!(
                            "`{name}` takes {} argument(s), found {}",
                            f.arity(),
                            c.args.len()
                        ),
                    );
                    return None;
                }
                let args: Vec<Option<Typed>> = c.args.iter().map(|a| self.expr(a, scope)).collect();
                let args: Vec<Typed> = args.into_iter().collect::<Option<_>>()?;
                let arg_exprs: Vec<&Expr> = c.args.iter().collect();
                self.call(f, &name, args, &arg_exprs, scope)
            }
            Expr::If(e_if) if scope.aliases || scope.select => self.select(e_if, scope),
            Expr::MethodCall(m) => {
                self.errors.at(
                    &m.method,
                    format!("write `{}(x)` instead of a method call", m.method),
                );
                None
            }
            _ => {
                self.errors.at(&e, "unsupported expression: use numbers with optional unit suffixes, names, + - * /, parentheses and functions");
                None
            }
        }
    }

    /// `if refractory { a } else { b }` or `if x > y { a } else { b }`.
    pub(super) fn select(&mut self, e: &syn::ExprIf, scope: Scope) -> Option<Typed> {
        let single = |block: &syn::Block| -> Option<Expr> {
            match block.stmts.as_slice() {
                [syn::Stmt::Expr(x, None)] => Some(x.clone()),
                _ => None,
            }
        };
        let then = single(&e.then_branch);
        let otherwise = match &e.else_branch {
            Some((_, b)) => match &**b {
                Expr::Block(b) => single(&b.block),
                other => Some(other.clone()),
            },
            None => None,
        };
        let (Some(then), Some(otherwise)) = (then, otherwise) else {
            self.errors.at(
                e,
                "a conditional value reads `if condition { value } else { value }`",
            );
            return None;
        };
        let cond = match &*e.cond {
            Expr::Path(p) if p.path.is_ident("refractory") && scope.aliases && !scope.synapse => {
                Some(Cond::Refractory)
            }
            Expr::Path(p) if p.path.is_ident("first") && scope.synapse => Some(Cond::First),
            Expr::Binary(_) => self
                .comparison(&e.cond, scope)
                .map(|(c, l, r, _, _)| Cond::Cmp(c, l, r)),
            other => {
                self.errors.at(
                    other,
                    if scope.synapse {
                        "a condition is `first` (the first presynaptic spike) or a comparison such as `w > Wmax`"
                    } else {
                        "a condition is `refractory` or a comparison such as `V_m > V_th`"
                    },
                );
                None
            }
        };
        let a = self.expr(&then, scope);
        let b = self.expr(&otherwise, scope);
        let (cond, a, b) = (cond?, a?, b?);
        let (unit, b) = self.unify(&a, b, &otherwise, "choose between", scope)?;
        Some(Typed {
            ir: Ir::Select(Box::new(cond), Box::new(a.ir), Box::new(b.ir)),
            unit,
            text: if a.unit.is_some() { a.text } else { b.text },
        })
    }

    pub(super) fn call(
        &mut self,
        f: Func,
        name: &str,
        args: Vec<Typed>,
        exprs: &[&Expr],
        scope: Scope,
    ) -> Option<Typed> {
        let need_dimensionless = |ctx: &mut Self, a: &Typed, e: &Expr| -> Option<Ir> {
            match a.unit {
                Some(u) if !u.is_dimensionless() => {
                    ctx.errors.at(
                        &e,
                        format!(
                            "`{name}` needs a dimensionless argument, but this is in {}{}",
                            a.text,
                            ctx.suggest(u, Unit::ONE, scope.params)
                        ),
                    );
                    None
                }
                Some(u) => Some(Ir::scaled(u.exp10, a.ir.clone())),
                None => Some(a.ir.clone()),
            }
        };
        match f {
            Func::Uniform => Some(dimensionless(Ir::Call(f, Vec::new()))),
            Func::Binomial => {
                let n = need_dimensionless(self, &args[0], exprs[0])?;
                let p = need_dimensionless(self, &args[1], exprs[1])?;
                Some(dimensionless(Ir::Call(f, vec![n, p])))
            }
            Func::Abs => Some(Typed {
                ir: Ir::Call(f, vec![args[0].ir.clone()]),
                ..args[0].clone()
            }),
            // The sign's unit does not matter: scaling keeps the sign.
            Func::Copysign => Some(Typed {
                ir: Ir::Call(f, vec![args[0].ir.clone(), args[1].ir.clone()]),
                ..args[0].clone()
            }),
            Func::Min | Func::Max => {
                let (u, b) = self.unify(&args[0], args[1].clone(), exprs[1], "compare", scope)?;
                Some(Typed {
                    ir: Ir::Call(f, vec![args[0].ir.clone(), b.ir]),
                    unit: u,
                    text: args[0].text.clone(),
                })
            }
            Func::Sqrt => match args[0].unit {
                Some(u) if u.dim.iter().any(|d| d % 2 != 0) || u.exp10 % 2 != 0 => {
                    self.errors.at(
                        &exprs[0],
                        format!(
                            "`sqrt` of {} has no unit: its dimension must be a square",
                            args[0].text
                        ),
                    );
                    None
                }
                Some(u) => Some(Typed {
                    ir: Ir::Call(f, vec![args[0].ir.clone()]),
                    unit: Some(Unit {
                        dim: u.dim.map(|d| d / 2),
                        exp10: u.exp10 / 2,
                    }),
                    text: format!("sqrt({})", args[0].text),
                }),
                None => Some(args[0].clone()),
            },
            Func::Pow => {
                let exponent = need_dimensionless(self, &args[1], exprs[1])?;
                match args[0].unit {
                    Some(u) if !u.is_dimensionless() => {
                        let Some(n) = exponent.eval_const().filter(|n| n.fract() == 0.0) else {
                            self.errors.at(
                                &exprs[1],
                                format!(
                                    "`pow` of a quantity in {} needs a constant integer exponent",
                                    args[0].text
                                ),
                            );
                            return None;
                        };
                        Some(Typed {
                            ir: Ir::Call(f, vec![args[0].ir.clone(), exponent]),
                            unit: Some(u.powi(n as i32)),
                            text: format!("{}^{}", args[0].text, n),
                        })
                    }
                    _ => {
                        let base = need_dimensionless(self, &args[0], exprs[0])?;
                        Some(dimensionless(Ir::Call(f, vec![base, exponent])))
                    }
                }
            }
            _ => {
                let a = need_dimensionless(self, &args[0], exprs[0])?;
                Some(dimensionless(Ir::Call(f, vec![a])))
            }
        }
    }

    /// Makes `r` comparable with `l` (same dimension; scale converted to `l`'s).
    pub(super) fn unify(
        &mut self,
        l: &Typed,
        r: Typed,
        r_expr: &Expr,
        verb: &str,
        scope: Scope,
    ) -> Option<(Option<Unit>, Typed)> {
        match (l.unit, r.unit) {
            (Some(a), Some(b)) if a.same_dim(&b) => Some((
                Some(a),
                Typed {
                    ir: Ir::scaled(b.exp10 - a.exp10, r.ir),
                    unit: Some(a),
                    text: l.text.clone(),
                },
            )),
            (Some(a), Some(b)) => {
                self.errors.at(
                    &r_expr,
                    format!(
                        "cannot {verb} {} and {}: this term is in {} where {} is expected{}",
                        l.text,
                        r.text,
                        shown(&r),
                        l.text,
                        self.suggest(b, a, scope.params)
                    ),
                );
                None
            }
            (None, u) => Some((u, r)),
            (u, None) => Some((u, r)),
        }
    }

    pub(super) fn literal(&mut self, lit: &Lit) -> Option<Typed> {
        let (value, suffix) = match lit {
            Lit::Float(f) => (f.base10_parse::<f64>(), f.suffix().to_string()),
            Lit::Int(i) => (i.base10_parse::<f64>(), i.suffix().to_string()),
            other => {
                self.errors.at(&other, "expected a number");
                return None;
            }
        };
        let value = match value {
            Ok(v) => v,
            Err(e) => {
                self.errors.add(e);
                return None;
            }
        };
        if suffix.is_empty() {
            return Some(if value == 0.0 {
                Typed {
                    ir: Ir::Num(0.0),
                    unit: None,
                    text: "any unit".into(),
                }
            } else {
                dimensionless(Ir::Num(value))
            });
        }
        match Unit::named(&suffix) {
            Some(u) => Some(Typed {
                ir: Ir::Num(value),
                unit: Some(u),
                text: suffix,
            }),
            None => {
                self.errors.at(
                    &lit,
                    format!(
                        "unknown unit suffix `{suffix}` (write e.g. `-70.0mV`, `2.0ms`, `250pF`)"
                    ),
                );
                None
            }
        }
    }
}
