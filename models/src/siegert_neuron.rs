//! `siegert_neuron`: the mean-field rate of a population of leaky integrate-and-fire neurons
//! (NEST: models/siegert_neuron.cpp), driven through diffusion connections.
use saltatory_macros::rate_neuron;

rate_neuron! {
    /// Mean-field rate unit: relaxes with time constant tau to `mean + Phi(mu, sigma2)`, the
    /// Siegert rate of a LIF neuron (tau_m, theta, V_reset, t_ref) under white noise of mean mu
    /// and variance sigma2 (the sums of drift_factor · rate and diffusion_factor · rate over its
    /// diffusion connections), with the colored-noise threshold shift for tau_syn > 0.
    pub SiegertNeuron as "siegert_neuron": siegert;
    notes {
        model: "Diffusion connections act within the step (NEST's converged waveform relaxation). Where NEST's integration routine aborts the process (sigma2 < 0, or sigma2 = 0 with mu >= theta) simulate returns an error.";
    }
}
