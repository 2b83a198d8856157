//! Stage 4: emission. Turns the analysed, classified model into Rust items: the parameter set
//! (typed fields, defaults, validation, access by name), the structure-of-arrays state, the
//! calibration (propagators from the matrix exponential), the step kernel and the metadata.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use crate::classify::{Column, Scheme, propagator_pattern};
use crate::ir::{Cmp, Ir, Op};
use crate::parse::ModelDef;
use crate::typecheck::{Analysed, AssignOp, DefaultValue, Param};

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
            Some((name, canon)) => {
                let t = format_ident!("{}", name);
                (quote!(#rt::#t), u.exp10 - canon)
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
                quote!(#rt::MetaExpr::Quantity(#v, #suffix))
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

/// The token lists that implement a parameter set: struct fields, defaults, `get`/`set` arms,
/// validation and metadata. Shared by `neuron!` and `rate_neuron!`.
pub struct ParamTokens {
    pub fields: Vec<TokenStream>,
    pub defaults: Vec<TokenStream>,
    pub getters: Vec<TokenStream>,
    pub setters: Vec<TokenStream>,
    pub finite_checks: Vec<TokenStream>,
    pub constraint_checks: Vec<TokenStream>,
    pub param_meta: Vec<TokenStream>,
    /// `let NAME = <value in the declared unit>;` from `params`, for calibration.
    pub param_locals: Vec<TokenStream>,
    /// The same from `self`, for validation.
    pub supported_locals: Vec<TokenStream>,
    /// Comma-separated names, for unknown-name errors.
    pub param_names: String,
    /// Extra `get` arms for other names of parameters (tried first).
    pub alias_get: Vec<TokenStream>,
    /// Extra `set` arms for other names of parameters (tried first).
    pub alias_set: Vec<TokenStream>,
    /// Checks on the whole set, run last by `validate`.
    pub requires: Vec<TokenStream>,
}

impl ParamTokens {
    /// The parameter struct `<Model>Params`, its `Default` and its `Parameters` impl; `set_one`
    /// sets one declared parameter.
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
            getters,
            setters,
            finite_checks,
            constraint_checks,
            supported_locals,
            param_names,
            alias_get,
            alias_set,
            requires,
            ..
        } = self;
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

            impl #params_ty {
                fn set_one(&mut self, name: &str, value: #rt::Value) -> #rt::Result<()> {
                    match name {
                        #(#setters)*
                        _ => Err(#rt::Error::UnknownName {
                            model: #nest_name, kind: "parameter", name: name.into(), known: #param_names.into(),
                        }),
                    }
                }
            }

            impl #rt::Parameters for #params_ty {
                fn get(&self, name: &str) -> #rt::Result<#rt::Value> {
                    match name {
                        #(#getters)*
                        #(#alias_get)*
                        _ => Err(#rt::Error::UnknownName {
                            model: #nest_name, kind: "parameter", name: name.into(), known: #param_names.into(),
                        }),
                    }
                }

                fn set(&mut self, name: &str, value: #rt::Value) -> #rt::Result<()> {
                    match name {
                        #(#alias_set)*
                        _ => self.set_one(name, value),
                    }
                }

                #[allow(non_snake_case, unused_variables)]
                fn validate(&self) -> #rt::Result<()> {
                    #(#finite_checks)*
                    #(#supported_locals)*
                    #(#constraint_checks)*
                    #(#requires)*
                    Ok(())
                }
            }
        }
    }
}

