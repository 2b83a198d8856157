use saltatory::rate_neuron;
rate_neuron! {
    nonlinearity coupling_only {
        parameters { g: 1 = 1.0; }
        mult_coupling_ex(rate) = g * rate;
    }
    pub CouplingOnly as "coupling_only_ipn": input_noise;
}
fn main() {}
