//! `sigmoid_rate_ipn`, `rate_transformer_sigmoid` (NEST: models/sigmoid_rate.h).
use saltatory_macros::rate_neuron;

rate_neuron! {
    /// Logistic gain `input(h) = g / (1 + exp(-beta (h - theta)))`.
    nonlinearity sigmoid_rate {
        parameters {
            /// Gain (the maximum).
            g: 1 = 1.0;
            /// Slope.
            beta: 1 = 1.0;
            /// Inflection point.
            theta: 1 = 0.0;
        }
        input(h) = g / (1.0 + exp(-beta * (h - theta)));
    }
    /// Rate neuron with sigmoid gain and input noise (NEST: sigmoid_rate_ipn).
    pub SigmoidRateIpn as "sigmoid_rate_ipn": input_noise;
    /// Rate transformer with sigmoid gain (NEST: rate_transformer_sigmoid).
    pub RateTransformerSigmoid as "rate_transformer_sigmoid": transformer;
}
