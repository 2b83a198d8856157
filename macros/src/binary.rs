//! `binary_neuron!`: NEST's binary neurons (models/binary_neuron.h), the fourth update scheme.
//! A declaration names one gain function and its parameters; the template around it is NEST's:
//!
//! - the neuron updates at times drawn from an exponential distribution with mean `tau_m`
//!   (the first drawn from time 0), at most once per step, when the step's start lies strictly
//!   after the drawn time (kept in tics, as NEST's `Time` is);
//! - at an update its state `S` becomes 1 with probability `gain(h + I)`, where `h` sums the
//!   spike input received so far and `I` is this step's current input;
//! - a change to 1 sends two spikes at once, a change to 0 one; receiving binary neurons decode
//!   them ([`SpikeInput::Transition`](crate) in the runtime).
//!
//! Stages as in `rate_neuron!`: parse ([`BinaryDef`]), unit analysis of the parameters and the
//! gain function, emission ([`emit`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Expr, Ident, LitStr, Token, Visibility, braced, parenthesized};

use crate::emit::{doc_lines, ir_tokens};
use crate::ir::Ir;
use crate::param_items::{ParamTokens, param_tokens};
use crate::parse::{ParamDecl, block, docs, notes_block, param_decl};
use crate::typecheck::{Errors, Param, analyse_function, analyse_params};

/// `pub Name as "nest_name" { parameters { .. } gain(h) = ..; notes { .. } }`
pub struct BinaryDef {
    pub docs: Vec<String>,
    pub vis: Visibility,
    pub ident: Ident,
    pub nest_name: LitStr,
    pub params: Vec<ParamDecl>,
    /// The argument's name and the probability of the state 1.
    pub gain: (Ident, Expr),
    pub notes: Vec<(Ident, LitStr)>,
}

impl Parse for BinaryDef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let docs = docs(&attrs)?;
        let vis: Visibility = input.parse()?;
        let ident: Ident = input.parse()?;
        input.parse::<Token![as]>()?;
        let nest_name: LitStr = input.parse()?;
        let body;
        braced!(body in input);
        let (mut params, mut gain, mut notes) = (Vec::new(), None, Vec::new());
        while !body.is_empty() {
            let word: Ident = body.parse()?;
            match word.to_string().as_str() {
                "parameters" => params.extend(block(&body, param_decl)?),
                "notes" => notes.extend(notes_block(&body)?),
                "gain" if gain.is_none() => {
                    let args;
                    parenthesized!(args in body);
                    let arg: Ident = args.parse()?;
                    body.parse::<Token![=]>()?;
                    let expr: Expr = body.parse()?;
                    body.parse::<Token![;]>()?;
                    gain = Some((arg, expr));
                }
                "gain" => return Err(syn::Error::new(word.span(), "duplicate `gain`")),
                other => {
                    return Err(syn::Error::new(
                        word.span(),
                        format!("unknown section `{other}`: expected parameters, gain or notes"),
                    ));
                }
            }
        }
        let gain = gain.ok_or_else(|| {
            syn::Error::new(
                ident.span(),
                "a binary neuron needs its gain function: `gain(h) = ...;`, the probability of the state 1 for the input h",
            )
        })?;
        if !input.is_empty() {
            return Err(input.error("binary_neuron! declares one model"));
        }
        Ok(BinaryDef {
            docs,
            vis,
            ident,
            nest_name,
            params,
            gain,
            notes,
        })
    }
}

/// The template's parameter (binary_neuron.h), before the gain function's.
const TEMPLATE: &str = "/// Mean time between updates.
    tau_m: ms = 10.0 where > 0;";

/// NEST's scheme, as the audit reports it.
const REASON: &str = "at update times drawn from an exponential distribution with mean tau_m (at most one per step), the state S becomes 1 with probability gain(h + I) and 0 otherwise; a change to 1 is sent as two spikes at once, a change to 0 as one";

