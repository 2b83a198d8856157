//! Replaying the single-neuron scenarios of `tests/nest/scenarios.json`, which
//! `tests/nest/gen_fixtures.py` also runs in NEST 3.10, and the per-model parity report that the
//! parity test (`tests/nest_parity.rs`) keeps in `tests/fixtures/parity_report.json`.
//!
//! A scenario is a JSON object: `name`, `model` (NEST's name), `resolution` and `simtime` (ms),
//! `params` (NEST names, values in the declared units), `spike_trains` (`times`, `weight`,
//! `delay`), `dc` (`amplitude`, `start`, `stop`, `delay`, `receptor`) and `record` (state
//! variables sampled every step). [`run`] builds it with the runtime and simulates it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use saltatory_runtime::{
    DcInput, Model, NodeCollection, Nodes, Setting, Simulator, SpikeTrain, Time, Trace, Value,
    consts::*,
};
use serde_json::Value as Json;

/// Where the scenarios live, relative to the repository root.
pub const SCENARIOS: &str = "tests/nest/scenarios.json";
/// Where NEST's recordings of the scenarios live, relative to the repository root.
pub const FIXTURES: &str = "tests/fixtures";
/// The committed parity report, relative to the repository root.
pub const PARITY_REPORT: &str = "tests/fixtures/parity_report.json";
/// The parity report of the non-linear (RKF45) models, kept by `tests/nonlinear_parity.rs`.
pub const NONLINEAR_PARITY_REPORT: &str = "tests/fixtures/parity_report_nonlinear.json";
/// How to rewrite the non-linear parity report.
pub const NONLINEAR_PARITY_REPORT_UPDATE: &str =
    "UPDATE_PARITY_REPORT=1 cargo test --test nonlinear_parity";
/// How to rewrite the parity report.
pub const PARITY_REPORT_UPDATE: &str = "UPDATE_PARITY_REPORT=1 cargo test --test nest_parity";
/// The parity report of the rate models, kept by `tests/rate_parity.rs`.
pub const RATE_PARITY_REPORT: &str = "tests/fixtures/parity_report_rates.json";
/// How to rewrite the rate models' parity report.
pub const RATE_PARITY_REPORT_UPDATE: &str = "UPDATE_PARITY_REPORT=1 cargo test --test rate_parity";

/// A scenario that cannot be read or run.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError(pub String);

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScenarioError {}

impl From<saltatory_runtime::Error> for ScenarioError {
    fn from(e: saltatory_runtime::Error) -> Self {
        ScenarioError(e.to_string())
    }
}

type Result<T> = std::result::Result<T, ScenarioError>;

fn err<T>(message: impl Into<String>) -> Result<T> {
    Err(ScenarioError(message.into()))
}

/// What a replayed scenario produced.
#[derive(Clone, Debug)]
pub struct Replay {
    /// Times of the neuron's spikes, in ms.
    pub spike_times: Vec<f64>,
    /// The recorded state variables, sampled every step.
    pub trace: Trace,
}

/// Reads and parses a JSON file.
pub fn load_json(path: &Path) -> Result<Json> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ScenarioError(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| ScenarioError(format!("{} is not valid JSON: {e}", path.display())))
}

/// Every scenario of [`SCENARIOS`] under the repository root `root`.
pub fn load_scenarios(root: &Path) -> Result<Vec<Json>> {
    match load_json(&root.join(SCENARIOS))? {
        Json::Array(list) => Ok(list),
        _ => err(format!("{SCENARIOS}: expected a list of scenarios")),
    }
}

/// NEST's recording of the scenario `name` (`tests/fixtures/<name>.json`).
pub fn load_fixture(root: &Path, name: &str) -> Result<Json> {
    load_json(&root.join(FIXTURES).join(format!("{name}.json")))
}

/// The scenario's name (`"?"` when it has none).
pub fn name(sc: &Json) -> &str {
    sc["name"].as_str().unwrap_or("?")
}

/// The scenario's model (NEST's name; `"?"` when it has none).
pub fn model(sc: &Json) -> &str {
    sc["model"].as_str().unwrap_or("?")
}

fn num(sc: &Json, v: &Json, what: &str) -> Result<f64> {
    v.as_f64()
        .map_or_else(|| err(format!("{}: {what} is not a number", name(sc))), Ok)
}

fn list<'a>(sc: &Json, v: &'a Json, what: &str) -> Result<&'a Vec<Json>> {
    v.as_array()
        .map_or_else(|| err(format!("{}: {what} is not a list", name(sc))), Ok)
}

/// A list of numbers, such as a fixture's `times` or a trace.
pub fn floats(v: &Json) -> Option<Vec<f64>> {
    v.as_array()?.iter().map(Json::as_f64).collect()
}

