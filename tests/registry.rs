//! Models by NEST name: create with a dictionary, list, CopyModel, SetDefaults, GetDefaults.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::{ALL, IafPscAlpha, IafPscAlphaParams, registry};
use saltatory::runtime::{Config, Rule, Setting, SynSpec, Value};

fn sim() -> Simulator {
    Simulator::with_config(Config {
        threads: 2,
        progress: false,
        ..Config::default()
    })
    .unwrap()
}

fn num(v: &Value) -> f64 {
    match v {
        Value::Number(x) => *x,
        Value::Switch(_) => panic!("a number expected"),
    }
}

fn default_of(defaults: &[(&str, Value)], name: &str) -> f64 {
    num(&defaults.iter().find(|(n, _)| *n == name).unwrap().1)
}

#[test]
fn every_catalogue_model_is_registered_with_its_own_source() {
    let r = registry();
    let names: Vec<&str> = ALL.iter().map(|m| m.name).collect();
    assert_eq!(r.names(), names);
    for info in r.models() {
        let entry = r.entry(info.name).unwrap();
        assert_eq!(entry.meta.name, info.name);
        if let Some(src) = entry.generated_source {
            // The source is the model's own: it implements the model's own type.
            let own = format!("for {} ", entry.meta.rust_name);
            assert!(src.contains(&own), "{}", info.name);
        }
    }
    let e = r.entry("iaf_psc_beta").unwrap_err().to_string();
    assert!(
        e.contains("iaf_psc_beta") && e.contains("iaf_psc_alpha"),
        "{e}"
    );
}

#[test]
fn create_by_name_takes_parameters_and_initial_state() {
    let r = registry();
    let mut s = sim();
    let dict = [
        ("C_m", Setting::from(200.0)),
        ("V_m", Setting::from(vec![-60.0, -61.0, -62.0])),
        ("I_e", Setting::from(vec![0.0, 10.0, 20.0])),
    ];
    let n = r.create(&mut s, "iaf_psc_alpha", 3, &dict).unwrap();
    let got = s.get_status(&n, &["C_m", "V_m", "I_e", "tau_m"]).unwrap();
    let nums = |k: usize| got[k].iter().map(num).collect::<Vec<_>>();
    assert_eq!(nums(0), vec![200.0; 3]);
    assert_eq!(nums(1), vec![-60.0, -61.0, -62.0]);
    assert_eq!(nums(2), vec![0.0, 10.0, 20.0]);
    assert_eq!(nums(3), vec![10.0; 3]);
    // A refused dictionary creates nothing.
    let bad = [("C_m", Setting::from(vec![1.0, -1.0]))];
    assert!(r.create(&mut s, "iaf_psc_alpha", 2, &bad).is_err());
    let unknown = [("V_x", Setting::from(1.0))];
    let e = r
        .create(&mut s, "iaf_psc_alpha", 2, &unknown)
        .unwrap_err()
        .to_string();
    assert!(e.contains("V_x"), "{e}");
    assert_eq!(s.num_nodes(), 3);
}

#[test]
fn a_model_by_name_simulates_as_the_typed_one() {
    let spikes = |by_name: bool| {
        let mut s = sim();
        let n = if by_name {
            let dict = [("I_e", Setting::from(400.0)), ("V_m", Setting::from(-65.0))];
            registry()
                .create(&mut s, "iaf_psc_alpha", 4, &dict)
                .unwrap()
        } else {
            let p = IafPscAlphaParams {
                I_e: 400.0 * saltatory::consts::pA,
                ..Default::default()
            };
            let n = s.create::<IafPscAlpha>(4, p).unwrap();
            s.set(&n, "V_m", -65.0).unwrap();
            n.into()
        };
        s.connect(
            n.clone(),
            n.clone(),
            Rule::AllToAll,
            SynSpec::new(30.0, 1.0),
        )
        .unwrap();
        let rec = s.record_spikes(n).unwrap();
        s.simulate(100.0 * ms).unwrap();
        s.spikes(rec).clone()
    };
    let typed = spikes(false);
    assert!(!typed.is_empty());
    assert_eq!(spikes(true), typed);
}