pub fn expand(input: TokenStream, rt: &TokenStream) -> syn::Result<TokenStream> {
    let def: BinaryDef = syn::parse2(input)?;
    let mut errors = Errors::default();
    let mut declared = crate::parse::param_decls(TEMPLATE)?;
    declared.extend(def.params.iter().cloned());
    let unsupported = crate::parse::param_decls(crate::rate::UNSUPPORTED)?;
    let params = analyse_params(&declared, &unsupported, &[], &mut errors);
    let (arg, body) = &def.gain;
    let gain = analyse_function(&params, arg, body, "`gain`", &mut errors);
    errors.finish()?;
    let gain = gain.expect("errors reported");
    let text = format!("gain({arg}) = {}", crate::text::expr_text(body));
    Ok(emit(&def, &params, &gain, &text, rt))
}

/// The code of one binary model.
fn emit(
    def: &BinaryDef,
    params: &[Param],
    gain: &Ir,
    gain_text: &str,
    rt: &TokenStream,
) -> TokenStream {
    let (vis, model) = (&def.vis, &def.ident);
    let params_ty = format_ident!("{}Params", model);
    let state_ty = format_ident!("{}State", model);
    let cal_ty = format_ident!("{}Calibrated", model);
    let cal_params_ty = format_ident!("{}CalibratedParams", model);
    let step_ty = format_ident!("{}StepConstants", model);
    let nest_name = def.nest_name.value();
    let rust_name = model.to_string();
    let model_doc = doc_lines(&def.docs);
    let doc_joined = def.docs.join("\n");
    let pt = param_tokens(params, rt);
    let param_items = pt.items(model, vis, &nest_name, rt);
    let ParamTokens {
        param_meta,
        param_locals,
        ..
    } = pt;
    let (cal_fields, cal_inits) = crate::calibration::supported_params(params);
    let cal_items = crate::calibration::calibrated_structs(
        model,
        vis,
        cal_fields,
        quote!(#[doc = " Tics (NEST's time unit) per step."] pub tics_per_step: f64,),
    );
    let arg = &def.gain.0;
    let gain_body = ir_tokens(gain, &|x| match x {
        Ir::Param(i) => {
            let n = &params[*i].name;
            quote!(cal.params.#n)
        }
        Ir::State(_) => quote!(#arg),
        _ => quote!(compile_error!("unexpected name in a gain function")),
    });
    let gain_doc = format!(" `{gain_text}`: the probability of the state 1 after an update.");
    let state_items = crate::rate::state_items(
        model,
        vis,
        rt,
        &[
            format_ident!("S"),
            format_ident!("h"),
            format_ident!("t_next"),
        ],
        &[
            " Output state, 0 or 1.",
            " Summed spike input received so far.",
            " Time of the next update in tics; NaN until drawn.",
        ],
        &[quote!(0.0), quote!(0.0), quote!(f64::NAN)],
        2,
    );
    let notes = def.notes.iter().map(|(n, t)| {
        let (n, t) = (n.to_string(), t.value());
        quote!((#n, #t))
    });
    let signature = crate::emit::update_signature("update", &cal_ty, &state_ty, rt);
    quote! {
        #model_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #vis struct #model;

        #param_items

        #state_items

        #cal_items

        impl #model {
            #[doc = #gain_doc]
            #[allow(non_snake_case, unused_variables, clippy::all)]
            pub fn gain(cal: &#cal_ty, #arg: f64) -> f64 { #gain_body }
        }

        impl #rt::Model for #model {
            type Params = #params_ty;
            type State = #state_ty;
            type Calibrated = #cal_ty;
            const N_CHANNELS: usize = 2;
            const SIGNAL: #rt::Signal = #rt::Signal::Binary;
            const META: #rt::ModelMeta = #rt::ModelMeta {
                name: #nest_name,
                rust_name: #rust_name,
                doc: #doc_joined,
                params: &[#(#param_meta),*],
                state: &[
                    #rt::StateMeta { name: "S", unit: #rt::units::DeclaredUnit::ONE, initial: "0", initial_value: 0.0, doc: "Output state, 0 or 1." },
                    #rt::StateMeta { name: "h", unit: #rt::units::DeclaredUnit::ONE, initial: "0", initial_value: 0.0, doc: "Summed spike input received so far." },
                ],
                inputs: &[
                    "spikes w: 1 on receptor 0: state changes of binary senders (two spikes at once: h += w; one: h -= w)",
                    "current I: 1 on receptor 0: added to h for this step's update only",
                ],
                definitions: &[#gain_text],
                equations: &[],
                equation_trees: &[],
                reset_trees: &[],
                notes: &[
                    #(#notes,)*
                    ("S", "NEST reports S as a boolean; here it is the number 0 or 1, as both record it."),
                    ("model", "Update times and gain draws come from per-neuron counter-based streams, not NEST's generator."),
                ],
                threshold: "at an update S changes: to 1 sends two spikes at once, to 0 one",
                reset: &[],
                refractory: "",
                scheme: #rt::Scheme::Binary,
                scheme_reason: #REASON,
            };

            #[allow(non_snake_case, unused_variables)]
            fn calibrate(params: &#params_ty, grid: &#rt::Grid) -> #rt::Result<#cal_ty> {
                <#params_ty as #rt::Parameters>::validate(params)?;
                let h = grid.h();
                #(#param_locals)*
                Ok(#cal_ty {
                    params: #cal_params_ty { #cal_inits },
                    step: #step_ty { h, tics_per_step: grid.tics_per_step() as f64 },
                })
            }

            fn spike_input(_params: &Self::Params, _channel: usize) -> #rt::SpikeInput {
                #rt::SpikeInput::Transition
            }

            fn spike_channel(_params: &Self::Params, receptor: usize, weight: f64) -> #rt::Result<usize> {
                if receptor == 0 { return Ok(0); }
                Err(#rt::Error::UnknownReceptor {
                    model: #nest_name, kind: "spike", receptor, available: "[0]".into(),
                })
            }

            fn current_channel(_params: &Self::Params, receptor: usize) -> #rt::Result<usize> {
                if receptor == 0 { return Ok(1); }
                Err(#rt::Error::UnknownReceptor {
                    model: #nest_name, kind: "current", receptor, available: "[0]".into(),
                })
            }

            #[allow(non_snake_case, unused_variables)]
            #signature {
                for (slot, neuron) in range.enumerate() {
                    let cal = &calibrated[group_of[neuron] as usize];
                    let h = st.h[neuron] + ::core::mem::take(&mut inputs[2 * slot]);
                    let current = ::core::mem::take(&mut inputs[2 * slot + 1]);
                    st.h[neuron] = h;
                    let tau_m = cal.params.tau_m;
                    // The neuron's stream of this step, made only when it draws.
                    let mut stream = None;
                    let mut t_next = st.t_next[neuron];
                    if t_next.is_nan() {
                        let draws = stream.get_or_insert_with(|| ctx.stream(neuron));
                        t_next = #rt::Grid::tics(draws.exponential() * tau_m) as f64;
                    }
                    // binary_neuron.h: update when the step's start lies after t_next.
                    if ctx.step as f64 * cal.step.tics_per_step > t_next {
                        let draws = stream.get_or_insert_with(|| ctx.stream(neuron));
                        let on = draws.uniform() < Self::gain(cal, h + current);
                        let s = if on { 1.0 } else { 0.0 };
                        if s != st.S[neuron] {
                            spiked.push(neuron);
                            if on {
                                spiked.push(neuron);
                            }
                            st.S[neuron] = s;
                        }
                        t_next += #rt::Grid::tics(draws.exponential() * tau_m) as f64;
                    }
                    st.t_next[neuron] = t_next;
                }
                Ok(())
            }
        }
    }
}