/// Builds and runs a scenario with the model its `model` field names, created by name from the
/// catalogue's registry; returns the spike times and the trace.
///
/// # Errors
/// A [`ScenarioError`] when the model is not one of saltatory's, the scenario is malformed, or
/// the runtime rejects it.
pub fn run(sc: &Json) -> Result<Replay> {
    let (sim, n) = setup_by_name(sc, 1)?;
    replay(sc, sim, n)
}

/// A simulator holding `copies` neurons of the scenario's model, created by name from the
/// catalogue's registry with the scenario's parameters, and its spike trains and currents.
///
/// # Errors
/// As [`run`].
pub fn setup_by_name(sc: &Json, copies: usize) -> Result<(Simulator, NodeCollection)> {
    let registry = saltatory_models::registry();
    if registry.entry(model(sc)).is_err() {
        return err(format!("{}: unknown model {}", name(sc), model(sc)));
    }
    let mut sim = simulator(sc)?;
    let n = registry.create(&mut sim, model(sc), copies, &params(sc)?)?;
    add_inputs(sc, &mut sim, &n)?;
    Ok((sim, n))
}

/// A simulator holding the scenario's one neuron of model `M`, with the scenario's parameters,
/// spike trains and currents, ready to record and simulate.
///
/// # Errors
/// A [`ScenarioError`] when the scenario is malformed or the runtime rejects it.
pub fn setup<M: Model>(sc: &Json) -> Result<(Simulator, Nodes<M>)> {
    setup_copies(sc, 1)
}

/// As [`setup`], with `copies` identical neurons that receive the same input (so that RKF45
/// models run them in SIMD lanes).
///
/// # Errors
/// As [`setup`].
pub fn setup_copies<M: Model>(sc: &Json, copies: usize) -> Result<(Simulator, Nodes<M>)> {
    let mut sim = simulator(sc)?;
    let n = sim.create::<M>(copies, Default::default())?;
    // NEST applies the Create dictionary in one go: parameters and state together.
    sim.set_status(n, &params(sc)?)?;
    add_inputs(sc, &mut sim, &n.into())?;
    Ok((sim, n))
}

/// A simulator at the scenario's resolution.
fn simulator(sc: &Json) -> Result<Simulator> {
    Ok(Simulator::new(Time::new(num(
        sc,
        &sc["resolution"],
        "resolution",
    )?))?)
}

/// The scenario's `params` as a status dictionary (parameters and initial state).
fn params(sc: &Json) -> Result<Vec<(&str, Setting)>> {
    let given = sc["params"]
        .as_object()
        .map_or_else(|| err(format!("{}: params is not an object", name(sc))), Ok)?;
    let value = |k: &str, v: &Json| match v {
        Json::Bool(b) => Ok(Value::Switch(*b)),
        other => num(sc, other, k).map(Value::Number),
    };
    given
        .iter()
        .map(|(k, v)| Ok((k.as_str(), Setting::All(value(k, v)?))))
        .collect()
}

/// Connects the scenario's spike trains and currents to `n`.
fn add_inputs(sc: &Json, sim: &mut Simulator, n: &NodeCollection) -> Result<()> {
    for t in list(sc, &sc["spike_trains"], "spike_trains")? {
        let times =
            floats(&t["times"]).map_or_else(|| err(format!("{}: spike times", name(sc))), Ok)?;
        let train = SpikeTrain::new(&times, num(sc, &t["weight"], "weight")?)
            .delay(num(sc, &t["delay"], "delay")? * ms);
        sim.add_spike_train(n, &train)?;
    }
    for d in list(sc, &sc["dc"], "dc")? {
        let dc = DcInput {
            amplitude: num(sc, &d["amplitude"], "amplitude")? * pA,
            start: num(sc, &d["start"], "start")? * ms,
            stop: num(sc, &d["stop"], "stop")? * ms,
            delay: num(sc, &d["delay"], "delay")? * ms,
            receptor: d["receptor"]
                .as_u64()
                .map_or_else(|| err(format!("{}: receptor", name(sc))), Ok)?
                as usize,
        };
        sim.add_dc(n, &dc)?;
    }
    Ok(())
}

/// Builds and runs a scenario with the model `M` (whatever its `model` field says).
///
/// # Errors
/// As [`run`].
pub fn run_model<M: Model>(sc: &Json) -> Result<Replay> {
    let (sim, n) = setup::<M>(sc)?;
    replay(sc, sim, n.into())
}

