//! Every class of user mistake in a `neuron!` declaration is reported by the macro itself, with
//! the offending term underlined; models using names that look like generated code compile,
//! including models named like everything the generated Rust and CUDA sources name (hygiene).

mod hygiene;

#[test]
fn user_mistakes_are_reported_by_neuron_macro() {
    let everything =
        hygiene::write_program(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("hygiene"));
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui_pass/*.rs");
    t.pass(everything);
}
