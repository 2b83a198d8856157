//! `synapse!`: plastic synapse models. A declaration names parameters (unit-checked like a
//! neuron's), per-synapse variables (traces decaying by a declared factor of the elapsed time
//! `dt`), and two rules: `on post`, run for each postsynaptic spike since the previous
//! presynaptic one, and `on pre`, run for each presynaptic spike, which may `send` a weight
//! other than `w`. The semantics are NEST's (models/stdp_synapse.h and its siblings): the
//! whole delay is dendritic, so a spike stamped `t` acts at the target at `t + d` and sees the
//! postsynaptic spikes in `(t_last - d, t - d]`.
//!
//! Stages as in the other macros: parse ([`parse`]), unit analysis of the parameters and the
//! rules ([`crate::typecheck::analyse_synapse`]), emission ([`emit`]).

use proc_macro2::TokenStream;

mod emit;
pub mod parse;

pub fn expand(input: TokenStream, rt: &TokenStream) -> syn::Result<TokenStream> {
    let def: parse::SynapseDef = syn::parse2(input)?;
    let mut errors = crate::typecheck::Errors::default();
    let params = crate::typecheck::analyse_own_params(&def.params, &[], &mut errors);
    let rules = crate::typecheck::analyse_synapse(&def, &params, &mut errors);
    errors.finish()?;
    let rules = rules.expect("errors reported");
    Ok(emit::emit(&def, &params, &rules, rt))
}
