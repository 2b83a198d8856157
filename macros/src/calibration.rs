//! Printer of a model's calibration: `<Model>Calibrated` (the parameters in their declared
//! units, and the step's constants: propagators, coefficients, counts, solver settings) and
//! `Model::calibrate`, which computes it once per parameter set and resolution.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::classify::Scheme;
use crate::emit::{idx, ir_tokens};
use crate::ir::Ir;
use crate::step::Step;
use crate::typecheck::{Analysed, Param};

/// What calibration needs of the model.
pub struct CalInput<'a> {
    pub a: &'a Analysed,
    pub scheme: &'a Scheme,
    pub step: &'a Step,
    pub model: &'a Ident,
    pub vis: &'a syn::Visibility,
    pub rt: &'a TokenStream,
    pub nest_name: &'a str,
    /// `let m_<p> = ...;` for every supported parameter, from `params`.
    pub param_locals: &'a [TokenStream],
}

/// A coefficient's value at calibration: declared parameters as their locals, `h`.
fn cal_leaf(a: &Analysed, x: &Ir) -> TokenStream {
    match x {
        Ir::Param(i) => {
            let n = crate::names::local(&a.params[*i].name);
            quote!(#n)
        }
        Ir::H => quote!(h),
        _ => quote!(compile_error!("state-dependent coefficient")),
    }
}

/// The calibrated structs, `Model::calibrate`, and the scheme's metadata.
pub fn calibration(c: &CalInput) -> (TokenStream, TokenStream, TokenStream) {
    let CalInput {
        a,
        scheme,
        step,
        model,
        vis,
        rt,
        nest_name,
        param_locals,
    } = c;
    let (a, rt, nest_name) = (*a, *rt, *nest_name);
    let params_ty = format_ident!("{}Params", model);
    let cal_ty = format_ident!("{}Calibrated", model);
    let cal_params_ty = format_ident!("{}CalibratedParams", model);
    let step_ty = format_ident!("{}StepConstants", model);
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
    let (mut fields, mut inits) = step_constants(a, step, rt, nest_name);
    let (refr_fields, refr_inits, refr_tokens_cal) = refractory_constants(a, scheme, step);
    let (scheme_field, scheme_meta, scheme_calibration, scheme_init) =
        scheme_constants(a, scheme, step, rt);
    fields.extend(refr_fields);
    inits.extend(refr_inits);
    let step_fields = quote!(#scheme_field #(#fields)*);
    let items = calibrated_structs(model, vis, quote!(#(#cal_param_fields)*), step_fields);
    let calibrate = quote! {
        #[allow(non_snake_case, unused_variables, unused_mut)]
        fn calibrate(params: &#params_ty, grid: &#rt::Grid) -> #rt::Result<#cal_ty> {
            <#params_ty as #rt::Parameters>::validate(params)?;
            let h = grid.h();
            #(#param_locals)*
            #scheme_calibration
            #refr_tokens_cal
            Ok(#cal_ty {
                params: #cal_params_ty { #(#cal_param_inits)* },
                step: #step_ty { h, #scheme_init #(#inits)* },
            })
        }
    };
    (items, calibrate, scheme_meta)
}

/// `<Model>Calibrated { params, step }` with its two halves: the declared parameters as the
/// update reads them, and the constants computed from them (the resolution `h` first).
/// Shared by `neuron!` and `rate_neuron!`.
pub fn calibrated_structs(
    model: &Ident,
    vis: &syn::Visibility,
    param_fields: TokenStream,
    step_fields: TokenStream,
) -> TokenStream {
    let cal_ty = format_ident!("{}Calibrated", model);
    let cal_params_ty = format_ident!("{}CalibratedParams", model);
    let step_ty = format_ident!("{}StepConstants", model);
    quote! {
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
            #param_fields
        }

        #[doc = concat!(" Constants the update of [`", stringify!(#model), "`] computes from the parameters.")]
        #[allow(non_snake_case)]
        #[derive(Clone, Debug, PartialEq)]
        #vis struct #step_ty {
            #[doc = " Resolution in ms."] pub h: f64,
            #step_fields
        }
    }
}

/// The calibrated parameters of a rate or binary model: every supported parameter in its
/// declared unit (`f64`, or `bool` for a switch), as fields and as initialisers from the
/// calibration's locals.
pub fn supported_params(params: &[Param]) -> (TokenStream, TokenStream) {
    let supported: Vec<&Param> = params.iter().filter(|p| p.supported).collect();
    let fields = supported.iter().map(|p| {
        let (n, d) = (&p.name, format!(" {} [{}]", p.docs.join(" "), p.unit_text));
        let ty = if p.unit.is_some() {
            quote!(f64)
        } else {
            quote!(bool)
        };
        quote!(#[doc = #d] pub #n: #ty,)
    });
    let inits = supported.iter().map(|p| {
        let (n, l) = (&p.name, crate::names::local(&p.name));
        quote!(#n: #l,)
    });
    (quote!(#(#fields)*), quote!(#(#inits)*))
}

/// Fields and initialisers of the step's constants (jump and post-input coefficients).
fn step_constants(
    a: &Analysed,
    step: &Step,
    rt: &TokenStream,
    nest_name: &str,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    for c in &step.constants {
        let f = format_ident!("{}", c.name);
        let v = ir_tokens(&c.value, &|x| cal_leaf(a, x));
        let doc = format!(" {}", c.doc);
        fields.push(quote!(#[doc = #doc] pub #f: f64,));
        inits.push(match &c.must_be_finite {
            Some(what) => {
                quote!(#f: #rt::__private::finite_coefficient(#v, #nest_name, #what)?,)
            }
            None => quote!(#f: #v,),
        });
    }
    (fields, inits)
}

/// Fields, initialisers and calibration code of refractoriness: the period in steps, the
/// propagator with held rows frozen (exact models), the decay of deferred input.
fn refractory_constants(
    a: &Analysed,
    scheme: &Scheme,
    step: &Step,
) -> (Vec<TokenStream>, Vec<TokenStream>, TokenStream) {
    let (mut fields, mut inits, mut code) = (Vec::new(), Vec::new(), TokenStream::new());
    let Some(r) = a.refractory.as_ref() else {
        return (fields, inits, code);
    };
    let (nx_t, na_t) = system_size(a, step);
    let d = ir_tokens(&r.duration, &|x| cal_leaf(a, x));
    fields.push(quote!(#[doc = " Refractory period in whole steps (NEST's rounding)."] pub refractory_steps: u32,));
    code.extend(quote!(let refractory_steps = grid.steps_ceil(#d) as u32;));
    inits.push(quote!(refractory_steps,));
    if let Some((part, _)) = &r.hold_for {
        let p = ir_tokens(part, &|x| cal_leaf(a, x));
        fields.push(quote!(#[doc = " Steps of the period for which the held variables are held."] pub hold_steps: u32,));
        code.extend(quote!(let hold_steps = grid.steps_ceil(#p) as u32;));
        inits.push(quote!(hold_steps,));
    }
    if matches!(scheme, Scheme::Exact { .. }) {
        fields.push(quote!(#[doc = " Propagator used while refractory (held rows frozen)."] pub P_refr: [[f64; #na_t]; #nx_t],));
        inits.push(quote!(P_refr,));
    }
    if let Some(df) = &r.defer {
        let t = ir_tokens(&df.tau, &|x| cal_leaf(a, x));
        fields.push(
            quote!(#[doc = " Decay time (ms) of deferred refractory input."] pub defer_tau: f64,),
        );
        inits.push(quote!(defer_tau: #t,));
    }
    (fields, inits, code)
}

/// The state count and the columns of the exact propagators (the step's augmented system
/// `[states, 1, inputs]`; 0 for other schemes, which have none), as literals.
fn system_size(a: &Analysed, step: &Step) -> (Literal, Literal) {
    (idx(a.states.len()), idx(step.propagator.unwrap_or(0)))
}

/// The scheme's field, metadata, calibration code and initialiser: the propagators of exact
/// models (`P`, and `P_refr` with the held rows frozen), the step control of RKF45 models.
fn scheme_constants(
    a: &Analysed,
    scheme: &Scheme,
    step: &Step,
    rt: &TokenStream,
) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let (nx_t, na_t) = system_size(a, step);
    let holds: Vec<usize> = a
        .refractory
        .as_ref()
        .map(|r| r.holds.clone())
        .unwrap_or_default();
    match scheme {
        Scheme::Exact { rows, inputs, .. } => {
            let m_sets = crate::step::patterns(rows, a.states.len(), inputs, &holds)
                .entries
                .into_iter()
                .map(|(i, j, coef)| {
                    let c = ir_tokens(&coef, &|x| cal_leaf(a, x));
                    let (ri, cj) = (idx(i), idx(j));
                    quote!(system.set(#ri, #cj, #c);)
                });
            let held_rows: Vec<Literal> = holds.iter().map(|&h| idx(h)).collect();
            let refr_prop = if a.refractory.is_some() {
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
        }
        Scheme::Explicit { .. } => (quote!(), quote!(#rt::Scheme::Explicit), quote!(), quote!()),
        Scheme::Rkf45 { control, .. } => {
            let c = control.iter().map(|ir| ir_tokens(ir, &|x| cal_leaf(a, x)));
            let [c0, c1, c2, c3]: [TokenStream; 4] =
                c.collect::<Vec<_>>().try_into().expect("four settings");
            (
                quote!(
                    #[doc = " GSL standard step control (eps_abs, eps_rel, a_y, a_dydt)."]
                    pub control: #rt::rkf45::Control,
                ),
                quote!(#rt::Scheme::Rkf45),
                quote!(
                    let control = #rt::rkf45::Control { eps_abs: #c0, eps_rel: #c1, a_y: #c2, a_dydt: #c3 };
                ),
                quote!(control,),
            )
        }
    }
}
