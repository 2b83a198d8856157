//! The units crate on its own: symbols, parsing, display, conversions, the quantity table and
//! NEST's units.

use saltatory_units::symbols::{BASES, PREFIXES};
use saltatory_units::{
    DeclaredUnit, NEST_UNITS, ParseError, QUANTITY_TYPES, Unit, UnitError, UnitOrSwitch, dim,
    nest_unit, quantity, scale,
};

fn u(s: &str) -> Unit {
    Unit::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn err(s: &str) -> UnitError {
    Unit::parse(s).unwrap_err().error
}

#[test]
fn symbols_are_prefix_and_base() {
    assert_eq!(Unit::named("mV"), Some(Unit::new(dim::VOLTAGE, -3)));
    assert_eq!(Unit::named("MOhm"), Some(Unit::new(dim::RESISTANCE, 6)));
    assert_eq!(Unit::named("uS"), Some(Unit::new(dim::CONDUCTANCE, -6)));
    assert_eq!(Unit::named("ms"), Some(Unit::MS));
    assert_eq!(Unit::named("kHz"), Some(Unit::new(dim::FREQUENCY, 3)));
    assert_eq!(Unit::named("mS"), Some(Unit::new(dim::CONDUCTANCE, -3)));
    for bad in ["", "furlong", "mm", "xV", "Vm", "bool"] {
        assert_eq!(Unit::named(bad), None, "{bad}");
    }
    const PA: Unit = Unit::named("pA").unwrap();
    assert_eq!(PA.exp10, -12);
}

#[test]
fn nest_scales_fold_to_exact_powers_of_ten() {
    // pA/pF is exactly mV/ms; nS·mV is exactly pA.
    assert_eq!(u("pA / pF"), u("mV / ms"));
    assert_eq!(u("nS * mV"), u("pA"));
    assert_eq!(u("mV / MOhm"), u("nA"));
    assert_eq!(u("ms * Hz").exp10, -3);
    assert!(u("ms * Hz").is_dimensionless());
    assert_eq!(u("nS * mV").exp10_to(u("pA")), Some(0));
    assert_eq!(u("uS * mV").exp10_to(u("pA")), Some(3));
    assert_eq!(u("mV").exp10_to(u("pA")), None);
}

#[test]
fn conversions_scale_by_exact_powers_of_ten() {
    assert_eq!(u("V").convert(-0.07, u("mV")), Some(-70.0));
    assert_eq!(u("nA").convert(0.376, u("pA")), Some(376.0));
    assert_eq!(u("1 / ms").convert(0.01, u("Hz")), Some(10.0));
    assert_eq!(u("ms").convert(0.1, u("s")), Some(0.1 / 1e3));
    assert_eq!(u("ms").convert(1.0, u("mV")), None);
    assert_eq!(scale(2.5, 0), 2.5);
    assert_eq!(scale(1.0, -22), 1e-22);
    assert_eq!(saltatory_units::pow10(22), 1e22);
    assert_eq!(saltatory_units::pow10(-3), 1e-3);
}

#[test]
fn the_grammar_of_declarations() {
    assert_eq!(u("1"), Unit::ONE);
    assert_eq!(u("1 / s"), u("Hz"));
    assert_eq!(u("1/ms"), u("kHz"));
    assert_eq!(u("mV^2"), u("mV * mV"));
    assert_eq!(u("ms ^ -1"), u("1 / ms"));
    assert_eq!(u("ms ^ (-2)"), u("1 / (ms * ms)"));
    assert_eq!(u("(nS * mV)"), u("pA"));
    assert_eq!(u("pA / ms").exp10, -9);
    assert_eq!(u("pA / ms"), u("nA / s"));
    // As in the macro (Rust's precedence), `^` binds more loosely than `/`.
    assert_eq!(u("mV / ms ^ 2"), u("(mV / ms) ^ 2"));
    assert_eq!(u("mV / (ms ^ 2)"), u("mV / ms / ms"));
}

#[test]
fn what_is_not_a_unit() {
    assert_eq!(err("furlong"), UnitError::UnknownSymbol("furlong".into()));
    assert_eq!(err("bool"), UnitError::UnknownSymbol("bool".into()));
    assert_eq!(err("mV + pA"), UnitError::Operator);
    assert_eq!(err("2 * mV"), UnitError::Number);
    assert_eq!(err("1.0"), UnitError::Number);
    assert_eq!(err("mV ^ 0.5"), UnitError::Power);
    assert_eq!(err("mV ^ 100"), UnitError::Power);
    assert_eq!(err("mV ^ ms"), UnitError::Power);
    assert_eq!(err(""), UnitError::Empty);
    assert_eq!(err("mV /"), UnitError::Empty);
    assert_eq!(err("(mV"), UnitError::Unclosed);
    assert_eq!(err("mV)"), UnitError::NotAUnit);
    assert_eq!(
        Unit::parse("pA / furlong"),
        Err(ParseError {
            at: 5,
            error: UnitError::UnknownSymbol("furlong".into())
        })
    );
    assert_eq!(
        err("V_m").to_string(),
        "unknown unit `V_m`: use symbols such as mV, V, pA, nA, pF, nF, nS, uS, ms, s, Hz, \
         MOhm, GOhm, products, quotients and powers of them, or 1"
    );
    assert_eq!("mV".parse::<Unit>(), Ok(u("mV")));
}

#[test]
fn display_round_trips() {
    for (base, _) in BASES {
        for (prefix, _) in PREFIXES {
            let s = format!("{prefix}{base}");
            let unit = u(&s);
            assert_eq!(u(&unit.to_string()), unit, "{s}");
        }
    }
    assert_eq!(u("mV").to_string(), "mV");
    assert_eq!(u("uS").to_string(), "uS");
    assert_eq!(u("1").to_string(), "1");
    assert_eq!(u("pA / ms").to_string(), "1e-9·s^-1·A");
    assert_eq!(u("ms * Hz").to_string(), "1e-3");
}

#[test]
fn the_quantity_table() {
    let names: Vec<&str> = QUANTITY_TYPES.iter().map(|q| q.name).collect();
    assert_eq!(
        names,
        [
            "Voltage",
            "Current",
            "Capacitance",
            "Conductance",
            "Time",
            "Frequency",
            "Resistance"
        ]
    );
    for q in QUANTITY_TYPES {
        assert_eq!(u(q.symbol), q.unit, "{}", q.name);
        assert_eq!(q.unit.to_string(), q.symbol, "{}", q.name);
        assert_eq!(q.unit.quantity_type(), Some(&q));
    }
    assert_eq!(u("nF").quantity_type(), Some(&quantity::CAPACITANCE));
    assert_eq!(u("V").quantity_type().map(|q| q.unit.exp10), Some(-3));
    assert_eq!(u("pA / ms").quantity_type(), None);
    assert_eq!(u("1").quantity_type(), None);
    assert_eq!(quantity::CURRENT.per("nA"), 1e3);
    assert_eq!(quantity::TIME.per("s"), 1e3);
    assert_eq!(quantity::RESISTANCE.per("GOhm"), 1e3);
    assert_eq!(quantity::VOLTAGE.per("mV"), 1.0);
}

#[test]
fn nest_units() {
    for n in NEST_UNITS {
        assert_eq!(u(n.symbol), n.unit, "{}", n.symbol);
    }
    assert_eq!(nest_unit(u("1 / ms")).unwrap().symbol, "Hz");
    assert_eq!(nest_unit(u("V")).unwrap().symbol, "mV");
    assert_eq!(nest_unit(u("nA / s")).unwrap().symbol, "pA / ms");
    assert_eq!(nest_unit(u("uS / s")).unwrap().symbol, "nS / ms");
    assert_eq!(nest_unit(u("ms * Hz")).unwrap().symbol, "1");
    assert_eq!(nest_unit(u("mV ^ 2")), None);
}

#[test]
fn declared_units() {
    const MV: DeclaredUnit = DeclaredUnit::symbol("mV");
    assert_eq!(MV.unit(), Some(u("mV")));
    assert_eq!(MV.to_string(), "mV");
    assert!(DeclaredUnit::SWITCH.is_switch());
    assert_eq!(DeclaredUnit::SWITCH.unit(), None);
    assert_eq!(DeclaredUnit::SWITCH.to_string(), "bool");
    assert_eq!(DeclaredUnit::ONE.kind, UnitOrSwitch::Unit(Unit::ONE));
    assert_eq!(DeclaredUnit::symbol("1"), DeclaredUnit::ONE);
    assert_eq!(format!("[{:<4}]", DeclaredUnit::ONE), "[1   ]");
    let rate = DeclaredUnit::new("pA / ms", Unit::named("pA").unwrap().div(Unit::MS));
    assert_eq!(rate.unit(), Some(u("pA / ms")));
    assert_eq!(rate.to_string(), "pA / ms");
}
