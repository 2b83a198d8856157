//! `parrot_neuron`: NEST's parrot, which repeats the spikes it receives.
use saltatory_macros::neuron;

neuron! {
    /// Repeats the spikes it receives on receptor 0 in the step they arrive, as many as arrived
    /// (one event of that multiplicity), whatever their weights (NEST: parrot_neuron). Spikes
    /// on receptor 1 are received but not repeated (models/parrot_neuron.cpp).
    pub ParrotNeuron as "parrot_neuron" {
        parameters {}
        unsupported {
            ignore_and_spike: bool = false;  ignore_and_spike_interval: ms = 100.0;
            ignore_and_spike_offset: ms = 1.0;  flush_event_send_interval: ms = inf where inf;
        }
        state {}
        inputs {
            spikes n: 1 counted;
            spikes not_repeated: 1 on receptor 1 counted;
        }
        threshold n >= 1.0 with multiplicity n;
    }
}
