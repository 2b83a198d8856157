//! Stimulation devices with NEST 3.10's semantics: activity windows (start, stop, origin), the
//! step at which each kind first acts, and per-target independent randomness.
//!
//! A device is evaluated for step `s` (the interval `(s·h, (s+1)·h]`) and writes into its
//! targets' ring buffers at `s + delay`. Current generators are active when
//! `t_min < s + 2 <= t_max`, spike generators when `t_min < stamp <= t_max`
//! (nestkernel/stimulation_device.cpp), with `t_min/t_max` the steps of `origin + start/stop`.
//!
//! The generators with their own state live in files of their own: their parameters' checks,
//! their state and their emission per step ([`sinusoidal_poisson`], [`inhomogeneous_poisson`],
//! [`pulsepacket`], [`mip`], [`gamma_sup`], [`ppd_sup`], [`spike_dilutor`],
//! [`sinusoidal_gamma`], [`step_rate`]). What a multimeter records of a device is in
//! [`recordables`].
//!
//! Devices by NEST name and parameter dictionary are made in `by_name.rs` (NEST's defaults in
//! `defaults.rs`, every parameter of every device in `fields.rs`, the values in
//! `param_value.rs`); device times are read as NEST reads them in `nest_time.rs` and
//! `times.rs`.

use crate::arrival::{Signal, SpikeInput};
use crate::error::{Error, Result};
use crate::nodes::NodeCollection;
use crate::ring::Ring;
use crate::rng::{LockstepStreams, Stream, streams};
use crate::time::Grid;

mod by_name;
mod defaults;
mod draws;
mod fields;
mod gamma_sup;
mod inhomogeneous_poisson;
mod mip;
mod nest_time;
mod param_value;
mod ppd_sup;
mod pulsepacket;
mod reconfigure;
mod recordables;
mod sinusoidal_gamma;
mod sinusoidal_poisson;
mod spike_dilutor;
mod step_rate;
mod times;
mod validate;
mod window;

pub(crate) use draws::PoissonSampler;
pub(crate) use draws::{binomial, shared_stream, streams_for, transitions};
pub use param_value::ParamValue;
pub(crate) use recordables::DeviceSample;
pub use recordables::recordables;
pub(crate) use step_rate::RunSpan;
pub(crate) use validate::{at_least, finite, invalid, probability};
pub use window::Window;

/// NEST's default `dt` of `noise_generator` in ms (`Stimulus::Noise` with `dt: None`).
pub const NOISE_DT: f64 = 1.0;

