//! Stage 1: the grammar of `neuron!` into a small AST. No semantics here: names, units and
//! expressions are kept as written, with their spans, for the later stages.

use proc_macro2::{TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Expr, Ident, LitInt, LitStr, Token, Visibility, braced};

use crate::units::{WrittenUnit, parse_unit};

/// A whole model declaration.
pub struct ModelDef {
    pub docs: Vec<String>,
    pub vis: Visibility,
    pub ident: Ident,
    pub nest_name: LitStr,
    pub params: Vec<ParamDecl>,
    pub unsupported: Vec<ParamDecl>,
    pub state: Vec<StateDecl>,
    pub currents: Vec<CurrentPort>,
    pub spikes: Vec<SpikePort>,
    pub equations: Vec<Equation>,
    /// Auxiliary definitions in the equations block, in order: `let NAME = EXPR;`.
    pub lets: Vec<(Ident, Expr)>,
    pub threshold: Option<Expr>,
    /// Whether the threshold is tested after every accepted integration sub-step.
    pub threshold_per_substep: bool,
    /// `with multiplicity N`: the number of spikes sent at once when the threshold is met.
    pub multiplicity: Option<Expr>,
    /// Conditions that stop the simulation with a numerical-instability error.
    pub unstable: Vec<Expr>,
    /// Checks on the parameter set as a whole: `require COMPARISON [if COMPARISON];`.
    pub requires: Vec<(Expr, Option<Expr>)>,
    /// `solver rkf45 { abs: ..; rel: ..; y: ..; dydt: ..; }`
    pub solver: Option<Solver>,
    /// An explicit update rule instead of ODEs.
    pub update: Option<Update>,
    pub reset: Vec<Expr>,
    pub bounds: Vec<Expr>,
    pub refractory: Option<Refractory>,
    /// Documented differences from NEST: (name or topic, text).
    pub notes: Vec<(Ident, LitStr)>,
    /// Quantities recorded but not state: `NAME: UNIT = EXPR;` of state and parameters.
    pub recordables: Vec<StateDecl>,
    /// Recordables written `override NAME: ..`: they replace what the multimeter records for
    /// the state variable of that name.
    pub overrides: Vec<Ident>,
}

/// `update { statements }` or `update if SWITCH { statements } else { statements }`: the
/// state's new values computed explicitly, as NEST does for izhikevich.
pub struct Update {
    pub keyword: Ident,
    pub switch: Option<Ident>,
    pub then: Vec<Stmt>,
    pub otherwise: Vec<Stmt>,
}

/// One statement of an update rule.
pub enum Stmt {
    /// `let NAME = EXPR;`
    Let(Ident, Expr),
    /// `x = e;`, `x += e;`, `x -= e;`
    Assign(Expr),
}

fn stmts(input: ParseStream) -> syn::Result<Vec<Stmt>> {
    let inner;
    braced!(inner in input);
    let mut out = Vec::new();
    while !inner.is_empty() {
        if inner.peek(Token![let]) {
            let (name, e) = let_binding(&inner)?;
            out.push(Stmt::Let(name, e));
        } else {
            let e: Expr = inner.parse()?;
            inner.parse::<Token![;]>()?;
            out.push(Stmt::Assign(e));
        }
    }
    Ok(out)
}

/// An explicit solver request with GSL's standard-control tolerances.
pub struct Solver {
    pub name: Ident,
    /// (key, value): abs, rel, y, dydt.
    pub settings: Vec<(Ident, Expr)>,
}

/// The unit of a parameter: a physical unit or a boolean switch.
#[derive(Clone)]
pub enum ParamKind {
    Number(WrittenUnit),
    Switch,
}

/// `NAME: UNIT = DEFAULT where CONSTRAINT, ...;`
#[derive(Clone)]
pub struct ParamDecl {
    pub docs: Vec<String>,
    pub name: Ident,
    pub kind: ParamKind,
    pub default: Expr,
    pub constraints: Vec<Constraint>,
    pub allow_inf: bool,
}

