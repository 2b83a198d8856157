//! Printer of a synapse model: its unit type with `SynapseModel` metadata, `<Model>Params`
//! (shared by the synapses of a store) implementing the runtime's `PlasticRule`, and
//! `<Model>State`, the per-synapse variables.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::parse::{RuleStmt, SynapseDef};
use crate::emit::{doc_lines, ir_tokens, lit_f64};
use crate::ir::Ir;
use crate::param_items::{declared_value, param_tokens};
use crate::typecheck::AssignOp;
use crate::typecheck::{CheckedRule, Param, RuleItem, RuleName, SynapseRules, UpdateStmt};

pub fn emit(
    def: &SynapseDef,
    params: &[Param],
    rules: &SynapseRules,
    rt: &TokenStream,
) -> TokenStream {
    let (vis, model) = (&def.vis, &def.ident);
    let params_ty = format_ident!("{}Params", model);
    let state_ty = format_ident!("{}State", model);
    let nest_name = def.nest_name.value();
    let pt = param_tokens(params, rt);
    let table = quote!(<#model as #rt::plastic::SynapseModel>::META.params);
    let param_items = pt.items_with_table(model, vis, &nest_name, rt, &table);
    let param_meta = &pt.param_meta;
    let model_doc = doc_lines(&def.docs);
    let doc_joined = def.docs.join("\n");
    let rust_name = model.to_string();
    let state_items = state_items(model, vis, rules, rt);
    let state_meta = rules.vars.iter().map(|v| {
        let name = v.name.to_string();
        let unit = crate::units::declared_tokens(Some(v.unit), &v.unit_text, rt);
        let (init, value) = (&v.init_text, lit_f64(v.init.eval_const().unwrap_or(0.0)));
        let doc = v.docs.join(" ");
        quote!(#rt::StateMeta { name: #name, unit: #unit, initial: #init, initial_value: #value, doc: #doc })
    });
    let rule_texts = rule_texts(def);
    let notes = def.notes.iter().map(|(n, t)| {
        let (n, t) = (n.to_string(), t.value());
        quote!((#n, #t))
    });
    let on_pre = on_pre(params, rules, rt);
    let (key_ty, init) = if rules.draws() {
        let init = quote! {
            fn init(state: &mut Self::State, serial: u64) {
                state.key.serial = serial;
            }
        };
        (quote!(#rt::plastic::DrawKey), init)
    } else {
        (quote!(()), quote!())
    };
    quote! {
        #model_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        #vis struct #model;

        #param_items

        #state_items

        impl #rt::plastic::SynapseModel for #model {
            type Params = #params_ty;
            const META: #rt::plastic::SynapseMeta = #rt::plastic::SynapseMeta {
                name: #nest_name,
                rust_name: #rust_name,
                doc: #doc_joined,
                params: &[#(#param_meta),*],
                state: &[#(#state_meta),*],
                rules: &[#(#rule_texts),*],
                notes: &[#(#notes),*],
            };
        }

        impl #rt::plastic::PlasticRule for #params_ty {
            type State = #rt::plastic::Traced<#state_ty, #key_ty>;
            const MODEL: &'static str = #nest_name;

            #init

            fn validate(&self) -> #rt::Result<()> {
                <Self as #rt::Parameters>::validate(self)
            }

            fn horizon(state: &Self::State, delay: f64) -> f64 {
                state.t_last - delay
            }

            #on_pre
        }
    }
}

/// `<Model>State`: the declared variables with their initial values.
fn state_items(
    model: &syn::Ident,
    vis: &syn::Visibility,
    rules: &SynapseRules,
    rt: &TokenStream,
) -> TokenStream {
    let state_ty = format_ident!("{}State", model);
    let fields = rules.vars.iter().map(|v| {
        let n = &v.name;
        let doc = format!(" {} [{}]", v.docs.join(" "), v.unit_text);
        quote!(#[doc = #doc] pub #n: f64,)
    });
    let inits = rules.vars.iter().map(|v| {
        let (n, init) = (&v.name, lit_f64(v.init.eval_const().unwrap_or(0.0)));
        quote!(#n: #init,)
    });
    let names = rules.vars.iter().map(|v| v.name.to_string());
    let gets = rules.vars.iter().enumerate().map(|(k, v)| {
        let (k, n) = (crate::emit::idx(k), &v.name);
        quote!(#k => self.#n,)
    });
    let sets = rules.vars.iter().enumerate().map(|(k, v)| {
        let (k, n) = (crate::emit::idx(k), &v.name);
        quote!(#k => self.#n = value,)
    });
    quote! {
        #[doc = concat!(" The variables of one [`", stringify!(#model), "`] besides its weight, in their declared units.")]
        #[allow(non_snake_case)]
        #[derive(Clone, Copy, Debug, PartialEq)]
        #vis struct #state_ty {
            #(#fields)*
        }

        impl Default for #state_ty {
            fn default() -> Self {
                Self { #(#inits)* }
            }
        }

        impl #rt::plastic::Variables for #state_ty {
            const NAMES: &'static [&'static str] = &[#(#names),*];
            fn get(&self, k: usize) -> f64 {
                match k {
                    #(#gets)*
                    _ => f64::NAN,
                }
            }
            #[allow(unused_variables)]
            fn set(&mut self, k: usize, value: f64) {
                match k {
                    #(#sets)*
                    _ => {}
                }
            }
        }
    }
}

/// The rules as written, for the audit.
fn rule_texts(def: &SynapseDef) -> Vec<String> {
    let text = |stmts: &[RuleStmt]| -> String {
        let parts: Vec<String> = stmts
            .iter()
            .map(|s| match s {
                RuleStmt::Stmt(crate::parse::Stmt::Let(n, e)) => {
                    format!("let {n} = {};", crate::text::expr_text(e))
                }
                RuleStmt::Stmt(crate::parse::Stmt::Assign(e)) => {
                    format!("{};", crate::text::expr_text(e))
                }
                RuleStmt::Send(_, e, None) => format!("send {};", crate::text::expr_text(e)),
                RuleStmt::Send(_, e, Some(c)) => format!(
                    "send {} if {};",
                    crate::text::expr_text(e),
                    crate::text::expr_text(c)
                ),
            })
            .collect();
        parts.join(" ")
    };
    let mut out = Vec::new();
    if let Some(r) = &def.on_post {
        out.push(format!("on post {{ {} }}", text(&r.stmts)));
    }
    out.push(format!("on pre {{ {} }}", text(&def.on_pre.stmts)));
    out
}

/// Prints an expression of a rule with every name as its local.
fn expr(
    ir: &Ir,
    params: &[Param],
    rules: &SynapseRules,
    aliases: &[(syn::Ident, Ir)],
) -> TokenStream {
    ir_tokens(ir, &|x| match x {
        Ir::Param(i) => local(&params[*i].name),
        Ir::State(k) => match rules.name_of(*k) {
            RuleName::Var(i) => local(&rules.vars[i].name),
            RuleName::Elapsed => quote!(m_dt),
            RuleName::KMinus => quote!(m_K_minus),
            RuleName::KMinusTriplet => quote!(m_K_minus_triplet),
            RuleName::KMinusNn => quote!(m_K_minus_nn),
            RuleName::PostCount => quote!(m_n_post),
            RuleName::Weight => quote!(m_w),
        },
        Ir::Alias(i) => local(&aliases[*i].0),
        _ => quote!(::core::compile_error!("unexpected name in a synapse rule")),
    })
}

fn local(name: &syn::Ident) -> TokenStream {
    let n = crate::names::local(name);
    quote!(#n)
}

/// Whether a rule reads the given name of the DSL.
fn reads(rule: &CheckedRule, rules: &SynapseRules, name: RuleName) -> bool {
    let pred = |x: &Ir| matches!(x, Ir::State(k) if rules.name_of(*k) == name);
    rule.exprs().iter().any(|ir| ir.mentions(&pred))
}

/// The statements of a rule; `Send` sets `sent`.
fn body(rule: &CheckedRule, params: &[Param], rules: &SynapseRules) -> TokenStream {
    let stmts = rule.items.iter().map(|it| match it {
        RuleItem::Stmt(UpdateStmt::Let(i)) => {
            let (n, ir) = (&rule.aliases[*i].0, &rule.aliases[*i].1);
            let (n, v) = (local(n), expr(ir, params, rules, &rule.aliases));
            quote!(let #n = #v;)
        }
        RuleItem::Stmt(UpdateStmt::Assign(a)) => {
            let target = expr(&Ir::State(a.target), params, rules, &rule.aliases);
            let v = expr(&a.rhs, params, rules, &rule.aliases);
            match a.op {
                AssignOp::Set => quote!(#target = #v;),
                AssignOp::Add => quote!(#target += #v;),
                AssignOp::Sub => quote!(#target -= #v;),
            }
        }
        RuleItem::Send(ir, when) => {
            let v = expr(ir, params, rules, &rule.aliases);
            match when {
                None => quote!(sent = Some(Some(#v));),
                Some(c) => {
                    let leaf = |x: &Ir| expr(x, params, rules, &rule.aliases);
                    let c = crate::emit::cond_tokens(c, &leaf);
                    quote!(sent = Some(if #c { Some(#v) } else { None });)
                }
            }
        }
    });
    quote!(#(#stmts)*)
}

/// Each variable's value at the event: a trace decayed over `m_dt` from its stored value.
fn decayed_vars(rules: &SynapseRules, params: &[Param], mutable: bool) -> TokenStream {
    let lets = rules.vars.iter().zip(&rules.decays).map(|(v, d)| {
        let (n, field) = (local(&v.name), &v.name);
        let m = mutable.then(|| quote!(mut));
        match d {
            Some(d) => {
                let d = expr(d, params, rules, &[]);
                quote!(let #m #n = st.vars.#field * (#d);)
            }
            None => quote!(let #m #n = st.vars.#field;),
        }
    });
    quote!(#(#lets)*)
}

/// `PlasticRule::on_pre`: the postsynaptic spikes since the previous presynaptic one, then the
/// presynaptic rule, in NEST's order.
fn on_pre(params: &[Param], rules: &SynapseRules, rt: &TokenStream) -> TokenStream {
    let param_locals = params
        .iter()
        .filter(|p| p.supported && p.unit.is_some())
        .map(|p| {
            let n = crate::names::local(&p.name);
            let v = declared_value(p, quote!(self), rt);
            quote!(let #n = #v;)
        });
    let post_loop = rules.post.as_ref().map(|post| {
        let vars = decayed_vars(rules, params, false);
        let body = body(post, params, rules);
        let take = if rules.first_post_only {
            quote!(.take(1))
        } else {
            quote!()
        };
        quote! {
            for (k, entry) in window.iter().enumerate() #take {
                let m_dt = entry.t + delay - t_last;
                let m_K_minus = entry.k_minus;
                let m_K_minus_triplet = entry.k_minus_triplet;
                let m_K_minus_nn = 1.0;
                let m_n_post = (k + 1) as f64;
                #vars
                #body
            }
        }
    });
    let pre = &rules.pre;
    let reads_pre = |name| reads(pre, rules, name);
    let k_minus =
        reads_pre(RuleName::KMinus).then(|| quote!(let m_K_minus = post.k_minus(t_spike - delay);));
    let k_triplet = reads_pre(RuleName::KMinusTriplet)
        .then(|| quote!(let m_K_minus_triplet = post.k_minus_triplet(t_spike - delay);));
    let k_nn = reads_pre(RuleName::KMinusNn)
        .then(|| quote!(let m_K_minus_nn = post.k_minus_nn(t_spike - delay);));
    let n_post =
        reads_pre(RuleName::PostCount).then(|| quote!(let m_n_post = window.len() as f64;));
    // NEST's get_history: the target's spikes since the previous presynaptic spike.
    let window = (post_loop.is_some() || n_post.is_some())
        .then(|| quote!(let window = post.between(t_last - delay, t_spike - delay);));
    let vars = decayed_vars(rules, params, true);
    let body = body(pre, params, rules);
    let draws = rules
        .draws()
        .then(|| quote!(let mut draws = st.key.next_stream(spike.seed);));
    let stores = rules.vars.iter().map(|v| {
        let (n, field) = (local(&v.name), &v.name);
        quote!(st.vars.#field = #n;)
    });
    quote! {
        #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments, clippy::all)]
        fn on_pre(
            &self,
            w: &mut f64,
            st: &mut Self::State,
            spike: &#rt::plastic::PreSpike<'_>,
        ) -> Option<f64> {
            let (t_spike, delay, post) = (spike.t_spike, spike.delay, spike.post);
            #(#param_locals)*
            #draws
            let t_last = st.t_last;
            let first_spike = !(t_last > 0.0);
            let mut m_w = *w;
            let mut sent: Option<Option<f64>> = None;
            #window
            #post_loop
            let m_dt = t_spike - t_last;
            #k_minus
            #k_triplet
            #k_nn
            #n_post
            #vars
            #body
            #(#stores)*
            st.t_last = t_spike;
            *w = m_w;
            sent.unwrap_or(Some(m_w))
        }
    }
}
