use saltatory::rate_neuron;
rate_neuron! {
    nonlinearity lin { parameters { g: 1 = 1.0; } input(h) = g * h; }
    pub LinSpiking as "lin_spiking": spiking;
}
fn main() {}