/// Records the scenario's variables and spikes of `n`, and simulates.
fn replay(sc: &Json, mut sim: Simulator, n: NodeCollection) -> Result<Replay> {
    let vars = list(sc, &sc["record"], "record")?
        .iter()
        .map(|v| {
            v.as_str()
                .map_or_else(|| err(format!("{}: record", name(sc))), Ok)
        })
        .collect::<Result<Vec<&str>>>()?;
    let rec = sim.record(n.clone(), &vars)?;
    let spikes = sim.record_spikes(n)?;
    sim.simulate(num(sc, &sc["simtime"], "simtime")? * ms)?;
    Ok(Replay {
        spike_times: sim.spikes(spikes).times.clone(),
        trace: sim.trace(rec).clone(),
    })
}

/// Relative deviation of `ours` from NEST's `nest` as the parity test measures it: the absolute
/// value of `ours` where NEST's value is exactly 0.
pub fn relative_deviation(ours: f64, nest: f64) -> f64 {
    if nest == 0.0 {
        ours.abs()
    } else {
        ((ours - nest) / nest).abs()
    }
}

/// The parity evidence of one model: the worst relative deviation from NEST over all its
/// scenarios.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelParity {
    /// Number of scenarios of the model.
    pub scenarios: usize,
    /// The worst relative deviation of any recorded sample, rounded as the report stores it.
    pub worst: f64,
    /// The scenario where it occurred (the first one if several tie).
    pub worst_scenario: String,
}

/// The per-model parity report (`tests/fixtures/parity_report.json`).
///
/// Deviations are stored with three significant digits, so that the report only changes when a
/// deviation changes noticeably, and the text is deterministic.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParityReport {
    /// The tolerance the parity test asserts.
    pub tolerance: f64,
    /// What the deviation measures and the tolerance means (empty: relative deviation of any
    /// recorded sample, relative tolerance).
    pub measure: String,
    /// By model name.
    pub models: BTreeMap<String, ModelParity>,
    /// The command that rewrites the report (empty: the one of its kind, by `measure`).
    pub writer: String,
}

/// `x` with three significant digits, as the report stores it (`2.27e-13`).
fn rounded_text(x: f64) -> String {
    format!("{x:.2e}")
}

impl ParityReport {
    /// An empty report for tests asserting `tolerance`.
    pub fn new(tolerance: f64) -> Self {
        ParityReport {
            tolerance,
            measure: String::new(),
            models: BTreeMap::new(),
            writer: String::new(),
        }
    }

    /// The same report naming the command that rewrites it.
    pub fn with_writer(mut self, command: &str) -> Self {
        self.writer = command.to_string();
        self
    }

    /// The same report describing its measure (see [`ParityReport::measure`]).
    pub fn with_measure(mut self, measure: &str) -> Self {
        self.measure = measure.to_string();
        self
    }

    /// What the stored deviations measure, and the tolerance the test asserts.
    pub fn describe(&self) -> String {
        if self.measure.is_empty() {
            format!(
                "worst relative deviation of any recorded sample, tolerance {:.0e}",
                self.tolerance
            )
        } else {
            self.measure.clone()
        }
    }

    /// Accounts for one scenario of `model` whose worst relative deviation was `worst`.
    pub fn add(&mut self, model: &str, scenario: &str, worst: f64) {
        let worst = rounded_text(worst).parse().unwrap_or(worst);
        let entry = self
            .models
            .entry(model.to_string())
            .or_insert_with(|| ModelParity {
                scenarios: 0,
                worst,
                worst_scenario: scenario.to_string(),
            });
        entry.scenarios += 1;
        if worst > entry.worst {
            entry.worst = worst;
            entry.worst_scenario = scenario.to_string();
        }
    }

    /// The report as deterministic JSON text, one model per line.
    pub fn to_json(&self) -> String {
        let what = if self.measure.is_empty() {
            format!(
                "worst relative deviation from live NEST 3.10 over each model's scenarios \
                 ({SCENARIOS}), three significant digits; written by {PARITY_REPORT_UPDATE}"
            )
        } else {
            let writer = if self.writer.is_empty() {
                NONLINEAR_PARITY_REPORT_UPDATE
            } else {
                self.writer.as_str()
            };
            format!(
                "{}; three significant digits; written by {writer}",
                self.measure
            )
        };
        let mut out = format!(
            "{{\n  \"what\": {},\n  \"tolerance\": {:e},{}\n  \"models\": {{",
            Json::from(what.as_str()),
            self.tolerance,
            if self.measure.is_empty() {
                String::new()
            } else {
                format!("\n  \"measure\": {},", Json::from(self.measure.as_str()))
            }
        );
        let n = self.models.len();
        for (i, (model, p)) in self.models.iter().enumerate() {
            out.push_str(&format!(
                "\n    {}: {{\"scenarios\": {}, \"worst_relative_deviation\": {}, \"worst_scenario\": {}}}{}",
                Json::from(model.as_str()),
                p.scenarios,
                rounded_text(p.worst),
                Json::from(p.worst_scenario.as_str()),
                if i + 1 < n { "," } else { "" }
            ));
        }
        out.push_str(if n > 0 { "\n  }\n}\n" } else { "}\n}\n" });
        out
    }