pub fn param_tokens(params: &[Param], nest_name: &str, rt: &TokenStream) -> ParamTokens {
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut getters = Vec::new();
    let mut setters = Vec::new();
    let mut finite_checks = Vec::new();
    let mut constraint_checks = Vec::new();
    let mut param_meta = Vec::new();
    let param_locals: Vec<TokenStream> = params
        .iter()
        .filter(|p| p.supported)
        .map(|p| {
            let n = &p.name;
            let v = declared_value(p, quote!(params), rt);
            quote!(let #n = #v;)
        })
        .collect();
    for p in params {
        let name = &p.name;
        let name_str = name.to_string();
        let (ty, k) = field_type(p, rt);
        let unit = &p.unit_text;
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
        let declared = declared_value(p, quote!(self), rt);
        match p.unit {
            None => {
                getters.push(quote!(#name_str => Ok(#rt::Value::Switch(self.#name)),));
                setters.push(quote!(
                    #name_str => match value {
                        #rt::Value::Switch(b) => { self.#name = b; Ok(()) }
                        other => Err(#rt::Error::WrongValueKind {
                            model: #nest_name, name: #name_str.into(),
                            expected: "true or false".into(), got: other.to_string(),
                        }),
                    },
                ));
            }
            Some(_) => {
                getters.push(quote!(#name_str => Ok(#rt::Value::Number(#declared)),));
                let stored = scale_expr(k, quote!(number));
                let assign = if ty.to_string() == "f64" {
                    stored
                } else {
                    quote!(#ty::new(#stored))
                };
                let expected = format!("a number in {unit}");
                setters.push(quote!(
                    #name_str => match value {
                        #rt::Value::Number(number) => { self.#name = #assign; Ok(()) }
                        other => Err(#rt::Error::WrongValueKind {
                            model: #nest_name, name: #name_str.into(),
                            expected: #expected.into(), got: other.to_string(),
                        }),
                    },
                ));
                let expected = if p.allow_inf {
                    "a number (not NaN)"
                } else {
                    "a finite number"
                };
                let bad = if p.allow_inf {
                    quote!(given.is_nan())
                } else {
                    quote!(!given.is_finite())
                };
                finite_checks.push(quote!({
                    let given = #declared;
                    if #bad {
                        return Err(#rt::Error::InvalidParameter {
                            model: #nest_name, name: #name_str.into(), value: given, unit: #unit,
                            expected: #expected.into(),
                        });
                    }
                }));
            }
        }
        if !p.supported {
            let msg = format!(
                "its NEST default {default_text} ({name_str} is not supported by saltatory yet)"
            );
            let (cmp, shown) = match p.default {
                DefaultValue::Switch(b) => (
                    quote!(self.#name != #b),
                    quote!(if self.#name { 1.0 } else { 0.0 }),
                ),
                DefaultValue::Number(v) => {
                    let d = lit_f64(v);
                    (quote!(#declared != #d), declared.clone())
                }
            };
            constraint_checks.push(quote!(
                if #cmp {
                    return Err(#rt::Error::InvalidParameter {
                        model: #nest_name, name: #name_str.into(), value: #shown, unit: #unit,
                        expected: #msg.into(),
                    });
                }
            ));
        }
        for (cmp, rhs, text) in &p.constraints {
            let rhs_t = ir_tokens(rhs, &|x| match x {
                Ir::Param(i) => {
                    let n = &params[*i].name;
                    quote!(#n)
                }
                _ => quote!(compile_error!("unexpected name in a constraint")),
            });
            let op = cmp_tokens(*cmp);
            let is_const = rhs.eval_const().is_some();
            let expected = if is_const {
                quote!(#text.to_string())
            } else {
                let fmt = format!("{text} (= {{}} {unit})");
                quote!(format!(#fmt, #rhs_t))
            };
            constraint_checks.push(quote!(
                if !(#name #op #rhs_t) {
                    return Err(#rt::Error::InvalidParameter {
                        model: #nest_name, name: #name_str.into(), value: #name, unit: #unit,
                        expected: #expected,
                    });
                }
            ));
        }
        let constraint_text = {
            let mut parts: Vec<String> = p.constraints.iter().map(|c| c.2.clone()).collect();
            if p.allow_inf {
                parts.push("may be infinite".into());
            }
            parts.join(", ")
        };
        let pdoc = p.docs.join(" ");
        let supported = p.supported;
        param_meta.push(quote!(#rt::ParamMeta {
            name: #name_str, unit: #unit, default: #default_meta,
            constraint: #constraint_text, doc: #pdoc, supported: #supported,
        }));
    }
    let param_names = params
        .iter()
        .map(|p| p.name.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let supported_locals: Vec<TokenStream> = params
        .iter()
        .filter(|p| p.unit.is_some())
        .map(|p| {
            let n = &p.name;
            let v = declared_value(p, quote!(self), rt);
            quote!(let #n = #v;)
        })
        .collect();

    ParamTokens {
        fields,
        defaults,
        getters,
        setters,
        finite_checks,
        constraint_checks,
        param_meta,
        param_locals,
        supported_locals,
        param_names,
        alias_get: Vec::new(),
        alias_set: Vec::new(),
        requires: Vec::new(),
    }
}

pub fn emit(m: &ModelDef, a: &Analysed, scheme: &Scheme, rt: &TokenStream) -> TokenStream {
    let no_rows: Vec<crate::classify::Affine> = Vec::new();
    let (rows, inputs, reason, control) = match scheme {
        Scheme::Exact {
            rows,
            inputs,
            reason,
        } => (rows, inputs.clone(), reason, None),
        Scheme::Rkf45 { control, reason } => (&no_rows, Vec::new(), reason, Some(control)),
        Scheme::Explicit { reason } => (&no_rows, Vec::new(), reason, None),
    };
    let exact = matches!(scheme, Scheme::Exact { .. });
    let vis = &m.vis;
    let model = &m.ident;
    let params_ty = format_ident!("{}Params", model);
    let state_ty = format_ident!("{}State", model);
    let cal_ty = format_ident!("{}Calibrated", model);
    let derived = crate::recordables::derived(a, rt, &cal_ty, &state_ty);
    let nest_name = m.nest_name.value();
    let model_doc = doc_lines(&m.docs);
    let nx = a.states.len();
    let na = nx + 1 + inputs.len();
    let (nx_t, na_t) = (idx(nx), idx(na));
    let col_index = |c: &Column| -> usize {
        match c {
            Column::State(s) => *s,
            Column::One => nx,
            Column::Current(k) => nx + 1 + inputs.iter().position(|x| x == k).unwrap(),
        }
    };

    // ---- parameters ------------------------------------------------------------------------
    let mut pt = param_tokens(&a.params, &nest_name, rt);
    let local = |x: &Ir| match x {
        Ir::Param(i) => {
            let n = &a.params[*i].name;
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
            let (name, name_str, unit) = (&p.name, p.name.to_string(), &p.unit_text);
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
    let state_names: Vec<&Ident> = a.states.iter().map(|s| &s.name).collect();
    let latched: Vec<Ident> = a
        .currents
        .iter()
        .map(|c| format_ident!("latched_{}", c.name))
        .collect();
    let refr = a.refractory.as_ref();
    let remaining: Option<Ident> = m.refractory.as_ref().and_then(|r| r.remaining.clone());
    let deferred: Option<(usize, Ident)> = refr.and_then(|r| r.defer.as_ref()).map(|d| {
        (
            d.state,
            format_ident!("deferred_{}", a.states[d.state].name),
        )
    });
    let state_fields = a.states.iter().map(|s| {
        let n = &s.name;
        let doc = format!(
            " {} [{}], one entry per neuron.",
            s.docs.join(" "),
            s.unit_text
        );
        quote!(#[doc = #doc] pub #n: #rt::__private::Vec<f64>,)
    });
    let latched_fields = a.currents.iter().zip(&latched).map(|(c, l)| {
        let doc = format!(
            " Input `{}` [{}] latched at the end of the previous step.",
            c.name, c.unit_text
        );
        quote!(#[doc = #doc] pub #l: #rt::__private::Vec<f64>,)
    });
    let extra_fields = {
        let mut t = TokenStream::new();
        if refr.is_some() {
            t.extend(quote!(#[doc = " Refractory steps left."] pub refractory_steps_left: #rt::__private::Vec<u32>,));
        }
        if let Some((_, d)) = &deferred {
            t.extend(quote!(#[doc = " Input that arrived during refractoriness, decayed to the end of it."] pub #d: #rt::__private::Vec<f64>,));
        }
        if control.is_some() {
            t.extend(quote!(#[doc = " Integration step carried from one step to the next (ms; 0 before the first)."] pub integration_step: #rt::__private::Vec<f64>,));
        }
        if let Some(n) = &remaining {
            t.extend(quote!(#[doc = " Refractory time left, in ms (a recordable)."] pub #n: #rt::__private::Vec<f64>,));
        }
        t
    };
    let init_locals = param_locals.clone();
    let init_pushes = a.states.iter().map(|s| {
        let n = &s.name;
        let v = ir_tokens(&s.init, &|x| match x {
            Ir::Param(i) => {
                let n = &a.params[*i].name;
                quote!(#n)
            }
            _ => quote!(compile_error!("unexpected name in an initial value")),
        });
        quote!(self.#n.push(#v);)
    });
    let extra_pushes = {
        let mut t = TokenStream::new();
        for l in &latched {
            t.extend(quote!(self.#l.push(0.0);));
        }
        if refr.is_some() {
            t.extend(quote!(self.refractory_steps_left.push(0);));
        }
        if let Some((_, d)) = &deferred {
            t.extend(quote!(self.#d.push(0.0);));
        }
        if control.is_some() {
            t.extend(quote!(self.integration_step.push(0.0);));
        }
        if let Some(n) = &remaining {
            t.extend(quote!(self.#n.push(0.0);));
        }
        t
    };
    let state_idx: Vec<Literal> = (0..nx).map(idx).collect();
    let mut state_meta: Vec<TokenStream> = a
        .states
        .iter()
        .map(|s| {
            let n = s.name.to_string();
            let (u, i, d) = (&s.unit_text, &s.init_text, s.docs.join(" "));
            // Evaluated here with the default parameters; NaN if it cannot be (it always can:
            // initial values refer to parameters and constants only).
            let default_of = |k: usize| match a.params[k].default {
                crate::typecheck::DefaultValue::Number(v) => Some(v),
                crate::typecheck::DefaultValue::Switch(_) => None,
            };
            let v = lit_f64(crate::typecheck::eval_with(&s.init, &default_of).unwrap_or(f64::NAN));
            quote!(#rt::StateMeta { name: #n, unit: #u, initial: #i, initial_value: #v, doc: #d })
        })
        .collect();
    // The refractory time left is recordable after the state variables (never integrated).
    let (remaining_get, remaining_store) = match &remaining {
        Some(n) => {
            let name = n.to_string();
            state_meta.push(quote!(#rt::StateMeta {
                name: #name, unit: "ms", initial: "0", initial_value: 0.0,
                doc: "Refractory time left (steps left times h).",
            }));
            let k = idx(nx);
            let c = format_ident!("col_{}", n);
            (
                quote!(#k => self.#n[i],),
                quote!(#c[neuron] = cal.h * (refractory as f64);),
            )
        }
        None => (quote!(), quote!()),
    };

    // ---- calibration -----------------------------------------------------------------------
    let cal_leaf = |x: &Ir| -> TokenStream {
        match x {
            Ir::Param(i) => {
                let n = &a.params[*i].name;
                quote!(#n)
            }
            Ir::H => quote!(h),
            _ => quote!(compile_error!("state-dependent coefficient")),
        }
    };
    let mut m_struct = vec![vec![false; na]; na];
    let mut m_sets = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        for (col, coef) in &row.terms {
            let j = col_index(col);
            m_struct[i][j] = true;
            let c = ir_tokens(coef, &cal_leaf);
            let (ri, cj) = (idx(i), idx(j));
            m_sets.push(quote!(system.set(#ri, #cj, #c);));
        }
    }
    let pattern = propagator_pattern(&m_struct);
    let holds: Vec<usize> = refr.map(|r| r.holds.clone()).unwrap_or_default();
    let mut m_refr = m_struct.clone();
    for &hld in &holds {
        m_refr[hld] = vec![false; na];
    }
    let pattern_refr = propagator_pattern(&m_refr);
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
        let n = &p.name;
        quote!(#n,)
    });

    // Jump and post-input coefficients: precomputed when they depend on parameters only.
    let mut jumps = Vec::new();
    let mut route_arms = Vec::new();
    let mut channel = 0usize;
    let mut spike_receptors: Vec<usize> = Vec::new();
    let mut summed_channel: Vec<usize> = Vec::new();
    for port in &a.spikes {
        let rec = idx(port.receptor);
        spike_receptors.push(port.receptor);
        summed_channel.push(channel);
        let mut conds = Vec::new();
        if port.arms.is_empty() {
            // A port without jump rules: one channel, read by the update rule.
            let ch = idx(channel);
            conds.push(quote!(return Ok(#ch);));
            channel += 1;
        }
        for arm in &port.arms {
            for j in &arm.jumps {
                let coef = crate::classify::weight_coefficient(&j.rhs).unwrap_or(Ir::Num(0.0));
                let state_free = !coef.mentions(&|x| matches!(x, Ir::State(_)));
                let field = state_free.then(|| format_ident!("jump_{}", jumps.len()));
                jumps.push(crate::cuda::Jump {
                    channel,
                    target: j.target,
                    op: j.op,
                    coef,
                    field,
                    in_loop: port.after_first_substep,
                });
            }
            let ch = idx(channel);
            conds.push(match arm.cond {
                None => quote!(return Ok(#ch);),
                Some(c) => {
                    let op = cmp_tokens(c);
                    quote!(if weight #op 0.0 { return Ok(#ch); })
                }
            });
            channel += 1;
        }
        route_arms.push(quote!(if receptor == #rec { #(#conds)* }));
    }
    let n_spike_channels = channel;
    let current_channels: Vec<usize> = (0..a.currents.len())
        .map(|k| n_spike_channels + k)
        .collect();
    let n_channels = idx(n_spike_channels + a.currents.len());
    let current_receptors: Vec<usize> = a.currents.iter().map(|c| c.receptor).collect();
    let current_avail = format!("{current_receptors:?}");
    let current_receptors: Vec<Literal> = current_receptors.into_iter().map(idx).collect();
    let current_channel_lits: Vec<Literal> = current_channels.iter().map(|&c| idx(c)).collect();
    let spike_avail = format!("{spike_receptors:?}");

    let mut cal_extra_fields = Vec::new();
    let mut cal_extra_inits = Vec::new();
    for j in &jumps {
        if let Some(f) = &j.field {
            let c = ir_tokens(&j.coef, &cal_leaf);
            let target = &a.states[j.target].name;
            let doc = format!(" Jump per unit weight into `{target}`.");
            let what = format!("coefficient of the spike rule into `{target}`");
            cal_extra_fields.push(quote!(#[doc = #doc] pub #f: f64,));
            cal_extra_inits
                .push(quote!(#f: #rt::__private::finite_coefficient(#c, #nest_name, #what)?,));
        }
    }
    let mut post_fields = Vec::new();
    for (k, c) in a.currents.iter().enumerate() {
        if let Some(p) = &c.post {
            let f = format_ident!("post_{}", c.name);
            let coef = crate::classify::affine(&p.rhs, &a.aliases)
                .and_then(|af| af.terms.get(&Column::Current(k)).cloned())
                .unwrap_or(Ir::Num(0.0));
            let ct = ir_tokens(&coef, &cal_leaf);
            let doc = format!(
                " Coefficient of input `{}` in its post-propagation rule.",
                c.name
            );
            cal_extra_fields.push(quote!(#[doc = #doc] pub #f: f64,));
            cal_extra_inits.push(quote!(#f: #ct,));
            post_fields.push((k, p.target, p.op, f));
        }
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

    // ---- kernel ----------------------------------------------------------------------------
    let input_locals: Vec<Ident> = a.currents.iter().map(|c| c.name.clone()).collect();
    let kernel_leaf = |x: &Ir| -> TokenStream {
        match x {
            Ir::Param(i) => {
                let n = &a.params[*i].name;
                quote!(cal.#n)
            }
            Ir::State(i) => {
                let n = &a.states[*i].name;
                quote!(#n)
            }
            Ir::Current(i) => {
                let n = &input_locals[*i];
                quote!(#n)
            }
            Ir::H => quote!(grid_h),
            Ir::Alias(i) => {
                let n = &a.aliases[*i].0;
                quote!(#n)
            }
            Ir::Old(i) => {
                let n = format_ident!("old_{}", a.states[*i].name);
                quote!(#n)
            }
            Ir::Summed(k) => {
                let n = format_ident!("spikes_{}", summed_channel[*k]);
                quote!(#n)
            }
            Ir::Weight => quote!(compile_error!("weight outside a jump")),
            _ => unreachable!(),
        }
    };
    let col_tokens = |j: usize| -> Option<TokenStream> {
        if j < nx {
            let n = &a.states[j].name;
            Some(quote!(#n))
        } else if j == nx {
            None
        } else {
            let n = &input_locals[inputs[j - nx - 1]];
            Some(quote!(#n))
        }
    };
    let prop_assign = |pat: &Vec<Vec<bool>>, field: TokenStream, skip: &[usize]| -> TokenStream {
        let mut targets = Vec::new();
        let mut values = Vec::new();
        for i in 0..nx {
            if skip.contains(&i) {
                continue;
            }
            let mut terms = Vec::new();
            for j in 0..na {
                if pat[i][j] {
                    let (ri, cj) = (idx(i), idx(j));
                    terms.push(match col_tokens(j) {
                        Some(v) => quote!(cal.#field[#ri][#cj] * #v),
                        None => quote!(cal.#field[#ri][#cj]),
                    });
                }
            }
            let n = &a.states[i].name;
            targets.push(quote!(#n));
            values.push(quote!(#(#terms)+*));
        }
        if targets.is_empty() {
            quote!()
        } else if targets.len() == 1 {
            quote!(#(#targets)* = #(#values)*;)
        } else {
            quote!((#(#targets),*) = (#(#values),*);)
        }
    };
    let free_prop = prop_assign(&pattern, quote!(P), &[]);
    let propagate = if refr.is_some() {
        let held_prop = prop_assign(&pattern_refr, quote!(P_refr), &holds);
        quote!(
            if !is_refractory {
                #free_prop
            } else {
                #held_prop
            }
        )
    } else {
        free_prop
    };
    let assign_tokens = |target: usize, op: AssignOp, v: TokenStream| -> TokenStream {
        let n = &a.states[target].name;
        match op {
            AssignOp::Set => quote!(#n = #v;),
            AssignOp::Add => quote!(#n += #v;),
            AssignOp::Sub => quote!(#n -= #v;),
        }
    };
    let posts: Vec<TokenStream> = post_fields
        .iter()
        .map(|(k, target, op, f)| {
            let inp = &input_locals[*k];
            assign_tokens(*target, *op, quote!(cal.#f * #inp))
        })
        .collect();
    let mut spike_reads = Vec::new();
    for ch in 0..n_spike_channels {
        let s = format_ident!("spikes_{}", ch);
        let ch = idx(ch);
        spike_reads.push(quote!(let #s = core::mem::take(&mut inp[#ch]);));
    }
    let jump_tokens = |j: &crate::cuda::Jump| {
        let s = format_ident!("spikes_{}", j.channel);
        let coef = match &j.field {
            Some(f) => quote!(cal.#f),
            None => {
                let t = ir_tokens(&j.coef, &kernel_leaf);
                quote!((#t))
            }
        };
        let apply = assign_tokens(j.target, j.op, quote!(#coef * #s));
        if holds.contains(&j.target) {
            let when_refractory = match &deferred {
                Some((st, d)) if *st == j.target => {
                    let sw = &a.params[refr.unwrap().defer.as_ref().unwrap().switch].name;
                    quote!(else if cal.#sw {
                        // Kept, decayed to the end of refractoriness (models/iaf_psc_delta.cpp).
                        #d += #coef * #s * (-(refractory as f64) * grid_h / cal.defer_tau).exp();
                    })
                }
                _ => quote!(),
            };
            quote!(if !is_refractory { #apply } #when_refractory)
        } else {
            apply
        }
    };
    let jump_apply: Vec<TokenStream> = jumps
        .iter()
        .filter(|j| !j.in_loop)
        .map(jump_tokens)
        .collect();
    let loop_jumps: Vec<TokenStream> = jumps
        .iter()
        .filter(|j| j.in_loop)
        .map(jump_tokens)
        .collect();
    let loop_input = if loop_jumps.is_empty() {
        quote!()
    } else {
        // Inputs read inside the sub-step loop act after its first accepted sub-step, and
        // input kept during refractoriness is added there too (models/aeif_psc_delta.cpp).
        let deferred_apply = match &deferred {
            Some((st, d)) => {
                let n = &a.states[*st].name;
                quote!(if !is_refractory { #n += #d; #d = 0.0; })
            }
            None => quote!(),
        };
        quote!(
            if first_substep {
                first_substep = false;
                #(#loop_jumps)*
                #deferred_apply
            }
        )
    };
    let bounds = a.bounds.iter().map(|b| {
        let n = &a.states[b.state].name;
        let r = ir_tokens(&b.rhs, &kernel_leaf);
        match b.cmp {
            Cmp::Ge => quote!(if #n < #r { #n = #r; }),
            _ => quote!(if #n > #r { #n = #r; }),
        }
    });
    let after_refractory = {
        let deferred_apply = match &deferred {
            Some((st, d)) => {
                let n = &a.states[*st].name;
                quote!(#n += #d; #d = 0.0;)
            }
            None => quote!(),
        };
        if a.threshold_per_substep {
            // The spike inside the step set the counter one higher, to pay for this decrement
            // (models/aeif_cond_alpha.cpp).
            quote!(
                if refractory > 0 {
                    refractory -= 1;
                }
                #(#bounds)*
            )
        } else if refr.is_some() {
            quote!(
                if is_refractory {
                    refractory -= 1;
                } else {
                    #deferred_apply
                    #(#bounds)*
                }
            )
        } else {
            quote!(#(#bounds)*)
        }
    };
    let threshold = match &a.threshold {
        Some((comparisons, unless_refractory, _)) => {
            let mut conds: Vec<TokenStream> = comparisons
                .iter()
                .map(|(cmp, l, r)| {
                    let (l, r, op) = (
                        ir_tokens(l, &kernel_leaf),
                        ir_tokens(r, &kernel_leaf),
                        cmp_tokens(*cmp),
                    );
                    quote!(#l #op #r)
                })
                .collect();
            if *unless_refractory {
                conds.insert(0, quote!(!is_refractory));
            }
            let resets = a
                .reset
                .iter()
                .map(|rs| assign_tokens(rs.target, rs.op, ir_tokens(&rs.rhs, &kernel_leaf)));
            let set_refr = match (refr.is_some(), a.threshold_per_substep) {
                (false, _) => quote!(),
                (true, false) => quote!(refractory = cal.refractory_steps;),
                // NEST's aeif models: r = RC + 1 when RC > 0, so that the decrement at the end
                // of this step leaves RC steps; with RC = 0 several spikes may occur in a step.
                (true, true) => {
                    quote!(refractory = if cal.refractory_steps > 0 { cal.refractory_steps + 1 } else { 0 };)
                }
            };
            quote!(
                if #(#conds)&&* {
                    #set_refr
                    #(#resets)*
                    spiked.push(neuron);
                }
            )
        }
        None => quote!(),
    };
    let (substep_threshold, threshold) = if a.threshold_per_substep {
        (threshold, quote!())
    } else {
        (quote!(), threshold)
    };
    // Instability checks and the integration loop of RKF45 models.
    let unstable_checks = a.unstable.iter().map(|(cmp, l, r, text)| {
        let (l, r, op) = (
            ir_tokens(l, &kernel_leaf),
            ir_tokens(r, &kernel_leaf),
            cmp_tokens(*cmp),
        );
        quote!(
            if #l #op #r {
                return Err(#rt::Failure { neuron, reason: #text });
            }
        )
    });
    let derivatives = (0..nx).map(|i| match a.equations.iter().find(|e| e.state == i) {
        None => quote!(0.0),
        Some(eq) => {
            let e = ir_tokens(&eq.rhs, &kernel_leaf);
            if holds.contains(&i) {
                quote!(if is_refractory_now { 0.0 } else { #e })
            } else {
                e
            }
        }
    });
    let alias_lets = a.aliases.iter().map(|(n, ir)| {
        let e = ir_tokens(ir, &kernel_leaf);
        quote!(let #n = #e;)
    });
    let nx_t2 = idx(nx);
    let refr_now = if refr.is_some() {
        quote!(refractory > 0)
    } else {
        quote!(false)
    };
    // What happens after each accepted sub-step, before the threshold (`substep_state` holds
    // the state as an array).
    let substep_events = quote!(
        #(#unstable_checks)*
        if substep_state.iter().any(|v| !v.is_finite()) {
            return Err(#rt::Failure { neuron, reason: "a state variable is not finite" });
        }
        #loop_input
    );
    let integrate = quote!(
        let mut substep_state = [#(#state_names),*];
        let mut substep_t = 0.0_f64;
        let mut h_int = col_integration_step[neuron];
        if h_int <= 0.0 {
            // NEST starts the carried step at the resolution.
            h_int = cal.h;
        }
        let mut first_substep = true;
        // The derivative at the end of the last accepted sub-step, for the next one to start
        // from while neither the state nor refractoriness changed in between.
        let mut last_step = None;
        let mut last_refractory = false;
        while substep_t < cal.h {
            let is_refractory_now = #refr_now;
            if is_refractory_now != last_refractory {
                last_step = None;
                last_refractory = is_refractory_now;
            }
            let mut rhs = |y: &[f64; #nx_t2]| -> [f64; #nx_t2] {
                let [#(#state_names),*] = *y;
                #(#alias_lets)*
                [#(#derivatives),*]
            };
            #rt::rkf45::evolve_apply(
                &mut rhs, &cal.control, &mut substep_t, cal.h, &mut h_int, &mut substep_state,
                &mut last_step,
            );
            [#(#state_names),*] = substep_state;
            #substep_events
            #substep_threshold
            substep_state = [#(#state_names),*];
        }
        col_integration_step[neuron] = h_int;
    );
    let load_refr = if refr.is_some() {
        quote!(
            let mut refractory = col_refractory_steps_left[neuron];
            let is_refractory = refractory > 0;
        )
    } else {
        quote!()
    };
    let store_refr = if refr.is_some() {
        quote!(col_refractory_steps_left[neuron] = refractory;)
    } else {
        quote!()
    };
    let (load_deferred, store_deferred) = match &deferred {
        Some((_, d)) => {
            let dc = format_ident!("col_{}", d);
            (quote!(let mut #d = #dc[neuron];), quote!(#dc[neuron] = #d;))
        }
        None => (quote!(), quote!()),
    };
    // The state's columns as local slices (`col_<field>`), cut to the updated range's end.
    let mut all_fields: Vec<Ident> = state_names.iter().map(|n| (*n).clone()).collect();
    all_fields.extend(latched.iter().cloned());
    if refr.is_some() {
        all_fields.push(format_ident!("refractory_steps_left"));
    }
    if let Some((_, d)) = &deferred {
        all_fields.push(d.clone());
    }
    if control.is_some() {
        all_fields.push(format_ident!("integration_step"));
    }
    if let Some(n) = &remaining {
        all_fields.push(n.clone());
    }
    let all_cols: Vec<Ident> = all_fields
        .iter()
        .map(|f| format_ident!("col_{}", f))
        .collect();
    let state_cols: Vec<Ident> = state_names
        .iter()
        .map(|n| format_ident!("col_{}", n))
        .collect();
    let latched_cols: Vec<Ident> = latched.iter().map(|n| format_ident!("col_{}", n)).collect();
    let grid_h = quote!(let grid_h = cal.h;);

    // Currents arrive in pA (NEST's unit): the power of ten to the unit each port declares.
    let pa = crate::units::Unit::named("pA").expect("pA is a unit");
    let current_scales: Vec<i32> = a
        .currents
        .iter()
        .map(|c| {
            if c.unit.same_dim(&pa) {
                -12 - c.unit.exp10
            } else {
                0
            }
        })
        .collect();
    let input_scale: Vec<TokenStream> = current_scales
        .iter()
        .zip(&latched)
        .zip(&current_channels)
        .map(|((&k, l), ch)| {
            let ch = idx(*ch);
            let v = scale_expr(k, quote!(core::mem::take(&mut inp[#ch])));
            let c = format_ident!("col_{}", l);
            quote!(#c[neuron] = #v;)
        })
        .collect();
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
    let nx_lit = nx;
    let state_count = idx(nx_lit);
    let first_state = &a.states[0].name;

    let (scheme_field, scheme_meta, scheme_calibration, scheme_init, advance) = if exact {
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
            propagate,
        )
    } else if let Some((switch, then, otherwise)) = &a.update {
        let stmts = |list: &[crate::typecheck::UpdateStmt]| -> TokenStream {
            let parts = list.iter().map(|st| match st {
                crate::typecheck::UpdateStmt::Let(i) => {
                    let (n, ir) = &a.aliases[*i];
                    let e = ir_tokens(ir, &kernel_leaf);
                    quote!(let #n = #e;)
                }
                crate::typecheck::UpdateStmt::Assign(asg) => {
                    assign_tokens(asg.target, asg.op, ir_tokens(&asg.rhs, &kernel_leaf))
                }
            });
            quote!(#(#parts)*)
        };
        let (t, o) = (stmts(then), stmts(otherwise));
        let advance = match switch {
            Some(sw) => {
                let sw = &a.params[*sw].name;
                quote!(if cal.#sw { #t } else { #o })
            }
            None => t,
        };
        (
            quote!(),
            quote!(#rt::Scheme::Explicit),
            quote!(),
            quote!(),
            advance,
        )
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
        (
            field,
            quote!(#rt::Scheme::Rkf45),
            calibration,
            init,
            integrate,
        )
    };
    let olds: Vec<usize> = (0..nx)
        .filter(|i| {
            a.threshold.as_ref().is_some_and(|t| {
                t.0.iter().any(|(_, l, r)| {
                    l.mentions(&|x| *x == Ir::Old(*i)) || r.mentions(&|x| *x == Ir::Old(*i))
                })
            })
        })
        .collect();
    let old_locals: Vec<TokenStream> = olds
        .iter()
        .map(|&i| {
            let n = &a.states[i].name;
            let o = format_ident!("old_{}", n);
            quote!(let #o = #n;)
        })
        .collect();
    // One neuron's step around the advance: loading its state, inputs and this step's spikes
    // (summed per route) ...
    let before_advance = quote!(
        #(let mut #state_names = #state_cols[neuron];)*
        #(let #input_locals = #latched_cols[neuron];)*
        #(#old_locals)*
        #load_refr
        #load_deferred
        #(#spike_reads)*
    );
    // ... and after it: 2. input rules applied after propagation; 3. spike input;
    // 4. refractory bookkeeping and bounds; 5. threshold and reset; 6. currents arriving now,
    // which act from the next step on (NEST latches them); the stores.
    let after_advance = quote!(
        #(#posts)*
        #(#jump_apply)*
        #after_refractory
        #threshold
        #(#input_scale)*
        #(#state_cols[neuron] = #state_names;)*
        #store_refr
        #remaining_store
        #store_deferred
    );
    let sig_update = update_signature("update", &cal_ty, &state_ty, rt);
    let sig_scalar = update_signature("__update_scalar", &cal_ty, &state_ty, rt);
    let args = update_arguments();
    // ---- the SIMD path of RKF45 models: four neurons in lanes -----------------------------
    let lanes_items = if matches!(scheme, Scheme::Rkf45 { .. }) {
        let mut carried: Vec<(Ident, TokenStream)> = input_locals
            .iter()
            .map(|n| (n.clone(), quote!(f64)))
            .collect();
        for &i in &olds {
            carried.push((format_ident!("old_{}", a.states[i].name), quote!(f64)));
        }
        if refr.is_some() {
            carried.push((format_ident!("refractory"), quote!(u32)));
            carried.push((format_ident!("is_refractory"), quote!(bool)));
        }
        if let Some((_, d)) = &deferred {
            carried.push((d.clone(), quote!(f64)));
        }
        for ch in 0..n_spike_channels {
            carried.push((format_ident!("spikes_{}", ch), quote!(f64)));
        }
        crate::lanes::update_lanes(&crate::lanes::LaneParts {
            rt,
            cal_ty: &cal_ty,
            state_ty: &state_ty,
            n_channels: &n_channels,
            state_names: &state_names,
            carried,
            all_cols: &all_cols,
            all_fields: &all_fields,
            pre: before_advance.clone(),
            post: after_advance.clone(),
            input_locals: &input_locals,
            a,
            leaf: &kernel_leaf,
            holds: &holds,
            events: quote!(#substep_events #substep_threshold),
        })
    } else {
        quote!()
    };
    let (lanes_dispatch, lanes_avx2) = if matches!(scheme, Scheme::Rkf45 { .. }) {
        crate::lanes::dispatch(&cal_ty, &state_ty, rt)
    } else {
        (quote!(), quote!())
    };
    // ---- the same kernel as CUDA C (GPU path) -------------------------------------------
    let gpu = {
        let advance = match scheme {
            Scheme::Exact { inputs, .. } => crate::cuda::Advance::Exact {
                pattern: &pattern,
                pattern_refr: &pattern_refr,
                inputs,
            },
            Scheme::Rkf45 { .. } => crate::cuda::Advance::Rkf45,
            Scheme::Explicit { .. } => crate::cuda::Advance::Explicit,
        };
        crate::cuda::kernel(&crate::cuda::KernelInput {
            nest_name: &nest_name,
            a,
            advance,
            jumps: &jumps,
            posts: &post_fields,
            summed_channel: &summed_channel,
            n_spike_channels,
            current_scales: &current_scales,
            holds: &holds,
            deferred: refr
                .and_then(|r| r.defer.as_ref())
                .map(|d| (d.state, d.switch)),
            remaining: remaining.as_ref().map(|r| r.to_string()),
            olds: &olds,
        })
    };
    let (gpu_kernel, gpu_pack) =
        gpu_items(&gpu, &nest_name, n_spike_channels + a.currents.len(), rt);

    let items = quote! {
        #model_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #vis struct #model;

        #param_items

        #[doc = concat!(" State of a population of [`", stringify!(#model), "`], one column per variable.")]
        #[allow(non_snake_case)]
        #[derive(Clone, Debug, Default, PartialEq)]
        #vis struct #state_ty {
            #(#state_fields)*
            #(#latched_fields)*
            #extra_fields
        }

        impl #rt::StateColumns for #state_ty {
            fn empty() -> Self {
                Self::default()
            }

            #[allow(non_snake_case, unused_variables)]
            fn push_initial(&mut self) {
                // NEST evaluates initial values with the model's default parameters.
                let params = #params_ty::default();
                #(#init_locals)*
                #(#init_pushes)*
                #extra_pushes
            }

            fn len(&self) -> usize {
                self.#first_state.len()
            }

            fn get(&self, var: usize, i: usize) -> f64 {
                match var {
                    #(#state_idx => self.#state_names[i],)*
                    #remaining_get
                    _ => f64::NAN,
                }
            }

            fn set(&mut self, var: usize, i: usize, value: f64) {
                match var {
                    #(#state_idx => self.#state_names[i] = value,)*
                    _ => {}
                }
            }
        }

        #[doc = concat!(" Constants of one step of [`", stringify!(#model), "`] for one parameter set and resolution.")]
        #[allow(non_snake_case)]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #cal_ty {
            #(#cal_param_fields)*
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
                Ok(#cal_ty { #(#cal_param_inits)* h, #scheme_init #(#cal_extra_inits)* })
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
                    #before_advance
                    // 1. Propagation or integration over the step.
                    #advance
                    #after_advance
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
    let column_names: Vec<&String> = k.columns.iter().map(|c| &c.0).collect();
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
    let pushes = k.constant_fields.iter().map(|(f, kind)| {
        let f = format_ident!("{}", f);
        match kind {
            ConstKind::Number => quote!(out.push(cal.#f);),
            ConstKind::Switch => quote!(out.push(if cal.#f { 1.0 } else { 0.0 });),
            ConstKind::Count => quote!(out.push(cal.#f as f64);),
            ConstKind::Matrix(..) => quote!(for row in &cal.#f { out.extend_from_slice(row); }),
            ConstKind::Control => quote!(out.extend_from_slice(&[
                cal.#f.eps_abs, cal.#f.eps_rel, cal.#f.a_y, cal.#f.a_dydt
            ]);),
        }
    });
    let packs = k.columns.iter().map(|(f, kind)| {
        let f = format_ident!("{}", f);
        match kind {
            ColumnKind::Number => quote!(out.extend_from_slice(&st.#f);),
            ColumnKind::Count => quote!(out.extend(st.#f.iter().map(|&v| f64::from(v)));),
        }
    });
    let unpacks = k.columns.iter().enumerate().map(|(c, (f, kind))| {
        let f = format_ident!("{}", f);
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
