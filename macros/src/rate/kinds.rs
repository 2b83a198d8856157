//! The parts of a rate model that depend on its kind (input noise, output noise, transformer,
//! Siegert): state layout, step constants, the update, and how connections reach it.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Kind;

/// The state variables (names and documentation) and the input channels of a kind.
pub(super) fn layout(kind: Kind) -> (Vec<&'static str>, Vec<&'static str>, usize) {
    match kind {
        Kind::InputNoise => (
            vec!["rate", "noise"],
            vec![
                "Rate (dimensionless).",
                "Noise of the last step: sigma times a standard normal draw.",
            ],
            4,
        ),
        Kind::OutputNoise => (
            vec!["rate", "noise", "noisy_rate"],
            vec![
                "Rate (dimensionless), without the output noise.",
                "Noise of the last step: sigma times a standard normal draw.",
                "The rate sent in the last step: rate plus sqrt(tau/h) times noise.",
            ],
            3 + 1,
        ),
        Kind::Transformer => (
            vec!["rate"],
            vec!["Rate: the nonlinearity of the input."],
            4,
        ),
        Kind::Siegert => (vec!["rate"], vec!["Rate in spikes/s."], 2),
    }
}

/// The step constants of a kind: fields, calibration code, initialisers
/// (models/rate_neuron_ipn_impl.h, rate_neuron_opn_impl.h, siegert_neuron.cpp, pre_run_hook).
pub(super) fn calibration(kind: Kind) -> (TokenStream, TokenStream, TokenStream) {
    match kind {
        Kind::InputNoise => (
            quote!(
                #[doc = " Decay of the rate over one step."] pub P1: f64,
                #[doc = " Weight of the input over one step."] pub P2: f64,
                #[doc = " Standard deviation of the integrated noise per unit sigma."] pub noise_factor: f64,
            ),
            // models/rate_neuron_ipn_impl.h, pre_run_hook: the exact variance of the
            // Ornstein–Uhlenbeck increment over h is (1 - exp(-2 lambda h / tau)) / (2 lambda)
            // in units of sigma²; with lambda = 0 the step is Euler–Maruyama.
            quote!(
                let (P1, P2, noise_factor) = if m_lambda > 0.0 {
                    (
                        (-m_lambda * h / m_tau).exp(),
                        -1.0 / m_lambda * (-m_lambda * h / m_tau).exp_m1(),
                        (-0.5 / m_lambda * (-2.0 * m_lambda * h / m_tau).exp_m1()).sqrt(),
                    )
                } else {
                    (1.0, h / m_tau, (h / m_tau).sqrt())
                };
            ),
            quote!(P1, P2, noise_factor,),
        ),
        Kind::OutputNoise => (
            quote!(
                #[doc = " Decay of the rate over one step."] pub P1: f64,
                #[doc = " Weight of the input over one step."] pub P2: f64,
                #[doc = " Output noise per unit sigma: white noise held over a step."] pub noise_factor: f64,
            ),
            // models/rate_neuron_opn_impl.h, pre_run_hook.
            quote!(
                let P1 = (-h / m_tau).exp();
                let P2 = -(-h / m_tau).exp_m1();
                let noise_factor = (m_tau / h).sqrt();
            ),
            quote!(P1, P2, noise_factor,),
        ),
        Kind::Transformer => (quote!(), quote!(), quote!()),
        Kind::Siegert => (
            quote!(
                #[doc = " Decay of the rate over one step."] pub P1: f64,
                #[doc = " Weight of the drive over one step."] pub P2: f64,
            ),
            // models/siegert_neuron.cpp, pre_run_hook.
            quote!(
                let P1 = (-h / m_tau).exp();
                let P2 = -(-h / m_tau).exp_m1();
            ),
            quote!(P1, P2,),
        ),
    }
}

