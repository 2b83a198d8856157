//! Stage 4: emission. Turns the analysed, classified model into Rust items: the parameter set
//! ([`crate::param_items`]), the structure-of-arrays state, the calibration (propagators from
//! the matrix exponential), the step kernel and the metadata.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

use crate::classify::Scheme;
use crate::ir::{Cmp, Ir, Op};
use crate::param_items::{ParamTokens, param_tokens};
use crate::parse::ModelDef;
use crate::typecheck::Analysed;

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
pub(crate) fn idx(n: usize) -> Literal {
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
/// A condition of a selection as a Rust boolean expression.
pub fn cond_tokens(cond: &crate::ir::Cond, leaf: &dyn Fn(&Ir) -> TokenStream) -> TokenStream {
    match cond {
        crate::ir::Cond::Refractory => quote!(is_refractory_now),
        crate::ir::Cond::First => quote!(first_spike),
        crate::ir::Cond::Cmp(op, l, r) => {
            let (l, r, op) = (ir_tokens(l, leaf), ir_tokens(r, leaf), cmp_tokens(*op));
            quote!(#l #op #r)
        }
    }
}

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
        Ir::Call(f, args) => f.rust_call(args.iter().map(|a| ir_tokens(a, leaf)).collect()),
        Ir::Select(cond, a, b) => {
            let c = cond_tokens(cond, leaf);
            let (a, b) = (ir_tokens(a, leaf), ir_tokens(b, leaf));
            quote!((if #c { #a } else { #b }))
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

/// A `MetaExpr` constant of an expression as written (for the audit metadata).
pub(crate) fn meta_expr(e: &syn::Expr, rt: &TokenStream) -> TokenStream {
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

pub fn emit(m: &ModelDef, a: &Analysed, scheme: &Scheme, rt: &TokenStream) -> TokenStream {
    let reason = match scheme {
        Scheme::Exact { reason, .. }
        | Scheme::Rkf45 { reason, .. }
        | Scheme::Explicit { reason } => reason,
    };
    let vis = &m.vis;
    let model = &m.ident;
    let params_ty = format_ident!("{}Params", model);
    let state_ty = format_ident!("{}State", model);
    let cal_ty = format_ident!("{}Calibrated", model);
    let derived = crate::recordables::derived(a, rt, &cal_ty, &state_ty);
    let nest_name = m.nest_name.value();
    let model_doc = doc_lines(&m.docs);

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
    let remaining: Option<Ident> = m.refractory.as_ref().and_then(|r| r.remaining.clone());

    // ---- the step, its state and its constants -------------------------------------------
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
    let (cal_items, calibrate, scheme_meta) =
        crate::calibration::calibration(&crate::calibration::CalInput {
            a,
            scheme,
            step: &step,
            model,
            vis,
            rt,
            nest_name: &nest_name,
            param_locals: &param_locals,
        });
    let meta = crate::model_meta::model_meta(&crate::model_meta::MetaInput {
        m,
        a,
        rt,
        param_meta: &param_meta,
        state_meta: &state_meta,
        scheme_meta,
        reason,
    });
    let channel_fns = crate::routing::channel_fns(a, &step, &nest_name, rt);
    let n_channels = idx(step.channels(a));

    // ---- kernels: the step description, printed -----------------------------------------
    let (update, kernels) = update_items(&printer, scheme, model, rt, &n_channels);
    let gpu = crate::cuda::kernel(&nest_name, a, &step);
    let (gpu_kernel, gpu_pack) = gpu_items(&gpu, &nest_name, step.channels(a), rt);
    let state_count = idx(a.states.len());

    quote! {
        #model_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #vis struct #model;

        #param_items

        #state_items

        #cal_items

        impl #rt::Model for #model {
            type Params = #params_ty;
            type State = #state_ty;
            type Calibrated = #cal_ty;
            const N_CHANNELS: usize = #n_channels;
            const META: #rt::ModelMeta = #meta;

            #calibrate

            #channel_fns

            #gpu_kernel
            #gpu_pack
            #derived

            #update
        }

        impl #model {
            /// Number of state variables.
            pub const STATE_VARIABLES: usize = #state_count;

            #kernels
        }
    }
}

/// `Model::update` (in the trait impl), and the kernels it runs (inherent items): the scalar
/// one, a neuron at a time, and for RKF45 models the SIMD lanes one with its AVX2 build.
fn update_items(
    printer: &crate::print_rust::RustPrinter,
    scheme: &Scheme,
    model: &Ident,
    rt: &TokenStream,
    n_channels: &Literal,
) -> (TokenStream, TokenStream) {
    let step = printer.step;
    let cal_ty = format_ident!("{}Calibrated", model);
    let state_ty = format_ident!("{}State", model);
    let all_fields: Vec<TokenStream> = step
        .columns
        .iter()
        .map(crate::print_rust::column_path)
        .collect();
    let all_cols: Vec<Ident> = step.columns.iter().map(crate::print_rust::col).collect();
    let kernel_body = printer.stmts(&step.body);
    let sig_update = update_signature("update", &cal_ty, &state_ty, rt);
    let sig_scalar = update_signature("__update_scalar", &cal_ty, &state_ty, rt);
    let args = update_arguments();
    let rkf45 = matches!(scheme, Scheme::Rkf45 { .. });
    let lanes_items = if rkf45 {
        crate::lanes::update_lanes(&crate::lanes::LaneParts {
            printer,
            cal_ty: &cal_ty,
            state_ty: &state_ty,
            n_channels,
            all_cols: &all_cols,
            all_fields: &all_fields,
        })
    } else {
        quote!()
    };
    let (lanes_dispatch, lanes_avx2) = if rkf45 {
        crate::lanes::dispatch(&cal_ty, &state_ty, rt)
    } else {
        (quote!(), quote!())
    };
    let update = quote! {
        #sig_update {
            #lanes_dispatch
            Self::__update_scalar(#args)
        }
    };
    let kernels = quote! {
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
                let grid_h = cal.step.h;
                #kernel_body
            }
            Ok(())
        }

        #lanes_items
        #lanes_avx2
    };
    (update, kernels)
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
    let constants = k.constants.iter().map(|(name, n)| quote!((#name, #n)));
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
