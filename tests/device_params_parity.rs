//! Bad input for the stimulation devices, against NEST 3.10: every case of
//! tests/fixtures/device_params/ (recorded by tests/nest/device_params.py) gives a device
//! parameters by NEST name, and saltatory must accept or refuse them as NEST does, at the same
//! stage (create, set) or, where NEST refuses only when it connects or simulates, at the latest
//! then. Every refusal must name the device, the parameter and the offending value. The cases
//! marked `saltatory` are values NEST accepts and saltatory refuses on purpose
//! (docs/differences-from-nest.md); they must be refused when the device is created.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::models::registry;
use saltatory::runtime::{Device, Error, ParamValue, SynSpec};
use serde_json::Value as Json;

const MODELS: [&str; 15] = [
    "dc_generator",
    "ac_generator",
    "step_current_generator",
    "noise_generator",
    "step_rate_generator",
    "poisson_generator",
    "spike_generator",
    "sinusoidal_poisson_generator",
    "inhomogeneous_poisson_generator",
    "pulsepacket_generator",
    "mip_generator",
    "gamma_sup_generator",
    "ppd_sup_generator",
    "spike_dilutor",
    "sinusoidal_gamma_generator",
];

/// Where a refusal comes, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Create,
    Set,
    Connect,
    Simulate,
}

type Dict = Vec<(String, ParamValue)>;

struct Case {
    model: String,
    params: Dict,
    param: String,
    resolution: f64,
    defaults: Dict,
    then: Option<Dict>,
    /// NEST's refusal: stage and error class.
    nest: Option<(Stage, String)>,
    /// Why saltatory refuses what NEST accepts.
    differs: Option<String>,
    text: String,
}

