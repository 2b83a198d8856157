//! `rate_neuron!`: rate models, the third update scheme. One declaration names a nonlinearity
//! (its parameters and functions) and the models built from it, as NEST builds
//! `lin_rate_ipn`, `lin_rate_opn` and `rate_transformer_lin` from one `nonlinearities_lin_rate`
//! class (models/lin_rate.h). The rate dynamics of each kind is NEST's template:
//!
//! - `input_noise` (models/rate_neuron_ipn_impl.h):
//!   `tau dX = (-lambda X + mu + input(h)) dt + sqrt(tau) sigma dW`, integrated exactly for the
//!   linear part (stochastic exponential Euler) or by Euler–Maruyama when lambda = 0;
//! - `output_noise` (models/rate_neuron_opn_impl.h): `tau dX = (-X + mu + input(h)) dt`, and the
//!   neuron sends `X + sqrt(tau/h) sigma xi`, white noise held over a step;
//! - `transformer` (models/rate_transformer_node_impl.h): sends `input(h)` of last step's input;
//! - `siegert` (models/siegert_neuron.cpp): `tau dr = (-r + mean + Phi(mu, sigma²)) dt` with the
//!   Siegert transfer function of the drift and diffusion it receives.
//!
//! Stages as in `neuron!`: parse ([`RateDef`]), unit analysis of parameters and functions
//! (`typecheck::analyse_params`, `typecheck::analyse_function`), emission ([`emit`]).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Expr, Ident, LitStr, Token, Visibility, braced, parenthesized};

use crate::emit::{doc_lines, ir_tokens};
use crate::ir::Ir;
use crate::param_items::{ParamTokens, param_tokens};
use crate::parse::{ParamDecl, block, docs, notes_block, param_decl};
use crate::typecheck::{Errors, Param, analyse_function, analyse_params};

mod kinds;
mod meta;

/// One function of the nonlinearity: `name(arg) = body;`.
pub struct Function {
    pub name: Ident,
    pub arg: Ident,
    pub body: Expr,
}

/// `nonlinearity NAME { parameters { .. } input(h) = ..; mult_coupling_ex(rate) = ..; .. }`
pub struct Nonlinearity {
    pub docs: Vec<String>,
    pub name: Ident,
    pub params: Vec<ParamDecl>,
    pub functions: Vec<Function>,
}

/// `pub Ident as "nest_name": kind;`
pub struct Variant {
    pub docs: Vec<String>,
    pub vis: Visibility,
    pub ident: Ident,
    pub nest_name: LitStr,
    pub kind: Kind,
    pub kind_token: Ident,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    InputNoise,
    OutputNoise,
    Transformer,
    Siegert,
}

/// A whole `rate_neuron!` invocation.
pub struct RateDef {
    pub nonlinearity: Option<Nonlinearity>,
    pub variants: Vec<Variant>,
    pub notes: Vec<(Ident, LitStr)>,
}

const FUNCTIONS: [&str; 3] = ["input", "mult_coupling_ex", "mult_coupling_in"];

impl Parse for RateDef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut def = RateDef {
            nonlinearity: None,
            variants: Vec::new(),
            notes: Vec::new(),
        };
        while !input.is_empty() {
            let attrs = input.call(Attribute::parse_outer)?;
            let docs = docs(&attrs)?;
            if input.peek(Ident) && input.fork().parse::<Ident>()? == "nonlinearity" {
                let kw: Ident = input.parse()?;
                if def.nonlinearity.is_some() {
                    return Err(syn::Error::new(
                        kw.span(),
                        "only one nonlinearity per declaration",
                    ));
                }
                def.nonlinearity = Some(nonlinearity(input, docs)?);
            } else if input.peek(Ident) && input.fork().parse::<Ident>()? == "notes" {
                input.parse::<Ident>()?;
                def.notes.extend(notes_block(input)?);
            } else {
                let vis: Visibility = input.parse()?;
                let ident: Ident = input.parse()?;
                input.parse::<Token![as]>()?;
                let nest_name: LitStr = input.parse()?;
                input.parse::<Token![:]>()?;
                let kind_token: Ident = input.parse()?;
                let kind = match kind_token.to_string().as_str() {
                    "input_noise" => Kind::InputNoise,
                    "output_noise" => Kind::OutputNoise,
                    "transformer" => Kind::Transformer,
                    "siegert" => Kind::Siegert,
                    other => {
                        return Err(syn::Error::new(
                            kind_token.span(),
                            format!(
                                "unknown rate model kind `{other}`: expected input_noise, output_noise, transformer or siegert"
                            ),
                        ));
                    }
                };
                input.parse::<Token![;]>()?;
                def.variants.push(Variant {
                    docs,
                    vis,
                    ident,
                    nest_name,
                    kind,
                    kind_token,
                });
            }
        }
        Ok(def)
    }
}