/// What a device does.
#[derive(Clone, Debug, PartialEq)]
pub enum Stimulus {
    /// `dc_generator`: a constant current (pA).
    Dc {
        /// Amplitude in pA.
        amplitude: f64,
    },
    /// `ac_generator`: `offset + amplitude · sin(2π f t + phase)` (pA, Hz, degrees).
    Ac {
        /// Amplitude in pA.
        amplitude: f64,
        /// Offset in pA.
        offset: f64,
        /// Frequency in Hz.
        frequency: f64,
        /// Phase in degrees.
        phase: f64,
    },
    /// `step_current_generator`: piecewise-constant current switching at `times` (ms).
    StepCurrent {
        /// Switching times in ms, strictly increasing and positive.
        times: Vec<f64>,
        /// Amplitudes in pA, one per time.
        amplitudes: Vec<f64>,
        /// Round off-grid times up to the grid instead of rejecting them.
        allow_offgrid_times: bool,
    },
    /// `noise_generator`: Gaussian current, a new amplitude per target every `dt`.
    Noise {
        /// Mean in pA.
        mean: f64,
        /// Standard deviation in pA.
        std: f64,
        /// Interval between new amplitudes in ms (`None`: NEST's default, [`NOISE_DT`]).
        dt: Option<f64>,
        /// Modulation of the standard deviation in pA.
        std_mod: f64,
        /// Modulation frequency in Hz.
        frequency: f64,
        /// Modulation phase in degrees.
        phase: f64,
    },
    /// `poisson_generator`: an independent Poisson train per target (rate in Hz).
    Poisson {
        /// Rate in spikes/s.
        rate: f64,
    },
    /// `spike_generator`: spikes at given times (ms, relative to the window's origin),
    /// optionally with per-spike weights (multiplying the connection weight) and multiplicities.
    SpikeTimes {
        /// Spike times in ms, positive and on the grid (unless off-grid times are allowed).
        times: Vec<f64>,
        /// Weight factor of each spike (empty: 1 each).
        weights: Vec<f64>,
        /// Multiplicity of each spike (empty: 1 each).
        multiplicities: Vec<u32>,
        /// Round off-grid times up to the grid instead of rejecting them.
        allow_offgrid_times: bool,
    },
    /// `sinusoidal_poisson_generator`: Poisson spikes at the rate
    /// `max(0, rate + amplitude · sin(2π f t + phase))` (Hz, Hz, Hz, degrees), `t` the end of
    /// the step in ms.
    SinusoidalPoisson {
        /// Mean rate in spikes/s.
        rate: f64,
        /// Amplitude of the modulation in spikes/s.
        amplitude: f64,
        /// Frequency in Hz.
        frequency: f64,
        /// Phase in degrees.
        phase: f64,
        /// An independent train per target (true, NEST's default) or one train for all.
        individual_spike_trains: bool,
    },
    /// `inhomogeneous_poisson_generator`: an independent Poisson train per target with a
    /// piecewise-constant rate, `rate_values[i]` (spikes/s) from `rate_times[i]` (ms) on.
    InhomogeneousPoisson {
        /// Times at which the rate changes, ms, strictly increasing, after the current time.
        rate_times: Vec<f64>,
        /// The rate from each time on, spikes/s (a rate <= 0 sends nothing).
        rate_values: Vec<f64>,
        /// Round off-grid times up to the grid instead of rejecting them.
        allow_offgrid_times: bool,
    },
    /// `pulsepacket_generator`: around each pulse time, `activity` spikes at Gaussian times
    /// with standard deviation `sdev`; all targets get the same spikes.
    PulsePacket {
        /// Centres of the pulses in ms (any order).
        pulse_times: Vec<f64>,
        /// Spikes per pulse.
        activity: u32,
        /// Standard deviation of the spike times in ms.
        sdev: f64,
    },
    /// `mip_generator`: a mother Poisson train (rate in spikes/s) shared by all targets; each
    /// target gets each of its spikes with probability `p_copy`, independently.
    Mip {
        /// Rate of the mother train in spikes/s.
        rate: f64,
        /// Probability that a target gets a spike of the mother train.
        p_copy: f64,
    },
    /// `gamma_sup_generator`: per target, the superposition of `n_proc` independent gamma
    /// processes of order `gamma_shape`, each at `rate` (spikes/s).
    GammaSup {
        /// Rate of each component process in spikes/s.
        rate: f64,
        /// Order of the gamma processes (>= 1).
        gamma_shape: u64,
        /// Number of component processes (>= 1).
        n_proc: u64,
    },
    /// `ppd_sup_generator`: per target, the superposition of `n_proc` independent Poisson
    /// processes with dead time, each at `rate` (spikes/s), the hazard modulated by
    /// `1 + relative_amplitude · sin(2π frequency t)`.
    PpdSup {
        /// Rate of each component process in spikes/s (`1000 / rate > dead_time`).
        rate: f64,
        /// Dead time in ms (>= 0).
        dead_time: f64,
        /// Number of component processes (>= 1).
        n_proc: u64,
        /// Frequency of the modulation in Hz.
        frequency: f64,
        /// Relative amplitude of the modulation, in [0, 1].
        relative_amplitude: f64,
    },
    /// `spike_dilutor`: repeats each spike of the neurons `sources` (its mother process,
    /// arriving after `source_delay`) to each target with probability `p_copy`, independently.
    SpikeDilutor {
        /// Probability that a target gets a mother spike.
        p_copy: f64,
        /// The neurons whose spikes are the mother process (NEST: the nodes connected to it).
        sources: NodeCollection,
        /// Delay from the sources to the dilutor in ms (NEST: of their connections to it).
        source_delay: f64,
    },
    /// `sinusoidal_gamma_generator`: a gamma process of order `order` with the rate
    /// `rate + amplitude · sin(2π f t + phase)` (Hz, Hz, Hz, degrees; `0 <= amplitude <= rate`).
    SinusoidalGamma {
        /// Mean rate in spikes/s.
        rate: f64,
        /// Amplitude of the modulation in spikes/s.
        amplitude: f64,
        /// Frequency in Hz.
        frequency: f64,
        /// Phase in degrees.
        phase: f64,
        /// Order of the gamma process (real, >= 1).
        order: f64,
        /// A train per target (true, NEST's default) or one train for all.
        individual_spike_trains: bool,
    },
    /// `step_rate_generator`: a piecewise-constant rate, `values[i]` from `times[i]` (ms) on,
    /// sent to rate neurons through `rate_connection_delayed`
    /// ([`SynSpec::rate_delayed`](crate::SynSpec::rate_delayed)); they take it as input from
    /// another rate node.
    /// A value sent for step `s` reaches a target's update in step `s + d - min_delay`, `d`
    /// the connection's delay and `min_delay` NEST's over all connections.
    StepRate {
        /// Times at which the rate changes, ms, strictly increasing and positive.
        times: Vec<f64>,
        /// The rate from each time on (the unit of the targets' rates).
        values: Vec<f64>,
        /// Round off-grid times up to the grid instead of rejecting them.
        allow_offgrid_times: bool,
        /// Whether the generator is updated before its targets (NEST updates nodes in creation
        /// order: true for a generator created before them). Updated after them, a target
        /// has already read its input of the slice being updated, so the values that would
        /// reach it within that slice arrive one ring length (min delay + max delay) later.
        before_targets: bool,
    },
}

