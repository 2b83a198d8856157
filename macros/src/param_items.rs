//! Printer of a model's parameter set: the `<Model>Params` struct with NEST's defaults, its
//! `Parameters` impl (access by slot, validation by the table of `ParamMeta`), the locals
//! calibration reads, and the constraints as runtime expression trees. Shared by `neuron!`,
//! `rate_neuron!` and `binary_neuron!`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;

use crate::emit::{idx, lit_f64};
use crate::ir::{Cmp, Ir, Op};
use crate::typecheck::{DefaultValue, Param};

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
        let table = quote!(<#model as #rt::Model>::META.params);
        self.items_with_table(model, vis, nest_name, rt, &table)
    }

    /// [`items`](Self::items) with another table of `ParamMeta` (a synapse model's).
    pub fn items_with_table(
        &self,
        model: &Ident,
        vis: &syn::Visibility,
        nest_name: &str,
        rt: &TokenStream,
        table: &TokenStream,
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
                const PARAMS: &'static [#rt::ParamMeta] = #table;
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
