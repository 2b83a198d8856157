//! The checks of a device's parameters, as NEST refuses them: every error names the device,
//! the parameter, its value and what is expected.

use super::*;

impl Device {
    /// Checks parameters; returns the device's spike or switching stamps in steps where it
    /// has any.
    pub(crate) fn validate(&self, grid: &Grid) -> Result<Vec<i64>> {
        let name = self.stimulus.nest_name();
        self.window.validate(name)?;
        let bad = |p: &'static str, value: f64, unit: &'static str, expected: String| {
            Error::InvalidParameter {
                model: name,
                name: p.into(),
                value,
                unit,
                expected,
            }
        };
        let finite = |p: &'static str, v: f64, unit: &'static str| {
            if v.is_finite() {
                Ok(())
            } else {
                Err(bad(p, v, unit, "a finite value".into()))
            }
        };
        let stamps = |times: &[f64], offgrid: bool, what: &'static str| {
            grid_stamps(grid, name, times, offgrid, what)
        };
        match &self.stimulus {
            Stimulus::Dc { amplitude } => finite("amplitude", *amplitude, "pA").map(|_| Vec::new()),
            Stimulus::Ac {
                amplitude,
                offset,
                frequency,
                phase,
            } => {
                finite("amplitude", *amplitude, "pA")?;
                finite("offset", *offset, "pA")?;
                finite("frequency", *frequency, "Hz")?;
                finite("phase", *phase, "deg")?;
                Ok(Vec::new())
            }
            Stimulus::StepCurrent {
                times,
                amplitudes,
                allow_offgrid_times,
            } => {
                if times.len() != amplitudes.len() {
                    return Err(bad(
                        "amplitude_values",
                        amplitudes.len() as f64,
                        "",
                        format!("one value per time ({} times)", times.len()),
                    ));
                }
                for a in amplitudes {
                    finite("amplitude_values", *a, "pA")?;
                }
                let s = stamps(times, *allow_offgrid_times, "amplitude_times")?;
                if s.windows(2).any(|w| w[1] <= w[0]) {
                    return Err(bad(
                        "amplitude_times",
                        times[0],
                        "ms",
                        "strictly increasing times (after rounding to the grid)".into(),
                    ));
                }
                Ok(s)
            }
            Stimulus::Noise {
                mean,
                std,
                dt,
                std_mod,
                frequency,
                phase,
            } => {
                finite("mean", *mean, "pA")?;
                if !(std.is_finite() && *std >= 0.0) {
                    return Err(bad("std", *std, "pA", "a finite value >= 0".into()));
                }
                if !(std_mod.is_finite() && *std_mod >= 0.0 && std_mod <= std) {
                    return Err(bad(
                        "std_mod",
                        *std_mod,
                        "pA",
                        format!("a value in [0, std = {std}]"),
                    ));
                }
                finite("frequency", *frequency, "Hz")?;
                finite("phase", *phase, "deg")?;
                if let Some(dt) = dt {
                    if !(dt.is_finite() && *dt > 0.0 && grid.on_grid(*dt)) {
                        return Err(bad(
                            "dt",
                            *dt,
                            "ms",
                            format!("a positive multiple of the resolution {} ms", grid.h()),
                        ));
                    }
                }
                Ok(Vec::new())
            }
            Stimulus::Poisson { rate } => {
                if !(rate.is_finite() && *rate >= 0.0) {
                    return Err(bad("rate", *rate, "Hz", "a finite rate >= 0".into()));
                }
                Ok(Vec::new())
            }
            Stimulus::SpikeTimes {
                times,
                weights,
                multiplicities,
                allow_offgrid_times,
            } => {
                for (name, len) in [
                    ("spike_multiplicities", multiplicities.len()),
                    ("spike_weights", weights.len()),
                ] {
                    if len != 0 && len != times.len() {
                        return Err(bad(
                            name,
                            len as f64,
                            "",
                            format!("one per spike time ({})", times.len()),
                        ));
                    }
                }
                for w in weights {
                    finite("spike_weights", *w, "")?;
                }
                // Spike times count from the origin (models/spike_generator.cpp).
                let origin = Grid::tics(self.window.origin) / grid.tics_per_step();
                let s: Vec<i64> = stamps(times, *allow_offgrid_times, "spike_times")?
                    .into_iter()
                    .map(|s| s + origin)
                    .collect();
                if s.windows(2).any(|w| w[1] < w[0]) {
                    return Err(bad(
                        "spike_times",
                        times[0],
                        "ms",
                        "times sorted in non-decreasing order".into(),
                    ));
                }
                Ok(s)
            }
            Stimulus::SinusoidalPoisson { .. } => {
                sinusoidal_poisson::validate(&self.stimulus).map(|_| Vec::new())
            }
            Stimulus::InhomogeneousPoisson { .. } => {
                inhomogeneous_poisson::validate(&self.stimulus, grid)
            }
            Stimulus::PulsePacket { .. } => {
                pulsepacket::validate(&self.stimulus).map(|_| Vec::new())
            }
            Stimulus::Mip { .. } => mip::validate(&self.stimulus).map(|_| Vec::new()),
            Stimulus::GammaSup { .. } => gamma_sup::validate(&self.stimulus).map(|_| Vec::new()),
            Stimulus::PpdSup { .. } => ppd_sup::validate(&self.stimulus).map(|_| Vec::new()),
            Stimulus::SpikeDilutor { .. } => {
                spike_dilutor::validate(&self.stimulus, grid).map(|_| Vec::new())
            }
            Stimulus::SinusoidalGamma { .. } => {
                sinusoidal_gamma::validate(&self.stimulus).map(|_| Vec::new())
            }
            Stimulus::StepRate { .. } => step_rate::validate(&self.stimulus, grid),
        }
    }
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

/// The steps of `times` (ms, > 0): on the grid, or rounded up to it where off-grid times are
/// allowed (NEST's `Time::ms_stamp`).
pub(crate) fn grid_stamps(
    grid: &Grid,
    device: &'static str,
    times: &[f64],
    offgrid: bool,
    what: &'static str,
) -> Result<Vec<i64>> {
    let mut out: Vec<i64> = Vec::with_capacity(times.len());
    for &t in times {
        if !t.is_finite() || t <= 0.0 {
            return Err(invalid(device, what, t, "ms", "finite times > 0"));
        }
        let s = if grid.on_grid(t) {
            Grid::tics(t) / grid.tics_per_step()
        } else if offgrid {
            grid.steps_ceil(t)
        } else {
            return Err(invalid(
                device,
                what,
                t,
                "ms",
                format!(
                    "a multiple of the resolution {} ms (or allow off-grid times)",
                    grid.h()
                ),
            ));
        };
        out.push(s);
    }
    Ok(out)
}
