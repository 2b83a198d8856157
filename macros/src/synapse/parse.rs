//! Grammar of `synapse!`:
//!
//! ```text
//! /// docs
//! pub Name as "nest_name" {
//!     parameters { NAME: UNIT = DEFAULT where ...; ... }
//!     state { NAME: UNIT = INITIAL [decays FACTOR]; ... }
//!     on post { statements }     // optional; `on first post` for the first spike only
//!     on pre { statements }      // `send EXPR;` once at most
//!     notes { name: "text"; ... } // optional
//! }
//! ```

use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Expr, Ident, LitStr, Token, Visibility, braced};

use crate::parse::{ParamDecl, Stmt, block, docs, let_binding, notes_block, param_decl, peek_word};
use crate::units::WrittenUnit;

/// A synapse model as declared.
pub struct SynapseDef {
    pub docs: Vec<String>,
    pub vis: Visibility,
    pub ident: Ident,
    pub nest_name: LitStr,
    pub params: Vec<ParamDecl>,
    pub states: Vec<VarDecl>,
    /// The rule run for each postsynaptic spike since the previous presynaptic one.
    pub on_post: Option<Rule>,
    /// The rule run for each presynaptic spike.
    pub on_pre: Rule,
    pub notes: Vec<(Ident, LitStr)>,
}

/// `NAME: UNIT = INITIAL [decays FACTOR];`: a per-synapse variable, optionally a trace whose
/// stored value decays by `FACTOR` (a function of the elapsed time `dt`) between events.
pub struct VarDecl {
    pub docs: Vec<String>,
    pub name: Ident,
    pub unit: WrittenUnit,
    pub init: Expr,
    pub decay: Option<Expr>,
}

/// `on pre { .. }`, `on post { .. }` or `on first post { .. }`.
pub struct Rule {
    pub stmts: Vec<RuleStmt>,
    /// `on first post`: only the first postsynaptic spike since the previous presynaptic one.
    pub first_only: bool,
}

/// One statement of a rule.
pub enum RuleStmt {
    /// `let`, `x = ..`, `x += ..`, `x -= ..`.
    Stmt(Stmt),
    /// `send EXPR;` or `send EXPR if CONDITION;`: the weight the spike is sent with, and
    /// when (a spike not sent is a failure of a stochastic synapse).
    Send(Ident, Expr, Option<Expr>),
}

impl Parse for SynapseDef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let docs = docs(&input.call(Attribute::parse_outer)?)?;
        let vis: Visibility = input.parse()?;
        let ident: Ident = input.parse()?;
        input.parse::<Token![as]>()?;
        let nest_name: LitStr = input.parse()?;
        let body;
        braced!(body in input);
        let (mut params, mut states, mut notes) = (Vec::new(), Vec::new(), Vec::new());
        let (mut on_pre, mut on_post) = (None, None);
        while !body.is_empty() {
            let word: Ident = body.parse()?;
            match word.to_string().as_str() {
                "parameters" => params.extend(block(&body, param_decl)?),
                "state" => states.extend(block(&body, var_decl)?),
                "notes" => notes.extend(notes_block(&body)?),
                "on" => {
                    let first_only = peek_word(&body, "first");
                    if first_only {
                        body.parse::<Ident>()?;
                    }
                    let which: Ident = body.parse()?;
                    let slot = match which.to_string().as_str() {
                        "pre" if !first_only => &mut on_pre,
                        "post" => &mut on_post,
                        _ => {
                            return Err(syn::Error::new(
                                which.span(),
                                "a rule is `on pre { .. }`, `on post { .. }` or `on first post { .. }`",
                            ));
                        }
                    };
                    if slot.is_some() {
                        return Err(syn::Error::new(
                            which.span(),
                            format!("duplicate `on {which}`"),
                        ));
                    }
                    *slot = Some(Rule {
                        stmts: rule_stmts(&body)?,
                        first_only,
                    });
                }
                other => {
                    return Err(syn::Error::new(
                        word.span(),
                        format!(
                            "unknown section `{other}`: expected parameters, state, on pre, on post or notes"
                        ),
                    ));
                }
            }
        }
        let on_pre = on_pre.ok_or_else(|| {
            syn::Error::new(
                ident.span(),
                "a synapse needs `on pre { .. }`: what a presynaptic spike does (write `on pre {}` for none)",
            )
        })?;
        if !input.is_empty() {
            return Err(input.error("synapse! declares one model"));
        }
        Ok(SynapseDef {
            docs,
            vis,
            ident,
            nest_name,
            params,
            states,
            on_post,
            on_pre,
            notes,
        })
    }
}

fn var_decl(input: ParseStream) -> syn::Result<VarDecl> {
    let docs = docs(&input.call(Attribute::parse_outer)?)?;
    let name: Ident = input.parse()?;
    input.parse::<Token![:]>()?;
    let unit = crate::parse::written_unit(input)?;
    input.parse::<Token![=]>()?;
    let init: Expr = input.parse()?;
    let decay = if peek_word(input, "decays") {
        input.parse::<Ident>()?;
        Some(input.parse()?)
    } else {
        None
    };
    input.parse::<Token![;]>()?;
    Ok(VarDecl {
        docs,
        name,
        unit,
        init,
        decay,
    })
}

fn rule_stmts(input: ParseStream) -> syn::Result<Vec<RuleStmt>> {
    let inner;
    braced!(inner in input);
    let mut out = Vec::new();
    while !inner.is_empty() {
        if inner.peek(Token![let]) {
            let (name, e) = let_binding(&inner)?;
            out.push(RuleStmt::Stmt(Stmt::Let(name, e)));
        } else if peek_word(&inner, "send")
            && !(inner.peek2(Token![=]) || inner.peek2(Token![+=]) || inner.peek2(Token![-=]))
        {
            let kw: Ident = inner.parse()?;
            let e: Expr = inner.parse()?;
            let when = if inner.peek(Token![if]) {
                inner.parse::<Token![if]>()?;
                Some(inner.parse()?)
            } else {
                None
            };
            inner.parse::<Token![;]>()?;
            out.push(RuleStmt::Send(kw, e, when));
        } else {
            let e: Expr = inner.parse()?;
            inner.parse::<Token![;]>()?;
            out.push(RuleStmt::Stmt(Stmt::Assign(e)));
        }
    }
    Ok(out)
}
