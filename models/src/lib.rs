//! NEST's neuron catalogue, each model written with saltatory's `neuron!` macro in a file of
//! its own.

mod iaf_psc_alpha;
mod iaf_psc_delta;
mod iaf_psc_exp;
mod lif_adapt;

pub use iaf_psc_alpha::*;
pub use iaf_psc_delta::*;
pub use iaf_psc_exp::*;
pub use lif_adapt::*;

/// Metadata of every model in the catalogue.
pub const ALL: &[saltatory_runtime::ModelMeta] = &[
    <IafPscDelta as saltatory_runtime::Model>::META,
    <IafPscExp as saltatory_runtime::Model>::META,
    <IafPscAlpha as saltatory_runtime::Model>::META,
    <LifAdapt as saltatory_runtime::Model>::META,
];
