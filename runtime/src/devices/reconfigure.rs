//! Parameters of a connected device changed between two `simulate` calls (NEST's `SetStatus`
//! on a device between `Simulate` calls): NEST changes the parameters, keeps the device's
//! state and recomputes what derives from the parameters when the next run starts
//! (nestkernel/stimulation_device.cpp, the models' `pre_run_hook`).

use super::{Device, DeviceRun, Generator, NOISE_DT, Stimulus};
use crate::time::Grid;

impl DeviceRun {
    /// Takes `device` (checked; `stamps` its spike or switching steps; `given` the names of
    /// the parameters set) for the runs from now on, keeping the state NEST keeps: a step
    /// current, step rate or inhomogeneous Poisson generator's value until its next new time,
    /// the noise generator's current amplitudes until its next draw, the random streams, the
    /// gamma generators' trains and occupation numbers, the dead-time generator's ages, the
    /// dilutor's pending mother spikes, a pulse packet's drawn spikes unless a pulse parameter
    /// is given; a spike generator restarts from the first of its new times that lies ahead.
    pub(crate) fn reconfigure(
        &mut self,
        device: Device,
        stamps: Vec<i64>,
        grid: &Grid,
        now: u64,
        given: &[&str],
    ) {
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
        let stimulus = &device.stimulus;
        match &mut self.generator {
            Some(Generator::SinusoidalPoisson(g)) => g.change(stimulus),
            Some(Generator::SinusoidalGamma(g)) => g.change(stimulus, grid, now),
            Some(Generator::InhomogeneousPoisson(g)) => g.change(stimulus, stamps.clone()),
            Some(Generator::StepRate(g)) => g.change(stimulus, stamps.clone()),
            Some(Generator::PulsePacket(g)) => {
                // models/pulsepacket_generator.cpp, Parameters_::set.
                let redraw = ["pulse_times", "activity", "sdev"];
                g.change(stimulus, given.iter().any(|n| redraw.contains(n)));
            }
            Some(Generator::Mip(g)) => g.change(stimulus),
            Some(Generator::GammaSup(g)) => g.change(stimulus),
            Some(Generator::PpdSup(g)) => g.change(stimulus, grid),
            Some(Generator::SpikeDilutor(g)) => g.change(stimulus),
            None => {}
        }
        self.device = device;
        self.stamps = stamps;
    }
}
