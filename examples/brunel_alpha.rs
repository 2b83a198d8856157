//! Brunel (2000) sparse random network of iaf_psc_alpha neurons, as NEST's
//! `brunel_alpha_nest.py`: the project's main job.
//!
//! `cargo run --release --example brunel_alpha -- [--order N --threads T --seed S --simtime MS]`

include!("common/brunel_main.rs");

fn main() {
    if let Err(e) = run("brunel_alpha", Brunel::alpha) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
