//! `threshold_lin_rate_ipn`, `threshold_lin_rate_opn`, `rate_transformer_threshold_lin` (NEST:
//! models/threshold_lin_rate.h).
use saltatory_macros::rate_neuron;

rate_neuron! {
    /// Threshold-linear gain, saturating at alpha: `input(h) = min(max(g (h - theta), 0), alpha)`.
    nonlinearity threshold_lin_rate {
        parameters {
            /// Gain.
            g: 1 = 1.0;
            /// Threshold.
            theta: 1 = 0.0;
            /// Saturation.
            alpha: 1 = inf where inf;
        }
        input(h) = min(max(g * (h - theta), 0.0), alpha);
    }
    /// Threshold-linear rate neuron with input noise (NEST: threshold_lin_rate_ipn).
    pub ThresholdLinRateIpn as "threshold_lin_rate_ipn": input_noise;
    /// Threshold-linear rate neuron with output noise (NEST: threshold_lin_rate_opn).
    pub ThresholdLinRateOpn as "threshold_lin_rate_opn": output_noise;
    /// Threshold-linear rate transformer (NEST: rate_transformer_threshold_lin).
    pub RateTransformerThresholdLin as "rate_transformer_threshold_lin": transformer;
}
