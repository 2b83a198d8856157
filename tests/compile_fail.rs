//! Every class of user mistake in a `neuron!` declaration is reported by the macro itself, with
//! the offending term underlined; models using names that look like generated locals compile.

#[test]
fn user_mistakes_are_reported_by_neuron_macro() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui_pass/*.rs");
}
