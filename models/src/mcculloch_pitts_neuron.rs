//! `mcculloch_pitts_neuron`: NEST's binary neuron with a hard threshold
//! (models/mcculloch_pitts_neuron.h).
use saltatory_macros::binary_neuron;

binary_neuron! {
    /// Binary neuron that, at each update, goes to 1 if its input exceeds theta and to 0
    /// otherwise (NEST: mcculloch_pitts_neuron).
    pub MccullochPittsNeuron as "mcculloch_pitts_neuron" {
        parameters {
            /// Threshold of the input.
            theta: 1 = 0.0;
        }
        gain(h) = if h > theta { 1.0 } else { 0.0 };
    }
}