fn load(model: &str) -> Json {
    let p = format!(
        "{}/tests/fixtures/device_params/{model}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// A fixture value as PyNEST gives it: see the value rules in tests/nest/device_params.py.
fn value(j: &Json) -> ParamValue {
    let number = |j: &Json| match j {
        Json::Object(o) => o["float"].as_str().unwrap().parse::<f64>().unwrap(),
        _ => j.as_f64().unwrap(),
    };
    match j {
        Json::Bool(b) => ParamValue::Bool(*b),
        Json::String(s) => ParamValue::Text(s.clone()),
        Json::Number(n) if n.is_i64() => ParamValue::Int(n.as_i64().unwrap()),
        Json::Array(a) if !a.is_empty() && a.iter().all(Json::is_i64) => {
            ParamValue::Ints(a.iter().map(|x| x.as_i64().unwrap()).collect())
        }
        Json::Array(a) => ParamValue::Floats(a.iter().map(number).collect()),
        _ => ParamValue::Float(number(j)),
    }
}

fn dict(j: &Json) -> Dict {
    let o = j.as_object().unwrap();
    o.iter().map(|(k, v)| (k.clone(), value(v))).collect()
}

fn stage(s: &str) -> Stage {
    match s {
        // Ranges are checked against the simulator when the device is created.
        "defaults" | "create" => Stage::Create,
        "set" => Stage::Set,
        "connect" => Stage::Connect,
        "simulate" => Stage::Simulate,
        other => panic!("unknown stage {other}"),
    }
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for model in MODELS {
        let f = load(model);
        assert_eq!(f["nest_version"], "3.10.0");
        for c in f["cases"].as_array().unwrap() {
            let nest = match &c["nest"] {
                Json::String(s) => {
                    assert_eq!(s, "accepted");
                    None
                }
                v => Some((stage(v["stage"].as_str().unwrap()), v["error"].to_string())),
            };
            out.push(Case {
                model: model.into(),
                params: dict(&c["params"]),
                param: c["param"].as_str().unwrap().into(),
                resolution: c.get("resolution").map_or(0.1, |r| r.as_f64().unwrap()),
                defaults: c.get("defaults").map(dict).unwrap_or_default(),
                then: c.get("then").map(dict),
                nest,
                differs: c.get("saltatory").map(|s| s.as_str().unwrap().into()),
                text: c.to_string(),
            });
        }
    }
    out
}

fn pairs(d: &Dict) -> Vec<(&str, ParamValue)> {
    d.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()
}

/// Runs a case as the fixture script runs it in NEST; the first refusal and its stage.
fn run(c: &Case) -> Result<(), (Stage, Error)> {
    let mut sim = Simulator::new(c.resolution * ms).unwrap();
    let at = |stage| move |e| (stage, e);
    let mut device = Device::nest_default(&c.model).map_err(at(Stage::Create))?;
    device
        .set_nest_defaults(&pairs(&c.defaults))
        .and_then(|()| device.set_nest(&pairs(&c.params)))
        .and_then(|()| sim.check_device(&device))
        .map_err(at(Stage::Create))?;
    if let Some(then) = &c.then {
        sim.set_device(&mut device, &pairs(then))
            .map_err(at(Stage::Set))?;
    }
    // As the fixture script: a rate generator drives a rate neuron through a delayed rate
    // connection, the others an iaf_psc_alpha.
    let (model, syn) = match device.stimulus {
        saltatory::runtime::Stimulus::StepRate { .. } => {
            ("lin_rate_ipn", SynSpec::rate_delayed(1.0, 1.0))
        }
        _ => ("iaf_psc_alpha", SynSpec::new(1.0, 1.0)),
    };
    let target = registry().create(&mut sim, model, 1, &[]).unwrap();
    sim.stimulate(device, target, syn)
        .map_err(at(Stage::Connect))?;
    sim.simulate(5.0 * ms).map_err(at(Stage::Simulate))
}

/// The value the case is about, as a refusal may show it: the value itself, or for a list any
/// of its entries or its length.
fn shown(c: &Case) -> Vec<String> {
    let given = c.then.iter().chain([&c.params]).flatten();
    let v = given
        .into_iter()
        .find(|(k, _)| *k == c.param)
        .map(|(_, v)| v);
    match v {
        None => Vec::new(),
        Some(v @ ParamValue::Floats(xs)) => xs
            .iter()
            .map(f64::to_string)
            .chain([xs.len().to_string(), v.to_string()])
            .collect(),
        Some(v @ ParamValue::Ints(xs)) => xs
            .iter()
            .map(i64::to_string)
            .chain([xs.len().to_string(), v.to_string()])
            .collect(),
        Some(ParamValue::Text(s)) => vec![s.clone()],
        Some(v) => vec![v.to_string()],
    }
}

/// Whether a refusal names the device, the parameter and the offending value.
fn explains(c: &Case, e: &Error) -> Result<(), String> {
    let m = e.to_string();
    if !m.contains(&c.model) || !m.contains(&c.param) {
        return Err(format!("does not name {} and {}: {m}", c.model, c.param));
    }
    let values = shown(c);
    let unknown = matches!(e, Error::UnknownName { .. });
    if !unknown && !values.is_empty() && !values.iter().any(|v| m.contains(v.as_str())) {
        return Err(format!("shows none of {values:?}: {m}"));
    }
    Ok(())
}

/// The disagreements of one case with NEST, if any.
fn check(c: &Case) -> Option<String> {
    let got = run(c);
    let bad = |what: String| Some(format!("{} {}: {what}", c.model, c.text));
    match (&c.nest, &c.differs, &got) {
        (Some(_), Some(_), _) => bad("marked as refused on purpose, but NEST refuses it".into()),
        (None, None, Ok(())) => None,
        (None, None, Err((s, e))) => bad(format!("NEST accepts, saltatory refuses at {s:?}: {e}")),
        (None, Some(_), Ok(())) => bad("saltatory should refuse this on purpose".into()),
        (None, Some(_), Err((s, e))) if *s > Stage::Set => {
            bad(format!("refused on purpose only at {s:?}: {e}"))
        }
        (Some((n, class)), None, Ok(())) => bad(format!(
            "NEST refuses at {n:?} ({class}), saltatory accepts"
        )),
        (Some((n, _)), None, Err((s, e))) if s > n || (*n <= Stage::Set && s != n) => {
            bad(format!("NEST refuses at {n:?}, saltatory at {s:?}: {e}"))
        }
        (_, _, Err((_, e))) => explains(c, e).err().and_then(bad),
    }
}

#[test]
fn devices_accept_and_refuse_what_nest_does() {
    let all = cases();
    let failures: Vec<String> = all.iter().filter_map(check).collect();
    let refused = all.iter().filter(|c| c.nest.is_some()).count();
    let differs = all.iter().filter(|c| c.differs.is_some()).count();
    eprintln!(
        "{} cases: {refused} refused by NEST, {differs} refused by saltatory only",
        all.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from NEST:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn every_parameter_of_every_device_has_cases() {
    let devices = saltatory::runtime::Stimulus::nest_defaults();
    let names: Vec<&str> = devices.iter().map(|s| s.nest_name()).collect();
    assert_eq!(names, MODELS, "every device has a fixture");
    let all = cases();
    for model in MODELS {
        for name in Device::nest_default(model).unwrap().nest_names() {
            let n = all
                .iter()
                .filter(|c| c.model == model && c.param == name)
                .count();
            assert!(n > 0, "{model}: no case for {name}");
        }
    }
}

#[test]
fn defaults_are_nest_defaults() {
    for model in MODELS {
        let device = Device::nest_default(model).unwrap();
        let f = load(model);
        for (name, v) in f["defaults"].as_object().unwrap() {
            let nest = match value(v) {
                // NEST shows an infinite time as the largest double.
                ParamValue::Float(x) if x == f64::MAX => ParamValue::Float(f64::INFINITY),
                other => other,
            };
            let ours = device.get_nest(name).unwrap();
            let same = match (&ours, &nest) {
                (ParamValue::Ints(a), ParamValue::Floats(b)) => a.is_empty() && b.is_empty(),
                _ => ours == nest,
            };
            assert!(same, "{model}: {name} is {ours}, NEST's default {nest}");
        }
    }
}
