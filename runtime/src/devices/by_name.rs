//! Stimulation devices by NEST name and parameter dictionary: what a PyNEST-shaped front end
//! calls for `Create(model, params=...)`, `SetStatus`, `SetDefaults` and `GetStatus`.
//!
//! A device starts from NEST's defaults ([`Stimulus::nest_defaults`], in `defaults.rs`, the
//! one place they are written) and takes a dictionary as NEST's SetStatus does: every name must be one the device
//! has, every value of a kind the parameter takes ([`ParamValue`]), and the entries NEST wants
//! together must come together; a refused dictionary changes nothing. The values' ranges,
//! some of which depend on the resolution and the current time, are NEST's too; they are
//! checked by [`Simulator::create_device`], [`Simulator::set_device`] and
//! [`Simulator::stimulate`]. Every refusal names the device, the parameter and the value.
//!
//! saltatory refuses on purpose some values NEST takes: NaN, infinities where a finite value is
//! needed, `precise_times`, `shift_now_spikes` and `frozen` other than NEST's default, negative
//! spike multiplicities, lists of different lengths, and unknown names on `spike_dilutor`
//! (docs/differences-from-nest.md).

use super::fields::{Field, Scope, fields};
use super::param_value::ParamValue;
use super::{Device, Stimulus};
use crate::error::{Error, Result};
use crate::sim::Simulator;