impl Stimulus {
    /// NEST's name of the device.
    pub fn nest_name(&self) -> &'static str {
        match self {
            Stimulus::Dc { .. } => "dc_generator",
            Stimulus::Ac { .. } => "ac_generator",
            Stimulus::StepCurrent { .. } => "step_current_generator",
            Stimulus::Noise { .. } => "noise_generator",
            Stimulus::Poisson { .. } => "poisson_generator",
            Stimulus::SpikeTimes { .. } => "spike_generator",
            Stimulus::SinusoidalPoisson { .. } => "sinusoidal_poisson_generator",
            Stimulus::InhomogeneousPoisson { .. } => "inhomogeneous_poisson_generator",
            Stimulus::PulsePacket { .. } => "pulsepacket_generator",
            Stimulus::Mip { .. } => "mip_generator",
            Stimulus::GammaSup { .. } => "gamma_sup_generator",
            Stimulus::PpdSup { .. } => "ppd_sup_generator",
            Stimulus::SpikeDilutor { .. } => "spike_dilutor",
            Stimulus::SinusoidalGamma { .. } => "sinusoidal_gamma_generator",
            Stimulus::StepRate { .. } => "step_rate_generator",
        }
    }

    /// Whether the device sends currents (else spikes).
    pub fn is_current(&self) -> bool {
        matches!(
            self,
            Stimulus::Dc { .. }
                | Stimulus::Ac { .. }
                | Stimulus::StepCurrent { .. }
                | Stimulus::Noise { .. }
        )
    }

    /// What the device sends: NEST lets spike_generator and noise_generator drive binary
    /// neurons too, the others spiking neurons only.
    pub fn signal(&self) -> Signal {
        match self {
            Stimulus::SpikeTimes { .. } | Stimulus::Noise { .. } => Signal::Either,
            _ => Signal::Spike,
        }
    }
}

/// A device: what it does and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Device {
    /// What it does.
    pub stimulus: Stimulus,
    /// When.
    pub window: Window,
}

impl From<Stimulus> for Device {
    fn from(stimulus: Stimulus) -> Self {
        Device {
            stimulus,
            window: Window::default(),
        }
    }
}

impl Device {
    /// The same device active from `start` to `stop` (ms, relative to origin).
    pub fn between(mut self, start: f64, stop: f64) -> Self {
        self.window.start = start;
        self.window.stop = stop;
        self
    }
    /// The same device with another origin (ms).
    pub fn origin(mut self, origin: f64) -> Self {
        self.window.origin = origin;
        self
    }
}