#[test]
fn copy_model_and_defaults() {
    let mut r = registry();
    r.copy_model(
        "iaf_psc_alpha",
        "my_iaf",
        &[("V_th", (-50.0).into()), ("V_m", (-60.0).into())],
    )
    .unwrap();
    let d = r.get_defaults("my_iaf").unwrap();
    assert_eq!(default_of(&d, "V_th"), -50.0);
    assert_eq!(default_of(&d, "V_m"), -60.0);
    // The original keeps its defaults.
    let d0 = r.get_defaults("iaf_psc_alpha").unwrap();
    assert_eq!(default_of(&d0, "V_th"), -55.0);
    assert_eq!(default_of(&d0, "V_m"), -70.0);
    let listed = r.models();
    let copy = listed.iter().find(|m| m.name == "my_iaf").unwrap();
    assert_eq!(copy.base, "iaf_psc_alpha");

    let mut s = sim();
    let n = r.create(&mut s, "my_iaf", 2, &[]).unwrap();
    let got = s.get_status(&n, &["V_th", "V_m"]).unwrap();
    assert_eq!(num(&got[0][1]), -50.0);
    assert_eq!(num(&got[1][0]), -60.0);

    r.set_defaults("iaf_psc_alpha", &[("C_m", 100.0.into())])
        .unwrap();
    let n = r.create(&mut s, "iaf_psc_alpha", 1, &[]).unwrap();
    assert_eq!(num(&s.get_status(&n, &["C_m"]).unwrap()[0][0]), 100.0);
    // Values valid only together are accepted together, and a refused change keeps the old.
    r.set_defaults(
        "my_iaf",
        &[("V_th", (-75.0).into()), ("V_reset", (-80.0).into())],
    )
    .unwrap();
    let e = r
        .set_defaults("my_iaf", &[("V_reset", (-40.0).into())])
        .unwrap_err();
    assert!(e.to_string().contains("V_reset"), "{e}");
    assert_eq!(
        default_of(&r.get_defaults("my_iaf").unwrap(), "V_reset"),
        -80.0
    );
    assert!(r.copy_model("iaf_psc_alpha", "my_iaf", &[]).is_err());
    assert!(
        r.copy_model("iaf_psc_alpha", "bad_copy", &[("tau_m", (-1.0).into())])
            .is_err()
    );
    assert!(r.entry("bad_copy").is_err(), "a refused copy is not kept");
}

#[test]
fn synapse_models_are_copied_and_connect_with_their_defaults() {
    let mut r = registry();
    assert!(r.synapses().names().contains(&"static_synapse"));
    // NEST's brunel scripts: CopyModel("static_synapse", "excitatory", {"weight": J, "delay": D}).
    r.copy_model(
        "static_synapse",
        "excitatory",
        &[("weight", 20.0.into()), ("delay", 1.5.into())],
    )
    .unwrap();
    let d = r.get_defaults("excitatory").unwrap();
    assert_eq!(default_of(&d, "weight"), 20.0);
    assert_eq!(default_of(&d, "delay"), 1.5);
    assert_eq!(
        default_of(&r.get_defaults("static_synapse").unwrap(), "weight"),
        1.0
    );
    r.set_defaults("excitatory", &[("weight", 25.0.into())])
        .unwrap();
    let mut s = sim();
    let n = r.create(&mut s, "iaf_psc_alpha", 2, &[]).unwrap();
    let syn = r.synapse("excitatory").unwrap();
    s.connect(n.clone(), n.clone(), Rule::AllToAll, syn)
        .unwrap();
    let c = s.connections(n).unwrap();
    assert_eq!(c.len(), 4);
    assert!(
        c.iter()
            .all(|c| c.weight == 25.0 && (c.delay - 1.5).abs() < 1e-12)
    );
    // A refused value names the parameter and keeps the old defaults.
    let e = r
        .set_defaults("excitatory", &[("delay", (-1.0).into())])
        .unwrap_err();
    assert!(e.to_string().contains("delay"), "{e}");
    assert_eq!(
        default_of(&r.get_defaults("excitatory").unwrap(), "delay"),
        1.5
    );
    let e = r
        .set_defaults("excitatory", &[("drift_factor", 1.0.into())])
        .unwrap_err();
    assert!(e.to_string().contains("drift_factor"), "{e}");
    // One namespace for neuron and synapse models.
    assert!(r.copy_model("iaf_psc_alpha", "excitatory", &[]).is_err());
    r.copy_model(
        "diffusion_connection",
        "diff",
        &[("drift_factor", 0.5.into())],
    )
    .unwrap();
    assert_eq!(
        default_of(&r.get_defaults("diff").unwrap(), "drift_factor"),
        0.5
    );
}

