//! `saltatory audit`: each model side by side with NEST 3.10.
//!
//! Three sources meet here:
//!
//! - the metadata `neuron!` emits for every model ([`ModelMeta`], listed in
//!   [`saltatory_models::ALL`]): parameters with units, defaults, constraints and whether they
//!   are supported, state variables with their initial values, equations, reset rules,
//!   refractoriness, the update scheme and its reason, and `notes` (documented differences from
//!   NEST, by name);
//! - a snapshot of NEST's `GetDefaults` for every model NEST has, recorded from live NEST 3.10 by
//!   `tests/nest/nest_defaults.py` into [`NEST_SNAPSHOT`] (values, and recordables as their own
//!   list; models NEST does not have are listed under `not_in_nest`);
//! - the parity report [`scenario::PARITY_REPORT`], which `tests/nest_parity.rs` keeps up to
//!   date: the worst relative deviation from NEST over each model's scenarios.
//!
//! # Rows
//!
//! Every parameter and state variable of either side is one row, marked:
//!
//! | status | meaning | counts as |
//! |---|---|---|
//! | `equal` | same name, same default (initial value for state) | equal |
//! | `unit-converted` | our declared unit is not NEST's, the values agree after conversion | equal |
//! | `unsupported (default only)` | a NEST parameter we list but do not implement (only its default is accepted), whose default is NEST's | equal |
//! | `recorded by NEST` | a state variable NEST records (a recordable) but whose initial value `GetDefaults` does not report | equal |
//! | `derived recordable` | a quantity NEST records that we compute from state and parameters (a `recordables` entry of the model), shown with its expression | equal |
//! | `internal` | a state variable of ours that NEST neither reports nor records (its own implementation may keep it internally, e.g. the derivative of an alpha current) | internal |
//! | `different` | both have it, the values differ (both are shown) | different |
//! | `missing in saltatory` | NEST has the parameter, state variable or recordable, we do not | missing |
//! | `missing in NEST` | we have a parameter NEST does not have | missing |
//! | `explained` | would be `different` or `missing`, but the model has a note by that name | explained |
//! | `not a NEST model` | the model itself is not one of NEST's (listed under `not_in_nest`) | — |
//!
//! A model with a `different` or `missing` row is `DIFF`: `saltatory audit` exits with status 1.
//! Notes on rows that agree with NEST are shown but do not change the row.
//!
//! # Units
//!
//! `GetDefaults` carries no units. NEST's value is taken to be in NEST's conventional unit for
//! that quantity ([`NEST_UNITS`]: mV, pA, pF, nS, ms, Hz, MOhm, pA/ms, mV/ms, nS/ms or
//! dimensionless) — which is our declared unit whenever we declare NEST's unit. For a quantity
//! not in that list NEST's value is taken to be in our declared unit. Values are equal when they
//! agree to 1e-12 relative (infinities by sign).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use saltatory_runtime::units::{DeclaredUnit, Unit, nest_unit, scale};
use saltatory_runtime::{DerivedMeta, ModelMeta, Value};
use serde_json::Value as Json;

use crate::scenario::{self, ModelParity, ParityReport};

/// The NEST snapshot, relative to the repository root.
pub const NEST_SNAPSHOT: &str = "tests/fixtures/nest_defaults.json";
/// How to regenerate the NEST snapshot.
pub const NEST_SNAPSHOT_REGENERATE: &str = "python tests/nest/nest_defaults.py";
/// Where the generated model pages live, relative to the repository root.
pub const DOCS_DIR: &str = "docs/models";
/// How to regenerate the model pages.
pub const DOCS_REGENERATE: &str = "cargo run --bin saltatory -- docs";
/// NEST's conventional units (the units crate's table): NEST's value of a quantity of one of
/// these dimensions is taken to be in this unit.
pub use saltatory_runtime::units::NEST_UNITS;

/// Relative tolerance of "equal" values.
const REL_EQ: f64 = 1e-12;
/// Shown where a side has no value.
const NONE: &str = "—";
/// Initial values written with more characters than this are listed below the state table.
const SHORT_INITIAL: usize = 24;

/// Everything that stops an audit.
#[derive(Clone, Debug, PartialEq)]
pub enum AuditError {
    /// A model name saltatory does not have.
    UnknownModel {
        /// The name asked for.
        name: String,
        /// The closest known names (edit distance).
        closest: Vec<String>,
    },
    /// A scenario the model does not have.
    UnknownScenario {
        /// The name asked for.
        name: String,
        /// The model.
        model: String,
        /// The model's scenarios closest to it (edit distance).
        closest: Vec<String>,
    },
    /// The NEST snapshot cannot be read.
    MissingSnapshot(String),
    /// The NEST snapshot is malformed.
    BadSnapshot(String),
    /// The NEST snapshot does not list the model: it predates it.
    NotInSnapshot(String),
    /// Anything else (scenario replay, parity report, files).
    Other(String),
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let regenerate = format!(
            "regenerate it with `{NEST_SNAPSHOT_REGENERATE}` (from the repository root, with a \
             python that has NEST 3.10 installed)"
        );
        match self {
            AuditError::UnknownModel { name, closest } => write!(
                f,
                "unknown model {name:?}; closest: {}; all models: {}",
                closest.join(", "),
                model_names().join(", ")
            ),
            AuditError::UnknownScenario {
                name,
                model,
                closest,
            } => {
                write!(f, "{model} has no scenario {name:?}")?;
                if closest.is_empty() {
                    write!(f, " (it has no scenarios in {})", scenario::SCENARIOS)
                } else {
                    write!(f, "; closest: {}", closest.join(", "))
                }
            }
            AuditError::MissingSnapshot(reason) => write!(
                f,
                "cannot read the NEST snapshot {NEST_SNAPSHOT} ({reason}); {regenerate}"
            ),
            AuditError::BadSnapshot(what) => {
                write!(f, "{NEST_SNAPSHOT} is malformed: {what}; {regenerate}")
            }
            AuditError::NotInSnapshot(model) => write!(
                f,
                "{model} is not in the NEST snapshot {NEST_SNAPSHOT} (neither under models nor \
                 under not_in_nest): the snapshot is out of date; {regenerate}"
            ),
            AuditError::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for AuditError {}

impl From<scenario::ScenarioError> for AuditError {
    fn from(e: scenario::ScenarioError) -> Self {
        AuditError::Other(e.0)
    }
}

impl From<saltatory_runtime::Error> for AuditError {
    fn from(e: saltatory_runtime::Error) -> Self {
        AuditError::Other(e.to_string())
    }
}

type Result<T> = std::result::Result<T, AuditError>;

// ------------------------------------------------------------------------------------------
// Models and names
// ------------------------------------------------------------------------------------------

/// Names of every model, in catalogue order.
pub fn model_names() -> Vec<&'static str> {
    saltatory_models::ALL.iter().map(|m| m.name).collect()
}

/// The model called `name`.
///
/// # Errors
/// [`AuditError::UnknownModel`] with the closest names.
pub fn find_model(name: &str) -> Result<&'static ModelMeta> {
    saltatory_models::ALL
        .iter()
        .find(|m| m.name == name)
        .ok_or_else(|| AuditError::UnknownModel {
            name: name.to_string(),
            closest: closest(name, model_names()),
        })
}

