//! `lin_rate_ipn`, `lin_rate_opn`, `rate_transformer_lin`: NEST's linear rate models
//! (models/lin_rate.h), with multiplicative coupling.
use saltatory_macros::rate_neuron;

rate_neuron! {
    /// Linear gain `input(h) = g h`. With `mult_coupling`, excitatory input is multiplied by
    /// `g_ex (theta_ex - rate)` and inhibitory input by `g_in (theta_in + rate)`.
    nonlinearity lin_rate {
        parameters {
            /// Gain.
            g: 1 = 1.0;
            /// Factor of the excitatory multiplicative coupling.
            g_ex: 1 = 1.0;
            /// Factor of the inhibitory multiplicative coupling.
            g_in: 1 = 1.0;
            /// Shift of the excitatory multiplicative coupling.
            theta_ex: 1 = 0.0;
            /// Shift of the inhibitory multiplicative coupling.
            theta_in: 1 = 0.0;
        }
        input(h) = g * h;
        mult_coupling_ex(rate) = g_ex * (theta_ex - rate);
        mult_coupling_in(rate) = g_in * (theta_in + rate);
    }
    /// Linear rate neuron with input noise (NEST: lin_rate_ipn).
    pub LinRateIpn as "lin_rate_ipn": input_noise;
    /// Linear rate neuron with output noise (NEST: lin_rate_opn).
    pub LinRateOpn as "lin_rate_opn": output_noise;
    /// Linear rate transformer (NEST: rate_transformer_lin).
    pub RateTransformerLin as "rate_transformer_lin": transformer;
}
