//! Setting and reading neurons by dictionary (NEST's SetStatus and GetStatus).

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::IafPscAlpha;
use saltatory::runtime::{Config, Setting, Value};

fn sim(threads: usize) -> Simulator {
    Simulator::with_config(Config {
        threads,
        progress: false,
        ..Config::default()
    })
    .unwrap()
}

fn numbers(vs: &[Value]) -> Vec<f64> {
    vs.iter()
        .map(|v| match v {
            Value::Number(x) => *x,
            Value::Switch(_) => panic!("a number expected"),
        })
        .collect()
}

#[test]
fn values_valid_only_together_are_accepted() {
    let mut s = sim(1);
    let n = s.create::<IafPscAlpha>(3, Default::default()).unwrap();
    // One at a time, V_th = -75 mV is refused: V_reset (-70 mV) must lie below it.
    assert!(s.set(&n, "V_th", -75.0).is_err());
    let dict = [
        ("V_th", Setting::from(-75.0)),
        ("V_reset", Setting::from(-80.0)),
    ];
    s.set_status(n, &dict).unwrap();
    let got = s.get_status(n, &["V_th", "V_reset"]).unwrap();
    assert_eq!(numbers(&got[0]), vec![-75.0; 3]);
    assert_eq!(numbers(&got[1]), vec![-80.0; 3]);
    assert_eq!(s.parameter_groups(&n).unwrap(), 1);
}

#[test]
fn per_neuron_values_and_state_in_one_call() {
    for threads in [1, 2, 3] {
        let mut s = sim(threads);
        let n = s.create::<IafPscAlpha>(5, Default::default()).unwrap();
        let c_m = vec![200.0, 250.0, 250.0, 300.0, 200.0];
        let v_m = vec![-60.0, -61.0, -62.0, -63.0, -64.0];
        let dict = [
            ("C_m", Setting::from(c_m.clone())),
            ("V_m", Setting::from(v_m.clone())),
            ("I_e", Setting::from(10.0)),
        ];
        s.set_status(n, &dict).unwrap();
        let got = s.get_status(n, &["C_m", "V_m", "I_e"]).unwrap();
        assert_eq!(numbers(&got[0]), c_m);
        assert_eq!(numbers(&got[1]), v_m);
        assert_eq!(numbers(&got[2]), vec![10.0; 5]);
        assert_eq!(s.parameter_groups(&n).unwrap(), 3, "{threads} threads");
        // A slice sets its own neurons only.
        let mid = n.slice(1..3).unwrap();
        s.set_status(mid, &[("V_m", Setting::from(vec![-50.0, -51.0]))])
            .unwrap();
        let v = numbers(&s.get(&n, "V_m").unwrap());
        assert_eq!(v, vec![-60.0, -50.0, -51.0, -63.0, -64.0]);
        s.simulate(1.0 * ms).unwrap();
    }
}

#[test]
fn a_refused_dictionary_changes_nothing() {
    let mut s = sim(2);
    let n = s.create::<IafPscAlpha>(4, Default::default()).unwrap();
    // The third neuron's capacitance is invalid: nothing is set, not even V_m.
    let dict = [
        ("V_m", Setting::from(-65.0)),
        ("C_m", Setting::from(vec![100.0, 100.0, -1.0, 100.0])),
    ];
    let e = s.set_status(n, &dict).unwrap_err().to_string();
    assert!(e.contains("C_m"), "{e}");
    assert_eq!(numbers(&s.get(&n, "V_m").unwrap()), vec![-70.0; 4]);
    assert_eq!(numbers(&s.get(&n, "C_m").unwrap()), vec![250.0; 4]);
    // A list of the wrong length names the parameter and the counts.
    let e = s
        .set_status(n, &[("tau_m", Setting::from(vec![10.0, 20.0]))])
        .unwrap_err()
        .to_string();
    for part in ["tau_m", "2 values", "4 neurons"] {
        assert!(e.contains(part), "{e}");
    }
    let e = s
        .set_status(n, &[("V_x", Setting::from(1.0))])
        .unwrap_err()
        .to_string();
    assert!(e.contains("V_x"), "{e}");
}