/// One target of a device in an engine.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DeviceTarget {
    /// Ring offset of the target's input channel.
    pub offset: u32,
    /// Node index of the target (keys its random stream).
    pub node: u32,
    pub weight: f64,
    pub delay: u64,
    /// What a spike adds at the target's channel (spike stimuli).
    pub input: SpikeInput,
    /// The target's population and its index in the engine's share (rate stimuli read its
    /// parameters).
    pub pop: u32,
    pub local: u32,
}

/// A device's state in one engine: every engine advances the device's own state identically and
/// serves only its targets.
pub(crate) struct DeviceRun {
    pub id: u64,
    pub device: Device,
    pub stamps: Vec<i64>,
    pub targets: Vec<DeviceTarget>,
    t_min: i64,
    t_max: i64,
    // ac_generator and noise_generator rotation (y0, y1) and its step matrix entries.
    rot: (f64, f64),
    rot_step: (f64, f64),
    // step_current_generator: next stamp index and the current amplitude.
    next: usize,
    amp: f64,
    // The current generators: whether the last step sent input, and its current (`I`).
    sent: bool,
    recorded: f64,
    // noise_generator: next step at which amplitudes are drawn, and each target's amplitude.
    next_draw: i64,
    amps: Vec<f64>,
    dt_steps: i64,
    h: f64,
    grid: Grid,
    poisson: Option<PoissonSampler>,
    /// One stream per target, advanced step after step: a target's draws depend only on the
    /// seed, the device and the target, never on which thread serves it.
    streams: Vec<Stream>,
    /// The same streams computed together while every target draws one uniform per step (a
    /// Poisson generator with a small mean); a target that needs more words is split off.
    lockstep: Option<LockstepStreams>,
    split: Vec<Option<Stream>>,
    /// How many targets of `split` draw on their own.
    n_split: usize,
    uniforms: Vec<f64>,
    /// The generators with a file of their own: their state.
    generator: Option<Generator>,
    /// Steps per min-delay slice (NEST's mip and pulse-packet generators check their window
    /// once per slice).
    slice: u64,
}

/// The state of a generator that lives in a file of its own.
enum Generator {
    SinusoidalPoisson(sinusoidal_poisson::Run),
    InhomogeneousPoisson(inhomogeneous_poisson::Run),
    PulsePacket(pulsepacket::Run),
    Mip(mip::Run),
    GammaSup(gamma_sup::Run),
    PpdSup(ppd_sup::Run),
    SpikeDilutor(spike_dilutor::Run),
    SinusoidalGamma(sinusoidal_gamma::Run),
    StepRate(step_rate::Run),
}

/// One step of a generator: the step, its window, its targets and the ring they read.
pub(super) struct Step<'a> {
    /// The step (spikes emitted now carry the stamp `s + 1`).
    pub s: u64,
    pub seed: u64,
    /// The device's number (keys its streams).
    pub id: u64,
    /// The window in steps (see the module documentation).
    pub t_min: i64,
    pub t_max: i64,
    /// Resolution in ms.
    pub h: f64,
    /// The time grid (NEST's times of steps in ms).
    pub grid: Grid,
    /// Steps per min-delay slice.
    pub slice: u64,
    pub targets: &'a [DeviceTarget],
    pub ring: &'a mut Ring,
}

