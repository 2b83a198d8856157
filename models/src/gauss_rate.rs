//! `gauss_rate_ipn`, `rate_transformer_gauss` (NEST: models/gauss_rate.h).
use saltatory_macros::rate_neuron;

rate_neuron! {
    /// Gaussian gain `input(h) = g exp(-(h - mu)^2 / (2 sigma^2))`. Its `mu` and `sigma` share
    /// their names with the rate dynamics' mean input and noise amplitude: as in NEST, setting
    /// `mu` or `sigma` sets both, and `mean` and `std` reach the dynamics' values alone.
    nonlinearity gauss_rate {
        parameters {
            /// Gain (the maximum).
            g: 1 = 1.0;
            /// Centre.
            mu: 1 = 0.0;
            /// Width; NEST's default 0 makes the gain 0 except at h = mu, where it is undefined.
            sigma: 1 = 0.0 where >= 0;
        }
        input(h) = g * exp(-pow(h - mu, 2.0) / (2.0 * pow(sigma, 2.0)));
    }
    /// Rate neuron with Gaussian gain and input noise (NEST: gauss_rate_ipn).
    pub GaussRateIpn as "gauss_rate_ipn": input_noise;
    /// Rate transformer with Gaussian gain (NEST: rate_transformer_gauss).
    pub RateTransformerGauss as "rate_transformer_gauss": transformer;
    notes {
        sigma: "NEST accepts a negative width (only its square is used); here the width must be >= 0.";
    }
}
