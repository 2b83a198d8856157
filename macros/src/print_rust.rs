//! Stage 5a: the step description printed as the scalar Rust kernel (one neuron per
//! iteration of the update loop). The lanes kernel reuses these statements around its own
//! integration.
//!
//! Names in the kernel ([`crate::names`]): a state variable, a current input or a definition is
//! the local `m_<name>`; parameters are `cal.params.<name>`, the step's constants
//! `cal.step.<name>`; `old_<x>`, `spikes_<channel>`, `refractory`, `is_refractory`,
//! `deferred_<x>` and the column slices `col_<field>` (`col_m_<name>` for declared variables)
//! are the kernel's own.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::{cmp_tokens, idx, ir_tokens, lit_f64};
use crate::ir::{Cmp, Ir};
use crate::names::local;
use crate::step::{
    Coef, ColumnId, Derivative, Matrix, Operand, SetRefractory, Source, StateColumn, Step, Stmt,
    Test, Threshold,
};
use crate::typecheck::{Analysed, AssignOp};

/// Prints statements of one model's step.
pub struct RustPrinter<'a> {
    pub a: &'a Analysed,
    pub step: &'a Step,
    pub rt: &'a TokenStream,
}

impl RustPrinter<'_> {
    /// The tokens of a name in the kernel.
    pub fn leaf(&self, x: &Ir) -> TokenStream {
        let a = self.a;
        match x {
            Ir::Param(i) => {
                let n = &a.params[*i].name;
                quote!(cal.params.#n)
            }
            Ir::State(i) => self.state(*i),
            Ir::Current(i) => self.current(*i),
            Ir::H => quote!(grid_h),
            Ir::Alias(i) => {
                let n = local(&a.aliases[*i].0);
                quote!(#n)
            }
            Ir::Old(i) => {
                let n = format_ident!("old_{}", a.states[*i].name);
                quote!(#n)
            }
            Ir::Summed(k) => spikes(self.step.summed_channel[*k]),
            Ir::Weight => quote!(compile_error!("weight outside a jump")),
            Ir::Num(_)
            | Ir::Neg(_)
            | Ir::Bin(..)
            | Ir::Call(..)
            | Ir::Scale(..)
            | Ir::Select(..) => unreachable!("not a name: printed by ir_tokens"),
        }
    }

    pub fn expr(&self, ir: &Ir) -> TokenStream {
        ir_tokens(ir, &|x| self.leaf(x))
    }

    fn state(&self, i: usize) -> TokenStream {
        let n = local(&self.a.states[i].name);
        quote!(#n)
    }

    fn current(&self, k: usize) -> TokenStream {
        let n = local(&self.a.currents[k].name);
        quote!(#n)
    }

    /// The column slice of `id`, indexed by the neuron.
    fn at(&self, id: ColumnId) -> TokenStream {
        let c = col(&self.step.columns[self.step.column(id)]);
        quote!(#c[neuron])
    }

    fn deferred(&self) -> Ident {
        let (s, _) = self.step.deferred.expect("a deferred input");
        format_ident!("deferred_{}", self.a.states[s].name)
    }

    /// The locals a statement list defines that live on after it, with their types (what the
    /// lanes kernel carries per lane from before the integration to after it).
    pub fn carried(&self, list: &[Stmt]) -> Vec<(Ident, TokenStream)> {
        let a = self.a;
        let mut out = Vec::new();
        for s in list {
            match s {
                Stmt::LoadCurrent(k) => out.push((local(&a.currents[*k].name), quote!(f64))),
                Stmt::KeepOld(i) => {
                    out.push((format_ident!("old_{}", a.states[*i].name), quote!(f64)))
                }
                Stmt::LoadRefractory => {
                    out.push((format_ident!("refractory"), quote!(u32)));
                    out.push((format_ident!("is_refractory"), quote!(bool)));
                }
                Stmt::LoadDeferred => out.push((self.deferred(), quote!(f64))),
                Stmt::TakeSpikes(ch) => out.push((format_ident!("spikes_{}", ch), quote!(f64))),
                // State variables travel in the integration's own arrays; the other
                // statements define nothing that outlives them.
                Stmt::LoadState(_)
                | Stmt::Propagate { .. }
                | Stmt::Integrate { .. }
                | Stmt::If { .. }
                | Stmt::Let(_)
                | Stmt::Assign(_)
                | Stmt::Input { .. }
                | Stmt::Defer { .. }
                | Stmt::ApplyDeferred(_)
                | Stmt::FirstSubstepDone
                | Stmt::FailIf { .. }
                | Stmt::FailIfNotFinite { .. }
                | Stmt::CountDown
                | Stmt::Bound { .. }
                | Stmt::Threshold(_)
                | Stmt::Latch { .. }
                | Stmt::StoreState(_)
                | Stmt::StoreRefractory
                | Stmt::StoreDeferred
                | Stmt::StoreRemaining => {}
            }
        }
        out
    }

    pub fn stmts(&self, list: &[Stmt]) -> TokenStream {
        list.iter().map(|s| self.stmt(s)).collect()
    }

    fn stmt(&self, s: &Stmt) -> TokenStream {
        let a = self.a;
        let rt = self.rt;
        match s {
            Stmt::LoadState(i) => {
                let (n, c) = (self.state(*i), self.at(ColumnId::State(*i)));
                quote!(let mut #n = #c;)
            }
            Stmt::LoadCurrent(k) => {
                let (n, c) = (self.current(*k), self.at(ColumnId::Latched(*k)));
                quote!(let #n = #c;)
            }
            Stmt::KeepOld(i) => {
                let (o, n) = (format_ident!("old_{}", a.states[*i].name), self.state(*i));
                quote!(let #o = #n;)
            }
            Stmt::LoadRefractory => {
                let c = self.at(ColumnId::Refractory);
                quote!(
                    let mut refractory = #c;
                    let is_refractory = refractory > 0;
                )
            }
            Stmt::LoadDeferred => {
                let (d, c) = (self.deferred(), self.at(ColumnId::Deferred));
                quote!(let mut #d = #c;)
            }
            Stmt::TakeSpikes(ch) => {
                let (s, ch) = (spikes(*ch), idx(*ch));
                quote!(let #s = core::mem::take(&mut inp[#ch]);)
            }
            Stmt::Propagate { matrix, rows } => self.propagate(*matrix, rows),
            Stmt::Integrate { after_substep } => self.integrate(after_substep),
            Stmt::If {
                test,
                then,
                otherwise,
            } => self.branch(*test, then, otherwise),
            Stmt::Let(i) => {
                let (n, ir) = &a.aliases[*i];
                let (n, e) = (local(n), self.expr(ir));
                quote!(let #n = #e;)
            }
            Stmt::Assign(asg) => self.assign(asg.target, asg.op, self.expr(&asg.value)),
            Stmt::Input {
                target,
                op,
                coef,
                source,
            } => {
                let v = match source {
                    Source::Spikes(ch) => spikes(*ch),
                    Source::Current(k) => self.current(*k),
                };
                let c = self.coef(coef);
                self.assign(*target, *op, quote!(#c * #v))
            }
            Stmt::Defer { coef, channel } => {
                let (d, c, s) = (self.deferred(), self.coef(coef), spikes(*channel));
                quote!(#d += #c * #s * (-(refractory as f64) * grid_h / cal.step.defer_tau).exp();)
            }
            Stmt::ApplyDeferred(st) => {
                let (n, d) = (self.state(*st), self.deferred());
                quote!(#n += #d; #d = 0.0;)
            }
            Stmt::FirstSubstepDone => quote!(first_substep = false;),
            Stmt::FailIf {
                cmp,
                left,
                right,
                reason,
            } => {
                let (l, r, op) = (self.expr(left), self.expr(right), cmp_tokens(*cmp));
                let text = &self.step.failures[*reason];
                quote!(if #l #op #r { return Err(#rt::Failure { neuron, reason: #text }); })
            }
            Stmt::FailIfNotFinite { reason } => {
                let text = &self.step.failures[*reason];
                quote!(
                    if substep_state.iter().any(|v| !v.is_finite()) {
                        return Err(#rt::Failure { neuron, reason: #text });
                    }
                )
            }
            Stmt::CountDown => quote!(refractory -= 1;),
            Stmt::Bound { state, cmp, rhs } => {
                let (n, r) = (self.state(*state), self.expr(rhs));
                match cmp {
                    Cmp::Ge | Cmp::Gt => quote!(if #n < #r { #n = #r; }),
                    Cmp::Le | Cmp::Lt => quote!(if #n > #r { #n = #r; }),
                }
            }
            Stmt::Threshold(t) => self.threshold(t),
            Stmt::Latch {
                current,
                channel,
                scale,
            } => {
                let c = self.at(ColumnId::Latched(*current));
                let channel = idx(*channel);
                let v = scaled(*scale, quote!(core::mem::take(&mut inp[#channel])));
                quote!(#c = #v;)
            }
            Stmt::StoreState(i) => {
                let (n, c) = (self.state(*i), self.at(ColumnId::State(*i)));
                quote!(#c = #n;)
            }
            Stmt::StoreRefractory => {
                let c = self.at(ColumnId::Refractory);
                quote!(#c = refractory;)
            }
            Stmt::StoreDeferred => {
                let (d, c) = (self.deferred(), self.at(ColumnId::Deferred));
                quote!(#c = #d;)
            }
            Stmt::StoreRemaining => {
                let c = self.at(ColumnId::Remaining);
                quote!(#c = cal.step.h * (refractory as f64);)
            }
        }
    }

    fn coef(&self, c: &Coef) -> TokenStream {
        match c {
            Coef::Constant(k) => {
                let f = format_ident!("{}", self.step.constants[*k].name);
                quote!(cal.step.#f)
            }
            Coef::Expr(ir) => {
                let t = self.expr(ir);
                quote!((#t))
            }
        }
    }

    fn assign(&self, target: usize, op: AssignOp, v: TokenStream) -> TokenStream {
        let n = self.state(target);
        match op {
            AssignOp::Set => quote!(#n = #v;),
            AssignOp::Add => quote!(#n += #v;),
            AssignOp::Sub => quote!(#n -= #v;),
        }
    }

    fn branch(&self, test: Test, then: &[Stmt], otherwise: &[Stmt]) -> TokenStream {
        let cond = match test {
            Test::Refractory => quote!(is_refractory),
            Test::NotRefractory => quote!(!is_refractory),
            Test::RefractoryLeft => quote!(refractory > 0),
            Test::NotHeld => quote!(
                !(is_refractory && refractory + cal.step.hold_steps > cal.step.refractory_steps)
            ),
            Test::Switch(p) => {
                let n = &self.a.params[p].name;
                quote!(cal.params.#n)
            }
            Test::FirstSubstep => quote!(first_substep),
        };
        let then = self.stmts(then);
        let otherwise = match otherwise {
            [] => quote!(),
            [one @ Stmt::If { .. }] => {
                let o = self.stmt(one);
                quote!(else #o)
            }
            more => {
                let o = self.stmts(more);
                quote!(else { #o })
            }
        };
        quote!(if #cond { #then } #otherwise)
    }

    /// All updated rows at once, as a tuple assignment.
    fn propagate(&self, matrix: Matrix, rows: &[(usize, Vec<(usize, Operand)>)]) -> TokenStream {
        let field = match matrix {
            Matrix::Free => quote!(step.P),
            Matrix::Refractory => quote!(step.P_refr),
        };
        let mut targets = Vec::new();
        let mut values = Vec::new();
        for (row, terms) in rows {
            let i = idx(*row);
            let terms = terms
                .iter()
                .map(|(j, operand)| (idx(*j), operand))
                .map(|(j, operand)| match operand {
                    Operand::One => quote!(cal.#field[#i][#j]),
                    Operand::State(s) => {
                        let v = self.state(*s);
                        quote!(cal.#field[#i][#j] * #v)
                    }
                    Operand::Current(k) => {
                        let v = self.current(*k);
                        quote!(cal.#field[#i][#j] * #v)
                    }
                });
            targets.push(self.state(*row));
            values.push(quote!(#(#terms)+*));
        }
        match targets.len() {
            0 => quote!(),
            1 => quote!(#(#targets)* = #(#values)*;),
            _ => quote!((#(#targets),*) = (#(#values),*);),
        }
    }

    /// The right-hand side closure body: the state from `y`, the aliases, the derivatives.
    pub fn derivatives(&self) -> TokenStream {
        let a = self.a;
        let states: Vec<Ident> = a.states.iter().map(|s| local(&s.name)).collect();
        let lets = a.aliases.iter().map(|(n, ir)| {
            let (n, e) = (local(n), self.expr(ir));
            quote!(let #n = #e;)
        });
        let derivs = self.step.derivatives.iter().flatten().map(|d| match d {
            Derivative::Zero => quote!(0.0),
            Derivative::Rhs { rhs, held: false } => self.expr(rhs),
            Derivative::Rhs { rhs, held: true } => {
                let e = self.expr(rhs);
                quote!(if is_refractory_now { 0.0 } else { #e })
            }
        });
        quote!(
            let [#(#states),*] = *y;
            #(#lets)*
            [#(#derivs),*]
        )
    }

    /// RKF45 over the step with the step size carried from the previous one.
    fn integrate(&self, after_substep: &[Stmt]) -> TokenStream {
        let (a, rt) = (self.a, self.rt);
        let states: Vec<Ident> = a.states.iter().map(|s| local(&s.name)).collect();
        let nx = idx(states.len());
        let col_h = self.at(ColumnId::IntegrationStep);
        let refr_now = if a.refractory.is_some() {
            quote!(refractory > 0)
        } else {
            quote!(false)
        };
        let body = self.derivatives();
        let after = self.stmts(after_substep);
        quote!(
            let mut substep_state = [#(#states),*];
            let mut substep_t = 0.0_f64;
            let mut h_int = #col_h;
            if h_int <= 0.0 {
                // NEST starts the carried step at the resolution.
                h_int = cal.step.h;
            }
            let mut first_substep = true;
            // The derivative at the end of the last accepted sub-step, for the next one to
            // start from while neither the state nor refractoriness changed in between.
            let mut last_step = None;
            let mut last_refractory = false;
            while substep_t < cal.step.h {
                let is_refractory_now = #refr_now;
                if is_refractory_now != last_refractory {
                    last_step = None;
                    last_refractory = is_refractory_now;
                }
                let mut rhs = |y: &[f64; #nx]| -> [f64; #nx] { #body };
                #rt::rkf45::evolve_apply(
                    &mut rhs, &cal.step.control, &mut substep_t, cal.step.h, &mut h_int,
                    &mut substep_state, &mut last_step,
                );
                [#(#states),*] = substep_state;
                #after
                substep_state = [#(#states),*];
            }
            #col_h = h_int;
        )
    }

    fn threshold(&self, t: &Threshold) -> TokenStream {
        let mut conds: Vec<TokenStream> = t
            .conditions
            .iter()
            .map(|(cmp, l, r)| {
                let (l, r, op) = (self.expr(l), self.expr(r), cmp_tokens(*cmp));
                quote!(#l #op #r)
            })
            .collect();
        if t.unless_refractory {
            conds.insert(0, quote!(!is_refractory));
        }
        let set = match t.set_refractory {
            SetRefractory::Not => quote!(),
            SetRefractory::Steps => quote!(refractory = cal.step.refractory_steps;),
            SetRefractory::StepsPaidBack => quote!(
                refractory = if cal.step.refractory_steps > 0 { cal.step.refractory_steps + 1 } else { 0 };
            ),
        };
        let resets = t
            .reset
            .iter()
            .map(|r| self.assign(r.target, r.op, self.expr(&r.value)));
        match &t.multiplicity {
            None => quote!(
                if #(#conds)&&* {
                    #set
                    #(#resets)*
                    spiked.push(neuron);
                }
            ),
            // NEST converts the count to an unsigned integer (models/parrot_neuron.cpp).
            Some(m) => {
                let m = self.expr(m);
                quote!(
                    if #(#conds)&&* {
                        let spike_count = (#m) as u32;
                        #set
                        #(#resets)*
                        for _ in 0..spike_count {
                            spiked.push(neuron);
                        }
                    }
                )
            }
        }
    }
}

/// The local holding a state column's slice: `col_m_<name>` for a declared variable,
/// `col_<field>` for the kernel's own.
pub fn col(c: &StateColumn) -> Ident {
    if c.id.declared() {
        format_ident!("col_m_{}", c.field)
    } else {
        format_ident!("col_{}", c.field)
    }
}

/// The state's column `c` as a field path from the state: `vars.<name>` or `kernel.<field>`.
pub fn column_path(c: &StateColumn) -> TokenStream {
    let f = format_ident!("{}", c.field);
    if c.id.declared() {
        quote!(vars.#f)
    } else {
        quote!(kernel.#f)
    }
}

fn spikes(channel: usize) -> TokenStream {
    let s = format_ident!("spikes_{}", channel);
    quote!(#s)
}

/// `e · 10^k` with an exact power of ten.
pub fn scaled(k: i32, e: TokenStream) -> TokenStream {
    if k == 0 {
        return e;
    }
    let p = lit_f64(10f64.powi(k.abs()));
    if k > 0 {
        quote!((#e * #p))
    } else {
        quote!((#e / #p))
    }
}
