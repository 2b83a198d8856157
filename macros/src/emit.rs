//! Stage 4: emission. Turns the analysed, classified model into Rust items: the parameter set
//! (typed fields, defaults, validation, access by name), the structure-of-arrays state, the
//! calibration (propagators from the matrix exponential), the step kernel and the metadata.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use crate::classify::Scheme;
use crate::ir::{Cmp, Ir, Op};
use crate::parse::ModelDef;
use crate::typecheck::{Analysed, DefaultValue, Param};

/// An f64 literal that round-trips exactly (infinities spelled as constants).
pub fn lit_f64(v: f64) -> TokenStream {
    if v.is_nan() {
        quote!(f64::NAN)
    } else if v == f64::INFINITY {
        quote!(f64::INFINITY)
    } else if v == f64::NEG_INFINITY {
        quote!(f64::NEG_INFINITY)
    } else if v == std::f64::consts::E {
        quote!(::core::f64::consts::E)
    } else if v == std::f64::consts::PI {
        quote!(::core::f64::consts::PI)
    } else if v < 0.0 {
        let l = Literal::f64_unsuffixed(-v);
        quote!(-#l)
    } else {
        let l = Literal::f64_unsuffixed(v);
        quote!(#l)
    }
}

/// An index literal without a type suffix (`3`, not `3usize`), for readable output.
fn idx(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

fn prec(ir: &Ir) -> u8 {
    match ir {
        Ir::Bin(Op::Add | Op::Sub, ..) => 1,
        Ir::Bin(Op::Mul | Op::Div, ..) | Ir::Scale(..) => 2,
        Ir::Neg(_) => 3,
        Ir::Num(v) if *v < 0.0 => 3,
        _ => 4,
    }
}

/// Rust tokens of an expression; `leaf` names parameters, states, inputs and `h`.
pub fn ir_tokens(ir: &Ir, leaf: &dyn Fn(&Ir) -> TokenStream) -> TokenStream {
    let wrap = |child: &Ir, min: u8| {
        let t = ir_tokens(child, leaf);
        if prec(child) < min { quote!((#t)) } else { t }
    };
    match ir {
        Ir::Num(v) => lit_f64(*v),
        Ir::Neg(a) => {
            let a = wrap(a, 3);
            quote!(-#a)
        }
        Ir::Bin(op, a, b) => {
            let p = prec(ir);
            let l = wrap(a, p);
            // Left-associative: a right operand of equal precedence keeps its parentheses.
            let r = wrap(b, p + 1);
            match op {
                Op::Add => quote!(#l + #r),
                Op::Sub => quote!(#l - #r),
                Op::Mul => quote!(#l * #r),
                Op::Div => quote!(#l / #r),
            }
        }
        Ir::Scale(k, a) => {
            let a = wrap(a, 2);
            let p = lit_f64(10f64.powi(k.abs()));
            if *k > 0 {
                quote!(#a * #p)
            } else {
                quote!(#a / #p)
            }
        }
        Ir::Call(f, args) => {
            let m = format_ident!("{}", f.method());
            let args = args.iter().map(|a| ir_tokens(a, leaf));
            quote!(f64::#m(#(#args),*))
        }
        Ir::Select(cond, a, b) => {
            let c = match &**cond {
                crate::ir::Cond::Refractory => quote!(is_refractory_now),
                crate::ir::Cond::Cmp(op, l, r) => {
                    let (l, r, op) = (ir_tokens(l, leaf), ir_tokens(r, leaf), cmp_tokens(*op));
                    quote!(#l #op #r)
                }
            };
            let (a, b) = (ir_tokens(a, leaf), ir_tokens(b, leaf));
            quote!((if #c { #a } else { #b }))
        }
        other => leaf(other),
    }
}

/// The signature of a model's update functions (`Model::update` and its helpers), named `name`.
pub(crate) fn update_signature(
    name: &str,
    cal_ty: &Ident,
    state_ty: &Ident,
    rt: &TokenStream,
) -> TokenStream {
    let name = format_ident!("{}", name);
    quote!(
        fn #name(
            calibrated: &[#cal_ty],
            group_of: &[u32],
            st: &mut #state_ty,
            range: #rt::__private::Range<usize>,
            inputs: &mut [f64],
            spiked: &mut #rt::__private::Vec<usize>,
            ctx: &#rt::StepCtx,
        ) -> ::core::result::Result<(), #rt::Failure>
    )
}

/// The arguments of a call of an update function, passed on unchanged.
pub(crate) fn update_arguments() -> TokenStream {
    quote!(calibrated, group_of, st, range, inputs, spiked, ctx)
}

pub(crate) fn cmp_tokens(c: Cmp) -> TokenStream {
    match c {
        Cmp::Lt => quote!(<),
        Cmp::Le => quote!(<=),
        Cmp::Gt => quote!(>),
        Cmp::Ge => quote!(>=),
    }
}

pub(crate) fn doc_lines(docs: &[String]) -> TokenStream {
    let docs = docs.iter().map(|d| format!(" {d}"));
    quote!(#(#[doc = #docs])*)
}

/// Field type of a parameter and the power of ten by which a declared-unit value is multiplied
/// to get the stored value.
pub(crate) fn field_type(p: &Param, rt: &TokenStream) -> (TokenStream, i32) {
    match p.unit {
        None => (quote!(bool), 0),
        Some(u) => match u.quantity_type() {
            Some(q) => {
                let t = format_ident!("{}", q.name);
                (quote!(#rt::#t), u.exp10 - q.unit.exp10)
            }
            None => (quote!(f64), 0),
        },
    }
}

fn scale_expr(k: i32, e: TokenStream) -> TokenStream {
    if k == 0 {
        e
    } else {
        let p = lit_f64(10f64.powi(k.abs()));
        if k > 0 {
            quote!((#e * #p))
        } else {
            quote!((#e / #p))
        }
    }
}

/// The value of parameter `p` of `src` (a Params expression) in its declared unit.
pub(crate) fn declared_value(p: &Param, src: TokenStream, rt: &TokenStream) -> TokenStream {
    let name = &p.name;
    let (ty, k) = field_type(p, rt);
    if p.unit.is_none() || ty.to_string() == "f64" {
        quote!(#src.#name)
    } else {
        // stored = declared · 10^k  ⇒  declared = stored · 10^-k
        scale_expr(-k, quote!(#src.#name.value()))
    }
}

/// A `MetaExpr` constant of an expression as written (for the audit metadata).
fn meta_expr(e: &syn::Expr, rt: &TokenStream) -> TokenStream {
    use syn::{BinOp, Expr, Lit, UnOp};
    match e {
        Expr::Lit(l) => {
            let (v, suffix) = match &l.lit {
                Lit::Float(f) => (
                    f.base10_parse::<f64>().unwrap_or(f64::NAN),
                    f.suffix().to_string(),
                ),
                Lit::Int(i) => (
                    i.base10_parse::<f64>().unwrap_or(f64::NAN),
                    i.suffix().to_string(),
                ),
                _ => (f64::NAN, String::new()),
            };
            let v = lit_f64(v);
            if suffix.is_empty() {
                quote!(#rt::MetaExpr::Num(#v))
            } else {
                match crate::units::Unit::named(&suffix) {
                    Some(u) => {
                        let u = crate::units::unit_tokens(u, rt);
                        quote!(#rt::MetaExpr::Quantity(#v, #u))
                    }
                    None => quote!(::core::compile_error!("unknown unit suffix")),
                }
            }
        }
        Expr::Path(_) => {
            let name = crate::text::expr_text(e);
            quote!(#rt::MetaExpr::Name(#name))
        }
        Expr::Paren(p) => meta_expr(&p.expr, rt),
        Expr::Group(g) => meta_expr(&g.expr, rt),
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => {
            let a = meta_expr(&u.expr, rt);
            quote!(#rt::MetaExpr::Neg(&#a))
        }
        Expr::Binary(b) => {
            let op = match b.op {
                BinOp::Add(_) => '+',
                BinOp::Sub(_) => '-',
                BinOp::Mul(_) => '*',
                _ => '/',
            };
            let (l, r) = (meta_expr(&b.left, rt), meta_expr(&b.right, rt));
            quote!(#rt::MetaExpr::Bin(#op, &#l, &#r))
        }
        Expr::Call(c) => {
            let f = crate::text::expr_text(&c.func);
            let args = c.args.iter().map(|a| meta_expr(a, rt));
            quote!(#rt::MetaExpr::Call(#f, &[#(#args),*]))
        }
        other => {
            let t = crate::text::expr_text(other);
            quote!(#rt::MetaExpr::Name(#t))
        }
    }
}

/// A constraint's right-hand side as a runtime `ParamExpr` tree: the same operations in the
/// same order as `ir_tokens` would emit (a scale is an exact `* 1eK` or `/ 1eK`).
fn param_expr(ir: &Ir, rt: &TokenStream) -> TokenStream {
    match ir {
        Ir::Num(v) => {
            let v = lit_f64(*v);
            quote!(#rt::ParamExpr::Num(#v))
        }
        Ir::Param(i) => {
            let i = idx(*i);
            quote!(#rt::ParamExpr::Param(#i))
        }
        Ir::Neg(a) => {
            let a = param_expr(a, rt);
            quote!(#rt::ParamExpr::Neg(&#a))
        }
        Ir::Bin(op, a, b) => {
            let op = match op {
                Op::Add => '+',
                Op::Sub => '-',
                Op::Mul => '*',
                Op::Div => '/',
            };
            let (a, b) = (param_expr(a, rt), param_expr(b, rt));
            quote!(#rt::ParamExpr::Bin(#op, &#a, &#b))
        }
        Ir::Scale(k, a) => {
            let op = if *k > 0 { '*' } else { '/' };
            let a = param_expr(a, rt);
            let p = lit_f64(10f64.powi(k.abs()));
            quote!(#rt::ParamExpr::Bin(#op, &#a, &#rt::ParamExpr::Num(#p)))
        }
        Ir::Call(f, args) => {
            let m = f.method();
            let args = args.iter().map(|a| param_expr(a, rt));
            quote!(#rt::ParamExpr::Call(#m, &[#(#args),*]))
        }
        _ => quote!(::core::compile_error!("unexpected name in a constraint")),
    }
}

/// The token lists that implement a parameter set: struct fields, defaults, access by position
/// and the metadata table that drives access by name and validation at run time. Shared by
/// `neuron!` and `rate_neuron!`.
pub struct ParamTokens {
    pub fields: Vec<TokenStream>,
    pub defaults: Vec<TokenStream>,
    /// `slot` arms: `k => <value in the declared unit>,`.
    pub slots: Vec<TokenStream>,
    /// `set_slot` arms: `k => self.NAME = <stored value>,`.
    pub set_slots: Vec<TokenStream>,
    pub param_meta: Vec<TokenStream>,
    /// `let NAME = <value in the declared unit>;` from `params`, for calibration.
    pub param_locals: Vec<TokenStream>,
    /// The same from `self`, for the checks on the whole set.
    pub supported_locals: Vec<TokenStream>,
    /// Other accepted names, appended to the known names in errors (`", mean (= mu)"`).
    pub other_names: String,
    /// Extra `get` arms for other names of parameters (tried first).
    pub alias_get: Vec<TokenStream>,
    /// Extra `set` arms for other names of parameters (tried first).
    pub alias_set: Vec<TokenStream>,
    /// Checks on the whole set, run by `validate` after the table's.
    pub requires: Vec<TokenStream>,
}

impl ParamTokens {
    /// The parameter struct `<Model>Params`, its `Default` and its `Parameters` impl (the
    /// table is the model's `META.params`; access by name and validation are the runtime's).
    pub fn items(
        &self,
        model: &Ident,
        vis: &syn::Visibility,
        nest_name: &str,
        rt: &TokenStream,
    ) -> TokenStream {
        let params_ty = format_ident!("{}Params", model);
        let ParamTokens {
            fields,
            defaults,
            slots,
            set_slots,
            supported_locals,
            other_names,
            alias_get,
            alias_set,
            requires,
            ..
        } = self;
        let other_names = (!other_names.is_empty())
            .then(|| quote!(const OTHER_NAMES: &'static str = #other_names;));
        let get = (!alias_get.is_empty()).then(|| {
            quote!(
                fn get(&self, name: &str) -> #rt::Result<#rt::Value> {
                    match name {
                        #(#alias_get)*
                        _ => #rt::params::get(self, name),
                    }
                }
            )
        });
        let set = (!alias_set.is_empty()).then(|| {
            quote!(
                fn set(&mut self, name: &str, value: #rt::Value) -> #rt::Result<()> {
                    match name {
                        #(#alias_set)*
                        _ => #rt::params::set(self, name, value),
                    }
                }
            )
        });
        let validate = (!requires.is_empty()).then(|| {
            quote!(
                #[allow(non_snake_case, unused_variables)]
                fn validate(&self) -> #rt::Result<()> {
                    #rt::params::validate(self)?;
                    #(#supported_locals)*
                    #(#requires)*
                    Ok(())
                }
            )
        });
        quote! {
            #[doc = concat!(" Parameters of [`", stringify!(#model), "`] (NEST names; values in NEST's units).")]
            #[allow(non_snake_case)]
            #[derive(Clone, Debug, PartialEq)]
            #vis struct #params_ty {
                #(#fields)*
            }

            impl Default for #params_ty {
                fn default() -> Self {
                    Self { #(#defaults)* }
                }
            }

            impl #rt::Parameters for #params_ty {
                const MODEL: &'static str = #nest_name;
                const PARAMS: &'static [#rt::ParamMeta] = <#model as #rt::Model>::META.params;
                #other_names

                fn slot(&self, k: usize) -> f64 {
                    match k {
                        #(#slots)*
                        _ => f64::NAN,
                    }
                }

                fn set_slot(&mut self, k: usize, value: f64) {
                    match k {
                        #(#set_slots)*
                        _ => {}
                    }
                }

                #get
                #set
                #validate
            }
        }
    }
}

pub fn param_tokens(params: &[Param], rt: &TokenStream) -> ParamTokens {
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut slots = Vec::new();
    let mut set_slots = Vec::new();
    let mut param_meta = Vec::new();
    let param_locals: Vec<TokenStream> = params
        .iter()
        .filter(|p| p.supported)
        .map(|p| {
            let n = crate::names::local(&p.name);
            let v = declared_value(p, quote!(params), rt);
            quote!(let #n = #v;)
        })
        .collect();
    for (i, p) in params.iter().enumerate() {
        let name = &p.name;
        let name_str = name.to_string();
        let (ty, k) = field_type(p, rt);
        let unit = &p.unit_text;
        let unit_meta = crate::units::declared_tokens(p.unit, unit, rt);
        let status = if p.supported {
            ""
        } else {
            " Not supported by saltatory yet: only the default is accepted."
        };
        let (default_tokens, default_text, default_meta) = match p.default {
            DefaultValue::Switch(b) => (quote!(#b), b.to_string(), quote!(#rt::Value::Switch(#b))),
            DefaultValue::Number(v) => {
                let stored = crate::ir::apply_scale(k, v);
                let lit = lit_f64(stored);
                let raw = lit_f64(v);
                let init = if ty.to_string() == "f64" {
                    lit
                } else {
                    quote!(#ty::new(#lit))
                };
                (
                    init,
                    format!("{v} {unit}"),
                    quote!(#rt::Value::Number(#raw)),
                )
            }
        };
        let doc = format!(
            " {} [{unit}, default {default_text}]{status}",
            p.docs.join(" ")
        );
        fields.push(quote!(#[doc = #doc] pub #name: #ty,));
        defaults.push(quote!(#name: #default_tokens,));
        let slot = idx(i);
        match p.unit {
            None => {
                slots.push(quote!(#slot => if self.#name { 1.0 } else { 0.0 },));
                set_slots.push(quote!(#slot => self.#name = value != 0.0,));
            }
            Some(_) => {
                let declared = declared_value(p, quote!(self), rt);
                slots.push(quote!(#slot => #declared,));
                let stored = scale_expr(k, quote!(value));
                let assign = if ty.to_string() == "f64" {
                    stored
                } else {
                    quote!(#ty::new(#stored))
                };
                set_slots.push(quote!(#slot => self.#name = #assign,));
            }
        }
        let bounds = p.constraints.iter().map(|(cmp, rhs, text)| {
            let cmp = format_ident!(
                "{}",
                match cmp {
                    Cmp::Lt => "Lt",
                    Cmp::Le => "Le",
                    Cmp::Gt => "Gt",
                    Cmp::Ge => "Ge",
                }
            );
            let rhs = param_expr(rhs, rt);
            quote!(#rt::Bound { cmp: #rt::Comparison::#cmp, rhs: #rhs, text: #text })
        });
        let constraint_text = {
            let mut parts: Vec<String> = p.constraints.iter().map(|c| c.2.clone()).collect();
            if p.allow_inf {
                parts.push("may be infinite".into());
            }
            parts.join(", ")
        };
        let pdoc = p.docs.join(" ");
        let (supported, allow_inf) = (p.supported, p.allow_inf);
        param_meta.push(quote!(#rt::ParamMeta {
            name: #name_str, unit: #unit_meta, default: #default_meta,
            constraint: #constraint_text, doc: #pdoc, supported: #supported,
            allow_inf: #allow_inf, bounds: &[#(#bounds),*],
        }));
    }
    let supported_locals: Vec<TokenStream> = params
        .iter()
        .filter(|p| p.unit.is_some())
        .map(|p| {
            let n = crate::names::local(&p.name);
            let v = declared_value(p, quote!(self), rt);
            quote!(let #n = #v;)
        })
        .collect();

    ParamTokens {
        fields,
        defaults,
        slots,
        set_slots,
        param_meta,
        param_locals,
        supported_locals,
        other_names: String::new(),
        alias_get: Vec::new(),
        alias_set: Vec::new(),
        requires: Vec::new(),
    }
}

pub fn emit(m: &ModelDef, a: &Analysed, scheme: &Scheme, rt: &TokenStream) -> TokenStream {
    let (inputs, reason, control) = match scheme {
        Scheme::Exact { inputs, reason, .. } => (inputs.clone(), reason, None),
        Scheme::Rkf45 { control, reason } => (Vec::new(), reason, Some(control)),
        Scheme::Explicit { reason } => (Vec::new(), reason, None),
    };
    let exact = matches!(scheme, Scheme::Exact { .. });
    let vis = &m.vis;
    let model = &m.ident;
    let params_ty = format_ident!("{}Params", model);
    let state_ty = format_ident!("{}State", model);
    let cal_ty = format_ident!("{}Calibrated", model);
    let cal_params_ty = format_ident!("{}CalibratedParams", model);
    let step_ty = format_ident!("{}StepConstants", model);
    let derived = crate::recordables::derived(a, rt, &cal_ty, &state_ty);
    let nest_name = m.nest_name.value();
    let model_doc = doc_lines(&m.docs);
    let nx = a.states.len();
    let na = nx + 1 + inputs.len();
    let (nx_t, na_t) = (idx(nx), idx(na));

    // ---- parameters ------------------------------------------------------------------------
    let mut pt = param_tokens(&a.params, rt);
    let local = |x: &Ir| match x {
        Ir::Param(i) => {
            let n = crate::names::local(&a.params[*i].name);
            quote!(#n)
        }
        _ => quote!(compile_error!("a requirement names only parameters")),
    };
    pt.requires = a
        .requires
        .iter()
        .map(|rq| {
            let (cmp, l, r) = &rq.cond;
            let (l, r, op) = (ir_tokens(l, &local), ir_tokens(r, &local), cmp_tokens(*cmp));
            let guard = match &rq.guard {
                Some((gc, gl, gr)) => {
                    let (gl, gr, gop) = (
                        ir_tokens(gl, &local),
                        ir_tokens(gr, &local),
                        cmp_tokens(*gc),
                    );
                    quote!((#gl #gop #gr) &&)
                }
                None => quote!(),
            };
            let p = &a.params[rq.param];
            let name = crate::names::local(&p.name);
            let (name_str, unit) = (p.name.to_string(), &p.unit_text);
            let text = &rq.text;
            quote!(
                if #guard !(#l #op #r) {
                    return Err(#rt::Error::InvalidParameter {
                        model: #nest_name, name: #name_str.into(), value: #name, unit: #unit,
                        expected: #text.into(),
                    });
                }
            )
        })
        .collect();
    let param_items = pt.items(model, vis, &nest_name, rt);
    let ParamTokens {
        param_meta,
        param_locals,
        ..
    } = pt;

    // ---- state -----------------------------------------------------------------------------
    let refr = a.refractory.as_ref();
    let remaining: Option<Ident> = m.refractory.as_ref().and_then(|r| r.remaining.clone());

    // ---- calibration -----------------------------------------------------------------------
    let cal_leaf = |x: &Ir| -> TokenStream {
        match x {
            Ir::Param(i) => {
                let n = crate::names::local(&a.params[*i].name);
                quote!(#n)
            }
            Ir::H => quote!(h),
            _ => quote!(compile_error!("state-dependent coefficient")),
        }
    };
    let holds: Vec<usize> = refr.map(|r| r.holds.clone()).unwrap_or_default();
    let step = crate::step::describe(a, scheme, remaining.as_ref().map(|r| r.to_string()));
    let printer = crate::print_rust::RustPrinter { a, step: &step, rt };
    let (state_items, state_meta) =
        crate::state_items::state_items(&crate::state_items::StateInput {
            a,
            step: &step,
            model,
            vis,
            rt,
            param_locals: &param_locals,
        });
    let mut m_sets = Vec::new();
    if let Scheme::Exact { rows, inputs, .. } = scheme {
        for (i, j, coef) in crate::step::patterns(rows, nx, inputs, &holds).entries {
            let c = ir_tokens(&coef, &cal_leaf);
            let (ri, cj) = (idx(i), idx(j));
            m_sets.push(quote!(system.set(#ri, #cj, #c);));
        }
    }

    let cal_param_fields = a.params.iter().filter(|p| p.supported).map(|p| {
        let n = &p.name;
        let ty = if p.unit.is_some() {
            quote!(f64)
        } else {
            quote!(bool)
        };
        let doc = format!(" `{}` in {}.", n, p.unit_text);
        quote!(#[doc = #doc] pub #n: #ty,)
    });
    let cal_param_inits = a.params.iter().filter(|p| p.supported).map(|p| {
        let (n, l) = (&p.name, crate::names::local(&p.name));
        quote!(#n: #l,)
    });

    // Spike routing: a channel per port and weight condition.
    let route_arms = step.routes.iter().map(|r| {
        let rec = idx(r.receptor);
        let conds = r.arms.iter().map(|(cond, ch)| {
            let ch = idx(*ch);
            match cond {
                None => quote!(return Ok(#ch);),
                Some(c) => {
                    let op = cmp_tokens(*c);
                    quote!(if weight #op 0.0 { return Ok(#ch); })
                }
            }
        });
        quote!(if receptor == #rec { #(#conds)* })
    });
    let spike_receptors: Vec<usize> = step.routes.iter().map(|r| r.receptor).collect();
    let n_spike_channels = step.spike_channels;
    let n_channels = idx(step.channels(a));
    let current_receptors: Vec<usize> = a.currents.iter().map(|c| c.receptor).collect();
    let current_avail = format!("{current_receptors:?}");
    let current_receptors: Vec<Literal> = current_receptors.into_iter().map(idx).collect();
    let current_channel_lits: Vec<Literal> = (0..a.currents.len())
        .map(|k| idx(step.current_channel(k)))
        .collect();
    let spike_avail = format!("{spike_receptors:?}");

    // Constants of the step computed at calibration (jump and post-input coefficients).
    let mut cal_extra_fields = Vec::new();
    let mut cal_extra_inits = Vec::new();
    for c in &step.constants {
        let f = format_ident!("{}", c.name);
        let v = ir_tokens(&c.value, &cal_leaf);
        let doc = format!(" {}", c.doc);
        cal_extra_fields.push(quote!(#[doc = #doc] pub #f: f64,));
        cal_extra_inits.push(match &c.must_be_finite {
            Some(what) => {
                quote!(#f: #rt::__private::finite_coefficient(#v, #nest_name, #what)?,)
            }
            None => quote!(#f: #v,),
        });
    }

    let mut refr_tokens_cal = TokenStream::new();
    if let Some(r) = refr {
        let d = ir_tokens(&r.duration, &cal_leaf);
        cal_extra_fields.push(quote!(#[doc = " Refractory period in whole steps (NEST's rounding)."] pub refractory_steps: u32,));
        refr_tokens_cal.extend(quote!(let refractory_steps = grid.steps_ceil(#d) as u32;));
        cal_extra_inits.push(quote!(refractory_steps,));
        if exact {
            cal_extra_fields.push(quote!(#[doc = " Propagator used while refractory (held rows frozen)."] pub P_refr: [[f64; #na_t]; #nx_t],));
            cal_extra_inits.push(quote!(P_refr,));
        }
        if let Some(df) = &r.defer {
            let t = ir_tokens(&df.tau, &cal_leaf);
            cal_extra_fields.push(quote!(#[doc = " Decay time (ms) of deferred refractory input."] pub defer_tau: f64,));
            cal_extra_inits.push(quote!(defer_tau: #t,));
        }
    }
    let held_rows: Vec<Literal> = holds.iter().map(|&h| idx(h)).collect();
    let refr_prop = if refr.is_some() {
        quote!(
            for row in [#(#held_rows),*] {
                for col in 0..#na_t {
                    system.set(row, col, 0.0);
                }
            }
            let held = #rt::__private::expm_scaled(&system, h);
            let mut P_refr = [[0.0; #na_t]; #nx_t];
            for (i, row) in P_refr.iter_mut().enumerate() {
                for (j, v) in row.iter_mut().enumerate() {
                    *v = held.get(i, j);
                }
            }
        )
    } else {
        quote!()
    };

    // ---- kernel: the step description, printed ------------------------------------------
    let all_fields: Vec<TokenStream> = step
        .columns
        .iter()
        .map(crate::print_rust::column_path)
        .collect();
    let all_cols: Vec<Ident> = step.columns.iter().map(crate::print_rust::col).collect();
    let kernel_body = printer.stmts(&step.body);
    let grid_h = quote!(let grid_h = cal.step.h;);

    let equations_text: Vec<&String> = a.equations.iter().map(|e| &e.text).collect();
    let mut definitions_text: Vec<String> = m
        .lets
        .iter()
        .map(|(n, e)| format!("{n} = {}", crate::text::expr_text(e)))
        .collect();
    if let Some(u) = &m.update {
        let show = |st: &crate::parse::Stmt| match st {
            crate::parse::Stmt::Let(n, e) => format!("{n} = {}", crate::text::expr_text(e)),
            crate::parse::Stmt::Assign(e) => crate::text::expr_text(e),
        };
        let (when, otherwise) = match &u.switch {
            Some(sw) => (format!("update if {sw}: "), format!("update unless {sw}: ")),
            None => ("update: ".to_string(), String::new()),
        };
        definitions_text.extend(u.then.iter().map(|st| format!("{when}{}", show(st))));
        definitions_text.extend(
            u.otherwise
                .iter()
                .map(|st| format!("{otherwise}{}", show(st))),
        );
    }
    let equation_trees: Vec<TokenStream> = m
        .equations
        .iter()
        .map(|eq| {
            let state = eq.var.to_string();
            let text = format!("d/dt {} = {}", eq.var, crate::text::expr_text(&eq.rhs));
            let rhs = meta_expr(&eq.rhs, rt);
            quote!(#rt::EquationMeta { state: #state, text: #text, rhs: #rhs })
        })
        .collect();
    let reset_trees: Vec<TokenStream> = m
        .reset
        .iter()
        .filter_map(|r| {
            let (left, op, right) = match r {
                syn::Expr::Assign(a) => (&*a.left, "=", &*a.right),
                syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::AddAssign(_)) => {
                    (&*b.left, "+=", &*b.right)
                }
                syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::SubAssign(_)) => {
                    (&*b.left, "-=", &*b.right)
                }
                _ => return None,
            };
            let target = crate::text::expr_text(left);
            let value = meta_expr(right, rt);
            Some(quote!(#rt::AssignMeta { target: #target, op: #op, value: #value }))
        })
        .collect();
    let notes: Vec<TokenStream> = m
        .notes
        .iter()
        .map(|(name, text)| {
            let name = name.to_string();
            let text = text.value();
            quote!((#name, #text))
        })
        .collect();
    let inputs_text: Vec<String> = a
        .spikes
        .iter()
        .map(|s| s.text.clone())
        .chain(a.currents.iter().map(|c| c.text.clone()))
        .collect();
    let threshold_text = a
        .threshold
        .as_ref()
        .map(|t| t.2.clone())
        .unwrap_or_default();
    let reset_text: Vec<String> = a
        .reset
        .iter()
        .map(|r| r.text.clone())
        .chain(a.bounds.iter().map(|b| format!("bound {}", b.text)))
        .collect();
    let refr_text = refr.map(|r| r.text.clone()).unwrap_or_default();
    let doc_text = m.docs.join("\n");
    let rust_name = model.to_string();
    let cal_h_field = quote!(#[doc = " Resolution in ms."] pub h: f64,);
    let state_count = idx(nx);

    let (scheme_field, scheme_meta, scheme_calibration, scheme_init) = if exact {
        (
            quote!(
                #[doc = " Propagator: rows are state variables, columns the augmented system (state, 1, inputs)."]
                pub P: [[f64; #na_t]; #nx_t],
            ),
            quote!(#rt::Scheme::ExactPropagator),
            quote!(
                let mut system = #rt::__private::Matrix::zeros(#na_t);
                #(#m_sets)*
                let full = #rt::__private::expm_scaled(&system, h);
                let mut P = [[0.0; #na_t]; #nx_t];
                for (i, row) in P.iter_mut().enumerate() {
                    for (j, v) in row.iter_mut().enumerate() {
                        *v = full.get(i, j);
                    }
                }
                #refr_prop
            ),
            quote!(P,),
        )
    } else if a.update.is_some() {
        (quote!(), quote!(#rt::Scheme::Explicit), quote!(), quote!())
    } else {
        let control = control.expect("RKF45 scheme");
        let c = control.iter().map(|ir| ir_tokens(ir, &cal_leaf));
        let (field, init) = (
            quote!(
                #[doc = " GSL standard step control (eps_abs, eps_rel, a_y, a_dydt)."]
                pub control: #rt::rkf45::Control,
            ),
            quote!(control,),
        );
        let [c0, c1, c2, c3]: [TokenStream; 4] =
            c.collect::<Vec<_>>().try_into().expect("four settings");
        let calibration = quote!(
            let control = #rt::rkf45::Control { eps_abs: #c0, eps_rel: #c1, a_y: #c2, a_dydt: #c3 };
        );
        (field, quote!(#rt::Scheme::Rkf45), calibration, init)
    };
    let sig_update = update_signature("update", &cal_ty, &state_ty, rt);
    let sig_scalar = update_signature("__update_scalar", &cal_ty, &state_ty, rt);
    let args = update_arguments();
    // ---- the SIMD path of RKF45 models: four neurons in lanes -----------------------------
    let lanes_items = if matches!(scheme, Scheme::Rkf45 { .. }) {
        crate::lanes::update_lanes(&crate::lanes::LaneParts {
            printer: &printer,
            cal_ty: &cal_ty,
            state_ty: &state_ty,
            n_channels: &n_channels,
            all_cols: &all_cols,
            all_fields: &all_fields,
        })
    } else {
        quote!()
    };
    let (lanes_dispatch, lanes_avx2) = if matches!(scheme, Scheme::Rkf45 { .. }) {
        crate::lanes::dispatch(&cal_ty, &state_ty, rt)
    } else {
        (quote!(), quote!())
    };
    // ---- the same step as CUDA C (GPU path) ---------------------------------------------
    let gpu = crate::cuda::kernel(&nest_name, a, &step);
    let (gpu_kernel, gpu_pack) =
        gpu_items(&gpu, &nest_name, n_spike_channels + a.currents.len(), rt);

    let items = quote! {
        #model_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #vis struct #model;

        #param_items

        #state_items

        #[doc = concat!(" Constants of one step of [`", stringify!(#model), "`] for one parameter set and resolution.")]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #cal_ty {
            /// The parameters, in their declared units.
            pub params: #cal_params_ty,
            /// What the update computes from them once (propagators, coefficients, counts).
            pub step: #step_ty,
        }

        #[doc = concat!(" Parameters of [`", stringify!(#model), "`] as the update reads them.")]
        #[allow(non_snake_case)]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #cal_params_ty {
            #(#cal_param_fields)*
        }

        #[doc = concat!(" Constants the update of [`", stringify!(#model), "`] computes from the parameters.")]
        #[allow(non_snake_case)]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #step_ty {
            #cal_h_field
            #scheme_field
            #(#cal_extra_fields)*
        }

        impl #rt::Model for #model {
            type Params = #params_ty;
            type State = #state_ty;
            type Calibrated = #cal_ty;
            const N_CHANNELS: usize = #n_channels;
            const META: #rt::ModelMeta = #rt::ModelMeta {
                name: #nest_name,
                rust_name: #rust_name,
                doc: #doc_text,
                params: &[#(#param_meta),*],
                state: &[#(#state_meta),*],
                inputs: &[#(#inputs_text),*],
                definitions: &[#(#definitions_text),*],
                equations: &[#(#equations_text),*],
                equation_trees: &[#(#equation_trees),*],
                reset_trees: &[#(#reset_trees),*],
                notes: &[#(#notes),*],
                threshold: #threshold_text,
                reset: &[#(#reset_text),*],
                refractory: #refr_text,
                scheme: #scheme_meta,
                scheme_reason: #reason,
            };

            #[allow(non_snake_case, unused_variables, unused_mut)]
            fn calibrate(params: &#params_ty, grid: &#rt::Grid) -> #rt::Result<#cal_ty> {
                <#params_ty as #rt::Parameters>::validate(params)?;
                let h = grid.h();
                #(#param_locals)*
                #scheme_calibration
                #refr_tokens_cal
                Ok(#cal_ty {
                    params: #cal_params_ty { #(#cal_param_inits)* },
                    step: #step_ty { h, #scheme_init #(#cal_extra_inits)* },
                })
            }

            fn spike_channel(_params: &Self::Params, receptor: usize, weight: f64) -> #rt::Result<usize> {
                #(#route_arms)*
                Err(#rt::Error::UnknownReceptor {
                    model: #nest_name, kind: "spike", receptor, available: #spike_avail.into(),
                })
            }

            fn current_channel(_params: &Self::Params, receptor: usize) -> #rt::Result<usize> {
                #(if receptor == #current_receptors { return Ok(#current_channel_lits); })*
                Err(#rt::Error::UnknownReceptor {
                    model: #nest_name, kind: "current", receptor, available: #current_avail.into(),
                })
            }

            #gpu_kernel
            #gpu_pack
            #derived

            #sig_update {
                #lanes_dispatch
                Self::__update_scalar(#args)
            }
        }

        impl #model {
            /// Number of state variables.
            pub const STATE_VARIABLES: usize = #state_count;

            /// The update of `range`, one neuron after the other.
            #[inline]
            #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments, clippy::needless_range_loop, clippy::possible_missing_comma, clippy::ptr_arg)]
            #sig_scalar {
                // Every column cut to the range's end once, and the inputs taken in whole
                // chunks, so that the loop needs no index checks.
                let end = range.end;
                let group_of = &group_of[..end];
                #(let #all_cols = &mut st.#all_fields[..end];)*
                for (inp, neuron) in inputs.chunks_exact_mut(#n_channels).zip(range) {
                    let cal = &calibrated[group_of[neuron] as usize];
                    #grid_h
                    #kernel_body
                }
                Ok(())
            }

            #lanes_items
            #lanes_avx2
        }
    };
    items
}

/// The `Model` items of the GPU path: the kernel source with its layout, and the functions that
/// flatten the calibration and the state into that layout and back.
fn gpu_items(
    k: &crate::cuda::CudaKernel,
    nest_name: &str,
    channels: usize,
    rt: &TokenStream,
) -> (TokenStream, TokenStream) {
    use crate::cuda::{ColumnKind, ConstKind};
    let (entry, source) = (&k.entry, &k.source);
    let constants = &k.constants;
    let column_names: Vec<&String> = k.columns.iter().map(|c| &c.field).collect();
    let failures = &k.failures;
    let kernel = quote!(
        const KERNEL: ::core::option::Option<&'static #rt::KernelSource> = Some(&#rt::KernelSource {
            model: #nest_name,
            entry: #entry,
            source: #source,
            constants: &[#(#constants),*],
            columns: &[#(#column_names),*],
            channels: #channels,
            failures: &[#(#failures),*],
        });
    );
    let pushes = k.constant_fields.iter().map(|field| {
        let name = format_ident!("{}", field.name);
        let f = if field.declared {
            quote!(params.#name)
        } else {
            quote!(step.#name)
        };
        match field.kind {
            ConstKind::Number => quote!(out.push(cal.#f);),
            ConstKind::Switch => quote!(out.push(if cal.#f { 1.0 } else { 0.0 });),
            ConstKind::Count => quote!(out.push(cal.#f as f64);),
            ConstKind::Matrix(..) => quote!(for row in &cal.#f { out.extend_from_slice(row); }),
            ConstKind::Control => quote!(out.extend_from_slice(&[
                cal.#f.eps_abs, cal.#f.eps_rel, cal.#f.a_y, cal.#f.a_dydt
            ]);),
        }
    });
    let packs = k.columns.iter().map(|col| {
        let f = crate::print_rust::column_path(col);
        match col.kind {
            ColumnKind::Number => quote!(out.extend_from_slice(&st.#f);),
            ColumnKind::Count => quote!(out.extend(st.#f.iter().map(|&v| f64::from(v)));),
        }
    });
    let unpacks = k.columns.iter().enumerate().map(|(c, col)| {
        let (f, kind) = (crate::print_rust::column_path(col), col.kind);
        let (c, c1) = (idx(c), idx(c + 1));
        match kind {
            ColumnKind::Number => quote!(st.#f.copy_from_slice(&columns[#c * n..#c1 * n]);),
            ColumnKind::Count => quote!(
                for (dst, &v) in st.#f.iter_mut().zip(&columns[#c * n..#c1 * n]) {
                    *dst = v as u32;
                }
            ),
        }
    });
    let pack = quote!(
        #[allow(non_snake_case)]
        fn pack_calibrated(cal: &Self::Calibrated, out: &mut #rt::__private::Vec<f64>) {
            #(#pushes)*
        }
        #[allow(non_snake_case)]
        fn pack_state(st: &Self::State, out: &mut #rt::__private::Vec<f64>) {
            #(#packs)*
        }
        #[allow(non_snake_case)]
        fn unpack_state(st: &mut Self::State, columns: &[f64]) {
            let n = <Self::State as #rt::StateColumns>::len(st);
            #(#unpacks)*
        }
    );
    (kernel, pack)
}
