//! Quantities a model records that are not state (NEST's mat2_psc_exp records its total
//! threshold `V_th`): declared in `recordables`, sampled by the multimeter and read by `get`.

use saltatory::consts::ms;
use saltatory::{Simulator, Value, neuron};

neuron! {
    /// A LIF whose threshold jumps at each spike and decays back (as mat2_psc_exp's).
    pub AdaptiveThreshold as "adaptive_threshold_test" {
        parameters {
            E_L: mV = -70.0;  C_m: pF = 200.0 where > 0;  tau_m: ms = 10.0 where > 0;
            I_e: pA = 0.0;  omega: mV = 19.0;  alpha_1: mV = 10.0;  tau_1: ms = 10.0 where > 0;
        }
        state { V_m: mV = E_L;  V_th_1: mV; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + I_e / C_m;
            d/dt V_th_1 = -V_th_1 / tau_1;
        }
        threshold V_m >= E_L + omega + V_th_1;
        reset { V_th_1 += alpha_1; }
        recordables {
            /// The threshold in force.
            V_th: mV = E_L + omega + V_th_1;
        }
    }
}

#[test]
fn derived_recordables_are_recorded_and_read() {
    use saltatory::Model;
    assert_eq!(AdaptiveThreshold::DERIVED[0].name, "V_th");
    assert_eq!(AdaptiveThreshold::DERIVED[0].expr, "E_L + omega + V_th_1");
    for threads in [1, 2] {
        let mut sim = Simulator::with_config(saltatory::runtime::Config {
            threads,
            progress: false,
            ..Default::default()
        })
        .unwrap();
        let n = sim
            .create::<AdaptiveThreshold>(3, Default::default())
            .unwrap();
        // Before any simulation, from the parameters and the initial state.
        assert_eq!(
            sim.get(&n, "V_th").unwrap(),
            vec![Value::Number(-70.0 + 19.0); 3]
        );
        sim.set(&n, "I_e", 800.0).unwrap();
        sim.set(&n.node(1).unwrap(), "omega", 25.0).unwrap();
        let rec = sim.record(n, &["V_m", "V_th_1", "V_th"]).unwrap();
        let spikes = sim.record_spikes(n).unwrap();
        sim.simulate(50.0 * ms).unwrap();
        assert!(
            sim.spikes(spikes).len() > 3,
            "the threshold adapts only if the neuron spikes"
        );
        let t = sim.trace(rec);
        for (neuron, omega) in [(0, 19.0), (1, 25.0), (2, 19.0)] {
            let th1 = t.series("V_th_1", neuron).unwrap();
            let th = t.series("V_th", neuron).unwrap();
            assert_eq!(th.len(), 500);
            for (a, b) in th1.iter().zip(th) {
                assert_eq!(*b, -70.0 + omega + a);
            }
            assert!(th1.iter().any(|&x| x > 0.0));
        }
        let now = sim.get(&n, "V_th").unwrap();
        let th1 = sim.get(&n, "V_th_1").unwrap();
        let (Value::Number(a), Value::Number(b)) = (now[2], th1[2]) else {
            panic!("numbers expected")
        };
        assert_eq!(a, -70.0 + 19.0 + b);
    }
}

#[test]
fn the_audit_lists_derived_recordables_against_nest_recordables() {
    use saltatory::Model;
    use saltatory::audit::{NestSnapshot, Status, audit_with_derived};
    // A NEST model of that name recording V_m and the threshold (as mat2_psc_exp records V_th).
    let snapshot = NestSnapshot::from_json(
        r#"{"nest_version": "3.10.0", "not_in_nest": [], "models": {
            "adaptive_threshold_test": {"defaults": {"E_L": -70.0}, "recordables": ["V_m", "V_th"]}
        }}"#,
    )
    .unwrap();
    let meta = AdaptiveThreshold::META;
    let audit =
        audit_with_derived(&meta, AdaptiveThreshold::DERIVED, &snapshot, Err("none")).unwrap();
    let row = audit.state.iter().find(|r| r.name == "V_th").unwrap();
    assert_eq!(row.status, Status::DerivedRecordable);
    assert_eq!(row.ours, "= E_L + omega + V_th_1");
    assert_eq!(row.unit, "mV");
    // Without the derived recordables, NEST's V_th is missing.
    let without = audit_with_derived(&meta, &[], &snapshot, Err("none")).unwrap();
    let row = without.state.iter().find(|r| r.name == "V_th").unwrap();
    assert_eq!(row.status, Status::MissingInSaltatory);
}
