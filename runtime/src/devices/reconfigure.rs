//! Parameters of a connected device changed between two `simulate` calls (NEST's `SetStatus`
//! on a device between `Simulate` calls): NEST changes the parameters, keeps the device's
//! state and recomputes what derives from the parameters when the next run starts
//! (nestkernel/stimulation_device.cpp, the models' `pre_run_hook`).

use super::{Device, DeviceRun, Generator, NOISE_DT, Stimulus};
use crate::error::Error;
use crate::time::Grid;

impl Stimulus {
    /// Whether a connected device of this kind can take new parameters: those whose state is
    /// the current amplitude, the rotation or the position in their lists. The generators
    /// with a file of their own keep more state and are refused for now.
    pub(crate) fn changes_between_runs(&self) -> bool {
        matches!(
            self,
            Stimulus::Dc { .. }
                | Stimulus::Ac { .. }
                | Stimulus::StepCurrent { .. }
                | Stimulus::Noise { .. }
                | Stimulus::Poisson { .. }
                | Stimulus::SpikeTimes { .. }
                | Stimulus::SinusoidalPoisson { .. }
                | Stimulus::SinusoidalGamma { .. }
        )
    }

    /// The refusal of a change to a device that cannot take one.
    pub(crate) fn refuse_change(&self) -> Error {
        Error::InvalidNodes(format!(
            "the parameters of a connected {} cannot be changed between runs yet (dc, ac, \
             step current, noise, Poisson, spike and sinusoidal generators can); connect a new \
             one",
            self.nest_name()
        ))
    }
}

impl DeviceRun {
    /// Takes `device` (checked; `stamps` its spike or switching steps) for the runs from now
    /// on, keeping the state NEST keeps: a step current generator's amplitude until its next
    /// switching time, the noise generator's current amplitudes until its next draw, the
    /// random streams, the gamma generator's trains; a spike generator restarts from the
    /// first of its new times that lies ahead, a Poisson generator draws at its new rate.
    pub(crate) fn reconfigure(&mut self, device: Device, stamps: Vec<i64>, grid: &Grid, now: u64) {
        let (t_min, t_max) = device.window.steps(grid);
        (self.t_min, self.t_max) = (t_min, t_max);
        if let Stimulus::Noise { dt, .. } = &device.stimulus {
            self.dt_steps = grid.steps_ceil(dt.unwrap_or(NOISE_DT)).max(1);
        }
        if matches!(
            device.stimulus,
            Stimulus::SpikeTimes { .. } | Stimulus::StepCurrent { .. }
        ) {
            // Past times are passed over at the next step (spikes) or run start (currents).
            self.next = 0;
        }
        self.poisson = None;
        match &mut self.generator {
            Some(Generator::SinusoidalPoisson(g)) => g.change(&device.stimulus),
            Some(Generator::SinusoidalGamma(g)) => g.change(&device.stimulus, grid, now),
            _ => {}
        }
        self.device = device;
        self.stamps = stamps;
    }
}
