//! Prints a model's declaration as the macro understood it (parameters, state, equations,
//! update scheme) and, with `--source`, the Rust code `neuron!` generated for it.
//!
//! `cargo run --example show_model -- iaf_psc_alpha [--source]`

use saltatory::models::{ALL, IafPscAlpha, IafPscDelta, IafPscExp, LifAdapt};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: show_model <model> [--source]; models: {}", names());
        std::process::exit(2);
    };
    let Some(meta) = ALL.iter().find(|m| m.name == name) else {
        eprintln!("error: unknown model {name:?}; models: {}", names());
        std::process::exit(1);
    };
    println!(
        "{} ({}): {}\n",
        meta.name,
        meta.rust_name,
        meta.doc.replace('\n', " ")
    );
    println!("parameters:");
    for p in meta.params {
        let flag = if p.supported {
            ""
        } else {
            "  [unsupported: default only]"
        };
        println!(
            "  {:<28} {:<8} default {:<8} {}{flag}",
            p.name,
            p.unit,
            p.default.to_string(),
            p.constraint
        );
    }
    println!("state:");
    for s in meta.state {
        println!("  {:<28} {:<8} initial {}", s.name, s.unit, s.initial);
    }
    println!("inputs:");
    meta.inputs.iter().for_each(|i| println!("  {i}"));
    println!("equations:");
    meta.equations.iter().for_each(|e| println!("  {e}"));
    println!(
        "threshold: {}\nreset: {}\n{}",
        meta.threshold,
        meta.reset.join("; "),
        meta.refractory
    );
    println!("scheme: {} ({})", meta.scheme, meta.scheme_reason);
    if args.iter().any(|a| a == "--source") {
        let source = match meta.name {
            "iaf_psc_delta" => IafPscDelta::GENERATED_SOURCE,
            "iaf_psc_exp" => IafPscExp::GENERATED_SOURCE,
            "iaf_psc_alpha" => IafPscAlpha::GENERATED_SOURCE,
            _ => LifAdapt::GENERATED_SOURCE,
        };
        println!("\n{source}");
    }
}

fn names() -> String {
    ALL.iter().map(|m| m.name).collect::<Vec<_>>().join(", ")
}
