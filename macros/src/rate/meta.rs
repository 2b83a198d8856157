//! The metadata of a rate model: its equation and reason as text, the equation as a tree for the
//! audit, and the notes.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Kind, LEGACY, RateDef};
use crate::typecheck::Param;

/// The equation, the scheme's reason and the inputs, as text.
pub(super) fn text(kind: Kind) -> (&'static str, &'static str, &'static [&'static str]) {
    match kind {
        Kind::InputNoise => (
            "tau d(rate)/dt = -lambda rate + mu + input(h) + sqrt(tau) sigma xi(t)",
            "the linear part is integrated exactly over a step (stochastic exponential Euler; Euler–Maruyama when lambda = 0), the input and the nonlinearity are held at their values at the start of the step, and the noise has the exact variance of the integrated white noise",
            &[
                "rate_connection_instantaneous / rate_connection_delayed: weight >= 0 excitatory, < 0 inhibitory; h = delayed_ex + instant_ex + delayed_in + instant_in",
            ],
        ),
        Kind::OutputNoise => (
            "tau d(rate)/dt = -rate + mu + input(h); sent: rate + sqrt(tau/h) sigma xi",
            "the linear part is integrated exactly over a step with the input held at its value at the start of the step; the output noise is white noise held over a step",
            &[
                "rate_connection_instantaneous / rate_connection_delayed: weight >= 0 excitatory, < 0 inhibitory",
            ],
        ),
        Kind::Transformer => (
            "",
            "the output is the nonlinearity of the last step's input",
            &["rate_connection_instantaneous / rate_connection_delayed: all weights summed"],
        ),
        Kind::Siegert => (
            "tau d(rate)/dt = -rate + mean + Phi(mu, sigma2)",
            "exponential Euler with the Siegert transfer function Phi of the drift mu and diffusion sigma2 at the start of the step (mean first-passage rate of a LIF neuron with the colored-noise threshold shift of Fourcaud & Brunel 2002)",
            &["diffusion_connection: mu += drift_factor rate, sigma2 += diffusion_factor rate"],
        ),
    }
}

/// The deterministic right-hand side as an expression tree, and the equation's text (neither
/// for transformers).
pub(super) fn trees(
    kind: Kind,
    rt: &TokenStream,
    t_mu: &str,
    equation: &str,
) -> (TokenStream, TokenStream) {
    let name = |n: &str| quote!(#rt::MetaExpr::Name(#n));
    let bin = |op: char, a: TokenStream, b: TokenStream| quote!(#rt::MetaExpr::Bin(#op, &#a, &#b));
    let call = |f: &str, args: Vec<TokenStream>| quote!(#rt::MetaExpr::Call(#f, &[#(#args),*]));
    let decay = match kind {
        Kind::InputNoise => bin(
            '*',
            quote!(#rt::MetaExpr::Neg(&#rt::MetaExpr::Name("lambda"))),
            name("rate"),
        ),
        _ => quote!(#rt::MetaExpr::Neg(&#rt::MetaExpr::Name("rate"))),
    };
    let drive = match kind {
        Kind::Siegert => bin(
            '+',
            name("mean"),
            call("Phi", vec![name("mu"), name("sigma2")]),
        ),
        _ => bin('+', name(t_mu), call("input", vec![name("h")])),
    };
    let tree = bin('/', bin('+', decay, drive), name("tau"));
    let equation_trees = if kind == Kind::Transformer {
        quote!()
    } else {
        quote!(#rt::EquationMeta { state: "rate", text: #equation, rhs: #tree })
    };
    let equations = if kind == Kind::Transformer {
        quote!()
    } else {
        quote!(#equation)
    };
    (equation_trees, equations)
}

/// The model's notes: its own, NEST's legacy names, and how rate connections are exchanged.
pub(super) fn notes(
    def: &RateDef,
    kind: Kind,
    shared: &[(String, String)],
    params: &[Param],
) -> Vec<TokenStream> {
    let mut notes: Vec<TokenStream> = def
        .notes
        .iter()
        .map(|(n, t)| {
            let (n, t) = (n.to_string(), t.value());
            quote!((#n, #t))
        })
        .collect();
    for (name, legacy) in LEGACY {
        if shared.iter().any(|(n, _)| n == name) {
            let t = format!(
                "NEST's {legacy} is the rate dynamics' {name}, separate from the nonlinearity's {name}; setting {name} sets both, as in NEST"
            );
            notes.push(quote!((#legacy, #t)));
        } else if params.iter().any(|p| p.name == name) {
            let t = format!("NEST's former name of {name}; get and set accept it");
            notes.push(quote!((#legacy, #t)));
        }
    }
    if kind != Kind::Siegert {
        notes.push(quote!((
            "model",
            "Instantaneous rate connections act within the step, as NEST's waveform relaxation converged to its fixed point; rates are exchanged every step instead of iterated, so no wfr_tol applies. Noise draws come from per-neuron counter-based streams, not NEST's generator."
        )));
    }

    notes
}