fn nonlinearity(input: ParseStream, docs: Vec<String>) -> syn::Result<Nonlinearity> {
    let name: Ident = input.parse()?;
    let body;
    braced!(body in input);
    let mut params = Vec::new();
    let mut functions: Vec<Function> = Vec::new();
    while !body.is_empty() {
        let word: Ident = body.parse()?;
        if word == "parameters" {
            params.extend(block(&body, param_decl)?);
            continue;
        }
        let w = word.to_string();
        if !FUNCTIONS.contains(&w.as_str()) {
            return Err(syn::Error::new(
                word.span(),
                format!(
                    "unknown item `{w}` in a nonlinearity: expected parameters, {}",
                    FUNCTIONS.join(", ")
                ),
            ));
        }
        if functions.iter().any(|f| f.name == word) {
            return Err(syn::Error::new(word.span(), format!("duplicate `{w}`")));
        }
        let args;
        parenthesized!(args in body);
        let arg: Ident = args.parse()?;
        body.parse::<Token![=]>()?;
        let expr: Expr = body.parse()?;
        body.parse::<Token![;]>()?;
        functions.push(Function {
            name: word,
            arg,
            body: expr,
        });
    }
    if !functions.iter().any(|f| f.name == "input") {
        return Err(syn::Error::new(
            name.span(),
            "a nonlinearity needs `input(h) = ...;`",
        ));
    }
    Ok(Nonlinearity {
        docs,
        name,
        params,
        functions,
    })
}

/// NEST's parameters of each kind, with its defaults and checks.
fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::InputNoise => {
            "/// Time constant of the rate dynamics.
            tau: ms = 10.0 where > 0;
            /// Passive decay rate; 0 integrates by Euler–Maruyama.
            lambda: 1 = 1.0 where >= 0;
            /// Noise amplitude (input noise).
            sigma: 1 = 1.0 where >= 0;
            /// Mean input.
            mu: 1 = 0.0;
            /// Lower bound of the rate when rectify_output is on.
            rectify_rate: 1 = 0.0 where >= 0;
            /// Sum inputs before the nonlinearity (true) or transform each input (false).
            linear_summation: bool = true;
            /// Keep the rate at or above rectify_rate.
            rectify_output: bool = false;
            /// Multiply excitatory and inhibitory input by the coupling functions of the rate.
            mult_coupling: bool = false;"
        }
        Kind::OutputNoise => {
            "/// Time constant of the rate dynamics.
            tau: ms = 10.0 where > 0;
            /// Noise amplitude (output noise).
            sigma: 1 = 1.0 where >= 0;
            /// Mean input.
            mu: 1 = 0.0;
            /// Sum inputs before the nonlinearity (true) or transform each input (false).
            linear_summation: bool = true;
            /// Multiply excitatory and inhibitory input by the coupling functions of the rate.
            mult_coupling: bool = false;"
        }
        Kind::Transformer => {
            "/// Sum inputs before the nonlinearity (true) or transform each input (false).
            linear_summation: bool = true;"
        }
        Kind::Siegert => {
            "/// Time constant of the rate dynamics.
            tau: ms = 1.0 where > 0;
            /// Membrane time constant of the modelled LIF neurons.
            tau_m: ms = 5.0 where > 0;
            /// Synaptic time constant (colored-noise correction of the threshold).
            tau_syn: ms = 0.0 where >= 0;
            /// Refractory period.
            t_ref: ms = 2.0 where >= 0;
            /// Constant input added to the rate.
            mean: Hz = 0.0;
            /// Threshold, relative to rest.
            theta: mV = 15.0;
            /// Reset potential, relative to rest.
            V_reset: mV = 0.0 where < theta;"
        }
    }
}

/// Parameters of the archiving node NEST gives every node; only their defaults are accepted.
pub(crate) const UNSUPPORTED: &str = "ignore_and_spike: bool = false;
    ignore_and_spike_interval: ms = 100.0;
    ignore_and_spike_offset: ms = 1.0;";

/// NEST's older names: (name, legacy name). A nonlinearity parameter of the same name as a
/// template one shares it (NEST's gauss_rate: setting `mu` sets both); the template one is
/// then reached by its legacy name only.
const LEGACY: [(&str, &str); 2] = [("mu", "mean"), ("sigma", "std")];

