/// Leaky integrate-and-fire neuron with alpha-shaped postsynaptic currents (NEST: iaf_psc_alpha).
/// A weight w (pA) gives a current peaking at w after tau_syn; w > 0 excitatory, else inhibitory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IafPscAlpha;
#[doc = concat!(
    " Parameters of [`", stringify!(IafPscAlpha),
    "`] (NEST names; values in NEST's units)."
)]
#[allow(non_snake_case)]
#[derive(Clone, Debug, PartialEq)]
pub struct IafPscAlphaParams {
    ///  [mV, default -70 mV]
    pub E_L: ::saltatory_runtime::Voltage,
    ///  [pF, default 250 pF]
    pub C_m: ::saltatory_runtime::Capacitance,
    ///  [ms, default 10 ms]
    pub tau_m: ::saltatory_runtime::Time,
    ///  [ms, default 2 ms]
    pub t_ref: ::saltatory_runtime::Time,
    ///  [mV, default -55 mV]
    pub V_th: ::saltatory_runtime::Voltage,
    ///  [mV, default -70 mV]
    pub V_reset: ::saltatory_runtime::Voltage,
    ///  [ms, default 2 ms]
    pub tau_syn_ex: ::saltatory_runtime::Time,
    ///  [ms, default 2 ms]
    pub tau_syn_in: ::saltatory_runtime::Time,
    ///  [pA, default 0 pA]
    pub I_e: ::saltatory_runtime::Current,
    ///  [mV, default -inf mV]
    pub V_min: ::saltatory_runtime::Voltage,
    /// Time constant of the post-synaptic trace that STDP synapses read. [ms, default 20 ms]
    pub tau_minus: ::saltatory_runtime::Time,
    /// Time constant of the slow post-synaptic trace of triplet STDP. [ms, default 110 ms]
    pub tau_minus_triplet: ::saltatory_runtime::Time,
    ///  [bool, default false] Not supported by saltatory yet: only the default is accepted.
    pub ignore_and_spike: bool,
    ///  [ms, default 100 ms] Not supported by saltatory yet: only the default is accepted.
    pub ignore_and_spike_interval: ::saltatory_runtime::Time,
    ///  [ms, default 1 ms] Not supported by saltatory yet: only the default is accepted.
    pub ignore_and_spike_offset: ::saltatory_runtime::Time,
}
impl Default for IafPscAlphaParams {
    fn default() -> Self {
        Self {
            E_L: ::saltatory_runtime::Voltage::new(-70.0),
            C_m: ::saltatory_runtime::Capacitance::new(250.0),
            tau_m: ::saltatory_runtime::Time::new(10.0),
            t_ref: ::saltatory_runtime::Time::new(2.0),
            V_th: ::saltatory_runtime::Voltage::new(-55.0),
            V_reset: ::saltatory_runtime::Voltage::new(-70.0),
            tau_syn_ex: ::saltatory_runtime::Time::new(2.0),
            tau_syn_in: ::saltatory_runtime::Time::new(2.0),
            I_e: ::saltatory_runtime::Current::new(0.0),
            V_min: ::saltatory_runtime::Voltage::new(f64::NEG_INFINITY),
            tau_minus: ::saltatory_runtime::Time::new(20.0),
            tau_minus_triplet: ::saltatory_runtime::Time::new(110.0),
            ignore_and_spike: false,
            ignore_and_spike_interval: ::saltatory_runtime::Time::new(100.0),
            ignore_and_spike_offset: ::saltatory_runtime::Time::new(1.0),
        }
    }
}
impl ::saltatory_runtime::Parameters for IafPscAlphaParams {
    const MODEL: &'static str = "iaf_psc_alpha";
    const PARAMS: &'static [::saltatory_runtime::ParamMeta] = <IafPscAlpha as ::saltatory_runtime::Model>::META
        .params;
    fn slot(&self, k: usize) -> f64 {
        match k {
            0 => self.E_L.value(),
            1 => self.C_m.value(),
            2 => self.tau_m.value(),
            3 => self.t_ref.value(),
            4 => self.V_th.value(),
            5 => self.V_reset.value(),
            6 => self.tau_syn_ex.value(),
            7 => self.tau_syn_in.value(),
            8 => self.I_e.value(),
            9 => self.V_min.value(),
            10 => self.tau_minus.value(),
            11 => self.tau_minus_triplet.value(),
            12 => if self.ignore_and_spike { 1.0 } else { 0.0 }
            13 => self.ignore_and_spike_interval.value(),
            14 => self.ignore_and_spike_offset.value(),
            _ => f64::NAN,
        }
    }
    fn set_slot(&mut self, k: usize, value: f64) {
        match k {
            0 => self.E_L = ::saltatory_runtime::Voltage::new(value),
            1 => self.C_m = ::saltatory_runtime::Capacitance::new(value),
            2 => self.tau_m = ::saltatory_runtime::Time::new(value),
            3 => self.t_ref = ::saltatory_runtime::Time::new(value),
            4 => self.V_th = ::saltatory_runtime::Voltage::new(value),
            5 => self.V_reset = ::saltatory_runtime::Voltage::new(value),
            6 => self.tau_syn_ex = ::saltatory_runtime::Time::new(value),
            7 => self.tau_syn_in = ::saltatory_runtime::Time::new(value),
            8 => self.I_e = ::saltatory_runtime::Current::new(value),
            9 => self.V_min = ::saltatory_runtime::Voltage::new(value),
            10 => self.tau_minus = ::saltatory_runtime::Time::new(value),
            11 => self.tau_minus_triplet = ::saltatory_runtime::Time::new(value),
            12 => self.ignore_and_spike = value != 0.0,
            13 => self.ignore_and_spike_interval = ::saltatory_runtime::Time::new(value),
            14 => self.ignore_and_spike_offset = ::saltatory_runtime::Time::new(value),
            _ => {}
        }
    }
}
#[doc = concat!(
    " State of a population of [`", stringify!(IafPscAlpha),
    "`], one column per variable."
)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IafPscAlphaState {
    /// The declared state variables and recordables.
    pub vars: IafPscAlphaStateVars,
    /// The kernel's own columns (latched inputs, refractory counter, carried step).
    pub kernel: IafPscAlphaKernelColumns,
}
#[doc = concat!(
    " Declared state of [`", stringify!(IafPscAlpha), "`], one entry per neuron."
)]
#[allow(non_snake_case)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IafPscAlphaStateVars {
    ///  [mV], one entry per neuron.
    pub V_m: ::saltatory_runtime::__private::Vec<f64>,
    ///  [pA], one entry per neuron.
    pub I_syn_ex: ::saltatory_runtime::__private::Vec<f64>,
    ///  [pA / ms], one entry per neuron.
    pub dI_syn_ex: ::saltatory_runtime::__private::Vec<f64>,
    ///  [pA], one entry per neuron.
    pub I_syn_in: ::saltatory_runtime::__private::Vec<f64>,
    ///  [pA / ms], one entry per neuron.
    pub dI_syn_in: ::saltatory_runtime::__private::Vec<f64>,
}
#[doc = concat!(
    " The update's own state of [`", stringify!(IafPscAlpha), "`], one entry per neuron."
)]
#[allow(non_snake_case)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IafPscAlphaKernelColumns {
    /// Input `I_stim` [pA] latched at the end of the previous step.
    pub latched_I_stim: ::saltatory_runtime::__private::Vec<f64>,
    /// Refractory steps left.
    pub refractory_steps_left: ::saltatory_runtime::__private::Vec<u32>,
}
impl ::saltatory_runtime::StateColumns for IafPscAlphaState {
    fn empty() -> Self {
        Self::default()
    }
    #[allow(non_snake_case, unused_variables)]
    fn push_initial(&mut self) {
        let params = IafPscAlphaParams::default();
        let m_E_L = params.E_L.value();
        let m_C_m = params.C_m.value();
        let m_tau_m = params.tau_m.value();
        let m_t_ref = params.t_ref.value();
        let m_V_th = params.V_th.value();
        let m_V_reset = params.V_reset.value();
        let m_tau_syn_ex = params.tau_syn_ex.value();
        let m_tau_syn_in = params.tau_syn_in.value();
        let m_I_e = params.I_e.value();
        let m_V_min = params.V_min.value();
        let m_tau_minus = params.tau_minus.value();
        let m_tau_minus_triplet = params.tau_minus_triplet.value();
        self.vars.V_m.push(m_E_L);
        self.vars.I_syn_ex.push(0.0);
        self.vars.dI_syn_ex.push(0.0);
        self.vars.I_syn_in.push(0.0);
        self.vars.dI_syn_in.push(0.0);
        self.kernel.latched_I_stim.push(0.0);
        self.kernel.refractory_steps_left.push(0);
    }
    fn len(&self) -> usize {
        self.vars.V_m.len()
    }
    fn get(&self, var: usize, i: usize) -> f64 {
        match var {
            0 => self.vars.V_m[i],
            1 => self.vars.I_syn_ex[i],
            2 => self.vars.dI_syn_ex[i],
            3 => self.vars.I_syn_in[i],
            4 => self.vars.dI_syn_in[i],
            _ => f64::NAN,
        }
    }
    fn set(&mut self, var: usize, i: usize, value: f64) {
        match var {
            0 => self.vars.V_m[i] = value,
            1 => self.vars.I_syn_ex[i] = value,
            2 => self.vars.dI_syn_ex[i] = value,
            3 => self.vars.I_syn_in[i] = value,
            4 => self.vars.dI_syn_in[i] = value,
            _ => {}
        }
    }
}
#[doc = concat!(
    " Constants of one step of [`", stringify!(IafPscAlpha),
    "`] for one parameter set and resolution."
)]
#[derive(Clone, Debug, PartialEq)]
pub struct IafPscAlphaCalibrated {
    /// The parameters, in their declared units.
    pub params: IafPscAlphaCalibratedParams,
    /// What the update computes from them once (propagators, coefficients, counts).
    pub step: IafPscAlphaStepConstants,
}
#[doc = concat!(
    " Parameters of [`", stringify!(IafPscAlpha), "`] as the update reads them."
)]
#[allow(non_snake_case)]
#[derive(Clone, Debug, PartialEq)]
pub struct IafPscAlphaCalibratedParams {
    /// `E_L` in mV.
    pub E_L: f64,
    /// `C_m` in pF.
    pub C_m: f64,
    /// `tau_m` in ms.
    pub tau_m: f64,
    /// `t_ref` in ms.
    pub t_ref: f64,
    /// `V_th` in mV.
    pub V_th: f64,
    /// `V_reset` in mV.
    pub V_reset: f64,
    /// `tau_syn_ex` in ms.
    pub tau_syn_ex: f64,
    /// `tau_syn_in` in ms.
    pub tau_syn_in: f64,
    /// `I_e` in pA.
    pub I_e: f64,
    /// `V_min` in mV.
    pub V_min: f64,
    /// `tau_minus` in ms.
    pub tau_minus: f64,
    /// `tau_minus_triplet` in ms.
    pub tau_minus_triplet: f64,
}
#[doc = concat!(
    " Constants the update of [`", stringify!(IafPscAlpha),
    "`] computes from the parameters."
)]
#[allow(non_snake_case)]
#[derive(Clone, Debug, PartialEq)]
pub struct IafPscAlphaStepConstants {
    /// Resolution in ms.
    pub h: f64,
    /// Propagator: rows are state variables, columns the augmented system (state, 1, inputs).
    pub P: [[f64; 7]; 5],
    /// Jump per unit weight into `dI_syn_ex`.
    pub jump_0: f64,
    /// Jump per unit weight into `dI_syn_in`.
    pub jump_1: f64,
    /// Refractory period in whole steps (NEST's rounding).
    pub refractory_steps: u32,
    /// Propagator used while refractory (held rows frozen).
    pub P_refr: [[f64; 7]; 5],
}
impl ::saltatory_runtime::Model for IafPscAlpha {
    type Params = IafPscAlphaParams;
    type State = IafPscAlphaState;
    type Calibrated = IafPscAlphaCalibrated;
    const N_CHANNELS: usize = 3;
    const META: ::saltatory_runtime::ModelMeta = ::saltatory_runtime::ModelMeta {
        name: "iaf_psc_alpha",
        rust_name: "IafPscAlpha",
        doc: "Leaky integrate-and-fire neuron with alpha-shaped postsynaptic currents (NEST: iaf_psc_alpha).\nA weight w (pA) gives a current peaking at w after tau_syn; w > 0 excitatory, else inhibitory.",
        params: &[
            ::saltatory_runtime::ParamMeta {
                name: "E_L",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("mV"),
                default: ::saltatory_runtime::Value::Number(-70.0),
                constraint: "",
                doc: "",
                supported: true,
                allow_inf: false,
                bounds: &[],
            },
            ::saltatory_runtime::ParamMeta {
                name: "C_m",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("pF"),
                default: ::saltatory_runtime::Value::Number(250.0),
                constraint: "> 0",
                doc: "",
                supported: true,
                allow_inf: false,
                bounds: &[
                    ::saltatory_runtime::Bound {
                        cmp: ::saltatory_runtime::Comparison::Gt,
                        rhs: ::saltatory_runtime::ParamExpr::Num(0.0),
                        text: "> 0",
                    },
                ],
            },
            ::saltatory_runtime::ParamMeta {
                name: "tau_m",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("ms"),
                default: ::saltatory_runtime::Value::Number(10.0),
                constraint: "> 0",
                doc: "",
                supported: true,
                allow_inf: false,
                bounds: &[
                    ::saltatory_runtime::Bound {
                        cmp: ::saltatory_runtime::Comparison::Gt,
                        rhs: ::saltatory_runtime::ParamExpr::Num(0.0),
                        text: "> 0",
                    },
                ],
            },
            ::saltatory_runtime::ParamMeta {
                name: "t_ref",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("ms"),
                default: ::saltatory_runtime::Value::Number(2.0),
                constraint: ">= 0",
                doc: "",
                supported: true,
                allow_inf: false,
                bounds: &[
                    ::saltatory_runtime::Bound {
                        cmp: ::saltatory_runtime::Comparison::Ge,
                        rhs: ::saltatory_runtime::ParamExpr::Num(0.0),
                        text: ">= 0",
                    },
                ],
            },
            ::saltatory_runtime::ParamMeta {
                name: "V_th",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("mV"),
                default: ::saltatory_runtime::Value::Number(-55.0),
                constraint: "may be infinite",
                doc: "",
                supported: true,
                allow_inf: true,
                bounds: &[],
            },
            ::saltatory_runtime::ParamMeta {
                name: "V_reset",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("mV"),
                default: ::saltatory_runtime::Value::Number(-70.0),
                constraint: "< V_th",
                doc: "",
                supported: true,
                allow_inf: false,
                bounds: &[
                    ::saltatory_runtime::Bound {
                        cmp: ::saltatory_runtime::Comparison::Lt,
                        rhs: ::saltatory_runtime::ParamExpr::Param(4),
                        text: "< V_th",
                    },
                ],
            },
            ::saltatory_runtime::ParamMeta {
                name: "tau_syn_ex",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("ms"),
                default: ::saltatory_runtime::Value::Number(2.0),
                constraint: "> 0",
                doc: "",
                supported: true,
                allow_inf: false,
                bounds: &[
                    ::saltatory_runtime::Bound {
                        cmp: ::saltatory_runtime::Comparison::Gt,
                        rhs: ::saltatory_runtime::ParamExpr::Num(0.0),
                        text: "> 0",
                    },
                ],
            },
            ::saltatory_runtime::ParamMeta {
                name: "tau_syn_in",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("ms"),
                default: ::saltatory_runtime::Value::Number(2.0),
                constraint: "> 0",
                doc: "",
                supported: true,
                allow_inf: false,
                bounds: &[
                    ::saltatory_runtime::Bound {
                        cmp: ::saltatory_runtime::Comparison::Gt,
                        rhs: ::saltatory_runtime::ParamExpr::Num(0.0),
                        text: "> 0",
                    },
                ],
            },
            ::saltatory_runtime::ParamMeta {
                name: "I_e",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("pA"),
                default: ::saltatory_runtime::Value::Number(0.0),
                constraint: "",
                doc: "",
                supported: true,
                allow_inf: false,
                bounds: &[],
            },
            ::saltatory_runtime::ParamMeta {
                name: "V_min",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("mV"),
                default: ::saltatory_runtime::Value::Number(f64::NEG_INFINITY),
                constraint: "may be infinite",
                doc: "",
                supported: true,
                allow_inf: true,
                bounds: &[],
            },
            ::saltatory_runtime::ParamMeta {
                name: "tau_minus",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("ms"),
                default: ::saltatory_runtime::Value::Number(20.0),
                constraint: "> 0",
                doc: "Time constant of the post-synaptic trace that STDP synapses read.",
                supported: true,
                allow_inf: false,
                bounds: &[
                    ::saltatory_runtime::Bound {
                        cmp: ::saltatory_runtime::Comparison::Gt,
                        rhs: ::saltatory_runtime::ParamExpr::Num(0.0),
                        text: "> 0",
                    },
                ],
            },
            ::saltatory_runtime::ParamMeta {
                name: "tau_minus_triplet",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("ms"),
                default: ::saltatory_runtime::Value::Number(110.0),
                constraint: "> 0",
                doc: "Time constant of the slow post-synaptic trace of triplet STDP.",
                supported: true,
                allow_inf: false,
                bounds: &[
                    ::saltatory_runtime::Bound {
                        cmp: ::saltatory_runtime::Comparison::Gt,
                        rhs: ::saltatory_runtime::ParamExpr::Num(0.0),
                        text: "> 0",
                    },
                ],
            },
            ::saltatory_runtime::ParamMeta {
                name: "ignore_and_spike",
                unit: ::saltatory_runtime::units::DeclaredUnit::SWITCH,
                default: ::saltatory_runtime::Value::Switch(false),
                constraint: "",
                doc: "",
                supported: false,
                allow_inf: false,
                bounds: &[],
            },
            ::saltatory_runtime::ParamMeta {
                name: "ignore_and_spike_interval",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("ms"),
                default: ::saltatory_runtime::Value::Number(100.0),
                constraint: "",
                doc: "",
                supported: false,
                allow_inf: false,
                bounds: &[],
            },
            ::saltatory_runtime::ParamMeta {
                name: "ignore_and_spike_offset",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("ms"),
                default: ::saltatory_runtime::Value::Number(1.0),
                constraint: "",
                doc: "",
                supported: false,
                allow_inf: false,
                bounds: &[],
            },
        ],
        state: &[
            ::saltatory_runtime::StateMeta {
                name: "V_m",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("mV"),
                initial: "E_L",
                initial_value: -70.0,
                doc: "",
            },
            ::saltatory_runtime::StateMeta {
                name: "I_syn_ex",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("pA"),
                initial: "0",
                initial_value: 0.0,
                doc: "",
            },
            ::saltatory_runtime::StateMeta {
                name: "dI_syn_ex",
                unit: ::saltatory_runtime::units::DeclaredUnit::new(
                    "pA / ms",
                    ::saltatory_runtime::units::Unit::new([0, 0, -1, 1, 0, 0, 0], -9),
                ),
                initial: "0",
                initial_value: 0.0,
                doc: "",
            },
            ::saltatory_runtime::StateMeta {
                name: "I_syn_in",
                unit: ::saltatory_runtime::units::DeclaredUnit::symbol("pA"),
                initial: "0",
                initial_value: 0.0,
                doc: "",
            },
            ::saltatory_runtime::StateMeta {
                name: "dI_syn_in",
                unit: ::saltatory_runtime::units::DeclaredUnit::new(
                    "pA / ms",
                    ::saltatory_runtime::units::Unit::new([0, 0, -1, 1, 0, 0, 0], -9),
                ),
                initial: "0",
                initial_value: 0.0,
                doc: "",
            },
        ],
        inputs: &[
            "spikes w: pA on receptor 0: w > 0 => dI_syn_ex += e / tau_syn_ex * w; _ => dI_syn_in += e / tau_syn_in * w;",
            "current I_stim: pA on receptor 0",
        ],
        definitions: &[],
        equations: &[
            "d/dt V_m = -(V_m - E_L) / tau_m + (I_syn_ex + I_syn_in + I_e + I_stim) / C_m",
            "d/dt I_syn_ex = dI_syn_ex - I_syn_ex / tau_syn_ex",
            "d/dt dI_syn_ex = -dI_syn_ex / tau_syn_ex",
            "d/dt I_syn_in = dI_syn_in - I_syn_in / tau_syn_in",
            "d/dt dI_syn_in = -dI_syn_in / tau_syn_in",
        ],
        equation_trees: &[
            ::saltatory_runtime::EquationMeta {
                state: "V_m",
                text: "d/dt V_m = -(V_m - E_L) / tau_m + (I_syn_ex + I_syn_in + I_e + I_stim) / C_m",
                rhs: ::saltatory_runtime::MetaExpr::Bin(
                    '+',
                    &::saltatory_runtime::MetaExpr::Bin(
                        '/',
                        &::saltatory_runtime::MetaExpr::Neg(
                            &::saltatory_runtime::MetaExpr::Bin(
                                '-',
                                &::saltatory_runtime::MetaExpr::Name("V_m"),
                                &::saltatory_runtime::MetaExpr::Name("E_L"),
                            ),
                        ),
                        &::saltatory_runtime::MetaExpr::Name("tau_m"),
                    ),
                    &::saltatory_runtime::MetaExpr::Bin(
                        '/',
                        &::saltatory_runtime::MetaExpr::Bin(
                            '+',
                            &::saltatory_runtime::MetaExpr::Bin(
                                '+',
                                &::saltatory_runtime::MetaExpr::Bin(
                                    '+',
                                    &::saltatory_runtime::MetaExpr::Name("I_syn_ex"),
                                    &::saltatory_runtime::MetaExpr::Name("I_syn_in"),
                                ),
                                &::saltatory_runtime::MetaExpr::Name("I_e"),
                            ),
                            &::saltatory_runtime::MetaExpr::Name("I_stim"),
                        ),
                        &::saltatory_runtime::MetaExpr::Name("C_m"),
                    ),
                ),
            },
            ::saltatory_runtime::EquationMeta {
                state: "I_syn_ex",
                text: "d/dt I_syn_ex = dI_syn_ex - I_syn_ex / tau_syn_ex",
                rhs: ::saltatory_runtime::MetaExpr::Bin(
                    '-',
                    &::saltatory_runtime::MetaExpr::Name("dI_syn_ex"),
                    &::saltatory_runtime::MetaExpr::Bin(
                        '/',
                        &::saltatory_runtime::MetaExpr::Name("I_syn_ex"),
                        &::saltatory_runtime::MetaExpr::Name("tau_syn_ex"),
                    ),
                ),
            },
            ::saltatory_runtime::EquationMeta {
                state: "dI_syn_ex",
                text: "d/dt dI_syn_ex = -dI_syn_ex / tau_syn_ex",
                rhs: ::saltatory_runtime::MetaExpr::Bin(
                    '/',
                    &::saltatory_runtime::MetaExpr::Neg(
                        &::saltatory_runtime::MetaExpr::Name("dI_syn_ex"),
                    ),
                    &::saltatory_runtime::MetaExpr::Name("tau_syn_ex"),
                ),
            },
            ::saltatory_runtime::EquationMeta {
                state: "I_syn_in",
                text: "d/dt I_syn_in = dI_syn_in - I_syn_in / tau_syn_in",
                rhs: ::saltatory_runtime::MetaExpr::Bin(
                    '-',
                    &::saltatory_runtime::MetaExpr::Name("dI_syn_in"),
                    &::saltatory_runtime::MetaExpr::Bin(
                        '/',
                        &::saltatory_runtime::MetaExpr::Name("I_syn_in"),
                        &::saltatory_runtime::MetaExpr::Name("tau_syn_in"),
                    ),
                ),
            },
            ::saltatory_runtime::EquationMeta {
                state: "dI_syn_in",
                text: "d/dt dI_syn_in = -dI_syn_in / tau_syn_in",
                rhs: ::saltatory_runtime::MetaExpr::Bin(
                    '/',
                    &::saltatory_runtime::MetaExpr::Neg(
                        &::saltatory_runtime::MetaExpr::Name("dI_syn_in"),
                    ),
                    &::saltatory_runtime::MetaExpr::Name("tau_syn_in"),
                ),
            },
        ],
        reset_trees: &[
            ::saltatory_runtime::AssignMeta {
                target: "V_m",
                op: "=",
                value: ::saltatory_runtime::MetaExpr::Name("V_reset"),
            },
        ],
        notes: &[],
        threshold: "V_m >= V_th",
        reset: &["V_m = V_reset", "bound V_m >= V_min"],
        refractory: "refractory for t_ref: hold V_m",
        scheme: ::saltatory_runtime::Scheme::ExactPropagator,
        scheme_reason: "every right-hand side is affine in the state and inputs with coefficients built from parameters only, so the step is the exact matrix exponential of the augmented system",
    };
    #[allow(non_snake_case, unused_variables, unused_mut)]
    fn calibrate(
        params: &IafPscAlphaParams,
        grid: &::saltatory_runtime::Grid,
    ) -> ::saltatory_runtime::Result<IafPscAlphaCalibrated> {
        <IafPscAlphaParams as ::saltatory_runtime::Parameters>::validate(params)?;
        let h = grid.h();
        let m_E_L = params.E_L.value();
        let m_C_m = params.C_m.value();
        let m_tau_m = params.tau_m.value();
        let m_t_ref = params.t_ref.value();
        let m_V_th = params.V_th.value();
        let m_V_reset = params.V_reset.value();
        let m_tau_syn_ex = params.tau_syn_ex.value();
        let m_tau_syn_in = params.tau_syn_in.value();
        let m_I_e = params.I_e.value();
        let m_V_min = params.V_min.value();
        let m_tau_minus = params.tau_minus.value();
        let m_tau_minus_triplet = params.tau_minus_triplet.value();
        let mut system = ::saltatory_runtime::__private::Matrix::zeros(7);
        system.set(0, 0, -(1.0 / m_tau_m));
        system.set(0, 1, 1.0 / m_C_m);
        system.set(0, 3, 1.0 / m_C_m);
        system.set(0, 5, m_E_L / m_tau_m + m_I_e / m_C_m);
        system.set(0, 6, 1.0 / m_C_m);
        system.set(1, 1, -(1.0 / m_tau_syn_ex));
        system.set(1, 2, 1.0);
        system.set(2, 2, -(1.0 / m_tau_syn_ex));
        system.set(3, 3, -(1.0 / m_tau_syn_in));
        system.set(3, 4, 1.0);
        system.set(4, 4, -(1.0 / m_tau_syn_in));
        let full = ::saltatory_runtime::__private::expm_scaled(&system, h);
        let mut P = [[0.0; 7]; 5];
        for (i, row) in P.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = full.get(i, j);
            }
        }
        for row in [0] {
            for col in 0..7 {
                system.set(row, col, 0.0);
            }
        }
        let held = ::saltatory_runtime::__private::expm_scaled(&system, h);
        let mut P_refr = [[0.0; 7]; 5];
        for (i, row) in P_refr.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = held.get(i, j);
            }
        }
        let refractory_steps = grid.steps_ceil(m_t_ref) as u32;
        Ok(IafPscAlphaCalibrated {
            params: IafPscAlphaCalibratedParams {
                E_L: m_E_L,
                C_m: m_C_m,
                tau_m: m_tau_m,
                t_ref: m_t_ref,
                V_th: m_V_th,
                V_reset: m_V_reset,
                tau_syn_ex: m_tau_syn_ex,
                tau_syn_in: m_tau_syn_in,
                I_e: m_I_e,
                V_min: m_V_min,
                tau_minus: m_tau_minus,
                tau_minus_triplet: m_tau_minus_triplet,
            },
            step: IafPscAlphaStepConstants {
                h,
                P,
                jump_0: ::saltatory_runtime::__private::finite_coefficient(
                    ::core::f64::consts::E / m_tau_syn_ex,
                    "iaf_psc_alpha",
                    "coefficient of the spike rule into `dI_syn_ex`",
                )?,
                jump_1: ::saltatory_runtime::__private::finite_coefficient(
                    ::core::f64::consts::E / m_tau_syn_in,
                    "iaf_psc_alpha",
                    "coefficient of the spike rule into `dI_syn_in`",
                )?,
                refractory_steps,
                P_refr,
            },
        })
    }
    fn spike_channel(
        _params: &Self::Params,
        receptor: usize,
        weight: f64,
    ) -> ::saltatory_runtime::Result<usize> {
        if receptor == 0 {
            if weight > 0.0 {
                return Ok(0);
            }
            return Ok(1);
        }
        Err(::saltatory_runtime::Error::UnknownReceptor {
            model: "iaf_psc_alpha",
            kind: "spike",
            receptor,
            available: "[0]".into(),
        })
    }
    fn current_channel(
        _params: &Self::Params,
        receptor: usize,
    ) -> ::saltatory_runtime::Result<usize> {
        if receptor == 0 {
            return Ok(2);
        }
        Err(::saltatory_runtime::Error::UnknownReceptor {
            model: "iaf_psc_alpha",
            kind: "current",
            receptor,
            available: "[0]".into(),
        })
    }
    const KERNEL: ::core::option::Option<&'static ::saltatory_runtime::KernelSource> = Some(
        &::saltatory_runtime::KernelSource {
            model: "iaf_psc_alpha",
            entry: "saltatory_iaf_psc_alpha_update",
            source: "// Update of NEST's iaf_psc_alpha for saltatory's GPU path, generated by neuron!: one thread per neuron.\n#ifndef SALTATORY_PRELUDE\n#define SALTATORY_PRELUDE\n#ifdef __CUDACC__\n#define SAL_INF __longlong_as_double(0x7ff0000000000000LL)\n#else\n#define SAL_INF HUGE_VAL\n#endif\n// The arithmetic type: double (the default, as the CPU path) or float (-DSAL_REAL=float).\n#ifndef SAL_REAL\n#define SAL_REAL double\n#endif\ntypedef SAL_REAL sal_real;\n// GSL's step control starts from the smallest positive normal number (DBL_MIN).\n#ifndef SAL_MIN_POSITIVE\n#define SAL_MIN_POSITIVE 2.2250738585072014e-308\n#endif\n#endif\n\nstruct SalCal_iaf_psc_alpha {\n    double m_E_L;\n    double m_C_m;\n    double m_tau_m;\n    double m_t_ref;\n    double m_V_th;\n    double m_V_reset;\n    double m_tau_syn_ex;\n    double m_tau_syn_in;\n    double m_I_e;\n    double m_V_min;\n    double m_tau_minus;\n    double m_tau_minus_triplet;\n    double h;\n    double P[5][7];\n    double jump_0;\n    double jump_1;\n    double refractory_steps;\n    double P_refr[5][7];\n};\n\nextern \"C\" __global__ void saltatory_iaf_psc_alpha_update(unsigned int n, const double* cals, const unsigned int* group_of,\n    double* state, double* inputs, unsigned int* spikes, unsigned int* failure) {\n    const unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;\n    if (i >= n) return;\n    const SalCal_iaf_psc_alpha& cal = *reinterpret_cast<const SalCal_iaf_psc_alpha*>(cals + (unsigned long long)group_of[i] * 86);\n    const sal_real grid_h = (sal_real)cal.h;\n    (void)grid_h;\n    (void)state;\n    double* inp = inputs + (unsigned long long)i * 3;\n    failure[i] = 0;\n    spikes[i] = 0;\n    sal_real m_V_m = (sal_real)state[0ull * n + i];\n    sal_real m_I_syn_ex = (sal_real)state[1ull * n + i];\n    sal_real m_dI_syn_ex = (sal_real)state[2ull * n + i];\n    sal_real m_I_syn_in = (sal_real)state[3ull * n + i];\n    sal_real m_dI_syn_in = (sal_real)state[4ull * n + i];\n    const sal_real m_I_stim = (sal_real)state[5ull * n + i];\n    unsigned int refractory = (unsigned int)state[6ull * n + i];\n    const bool is_refractory = refractory > 0;\n    (void)is_refractory;\n    const sal_real spikes_0 = (sal_real)inp[0]; inp[0] = 0.0; (void)spikes_0;\n    const sal_real spikes_1 = (sal_real)inp[1]; inp[1] = 0.0; (void)spikes_1;\n    if (!is_refractory) {\n        const sal_real sal_next_0 = ((sal_real)cal.P[0][0]) * m_V_m + ((sal_real)cal.P[0][1]) * m_I_syn_ex + ((sal_real)cal.P[0][2]) * m_dI_syn_ex + ((sal_real)cal.P[0][3]) * m_I_syn_in + ((sal_real)cal.P[0][4]) * m_dI_syn_in + ((sal_real)cal.P[0][5]) + ((sal_real)cal.P[0][6]) * m_I_stim;\n        const sal_real sal_next_1 = ((sal_real)cal.P[1][1]) * m_I_syn_ex + ((sal_real)cal.P[1][2]) * m_dI_syn_ex;\n        const sal_real sal_next_2 = ((sal_real)cal.P[2][2]) * m_dI_syn_ex;\n        const sal_real sal_next_3 = ((sal_real)cal.P[3][3]) * m_I_syn_in + ((sal_real)cal.P[3][4]) * m_dI_syn_in;\n        const sal_real sal_next_4 = ((sal_real)cal.P[4][4]) * m_dI_syn_in;\n        m_V_m = sal_next_0;\n        m_I_syn_ex = sal_next_1;\n        m_dI_syn_ex = sal_next_2;\n        m_I_syn_in = sal_next_3;\n        m_dI_syn_in = sal_next_4;\n    } else {\n        const sal_real sal_next_1 = ((sal_real)cal.P_refr[1][1]) * m_I_syn_ex + ((sal_real)cal.P_refr[1][2]) * m_dI_syn_ex;\n        const sal_real sal_next_2 = ((sal_real)cal.P_refr[2][2]) * m_dI_syn_ex;\n        const sal_real sal_next_3 = ((sal_real)cal.P_refr[3][3]) * m_I_syn_in + ((sal_real)cal.P_refr[3][4]) * m_dI_syn_in;\n        const sal_real sal_next_4 = ((sal_real)cal.P_refr[4][4]) * m_dI_syn_in;\n        m_I_syn_ex = sal_next_1;\n        m_dI_syn_ex = sal_next_2;\n        m_I_syn_in = sal_next_3;\n        m_dI_syn_in = sal_next_4;\n    }\n    m_dI_syn_ex += ((sal_real)cal.jump_0) * spikes_0;\n    m_dI_syn_in += ((sal_real)cal.jump_1) * spikes_1;\n    if (is_refractory) {\n        refractory -= 1;\n    } else {\n        if (m_V_m < ((sal_real)cal.m_V_min)) m_V_m = ((sal_real)cal.m_V_min);\n    }\n    if ((m_V_m >= ((sal_real)cal.m_V_th))) {\n        refractory = (unsigned int)cal.refractory_steps;\n        m_V_m = ((sal_real)cal.m_V_reset);\n        spikes[i] += 1;\n    }\n    state[5ull * n + i] = inp[2]; inp[2] = 0.0;\n    state[0ull * n + i] = m_V_m;\n    state[1ull * n + i] = m_I_syn_ex;\n    state[2ull * n + i] = m_dI_syn_ex;\n    state[3ull * n + i] = m_I_syn_in;\n    state[4ull * n + i] = m_dI_syn_in;\n    state[6ull * n + i] = (double)refractory;\n}\n",
            constants: &[
                ("E_L", 1usize),
                ("C_m", 1usize),
                ("tau_m", 1usize),
                ("t_ref", 1usize),
                ("V_th", 1usize),
                ("V_reset", 1usize),
                ("tau_syn_ex", 1usize),
                ("tau_syn_in", 1usize),
                ("I_e", 1usize),
                ("V_min", 1usize),
                ("tau_minus", 1usize),
                ("tau_minus_triplet", 1usize),
                ("h", 1usize),
                ("P", 35usize),
                ("jump_0", 1usize),
                ("jump_1", 1usize),
                ("refractory_steps", 1usize),
                ("P_refr", 35usize),
            ],
            columns: &[
                "V_m",
                "I_syn_ex",
                "dI_syn_ex",
                "I_syn_in",
                "dI_syn_in",
                "latched_I_stim",
                "refractory_steps_left",
            ],
            channels: 3usize,
            failures: &["a state variable is not finite"],
        },
    );
    #[allow(non_snake_case)]
    fn pack_calibrated(
        cal: &Self::Calibrated,
        out: &mut ::saltatory_runtime::__private::Vec<f64>,
    ) {
        out.push(cal.params.E_L);
        out.push(cal.params.C_m);
        out.push(cal.params.tau_m);
        out.push(cal.params.t_ref);
        out.push(cal.params.V_th);
        out.push(cal.params.V_reset);
        out.push(cal.params.tau_syn_ex);
        out.push(cal.params.tau_syn_in);
        out.push(cal.params.I_e);
        out.push(cal.params.V_min);
        out.push(cal.params.tau_minus);
        out.push(cal.params.tau_minus_triplet);
        out.push(cal.step.h);
        for row in &cal.step.P {
            out.extend_from_slice(row);
        }
        out.push(cal.step.jump_0);
        out.push(cal.step.jump_1);
        out.push(cal.step.refractory_steps as f64);
        for row in &cal.step.P_refr {
            out.extend_from_slice(row);
        }
    }
    #[allow(non_snake_case)]
    fn pack_state(st: &Self::State, out: &mut ::saltatory_runtime::__private::Vec<f64>) {
        out.extend_from_slice(&st.vars.V_m);
        out.extend_from_slice(&st.vars.I_syn_ex);
        out.extend_from_slice(&st.vars.dI_syn_ex);
        out.extend_from_slice(&st.vars.I_syn_in);
        out.extend_from_slice(&st.vars.dI_syn_in);
        out.extend_from_slice(&st.kernel.latched_I_stim);
        out.extend(st.kernel.refractory_steps_left.iter().map(|&v| f64::from(v)));
    }
    #[allow(non_snake_case)]
    fn unpack_state(st: &mut Self::State, columns: &[f64]) {
        let n = <Self::State as ::saltatory_runtime::StateColumns>::len(st);
        st.vars.V_m.copy_from_slice(&columns[0 * n..1 * n]);
        st.vars.I_syn_ex.copy_from_slice(&columns[1 * n..2 * n]);
        st.vars.dI_syn_ex.copy_from_slice(&columns[2 * n..3 * n]);
        st.vars.I_syn_in.copy_from_slice(&columns[3 * n..4 * n]);
        st.vars.dI_syn_in.copy_from_slice(&columns[4 * n..5 * n]);
        st.kernel.latched_I_stim.copy_from_slice(&columns[5 * n..6 * n]);
        for (dst, &v) in st
            .kernel
            .refractory_steps_left
            .iter_mut()
            .zip(&columns[6 * n..7 * n])
        {
            *dst = v as u32;
        }
    }
    fn update(
        calibrated: &[IafPscAlphaCalibrated],
        group_of: &[u32],
        st: &mut IafPscAlphaState,
        range: ::saltatory_runtime::__private::Range<usize>,
        inputs: &mut [f64],
        spiked: &mut ::saltatory_runtime::__private::Vec<usize>,
        ctx: &::saltatory_runtime::StepCtx,
    ) -> ::core::result::Result<(), ::saltatory_runtime::Failure> {
        Self::__update_scalar(calibrated, group_of, st, range, inputs, spiked, ctx)
    }
}
impl IafPscAlpha {
    /// Number of state variables.
    pub const STATE_VARIABLES: usize = 5;
    /// The update of `range`, one neuron after the other.
    #[inline]
    #[allow(
        non_snake_case,
        unused_variables,
        unused_mut,
        unused_assignments,
        clippy::needless_range_loop,
        clippy::possible_missing_comma,
        clippy::ptr_arg
    )]
    fn __update_scalar(
        calibrated: &[IafPscAlphaCalibrated],
        group_of: &[u32],
        st: &mut IafPscAlphaState,
        range: ::saltatory_runtime::__private::Range<usize>,
        inputs: &mut [f64],
        spiked: &mut ::saltatory_runtime::__private::Vec<usize>,
        ctx: &::saltatory_runtime::StepCtx,
    ) -> ::core::result::Result<(), ::saltatory_runtime::Failure> {
        let end = range.end;
        let group_of = &group_of[..end];
        let col_m_V_m = &mut st.vars.V_m[..end];
        let col_m_I_syn_ex = &mut st.vars.I_syn_ex[..end];
        let col_m_dI_syn_ex = &mut st.vars.dI_syn_ex[..end];
        let col_m_I_syn_in = &mut st.vars.I_syn_in[..end];
        let col_m_dI_syn_in = &mut st.vars.dI_syn_in[..end];
        let col_latched_I_stim = &mut st.kernel.latched_I_stim[..end];
        let col_refractory_steps_left = &mut st.kernel.refractory_steps_left[..end];
        for (inp, neuron) in inputs.chunks_exact_mut(3).zip(range) {
            let cal = &calibrated[group_of[neuron] as usize];
            let grid_h = cal.step.h;
            let mut m_V_m = col_m_V_m[neuron];
            let mut m_I_syn_ex = col_m_I_syn_ex[neuron];
            let mut m_dI_syn_ex = col_m_dI_syn_ex[neuron];
            let mut m_I_syn_in = col_m_I_syn_in[neuron];
            let mut m_dI_syn_in = col_m_dI_syn_in[neuron];
            let m_I_stim = col_latched_I_stim[neuron];
            let mut refractory = col_refractory_steps_left[neuron];
            let is_refractory = refractory > 0;
            let spikes_0 = core::mem::take(&mut inp[0]);
            let spikes_1 = core::mem::take(&mut inp[1]);
            if !is_refractory {
                (m_V_m, m_I_syn_ex, m_dI_syn_ex, m_I_syn_in, m_dI_syn_in) = (
                    cal.step.P[0][0] * m_V_m + cal.step.P[0][1] * m_I_syn_ex
                        + cal.step.P[0][2] * m_dI_syn_ex + cal.step.P[0][3] * m_I_syn_in
                        + cal.step.P[0][4] * m_dI_syn_in + cal.step.P[0][5]
                        + cal.step.P[0][6] * m_I_stim,
                    cal.step.P[1][1] * m_I_syn_ex + cal.step.P[1][2] * m_dI_syn_ex,
                    cal.step.P[2][2] * m_dI_syn_ex,
                    cal.step.P[3][3] * m_I_syn_in + cal.step.P[3][4] * m_dI_syn_in,
                    cal.step.P[4][4] * m_dI_syn_in,
                );
            } else {
                (m_I_syn_ex, m_dI_syn_ex, m_I_syn_in, m_dI_syn_in) = (
                    cal.step.P_refr[1][1] * m_I_syn_ex
                        + cal.step.P_refr[1][2] * m_dI_syn_ex,
                    cal.step.P_refr[2][2] * m_dI_syn_ex,
                    cal.step.P_refr[3][3] * m_I_syn_in
                        + cal.step.P_refr[3][4] * m_dI_syn_in,
                    cal.step.P_refr[4][4] * m_dI_syn_in,
                );
            }
            m_dI_syn_ex += cal.step.jump_0 * spikes_0;
            m_dI_syn_in += cal.step.jump_1 * spikes_1;
            if is_refractory {
                refractory -= 1;
            } else {
                if m_V_m < cal.params.V_min {
                    m_V_m = cal.params.V_min;
                }
            }
            if m_V_m >= cal.params.V_th {
                refractory = cal.step.refractory_steps;
                m_V_m = cal.params.V_reset;
                spiked.push(neuron);
            }
            col_latched_I_stim[neuron] = core::mem::take(&mut inp[2]);
            col_m_V_m[neuron] = m_V_m;
            col_m_I_syn_ex[neuron] = m_I_syn_ex;
            col_m_dI_syn_ex[neuron] = m_dI_syn_ex;
            col_m_I_syn_in[neuron] = m_I_syn_in;
            col_m_dI_syn_in[neuron] = m_dI_syn_in;
            col_refractory_steps_left[neuron] = refractory;
        }
        Ok(())
    }
}