/// A comparison constraint on a parameter, `> 0` or `< V_th`.
#[derive(Clone)]
pub struct Constraint {
    pub op: syn::BinOp,
    pub rhs: Expr,
}

/// `NAME: UNIT = INITIAL;` (initial value 0 when omitted).
pub struct StateDecl {
    pub docs: Vec<String>,
    pub name: Ident,
    pub unit: WrittenUnit,
    pub init: Option<Expr>,
}

/// `current NAME: UNIT on receptor N => POST;`
pub struct CurrentPort {
    pub name: Ident,
    pub unit: WrittenUnit,
    pub receptor: usize,
    pub post: Option<Expr>,
}

/// `spikes W: UNIT on receptor N { COND => JUMPS; _ => JUMPS; }`; `spikes N: 1 counted;` counts
/// spikes instead of summing weights.
pub struct SpikePort {
    pub weight: Ident,
    pub unit: WrittenUnit,
    pub receptor: usize,
    /// `counted`: each spike adds its multiplicity, whatever its weight.
    pub counted: Option<Ident>,
    /// Input applied after the first accepted integration sub-step of the step (NEST's
    /// aeif_psc_delta reads its spike buffer inside the sub-step loop).
    pub after_first_substep: bool,
    pub arms: Vec<SpikeArm>,
}

/// One sign route of a spike port.
pub struct SpikeArm {
    /// `None` for the catch-all `_`.
    pub cond: Option<Expr>,
    pub rules: Vec<ArmRule>,
}

/// A statement of a spike route: a local definition or a jump.
pub enum ArmRule {
    /// `let NAME = EXPR;`: a value the following rules of the route use.
    Let(Ident, Expr),
    Jump(Jump),
}

/// One rule of a spike route: `x += c * w;`, or `set x = c * w;` where the input replaces the
/// variable.
pub struct Jump {
    /// The `set` keyword, when written.
    pub set: Option<Ident>,
    pub expr: Expr,
}

/// `d/dt NAME = RHS;`
pub struct Equation {
    pub var: Ident,
    pub rhs: Expr,
}

/// `refractory DURATION { hold X, Y [for PART]; defer X decay TAU if SWITCH; }`
pub struct Refractory {
    pub duration: Expr,
    pub holds: Vec<Ident>,
    /// `hold .. for PART;`: the variables are held for the first PART of the period only (NEST's
    /// absolute refractory period within a longer total one, iaf_psc_exp_htum).
    pub hold_for: Option<Expr>,
    pub defer: Option<Defer>,
    /// A recordable holding the refractory time left in ms (`remaining NAME;`).
    pub remaining: Option<Ident>,
}

/// Input to a held variable during refractoriness, kept and applied (decayed) afterwards when
/// a switch is on; dropped otherwise.
pub struct Defer {
    pub var: Ident,
    pub tau: Expr,
    pub switch: Ident,
}

pub(crate) fn docs(attrs: &[Attribute]) -> syn::Result<Vec<String>> {
    let mut out = Vec::new();
    for a in attrs {
        if !a.path().is_ident("doc") {
            return Err(syn::Error::new_spanned(
                a,
                "only doc comments are allowed here",
            ));
        }
        if let syn::Meta::NameValue(nv) = &a.meta {
            if let Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            {
                out.push(s.value().trim().to_string());
            }
        }
    }
    Ok(out)
}

pub(crate) fn peek_word(input: ParseStream, word: &str) -> bool {
    input
        .fork()
        .parse::<Ident>()
        .map(|i| i == word)
        .unwrap_or(false)
        || (word == "where" && input.peek(Token![where]))
        || (word == "if" && input.peek(Token![if]))
}

pub(crate) fn expect_word(input: ParseStream, word: &str) -> syn::Result<Ident> {
    let span = input.span();
    let id: Ident = input
        .call(syn::ext::IdentExt::parse_any)
        .map_err(|_| syn::Error::new(span, format!("expected `{word}`")))?;
    if id != word {
        return Err(syn::Error::new(
            id.span(),
            format!("expected `{word}`, found `{id}`"),
        ));
    }
    Ok(id)
}

