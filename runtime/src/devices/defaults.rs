//! NEST 3.10's defaults of every stimulation device saltatory has (`GetDefaults`): the one
//! place they are written; checked against NEST by tests/device_params_parity.rs.

use super::Stimulus;
use crate::nodes::NodeCollection;

impl Stimulus {
    /// Every device saltatory has, with NEST 3.10's defaults (`GetDefaults`). A spike
    /// dilutor's mother neurons (`sources`, none) and their delay (`source_delay`, NEST's
    /// default delay of 1 ms) are not NEST parameters: NEST connects them to it.
    pub fn nest_defaults() -> Vec<Stimulus> {
        let mut all = current_defaults();
        all.extend(spike_defaults());
        all
    }

    /// NEST's device `model` with NEST's defaults, if saltatory has it.
    pub fn nest_default(model: &str) -> Option<Stimulus> {
        Self::nest_defaults()
            .into_iter()
            .find(|s| s.nest_name() == model)
    }
}

/// The current generators.
fn current_defaults() -> Vec<Stimulus> {
    vec![
        Stimulus::Dc { amplitude: 0.0 },
        Stimulus::Ac {
            amplitude: 0.0,
            offset: 0.0,
            frequency: 0.0,
            phase: 0.0,
        },
        Stimulus::StepCurrent {
            times: Vec::new(),
            amplitudes: Vec::new(),
            allow_offgrid_times: false,
        },
        Stimulus::Noise {
            mean: 0.0,
            std: 0.0,
            dt: None,
            std_mod: 0.0,
            frequency: 0.0,
            phase: 0.0,
        },
        Stimulus::StepRate {
            times: Vec::new(),
            values: Vec::new(),
            allow_offgrid_times: false,
            before_targets: true,
        },
    ]
}

/// The spike generators.
fn spike_defaults() -> Vec<Stimulus> {
    vec![
        Stimulus::Poisson { rate: 0.0 },
        Stimulus::SpikeTimes {
            times: Vec::new(),
            weights: Vec::new(),
            multiplicities: Vec::new(),
            allow_offgrid_times: false,
        },
        Stimulus::SinusoidalPoisson {
            rate: 0.0,
            amplitude: 0.0,
            frequency: 0.0,
            phase: 0.0,
            individual_spike_trains: true,
        },
        Stimulus::InhomogeneousPoisson {
            rate_times: Vec::new(),
            rate_values: Vec::new(),
            allow_offgrid_times: false,
        },
        Stimulus::PulsePacket {
            pulse_times: Vec::new(),
            activity: 0,
            sdev: 0.0,
        },
        Stimulus::Mip {
            rate: 0.0,
            p_copy: 1.0,
        },
        Stimulus::GammaSup {
            rate: 0.0,
            gamma_shape: 1,
            n_proc: 1,
        },
        Stimulus::PpdSup {
            rate: 0.0,
            dead_time: 0.0,
            n_proc: 1,
            frequency: 0.0,
            relative_amplitude: 0.0,
        },
        Stimulus::SpikeDilutor {
            p_copy: 1.0,
            sources: NodeCollection::default(),
            source_delay: 1.0,
        },
        Stimulus::SinusoidalGamma {
            rate: 0.0,
            amplitude: 0.0,
            frequency: 0.0,
            phase: 0.0,
            order: 1.0,
            individual_spike_trains: true,
        },
    ]
}
