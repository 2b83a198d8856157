//! Brunel (2000) sparse random network of iaf_psc_delta neurons, as NEST's
//! `brunel_delta_nest.py`.
//!
//! `cargo run --release --example brunel_delta -- [--order N --threads T --seed S --simtime MS]`

include!("common/brunel_main.rs");

fn main() {
    if let Err(e) = run("brunel_delta", Brunel::delta) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
