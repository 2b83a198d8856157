//! NEST's neuron catalogue, each model written with saltatory's `neuron!` macro in a file of
//! its own.

mod aeif_cond_alpha;
mod aeif_cond_exp;
mod aeif_psc_alpha;
mod aeif_psc_delta;
mod aeif_psc_exp;
mod hh_psc_alpha;
mod iaf_cond_alpha;
mod iaf_cond_exp;
mod iaf_psc_alpha;
mod iaf_psc_delta;
mod iaf_psc_exp;
mod izhikevich;
mod lif_adapt;

pub use aeif_cond_alpha::*;
pub use aeif_cond_exp::*;
pub use aeif_psc_alpha::*;
pub use aeif_psc_delta::*;
pub use aeif_psc_exp::*;
pub use hh_psc_alpha::*;
pub use iaf_cond_alpha::*;
pub use iaf_cond_exp::*;
pub use iaf_psc_alpha::*;
pub use iaf_psc_delta::*;
pub use iaf_psc_exp::*;
pub use izhikevich::*;
pub use lif_adapt::*;

/// Metadata of every model in the catalogue.
pub const ALL: &[saltatory_runtime::ModelMeta] = &[
    <IafPscDelta as saltatory_runtime::Model>::META,
    <IafPscExp as saltatory_runtime::Model>::META,
    <IafPscAlpha as saltatory_runtime::Model>::META,
    <LifAdapt as saltatory_runtime::Model>::META,
    <IafCondExp as saltatory_runtime::Model>::META,
    <IafCondAlpha as saltatory_runtime::Model>::META,
    <AeifCondAlpha as saltatory_runtime::Model>::META,
    <AeifCondExp as saltatory_runtime::Model>::META,
    <AeifPscAlpha as saltatory_runtime::Model>::META,
    <AeifPscExp as saltatory_runtime::Model>::META,
    <AeifPscDelta as saltatory_runtime::Model>::META,
    <HhPscAlpha as saltatory_runtime::Model>::META,
    <Izhikevich as saltatory_runtime::Model>::META,
];
