//! `ginzburg_neuron`: NEST's binary neuron with a sigmoidal gain (Ginzburg & Sompolinsky 1994;
//! models/ginzburg_neuron.h).
use saltatory_macros::binary_neuron;

binary_neuron! {
    /// Binary neuron that, at each update, goes to 1 with probability
    /// `c_1 h + c_2 (1 + tanh(c_3 (h - theta))) / 2` (NEST: ginzburg_neuron).
    pub GinzburgNeuron as "ginzburg_neuron" {
        parameters {
            /// Centre of the sigmoid.
            theta: 1 = 0.0;
            /// Slope of the linear part.
            c_1: 1 = 0.0;
            /// Prefactor of the sigmoid.
            c_2: 1 = 1.0;
            /// Slope of the sigmoid.
            c_3: 1 = 1.0;
        }
        gain(h) = c_1 * h + c_2 * 0.5 * (1.0 + tanh(c_3 * (h - theta)));
    }
}
