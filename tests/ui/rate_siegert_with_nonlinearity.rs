use saltatory::rate_neuron;
rate_neuron! {
    nonlinearity lin { parameters { g: 1 = 1.0; } input(h) = g * h; }
    /// The Siegert function is fixed: a siegert model takes no nonlinearity.
    pub Siegert2 as "siegert2": siegert;
}
fn main() {}