/// Reads a unit up to `=`, `;`, `,`, `{`, `=>`, `where` or `on`, then parses it.
fn unit_tokens(input: ParseStream) -> syn::Result<TokenStream> {
    let span = input.span();
    let mut tokens = TokenStream::new();
    // `=` and `=>` both start with `=`: stop at either.
    while !input.is_empty()
        && !input.peek(Token![=])
        && !input.peek(Token![;])
        && !input.peek(Token![,])
        && !input.peek(syn::token::Brace)
        && !peek_word(input, "where")
        && !peek_word(input, "on")
        && !peek_word(input, "after")
        && !peek_word(input, "counted")
    {
        if peek_word(input, "receptor") {
            let word: Ident = input.fork().parse()?;
            return Err(syn::Error::new(
                word.span(),
                "a port's receptor is written `on receptor N`: e.g. `spikes w: pA on receptor 1 { ... }`",
            ));
        }
        tokens.extend([input.parse::<TokenTree>()?]);
    }
    if tokens.is_empty() {
        return Err(syn::Error::new(span, "expected a unit (e.g. mV, pA/ms, 1)"));
    }
    Ok(tokens)
}

pub(crate) fn written_unit(input: ParseStream) -> syn::Result<WrittenUnit> {
    let tokens = unit_tokens(input)?;
    let expr: Expr = syn::parse2(tokens.clone())
        .map_err(|_| syn::Error::new_spanned(&tokens, "not a unit expression"))?;
    parse_unit(&expr)
}

fn receptor(input: ParseStream) -> syn::Result<usize> {
    if peek_word(input, "on") {
        expect_word(input, "on")?;
        expect_word(input, "receptor")?;
        let n: LitInt = input.parse()?;
        n.base10_parse()
    } else {
        Ok(0)
    }
}

impl Parse for ModelDef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let docs = docs(&attrs)?;
        let vis: Visibility = input.parse()?;
        let ident: Ident = input.parse()?;
        input.parse::<Token![as]>()?;
        let nest_name: LitStr = input.parse()?;
        let body;
        braced!(body in input);
        let mut m = ModelDef {
            docs,
            vis,
            ident,
            nest_name,
            params: Vec::new(),
            unsupported: Vec::new(),
            state: Vec::new(),
            currents: Vec::new(),
            spikes: Vec::new(),
            equations: Vec::new(),
            lets: Vec::new(),
            threshold: None,
            threshold_per_substep: false,
            multiplicity: None,
            unstable: Vec::new(),
            requires: Vec::new(),
            recordables: Vec::new(),
            overrides: Vec::new(),
            solver: None,
            update: None,
            reset: Vec::new(),
            bounds: Vec::new(),
            refractory: None,
            notes: Vec::new(),
        };
        // A section that does not parse is reported and skipped, so that one compile reports
        // the mistakes of every section.
        let mut errors: Option<syn::Error> = None;
        while !body.is_empty() {
            let section: Ident = body.call(syn::ext::IdentExt::parse_any)?;
            let fork = body.fork();
            match parse_section(&mut m, &section, &fork) {
                Ok(()) => body.advance_to(&fork),
                Err(e) => {
                    match &mut errors {
                        Some(all) => all.combine(e),
                        None => errors = Some(e),
                    }
                    skip_section(&body)?;
                }
            }
        }
        if let Some(e) = errors {
            return Err(e);
        }
        Ok(m)
    }
}