#[test]
fn synapse_parameters_given_at_connect_change_only_those_connections() {
    let r = registry();
    let mut s = sim();
    let n = r.create(&mut s, "iaf_psc_alpha", 2, &[]).unwrap();
    let syn = r
        .synapse_in_with(&mut s, "tsodyks2_synapse", &[("U", 0.8.into())])
        .unwrap();
    s.connect(n.clone(), n.clone(), Rule::OneToOne, syn)
        .unwrap();
    assert_eq!(s.connection_values(n.clone(), "u").unwrap().len(), 2);
    assert_eq!(
        default_of(&r.get_defaults("tsodyks2_synapse").unwrap(), "U"),
        0.5
    );
    let e = (r.synapse_in_with(&mut s, "tsodyks2_synapse", &[("U", 2.0.into())])).unwrap_err();
    assert!(
        e.to_string().contains('U') && e.to_string().contains('2'),
        "{e}"
    );
    let e = (r.synapse_in_with(&mut s, "static_synapse", &[("U", 0.5.into())])).unwrap_err();
    assert!(e.to_string().contains('U'), "{e}");
}

/// NEST's defaults and `syn_spec` also give the variables a new synapse starts with
/// (`x`, `u` of tsodyks2_synapse; `n` of quantal_stp_synapse, whose `a` stays 1 unless set).
#[test]
fn synapse_variables_start_as_the_defaults_and_syn_spec_say() {
    let mut r = registry();
    let mut s = sim();
    let n = r.create(&mut s, "iaf_psc_alpha", 2, &[]).unwrap();
    let given = [("x", 0.02.into()), ("u", 0.03.into())];
    let syn = r
        .synapse_in_with(&mut s, "tsodyks2_synapse", &given)
        .unwrap();
    s.connect(
        n.slice(0..1).unwrap(),
        n.slice(1..2).unwrap(),
        Rule::OneToOne,
        syn,
    )
    .unwrap();
    assert_eq!(
        s.connection_values(n.slice(0..1).unwrap(), "x").unwrap(),
        [0.02]
    );
    assert_eq!(
        s.connection_values(n.slice(0..1).unwrap(), "u").unwrap(),
        [0.03]
    );
    // The model's defaults are unchanged by a connect call's values.
    let d = r.get_defaults("tsodyks2_synapse").unwrap();
    assert_eq!((default_of(&d, "x"), default_of(&d, "u")), (1.0, 0.5));
    r.set_defaults(
        "quantal_stp_synapse",
        &[("n", 10.0.into()), ("u", 0.02.into())],
    )
    .unwrap();
    let d = r.get_defaults("quantal_stp_synapse").unwrap();
    assert_eq!((default_of(&d, "n"), default_of(&d, "a")), (10.0, 1.0));
    let syn = r.synapse_in(&mut s, "quantal_stp_synapse").unwrap();
    s.connect(
        n.slice(1..2).unwrap(),
        n.slice(0..1).unwrap(),
        Rule::OneToOne,
        syn,
    )
    .unwrap();
    let from = n.slice(1..2).unwrap();
    assert_eq!(s.connection_values(from.clone(), "n").unwrap(), [10.0]);
    assert_eq!(s.connection_values(from.clone(), "a").unwrap(), [1.0]);
    assert_eq!(s.connection_values(from, "u").unwrap(), [0.02]);
    let bad = [("x", f64::NAN.into())];
    let e = r
        .synapse_in_with(&mut s, "tsodyks2_synapse", &bad)
        .unwrap_err();
    assert!(
        e.to_string().contains("x") && e.to_string().contains("finite"),
        "{e}"
    );
}

