//! NEST's neuron catalogue, each model written with saltatory's `neuron!` macro in a file of
//! its own; binary neurons with `binary_neuron!`; rate models with `rate_neuron!`, one file per
//! nonlinearity with the models NEST builds from it.

/// The catalogue: every model file, and the models they declare, listed once. From this list
/// come the modules, [`ALL`], [`KERNELS`] and [`registry`].
macro_rules! catalogue {
    (
        files: $($file:ident),* ;
        spiking: $($spiking:ident),* ;
        binary: $($binary:ident),* ;
        rate: $($rate:ident),* ;
        synapses: $($synapse:ident),* ;
    ) => {
        $(mod $file; pub use $file::*;)*

        /// Metadata of every model in the catalogue.
        pub const ALL: &[saltatory_runtime::ModelMeta] = &[
            $(<$spiking as saltatory_runtime::Model>::META,)*
            $(<$binary as saltatory_runtime::Model>::META,)*
            $(<$rate as saltatory_runtime::Model>::META,)*
        ];

        /// The GPU kernel source of every model in [`ALL`], in the same order (`None` where the
        /// GPU path cannot run the model yet: binary and rate models).
        pub const KERNELS: &[Option<&saltatory_runtime::KernelSource>] = &[
            $(<$spiking as saltatory_runtime::Model>::KERNEL,)*
            $(<$binary as saltatory_runtime::Model>::KERNEL,)*
            $(<$rate as saltatory_runtime::Model>::KERNEL,)*
        ];

        /// Metadata of every synapse model declared with `synapse!`.
        pub const SYNAPSES: &[saltatory_runtime::plastic::SynapseMeta] = &[
            $(<$synapse as saltatory_runtime::plastic::SynapseModel>::META,)*
        ];

        /// A store of plastic synapses of the model NEST calls `name`, its parameters set by
        /// name over NEST's defaults and checked; add it with
        /// `Simulator::add_connection_store`.
        pub fn plastic_synapses(
            name: &str,
            params: &[(&str, saltatory_runtime::Value)],
        ) -> saltatory_runtime::Result<saltatory_runtime::store::StoreFactory> {
            let model = plastic_models()
                .into_iter()
                .find(|m| m.meta().name == name)
                .ok_or_else(|| saltatory_runtime::Error::UnknownName {
                    model: "registry",
                    kind: "synapse model",
                    name: name.to_string(),
                    known: SYNAPSES.iter().map(|m| m.name).collect::<Vec<_>>().join(", "),
                })?;
            model.with(params)?.factory()
        }

        /// Every synapse model declared with `synapse!`, with NEST's defaults.
        pub fn plastic_models() -> Vec<saltatory_runtime::plastic::PlasticModel> {
            vec![$(saltatory_runtime::plastic::PlasticModel::of::<$synapse>(),)*]
        }

        /// Every model of the catalogue as a registry entry, in the order of [`ALL`].
        pub fn entries() -> Vec<saltatory_runtime::ModelEntry> {
            vec![
                $(saltatory_runtime::ModelEntry::of::<$spiking>(Some($spiking::GENERATED_SOURCE)),)*
                $(saltatory_runtime::ModelEntry::of::<$binary>(None),)*
                $(saltatory_runtime::ModelEntry::of::<$rate>(None),)*
            ]
        }
    };
}

catalogue! {
    files:
        aeif_cond_alpha, aeif_cond_exp, aeif_psc_alpha, aeif_psc_delta, aeif_psc_exp,
        amat2_psc_exp, bernoulli_synapse, erfc_neuron, gauss_rate, ginzburg_neuron, hh_cond_exp_traub, hh_psc_alpha,
        iaf_cond_alpha, iaf_cond_beta, iaf_cond_exp, iaf_cond_exp_sfa_rr, iaf_psc_alpha,
        iaf_psc_delta, iaf_psc_exp, iaf_psc_exp_htum, izhikevich, lif_adapt, lin_rate, mat2_psc_exp,
        mcculloch_pitts_neuron, parrot_neuron, quantal_stp_synapse, siegert_neuron,
        static_synapse_hom_w, sigmoid_rate, sigmoid_rate_gg_1998,
        stdp_nn_pre_centered_synapse, stdp_nn_restr_synapse, stdp_nn_symm_synapse, stdp_pl_synapse_hom,
        static_synapse_lbl, stdp_synapse, stdp_triplet_synapse, tanh_rate, threshold_lin_rate,
        tsodyks2_synapse, tsodyks_synapse, tsodyks_synapse_hom, vogels_sprekeler_synapse;
    spiking:
        IafPscDelta, IafPscExp, IafPscExpHtum, IafPscAlpha, LifAdapt, Mat2PscExp, Amat2PscExp, IafCondExp,
        IafCondAlpha, IafCondBeta, IafCondExpSfaRr, AeifCondAlpha, AeifCondExp, AeifPscAlpha,
        AeifPscExp, AeifPscDelta, HhPscAlpha, HhCondExpTraub, Izhikevich, ParrotNeuron;
    binary:
        MccullochPittsNeuron, GinzburgNeuron, ErfcNeuron;
    rate:
        LinRateIpn, LinRateOpn, TanhRateIpn, TanhRateOpn, SigmoidRateIpn, SigmoidRateGg1998Ipn,
        ThresholdLinRateIpn, ThresholdLinRateOpn, GaussRateIpn, RateTransformerLin,
        RateTransformerTanh, RateTransformerSigmoid, RateTransformerSigmoidGg1998,
        RateTransformerThresholdLin, RateTransformerGauss, SiegertNeuron;
    synapses:
        StdpSynapse, StdpPlSynapseHom, StdpTripletSynapse, StdpNnSymmSynapse,
        StdpNnPreCenteredSynapse, StdpNnRestrSynapse, VogelsSprekelerSynapse, TsodyksSynapse,
        Tsodyks2Synapse, QuantalStpSynapse, BernoulliSynapse, TsodyksSynapseHom,
        StaticSynapseHomW, StaticSynapseLbl;
}

/// Every model of the catalogue by NEST name (create by name, CopyModel, SetDefaults).
pub fn registry() -> saltatory_runtime::Registry {
    let mut registry = saltatory_runtime::Registry::new(entries());
    for model in plastic_models() {
        let name = model.meta().name;
        if name.ends_with("_lbl") {
            // static_synapse_lbl: the labelled twin of the built-in static_synapse.
            registry.register_synapse(model.labelled(), &[name]);
            continue;
        }
        // A store's parameters are shared by its synapses, so `stdp_synapse_hom` is
        // `stdp_synapse`; the `_hpc` variants are NEST's compact storage of the same model,
        // the `_lbl` ones carry a `synapse_label`.
        let hom = (name == "stdp_synapse").then_some("stdp_synapse_hom");
        let mut names = vec![name.to_string(), format!("{name}_hpc")];
        names.extend(hom.iter().flat_map(|h| [h.to_string(), format!("{h}_hpc")]));
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        registry.register_synapse(model.clone(), &names);
        let labelled: Vec<String> = [Some(name), hom]
            .iter()
            .flatten()
            .map(|n| format!("{n}_lbl"))
            .collect();
        let labelled: Vec<&str> = labelled.iter().map(String::as_str).collect();
        registry.register_synapse(model.labelled(), &labelled);
    }
    registry
}
