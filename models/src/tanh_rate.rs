//! `tanh_rate_ipn`, `tanh_rate_opn`, `rate_transformer_tanh` (NEST: models/tanh_rate.h).
use saltatory_macros::rate_neuron;

rate_neuron! {
    /// Hyperbolic tangent gain `input(h) = tanh(g (h - theta))`.
    nonlinearity tanh_rate {
        parameters {
            /// Gain.
            g: 1 = 1.0;
            /// Inflection point.
            theta: 1 = 0.0;
        }
        input(h) = tanh(g * (h - theta));
    }
    /// Rate neuron with tanh gain and input noise (NEST: tanh_rate_ipn).
    pub TanhRateIpn as "tanh_rate_ipn": input_noise;
    /// Rate neuron with tanh gain and output noise (NEST: tanh_rate_opn).
    pub TanhRateOpn as "tanh_rate_opn": output_noise;
    /// Rate transformer with tanh gain (NEST: rate_transformer_tanh).
    pub RateTransformerTanh as "rate_transformer_tanh": transformer;
}