/// NEST's `_lbl` models: connections carry the `synapse_label` given at connect or in the
/// defaults (-1 without one, as NEST 3.10 reports it); a label must be a whole number, 0 or
/// more; models without `_lbl` refuse it. A labelled static synapse transmits as
/// static_synapse does.
#[test]
fn lbl_models_label_their_connections() {
    let mut r = registry();
    let d = r.get_defaults("static_synapse_lbl").unwrap();
    assert_eq!(default_of(&d, "synapse_label"), -1.0);
    let d = r.get_defaults("stdp_synapse_hom_lbl").unwrap();
    assert_eq!(default_of(&d, "synapse_label"), -1.0);
    let spikes = |r: &saltatory::runtime::Registry, model: &str, label: Option<f64>| {
        let mut s = sim();
        let n = r
            .create(
                &mut s,
                "iaf_psc_alpha",
                20,
                &[("I_e", Setting::from(400.0))],
            )
            .unwrap();
        let dict: Vec<(&str, Value)> = label
            .map(|l| ("synapse_label", l.into()))
            .into_iter()
            .collect();
        let syn = r.synapse_in_with(&mut s, model, &dict).unwrap();
        let syn = SynSpec {
            weight: 300.0.into(),
            ..syn
        };
        s.connect(n.clone(), n.clone(), Rule::FixedIndegree(4), syn)
            .unwrap();
        let rec = s.record_spikes(n.clone()).unwrap();
        s.simulate(100.0 * ms).unwrap();
        let labels = s.connection_values(n.clone(), "synapse_label").unwrap();
        (s.spikes(rec).times.clone(), labels)
    };
    let (plain, labels) = spikes(&r, "static_synapse", None);
    assert!(plain.len() > 20, "the network spikes");
    assert!(labels.iter().all(|&l| l == -1.0));
    let (labelled, labels) = spikes(&r, "static_synapse_lbl", Some(3.0));
    assert_eq!(
        labelled, plain,
        "static_synapse_lbl transmits as static_synapse"
    );
    assert!(labels.len() == 80 && labels.iter().all(|&l| l == 3.0));
    r.set_defaults("tsodyks2_synapse_lbl", &[("synapse_label", 7.0.into())])
        .unwrap();
    let (_, labels) = spikes(&r, "tsodyks2_synapse_lbl", None);
    assert!(labels.iter().all(|&l| l == 7.0));
    // NEST: "Connection label must not be negative", a whole number, and only for _lbl models.
    // Here a label is fixed at connect.
    let mut s = sim();
    let n = r.create(&mut s, "iaf_psc_alpha", 1, &[]).unwrap();
    let syn = r.synapse_in(&mut s, "static_synapse_lbl").unwrap();
    s.connect(n.clone(), n.clone(), Rule::OneToOne, syn)
        .unwrap();
    let e = s
        .set_connection_values(n, "synapse_label", &[2.0])
        .unwrap_err();
    assert!(e.to_string().contains("fixed when it is made"), "{e}");
    let mut s = sim();
    for bad in [-3.0, 2.5] {
        let dict = [("synapse_label", bad.into())];
        let e = r
            .synapse_in_with(&mut s, "static_synapse_lbl", &dict)
            .unwrap_err();
        assert!(e.to_string().contains("synapse_label"), "{e}");
    }
    for plain in ["static_synapse", "stdp_synapse"] {
        let dict = [("synapse_label", 3.0.into())];
        let e = r.synapse_in_with(&mut s, plain, &dict).unwrap_err();
        assert!(e.to_string().contains("synapse_label"), "{plain}: {e}");
    }
}

/// A change that some of the selected connections do not take changes none of them.
#[test]
fn connection_changes_are_all_or_nothing() {
    let r = registry();
    let mut s = sim();
    let n = r.create(&mut s, "iaf_psc_alpha", 3, &[]).unwrap();
    let pre = n.slice(0..1).unwrap();
    let stdp = r.synapse_in(&mut s, "stdp_synapse").unwrap();
    s.connect(
        pre.clone(),
        n.slice(1..2).unwrap(),
        Rule::OneToOne,
        SynSpec {
            weight: 5.0.into(),
            ..stdp
        },
    )
    .unwrap();
    s.connect(
        pre.clone(),
        n.slice(2..3).unwrap(),
        Rule::OneToOne,
        SynSpec::new(7.0, 1.0),
    )
    .unwrap();
    let e = s
        .set_connection_values(pre.clone(), "weight", &[1.0, 2.0])
        .unwrap_err();
    assert!(e.to_string().contains("cannot be changed"), "{e}");
    assert_eq!(s.connection_values(pre, "weight").unwrap(), [5.0, 7.0]);
}
