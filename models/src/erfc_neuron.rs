//! `erfc_neuron`: NEST's binary neuron with an erfc gain, the response of a threshold unit to
//! Gaussian noise (models/erfc_neuron.h).
use saltatory_macros::binary_neuron;

binary_neuron! {
    /// Binary neuron that, at each update, goes to 1 with probability
    /// `erfc(-(h - theta) / (sqrt(2) sigma)) / 2` (NEST: erfc_neuron).
    pub ErfcNeuron as "erfc_neuron" {
        parameters {
            /// Threshold of the input.
            theta: 1 = 0.0;
            /// Width of the Gaussian noise.
            sigma: 1 = 1.0;
        }
        gain(h) = 0.5 * erfc(-(h - theta) / (sqrt(2.0) * sigma));
    }
}