/// Parses the section named `section` into `m`.
fn parse_section(m: &mut ModelDef, section: &Ident, input: ParseStream) -> syn::Result<()> {
    match section.to_string().as_str() {
        "parameters" => m.params.extend(block(input, param_decl)?),
        "unsupported" => m.unsupported.extend(block(input, param_decl)?),
        "state" => m.state.extend(block(input, state_decl)?),
        "inputs" => {
            let inner;
            braced!(inner in input);
            while !inner.is_empty() {
                let kind: Ident = inner.parse()?;
                match kind.to_string().as_str() {
                    "current" => m.currents.push(current_port(&inner)?),
                    "spikes" => m.spikes.push(spike_port(&inner)?),
                    _ => {
                        return Err(syn::Error::new(
                            kind.span(),
                            "expected `current` or `spikes`",
                        ));
                    }
                }
            }
        }
        "equations" => {
            let inner;
            braced!(inner in input);
            while !inner.is_empty() {
                if inner.peek(Token![let]) {
                    m.lets.push(let_binding(&inner)?);
                } else {
                    m.equations.push(equation(&inner)?);
                }
            }
        }
        "solver" => {
            if m.solver.is_some() {
                return Err(syn::Error::new(
                    section.span(),
                    "a second `solver` block: a model has one; merge the settings into the first",
                ));
            }
            let name: Ident = input.parse()?;
            let settings = block(input, |s| {
                let key: Ident = s.parse()?;
                s.parse::<Token![:]>()?;
                let v: Expr = s.parse()?;
                s.parse::<Token![;]>()?;
                Ok((key, v))
            })?;
            m.solver = Some(Solver { name, settings });
        }
        "update" => {
            if m.update.is_some() {
                return Err(syn::Error::new(
                    section.span(),
                    "a second `update` block: a model has one; put every rule in the first (or use `update if switch { ... } else { ... }`)",
                ));
            }
            let switch = if input.peek(Token![if]) {
                input.parse::<Token![if]>()?;
                Some(input.parse::<Ident>()?)
            } else {
                None
            };
            let then = stmts(input)?;
            let otherwise = if switch.is_some() {
                input.parse::<Token![else]>()?;
                stmts(input)?
            } else {
                Vec::new()
            };
            m.update = Some(Update {
                keyword: section.clone(),
                switch,
                then,
                otherwise,
            });
        }
        "require" => {
            let cond: Expr = input.parse()?;
            let guard = if input.peek(Token![if]) {
                input.parse::<Token![if]>()?;
                Some(input.parse()?)
            } else {
                None
            };
            input.parse::<Token![;]>()?;
            m.requires.push((cond, guard));
        }
        "unstable" => {
            expect_word(input, "when")?;
            m.unstable.push(input.parse()?);
            input.parse::<Token![;]>()?;
        }
        "threshold" => {
            if m.threshold.is_some() {
                return Err(syn::Error::new(section.span(), "duplicate `threshold`"));
            }
            m.threshold = Some(input.parse()?);
            if peek_word(input, "per") {
                expect_word(input, "per")?;
                expect_word(input, "substep")?;
                m.threshold_per_substep = true;
            }
            if peek_word(input, "with") {
                expect_word(input, "with")?;
                expect_word(input, "multiplicity")?;
                m.multiplicity = Some(input.parse()?);
            }
            input.parse::<Token![;]>()?;
        }
        "reset" => m.reset.extend(block(input, |s| {
            let e: Expr = s.parse()?;
            s.parse::<Token![;]>()?;
            Ok(e)
        })?),
        "bound" => {
            m.bounds.push(input.parse()?);
            input.parse::<Token![;]>()?;
        }
        "notes" => m.notes.extend(notes_block(input)?),
        "recordables" => {
            for (over, decl) in block(input, recordable_decl)? {
                if over {
                    m.overrides.push(decl.name.clone());
                }
                m.recordables.push(decl);
            }
        }
        "refractory" => {
            if m.refractory.is_some() {
                return Err(syn::Error::new(section.span(), "duplicate `refractory`"));
            }
            m.refractory = Some(refractory(input)?);
        }
        other => {
            return Err(syn::Error::new(
                section.span(),
                format!(
                    "unknown section `{other}`: expected parameters, unsupported, state, \
                     inputs, equations, threshold, reset, bound, refractory, solver, update, unstable, require, recordables or notes"
                ),
            ));
        }
    }
    Ok(())
}

