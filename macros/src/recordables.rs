//! Printer of the derived recordables: their metadata, and the function that computes them
//! from a neuron's state and calibrated parameters when a multimeter samples it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

use crate::emit::ir_tokens;
use crate::ir::Ir;
use crate::typecheck::Analysed;

/// `Model::DERIVED` and `Model::derived` for the model's recordables (nothing when it has none).
pub fn derived(a: &Analysed, rt: &TokenStream, cal_ty: &Ident, state_ty: &Ident) -> TokenStream {
    if a.recordables.is_empty() {
        return quote!();
    }
    // Every name is reached through the function's own arguments, never as a bare local.
    let leaf = |x: &Ir| -> TokenStream {
        match x {
            Ir::Param(p) => {
                let n = &a.params[*p].name;
                quote!(calibrated.params.#n)
            }
            Ir::State(s) => {
                let n = &a.states[*s].name;
                quote!(state.vars.#n[i])
            }
            Ir::H => quote!(calibrated.step.h),
            _ => quote!(::core::compile_error!(
                "a recordable may use only state and parameters"
            )),
        }
    };
    let metas = a.recordables.iter().map(|r| {
        let (name, expr) = (r.name.to_string(), &r.text);
        let unit = crate::units::declared_tokens(Some(r.unit), &r.unit_text, rt);
        let doc = r.docs.join("\n");
        quote!(#rt::DerivedMeta { name: #name, unit: #unit, expr: #expr, doc: #doc },)
    });
    let arms = a.recordables.iter().enumerate().map(|(k, r)| {
        let value = ir_tokens(&r.ir, &leaf);
        quote!(#k => #value,)
    });
    quote! {
        const DERIVED: &'static [#rt::DerivedMeta] = &[#(#metas)*];

        #[allow(non_snake_case, clippy::neg_multiply)]
        fn derived(calibrated: &#cal_ty, state: &#state_ty, k: usize, i: usize) -> f64 {
            match k {
                #(#arms)*
                _ => f64::NAN,
            }
        }
    }
}