/// `saltatory models`: one line per model, its name and category (update scheme).
pub fn models_listing() -> String {
    let width = model_names().iter().map(|n| n.len()).max().unwrap_or(0);
    saltatory_models::ALL
        .iter()
        .map(|m| format!("{:<width$}  {}\n", m.name, m.scheme))
        .collect()
}

/// `saltatory kernel MODEL`: the CUDA C++ source of the model's GPU update, preceded by its
/// data layout as comments.
///
/// # Errors
/// [`AuditError::UnknownModel`], or [`AuditError::Other`] for models the GPU path cannot run.
pub fn kernel_listing(name: &str) -> Result<String> {
    let meta = find_model(name)?;
    let at = saltatory_models::ALL
        .iter()
        .position(|m| std::ptr::eq(m, meta))
        .expect("found in ALL");
    let k = saltatory_models::KERNELS[at]
        .ok_or_else(|| AuditError::from(saltatory_runtime::kernel::no_kernel(meta.name)))?;
    let mut out = format!(
        "// entry point: {}\n// signature: {}\n// constants per parameter group ({}): {}\n\
         // state columns ({}): {}\n// input channels per neuron: {}\n// failure codes: {}\n",
        k.entry,
        saltatory_runtime::KernelSource::SIGNATURE,
        k.constant_count(),
        k.constants
            .iter()
            .map(|(name, n)| match n {
                1 => name.to_string(),
                n => format!("{name} ({n})"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        k.columns.len(),
        k.columns.join(", "),
        k.channels,
        k.failures
            .iter()
            .enumerate()
            .map(|(i, f)| format!("{} = {f}", i + 1))
            .collect::<Vec<_>>()
            .join("; ")
    );
    out.push_str(k.source);
    Ok(out)
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The candidates closest to `name` by edit distance (ignoring case): every one within the
/// smallest distance found plus two, at most three, nearest first.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let lower = name.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .collect();
    scored.sort();
    let Some(&(best, _)) = scored.first() else {
        return Vec::new();
    };
    scored
        .into_iter()
        .take_while(|(d, _)| *d <= best + 2)
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

// ------------------------------------------------------------------------------------------
// The NEST snapshot
// ------------------------------------------------------------------------------------------

/// A value of NEST's `GetDefaults`, decoded from the snapshot.
#[derive(Clone, Debug, PartialEq)]
pub enum NestValue {
    /// A number (`"inf"`, `"-inf"`, `"DBL_MAX"`, `"-DBL_MAX"` and `"nan"` decoded).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// Any other string.
    Text(String),
    /// A list.
    List(Vec<NestValue>),
}

impl NestValue {
    fn decode(v: &Json) -> Option<NestValue> {
        Some(match v {
            Json::Bool(b) => NestValue::Bool(*b),
            Json::Number(n) => NestValue::Number(n.as_f64()?),
            Json::String(s) => match s.as_str() {
                "inf" => NestValue::Number(f64::INFINITY),
                "-inf" => NestValue::Number(f64::NEG_INFINITY),
                "DBL_MAX" => NestValue::Number(f64::MAX),
                "-DBL_MAX" => NestValue::Number(-f64::MAX),
                "nan" => NestValue::Number(f64::NAN),
                other => NestValue::Text(other.to_string()),
            },
            Json::Array(items) => {
                NestValue::List(items.iter().map(Self::decode).collect::<Option<_>>()?)
            }
            _ => return None,
        })
    }
}

impl fmt::Display for NestValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NestValue::Number(x) => f.write_str(&number(*x)),
            NestValue::Bool(b) => write!(f, "{b}"),
            NestValue::Text(s) => write!(f, "{s:?}"),
            NestValue::List(items) => {
                let items: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "[{}]", items.join(", "))
            }
        }
    }
}

/// NEST's defaults of one model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NestModel {
    /// `GetDefaults` without NEST's bookkeeping keys.
    pub defaults: BTreeMap<String, NestValue>,
    /// The recordables.
    pub recordables: Vec<String>,
}

/// The snapshot of NEST's defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NestSnapshot {
    /// The NEST version it was recorded with.
    pub nest_version: String,
    /// By model name.
    pub models: BTreeMap<String, NestModel>,
    /// Our models that NEST does not have.
    pub not_in_nest: Vec<String>,
}

impl NestSnapshot {
    /// Parses the snapshot's JSON text.
    ///
    /// # Errors
    /// [`AuditError::BadSnapshot`] naming what is malformed.
    pub fn from_json(text: &str) -> Result<Self> {
        let bad = |what: String| AuditError::BadSnapshot(what);
        let doc: Json = serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?;
        let nest_version = doc["nest_version"]
            .as_str()
            .ok_or_else(|| bad("no nest_version".into()))?
            .to_string();
        let mut models = BTreeMap::new();
        for (name, m) in doc["models"]
            .as_object()
            .ok_or_else(|| bad("no models".into()))?
        {
            let mut defaults = BTreeMap::new();
            for (k, v) in m["defaults"]
                .as_object()
                .ok_or_else(|| bad(format!("{name}: no defaults")))?
            {
                let value = NestValue::decode(v)
                    .ok_or_else(|| bad(format!("{name}: {k}: cannot decode {v}")))?;
                defaults.insert(k.clone(), value);
            }
            let recordables = m["recordables"]
                .as_array()
                .and_then(|r| r.iter().map(|x| x.as_str().map(String::from)).collect())
                .ok_or_else(|| bad(format!("{name}: no recordables")))?;
            models.insert(
                name.clone(),
                NestModel {
                    defaults,
                    recordables,
                },
            );
        }
        let not_in_nest = doc["not_in_nest"]
            .as_array()
            .and_then(|r| r.iter().map(|x| x.as_str().map(String::from)).collect())
            .ok_or_else(|| bad("no not_in_nest list".into()))?;
        Ok(NestSnapshot {
            nest_version,
            models,
            not_in_nest,
        })
    }