/// Skips the rest of a section that did not parse: up to its braced block (and an `else`
/// block after it) or its closing `;`.
fn skip_section(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() {
        if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
            return Ok(());
        }
        if input.peek(syn::token::Brace) {
            input.parse::<TokenTree>()?;
            if input.peek(Token![else]) {
                input.parse::<Token![else]>()?;
                if input.peek(syn::token::Brace) {
                    input.parse::<TokenTree>()?;
                }
            }
            return Ok(());
        }
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// `{ name: "text"; ... }`: documented differences from NEST, by declared name or `model`.
pub(crate) fn notes_block(input: ParseStream) -> syn::Result<Vec<(Ident, LitStr)>> {
    block(input, |s| {
        let name = s.call(syn::ext::IdentExt::parse_any)?;
        s.parse::<Token![:]>()?;
        let text: LitStr = s.parse()?;
        s.parse::<Token![;]>()?;
        Ok((name, text))
    })
}

pub(crate) fn block<T>(
    input: ParseStream,
    item: fn(ParseStream) -> syn::Result<T>,
) -> syn::Result<Vec<T>> {
    let inner;
    braced!(inner in input);
    let mut out = Vec::new();
    while !inner.is_empty() {
        out.push(item(&inner)?);
    }
    Ok(out)
}

/// Parameter declarations written as text (the parameters the macros give every model of a
/// kind: rate templates, binary neurons' `tau_m`, the archiving parameters).
pub(crate) fn param_decls(src: &str) -> syn::Result<Vec<ParamDecl>> {
    use syn::parse::Parser;
    (|input: ParseStream| block(input, param_decl)).parse_str(&format!("{{{src}}}"))
}

pub(crate) fn param_decl(input: ParseStream) -> syn::Result<ParamDecl> {
    let docs = docs(&input.call(Attribute::parse_outer)?)?;
    let name: Ident = input.parse()?;
    input.parse::<Token![:]>()?;
    let kind = if input.peek(Ident) && input.fork().parse::<Ident>()? == "bool" {
        input.parse::<Ident>()?;
        ParamKind::Switch
    } else {
        ParamKind::Number(written_unit(input)?)
    };
    input.parse::<Token![=]>()?;
    let default: Expr = input.parse()?;
    let mut constraints = Vec::new();
    let mut allow_inf = false;
    if input.peek(Token![where]) {
        input.parse::<Token![where]>()?;
        loop {
            if peek_word(input, "inf") {
                expect_word(input, "inf")?;
                allow_inf = true;
            } else {
                let op = if input.peek(Token![>=]) {
                    syn::BinOp::Ge(input.parse()?)
                } else if input.peek(Token![<=]) {
                    syn::BinOp::Le(input.parse()?)
                } else if input.peek(Token![>]) {
                    syn::BinOp::Gt(input.parse()?)
                } else if input.peek(Token![<]) {
                    syn::BinOp::Lt(input.parse()?)
                } else {
                    return Err(
                        input.error("expected a constraint: `> x`, `>= x`, `< x`, `<= x` or `inf`")
                    );
                };
                constraints.push(Constraint {
                    op,
                    rhs: input.parse()?,
                });
            }
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            } else {
                break;
            }
        }
    }
    input.parse::<Token![;]>()?;
    Ok(ParamDecl {
        docs,
        name,
        kind,
        default,
        constraints,
        allow_inf,
    })
}

fn state_decl(input: ParseStream) -> syn::Result<StateDecl> {
    let docs = docs(&input.call(Attribute::parse_outer)?)?;
    let name: Ident = input.parse()?;
    input.parse::<Token![:]>()?;
    let unit = written_unit(input)?;
    let init = if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        Some(input.parse()?)
    } else {
        None
    };
    input.parse::<Token![;]>()?;
    Ok(StateDecl {
        docs,
        name,
        unit,
        init,
    })
}

/// `[override] NAME: UNIT = EXPR;` of the recordables block.
fn recordable_decl(input: ParseStream) -> syn::Result<(bool, StateDecl)> {
    let over = input.peek2(Ident) && peek_any(input, "override");
    if over {
        input.call(Ident::parse_any)?;
    }
    Ok((over, state_decl(input)?))
}

/// Whether the next token is the word (a keyword included).
fn peek_any(input: ParseStream, word: &str) -> bool {
    input.fork().call(Ident::parse_any).is_ok_and(|i| i == word)
}

