//! `sigmoid_rate_gg_1998_ipn`, `rate_transformer_sigmoid_gg_1998` (NEST:
//! models/sigmoid_rate_gg_1998.h; Gancarz & Grossberg 1998).
use saltatory_macros::rate_neuron;

rate_neuron! {
    /// Sigmoid gain of Gancarz & Grossberg (1998): `input(h) = (g h)^4 / (0.1^4 + (g h)^4)`.
    nonlinearity sigmoid_rate_gg_1998 {
        parameters {
            /// Gain.
            g: 1 = 1.0;
        }
        input(h) = pow(g * h, 4.0) / (pow(0.1, 4.0) + pow(g * h, 4.0));
    }
    /// Rate neuron with the Gancarz–Grossberg sigmoid and input noise
    /// (NEST: sigmoid_rate_gg_1998_ipn).
    pub SigmoidRateGg1998Ipn as "sigmoid_rate_gg_1998_ipn": input_noise;
    /// Rate transformer with the Gancarz–Grossberg sigmoid
    /// (NEST: rate_transformer_sigmoid_gg_1998).
    pub RateTransformerSigmoidGg1998 as "rate_transformer_sigmoid_gg_1998": transformer;
}