    /// Reads [`NEST_SNAPSHOT`] under the repository root `root`.
    ///
    /// # Errors
    /// [`AuditError::MissingSnapshot`] (telling how to regenerate it) or
    /// [`AuditError::BadSnapshot`].
    pub fn load(root: &Path) -> Result<Self> {
        let path = root.join(NEST_SNAPSHOT);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| AuditError::MissingSnapshot(e.to_string()))?;
        Self::from_json(&text)
    }

    /// NEST's defaults of `model`: `Some(None)` when NEST does not have the model.
    ///
    /// # Errors
    /// [`AuditError::NotInSnapshot`] when the snapshot lists the model in neither place.
    pub fn model(&self, model: &str) -> Result<Option<&NestModel>> {
        match self.models.get(model) {
            Some(m) => Ok(Some(m)),
            None if self.not_in_nest.iter().any(|n| n == model) => Ok(None),
            None => Err(AuditError::NotInSnapshot(model.to_string())),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Units and values
// ------------------------------------------------------------------------------------------

/// Whether two numbers agree: equal, both the same infinity, both NaN, or within [`REL_EQ`].
fn same(a: f64, b: f64) -> bool {
    a == b
        || (a.is_nan() && b.is_nan())
        || (a.is_finite() && b.is_finite() && (a - b).abs() <= REL_EQ * a.abs().max(b.abs()))
}

/// A number for a table: plain decimals, scientific notation for very large or small values.
pub fn number(x: f64) -> String {
    if x.is_finite() && x != 0.0 && (x.abs() >= 1e9 || x.abs() < 1e-4) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Number(x) => number(*x),
        Value::Switch(b) => b.to_string(),
    }
}

/// How a value of ours compares with NEST's.
enum Compared {
    Equal,
    UnitConverted,
    Different,
}

/// Compares our `ours` (a number in `unit`, or a switch) with NEST's; also returns NEST's value
/// as shown (with NEST's unit when it is not ours).
fn compare(ours: &Value, unit: &DeclaredUnit, nest: &NestValue) -> (Compared, String) {
    match (ours, nest) {
        (Value::Switch(a), NestValue::Bool(b)) => (
            if a == b {
                Compared::Equal
            } else {
                Compared::Different
            },
            nest.to_string(),
        ),
        (Value::Number(a), NestValue::Number(b)) => compare_numbers(*a, unit.unit(), *b),
        _ => (Compared::Different, nest.to_string()),
    }
}

/// Compares a number in `unit` (none: a plain number) with NEST's, converting to NEST's unit for
/// that dimension (`k`: our unit is 10^k times NEST's).
fn compare_numbers(ours: f64, unit: Option<Unit>, nest: f64) -> (Compared, String) {
    let converted = unit.and_then(|u| {
        let n = nest_unit(u)?;
        let k = u.exp10_to(n.unit)?;
        (k != 0).then_some((n.symbol, k))
    });
    match converted {
        None => (
            if same(ours, nest) {
                Compared::Equal
            } else {
                Compared::Different
            },
            number(nest),
        ),
        Some((symbol, k)) => (
            if same(scale(ours, k), nest) {
                Compared::UnitConverted
            } else {
                Compared::Different
            },
            format!("{} {symbol}", number(nest)),
        ),
    }
}

// ------------------------------------------------------------------------------------------
// The audit
// ------------------------------------------------------------------------------------------

/// How a row compares (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Same name and value.
    Equal,
    /// Same value after converting our declared unit to NEST's.
    UnitConverted,
    /// A parameter we do not implement, whose default is NEST's.
    UnsupportedDefaultOnly,
    /// A state variable NEST records but whose initial value it does not report.
    RecordedByNest,
    /// A quantity NEST records that we compute from state and parameters.
    DerivedRecordable,
    /// A state variable of ours that NEST neither reports nor records.
    Internal,
    /// Both have it with different values.
    Different,
    /// NEST has it, we do not.
    MissingInSaltatory,
    /// We have it, NEST does not.
    MissingInNest,
    /// Different or missing, with a note by that name.
    Explained,
    /// The model is not one of NEST's.
    NotANestModel,
}

impl Status {
    /// The label shown in the tables.
    pub fn label(self) -> &'static str {
        match self {
            Status::Equal => "equal",
            Status::UnitConverted => "unit-converted",
            Status::UnsupportedDefaultOnly => "unsupported (default only)",
            Status::RecordedByNest => "recorded by NEST",
            Status::DerivedRecordable => "derived recordable",
            Status::Internal => "internal",
            Status::Different => "different",
            Status::MissingInSaltatory => "missing in saltatory",
            Status::MissingInNest => "missing in NEST",
            Status::Explained => "explained",
            Status::NotANestModel => "not a NEST model",
        }
    }

    /// Whether the row is a difference from NEST that no note explains.
    pub fn is_unexplained_difference(self) -> bool {
        matches!(
            self,
            Status::Different | Status::MissingInSaltatory | Status::MissingInNest
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One parameter or state variable, ours and NEST's.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The name.
    pub name: String,
    /// Our declared unit (empty when we do not have it).
    pub unit: String,
    /// Our default or initial value.
    pub ours: String,
    /// Our constraint (parameters).
    pub constraint: String,
    /// NEST's value (with NEST's unit when it is not ours).
    pub nest: String,
    /// How they compare.
    pub status: Status,
}

/// The parity evidence of a model.
#[derive(Clone, Debug, PartialEq)]
pub enum Parity {
    /// Measured by the parity test.
    Measured {
        /// The model's entry of the report.
        parity: ModelParity,
        /// The tolerance the test asserts.
        tolerance: f64,
        /// What the deviation measures (empty: relative deviation of any recorded sample).
        measure: String,
    },
    /// The report has no scenario of this model.
    NoScenarios,
    /// The report cannot be read.
    Unavailable(String),
}

impl Parity {
    fn short(&self) -> String {
        match self {
            Parity::Measured { parity, .. } => format!("{:.2e}", parity.worst),
            Parity::NoScenarios | Parity::Unavailable(_) => NONE.to_string(),
        }
    }

    fn sentence(&self, in_nest: bool) -> String {
        match self {
            Parity::Measured {
                parity,
                tolerance,
                measure,
            } if measure.is_empty() => format!(
                "{} scenarios replayed against live NEST: identical spike steps; worst relative \
                 deviation of any recorded sample {:.2e} (in {}), tolerance {tolerance:.0e}",
                parity.scenarios, parity.worst, parity.worst_scenario
            ),
            Parity::Measured {
                parity, measure, ..
            } => format!(
                "{} scenarios replayed against live NEST: identical spike steps; {measure}: {:.2e} \
                 (in {})",
                parity.scenarios, parity.worst, parity.worst_scenario
            ),
            Parity::NoScenarios if !in_nest => {
                "no NEST scenarios: not a NEST model (see the notes)".to_string()
            }
            Parity::NoScenarios => format!(
                "no NEST scenarios in {} for this model",
                scenario::SCENARIOS
            ),
            Parity::Unavailable(why) => format!("no parity report: {why}"),
        }
    }
}

/// Row counts of an audit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// `equal`, `unit-converted`, `unsupported (default only)`, `recorded by NEST`.
    pub equal: usize,
    /// `different`.
    pub different: usize,
    /// `missing in saltatory`, `missing in NEST`.
    pub missing: usize,
    /// `explained`.
    pub explained: usize,
    /// `internal`.
    pub internal: usize,
}

/// One model side by side with NEST.
#[derive(Clone, Debug, PartialEq)]
pub struct Audit {
    /// Our model.
    pub meta: ModelMeta,
    /// The NEST version of the snapshot; `None` when NEST does not have the model.
    pub nest_version: Option<String>,
    /// Parameters: ours in declared order, then NEST's that we lack.
    pub params: Vec<Row>,
    /// State variables: ours in declared order, then NEST's that we lack.
    pub state: Vec<Row>,
    /// Parity evidence.
    pub parity: Parity,
}

fn note<'a>(meta: &'a ModelMeta, name: &str) -> Option<&'a str> {
    meta.notes.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Audits `meta` against NEST's snapshot and the parity report (if it could be read).
///
/// # Errors
/// [`AuditError::NotInSnapshot`] when the snapshot does not list the model.
pub fn audit(
    meta: &ModelMeta,
    snapshot: &NestSnapshot,
    report: std::result::Result<&ParityReport, &str>,
) -> Result<Audit> {
    let derived = saltatory_models::registry()
        .entry(meta.name)
        .map_or(&[][..], |e| e.derived);
    audit_with_derived(meta, derived, snapshot, report)
}

