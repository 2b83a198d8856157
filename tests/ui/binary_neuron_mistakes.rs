use saltatory::binary_neuron;

binary_neuron! {
    /// A gain function that is not a probability: it has the unit of its parameter.
    pub Binary as "binary" {
        parameters { theta: mV = 0.0; }
        gain(h) = theta;
    }
}

binary_neuron! {
    /// No gain function at all.
    pub NoGain as "no_gain" {
        parameters { theta: 1 = 0.0; }
    }
}

fn main() {}