/// The update of one neuron: reading its inputs, the step, and the rate it sends.
pub(super) fn update(
    kind: Kind,
    rt: &TokenStream,
    (mult_ex, mult_in): (&TokenStream, &TokenStream),
    (t_mu, t_sigma): (&Ident, &Ident),
) -> (TokenStream, TokenStream, TokenStream) {
    // The input term added to the rate (ipn and opn share it; `sent` is what the neuron sends
    // this step), models/rate_neuron_ipn_impl.h, update_.
    let input_terms = quote!(
        if cal.params.linear_summation {
            if cal.params.mult_coupling {
                rate += cal.step.P2 * #mult_ex * Self::input(cal, dex + iex);
                rate += cal.step.P2 * #mult_in * Self::input(cal, din + iin);
            } else {
                rate += cal.step.P2 * Self::input(cal, dex + iex + din + iin);
            }
        } else {
            let (h_ex, h_in) = if cal.params.mult_coupling { (#mult_ex, #mult_in) } else { (1.0, 1.0) };
            rate += cal.step.P2 * h_ex * (dex + iex);
            rate += cal.step.P2 * h_in * (din + iin);
        }
    );
    let draw = quote!(if cal.params.#t_sigma != 0.0 { cal.params.#t_sigma * ctx.normal(neuron) } else { 0.0 });
    let step = match kind {
        Kind::InputNoise => quote!(
            let sent = st.rate[neuron];
            let noise = #draw;
            let mut rate = cal.step.P1 * sent + cal.step.P2 * cal.params.#t_mu + cal.step.noise_factor * noise;
            #input_terms
            if cal.params.rectify_output && rate < cal.params.rectify_rate {
                rate = cal.params.rectify_rate;
            }
            st.noise[neuron] = noise;
        ),
        Kind::OutputNoise => quote!(
            let noise = #draw;
            let sent = st.rate[neuron] + cal.step.noise_factor * noise;
            let mut rate = cal.step.P1 * st.rate[neuron] + cal.step.P2 * cal.params.#t_mu;
            #input_terms
            st.noise[neuron] = noise;
            st.noisy_rate[neuron] = sent;
        ),
        Kind::Transformer => quote!(
            let _ = (iin, din);
            let total = dex + iex;
            let rate = if cal.params.linear_summation { Self::input(cal, total) } else { total };
        ),
        Kind::Siegert => quote!(
            let drive = #rt::siegert::transfer(
                iex, iin, cal.params.theta, cal.params.V_reset, cal.params.tau_m, cal.params.tau_syn, cal.params.t_ref,
            );
            let rate = cal.step.P1 * st.rate[neuron] + cal.step.P2 * (cal.params.mean + drive);
            let _ = (dex, din);
        ),
    };
    let reads = if kind == Kind::Siegert {
        // Drift (channel 0) and diffusion (channel 1) of this step.
        quote!(
            let iex = ::core::mem::take(&mut inp[0]);
            let iin = ::core::mem::take(&mut inp[1]);
            let (dex, din) = (0.0_f64, 0.0_f64);
        )
    } else {
        quote!(
            let iex = ::core::mem::take(&mut inp[0]);
            let iin = ::core::mem::take(&mut inp[1]);
            let dex = ::core::mem::take(&mut inp[2]);
            let din = ::core::mem::take(&mut inp[3]);
        )
    };
    let output = match kind {
        Kind::OutputNoise => quote!({
            let neuron = i;
            let noise = #draw;
            st.rate[i] + cal.step.noise_factor * noise
        }),
        _ => quote!(st.rate[i]),
    };
    (reads, step, output)
}

/// How connections reach the model: its node kind, what it accepts, the channel of a rate
/// connection, and the transform of instantaneous input.
pub(super) fn routing(
    kind: Kind,
    rt: &TokenStream,
    nest_name: &str,
) -> (TokenStream, &'static str, TokenStream, TokenStream) {
    let node_kind = if kind == Kind::Siegert {
        quote!(#rt::NodeKind::Diffusion)
    } else {
        quote!(#rt::NodeKind::Rate)
    };
    let accepts = if kind == Kind::Siegert {
        "diffusion_connection"
    } else {
        "rate_connection_instantaneous or rate_connection_delayed"
    };
    let split = kind != Kind::Transformer;
    let rate_channel = if kind == Kind::Siegert {
        quote!(match synapse {
            #rt::SynapseModel::Diffusion { .. } => Ok(0),
            other => Err(#rt::Error::Incompatible {
                synapse: other.nest_name(), pre: "", post: #nest_name,
                reason: ::std::format!("{} accepts {}", #nest_name, #accepts),
            }),
        })
    } else {
        quote!(match synapse {
            #rt::SynapseModel::RateInstantaneous | #rt::SynapseModel::RateDelayed => {
                Ok(if #split && weight < 0.0 { 1 } else { 0 })
            }
            other => Err(#rt::Error::Incompatible {
                synapse: other.nest_name(), pre: "", post: #nest_name,
                reason: ::std::format!("{} accepts {}", #nest_name, #accepts),
            }),
        })
    };
    let transform = if kind == Kind::Siegert {
        quote!(None)
    } else {
        quote!(if cal.params.linear_summation {
            None
        } else {
            Some(Self::input(cal, value))
        })
    };

    (node_kind, accepts, rate_channel, transform)
}