fn current_port(input: ParseStream) -> syn::Result<CurrentPort> {
    let name: Ident = input.parse()?;
    input.parse::<Token![:]>()?;
    let unit = written_unit(input)?;
    let receptor = receptor(input)?;
    let post = if input.peek(Token![=>]) {
        input.parse::<Token![=>]>()?;
        Some(input.parse()?)
    } else {
        None
    };
    input.parse::<Token![;]>()?;
    Ok(CurrentPort {
        name,
        unit,
        receptor,
        post,
    })
}

fn spike_port(input: ParseStream) -> syn::Result<SpikePort> {
    let weight: Ident = input.parse()?;
    input.parse::<Token![:]>()?;
    let unit = written_unit(input)?;
    let receptor = receptor(input)?;
    let counted = if peek_word(input, "counted") {
        Some(input.parse::<Ident>()?)
    } else {
        None
    };
    let after_first_substep = peek_word(input, "after");
    if after_first_substep {
        expect_word(input, "after")?;
        expect_word(input, "first")?;
        expect_word(input, "substep")?;
    }
    if input.peek(Token![;]) {
        // `spikes S: mV;`: no jump rule; the step's summed input is used by an update rule.
        input.parse::<Token![;]>()?;
        return Ok(SpikePort {
            weight,
            unit,
            receptor,
            counted: counted.clone(),
            after_first_substep,
            arms: Vec::new(),
        });
    }
    let inner;
    braced!(inner in input);
    let mut arms = Vec::new();
    while !inner.is_empty() {
        let cond = if inner.peek(Token![_]) {
            inner.parse::<Token![_]>()?;
            None
        } else {
            Some(inner.parse()?)
        };
        inner.parse::<Token![=>]>()?;
        let rules = if inner.peek(syn::token::Brace) {
            block(&inner, arm_rule)?
        } else {
            vec![ArmRule::Jump(jump(&inner)?)]
        };
        arms.push(SpikeArm { cond, rules });
    }
    Ok(SpikePort {
        weight,
        unit,
        receptor,
        counted,
        after_first_substep,
        arms,
    })
}

/// `let NAME = EXPR;`, a local definition (equations, update rules, spike routes).
pub(crate) fn let_binding(input: ParseStream) -> syn::Result<(Ident, Expr)> {
    input.parse::<Token![let]>()?;
    let name: Ident = input.parse()?;
    input.parse::<Token![=]>()?;
    let value: Expr = input.parse()?;
    input.parse::<Token![;]>()?;
    Ok((name, value))
}

/// `let NAME = EXPR;` or a jump.
fn arm_rule(input: ParseStream) -> syn::Result<ArmRule> {
    if input.peek(Token![let]) {
        let (name, value) = let_binding(input)?;
        return Ok(ArmRule::Let(name, value));
    }
    jump(input).map(ArmRule::Jump)
}

/// `x += c * w;` or `set x = c * w;`.
fn jump(input: ParseStream) -> syn::Result<Jump> {
    let set = if peek_word(input, "set") && input.peek2(Ident) {
        Some(input.parse::<Ident>()?)
    } else {
        None
    };
    let expr: Expr = input.parse()?;
    input.parse::<Token![;]>()?;
    Ok(Jump { set, expr })
}

fn equation(input: ParseStream) -> syn::Result<Equation> {
    expect_word(input, "d")?;
    input.parse::<Token![/]>()?;
    expect_word(input, "dt")?;
    let var: Ident = input.parse()?;
    input.parse::<Token![=]>()?;
    let rhs: Expr = input.parse()?;
    input.parse::<Token![;]>()?;
    Ok(Equation { var, rhs })
}

