//! Printer of a model's state: `<Model>State` with the declared variables in `vars` and the
//! kernel's own columns in `kernel` (so that no declared name can meet a generated one), its
//! `StateColumns` impl, and the state's metadata.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::{ir_tokens, lit_f64};
use crate::ir::Ir;
use crate::names::local;
use crate::step::{ColumnId, ColumnKind, StateColumn, Step};
use crate::typecheck::{Analysed, DefaultValue};

/// What the state printer needs of the model.
pub struct StateInput<'a> {
    pub a: &'a Analysed,
    pub step: &'a Step,
    pub model: &'a Ident,
    pub vis: &'a syn::Visibility,
    pub rt: &'a TokenStream,
    /// `let m_<p> = ...;` for every supported parameter, from `params`.
    pub param_locals: &'a [TokenStream],
}

/// The state structs with their `StateColumns` impl, and `StateMeta` entries.
pub fn state_items(s: &StateInput) -> (TokenStream, Vec<TokenStream>) {
    let StateInput {
        a,
        step,
        model,
        vis,
        rt,
        param_locals,
    } = s;
    let state_ty = format_ident!("{}State", model);
    let vars_ty = format_ident!("{}StateVars", model);
    let kernel_ty = format_ident!("{}KernelColumns", model);
    let params_ty = format_ident!("{}Params", model);
    let (declared, own): (Vec<&StateColumn>, Vec<&StateColumn>) =
        step.columns.iter().partition(|c| c.id.declared());
    let field = |c: &StateColumn| -> TokenStream {
        let (f, doc) = (format_ident!("{}", c.field), column_doc(a, c));
        let ty = match c.kind {
            ColumnKind::Number => quote!(f64),
            ColumnKind::Count => quote!(u32),
        };
        quote!(#[doc = #doc] pub #f: #rt::__private::Vec<#ty>,)
    };
    let vars_fields = declared.iter().map(|c| field(c));
    let mut kernel_fields: Vec<TokenStream> = own.iter().map(|c| field(c)).collect();
    let mut pushes: Vec<TokenStream> = step
        .columns
        .iter()
        .map(|c| {
            let path = crate::print_rust::column_path(c);
            let v = initial(a, c);
            quote!(self.#path.push(#v);)
        })
        .collect();
    // The number of neurons: the length of a column, or a count of its own for a model
    // without state (a parrot).
    let len = match step.columns.first() {
        Some(c) => {
            let path = crate::print_rust::column_path(c);
            quote!(self.#path.len())
        }
        None => {
            kernel_fields.push(quote!(#[doc = " Number of neurons."] pub neurons: usize,));
            pushes.push(quote!(self.kernel.neurons += 1;));
            quote!(self.kernel.neurons)
        }
    };
    let (gets, sets) = accessors(a, step);
    let items = quote! {
        #[doc = concat!(" State of a population of [`", stringify!(#model), "`], one column per variable.")]
        #[derive(Clone, Debug, Default, PartialEq)]
        #vis struct #state_ty {
            /// The declared state variables and recordables.
            pub vars: #vars_ty,
            /// The kernel's own columns (latched inputs, refractory counter, carried step).
            pub kernel: #kernel_ty,
        }

        #[doc = concat!(" Declared state of [`", stringify!(#model), "`], one entry per neuron.")]
        #[allow(non_snake_case)]
        #[derive(Clone, Debug, Default, PartialEq)]
        #vis struct #vars_ty {
            #(#vars_fields)*
        }

        #[doc = concat!(" The update's own state of [`", stringify!(#model), "`], one entry per neuron.")]
        #[allow(non_snake_case)]
        #[derive(Clone, Debug, Default, PartialEq)]
        #vis struct #kernel_ty {
            #(#kernel_fields)*
        }

        impl #rt::StateColumns for #state_ty {
            fn empty() -> Self {
                Self::default()
            }

            #[allow(non_snake_case, unused_variables)]
            fn push_initial(&mut self) {
                // NEST evaluates initial values with the model's default parameters.
                let params = #params_ty::default();
                #(#param_locals)*
                #(#pushes)*
            }

            fn len(&self) -> usize {
                #len
            }

            fn get(&self, var: usize, i: usize) -> f64 {
                match var {
                    #(#gets)*
                    _ => f64::NAN,
                }
            }

            fn set(&mut self, var: usize, i: usize, value: f64) {
                match var {
                    #(#sets)*
                    _ => {}
                }
            }
        }
    };
    (items, state_meta(a, step, rt))
}

fn column_doc(a: &Analysed, c: &StateColumn) -> String {
    match c.id {
        ColumnId::State(i) => {
            let s = &a.states[i];
            format!(
                " {} [{}], one entry per neuron.",
                s.docs.join(" "),
                s.unit_text
            )
        }
        ColumnId::Remaining => " Refractory time left, in ms (a recordable).".into(),
        ColumnId::Latched(k) => {
            let cur = &a.currents[k];
            format!(
                " Input `{}` [{}] latched at the end of the previous step.",
                cur.name, cur.unit_text
            )
        }
        ColumnId::Refractory => " Refractory steps left.".into(),
        ColumnId::Deferred => {
            " Input that arrived during refractoriness, decayed to the end of it.".into()
        }
        ColumnId::IntegrationStep => {
            " Integration step carried from one step to the next (ms; 0 before the first).".into()
        }
    }
}

/// A new neuron's value of a column: a state variable's initial value, else zero.
fn initial(a: &Analysed, c: &StateColumn) -> TokenStream {
    match (c.id, c.kind) {
        (ColumnId::State(i), _) => ir_tokens(&a.states[i].init, &|x| match x {
            Ir::Param(p) => {
                let n = local(&a.params[*p].name);
                quote!(#n)
            }
            _ => quote!(compile_error!("unexpected name in an initial value")),
        }),
        (_, ColumnKind::Count) => quote!(0),
        (_, ColumnKind::Number) => quote!(0.0),
    }
}

/// `get` and `set` arms by variable index: the state variables, then the refractory time left
/// (read only).
fn accessors(a: &Analysed, step: &Step) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut gets = Vec::new();
    let mut sets = Vec::new();
    for (i, s) in a.states.iter().enumerate() {
        let (k, n) = (Literal::usize_unsuffixed(i), &s.name);
        gets.push(quote!(#k => self.vars.#n[i],));
        sets.push(quote!(#k => self.vars.#n[i] = value,));
    }
    if let Some(r) = &step.remaining {
        let (k, n) = (
            Literal::usize_unsuffixed(a.states.len()),
            format_ident!("{}", r),
        );
        gets.push(quote!(#k => self.vars.#n[i],));
    }
    (gets, sets)
}

/// `StateMeta` of the state variables and of the refractory time left, in `get`'s order.
fn state_meta(a: &Analysed, step: &Step, rt: &TokenStream) -> Vec<TokenStream> {
    let default_of = |k: usize| match a.params[k].default {
        DefaultValue::Number(v) => Some(v),
        DefaultValue::Switch(_) => None,
    };
    let mut meta: Vec<TokenStream> = a
        .states
        .iter()
        .map(|s| {
            let n = s.name.to_string();
            let u = crate::units::declared_tokens(Some(s.unit), &s.unit_text, rt);
            let (i, d) = (&s.init_text, s.docs.join(" "));
            // Evaluated with the default parameters (initial values refer to parameters and
            // constants only, so it always can be).
            let v = lit_f64(crate::typecheck::eval_with(&s.init, &default_of).unwrap_or(f64::NAN));
            quote!(#rt::StateMeta { name: #n, unit: #u, initial: #i, initial_value: #v, doc: #d })
        })
        .collect();
    if let Some(name) = &step.remaining {
        meta.push(quote!(#rt::StateMeta {
            name: #name, unit: #rt::units::DeclaredUnit::symbol("ms"), initial: "0", initial_value: 0.0,
            doc: "Refractory time left (steps left times h).",
        }));
    }
    meta
}
