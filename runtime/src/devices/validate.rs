//! The checks of a device's parameters, as NEST refuses them: every error names the device,
//! the parameter, its value and what is expected.

use super::nest_time::NestTime;
use super::*;

impl Device {
    /// Checks parameters as NEST does when they are set at step `now`; returns the device's
    /// spike or switching steps where it has any.
    pub(crate) fn validate(&self, grid: &Grid, now: u64) -> Result<Vec<i64>> {
        let name = self.stimulus.nest_name();
        self.window.validate(name, grid)?;
        match &self.stimulus {
            Stimulus::Dc { amplitude } => finite(name, "amplitude", *amplitude, "pA")?,
            Stimulus::Ac {
                amplitude,
                offset,
                frequency,
                phase,
            } => {
                finite(name, "amplitude", *amplitude, "pA")?;
                finite(name, "offset", *offset, "pA")?;
                finite(name, "frequency", *frequency, "Hz")?;
                finite(name, "phase", *phase, "deg")?;
            }
            Stimulus::StepCurrent {
                times,
                amplitudes,
                allow_offgrid_times,
            } => {
                let device = ("step_current_generator", "pA");
                return times::amplitude_steps(
                    grid,
                    device,
                    times,
                    amplitudes,
                    *allow_offgrid_times,
                );
            }
            Stimulus::Noise { .. } => noise(&self.stimulus, grid)?,
            Stimulus::Poisson { rate } => {
                // models/poisson_generator.cpp refuses a negative rate.
                if !(rate.is_finite() && *rate >= 0.0) {
                    return Err(invalid(name, "rate", *rate, "Hz", "a finite rate >= 0"));
                }
            }
            Stimulus::SpikeTimes { .. } => return self.spike_steps(grid),
            Stimulus::SinusoidalPoisson { .. } => sinusoidal_poisson::validate(&self.stimulus)?,
            Stimulus::InhomogeneousPoisson { .. } => {
                return inhomogeneous_poisson::validate(&self.stimulus, grid, now);
            }
            Stimulus::PulsePacket { .. } => pulsepacket::validate(&self.stimulus)?,
            Stimulus::Mip { .. } => mip::validate(&self.stimulus)?,
            Stimulus::GammaSup { .. } => gamma_sup::validate(&self.stimulus)?,
            Stimulus::PpdSup { .. } => ppd_sup::validate(&self.stimulus)?,
            Stimulus::SpikeDilutor { .. } => spike_dilutor::validate(&self.stimulus, grid)?,
            Stimulus::SinusoidalGamma { .. } => sinusoidal_gamma::validate(&self.stimulus)?,
            Stimulus::StepRate { .. } => return step_rate::validate(&self.stimulus, grid),
        }
        Ok(Vec::new())
    }

    /// A spike generator's weights and multiplicities (one per spike time, or none) and spike
    /// steps; spike times count from the origin (models/spike_generator.cpp).
    fn spike_steps(&self, grid: &Grid) -> Result<Vec<i64>> {
        let Stimulus::SpikeTimes {
            times,
            weights,
            multiplicities,
            allow_offgrid_times,
        } = &self.stimulus
        else {
            unreachable!()
        };
        const NAME: &str = "spike_generator";
        let of = ("spike_times", times.len());
        times::same_length(NAME, ("spike_weights", "weight"), weights, of, true)?;
        let multiplicity = ("spike_multiplicities", "multiplicity");
        times::same_length(NAME, multiplicity, multiplicities, of, true)?;
        for w in weights {
            finite(NAME, "spike_weights", *w, "")?;
        }
        times::spike_steps(grid, times, self.window.origin, *allow_offgrid_times)
    }
}

/// `noise_generator` (models/noise_generator.cpp): `0 <= std_mod <= std`, `dt` a positive
/// multiple of the resolution.
fn noise(stimulus: &Stimulus, grid: &Grid) -> Result<()> {
    let Stimulus::Noise {
        mean,
        std,
        dt,
        std_mod,
        frequency,
        phase,
    } = stimulus
    else {
        unreachable!()
    };
    const NAME: &str = "noise_generator";
    finite(NAME, "mean", *mean, "pA")?;
    if !(std.is_finite() && *std >= 0.0) {
        return Err(invalid(NAME, "std", *std, "pA", "a finite value >= 0"));
    }
    if !(std_mod.is_finite() && *std_mod >= 0.0 && std_mod <= std) {
        let expected = format!("a value in [0, std = {std}]");
        return Err(invalid(NAME, "std_mod", *std_mod, "pA", expected));
    }
    finite(NAME, "frequency", *frequency, "Hz")?;
    finite(NAME, "phase", *phase, "deg")?;
    if let Some(dt) = dt {
        if !NestTime::ms(grid, *dt).is_step(grid) {
            let expected = format!("a positive multiple of the resolution {} ms", grid.h());
            return Err(invalid(NAME, "dt", *dt, "ms", expected));
        }
    }
    Ok(())
}

/// A device's parameter out of its range: names the device, the parameter, its value and what
/// is expected.
pub(crate) fn invalid(
    device: &'static str,
    name: &'static str,
    value: f64,
    unit: &'static str,
    expected: impl Into<String>,
) -> Error {
    Error::InvalidParameter {
        model: device,
        name: name.into(),
        value,
        unit,
        expected: expected.into(),
    }
}

/// Refuses a non-finite value of parameter `name` of `device`.
pub(crate) fn finite(
    device: &'static str,
    name: &'static str,
    v: f64,
    unit: &'static str,
) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(invalid(device, name, v, unit, "a finite value"))
    }
}

/// Refuses a value of parameter `name` of `device` outside [0, 1].
pub(crate) fn probability(device: &'static str, name: &'static str, p: f64) -> Result<()> {
    if (0.0..=1.0).contains(&p) {
        Ok(())
    } else {
        Err(invalid(device, name, p, "", "a probability in [0, 1]"))
    }
}

/// Refuses a count `v` of parameter `name` of `device` below `min`.
pub(crate) fn at_least(device: &'static str, name: &'static str, v: i128, min: u64) -> Result<()> {
    if v >= min as i128 {
        Ok(())
    } else {
        Err(invalid(
            device,
            name,
            v as f64,
            "",
            format!("an integer >= {min}"),
        ))
    }
}
