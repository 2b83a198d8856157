//! Every NEST parameter of a device: its name, where its value lives in the [`Device`], and the
//! kind of value it takes; and the assignment of one [`ParamValue`] to it.
//!
//! The names are NEST's (the models' `Parameters_::set` in models/*.cpp, the window of
//! nestkernel/device.cpp, `label` and `stimulus_source` of nestkernel/stimulation_device.cpp and
//! `frozen` of nestkernel/node.cpp). Only the kind is checked here; the ranges are the device's
//! checks ([`Device::validate`]).

use super::param_value::ParamValue;
use super::{Device, NOISE_DT, Stimulus, at_least, gamma_sup, invalid, ppd_sup};
use crate::error::{Error, Result};

/// Where a parameter's value lives, and the kind of value it takes.
pub(super) enum Field<'a> {
    /// A number (NEST: `double`) in the unit given.
    Number(&'a mut f64, &'static str),
    /// A number in the unit given that is NEST's default, given last, until it is set.
    Optional(&'a mut Option<f64>, &'static str, f64),
    /// A list of numbers (NEST: `vector<double>`) in the unit given.
    Numbers(&'a mut Vec<f64>, &'static str),
    /// An integer (NEST: `long`) of at least the minimum given.
    Count(&'a mut u64, u64),
    /// An integer >= 0 (NEST: `long`), kept in 32 bits.
    Count32(&'a mut u32),
    /// A list of integers >= 0 (NEST: `vector<long>`), kept in 32 bits.
    Counts(&'a mut Vec<u32>),
    /// A switch.
    Switch(&'a mut bool),
    /// A switch NEST sets only as a model default (SetDefaults, CopyModel).
    DefaultSwitch(&'a mut bool),
    /// A switch saltatory does not support: only NEST's default, given here, is accepted.
    Fixed(bool),
    /// A stimulation device's label: any text; it has no effect and is not kept.
    Label,
    /// The input backend of a stimulation device: NEST 3.10 built without MPI knows none.
    Backend,
}

/// Whether a parameter is set on a device or as a model default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    /// NEST's SetStatus on a device (and Create with parameters).
    Device,
    /// NEST's SetDefaults or CopyModel.
    Model,
}

/// Every parameter of `device`, by NEST name.
pub(super) fn fields(device: &mut Device) -> Vec<(&'static str, Field<'_>)> {
    use Field::*;
    let Device { stimulus, window } = device;
    let mut out = vec![
        ("start", Number(&mut window.start, "ms")),
        ("stop", Number(&mut window.stop, "ms")),
        ("origin", Number(&mut window.origin, "ms")),
        ("label", Label),
        ("stimulus_source", Backend),
        ("frozen", Fixed(false)),
    ];
    out.extend(stimulus_fields(stimulus));
    out
}

fn stimulus_fields(stimulus: &mut Stimulus) -> Vec<(&'static str, Field<'_>)> {
    match stimulus {
        Stimulus::Dc { .. }
        | Stimulus::Ac { .. }
        | Stimulus::StepCurrent { .. }
        | Stimulus::Noise { .. }
        | Stimulus::StepRate { .. } => current_fields(stimulus),
        Stimulus::Poisson { .. }
        | Stimulus::SpikeTimes { .. }
        | Stimulus::SinusoidalPoisson { .. }
        | Stimulus::InhomogeneousPoisson { .. }
        | Stimulus::PulsePacket { .. }
        | Stimulus::Mip { .. }
        | Stimulus::GammaSup { .. }
        | Stimulus::PpdSup { .. }
        | Stimulus::SpikeDilutor { .. }
        | Stimulus::SinusoidalGamma { .. } => spike_fields(stimulus),
    }
}

/// The parameters of the current generators (and of step_rate_generator, which sends rates
/// the same way).
fn current_fields(stimulus: &mut Stimulus) -> Vec<(&'static str, Field<'_>)> {
    use Field::*;
    match stimulus {
        Stimulus::Dc { amplitude } => vec![("amplitude", Number(amplitude, "pA"))],
        Stimulus::Ac {
            amplitude,
            offset,
            frequency,
            phase,
        } => vec![
            ("amplitude", Number(amplitude, "pA")),
            ("offset", Number(offset, "pA")),
            ("frequency", Number(frequency, "Hz")),
            ("phase", Number(phase, "deg")),
        ],
        Stimulus::StepCurrent {
            times,
            amplitudes,
            allow_offgrid_times,
        } => vec![
            ("amplitude_times", Numbers(times, "ms")),
            ("amplitude_values", Numbers(amplitudes, "pA")),
            ("allow_offgrid_times", Switch(allow_offgrid_times)),
        ],
        Stimulus::Noise {
            mean,
            std,
            dt,
            std_mod,
            frequency,
            phase,
        } => vec![
            ("mean", Number(mean, "pA")),
            ("std", Number(std, "pA")),
            ("dt", Optional(dt, "ms", NOISE_DT)),
            ("std_mod", Number(std_mod, "pA")),
            ("frequency", Number(frequency, "Hz")),
            ("phase", Number(phase, "deg")),
        ],
        Stimulus::StepRate {
            times,
            values,
            allow_offgrid_times,
            ..
        } => vec![
            ("amplitude_times", Numbers(times, "ms")),
            ("amplitude_values", Numbers(values, "")),
            ("allow_offgrid_times", Switch(allow_offgrid_times)),
        ],
        _ => unreachable!("a spike generator"),
    }
}

/// The parameters of the spike generators.
fn spike_fields(stimulus: &mut Stimulus) -> Vec<(&'static str, Field<'_>)> {
    use Field::*;
    match stimulus {
        Stimulus::Poisson { rate } => vec![("rate", Number(rate, "Hz"))],
        Stimulus::SpikeTimes {
            times,
            weights,
            multiplicities,
            allow_offgrid_times,
        } => vec![
            ("spike_times", Numbers(times, "ms")),
            ("spike_weights", Numbers(weights, "")),
            ("spike_multiplicities", Counts(multiplicities)),
            ("allow_offgrid_times", Switch(allow_offgrid_times)),
            ("precise_times", Fixed(false)),
            ("shift_now_spikes", Fixed(false)),
        ],
        Stimulus::SinusoidalPoisson {
            rate,
            amplitude,
            frequency,
            phase,
            individual_spike_trains,
        } => modulated([rate, amplitude, frequency, phase], individual_spike_trains),
        Stimulus::SinusoidalGamma {
            rate,
            amplitude,
            frequency,
            phase,
            order,
            individual_spike_trains,
        } => {
            let mut out = modulated([rate, amplitude, frequency, phase], individual_spike_trains);
            out.push(("order", Number(order, "")));
            out
        }
        Stimulus::InhomogeneousPoisson {
            rate_times,
            rate_values,
            allow_offgrid_times,
        } => vec![
            ("rate_times", Numbers(rate_times, "ms")),
            ("rate_values", Numbers(rate_values, "Hz")),
            ("allow_offgrid_times", Switch(allow_offgrid_times)),
        ],
        Stimulus::PulsePacket {
            pulse_times,
            activity,
            sdev,
        } => vec![
            ("pulse_times", Numbers(pulse_times, "ms")),
            ("activity", Count32(activity)),
            ("sdev", Number(sdev, "ms")),
        ],
        Stimulus::Mip { rate, p_copy } => {
            vec![("rate", Number(rate, "Hz")), ("p_copy", Number(p_copy, ""))]
        }
        Stimulus::GammaSup {
            rate,
            gamma_shape,
            n_proc,
        } => vec![
            ("rate", Number(rate, "Hz")),
            ("gamma_shape", Count(gamma_shape, gamma_sup::MIN_COUNT)),
            ("n_proc", Count(n_proc, gamma_sup::MIN_COUNT)),
        ],
        Stimulus::PpdSup {
            rate,
            dead_time,
            n_proc,
            frequency,
            relative_amplitude,
        } => vec![
            ("rate", Number(rate, "Hz")),
            ("dead_time", Number(dead_time, "ms")),
            ("n_proc", Count(n_proc, ppd_sup::MIN_PROCESSES)),
            ("frequency", Number(frequency, "Hz")),
            ("relative_amplitude", Number(relative_amplitude, "")),
        ],
        Stimulus::SpikeDilutor { p_copy, .. } => vec![("p_copy", Number(p_copy, ""))],
        _ => unreachable!("a current generator"),
    }
}

/// The parameters the two sinusoidally modulated generators share.
fn modulated<'a>(
    [rate, amplitude, frequency, phase]: [&'a mut f64; 4],
    individual_spike_trains: &'a mut bool,
) -> Vec<(&'static str, Field<'a>)> {
    use Field::*;
    vec![
        ("rate", Number(rate, "Hz")),
        ("amplitude", Number(amplitude, "Hz")),
        ("frequency", Number(frequency, "Hz")),
        ("phase", Number(phase, "deg")),
        (
            "individual_spike_trains",
            DefaultSwitch(individual_spike_trains),
        ),
    ]
}

impl Field<'_> {
    /// What the parameter takes, for errors.
    fn kind(&self) -> String {
        let in_unit = |what: &str, unit: &str| match unit {
            "" => what.to_string(),
            _ => format!("{what} in {unit}"),
        };
        match self {
            Field::Number(_, unit) | Field::Optional(_, unit, _) => in_unit("a number", unit),
            Field::Numbers(_, unit) => in_unit("a list of numbers", unit),
            Field::Count(..) | Field::Count32(_) => "an integer".into(),
            Field::Counts(_) => "a list of integers".into(),
            Field::Switch(_) | Field::DefaultSwitch(_) | Field::Fixed(_) => "true or false".into(),
            Field::Label | Field::Backend => "a text".into(),
        }
    }

    /// Sets parameter `name` of `model` to `value`, as set in `scope`: refuses a value of
    /// another kind, and the values saltatory cannot hold or NEST does not take in this scope.
    pub(super) fn assign(
        self,
        model: &'static str,
        name: &'static str,
        value: &ParamValue,
        scope: Scope,
    ) -> Result<()> {
        let wrong = Error::WrongValueKind {
            model,
            name: name.into(),
            expected: self.kind(),
            got: value.to_string(),
        };
        let count = |v: &i64| count(model, name, *v);
        let refuse = |expected: &str| Err(refused(model, name, value, expected));
        match self {
            Field::Number(x, _) => *x = value.number().ok_or(wrong)?,
            Field::Optional(x, ..) => *x = Some(value.number().ok_or(wrong)?),
            Field::Numbers(x, _) => *x = value.numbers().ok_or(wrong)?,
            Field::Count(x, min) => {
                let v = value.integer().ok_or(wrong)?;
                at_least(model, name, v.into(), min)?;
                *x = v as u64;
            }
            Field::Count32(x) => *x = count(&value.integer().ok_or(wrong)?)?,
            Field::Counts(x) => {
                *x = value
                    .integers()
                    .ok_or(wrong)?
                    .iter()
                    .map(count)
                    .collect::<Result<_>>()?
            }
            Field::Switch(x) => *x = value.switch().ok_or(wrong)?,
            Field::DefaultSwitch(_) if scope == Scope::Device => {
                return refuse(
                    "to be set only as a model default (NEST: SetDefaults or CopyModel)",
                );
            }
            Field::DefaultSwitch(x) => *x = value.switch().ok_or(wrong)?,
            Field::Fixed(default) => {
                if value.switch().ok_or(wrong)? != default {
                    let expected =
                        format!("{default}, NEST's default (saltatory supports no other)");
                    return refuse(&expected);
                }
            }
            Field::Label => {
                value.text().ok_or(wrong)?;
            }
            Field::Backend => {
                value.text().ok_or(wrong)?;
                return refuse(
                    "no input backend: NEST 3.10 without MPI has none, nor has saltatory",
                );
            }
        }
        Ok(())
    }
}

/// A count of parameter `name` of `model`: NEST takes any `long`, saltatory keeps counts >= 0
/// in 32 bits.
fn count(model: &'static str, name: &'static str, v: i64) -> Result<u32> {
    u32::try_from(v).map_err(|_| {
        let expected = format!("counts in [0, {}]", u32::MAX);
        invalid(model, name, v as f64, "", expected)
    })
}

/// The refusal of `value` for parameter `name` of `model`.
fn refused(model: &'static str, name: &'static str, value: &ParamValue, expected: &str) -> Error {
    Error::InvalidValue {
        model,
        name: name.into(),
        value: value.to_string(),
        expected: expected.into(),
    }
}
