//! `sinusoidal_poisson_generator` (models/sinusoidal_poisson_generator.cpp): Poisson spikes at
//! the rate `max(0, rate + amplitude · sin(2π f t + phase))`.
//!
//! As NEST has it:
//! * the rate of step `s` is the one at the end of the step, `t = (s + 1) h`: a rotation started
//!   at the current time by every `simulate` is advanced once per step before it is read, also
//!   while the device is outside its window, so the phase is always right;
//! * NEST counts this generator among the current generators for its window: step `s` sends
//!   when `t_min < s + 2 <= t_max`, so spikes carry stamps from `origin + start` to
//!   `origin + stop - h` (one step earlier at both ends than `poisson_generator`'s);
//! * with `individual_spike_trains` every target draws its own count (its own stream), without,
//!   one count drawn from the device's shared stream goes to every target.

use super::{Step, finite, shared_stream};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::rng::Stream;
use crate::time::Grid;

const NAME: &str = "sinusoidal_poisson_generator";

/// NEST checks none of the values (any finite value is taken; a negative rate is clipped).
pub(super) fn validate(stimulus: &Stimulus) -> Result<()> {
    let Stimulus::SinusoidalPoisson {
        rate,
        amplitude,
        frequency,
        phase,
        ..
    } = stimulus
    else {
        unreachable!()
    };
    finite(NAME, "rate", *rate, "Hz")?;
    finite(NAME, "amplitude", *amplitude, "Hz")?;
    finite(NAME, "frequency", *frequency, "Hz")?;
    finite(NAME, "phase", *phase, "deg")
}

/// The generator's state in one engine.
pub(super) struct Run {
    /// Mean rate and amplitude in spikes/ms, angular frequency in rad/ms, phase in rad.
    rate: f64,
    amplitude: f64,
    om: f64,
    phi: f64,
    individual: bool,
    /// The rotation (amplitude · cos, amplitude · sin) at the end of the last step, and its
    /// step matrix (cos, sin of ω h).
    y: (f64, f64),
    rot: (f64, f64),
    streams: Vec<Stream>,
    shared: Option<Stream>,
    /// The rate of the last step in spikes/ms (the recordable `rate`, in spikes/s).
    pub(super) current: f64,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus) -> Self {
        let Stimulus::SinusoidalPoisson {
            rate,
            amplitude,
            frequency,
            phase,
            individual_spike_trains,
        } = stimulus
        else {
            unreachable!()
        };
        Run {
            rate: rate / 1000.0,
            amplitude: amplitude / 1000.0,
            om: frequency * (2.0 * std::f64::consts::PI / 1000.0),
            phi: phase * (std::f64::consts::PI / 180.0),
            individual: *individual_spike_trains,
            y: (0.0, 0.0),
            rot: (1.0, 0.0),
            streams: Vec::new(),
            shared: None,
            current: 0.0,
        }
    }

    /// NEST's pre_run_hook: the rotation starts from the current time.
    /// New parameters between runs: the rotation restarts from them at the next run, the
    /// random streams go on (models/sinusoidal_poisson_generator.cpp recomputes its state
    /// in pre_run_hook).
    pub(super) fn change(&mut self, stimulus: &Stimulus) {
        let next = Run::new(stimulus);
        (self.rate, self.amplitude, self.om, self.phi) =
            (next.rate, next.amplitude, next.om, next.phi);
    }

    pub(super) fn prepare(&mut self, grid: &Grid, now_step: u64) {
        let t = grid.ms_of_step(now_step);
        let h = grid.h();
        self.y = (
            self.amplitude * (self.om * t + self.phi).cos(),
            self.amplitude * (self.om * t + self.phi).sin(),
        );
        self.rot = ((h * self.om).cos(), (h * self.om).sin());
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        let (c, s) = self.rot;
        let (y0, y1) = self.y;
        self.y = (c * y0 - s * y1, s * y0 + c * y1);
        let rate = (self.rate + self.y.1).max(0.0);
        self.current = rate;
        if !(rate > 0.0 && step.current_window(step.s as i64)) {
            return;
        }
        let lambda = rate * step.h;
        if self.individual {
            let n = step.targets.len();
            for k in 0..n {
                let count = step.target_streams(&mut self.streams)[k].poisson(lambda);
                if count > 0 {
                    step.send(k, count);
                }
            }
        } else {
            let shared = self
                .shared
                .get_or_insert_with(|| shared_stream(step.seed, step.id));
            let count = shared.poisson(lambda);
            if count > 0 {
                step.send_all(count);
            }
        }
    }
}
