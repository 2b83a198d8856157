//! How a spike arriving at an input channel counts: by its weight (most models), by its
//! multiplicity alone (`parrot_neuron` repeats what it receives, whatever the weight), or as a
//! binary neuron's change of state.
//!
//! A model says per channel which it is ([`crate::Model::spike_input`]). Spikes of the network
//! arrive as one entry per unit of multiplicity (NEST unrolls multiplicities before delivery,
//! nestkernel/event_delivery_manager_impl.h); a device's spikes arrive as one event carrying
//! their multiplicity.

use crate::ring::Ring;

/// What a spike adds to the input channel it arrives at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpikeInput {
    /// Its weight (times its multiplicity).
    #[default]
    Weight,
    /// Its multiplicity; the weight stays on the connection but is not used (NEST's
    /// parrot_neuron, models/parrot_neuron.cpp).
    Count,
    /// A binary neuron's change of state (models/binary_neuron.h): a sender going to 1 sends
    /// two spikes at once, going to 0 one. A spike adds `-w`, unless the previous spike at the
    /// same target came from the same sender with the same time stamp: then it adds `2w`, so
    /// that a pair nets `+w`.
    Transition,
}

/// What a node sends and accepts (NEST's signal types, nestkernel/node.h): spikes, binary
/// neurons' state changes, or either (a parrot relays both; a spike train or a noise current
/// can drive both). A connection needs the two ends to meet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Signal {
    /// Spikes.
    #[default]
    Spike,
    /// Binary neurons' changes of state.
    Binary,
    /// Either.
    Either,
}

impl Signal {
    /// Whether a sender of `self` may connect to a receiver of `accepted`.
    pub fn reaches(self, accepted: Signal) -> bool {
        self == Signal::Either || accepted == Signal::Either || self == accepted
    }

    /// How an error names it.
    pub fn describe(self) -> &'static str {
        match self {
            Signal::Spike => "spikes",
            Signal::Binary => "binary state changes",
            Signal::Either => "spikes or binary state changes",
        }
    }
}

impl SpikeInput {
    /// What a device's spike of multiplicity `m` and weight `w` adds.
    pub fn device_value(self, w: f64, m: f64) -> f64 {
        match self {
            SpikeInput::Weight => w * m,
            SpikeInput::Count => m,
            // A device's event is one event: multiplicity 1 is a change to 0, 2 a change to 1;
            // binary_neuron::handle ignores any other.
            SpikeInput::Transition if m == 1.0 => -w,
            SpikeInput::Transition if m == 2.0 => w,
            SpikeInput::Transition => 0.0,
        }
    }
}

/// How a spike store adds one spike entry of `source`, emitted in step `step`, to ring-slot
/// position `target`.
pub(crate) trait Arrive: Default + Send + Sync + 'static {
    /// Adds the spike to `slot`, the ring slot of its arrival.
    fn arrive(&mut self, slot: &mut [f64], target: u32, weight: f64, source: u32, step: u64);
    /// Adds the spike to the ring slot of step `at`.
    #[inline(always)]
    fn arrive_at(&mut self, ring: &mut Ring, at: u64, target: u32, w: f64, source: u32, step: u64) {
        self.arrive(ring.slot_mut(at), target, w, source, step);
    }
}

/// Adds the weight.
#[derive(Default)]
pub(crate) struct AddWeight;

impl Arrive for AddWeight {
    #[inline(always)]
    fn arrive(&mut self, slot: &mut [f64], target: u32, weight: f64, _: u32, _: u64) {
        slot[target as usize] += weight;
    }
    #[inline(always)]
    fn arrive_at(&mut self, ring: &mut Ring, at: u64, target: u32, w: f64, _: u32, _: u64) {
        ring.add(at, target, w);
    }
}

/// Adds one per spike.
#[derive(Default)]
pub(crate) struct AddCount;

impl Arrive for AddCount {
    #[inline(always)]
    fn arrive(&mut self, slot: &mut [f64], target: u32, _: f64, _: u32, _: u64) {
        slot[target as usize] += 1.0;
    }
}

/// Decodes binary neurons' changes of state; remembers the last spike at each target.
#[derive(Default)]
pub(crate) struct DecodeTransitions {
    /// (sender, emission step) of the last spike at each ring-slot position.
    last: Vec<(u32, u64)>,
}

impl Arrive for DecodeTransitions {
    fn arrive(&mut self, slot: &mut [f64], target: u32, weight: f64, source: u32, step: u64) {
        let t = target as usize;
        if t >= self.last.len() {
            self.last.resize(t + 1, (u32::MAX, u64::MAX));
        }
        let value = if self.last[t] == (source, step) {
            2.0 * weight
        } else {
            -weight
        };
        slot[t] += value;
        self.last[t] = (source, step);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_from_one_sender_nets_its_weight_and_a_single_spike_subtracts_it() {
        let mut d = DecodeTransitions::default();
        let mut slot = [0.0; 2];
        // Sender 3 goes to 1 (two entries), sender 4 goes to 0 (one entry), same step.
        d.arrive(&mut slot, 1, 0.5, 3, 10);
        d.arrive(&mut slot, 1, 0.5, 3, 10);
        d.arrive(&mut slot, 1, 0.25, 4, 10);
        assert_eq!(slot[1], -0.5 + 1.0 - 0.25);
        // The same sender one step later is a new event.
        let mut slot = [0.0; 2];
        d.arrive(&mut slot, 1, 0.25, 4, 11);
        assert_eq!(slot[1], -0.25);
        assert_eq!(slot[0], 0.0);
    }

    #[test]
    fn signals_meet_where_nest_lets_them() {
        use Signal::*;
        assert!(Spike.reaches(Spike) && Binary.reaches(Binary));
        assert!(!Spike.reaches(Binary) && !Binary.reaches(Spike));
        assert!(Either.reaches(Binary) && Spike.reaches(Either));
    }

    #[test]
    fn devices_send_one_event_with_its_multiplicity() {
        assert_eq!(SpikeInput::Weight.device_value(0.5, 3.0), 1.5);
        assert_eq!(SpikeInput::Count.device_value(0.5, 3.0), 3.0);
        assert_eq!(SpikeInput::Transition.device_value(0.5, 1.0), -0.5);
        assert_eq!(SpikeInput::Transition.device_value(0.5, 2.0), 0.5);
        assert_eq!(SpikeInput::Transition.device_value(0.5, 0.0), 0.0);
        assert_eq!(SpikeInput::Transition.device_value(0.5, 3.0), 0.0);
    }
}