pub fn expand(input: TokenStream, rt: &TokenStream) -> syn::Result<TokenStream> {
    let def: RateDef = syn::parse2(input)?;
    let mut errors = Errors::default();
    let mut out = TokenStream::new();
    if def.variants.is_empty() {
        return Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            "rate_neuron! declares at least one model: `pub Name as \"nest_name\": kind;`",
        ));
    }
    let nl_names: Vec<String> = def
        .nonlinearity
        .iter()
        .flat_map(|n| n.params.iter().map(|p| p.name.to_string()))
        .collect();
    for v in &def.variants {
        match (&def.nonlinearity, v.kind) {
            (Some(n), Kind::Siegert) => errors.at(
                &n.name,
                "siegert models have a fixed transfer function and no nonlinearity",
            ),
            (None, k) if k != Kind::Siegert => errors.at(
                &v.kind_token,
                "this kind needs a `nonlinearity NAME { .. }` in the same declaration",
            ),
            _ => {}
        }
        let mut tmpl = crate::parse::param_decls(template(v.kind))?;
        // Shared names: the template's parameter keeps NEST's legacy name.
        let mut shared: Vec<(String, String)> = Vec::new();
        for p in &mut tmpl {
            let n = p.name.to_string();
            if nl_names.contains(&n) {
                let legacy = LEGACY
                    .iter()
                    .find(|(a, _)| *a == n)
                    .map(|(_, b)| *b)
                    .unwrap_or("template");
                p.name = Ident::new(legacy, p.name.span());
                shared.push((n, legacy.to_string()));
            }
        }
        // The nonlinearity's parameters first: a value that breaks both a shared parameter's
        // constraints is reported under the nonlinearity's name, the one that was set.
        let mut declared: Vec<ParamDecl> = def
            .nonlinearity
            .iter()
            .flat_map(|n| n.params.iter().cloned())
            .collect();
        declared.extend(tmpl);
        let unsupported = crate::parse::param_decls(UNSUPPORTED)?;
        let params = analyse_params(&declared, &unsupported, &[], &mut errors);
        let functions: Vec<(String, Ident, Ir, String)> = def
            .nonlinearity
            .iter()
            .flat_map(|n| &n.functions)
            .filter_map(|f| {
                let what = format!("`{}`", f.name);
                let ir = analyse_function(&params, &f.arg, &f.body, &what, &mut errors)?;
                let text = format!(
                    "{}({}) = {}",
                    f.name,
                    f.arg,
                    crate::text::expr_text(&f.body)
                );
                Some((f.name.to_string(), f.arg.clone(), ir, text))
            })
            .collect();
        out.extend(emit(&def, v, &params, &shared, &functions, rt));
    }
    errors.finish()?;
    Ok(out)
}

