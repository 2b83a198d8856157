//! The `neuron!` macro: a neuron model declared with units, checked at compile time, compiled to
//! a specialised update kernel.
//!
//! Stages, one module each: [`parse`] (grammar → AST), [`units`] and [`typecheck`] (dimension
//! analysis, exact scale conversion, every error collected), [`classify`] (which update scheme),
//! [`emit`] (Rust items), with [`lanes`] (RKF45 right-hand sides for four neurons at once, the
//! SIMD path) and [`cuda`] (the same kernel as CUDA C) beside it. The logic works on `proc_macro2` tokens so each stage is unit-tested
//! without invoking the compiler.

// Index loops over small dense matrices read better than iterator chains here, and comparing
// against 1.0 in a guard is clearer than a float literal pattern.
#![allow(clippy::needless_range_loop, clippy::redundant_guards)]

use proc_macro2::TokenStream;
use quote::quote;

mod binary;
mod calibration;
mod classify;
mod cuda;
mod emit;
mod ir;
mod lanes;
mod model_meta;
mod names;
mod param_items;
mod parse;
mod print_c;
mod print_rust;
mod rate;
mod recordables;
mod routing;
mod state_items;
mod step;
mod synapse;
mod text;
mod typecheck;
mod units;

/// Declares rate models: a nonlinearity and the NEST rate models built from it (input noise,
/// output noise, rate transformer), or a siegert_neuron. See the `rate` module of this crate.
#[proc_macro]
pub fn rate_neuron(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match rate::expand(input.into(), &runtime_path()) {
        Ok(t) => t.into(),
        Err(e) => e.into_compile_error().into(),
    }
}

/// Declares a binary neuron (NEST's binary_neuron template): its gain function and parameters.
/// See the `binary` module of this crate.
#[proc_macro]
pub fn binary_neuron(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match binary::expand(input.into(), &runtime_path()) {
        Ok(t) => t.into(),
        Err(e) => e.into_compile_error().into(),
    }
}

/// Declares a plastic synapse model: parameters, per-synapse variables and traces, and the
/// rules run on presynaptic and postsynaptic spikes. See the `synapse` module of this crate.
#[proc_macro]
pub fn synapse(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match synapse::expand(input.into(), &runtime_path()) {
        Ok(t) => t.into(),
        Err(e) => e.into_compile_error().into(),
    }
}

/// Declares a neuron model. See the `saltatory` crate documentation for the syntax.
#[proc_macro]
pub fn neuron(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into(), &runtime_path()).into()
}

/// Where the runtime is, seen from the crate that invokes the macro: `saltatory_runtime` when it
/// is a direct dependency (the model catalogue), else through the `saltatory` facade.
fn runtime_path() -> TokenStream {
    use proc_macro_crate::{FoundCrate, crate_name};
    match crate_name("saltatory-runtime") {
        Ok(FoundCrate::Name(n)) => {
            let id = proc_macro2::Ident::new(&n, proc_macro2::Span::call_site());
            return quote!(::#id);
        }
        Ok(FoundCrate::Itself) => return quote!(crate),
        Err(_) => {}
    }
    match crate_name("saltatory") {
        Ok(FoundCrate::Name(n)) => {
            let id = proc_macro2::Ident::new(&n, proc_macro2::Span::call_site());
            quote!(::#id::runtime)
        }
        _ => quote!(::saltatory::runtime),
    }
}

/// The whole pipeline over tokens, with the runtime reached through `rt`.
fn expand(input: TokenStream, rt: &TokenStream) -> TokenStream {
    match expand_inner(input, rt) {
        Ok(t) => t,
        Err(e) => e.into_compile_error(),
    }
}

fn expand_inner(input: TokenStream, rt: &TokenStream) -> syn::Result<TokenStream> {
    let (ident, items) = generate(input, rt)?;
    let source = pretty(&items);
    Ok(quote! {
        #items
        impl #ident {
            /// The Rust code `neuron!` generated for this model, pretty-printed, for auditing.
            pub const GENERATED_SOURCE: &'static str = #source;
        }
    })
}

/// Parse → units → classify → emit; returns the model's type name and the generated items.
fn generate(input: TokenStream, rt: &TokenStream) -> syn::Result<(syn::Ident, TokenStream)> {
    let model: parse::ModelDef = syn::parse2(input)?;
    let analysed = typecheck::analyse(&model)?;
    let mut errors = typecheck::Errors::default();
    let scheme = classify::classify(&analysed, &mut errors);
    errors.finish()?;
    let Some(scheme) = scheme else {
        return Err(syn::Error::new(
            model.ident.span(),
            "the model could not be classified",
        ));
    };
    let items = emit::emit(&model, &analysed, &scheme, rt);
    Ok((model.ident, items))
}

fn pretty(items: &TokenStream) -> String {
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(f) => prettyplease::unparse(&f),
        Err(_) => items.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens inside `neuron! { ... }` of a model file.
    fn model_tokens(path: &str) -> TokenStream {
        let src = std::fs::read_to_string(path).unwrap();
        let file: syn::File = syn::parse_str(&src).unwrap();
        for item in file.items {
            if let syn::Item::Macro(m) = item {
                if m.mac.path.is_ident("neuron") {
                    return m.mac.tokens;
                }
            }
        }
        panic!("no neuron! invocation in {path}");
    }

    #[test]
    fn iaf_psc_alpha_expansion_snapshot() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let tokens = model_tokens(&format!("{dir}/../models/src/iaf_psc_alpha.rs"));
        let (_, items) = generate(tokens, &quote!(::saltatory_runtime)).unwrap();
        let out = pretty(&items);
        let snap = format!("{dir}/snapshots/iaf_psc_alpha.expanded.rs");
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&snap, &out).unwrap();
        }
        let expected =
            std::fs::read_to_string(&snap).expect("snapshot missing: run with UPDATE_SNAPSHOTS=1");
        assert!(
            out == expected,
            "expansion of iaf_psc_alpha changed; review and re-run with UPDATE_SNAPSHOTS=1"
        );
    }

    #[test]
    fn errors_become_compile_errors() {
        let out = expand(
            quote!(pub X as "x" { state { V: mV = 1.0pA; } }),
            &quote!(rt),
        )
        .to_string();
        assert!(out.contains("compile_error"), "{out}");
    }
}