impl Step<'_> {
    /// NEST's window of a spike generator at step `step`: `t_min < step <= t_max`.
    pub fn spike_window(&self, step: i64) -> bool {
        self.t_min < step && step <= self.t_max
    }
    /// NEST's window of a current generator at step `step`: `t_min < step + 2 <= t_max`.
    pub fn current_window(&self, step: i64) -> bool {
        self.t_min < step + 2 && step + 2 <= self.t_max
    }
    /// The first step of the min-delay slice holding this step (NEST's slice origin).
    pub fn slice_origin(&self) -> u64 {
        self.s - self.s % self.slice.max(1)
    }
    /// Sends `m` spikes, as one event, to target `k`.
    pub fn send(&mut self, k: usize, m: u64) {
        let t = &self.targets[k];
        let v = t.input.device_value(t.weight, m as f64);
        self.ring.add(self.s + t.delay, t.offset, v);
    }
    /// Sends `m` spikes, as one event, to every target.
    pub fn send_all(&mut self, m: u64) {
        for k in 0..self.targets.len() {
            self.send(k, m);
        }
    }
    /// One stream per target, keyed by the target: created on first use.
    pub fn target_streams<'s>(&self, streams: &'s mut Vec<Stream>) -> &'s mut [Stream] {
        streams_for(streams, self.targets, self.seed, self.id)
    }
}

impl DeviceRun {
    pub(crate) fn new(id: u64, device: Device, stamps: Vec<i64>, grid: &Grid) -> Self {
        let (t_min, t_max) = device.window.steps(grid);
        let dt_steps = match &device.stimulus {
            Stimulus::Noise { dt, .. } => grid.steps_ceil(dt.unwrap_or(NOISE_DT)).max(1),
            _ => 1,
        };
        let generator = match &device.stimulus {
            Stimulus::SinusoidalPoisson { .. } => Some(Generator::SinusoidalPoisson(
                sinusoidal_poisson::Run::new(&device.stimulus),
            )),
            Stimulus::InhomogeneousPoisson { .. } => Some(Generator::InhomogeneousPoisson(
                inhomogeneous_poisson::Run::new(&device.stimulus, stamps.clone()),
            )),
            Stimulus::PulsePacket { .. } => Some(Generator::PulsePacket(pulsepacket::Run::new(
                &device.stimulus,
            ))),
            Stimulus::Mip { .. } => Some(Generator::Mip(mip::Run::new(&device.stimulus))),
            Stimulus::GammaSup { .. } => {
                Some(Generator::GammaSup(gamma_sup::Run::new(&device.stimulus)))
            }
            Stimulus::PpdSup { .. } => {
                Some(Generator::PpdSup(ppd_sup::Run::new(&device.stimulus, grid)))
            }
            Stimulus::SpikeDilutor { .. } => Some(Generator::SpikeDilutor(
                spike_dilutor::Run::new(&device.stimulus, grid),
            )),
            Stimulus::SinusoidalGamma { .. } => Some(Generator::SinusoidalGamma(
                sinusoidal_gamma::Run::new(&device.stimulus),
            )),
            Stimulus::StepRate { .. } => Some(Generator::StepRate(step_rate::Run::new(
                &device.stimulus,
                stamps.clone(),
            ))),
            _ => None,
        };
        DeviceRun {
            id,
            device,
            stamps,
            targets: Vec::new(),
            t_min,
            t_max,
            rot: (0.0, 0.0),
            rot_step: (1.0, 0.0),
            next: 0,
            amp: 0.0,
            sent: false,
            recorded: 0.0,
            next_draw: 0,
            amps: Vec::new(),
            dt_steps,
            h: grid.h(),
            grid: *grid,
            poisson: None,
            streams: Vec::new(),
            lockstep: None,
            split: Vec::new(),
            n_split: 0,
            uniforms: Vec::new(),
            generator,
            slice: 1,
        }
    }

