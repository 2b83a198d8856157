use saltatory::rate_neuron;
rate_neuron! {
    nonlinearity tanh_mv {
        // A threshold in mV cannot be subtracted from the dimensionless input, and the gain
        // must be dimensionless too.
        parameters { g: 1 = 1.0; theta: mV = 0.0; }
        input(h) = tanh(g * (h - theta));
        mult_coupling_ex(rate) = theta;
    }
    pub TanhMv as "tanh_mv_ipn": input_noise;
}
fn main() {}