impl Device {
    /// NEST's device `model` with NEST's defaults, active from 0 on.
    pub fn nest_default(model: &str) -> Result<Device> {
        let stimulus = Stimulus::nest_default(model).ok_or_else(|| Error::UnknownName {
            model: "saltatory",
            kind: "stimulation device",
            name: model.into(),
            known: Stimulus::nest_defaults()
                .iter()
                .map(Stimulus::nest_name)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        Ok(Device::from(stimulus))
    }

    /// NEST's `Create(model, params=params)`: the defaults of `model`, then `params` as
    /// [`set_nest`](Self::set_nest) sets them. The ranges are checked when the device is
    /// checked against a simulator ([`Simulator::create_device`] does both).
    ///
    /// ```
    /// use saltatory_runtime::{Device, ParamValue};
    /// let d = Device::from_nest("poisson_generator", &[("rate", 800.0.into()), ("start", 5.into())])?;
    /// assert_eq!(d.get_nest("rate")?, ParamValue::Float(800.0));
    /// assert!(Device::from_nest("poisson_generator", &[("rate", "fast".into())]).is_err());
    /// # Ok::<(), saltatory_runtime::Error>(())
    /// ```
    pub fn from_nest(model: &str, params: &[(&str, ParamValue)]) -> Result<Device> {
        let mut device = Device::nest_default(model)?;
        device.set_nest(params)?;
        Ok(device)
    }

    /// NEST's `SetStatus` on this device: every name must be one of the device's, every value
    /// of a kind its parameter takes, and the entries NEST wants together must come together;
    /// a refused dictionary changes nothing. Ranges are checked against a simulator
    /// ([`Simulator::set_device`] does both).
    pub fn set_nest(&mut self, params: &[(&str, ParamValue)]) -> Result<()> {
        self.apply(params, Scope::Device)
    }

    /// NEST's `SetDefaults` (or `CopyModel`) applied to this device taken as a model's
    /// defaults: as [`set_nest`](Self::set_nest), and also the parameters NEST sets only as a
    /// model default (`individual_spike_trains`).
    pub fn set_nest_defaults(&mut self, params: &[(&str, ParamValue)]) -> Result<()> {
        self.apply(params, Scope::Model)
    }

    /// NEST's `GetStatus` of one parameter (`label` and `stimulus_source` are empty; an
    /// infinite time is infinity where NEST shows the largest double).
    pub fn get_nest(&self, name: &str) -> Result<ParamValue> {
        let mut copy = self.clone();
        let model = self.stimulus.nest_name();
        let fields = fields(&mut copy);
        let (_, field) = find(model, &fields, name)?;
        Ok(match field {
            Field::Number(x, _) => ParamValue::Float(**x),
            Field::Optional(x, _, default) => ParamValue::Float(x.unwrap_or(*default)),
            Field::Numbers(x, _) => ParamValue::Floats(x.to_vec()),
            Field::Count(x, _) => ParamValue::Int(**x as i64),
            Field::Count32(x) => ParamValue::Int((**x).into()),
            Field::Counts(x) => ParamValue::Ints(x.iter().map(|&c| c.into()).collect()),
            Field::Switch(x) | Field::DefaultSwitch(x) => ParamValue::Bool(**x),
            Field::Fixed(b) => ParamValue::Bool(*b),
            Field::Label | Field::Backend => ParamValue::Text(String::new()),
        })
    }

    /// Every NEST parameter name of this device.
    pub fn nest_names(&self) -> Vec<&'static str> {
        fields(&mut self.clone()).iter().map(|(n, _)| *n).collect()
    }

    fn apply(&mut self, params: &[(&str, ParamValue)], scope: Scope) -> Result<()> {
        together(self, params)?;
        let model = self.stimulus.nest_name();
        let mut new = self.clone();
        for (name, value) in params {
            let mut fields = fields(&mut new);
            let k = find(model, &fields, name)?.0;
            let (name, field) = fields.swap_remove(k);
            field.assign(model, name, value, scope)?;
        }
        *self = new;
        Ok(())
    }
}

/// The position and field of parameter `name`, or an error listing the names there are.
fn find<'f, 'a>(
    model: &'static str,
    fields: &'f [(&'static str, Field<'a>)],
    name: &str,
) -> Result<(usize, &'f Field<'a>)> {
    let found = fields.iter().position(|(n, _)| *n == name);
    found
        .map(|k| (k, &fields[k].1))
        .ok_or_else(|| Error::UnknownName {
            model,
            kind: "parameter",
            name: name.into(),
            known: fields
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// NEST's rules on entries a dictionary must give together (models/step_current_generator.cpp,
/// models/step_rate_generator.cpp,
/// models/inhomogeneous_poisson_generator.cpp, models/spike_generator.cpp): times and values
/// together, and the options of the times only with new times or before any are set.
fn together(device: &Device, params: &[(&str, ParamValue)]) -> Result<()> {
    let model = device.stimulus.nest_name();
    let given = |name: &str| params.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
    let refuse = |name: &str, value: &ParamValue, expected: String| Error::InvalidValue {
        model,
        name: name.into(),
        value: value.to_string(),
        expected,
    };
    let pair = |a: &str, b: &str| match (given(a), given(b)) {
        (Some(v), None) => Err(refuse(a, v, format!("to be given together with {b}"))),
        (None, Some(v)) => Err(refuse(b, v, format!("to be given together with {a}"))),
        _ => Ok(()),
    };
    // An option given alone while times are set (NEST compares the inhomogeneous Poisson
    // generator's flag with its value; the others refuse it given at all).
    let options = |times: &str, set: bool, names: &[&str], current: Option<bool>| {
        if given(times).is_some() || !set {
            return Ok(());
        }
        for &name in names {
            if let Some(v) = given(name).filter(|v| current.is_none() || v.switch() != current) {
                let expected = format!("to be given together with {times}, or before any are set");
                return Err(refuse(name, v, expected));
            }
        }
        Ok(())
    };
    match &device.stimulus {
        Stimulus::StepCurrent { times, .. } | Stimulus::StepRate { times, .. } => {
            pair("amplitude_times", "amplitude_values")?;
            let names = ["allow_offgrid_times"];
            options("amplitude_times", !times.is_empty(), &names, None)
        }
        Stimulus::InhomogeneousPoisson {
            rate_times,
            allow_offgrid_times,
            ..
        } => {
            let current = Some(*allow_offgrid_times);
            let names = ["allow_offgrid_times"];
            options("rate_times", !rate_times.is_empty(), &names, current)?;
            pair("rate_times", "rate_values")
        }
        Stimulus::SpikeTimes { times, .. } => {
            let names = ["allow_offgrid_times", "precise_times", "shift_now_spikes"];
            options("spike_times", !times.is_empty(), &names, None)
        }
        _ => Ok(()),
    }
}

impl Simulator {
    /// NEST's `Create(model, params=params)` for a stimulation device: NEST's defaults, then
    /// `params`, checked as NEST checks them at this resolution and the current time. Connect
    /// it with [`stimulate`](Self::stimulate).
    pub fn create_device(&self, model: &str, params: &[(&str, ParamValue)]) -> Result<Device> {
        let device = Device::from_nest(model, params)?;
        self.check_device(&device)?;
        Ok(device)
    }

    /// NEST's `SetStatus` on a device not yet connected: all of `params`, checked, or nothing
    /// (a connected device: [`set_device_status`](Self::set_device_status)).
    pub fn set_device(&self, device: &mut Device, params: &[(&str, ParamValue)]) -> Result<()> {
        let mut new = device.clone();
        new.set_nest(params)?;
        self.check_device(&new)?;
        *device = new;
        Ok(())
    }

    /// Checks a device's parameters as NEST does at this resolution and the current time.
    pub fn check_device(&self, device: &Device) -> Result<()> {
        device.validate(self.grid(), self.now_step()).map(drop)
    }
}