    /// Called at the start of every `simulate` (NEST's pre_run_hook): the oscillating devices
    /// restart their rotation from the current time. `slice`: steps per min-delay slice;
    /// `nest_ring`: the length of NEST's ring buffers in steps (min delay + max delay).
    pub(crate) fn prepare(&mut self, grid: &Grid, span: &RunSpan<'_>, slice: u64, nest_ring: u64) {
        self.slice = slice;
        let now_step = span.now;
        match &mut self.generator {
            Some(Generator::StepRate(g)) => return g.prepare(span, &self.targets),
            Some(Generator::SpikeDilutor(g)) => return g.prepare(nest_ring),
            Some(Generator::SinusoidalGamma(g)) => return g.prepare(grid, now_step),
            Some(Generator::SinusoidalPoisson(g)) => return g.prepare(grid, now_step),
            Some(Generator::InhomogeneousPoisson(g)) => return g.prepare(now_step),
            Some(Generator::PulsePacket(g)) => return g.prepare(grid, now_step),
            Some(Generator::GammaSup(g)) => return g.prepare(self.targets.len()),
            Some(Generator::PpdSup(g)) => return g.prepare(self.targets.len()),
            Some(Generator::Mip(_)) => return,
            None => {}
        }
        let t = grid.ms_of_step(now_step);
        let h = grid.h();
        let (amplitude, frequency, phase) = match &self.device.stimulus {
            Stimulus::Ac {
                amplitude,
                frequency,
                phase,
                ..
            } => (*amplitude, *frequency, *phase),
            Stimulus::Noise {
                frequency, phase, ..
            } => (1.0, *frequency, *phase),
            _ => return,
        };
        // models/ac_generator.cpp, models/noise_generator.cpp pre_run_hook.
        let omega = 2.0 * std::f64::consts::PI * frequency / 1000.0;
        let phi = phase * 2.0 * std::f64::consts::PI / 360.0;
        self.rot = (
            amplitude * (omega * t + phi).cos(),
            amplitude * (omega * t + phi).sin(),
        );
        self.rot_step = ((omega * h).cos(), (omega * h).sin());
        if self.amps.len() != self.targets.len() {
            self.amps = vec![0.0; self.targets.len()];
        }
        if let Stimulus::StepCurrent { .. } = self.device.stimulus {
            while self.next < self.stamps.len() && self.stamps[self.next] <= now_step as i64 {
                self.next += 1;
            }
        }
    }

    /// The network's spikes of a slice, `(step, node)`: a spike dilutor takes its mother
    /// spikes from them.
    pub(crate) fn receive(&mut self, spikes: &[(u64, u32)]) {
        if let Some(Generator::SpikeDilutor(g)) = &mut self.generator {
            g.receive(spikes);
        }
    }

    fn rotate(&mut self) {
        let (c, s) = self.rot_step;
        let (y0, y1) = self.rot;
        self.rot = (c * y0 + (-s) * y1, s * y0 + c * y1);
    }