fn refractory(input: ParseStream) -> syn::Result<Refractory> {
    let duration = Expr::parse_without_eager_brace(input)?;
    let inner;
    braced!(inner in input);
    let mut holds = Vec::new();
    let mut hold_for = None;
    let mut defer = None;
    let mut remaining = None;
    while !inner.is_empty() {
        let word: Ident = inner.parse()?;
        match word.to_string().as_str() {
            "hold" => {
                loop {
                    holds.push(inner.parse()?);
                    if inner.peek(Token![,]) {
                        inner.parse::<Token![,]>()?;
                    } else {
                        break;
                    }
                }
                if inner.peek(Token![for]) {
                    inner.parse::<Token![for]>()?;
                    hold_for = Some(inner.parse()?);
                }
                inner.parse::<Token![;]>()?;
            }
            "remaining" => {
                remaining = Some(inner.parse()?);
                inner.parse::<Token![;]>()?;
            }
            "defer" => {
                let var: Ident = inner.parse()?;
                expect_word(&inner, "decay")?;
                let tau: Expr = inner.parse()?;
                inner.parse::<Token![if]>()?;
                let switch: Ident = inner.parse()?;
                inner.parse::<Token![;]>()?;
                defer = Some(Defer { var, tau, switch });
            }
            _ => {
                return Err(syn::Error::new(
                    word.span(),
                    "expected `hold`, `defer` or `remaining`",
                ));
            }
        }
    }
    Ok(Refractory {
        duration,
        holds,
        hold_for,
        defer,
        remaining,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
        /// A leaky integrator.
        pub Leaky as "leaky" {
            parameters {
                /// Time constant.
                tau_m: ms = 10.0 where > 0;
                E_L: mV = -70.0;
                V_th: mV = -55.0 where > E_L, inf;
                on: bool = false;
            }
            state { V_m: mV = E_L; I: pA; }
            inputs {
                current I_stim: pA;
                current I_1: pA on receptor 1 => I += I_1;
                spikes w: pA { w > 0 => I += w; _ => { I += w; } }
            }
            equations { d/dt V_m = -(V_m - E_L) / tau_m; }
            threshold V_m >= V_th;
            reset { V_m = E_L; }
            bound V_m >= E_L;
            refractory tau_m { hold V_m; defer V_m decay tau_m if on; }
        }
    "#;

    #[test]
    fn parses_every_section() {
        let m: ModelDef = syn::parse_str(SMALL).unwrap();
        assert_eq!(m.ident, "Leaky");
        assert_eq!(m.nest_name.value(), "leaky");
        assert_eq!(m.docs, vec!["A leaky integrator."]);
        assert_eq!(m.params.len(), 4);
        assert_eq!(m.params[0].docs, vec!["Time constant."]);
        assert_eq!(m.params[0].constraints.len(), 1);
        assert!(m.params[2].allow_inf);
        assert!(matches!(m.params[3].kind, ParamKind::Switch));
        assert_eq!(m.state.len(), 2);
        assert!(m.state[1].init.is_none());
        assert_eq!(m.currents.len(), 2);
        assert_eq!(m.currents[1].receptor, 1);
        assert!(m.currents[1].post.is_some());
        assert_eq!(m.spikes[0].arms.len(), 2);
        assert!(m.spikes[0].arms[1].cond.is_none());
        assert_eq!(m.equations[0].var, "V_m");
        assert!(m.threshold.is_some());
        assert_eq!(m.reset.len(), 1);
        assert_eq!(m.bounds.len(), 1);
        let r = m.refractory.unwrap();
        assert_eq!(r.holds.len(), 1);
        assert!(r.defer.is_some());
    }

    #[test]
    fn parses_a_partial_hold_and_a_recording_override() {
        let m: ModelDef = syn::parse_str(
            r#"pub X as "x" {
                refractory t_tot { hold V_m, U for t_abs; }
                recordables { override V_m: mV = V_m - E_L;  gap: mV = V_m; }
            }"#,
        )
        .unwrap();
        let r = m.refractory.unwrap();
        assert_eq!(r.holds.len(), 2);
        assert!(r.hold_for.is_some());
        assert_eq!(m.recordables.len(), 2);
        assert_eq!(m.overrides.len(), 1);
        assert_eq!(m.overrides[0], "V_m");
    }

    #[test]
    fn unknown_section_is_reported_at_its_name() {
        let err = syn::parse_str::<ModelDef>("pub X as \"x\" { paramters {} }")
            .err()
            .unwrap();
        assert!(err.to_string().contains("unknown section `paramters`"));
    }
}