    /// Parses a report written by [`ParityReport::to_json`].
    ///
    /// # Errors
    /// A [`ScenarioError`] naming what is missing or malformed.
    pub fn from_json(text: &str) -> Result<Self> {
        let bad = |what: &str| ScenarioError(format!("{PARITY_REPORT}: {what}"));
        let doc: Json =
            serde_json::from_str(text).map_err(|e| bad(&format!("not valid JSON: {e}")))?;
        let tolerance = doc["tolerance"]
            .as_f64()
            .ok_or_else(|| bad("no tolerance"))?;
        let mut models = BTreeMap::new();
        for (model, p) in doc["models"].as_object().ok_or_else(|| bad("no models"))? {
            let field = |k: &str| bad(&format!("{model}: no {k}"));
            models.insert(
                model.clone(),
                ModelParity {
                    scenarios: p["scenarios"].as_u64().ok_or_else(|| field("scenarios"))? as usize,
                    worst: p["worst_relative_deviation"]
                        .as_f64()
                        .ok_or_else(|| field("worst_relative_deviation"))?,
                    worst_scenario: p["worst_scenario"]
                        .as_str()
                        .ok_or_else(|| field("worst_scenario"))?
                        .to_string(),
                },
            );
        }
        let measure = doc["measure"].as_str().unwrap_or_default().to_string();
        Ok(ParityReport {
            tolerance,
            measure,
            models,
            writer: String::new(),
        })
    }

    /// Reads the committed report under the repository root `root`.
    ///
    /// # Errors
    /// A [`ScenarioError`] when it is missing (saying how to write it) or malformed.
    pub fn load(root: &Path) -> Result<Self> {
        Self::load_file(root, PARITY_REPORT, PARITY_REPORT_UPDATE)
    }

    /// Reads the committed non-linear models' report under `root`.
    ///
    /// # Errors
    /// As [`ParityReport::load`].
    pub fn load_nonlinear(root: &Path) -> Result<Self> {
        Self::load_file(
            root,
            NONLINEAR_PARITY_REPORT,
            NONLINEAR_PARITY_REPORT_UPDATE,
        )
    }

    /// Reads the committed rate models' report under `root`.
    ///
    /// # Errors
    /// As [`ParityReport::load`].
    pub fn load_rates(root: &Path) -> Result<Self> {
        Self::load_file(root, RATE_PARITY_REPORT, RATE_PARITY_REPORT_UPDATE)
    }

    fn load_file(root: &Path, rel: &str, update: &str) -> Result<Self> {
        let text = std::fs::read_to_string(root.join(rel)).map_err(|e| {
            ScenarioError(format!("cannot read {rel} ({e}); write it with `{update}`"))
        })?;
        Self::from_json(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_keeps_the_worst_scenario_per_model() {
        let mut r = ParityReport::new(1e-11);
        r.add("m", "a", 1.234e-13);
        r.add("m", "b", 5.0e-14);
        r.add("m", "c", 2.0e-13);
        r.add("n", "x", 0.0);
        let m = &r.models["m"];
        assert_eq!((m.scenarios, m.worst), (3, 2.0e-13));
        assert_eq!(m.worst_scenario, "c");
        assert_eq!(r.models["n"].worst, 0.0);
    }

    #[test]
    fn report_round_trips_through_its_text() {
        let mut r = ParityReport::new(1e-11);
        r.add("iaf_psc_alpha", "alpha_res05", 2.2687e-13);
        r.add("iaf_psc_delta", "delta_vmin", 0.0);
        let text = r.to_json();
        assert!(
            text.contains("\"worst_relative_deviation\": 2.27e-13"),
            "{text}"
        );
        let back = ParityReport::from_json(&text).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.to_json(), text);
        let empty = ParityReport::new(1e-11);
        assert_eq!(ParityReport::from_json(&empty.to_json()).unwrap(), empty);
    }

    #[test]
    fn relative_deviation_is_absolute_at_zero() {
        assert_eq!(relative_deviation(1e-20, 0.0), 1e-20);
        assert_eq!(relative_deviation(-1.0, -2.0), 0.5);
    }

    #[test]
    fn unknown_model_is_an_error() {
        let sc: Json = serde_json::json!({"name": "x", "model": "nope"});
        assert_eq!(run(&sc).unwrap_err().0, "x: unknown model nope");
    }
}
