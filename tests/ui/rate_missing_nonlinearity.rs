use saltatory::rate_neuron;
rate_neuron! {
    /// Input noise needs a gain function to apply to the input.
    pub Lonely as "lonely_rate_ipn": input_noise;
}
fn main() {}