/// [`audit`] of a model with its derived recordables (`Model::DERIVED`), for models outside the
/// catalogue.
///
/// # Errors
/// [`AuditError::NotInSnapshot`] when the snapshot does not list the model.
pub fn audit_with_derived(
    meta: &ModelMeta,
    derived: &[DerivedMeta],
    snapshot: &NestSnapshot,
    report: std::result::Result<&ParityReport, &str>,
) -> Result<Audit> {
    let nest = snapshot.model(meta.name)?;
    let parity = match report {
        Err(why) => Parity::Unavailable(why.to_string()),
        Ok(r) => match r.models.get(meta.name) {
            Some(p) => Parity::Measured {
                parity: p.clone(),
                tolerance: r.tolerance,
                measure: r.measure.clone(),
            },
            None => Parity::NoScenarios,
        },
    };
    let explain = |name: &str, status: Status| {
        if status.is_unexplained_difference() && note(meta, name).is_some() {
            Status::Explained
        } else {
            status
        }
    };
    let empty = NestModel::default();
    let n = nest.unwrap_or(&empty);

    let mut params = Vec::new();
    for p in meta.params {
        let (status, nest_text) = match (nest, n.defaults.get(p.name)) {
            (None, _) => (Status::NotANestModel, NONE.to_string()),
            (Some(_), None) => (Status::MissingInNest, NONE.to_string()),
            (Some(_), Some(v)) => {
                let (c, shown) = compare(&p.default, &p.unit, v);
                let status = match c {
                    Compared::Different => Status::Different,
                    _ if !p.supported => Status::UnsupportedDefaultOnly,
                    Compared::Equal => Status::Equal,
                    Compared::UnitConverted => Status::UnitConverted,
                };
                (status, shown)
            }
        };
        params.push(Row {
            name: p.name.to_string(),
            unit: p.unit.to_string(),
            ours: value_text(&p.default),
            constraint: p.constraint.to_string(),
            nest: nest_text,
            status: explain(p.name, status),
        });
    }

    let mut state = Vec::new();
    for s in meta.state {
        // Evaluated by neuron! with the default parameters (NaN if it could not be).
        let value = Some(s.initial_value).filter(|v| !v.is_nan());
        let written = s.initial.trim();
        let ours = match value {
            Some(v) if written.parse::<f64>() == Ok(v) => number(v),
            Some(v) if written.chars().count() <= SHORT_INITIAL => {
                format!("{} ({written})", number(v))
            }
            Some(v) => format!("{} (as written below)", number(v)),
            None if written.chars().count() <= SHORT_INITIAL => written.to_string(),
            None => "(as written below)".to_string(),
        };
        let (status, nest_text) = if nest.is_none() {
            (Status::NotANestModel, NONE.to_string())
        } else if let Some(v) = n.defaults.get(s.name) {
            match value {
                Some(x) => {
                    let (c, shown) = compare(&Value::Number(x), &s.unit, v);
                    let status = match c {
                        Compared::Equal => Status::Equal,
                        Compared::UnitConverted => Status::UnitConverted,
                        Compared::Different => Status::Different,
                    };
                    (status, shown)
                }
                None => (Status::Different, v.to_string()),
            }
        } else if n.recordables.iter().any(|r| r == s.name) {
            (Status::RecordedByNest, "(recordable)".to_string())
        } else {
            (Status::Internal, NONE.to_string())
        };
        state.push(Row {
            name: s.name.to_string(),
            unit: s.unit.to_string(),
            ours,
            constraint: String::new(),
            nest: nest_text,
            status: explain(s.name, status),
        });
    }

    for d in derived {
        let (status, nest_text) = if nest.is_none() {
            (Status::NotANestModel, NONE.to_string())
        } else if n.recordables.iter().any(|r| r == d.name) {
            (Status::DerivedRecordable, "(recordable)".to_string())
        } else {
            (Status::Internal, NONE.to_string())
        };
        state.push(Row {
            name: d.name.to_string(),
            unit: d.unit.to_string(),
            ours: format!("= {}", d.expr),
            constraint: String::new(),
            nest: nest_text,
            status: explain(d.name, status),
        });
    }

    // NEST's names we lack: defaults as parameters, recordables as state.
    let ours: BTreeSet<&str> = meta
        .params
        .iter()
        .map(|p| p.name)
        .chain(meta.state.iter().map(|s| s.name))
        .chain(derived.iter().map(|d| d.name))
        .collect();
    for (name, v) in &n.defaults {
        if !ours.contains(name.as_str()) {
            let target = if n.recordables.contains(name) {
                &mut state
            } else {
                &mut params
            };
            target.push(Row {
                name: name.clone(),
                unit: String::new(),
                ours: NONE.to_string(),
                constraint: String::new(),
                nest: v.to_string(),
                status: explain(name, Status::MissingInSaltatory),
            });
        }
    }
    for name in &n.recordables {
        if !ours.contains(name.as_str()) && !n.defaults.contains_key(name) {
            state.push(Row {
                name: name.clone(),
                unit: String::new(),
                ours: NONE.to_string(),
                constraint: String::new(),
                nest: "(recordable)".to_string(),
                status: explain(name, Status::MissingInSaltatory),
            });
        }
    }

    Ok(Audit {
        meta: *meta,
        nest_version: nest.map(|_| snapshot.nest_version.clone()),
        params,
        state,
        parity,
    })
}

/// Audits every model, with the snapshot and parity report under `root`. A missing parity report
/// is not an error here: the audits say it is unavailable.
///
/// # Errors
/// When the snapshot cannot be read or does not list a model.
pub fn audit_all(root: &Path) -> Result<Vec<Audit>> {
    let snapshot = NestSnapshot::load(root)?;
    let reports = load_reports(root);
    saltatory_models::ALL
        .iter()
        .map(|m| audit(m, &snapshot, report_for(m, &reports)))
        .collect()
}

/// Audits the model called `name`, with the snapshot and parity report under `root`.
///
/// # Errors
/// An unknown model (with the closest names), or as [`audit_all`].
pub fn audit_model(root: &Path, name: &str) -> Result<Audit> {
    let meta = find_model(name)?;
    let snapshot = NestSnapshot::load(root)?;
    let reports = load_reports(root);
    audit(meta, &snapshot, report_for(meta, &reports))
}

type Reports = (
    std::result::Result<ParityReport, String>,
    std::result::Result<ParityReport, String>,
    std::result::Result<ParityReport, String>,
);

/// The spike condition, in `quote`s, or that the model has none (rate models).
fn threshold_text(m: &ModelMeta, quote: &str) -> String {
    if m.threshold.is_empty() {
        "none (no spikes)".to_string()
    } else {
        format!("{quote}{}{quote}", m.threshold)
    }
}

/// The parity reports of the linear, the non-linear and the rate models.
fn load_reports(root: &Path) -> Reports {
    (
        ParityReport::load(root).map_err(|e| e.0),
        ParityReport::load_nonlinear(root).map_err(|e| e.0),
        ParityReport::load_rates(root).map_err(|e| e.0),
    )
}

/// The report that covers `meta`, by its update scheme.
fn report_for<'a>(
    meta: &ModelMeta,
    reports: &'a Reports,
) -> std::result::Result<&'a ParityReport, &'a str> {
    let r = match meta.scheme {
        saltatory_runtime::Scheme::ExactPropagator => &reports.0,
        saltatory_runtime::Scheme::Rate => &reports.2,
        _ => &reports.1,
    };
    r.as_ref().map_err(String::as_str)
}

impl Audit {
    /// Whether NEST has this model.
    pub fn in_nest(&self) -> bool {
        self.nest_version.is_some()
    }

    fn rows(&self) -> impl Iterator<Item = &Row> {
        self.params.iter().chain(&self.state)
    }

    /// Rows that differ from NEST without a note.
    pub fn unexplained(&self) -> Vec<&Row> {
        self.rows()
            .filter(|r| r.status.is_unexplained_difference())
            .collect()
    }

