//! The metadata `neuron!` emits for auditing: texts, expression trees, notes.

use saltatory::models::{ALL, IafPscAlpha};
use saltatory::runtime::{MetaExpr, Model};
use saltatory::units::{DeclaredUnit, Unit, UnitOrSwitch};

#[test]
fn equations_are_available_as_trees() {
    let meta = IafPscAlpha::META;
    assert_eq!(meta.equation_trees.len(), meta.equations.len());
    let v = &meta.equation_trees[0];
    assert_eq!(v.state, "V_m");
    assert_eq!(v.text, meta.equations[0]);
    // -(V_m - E_L) / tau_m + (...) / C_m
    let MetaExpr::Bin('+', left, right) = v.rhs else {
        panic!("{:?}", v.rhs)
    };
    assert!(
        matches!(
            left,
            MetaExpr::Bin('/', MetaExpr::Neg(_), MetaExpr::Name("tau_m"))
        ),
        "{left:?}"
    );
    assert!(
        matches!(right, MetaExpr::Bin('/', _, MetaExpr::Name("C_m"))),
        "{right:?}"
    );
    assert_eq!(meta.reset_trees.len(), 1);
    assert_eq!(meta.reset_trees[0].target, "V_m");
    assert_eq!(meta.reset_trees[0].value, MetaExpr::Name("V_reset"));
}

#[test]
fn every_model_describes_itself() {
    for m in ALL {
        assert!(!m.doc.is_empty() && !m.params.is_empty(), "{}", m.name);
        // Only a model without dynamics may be without state (parrot_neuron).
        assert!(
            !m.state.is_empty() || m.equations.is_empty() && m.threshold.contains("n >= 1"),
            "{}",
            m.name
        );
        assert_eq!(m.equation_trees.len(), m.equations.len(), "{}", m.name);
        for p in m.params {
            assert!(!p.unit.text.is_empty(), "{}.{}", m.name, p.name);
        }
        for (name, text) in m.notes {
            assert!(!text.is_empty(), "{}: empty note on {name}", m.name);
        }
    }
}

/// The initial values in the metadata (evaluated by `neuron!` with the default parameters) are
/// the values neurons start from.
#[test]
fn initial_values_in_metadata_are_the_starting_state() {
    use saltatory::Simulator;
    use saltatory::consts::ms;
    use saltatory::models::{Amat2PscExp, HhCondExpTraub, HhPscAlpha, IafCondAlpha, Izhikevich};
    fn check<M: Model>() {
        let mut sim = Simulator::new(0.1 * ms).unwrap();
        let n = sim.create::<M>(1, Default::default()).unwrap();
        for s in M::META.state {
            let started = sim.get(&n, s.name).unwrap()[0];
            assert_eq!(
                started,
                s.initial_value.into(),
                "{}.{}",
                M::META.name,
                s.name
            );
        }
    }
    check::<IafPscAlpha>();
    check::<HhPscAlpha>();
    check::<IafCondAlpha>();
    check::<Izhikevich>();
    check::<HhCondExpTraub>();
    check::<Amat2PscExp>();
    // hh_psc_alpha's m at rest: alpha_m / (alpha_m + beta_m) at -65 mV.
    let alpha = 0.1 * (-65.0f64 + 40.0) / (1.0 - (-(-65.0f64 + 40.0) / 10.0).exp());
    let beta = 4.0 * (-(-65.0f64 + 65.0) / 18.0).exp();
    assert_eq!(
        HhPscAlpha::META.state[1].initial_value,
        alpha / (alpha + beta)
    );
    assert_eq!(IafPscAlpha::META.state[0].initial_value, -70.0);
}

/// The structured unit `neuron!` emits is the one its text names (parsed here only to check).
fn check_declared(model: &str, name: &str, unit: &DeclaredUnit) {
    match unit.kind {
        UnitOrSwitch::Switch => assert_eq!(unit.text, "bool", "{model}.{name}"),
        UnitOrSwitch::Unit(u) => assert_eq!(Unit::parse(unit.text), Ok(u), "{model}.{name}"),
    }
}

fn check_quantities(model: &str, e: &MetaExpr) {
    match e {
        MetaExpr::Quantity(_, u) => {
            assert_eq!(Unit::parse(&u.to_string()), Ok(*u), "{model}: {e:?}")
        }
        MetaExpr::Neg(a) => check_quantities(model, a),
        MetaExpr::Bin(_, a, b) => {
            check_quantities(model, a);
            check_quantities(model, b);
        }
        MetaExpr::Call(_, args) => args.iter().for_each(|a| check_quantities(model, a)),
        MetaExpr::Num(_) | MetaExpr::Name(_) => {}
    }
}

#[test]
fn metadata_carries_structured_units() {
    for m in ALL {
        for p in m.params {
            check_declared(m.name, p.name, &p.unit);
            // Switches and numbers are told apart by the unit, not by its text.
            assert_eq!(
                p.unit.is_switch(),
                matches!(p.default, saltatory::Value::Switch(_)),
                "{}.{}",
                m.name,
                p.name
            );
        }
        for s in m.state {
            check_declared(m.name, s.name, &s.unit);
            assert!(!s.unit.is_switch(), "{}.{}", m.name, s.name);
        }
        for e in m.equation_trees {
            check_quantities(m.name, &e.rhs);
        }
        for r in m.reset_trees {
            check_quantities(m.name, &r.value);
        }
    }
    let meta = IafPscAlpha::META;
    let c_m = meta.param("C_m").unwrap();
    assert_eq!(c_m.unit, DeclaredUnit::symbol("pF"));
    assert_eq!(
        c_m.unit.unit().unwrap().quantity_type().unwrap().name,
        "Capacitance"
    );
}