    /// Emits step `s` into `ring`.
    pub(crate) fn emit(&mut self, s: u64, seed: u64, ring: &mut Ring) {
        if let Some(generator) = &mut self.generator {
            let mut step = Step {
                s,
                seed,
                id: self.id,
                t_min: self.t_min,
                t_max: self.t_max,
                h: self.h,
                grid: self.grid,
                slice: self.slice,
                targets: &self.targets,
                ring,
            };
            match generator {
                Generator::SinusoidalPoisson(g) => g.emit(&mut step),
                Generator::InhomogeneousPoisson(g) => g.emit(&mut step),
                Generator::PulsePacket(g) => g.emit(&mut step),
                Generator::Mip(g) => g.emit(&mut step),
                Generator::GammaSup(g) => g.emit(&mut step),
                Generator::PpdSup(g) => g.emit(&mut step),
                Generator::SpikeDilutor(g) => g.emit(&mut step),
                Generator::SinusoidalGamma(g) => g.emit(&mut step),
                Generator::StepRate(g) => g.emit(&mut step),
            }
            return;
        }
        let step = s as i64;
        let current_active = self.t_min < step + 2 && step + 2 <= self.t_max;
        self.sent = current_active;
        self.recorded = 0.0;
        match &self.device.stimulus {
            Stimulus::Dc { amplitude } => {
                if current_active {
                    self.recorded = *amplitude;
                    for t in &self.targets {
                        ring.add(s + t.delay, t.offset, t.weight * amplitude);
                    }
                }
            }
            Stimulus::Ac { offset, .. } => {
                let offset = *offset;
                self.rotate();
                if current_active {
                    let i = self.rot.1 + offset;
                    self.recorded = i;
                    for t in &self.targets {
                        ring.add(s + t.delay, t.offset, t.weight * i);
                    }
                }
            }
            Stimulus::StepCurrent { amplitudes, .. } => {
                if self.next < self.stamps.len() && step + 1 == self.stamps[self.next] {
                    self.amp = amplitudes[self.next];
                    self.next += 1;
                }
                if current_active {
                    self.recorded = self.amp;
                    for t in &self.targets {
                        ring.add(s + t.delay, t.offset, t.weight * self.amp);
                    }
                }
            }
            Stimulus::Noise {
                mean, std, std_mod, ..
            } => {
                let (mean, std, std_mod) = (*mean, *std, *std_mod);
                if !current_active {
                    return;
                }
                if std_mod != 0.0 {
                    self.rotate();
                }
                if step >= self.next_draw {
                    let sd = (std * std + self.rot.1 * std_mod * std_mod).sqrt();
                    let streams = streams_for(&mut self.streams, &self.targets, seed, self.id);
                    for (amp, rng) in self.amps.iter_mut().zip(streams.iter_mut()) {
                        *amp = mean + sd * rng.normal();
                    }
                    self.next_draw = step + self.dt_steps;
                }
                for (k, t) in self.targets.iter().enumerate() {
                    ring.add(s + t.delay, t.offset, t.weight * self.amps[k]);
                }
            }
            Stimulus::Poisson { rate } => {
                // Spikes emitted in step s carry the stamp s + 1; active when t_min < s <= t_max
                // (the first possible spike of a generator starting at 0 is stamped 2h).
                if *rate <= 0.0 || !(self.t_min < step && step <= self.t_max) {
                    return;
                }
                let sampler = self.poisson.get_or_insert_with(|| {
                    // models/poisson_generator.cpp: λ = (h · rate) · 1e-3.
                    PoissonSampler::new((self.h * rate) * 1e-3)
                });
                if !sampler.cdf.is_empty() {
                    let n = self.targets.len();
                    let batch = self.lockstep.get_or_insert_with(|| {
                        let keys = self.targets.iter().map(|t| t.node as u64);
                        LockstepStreams::new(seed, keys, streams::DEVICE_BASE + self.id)
                    });
                    self.split.resize(n, None);
                    self.uniforms.resize(n, 0.0);
                    batch.uniforms(&mut self.uniforms);
                    // The usual case: no target has left the table yet; stop at the first
                    // that does and go on with the general loop from there.
                    let mut from = n;
                    if self.n_split == 0 {
                        let beyond = sampler.cdf.len() as u64;
                        for (k, (t, &u)) in self.targets.iter().zip(&self.uniforms).enumerate() {
                            let c = sampler.count(u);
                            if c == beyond {
                                from = k;
                                break;
                            }
                            // Without a branch on c = 0: adding a zero product leaves every
                            // ring value as it is (a slot never holds -0.0, so x + 0 = x).
                            ring.add(
                                s + t.delay,
                                t.offset,
                                t.input.device_value(t.weight, c as f64),
                            );
                        }
                    } else {
                        from = 0;
                    }
                    for (k, t) in self.targets.iter().enumerate().skip(from) {
                        let count = match &mut self.split[k] {
                            Some(own) => sampler.sample(own),
                            None => match sampler.lookup(self.uniforms[k]) {
                                Some(c) => c,
                                None => {
                                    // Beyond the table: this target continues on its own.
                                    let mut own = batch.split(k);
                                    let c = own.poisson(sampler.lambda);
                                    self.split[k] = Some(own);
                                    self.n_split += 1;
                                    c
                                }
                            },
                        };
                        if count > 0 {
                            let v = t.input.device_value(t.weight, count as f64);
                            ring.add(s + t.delay, t.offset, v);
                        }
                    }
                    return;
                }
                let streams = streams_for(&mut self.streams, &self.targets, seed, self.id);
                for (t, rng) in self.targets.iter().zip(streams.iter_mut()) {
                    let n = sampler.sample(rng);
                    if n > 0 {
                        ring.add(
                            s + t.delay,
                            t.offset,
                            t.input.device_value(t.weight, n as f64),
                        );
                    }
                }
            }
            Stimulus::SinusoidalPoisson { .. }
            | Stimulus::InhomogeneousPoisson { .. }
            | Stimulus::PulsePacket { .. }
            | Stimulus::Mip { .. }
            | Stimulus::GammaSup { .. }
            | Stimulus::PpdSup { .. }
            | Stimulus::SpikeDilutor { .. }
            | Stimulus::SinusoidalGamma { .. }
            | Stimulus::StepRate { .. } => unreachable!("emitted by its own file"),
            Stimulus::SpikeTimes {
                weights,
                multiplicities,
                ..
            } => {
                // A spike stamped T is emitted in step T - 1.
                while self.next < self.stamps.len() && self.stamps[self.next] <= step + 1 {
                    let stamp = self.stamps[self.next];
                    if stamp == step + 1 && self.t_min < stamp && stamp <= self.t_max {
                        let m = multiplicities.get(self.next).copied().unwrap_or(1) as f64;
                        let factor = weights.get(self.next).copied().unwrap_or(1.0);
                        for t in &self.targets {
                            let v = t.input.device_value(t.weight * factor, m);
                            ring.add(s + t.delay, t.offset, v);
                        }
                    }
                    self.next += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::draws::GUIDE;
    use super::*;

    #[test]
    fn guided_lookup_counts_like_a_full_scan() {
        for lambda in [0.001, 0.05, 1.78, 7.5, 9.99] {
            let s = PoissonSampler::new(lambda);
            let scan = |u: f64| {
                let k = s.cdf.iter().filter(|&&c| c <= u).count();
                (k < s.cdf.len()).then_some(k as u64)
            };
            let mut rng = Stream::new(1, 2, 3);
            let mut probes: Vec<f64> = (0..100_000).map(|_| rng.uniform()).collect();
            // Bucket edges, the table's own values and their neighbours.
            probes.extend((0..GUIDE).map(|b| b as f64 / GUIDE as f64));
            for &c in &s.cdf {
                probes.extend([
                    c,
                    f64::from_bits(c.to_bits() - 1),
                    f64::from_bits(c.to_bits() + 1),
                ]);
            }
            probes.push(1.0 - f64::EPSILON / 2.0);
            for u in probes.into_iter().filter(|u| (0.0..1.0).contains(u)) {
                assert_eq!(s.lookup(u), scan(u), "λ {lambda}, u {u}");
            }
        }
    }

    #[test]
    fn binomial_has_binomial_moments() {
        // 100,000 draws each; bounds are 6 sd of the mean and of the variance.
        for (n, p) in [(1u64, 0.3), (7, 0.02), (40, 0.5), (25, 0.8), (1000, 0.13)] {
            let mut rng = Stream::new(5, n, 11);
            let k = 100_000;
            let draws: Vec<f64> = (0..k).map(|_| binomial(n, p, &mut rng) as f64).collect();
            assert!(draws.iter().all(|&x| x <= n as f64));
            let mean = draws.iter().sum::<f64>() / k as f64;
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1) as f64;
            let (m, v) = (n as f64 * p, n as f64 * p * (1.0 - p));
            assert!(
                (mean - m).abs() < 6.0 * (v / k as f64).sqrt(),
                "{n} {p}: mean {mean}"
            );
            assert!(
                (var - v).abs() < 6.0 * v * (2.0 / k as f64).sqrt() + 0.01,
                "{n} {p}: var {var}"
            );
        }
    }

    #[test]
    fn table_sampler_has_poisson_moments() {
        // 200,000 draws: the mean's sd is sqrt(λ/n); bounds are 6 sd (false failure < 1e-8).
        for lambda in [0.05, 1.78, 7.5, 25.0] {
            let s = PoissonSampler::new(lambda);
            let n = 200_000;
            let draws: Vec<f64> = (0..n)
                .map(|k| s.sample(&mut Stream::new(3, k, 9)) as f64)
                .collect();
            let mean = draws.iter().sum::<f64>() / n as f64;
            let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            assert!(
                (mean - lambda).abs() < 6.0 * (lambda / n as f64).sqrt(),
                "λ {lambda}: mean {mean}"
            );
            assert!(
                (var - lambda).abs()
                    < 6.0 * lambda * (2.0 / n as f64).sqrt() + 6.0 * (lambda / n as f64).sqrt(),
                "λ {lambda}: var {var}"
            );
        }
    }
}
