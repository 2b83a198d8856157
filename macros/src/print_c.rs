//! Stage 5c: the step description printed as C++ statements for the CUDA kernel (one thread
//! per neuron). Expressions are fully parenthesised and keep the Rust kernel's trees, so both
//! give the same doubles when compiled without fused multiply-add.
//!
//! Names in the kernel ([`crate::names`]): every declared name is `m_<name>`, as a local and as a
//! field of the constants; `state` (columns), `inp` (this neuron's input slots), `cal` (its
//! constants), `spikes`, `failure`, `i` (the neuron), `n`, `old_<x>`, `spikes_<channel>`,
//! `deferred_<x>`, `refractory`, `is_refractory` and `sal_*` are the kernel's own.

use crate::ir::{Cmp, Cond, Ir, Op};
use crate::names;
use crate::step::{
    Coef, ColumnId, Matrix, Operand, SetRefractory, Source, Step, Stmt, Test, Threshold,
};
use crate::typecheck::{Analysed, AssignOp};

/// A double literal that C parses to the same value.
pub fn lit(v: f64) -> String {
    if v == f64::INFINITY {
        "SAL_INF".into()
    } else if v == f64::NEG_INFINITY {
        "(-SAL_INF)".into()
    } else if v < 0.0 || (v == 0.0 && v.is_sign_negative()) {
        format!("(-{:?})", -v)
    } else {
        format!("{v:?}")
    }
}

/// A number in the kernel's arithmetic type (`sal_real`: double, or float with
/// `-DSAL_REAL=float`).
pub fn real(v: f64) -> String {
    format!("(sal_real){}", lit(v))
}

/// C text of an expression, fully parenthesised (the tree, hence the evaluation order, is the
/// Rust kernel's).
pub fn ir_c(ir: &Ir, leaf: &dyn Fn(&Ir) -> String) -> String {
    match ir {
        Ir::Num(v) => real(*v),
        Ir::Neg(a) => format!("(-{})", ir_c(a, leaf)),
        Ir::Bin(op, a, b) => {
            let o = match op {
                Op::Add => "+",
                Op::Sub => "-",
                Op::Mul => "*",
                Op::Div => "/",
            };
            format!("({} {o} {})", ir_c(a, leaf), ir_c(b, leaf))
        }
        Ir::Scale(k, a) => {
            let p = real(10f64.powi(k.abs()));
            let o = if *k > 0 { "*" } else { "/" };
            format!("({} {o} {p})", ir_c(a, leaf))
        }
        Ir::Call(f, args) => {
            let args: Vec<String> = args.iter().map(|x| ir_c(x, leaf)).collect();
            format!("{}({})", f.c_name(), args.join(", "))
        }
        Ir::Select(c, a, b) => {
            let c = match &**c {
                Cond::Refractory => "is_refractory_now".to_string(),
                Cond::First => "first_spike".to_string(),
                Cond::Cmp(op, l, r) => cmp_c(*op, &ir_c(l, leaf), &ir_c(r, leaf)),
            };
            format!("({c} ? {} : {})", ir_c(a, leaf), ir_c(b, leaf))
        }
        Ir::Param(_)
        | Ir::State(_)
        | Ir::Current(_)
        | Ir::Weight
        | Ir::H
        | Ir::Alias(_)
        | Ir::Old(_)
        | Ir::Summed(_) => leaf(ir),
    }
}

pub fn cmp_c(c: Cmp, l: &str, r: &str) -> String {
    format!("({l} {} {r})", c.text())
}

/// Indented lines.
#[derive(Default)]
pub struct Code {
    pub text: String,
    depth: usize,
}

impl Code {
    pub fn line(&mut self, s: impl AsRef<str>) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
        self.text.push_str(s.as_ref());
        self.text.push('\n');
    }
    pub fn open(&mut self, s: impl AsRef<str>) {
        self.line(s);
        self.depth += 1;
    }
    pub fn close(&mut self, s: &str) {
        self.depth -= 1;
        self.line(s);
    }
    /// A line between two blocks, such as `} else {`.
    pub fn middle(&mut self, s: &str) {
        self.close(s);
        self.depth += 1;
    }
}