    /// 1 when something differs from NEST that no note explains, else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(!self.unexplained().is_empty())
    }

    /// Row counts.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in self.rows() {
            match r.status {
                Status::Equal
                | Status::UnitConverted
                | Status::UnsupportedDefaultOnly
                | Status::RecordedByNest
                | Status::DerivedRecordable => c.equal += 1,
                Status::Different => c.different += 1,
                Status::MissingInSaltatory | Status::MissingInNest => c.missing += 1,
                Status::Explained => c.explained += 1,
                Status::Internal => c.internal += 1,
                Status::NotANestModel => {}
            }
        }
        c
    }

    fn result(&self) -> &'static str {
        if self.exit_code() == 0 { "OK" } else { "DIFF" }
    }

    fn verdict(&self) -> String {
        let bad = self.unexplained();
        if !self.in_nest() {
            "OK: not a NEST model, nothing to compare".to_string()
        } else if bad.is_empty() {
            "OK: no unexplained difference from NEST".to_string()
        } else {
            let names: Vec<String> = bad
                .iter()
                .map(|r| format!("{} ({})", r.name, r.status))
                .collect();
            format!(
                "DIFF: {} unexplained difference{} from NEST: {}",
                bad.len(),
                if bad.len() == 1 { "" } else { "s" },
                names.join(", ")
            )
        }
    }

    fn nest_column(&self) -> String {
        match &self.nest_version {
            Some(v) => format!("NEST {v}"),
            None => "NEST".to_string(),
        }
    }

    /// Header and cells of a parameter or state table; `constraint` adds that column.
    fn cells(&self, rows: &[Row], ours: &str, constraint: bool) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header: Vec<String> = vec!["name".into(), "unit".into(), ours.into()];
        if constraint {
            header.push("constraint".into());
        }
        header.extend([self.nest_column(), "status".into()]);
        let rows = rows
            .iter()
            .map(|r| {
                let mut cells = vec![r.name.clone(), r.unit.clone(), r.ours.clone()];
                if constraint {
                    cells.push(r.constraint.clone());
                }
                cells.extend([r.nest.clone(), r.status.to_string()]);
                cells
            })
            .collect();
        (header, rows)
    }

    fn param_cells(&self) -> (Vec<String>, Vec<Vec<String>>) {
        self.cells(&self.params, "saltatory default", true)
    }

    fn state_cells(&self) -> (Vec<String>, Vec<Vec<String>>) {
        self.cells(&self.state, "saltatory initial", false)
    }

    fn nest_source(&self) -> String {
        match &self.nest_version {
            Some(v) => format!("NEST {v} GetDefaults, recorded in {NEST_SNAPSHOT}"),
            None => format!("not a NEST model (listed under not_in_nest in {NEST_SNAPSHOT})"),
        }
    }

    /// The audit as plain text.
    pub fn text(&self) -> String {
        let m = &self.meta;
        let mut out = format!("{} ({}): {}\n", m.name, m.rust_name, one_line(m.doc));
        out.push_str(&format!("NEST reference: {}\n", self.nest_source()));
        let (header, rows) = self.param_cells();
        out.push_str("\nParameters\n");
        out.push_str(&text_table(&header, &rows));
        let (header, rows) = self.state_cells();
        out.push_str("\nState\n");
        out.push_str(&text_table(&header, &rows));
        let long = long_initials(m);
        if !long.is_empty() {
            out.push_str("  initial values as written:\n");
            for (name, text) in long {
                out.push_str(&format!("    {name} = {text}\n"));
            }
        }
        out.push_str("\nInputs\n");
        for i in m.inputs {
            out.push_str(&format!("  {i}\n"));
        }
        out.push_str("\nEquations\n");
        for d in m.definitions {
            out.push_str(&format!("  where {d}\n"));
        }
        for e in m.equations {
            out.push_str(&format!("  {e}\n"));
        }
        out.push_str(&format!("\nThreshold: {}\n", threshold_text(m, "")));
        let reset = resets(m);
        out.push_str(&format!(
            "Reset: {}\n",
            if reset.is_empty() {
                "none".to_string()
            } else {
                reset.join("; ")
            }
        ));
        out.push_str(&format!("Refractoriness: {}\n", refractoriness(m)));
        out.push_str(&format!(
            "Update scheme: {} ({})\n",
            m.scheme, m.scheme_reason
        ));
        if !m.notes.is_empty() {
            out.push_str("\nNotes (documented differences from NEST)\n");
            for (name, text) in m.notes {
                out.push_str(&format!("  {name}: {text}\n"));
            }
        }
        out.push_str(&format!(
            "\nParity: {}\n",
            self.parity.sentence(self.in_nest())
        ));
        out.push_str(&format!("\n{}\n", self.verdict()));
        out
    }

    /// The audit as Markdown (the page `docs/models/<model>.md`).
    pub fn markdown(&self) -> String {
        let m = &self.meta;
        let mut out = format!("# {}\n\n{}\n\n", m.name, one_line(m.doc));
        out.push_str(&md_table(
            &["", ""].map(String::from),
            &[
                vec!["Rust type".into(), format!("`{}`", m.rust_name)],
                vec![
                    "update scheme".into(),
                    format!("{}: {}", m.scheme, m.scheme_reason),
                ],
                vec!["NEST reference".into(), self.nest_source()],
                vec!["result".into(), self.verdict()],
            ],
        ));
        let (header, rows) = self.param_cells();
        out.push_str("\n## Parameters\n\n");
        out.push_str(&md_table(&header, &rows));
        let (header, rows) = self.state_cells();
        out.push_str("\n## State\n\n");
        out.push_str(&md_table(&header, &rows));
        let long = long_initials(m);
        if !long.is_empty() {
            out.push_str("\nInitial values as written:\n\n```text\n");
            for (name, text) in long {
                out.push_str(&format!("{name} = {text}\n"));
            }
            out.push_str("```\n");
        }
        out.push_str("\n## Inputs\n\n```text\n");
        for i in m.inputs {
            out.push_str(&format!("{i}\n"));
        }
        out.push_str("```\n\n## Equations\n\n```text\n");
        for d in m.definitions {
            out.push_str(&format!("where {d}\n"));
        }
        for e in m.equations {
            out.push_str(&format!("{e}\n"));
        }
        out.push_str("```\n\n");
        out.push_str(&format!("- threshold: {}\n", threshold_text(m, "`")));
        let reset = resets(m);
        out.push_str(&format!(
            "- reset: {}\n",
            if reset.is_empty() {
                "none".to_string()
            } else {
                reset
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join("; ")
            }
        ));
        out.push_str(&format!(
            "- refractoriness: {}\n",
            md_code(&refractoriness(m))
        ));
        if !m.notes.is_empty() {
            out.push_str("\n## Notes\n\nDocumented differences from NEST.\n\n");
            for (name, text) in m.notes {
                out.push_str(&format!("- `{name}`: {}\n", one_line(text)));
            }
        }
        let parity = self.parity.sentence(self.in_nest());
        let mut chars = parity.chars();
        let parity: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        out.push_str(&format!("\n## Parity with NEST\n\n{parity}.\n"));
        out
    }

    fn summary_cells(&self) -> Vec<String> {
        let c = self.counts();
        let n = |x: usize| {
            if self.in_nest() {
                x.to_string()
            } else {
                NONE.to_string()
            }
        };
        vec![
            self.meta.name.to_string(),
            self.meta.scheme.to_string(),
            n(c.equal),
            n(c.different),
            n(c.missing),
            n(c.explained),
            n(c.internal),
            self.parity.short(),
            if self.in_nest() {
                self.result().to_string()
            } else {
                "OK (not a NEST model)".to_string()
            },
        ]
    }

    /// One line: name, scheme, row counts, worst parity deviation, OK or DIFF.
    pub fn summary_line(&self) -> String {
        let c = self.summary_cells();
        format!(
            "{:<16} {:<17} equal {:>2}  different {:>2}  missing {:>2}  explained {:>2}  internal {:>2}  parity {:<8}  {}",
            c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]
        )
    }
}

