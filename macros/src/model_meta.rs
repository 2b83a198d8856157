//! Printer of a model's metadata (`Model::META`): names, units, defaults and the model's text,
//! for the audit, the documentation and the registry.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::meta_expr;
use crate::parse::ModelDef;
use crate::typecheck::Analysed;

/// What the metadata gathers from the other printers.
pub struct MetaInput<'a> {
    pub m: &'a ModelDef,
    pub a: &'a Analysed,
    pub rt: &'a TokenStream,
    pub param_meta: &'a [TokenStream],
    pub state_meta: &'a [TokenStream],
    pub scheme_meta: TokenStream,
    pub reason: &'a str,
}

/// The `ModelMeta` constant.
pub fn model_meta(input: &MetaInput) -> TokenStream {
    let MetaInput {
        m,
        a,
        rt,
        param_meta,
        state_meta,
        scheme_meta,
        reason,
    } = input;
    let refr = a.refractory.as_ref();
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
    let rust_name = m.ident.to_string();
    let nest_name = m.nest_name.value();
    quote!(#rt::ModelMeta {
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
    })
}
