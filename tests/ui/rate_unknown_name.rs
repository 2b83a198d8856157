use saltatory::rate_neuron;
rate_neuron! {
    nonlinearity lin {
        parameters { gain: 1 = 1.0; }
        input(h) = gian * h;
    }
    pub Lin as "lin2_ipn": input_noise;
}
fn main() {}
