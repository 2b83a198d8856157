//! NEST's neuron catalogue, each model written with saltatory's `neuron!` macro in a file of
//! its own; rate models with `rate_neuron!`, one file per nonlinearity with the models NEST
//! builds from it.

mod aeif_cond_alpha;
mod aeif_cond_exp;
mod aeif_psc_alpha;
mod aeif_psc_delta;
mod aeif_psc_exp;
mod gauss_rate;
mod hh_psc_alpha;
mod iaf_cond_alpha;
mod iaf_cond_exp;
mod iaf_psc_alpha;
mod iaf_psc_delta;
mod iaf_psc_exp;
mod izhikevich;
mod lif_adapt;
mod lin_rate;
mod siegert_neuron;
mod sigmoid_rate;
mod sigmoid_rate_gg_1998;
mod tanh_rate;
mod threshold_lin_rate;

pub use aeif_cond_alpha::*;
pub use aeif_cond_exp::*;
pub use aeif_psc_alpha::*;
pub use aeif_psc_delta::*;
pub use aeif_psc_exp::*;
pub use gauss_rate::*;
pub use hh_psc_alpha::*;
pub use iaf_cond_alpha::*;
pub use iaf_cond_exp::*;
pub use iaf_psc_alpha::*;
pub use iaf_psc_delta::*;
pub use iaf_psc_exp::*;
pub use izhikevich::*;
pub use lif_adapt::*;
pub use lin_rate::*;
pub use siegert_neuron::*;
pub use sigmoid_rate::*;
pub use sigmoid_rate_gg_1998::*;
pub use tanh_rate::*;
pub use threshold_lin_rate::*;

/// Metadata of every model in the catalogue.
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
    <LinRateIpn as saltatory_runtime::Model>::META,
    <LinRateOpn as saltatory_runtime::Model>::META,
    <TanhRateIpn as saltatory_runtime::Model>::META,
    <TanhRateOpn as saltatory_runtime::Model>::META,
    <SigmoidRateIpn as saltatory_runtime::Model>::META,
    <SigmoidRateGg1998Ipn as saltatory_runtime::Model>::META,
    <ThresholdLinRateIpn as saltatory_runtime::Model>::META,
    <ThresholdLinRateOpn as saltatory_runtime::Model>::META,
    <GaussRateIpn as saltatory_runtime::Model>::META,
    <RateTransformerLin as saltatory_runtime::Model>::META,
    <RateTransformerTanh as saltatory_runtime::Model>::META,
    <RateTransformerSigmoid as saltatory_runtime::Model>::META,
    <RateTransformerSigmoidGg1998 as saltatory_runtime::Model>::META,
    <RateTransformerThresholdLin as saltatory_runtime::Model>::META,
    <RateTransformerGauss as saltatory_runtime::Model>::META,
    <SiegertNeuron as saltatory_runtime::Model>::META,
];

/// The GPU kernel source of every model in [`ALL`], in the same order (`None` where the GPU path
/// cannot run the model yet: rate models).
pub const KERNELS: &[Option<&saltatory_runtime::KernelSource>] = &[
    <IafPscDelta as saltatory_runtime::Model>::KERNEL,
    <IafPscExp as saltatory_runtime::Model>::KERNEL,
    <IafPscAlpha as saltatory_runtime::Model>::KERNEL,
    <LifAdapt as saltatory_runtime::Model>::KERNEL,
    <IafCondExp as saltatory_runtime::Model>::KERNEL,
    <IafCondAlpha as saltatory_runtime::Model>::KERNEL,
    <AeifCondAlpha as saltatory_runtime::Model>::KERNEL,
    <AeifCondExp as saltatory_runtime::Model>::KERNEL,
    <AeifPscAlpha as saltatory_runtime::Model>::KERNEL,
    <AeifPscExp as saltatory_runtime::Model>::KERNEL,
    <AeifPscDelta as saltatory_runtime::Model>::KERNEL,
    <HhPscAlpha as saltatory_runtime::Model>::KERNEL,
    <Izhikevich as saltatory_runtime::Model>::KERNEL,
    <LinRateIpn as saltatory_runtime::Model>::KERNEL,
    <LinRateOpn as saltatory_runtime::Model>::KERNEL,
    <TanhRateIpn as saltatory_runtime::Model>::KERNEL,
    <TanhRateOpn as saltatory_runtime::Model>::KERNEL,
    <SigmoidRateIpn as saltatory_runtime::Model>::KERNEL,
    <SigmoidRateGg1998Ipn as saltatory_runtime::Model>::KERNEL,
    <ThresholdLinRateIpn as saltatory_runtime::Model>::KERNEL,
    <ThresholdLinRateOpn as saltatory_runtime::Model>::KERNEL,
    <GaussRateIpn as saltatory_runtime::Model>::KERNEL,
    <RateTransformerLin as saltatory_runtime::Model>::KERNEL,
    <RateTransformerTanh as saltatory_runtime::Model>::KERNEL,
    <RateTransformerSigmoid as saltatory_runtime::Model>::KERNEL,
    <RateTransformerSigmoidGg1998 as saltatory_runtime::Model>::KERNEL,
    <RateTransformerThresholdLin as saltatory_runtime::Model>::KERNEL,
    <RateTransformerGauss as saltatory_runtime::Model>::KERNEL,
    <SiegertNeuron as saltatory_runtime::Model>::KERNEL,
];
