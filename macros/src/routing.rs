//! Printer of a model's input routing: `Model::spike_channel` (a channel per spike port and
//! weight condition), `Model::spike_input` (which channels count spikes) and
//! `Model::current_channel`.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::{cmp_tokens, idx};
use crate::step::Step;
use crate::typecheck::Analysed;

/// `spike_channel` and `current_channel`.
pub fn channel_fns(a: &Analysed, step: &Step, nest_name: &str, rt: &TokenStream) -> TokenStream {
    let route_arms = step.routes.iter().map(|r| {
        let rec = idx(r.receptor);
        let conds = r.arms.iter().map(|(cond, ch)| {
            let ch = idx(*ch);
            match cond {
                None => quote!(return Ok(#ch);),
                Some(c) => {
                    let op = cmp_tokens(*c);
                    quote!(if weight #op 0.0 { return Ok(#ch); })
                }
            }
        });
        quote!(if receptor == #rec { #(#conds)* })
    });
    let spike_receptors: Vec<usize> = step.routes.iter().map(|r| r.receptor).collect();
    let current_receptors: Vec<usize> = a.currents.iter().map(|c| c.receptor).collect();
    let current_avail = format!("{current_receptors:?}");
    let current_receptors: Vec<Literal> = current_receptors.into_iter().map(idx).collect();
    let current_channel_lits: Vec<Literal> = (0..a.currents.len())
        .map(|k| idx(step.current_channel(k)))
        .collect();
    let spike_avail = format!("{spike_receptors:?}");
    let counted: Vec<Literal> = step
        .routes
        .iter()
        .filter(|r| r.counted)
        .flat_map(|r| r.arms.iter().map(|(_, ch)| idx(*ch)))
        .collect();
    // A model whose every spike port counts spikes relays whatever it receives: it sends and
    // accepts spikes and binary state changes alike, as NEST's parrot_neuron does.
    let relay = !step.routes.is_empty() && step.routes.iter().all(|r| r.counted);
    let signal = relay.then(|| quote!(const SIGNAL: #rt::Signal = #rt::Signal::Either;));
    let spike_input = (!counted.is_empty()).then(|| {
        quote! {
            fn spike_input(_params: &Self::Params, channel: usize) -> #rt::SpikeInput {
                match channel {
                    #(#counted)|* => #rt::SpikeInput::Count,
                    _ => #rt::SpikeInput::Weight,
                }
            }
        }
    });

    quote! {
        #signal
        #spike_input

        fn spike_channel(_params: &Self::Params, receptor: usize, weight: f64) -> #rt::Result<usize> {
            #(#route_arms)*
            Err(#rt::Error::UnknownReceptor {
                model: #nest_name, kind: "spike", receptor, available: #spike_avail.into(),
            })
        }

        fn current_channel(_params: &Self::Params, receptor: usize) -> #rt::Result<usize> {
            #(if receptor == #current_receptors { return Ok(#current_channel_lits); })*
            Err(#rt::Error::UnknownReceptor {
                model: #nest_name, kind: "current", receptor, available: #current_avail.into(),
            })
        }
    }
}