const SUMMARY_HEADER: [&str; 9] = [
    "model",
    "scheme",
    "equal",
    "different",
    "missing",
    "explained",
    "internal",
    "worst parity deviation",
    "result",
];

/// `saltatory audit --all`: one line per model.
pub fn summary_text(audits: &[Audit]) -> String {
    audits.iter().map(|a| a.summary_line() + "\n").collect()
}

/// `saltatory audit --all --markdown`: a table with one row per model.
pub fn summary_markdown(audits: &[Audit]) -> String {
    let rows: Vec<Vec<String>> = audits.iter().map(Audit::summary_cells).collect();
    md_table(&SUMMARY_HEADER.map(String::from), &rows)
}

/// Exit status of several audits: 1 when any has an unexplained difference.
pub fn exit_code(audits: &[Audit]) -> i32 {
    audits.iter().map(Audit::exit_code).max().unwrap_or(0)
}

/// Initial values too long for the state table: `(name, as written)`.
fn long_initials(m: &ModelMeta) -> Vec<(&'static str, &'static str)> {
    m.state
        .iter()
        .filter(|s| s.initial.trim().chars().count() > SHORT_INITIAL)
        .map(|s| (s.name, s.initial.trim()))
        .collect()
}

fn resets(m: &ModelMeta) -> Vec<&'static str> {
    m.reset
        .iter()
        .copied()
        .filter(|r| !r.trim().is_empty())
        .collect()
}