/// The code of one rate model.
fn emit(
    def: &RateDef,
    v: &Variant,
    params: &[Param],
    shared: &[(String, String)],
    functions: &[(String, Ident, Ir, String)],
    rt: &TokenStream,
) -> TokenStream {
    let vis = &v.vis;
    let model = &v.ident;
    let params_ty = format_ident!("{}Params", model);
    let state_ty = format_ident!("{}State", model);
    let cal_ty = format_ident!("{}Calibrated", model);
    let cal_params_ty = format_ident!("{}CalibratedParams", model);
    let step_ty = format_ident!("{}StepConstants", model);
    let nest_name = v.nest_name.value();
    let mut doc_text: Vec<String> = v.docs.clone();
    if let Some(n) = &def.nonlinearity {
        if !n.docs.is_empty() {
            doc_text.push(String::new());
            doc_text.extend(n.docs.iter().cloned());
        }
    }
    let model_doc = doc_lines(&doc_text);
    let doc_joined = doc_text.join("\n");
    let mut pt = param_tokens(params, rt);
    let kind = v.kind;

    // Legacy names: for shared parameters `name` sets both, `legacy` the template's only;
    // otherwise the legacy name is another name of the template parameter.
    let mut alias_get = Vec::new();
    let mut alias_set = Vec::new();
    for (name, legacy) in LEGACY {
        if !params.iter().any(|p| p.name == name || p.name == legacy) {
            continue;
        }
        if shared.iter().any(|(n, _)| n == name) {
            alias_set.push(quote!(#name => {
                #rt::params::set(self, #name, value)?;
                #rt::params::set(self, #legacy, value)
            }));
        } else if params.iter().any(|p| p.name == name) {
            alias_get.push(quote!(#legacy => self.get(#name),));
            alias_set.push(quote!(#legacy => #rt::params::set(self, #name, value),));
        }
    }
    for (name, legacy) in LEGACY {
        if params.iter().any(|p| p.name == name) && !params.iter().any(|p| p.name == legacy) {
            pt.other_names.push_str(&format!(", {legacy} (= {name})"));
        }
    }
    pt.alias_get = alias_get;
    pt.alias_set = alias_set;
    let param_items = pt.items(model, vis, &nest_name, rt);
    let ParamTokens {
        param_meta,
        param_locals,
        ..
    } = pt;

    // Calibrated constants: every supported parameter in its declared unit, plus propagators.
    let (cal_fields, cal_inits) = crate::calibration::supported_params(params);

    // The nonlinearity's functions as associated functions of the model.
    let fn_items = functions.iter().map(|(name, arg, ir, text)| {
        let f = format_ident!("{}", name);
        let body = ir_tokens(ir, &|x| match x {
            Ir::Param(i) => {
                let n = &params[*i].name;
                quote!(cal.params.#n)
            }
            Ir::State(_) => quote!(#arg),
            _ => quote!(compile_error!("unexpected name in a nonlinearity")),
        });
        let d = format!(" `{text}`");
        quote!(
            #[doc = #d]
            #[allow(non_snake_case, unused_variables, clippy::all)]
            pub fn #f(cal: &#cal_ty, #arg: f64) -> f64 { #body }
        )
    });
    let has = |n: &str| functions.iter().any(|f| f.0 == n);
    let mult_ex = if has("mult_coupling_ex") {
        quote!(Self::mult_coupling_ex(cal, sent))
    } else {
        quote!(1.0)
    };
    let mult_in = if has("mult_coupling_in") {
        quote!(Self::mult_coupling_in(cal, sent))
    } else {
        quote!(1.0)
    };

    // ---- kind-specific pieces ----------------------------------------------------------------
    let (state_names, state_docs, n_channels) = kinds::layout(kind);
    let state_idents: Vec<Ident> = state_names.iter().map(|n| format_ident!("{}", n)).collect();
    let state_unit = if kind == Kind::Siegert {
        quote!(#rt::units::DeclaredUnit::symbol("Hz"))
    } else {
        quote!(#rt::units::DeclaredUnit::ONE)
    };
    let state_meta = state_names.iter().zip(&state_docs).map(|(n, d)| {
        quote!(#rt::StateMeta { name: #n, unit: #state_unit, initial: "0", initial_value: 0.0, doc: #d })
    });
    let zeros: Vec<TokenStream> = state_idents.iter().map(|_| quote!(0.0)).collect();
    let state_items = state_items(
        model,
        vis,
        rt,
        &state_idents,
        &state_docs,
        &zeros,
        state_idents.len(),
    );

    let (cal_extra_fields, calibration, cal_extra_inits) = kinds::calibration(kind);

    // The rate dynamics' own mean input and noise amplitude (renamed where the nonlinearity
    // uses the names).
    let field = |name: &str| -> Ident {
        let renamed = shared
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, l)| l.as_str());
        format_ident!("{}", renamed.unwrap_or(name))
    };
    let (t_mu, t_sigma) = (field("mu"), field("sigma"));
    let (reads, step, output) = kinds::update(kind, rt, (&mult_ex, &mult_in), (&t_mu, &t_sigma));
    let (node_kind, accepts, rate_channel, transform) = kinds::routing(kind, rt, &nest_name);

    // ---- metadata ------------------------------------------------------------------------------
    let rust_name = model.to_string();
    let mut definitions: Vec<String> = functions.iter().map(|f| f.3.clone()).collect();
    if kind == Kind::Transformer {
        definitions.push("rate(t + h) = input(h(t))".into());
    }
    let (equation, reason, inputs_text) = meta::text(kind);
    let (equation_trees, equations) = meta::trees(kind, rt, &t_mu.to_string(), equation);
    let notes = meta::notes(def, kind, shared, params);

    let cal_items =
        crate::calibration::calibrated_structs(model, vis, cal_fields, cal_extra_fields);
    let signature = crate::emit::update_signature("update", &cal_ty, &state_ty, rt);
    quote! {
        #model_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #vis struct #model;

        #param_items

        #state_items

        #cal_items

        impl #model {
            #(#fn_items)*
        }

        impl #rt::Model for #model {
            type Params = #params_ty;
            type State = #state_ty;
            type Calibrated = #cal_ty;
            const N_CHANNELS: usize = #n_channels;
            const KIND: #rt::NodeKind = #node_kind;
            const META: #rt::ModelMeta = #rt::ModelMeta {
                name: #nest_name,
                rust_name: #rust_name,
                doc: #doc_joined,
                params: &[#(#param_meta),*],
                state: &[#(#state_meta),*],
                inputs: &[#(#inputs_text),*],
                definitions: &[#(#definitions),*],
                equations: &[#equations],
                equation_trees: &[#equation_trees],
                reset_trees: &[],
                notes: &[#(#notes),*],
                threshold: "",
                reset: &[],
                refractory: "",
                scheme: #rt::Scheme::Rate,
                scheme_reason: #reason,
            };

            #[allow(non_snake_case, unused_variables, clippy::neg_multiply)]
            fn calibrate(params: &#params_ty, grid: &#rt::Grid) -> #rt::Result<#cal_ty> {
                <#params_ty as #rt::Parameters>::validate(params)?;
                let h = grid.h();
                #(#param_locals)*
                #calibration
                Ok(#cal_ty {
                    params: #cal_params_ty { #cal_inits },
                    step: #step_ty { h, #cal_extra_inits },
                })
            }

            fn spike_channel(_params: &Self::Params, receptor: usize, weight: f64) -> #rt::Result<usize> {
                Err(#rt::Error::Incompatible {
                    synapse: "static_synapse", pre: "", post: #nest_name,
                    reason: ::std::format!("{} sends and receives rates: it accepts {}", #nest_name, #accepts),
                })
            }

            fn current_channel(_params: &Self::Params, receptor: usize) -> #rt::Result<usize> {
                Err(#rt::Error::Incompatible {
                    synapse: "a current device", pre: "", post: #nest_name,
                    reason: ::std::format!("{} sends and receives rates: it accepts {}", #nest_name, #accepts),
                })
            }

            #[allow(non_snake_case, unused_variables, unused_mut, clippy::neg_multiply)]
            #signature {
                for (slot, neuron) in range.enumerate() {
                    let cal = &calibrated[group_of[neuron] as usize];
                    let inp = &mut inputs[slot * #n_channels..(slot + 1) * #n_channels];
                    #reads
                    #step
                    if !rate.is_finite() {
                        return Err(#rt::Failure { neuron, reason: "the rate is not finite" });
                    }
                    st.rate[neuron] = rate;
                }
                Ok(())
            }

            #[allow(unused_variables)]
            fn rate_output(cal: &#cal_ty, st: &#state_ty, i: usize, ctx: &#rt::StepCtx) -> f64 {
                #output
            }

            fn rate_channel(synapse: #rt::SynapseModel, weight: f64) -> #rt::Result<usize> {
                #rate_channel
            }

            #[allow(unused_variables)]
            fn rate_transform(cal: &#cal_ty, value: f64) -> Option<f64> {
                #transform
            }
        }
    }
}

/// The state struct of a rate or binary model (one f64 column per variable, starting at
/// `initial`) and its `StateColumns` impl, which reads and writes the first `recordable`
/// columns by index.
pub(crate) fn state_items(
    model: &Ident,
    vis: &Visibility,
    rt: &TokenStream,
    state_idents: &[Ident],
    state_docs: &[&str],
    initial: &[TokenStream],
    recordable: usize,
) -> TokenStream {
    let state_ty = format_ident!("{}State", model);
    let state_idx: Vec<proc_macro2::Literal> = (0..recordable)
        .map(proc_macro2::Literal::usize_unsuffixed)
        .collect();
    let state_idx2 = state_idx.clone();
    let first = &state_idents[0];
    let recorded = &state_idents[..recordable];
    quote! {
        #[doc = concat!(" State of a population of [`", stringify!(#model), "`], one column per variable.")]
        #[derive(Clone, Debug, Default, PartialEq)]
        #vis struct #state_ty {
            #(#[doc = #state_docs] pub #state_idents: #rt::__private::Vec<f64>,)*
        }

        impl #rt::StateColumns for #state_ty {
            fn empty() -> Self {
                Self::default()
            }
            fn push_initial(&mut self) {
                #(self.#state_idents.push(#initial);)*
            }
            fn len(&self) -> usize {
                self.#first.len()
            }
            fn get(&self, var: usize, i: usize) -> f64 {
                match var {
                    #(#state_idx => self.#recorded[i],)*
                    _ => f64::NAN,
                }
            }
            fn set(&mut self, var: usize, i: usize, value: f64) {
                match var {
                    #(#state_idx2 => self.#recorded[i] = value,)*
                    _ => {}
                }
            }
        }

    }
}
