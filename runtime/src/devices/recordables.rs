//! What a multimeter records of a device (NEST's `recordables` of the generators, each device
//! recording its value of every step it updates):
//! * `I` of `dc_generator`, `ac_generator` and `step_current_generator`: the current sent in
//!   the step, 0 outside the window (models/dc_generator.cpp etc., `S_.I_`);
//! * `I` of `noise_generator`: the mean of the currents of its targets in the step (0 without
//!   targets), 0 outside the window (models/noise_generator.cpp, `S_.I_avg_`);
//! * `rate` of `sinusoidal_poisson_generator` (clipped at 0) and `sinusoidal_gamma_generator`
//!   (not clipped): the rate at the end of the step in spikes/s, also outside the window;
//! * `rate` of `step_rate_generator`: the rate sent in the step, 0 outside the window.

use super::{DeviceRun, DeviceTarget, Generator, Stimulus};

/// NEST's recordables of a device (empty for the devices a multimeter cannot record).
pub fn recordables(stimulus: &Stimulus) -> &'static [&'static str] {
    match stimulus {
        Stimulus::Dc { .. }
        | Stimulus::Ac { .. }
        | Stimulus::StepCurrent { .. }
        | Stimulus::Noise { .. } => &["I"],
        Stimulus::SinusoidalPoisson { .. }
        | Stimulus::SinusoidalGamma { .. }
        | Stimulus::StepRate { .. } => &["rate"],
        _ => &[],
    }
}

/// A device's recordable after its last step, as one engine knows it.
pub(crate) enum DeviceSample<'a> {
    /// The value; every engine computes the same.
    Value(f64),
    /// `noise_generator` in its window: the current of each of this engine's targets (the
    /// mean is taken over the targets of all engines).
    Targets(&'a [DeviceTarget], &'a [f64]),
}

impl DeviceRun {
    /// The recordable's value after the last emitted step (see the module documentation).
    pub(crate) fn sample(&self) -> DeviceSample<'_> {
        match (&self.generator, &self.device.stimulus) {
            (Some(Generator::SinusoidalPoisson(g)), _) => DeviceSample::Value(1000.0 * g.current),
            (Some(Generator::SinusoidalGamma(g)), _) => DeviceSample::Value(1000.0 * g.current),
            (Some(Generator::StepRate(g)), _) => DeviceSample::Value(g.rate),
            (None, Stimulus::Noise { .. }) if self.sent => {
                DeviceSample::Targets(&self.targets, &self.amps)
            }
            _ => DeviceSample::Value(self.recorded),
        }
    }
}