fn refractoriness(m: &ModelMeta) -> String {
    if m.refractory.is_empty() {
        "none".to_string()
    } else {
        m.refractory.to_string()
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn md_code(text: &str) -> String {
    if text == "none" {
        text.to_string()
    } else {
        format!("`{text}`")
    }
}

fn text_table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from(" ");
        for (cell, w) in cells.iter().zip(&widths) {
            s.push(' ');
            s.push_str(cell);
            s.push_str(&" ".repeat(w - cell.chars().count() + 1));
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(header);
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn md_table(header: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| md_cell(c)).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(header);
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

// ------------------------------------------------------------------------------------------
// Model pages
// ------------------------------------------------------------------------------------------

fn generated_banner() -> String {
    format!(
        "<!-- Generated by `{DOCS_REGENERATE}` from the models' metadata, {NEST_SNAPSHOT} and \
         {}: do not edit. -->\n\n",
        scenario::PARITY_REPORT
    )
}

/// The model pages: `(path relative to the repository root, contents)` for `docs/models/<model>.md`
/// of every model and the index `docs/models/README.md`.
///
/// # Errors
/// When the snapshot or the parity report cannot be read.
pub fn docs(root: &Path) -> Result<Vec<(String, String)>> {
    let snapshot = NestSnapshot::load(root)?;
    ParityReport::load(root)?;
    ParityReport::load_nonlinear(root)?;
    ParityReport::load_rates(root)?;
    let reports = load_reports(root);
    let audits = saltatory_models::ALL
        .iter()
        .map(|m| audit(m, &snapshot, report_for(m, &reports)))
        .collect::<Result<Vec<_>>>()?;
    let mut pages = Vec::new();
    let mut index = generated_banner();
    index.push_str(
        "# Models\n\nEach model side by side with NEST: parameters and state against NEST's \
         defaults, equations, reset and refractoriness, update scheme, and the parity measured \
         against live NEST. `cargo run --bin saltatory -- audit <model>` prints the same; the \
         statuses are explained in `src/audit.rs`.\n\n",
    );
    let mut rows = Vec::new();
    for a in &audits {
        let mut cells = a.summary_cells();
        cells[0] = format!("[{0}]({0}.md)", a.meta.name);
        rows.push(cells);
        pages.push((
            format!("{DOCS_DIR}/{}.md", a.meta.name),
            generated_banner() + &a.markdown(),
        ));
    }
    index.push_str(&md_table(&SUMMARY_HEADER.map(String::from), &rows));
    pages.push((format!("{DOCS_DIR}/README.md"), index));
    Ok(pages)
}

/// Writes the model pages under `root` (each atomically); returns their paths.
///
/// # Errors
/// As [`docs`], or when a file cannot be written.
pub fn write_docs(root: &Path) -> Result<Vec<String>> {
    let pages = docs(root)?;
    std::fs::create_dir_all(root.join(DOCS_DIR))
        .map_err(|e| AuditError::Other(format!("cannot create {DOCS_DIR}: {e}")))?;
    for (path, text) in &pages {
        saltatory_runtime::output::write_atomic(&root.join(path), text.as_bytes())?;
    }
    Ok(pages.into_iter().map(|(p, _)| p).collect())
}

/// The model pages that are missing, out of date, or no longer generated (empty when all are
/// current).
///
/// # Errors
/// As [`docs`].
pub fn stale_docs(root: &Path) -> Result<Vec<String>> {
    let pages = docs(root)?;
    let mut stale = Vec::new();
    for (path, text) in &pages {
        match std::fs::read_to_string(root.join(path)) {
            Ok(old) if old == *text => {}
            Ok(_) => stale.push(format!("{path} (out of date)")),
            Err(_) => stale.push(format!("{path} (missing)")),
        }
    }
    let expected: BTreeSet<&str> = pages.iter().map(|(p, _)| p.as_str()).collect();
    if let Ok(entries) = std::fs::read_dir(root.join(DOCS_DIR)) {
        let mut extra: Vec<String> = entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".md"))
            .map(|n| format!("{DOCS_DIR}/{n}"))
            .filter(|p| !expected.contains(p.as_str()))
            .collect();
        extra.sort();
        stale.extend(extra.into_iter().map(|p| format!("{p} (no such model)")));
    }
    Ok(stale)
}

// ------------------------------------------------------------------------------------------
// Trace overlay
// ------------------------------------------------------------------------------------------

/// What [`trace`] drew.
#[derive(Clone, Debug, PartialEq)]
pub struct TraceOverlay {
    /// The scenario.
    pub scenario: String,
    /// Number of samples.
    pub samples: usize,
    /// Largest |ours − NEST| of V_m, in mV.
    pub max_abs_difference: f64,
    /// Our spike count and NEST's.
    pub spikes: (usize, usize),
}

/// Replays the scenario `name` of `meta`'s model and writes a PNG to `out`: our V_m and NEST's
/// (from `tests/fixtures/<name>.json`) overlaid, their difference below.
///
/// # Errors
/// An unknown scenario (with the closest of the model's scenarios), a replay or fixture that
/// fails, or a file that cannot be written.
pub fn trace(root: &Path, meta: &ModelMeta, name: &str, out: &Path) -> Result<TraceOverlay> {
    let scenarios = scenario::load_scenarios(root)?;
    let Some(sc) = scenarios
        .iter()
        .find(|sc| scenario::name(sc) == name && scenario::model(sc) == meta.name)
    else {
        if let Some(other) = scenarios.iter().find(|sc| scenario::name(sc) == name) {
            return Err(AuditError::Other(format!(
                "scenario {name:?} is of model {}, not {}",
                scenario::model(other),
                meta.name
            )));
        }
        let own = scenarios
            .iter()
            .filter(|sc| scenario::model(sc) == meta.name)
            .map(scenario::name);
        return Err(AuditError::UnknownScenario {
            name: name.to_string(),
            model: meta.name.to_string(),
            closest: closest(name, own),
        });
    };
    let replay = scenario::run(sc)?;
    let fixture = scenario::load_fixture(root, name)?;
    let bad = |what: &str| AuditError::Other(format!("{}/{name}.json: {what}", scenario::FIXTURES));
    let times = scenario::floats(&fixture["times"]).ok_or_else(|| bad("no times"))?;
    let nest = scenario::floats(&fixture["V_m"]).ok_or_else(|| bad("no V_m"))?;
    let nest_spikes = scenario::floats(&fixture["spike_times"]).map_or(0, |s| s.len());
    let version = fixture["nest_version"].as_str().unwrap_or("3.10");
    let ours = replay
        .trace
        .series("V_m", 0)
        .ok_or_else(|| AuditError::Other(format!("{name}: V_m was not recorded")))?;
    if ours.len() != times.len() || nest.len() != times.len() {
        return Err(AuditError::Other(format!(
            "{name}: {} samples of ours, {} of NEST's, {} times",
            ours.len(),
            nest.len(),
            times.len()
        )));
    }
    crate::plot::overlay_with_difference(
        out,
        &format!("{name}: V_m of {}, saltatory and NEST {version}", meta.name),
        "time (ms)",
        "V_m (mV)",
        &times,
        ("saltatory", ours),
        (&format!("NEST {version}"), &nest),
        "saltatory − NEST (mV)",
    )?;
    Ok(TraceOverlay {
        scenario: name.to_string(),
        samples: times.len(),
        max_abs_difference: ours
            .iter()
            .zip(&nest)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max),
        spikes: (replay.spike_times.len(), nest_spikes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use saltatory_runtime::{ParamMeta, Scheme, StateMeta};

    const fn param(name: &'static str, unit: &'static str, default: f64) -> ParamMeta {
        ParamMeta {
            name,
            unit: DeclaredUnit::symbol(unit),
            default: Value::Number(default),
            constraint: "",
            doc: "",
            supported: true,
            allow_inf: false,
            bounds: &[],
        }
    }

    const PARAMS: &[ParamMeta] = &[
        param("E_L", "mV", -70.0),
        param("C_m", "nF", 0.25),
        param("tau_m", "ms", 10.0),
        ParamMeta {
            name: "rho",
            unit: DeclaredUnit::symbol("Hz"),
            default: Value::Number(0.01),
            constraint: "",
            doc: "",
            supported: false,
            allow_inf: false,
            bounds: &[],
        },
        ParamMeta {
            name: "flag",
            unit: DeclaredUnit::SWITCH,
            default: Value::Switch(false),
            constraint: "",
            doc: "",
            supported: true,
            allow_inf: false,
            bounds: &[],
        },
    ];
    const STATE: &[StateMeta] = &[
        StateMeta {
            name: "V_m",
            unit: DeclaredUnit::symbol("mV"),
            initial: "E_L",
            initial_value: -70.0,
            doc: "",
        },
        StateMeta {
            name: "I_syn",
            unit: DeclaredUnit::symbol("pA"),
            initial: "0",
            initial_value: 0.0,
            doc: "",
        },
        StateMeta {
            name: "dI_syn",
            unit: DeclaredUnit::new("pA / ms", Unit::named("pA").unwrap().div(Unit::MS)),
            initial: "0",
            initial_value: 0.0,
            doc: "",
        },
    ];

    /// The state of a toy model whose E_L default is -65 mV: neuron! evaluates `V_m = E_L` to
    /// -65 for it.
    const STATE_E_L_65: &[StateMeta] = &[
        StateMeta {
            name: "V_m",
            unit: DeclaredUnit::symbol("mV"),
            initial: "E_L",
            initial_value: -65.0,
            doc: "",
        },
        STATE[1],
        STATE[2],
    ];

    const fn meta(
        params: &'static [ParamMeta],
        notes: &'static [(&'static str, &'static str)],
    ) -> ModelMeta {
        meta_with_state(params, STATE, notes)
    }

    const fn meta_with_state(
        params: &'static [ParamMeta],
        state: &'static [StateMeta],
        notes: &'static [(&'static str, &'static str)],
    ) -> ModelMeta {
        ModelMeta {
            name: "toy",
            rust_name: "Toy",
            doc: "A toy model.",
            params,
            state,
            inputs: &[],
            definitions: &[],
            equations: &["d/dt V_m = -(V_m - E_L) / tau_m"],
            equation_trees: &[],
            reset_trees: &[],
            notes,
            threshold: "V_m >= -55 mV",
            reset: &["V_m = E_L"],
            refractory: "",
            scheme: Scheme::ExactPropagator,
            scheme_reason: "linear",
        }
    }

    const SNAPSHOT: &str = r#"{
      "nest_version": "3.10.0",
      "models": {"toy": {
        "defaults": {"E_L": -70.0, "C_m": 250.0, "tau_m": 10.0, "rho": 0.01, "flag": false,
                     "V_m": -70.0, "V_min": "-inf"},
        "recordables": ["I_syn", "V_m"]}},
      "not_in_nest": ["other"]
    }"#;

    fn snapshot() -> NestSnapshot {
        NestSnapshot::from_json(SNAPSHOT).unwrap()
    }

    fn status(a: &Audit, name: &str) -> Status {
        a.params
            .iter()
            .chain(&a.state)
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no row {name}"))
            .status
    }

    const MATCHING: &[ParamMeta] = &[
        param("E_L", "mV", -70.0),
        param("C_m", "pF", 250.0),
        param("tau_m", "ms", 10.0),
        param("V_min", "mV", f64::NEG_INFINITY),
        PARAMS[3],
        PARAMS[4],
    ];

    #[test]
    fn statuses_of_a_model_that_matches() {
        let a = audit(&meta(MATCHING, &[]), &snapshot(), Err("none")).unwrap();
        assert_eq!(status(&a, "E_L"), Status::Equal);
        assert_eq!(status(&a, "V_min"), Status::Equal);
        assert_eq!(status(&a, "rho"), Status::UnsupportedDefaultOnly);
        assert_eq!(status(&a, "flag"), Status::Equal);
        assert_eq!(status(&a, "V_m"), Status::Equal);
        assert_eq!(status(&a, "I_syn"), Status::RecordedByNest);
        assert_eq!(status(&a, "dI_syn"), Status::Internal);
        assert_eq!(a.exit_code(), 0, "{}", a.text());
        assert!(
            a.text().contains("OK: no unexplained difference"),
            "{}",
            a.text()
        );
        let c = a.counts();
        assert_eq!((c.equal, c.different, c.missing, c.internal), (8, 0, 0, 1));
    }

    #[test]
    fn a_different_default_is_different_and_fails() {
        const P: &[ParamMeta] = &[
            param("E_L", "mV", -65.0),
            param("C_m", "pF", 250.0),
            param("tau_m", "ms", 10.0),
            param("V_min", "mV", f64::NEG_INFINITY),
            PARAMS[3],
            PARAMS[4],
        ];
        let a = audit(
            &meta_with_state(P, STATE_E_L_65, &[]),
            &snapshot(),
            Err("none"),
        )
        .unwrap();
        assert_eq!(status(&a, "E_L"), Status::Different);
        let row = a.params.iter().find(|r| r.name == "E_L").unwrap();
        assert_eq!((row.ours.as_str(), row.nest.as_str()), ("-65", "-70"));
        // V_m's initial value is E_L: it differs too.
        assert_eq!(status(&a, "V_m"), Status::Different);
        assert_eq!(a.exit_code(), 1);
        let text = a.text();
        assert!(text.contains("DIFF: 2 unexplained differences"), "{text}");
        assert!(a.summary_line().ends_with("DIFF"), "{}", a.summary_line());
    }

    #[test]
    fn a_note_explains_a_difference() {
        const P: &[ParamMeta] = &[
            param("E_L", "mV", -65.0),
            param("C_m", "pF", 250.0),
            param("tau_m", "ms", 10.0),
            param("V_min", "mV", f64::NEG_INFINITY),
            PARAMS[3],
            PARAMS[4],
        ];
        const NOTES: &[(&str, &str)] = &[
            ("E_L", "A different resting potential, on purpose."),
            ("V_m", "Starts at E_L."),
        ];
        let a = audit(
            &meta_with_state(P, STATE_E_L_65, NOTES),
            &snapshot(),
            Err("none"),
        )
        .unwrap();
        assert_eq!(status(&a, "E_L"), Status::Explained);
        assert_eq!(status(&a, "V_m"), Status::Explained);
        assert_eq!(a.exit_code(), 0);
        assert!(a.text().contains("E_L: A different resting potential"));
        assert_eq!(a.counts().explained, 2);
    }

    #[test]
    fn missing_on_either_side() {
        // PARAMS lacks V_min (NEST has it) and converts C_m from nF.
        const P: &[ParamMeta] = &[
            PARAMS[0],
            PARAMS[1],
            PARAMS[2],
            PARAMS[3],
            PARAMS[4],
            param("extra", "1", 3.0),
        ];
        let a = audit(&meta(P, &[]), &snapshot(), Err("none")).unwrap();
        assert_eq!(status(&a, "C_m"), Status::UnitConverted);
        let row = a.params.iter().find(|r| r.name == "C_m").unwrap();
        assert_eq!(row.nest, "250 pF");
        assert_eq!(status(&a, "V_min"), Status::MissingInSaltatory);
        assert_eq!(status(&a, "extra"), Status::MissingInNest);
        assert_eq!(a.exit_code(), 1);
        assert_eq!(a.counts().missing, 2);
    }

    #[test]
    fn a_model_nest_does_not_have_is_reported_as_such() {
        let mut m = meta(MATCHING, &[]);
        m.name = "other";
        let a = audit(&m, &snapshot(), Err("none")).unwrap();
        assert!(!a.in_nest());
        assert_eq!(a.exit_code(), 0);
        assert!(a.params.iter().all(|r| r.status == Status::NotANestModel));
        assert!(a.summary_line().contains("OK (not a NEST model)"));
        m.name = "unlisted";
        let err = audit(&m, &snapshot(), Err("none")).unwrap_err();
        assert!(err.to_string().contains(NEST_SNAPSHOT_REGENERATE), "{err}");
    }

    #[test]
    fn unknown_model_lists_close_names() {
        let err = find_model("iaf_psc_alfa").unwrap_err();
        let AuditError::UnknownModel { closest, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(closest[0], "iaf_psc_alpha");
        assert!(err.to_string().contains("closest: iaf_psc_alpha"), "{err}");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(
            super::closest("lif", ["lif_adapt", "iaf_psc_delta"])[0],
            "lif_adapt"
        );
    }

    #[test]
    fn missing_snapshot_tells_how_to_regenerate() {
        let dir = std::env::temp_dir().join("saltatory-audit-no-snapshot");
        let err = NestSnapshot::load(&dir).unwrap_err();
        assert!(matches!(err, AuditError::MissingSnapshot(_)), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains("python tests/nest/nest_defaults.py"),
            "{text}"
        );
        assert!(text.contains("NEST 3.10"), "{text}");
    }

    #[test]
    fn snapshot_decodes_special_values() {
        let s = NestSnapshot::from_json(
            r#"{"nest_version": "3.10.0", "not_in_nest": [], "models": {"m": {"recordables": [],
               "defaults": {"a": "inf", "b": "-inf", "c": "DBL_MAX", "d": "-DBL_MAX", "e": 1,
                            "f": "text", "g": [1.5, "inf"]}}}}"#,
        )
        .unwrap();
        let d = &s.models["m"].defaults;
        assert_eq!(d["a"], NestValue::Number(f64::INFINITY));
        assert_eq!(d["b"], NestValue::Number(f64::NEG_INFINITY));
        assert_eq!(d["c"], NestValue::Number(f64::MAX));
        assert_eq!(d["d"], NestValue::Number(-f64::MAX));
        assert_eq!(d["e"], NestValue::Number(1.0));
        assert_eq!(d["f"], NestValue::Text("text".into()));
        assert_eq!(
            d["g"],
            NestValue::List(vec![
                NestValue::Number(1.5),
                NestValue::Number(f64::INFINITY)
            ])
        );
        assert!(matches!(
            NestSnapshot::from_json("{}"),
            Err(AuditError::BadSnapshot(_))
        ));
    }

    #[test]
    fn numbers_convert_to_nest_units() {
        let u = |s: &str| Some(Unit::parse(s).unwrap());
        assert!(matches!(
            compare_numbers(-0.07, u("V"), -70.0).0,
            Compared::UnitConverted
        ));
        assert!(matches!(
            compare_numbers(0.01, u("1 / ms"), 10.0).0,
            Compared::UnitConverted
        ));
        assert!(matches!(
            compare_numbers(-70.0, u("mV"), -70.0).0,
            Compared::Equal
        ));
        assert!(matches!(
            compare_numbers(-70.0, u("V"), -70.0).0,
            Compared::Different
        ));
        assert!(matches!(
            compare_numbers(-f64::MAX, u("mV"), -f64::MAX).0,
            Compared::Equal
        ));
        assert!(matches!(
            compare_numbers(f64::NEG_INFINITY, u("mV"), -f64::MAX).0,
            Compared::Different
        ));
    }

    #[test]
    fn numbers_print_compactly() {
        assert_eq!(number(-70.0), "-70");
        assert_eq!(number(0.01), "0.01");
        assert_eq!(number(f64::NEG_INFINITY), "-inf");
        assert_eq!(number(-f64::MAX), "-1.7976931348623157e308");
        assert_eq!(number(1e-5), "1e-5");
    }

    #[test]
    fn markdown_escapes_and_lists_rows() {
        let a = audit(&meta(MATCHING, &[]), &snapshot(), Err("none")).unwrap();
        let md = a.markdown();
        assert!(md.starts_with("# toy\n"), "{md}");
        assert!(md.contains("| E_L | mV | -70 |  | -70 | equal |"), "{md}");
        assert!(md.contains("No parity report: none."), "{md}");
        assert_eq!(md_cell("a | b"), "a \\| b");
        let summary = summary_markdown(&[a]);
        assert!(summary.starts_with("| model | scheme |"), "{summary}");
    }
}
