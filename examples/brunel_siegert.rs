//! Mean-field rates of the Brunel (2000) network with siegert_neuron and diffusion connections,
//! as NEST's `brunel_siegert_nest.py` (NEST prints 32.03 spikes/s for both populations).
//!
//! `cargo run --release --example brunel_siegert`

use saltatory::brunel_siegert::BrunelSiegert;

fn main() {
    let net = BrunelSiegert::default();
    match net.run(50.0, 1) {
        Ok((ex, inh, _)) => {
            println!("external drive   : {:.2} spks/s", net.external_rate());
            println!("Excitatory rate  : {ex:.2} spks/s");
            println!("Inhibitory rate  : {inh:.2} spks/s");
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