/// Prints statements of one model's step as C++.
pub struct CPrinter<'a> {
    pub a: &'a Analysed,
    pub step: &'a Step,
    /// The functor type of the right-hand side (RKF45 models).
    pub rhs_type: String,
}

impl CPrinter<'_> {
    pub fn param(&self, i: usize) -> String {
        let p = &self.a.params[i];
        if p.unit.is_some() {
            format!("((sal_real)cal.{})", names::c(&p.name))
        } else {
            format!("(cal.{} != 0.0)", names::c(&p.name))
        }
    }

    pub fn leaf(&self, x: &Ir) -> String {
        let a = self.a;
        match x {
            Ir::Param(i) => self.param(*i),
            Ir::State(i) => self.state(*i),
            Ir::Current(i) => self.current(*i),
            Ir::H => "grid_h".into(),
            Ir::Alias(i) => names::c(&a.aliases[*i].0),
            Ir::Old(i) => format!("old_{}", a.states[*i].name),
            Ir::Summed(p) => format!("spikes_{}", self.step.summed_channel[*p]),
            Ir::Weight => "SAL_UNREACHABLE".into(),
            Ir::Num(_)
            | Ir::Neg(_)
            | Ir::Bin(..)
            | Ir::Call(..)
            | Ir::Scale(..)
            | Ir::Select(..) => unreachable!("not a name: printed by ir_c"),
        }
    }

    pub fn expr(&self, ir: &Ir) -> String {
        ir_c(ir, &|x| self.leaf(x))
    }

    fn state(&self, i: usize) -> String {
        names::c(&self.a.states[i].name)
    }

    pub fn current(&self, k: usize) -> String {
        names::c(&self.a.currents[k].name)
    }

    /// This neuron's entry of state column `id`.
    fn at(&self, id: ColumnId) -> String {
        format!("state[{}ull * n + i]", self.step.column(id))
    }

    fn deferred(&self) -> String {
        let (s, _) = self.step.deferred.expect("a deferred input");
        format!("deferred_{}", self.a.states[s].name)
    }

    pub fn stmts(&self, c: &mut Code, list: &[Stmt]) {
        for s in list {
            self.stmt(c, s);
        }
    }

    fn stmt(&self, c: &mut Code, s: &Stmt) {
        let a = self.a;
        match s {
            Stmt::LoadState(i) => {
                let (n, v) = (self.state(*i), self.at(ColumnId::State(*i)));
                c.line(format!("sal_real {n} = (sal_real){v};"));
            }
            Stmt::LoadCurrent(k) => {
                let (n, v) = (self.current(*k), self.at(ColumnId::Latched(*k)));
                c.line(format!("const sal_real {n} = (sal_real){v};"));
            }
            Stmt::KeepOld(i) => {
                let (n, name) = (self.state(*i), &a.states[*i].name);
                c.line(format!("const sal_real old_{name} = {n};"));
            }
            Stmt::LoadRefractory => {
                let v = self.at(ColumnId::Refractory);
                c.line(format!("unsigned int refractory = (unsigned int){v};"));
                c.line("const bool is_refractory = refractory > 0;");
                c.line("(void)is_refractory;");
            }
            Stmt::LoadDeferred => {
                let d = self.deferred();
                c.line(format!("sal_real {d} = (sal_real){};", self.at(ColumnId::Deferred)));
            }
            // A port may be read by no rule (parrot_neuron's receptor 1): its input is dropped.
            Stmt::TakeSpikes(ch) => c.line(format!(
                "const sal_real spikes_{ch} = (sal_real)inp[{ch}]; inp[{ch}] = 0.0; (void)spikes_{ch};"
            )),
            Stmt::Propagate { matrix, rows } => self.propagate(c, *matrix, rows),
            Stmt::Integrate { after_substep } => self.integrate(c, after_substep),
            Stmt::If {
                test,
                then,
                otherwise,
            } => {
                let cond = match test {
                    Test::Refractory => "is_refractory".to_string(),
                    Test::NotRefractory => "!is_refractory".to_string(),
                    Test::RefractoryLeft => "refractory > 0".to_string(),
                    Test::NotHeld => "!(is_refractory && (double)refractory + cal.hold_steps > cal.refractory_steps)".to_string(),
                    Test::Switch(p) => self.param(*p),
                    Test::FirstSubstep => "first_substep".to_string(),
                };
                c.open(format!("if ({cond}) {{"));
                self.stmts(c, then);
                if !otherwise.is_empty() {
                    c.middle("} else {");
                    self.stmts(c, otherwise);
                }
                c.close("}");
            }
            Stmt::Let(i) => {
                let (n, ir) = &a.aliases[*i];
                c.line(format!("const sal_real {} = {};", names::c(n), self.expr(ir)));
            }
            Stmt::Assign(asg) => c.line(self.assign(asg.target, asg.op, &self.expr(&asg.value))),
            Stmt::Input {
                target,
                op,
                coef,
                source,
            } => {
                let v = match source {
                    Source::Spikes(ch) => format!("spikes_{ch}"),
                    Source::Current(k) => self.current(*k),
                };
                let value = format!("{} * {v}", self.coef(coef));
                c.line(self.assign(*target, *op, &value));
            }
            Stmt::Defer { coef, channel } => c.line(format!(
                "{} += {} * spikes_{channel} * exp(-(sal_real)refractory * grid_h / (sal_real)cal.defer_tau);",
                self.deferred(),
                self.coef(coef)
            )),
            Stmt::ApplyDeferred(st) => {
                let (n, d) = (self.state(*st), self.deferred());
                c.line(format!("{n} += {d}; {d} = 0.0;"));
            }
            Stmt::FirstSubstepDone => c.line("first_substep = false;"),
            Stmt::FailIf {
                cmp,
                left,
                right,
                reason,
            } => c.line(format!(
                "if {} {{ failure[i] = {}; return; }}",
                cmp_c(*cmp, &self.expr(left), &self.expr(right)),
                reason + 1
            )),
            Stmt::FailIfNotFinite { reason } => c.line(format!(
                "for (int sal_k = 0; sal_k < {}; ++sal_k) if (!isfinite(sal_y[sal_k])) {{ failure[i] = {}; return; }}",
                a.states.len(),
                reason + 1
            )),
            Stmt::CountDown => c.line("refractory -= 1;"),
            Stmt::Bound { state, cmp, rhs } => {
                let (n, r) = (self.state(*state), self.expr(rhs));
                c.line(match cmp {
                    Cmp::Ge | Cmp::Gt => format!("if ({n} < {r}) {n} = {r};"),
                    Cmp::Le | Cmp::Lt => format!("if ({n} > {r}) {n} = {r};"),
                });
            }
            Stmt::Threshold(t) => self.threshold(c, t),
            Stmt::Latch {
                current,
                channel,
                scale,
            } => {
                let v = format!("inp[{channel}]");
                let v = match scale.cmp(&0) {
                    std::cmp::Ordering::Equal => v,
                    std::cmp::Ordering::Greater => format!("({v} * {})", lit(10f64.powi(*scale))),
                    std::cmp::Ordering::Less => format!("({v} / {})", lit(10f64.powi(-scale))),
                };
                let dst = self.at(ColumnId::Latched(*current));
                c.line(format!("{dst} = {v}; inp[{channel}] = 0.0;"));
            }
            Stmt::StoreState(i) => {
                let n = self.state(*i);
                c.line(format!("{} = {n};", self.at(ColumnId::State(*i))));
            }
            Stmt::StoreRefractory => c.line(format!(
                "{} = (double)refractory;",
                self.at(ColumnId::Refractory)
            )),
            Stmt::StoreDeferred => {
                let d = self.deferred();
                c.line(format!("{} = {d};", self.at(ColumnId::Deferred)));
            }
            Stmt::StoreRemaining => c.line(format!(
                "{} = cal.h * (double)refractory;",
                self.at(ColumnId::Remaining)
            )),
        }
    }

    fn coef(&self, coef: &Coef) -> String {
        match coef {
            Coef::Constant(k) => format!("((sal_real)cal.{})", self.step.constants[*k].name),
            Coef::Expr(ir) => self.expr(ir),
        }
    }

    fn assign(&self, target: usize, op: AssignOp, v: &str) -> String {
        let o = match op {
            AssignOp::Set => "=",
            AssignOp::Add => "+=",
            AssignOp::Sub => "-=",
        };
        format!("{} {o} {v};", self.state(target))
    }

    /// New values into temporaries first: every row reads the state at the start.
    fn propagate(&self, c: &mut Code, matrix: Matrix, rows: &[(usize, Vec<(usize, Operand)>)]) {
        let field = match matrix {
            Matrix::Free => "P",
            Matrix::Refractory => "P_refr",
        };
        for (i, terms) in rows {
            let terms: Vec<String> = terms
                .iter()
                .map(|(j, operand)| {
                    let entry = format!("((sal_real)cal.{field}[{i}][{j}])");
                    match operand {
                        Operand::One => entry,
                        Operand::State(s) => format!("{entry} * {}", self.state(*s)),
                        Operand::Current(k) => format!("{entry} * {}", self.current(*k)),
                    }
                })
                .collect();
            c.line(format!(
                "const sal_real sal_next_{i} = {};",
                terms.join(" + ")
            ));
        }
        for (i, _) in rows {
            c.line(format!("{} = sal_next_{i};", self.state(*i)));
        }
    }

    /// GSL's evolve_apply over the step, from the carried step size.
    fn integrate(&self, c: &mut Code, after_substep: &[Stmt]) {
        let a = self.a;
        let nx = a.states.len();
        let states: Vec<String> = (0..nx).map(|i| self.state(i)).collect();
        c.line(format!("sal_real sal_y[{nx}] = {{{}}};", states.join(", ")));
        c.line("sal_real sal_t = 0.0;");
        c.line("const sal_real sal_t1 = (sal_real)cal.h;");
        c.line(format!(
            "sal_real sal_h = (sal_real){};",
            self.at(ColumnId::IntegrationStep)
        ));
        c.line("// NEST starts the carried step at the resolution.");
        c.line("if (sal_h <= 0.0) sal_h = sal_t1;");
        let currents: String = (0..a.currents.len())
            .map(|k| format!(", {}", self.current(k)))
            .collect();
        c.line(format!(
            "{} sal_f{{cal, grid_h, false{currents}}};",
            self.rhs_type
        ));
        let first_substep_read = after_substep.iter().any(|s| {
            matches!(
                s,
                Stmt::If {
                    test: Test::FirstSubstep,
                    ..
                }
            )
        });
        if first_substep_read {
            c.line("bool first_substep = true;");
        }
        c.open("while (sal_t < sal_t1) {");
        let refr = if a.refractory.is_some() {
            "refractory > 0"
        } else {
            "false"
        };
        c.line(format!("sal_f.is_refractory_now = {refr};"));
        c.line(format!(
            "sal_rkf45_evolve_apply<{nx}>(sal_f, cal.control, &sal_t, sal_t1, &sal_h, sal_y);"
        ));
        for (i, n) in states.iter().enumerate() {
            c.line(format!("{n} = sal_y[{i}];"));
        }
        self.stmts(c, after_substep);
        for (i, n) in states.iter().enumerate() {
            c.line(format!("sal_y[{i}] = {n};"));
        }
        c.close("}");
        c.line(format!("{} = sal_h;", self.at(ColumnId::IntegrationStep)));
    }

    fn threshold(&self, c: &mut Code, t: &Threshold) {
        let mut conds: Vec<String> = t
            .conditions
            .iter()
            .map(|(cmp, l, r)| cmp_c(*cmp, &self.expr(l), &self.expr(r)))
            .collect();
        if t.unless_refractory {
            conds.insert(0, "!is_refractory".into());
        }
        c.open(format!("if ({}) {{", conds.join(" && ")));
        if let Some(m) = &t.multiplicity {
            c.line(format!(
                "unsigned int spike_count = (unsigned int)({});",
                self.expr(m)
            ));
        }
        match t.set_refractory {
            SetRefractory::Not => {}
            SetRefractory::Steps => c.line("refractory = (unsigned int)cal.refractory_steps;"),
            SetRefractory::StepsPaidBack => c.line(
                "refractory = cal.refractory_steps > 0.0 ? (unsigned int)cal.refractory_steps + 1 : 0;",
            ),
        }
        for r in &t.reset {
            c.line(self.assign(r.target, r.op, &self.expr(&r.value)));
        }
        c.line(match t.multiplicity {
            Some(_) => "spikes[i] += spike_count;",
            None => "spikes[i] += 1;",
        });
        c.close("}");
    }
}
