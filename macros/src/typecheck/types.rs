//! What unit analysis produces: the model's declarations, rules and checks, typed and in
//! the intermediate representation.

use super::*;

/// A parameter after analysis.
#[derive(Clone)]
pub struct Param {
    pub name: Ident,
    pub docs: Vec<String>,
    /// `None` for a switch.
    pub unit: Option<Unit>,
    pub unit_text: String,
    pub default: DefaultValue,
    pub constraints: Vec<(Cmp, Ir, String)>,
    pub allow_inf: bool,
    pub supported: bool,
}

/// The compile-time value of a default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    Number(f64),
    Switch(bool),
}

pub struct State {
    pub name: Ident,
    pub docs: Vec<String>,
    pub unit: Unit,
    pub unit_text: String,
    pub init: Ir,
    pub init_text: String,
}

pub struct Current {
    pub name: Ident,
    pub unit: Unit,
    pub unit_text: String,
    pub receptor: usize,
    /// Applied after propagation: `target op= rhs` with rhs in the target's unit.
    pub post: Option<Assign>,
    pub text: String,
}

/// `target = rhs`, `target += rhs` or `target -= rhs`, rhs converted to the target's unit.
#[derive(Clone)]
pub struct Assign {
    pub target: usize,
    pub op: AssignOp,
    pub rhs: Ir,
    /// The right-hand side as written, for later errors.
    pub rhs_tokens: proc_macro2::TokenStream,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    Set,
    Add,
    Sub,
}

pub struct SpikePort {
    pub receptor: usize,
    /// Each spike adds its multiplicity, not its weight.
    pub counted: bool,
    /// Applied after the first accepted RKF45 sub-step instead of after the step.
    pub after_first_substep: bool,
    pub arms: Vec<SpikeArm>,
    pub text: String,
}

pub struct SpikeArm {
    /// `None` for `_`; otherwise the weight's comparison with zero.
    pub cond: Option<Cmp>,
    pub jumps: Vec<Assign>,
}

pub struct Equation {
    pub state: usize,
    /// In the state's unit per ms.
    pub rhs: Ir,
    /// The right-hand side as written, for later errors.
    pub rhs_tokens: proc_macro2::TokenStream,
    pub text: String,
}

pub struct Refractory {
    /// In ms.
    pub duration: Ir,
    pub holds: Vec<usize>,
    /// How long (ms) the held variables are held, when only for the first part of the period;
    /// with the tokens as written, for later errors.
    pub hold_for: Option<(Ir, proc_macro2::TokenStream)>,
    pub defer: Option<Defer>,
    pub text: String,
}

pub struct Defer {
    pub state: usize,
    /// In ms.
    pub tau: Ir,
    pub switch: usize,
}

pub struct Bound {
    pub state: usize,
    pub cmp: Cmp,
    pub rhs: Ir,
    pub text: String,
}

/// One statement of an explicit update rule.
pub enum UpdateStmt {
    /// A local definition (an alias, by index).
    Let(usize),
    /// An assignment to a state variable.
    Assign(Assign),
}

/// A spike condition: comparisons that must all hold, whether it applies only to neurons not
/// refractory at the start of the step (`!refractory`), and its text.
pub type Threshold = (Vec<(Cmp, Ir, Ir)>, bool, String);

/// The model after unit analysis.
pub struct Analysed {
    /// An explicit update rule: the switch choosing the branch, and both branches.
    pub update: Option<(Option<usize>, Vec<UpdateStmt>, Vec<UpdateStmt>)>,
    pub params: Vec<Param>,
    pub states: Vec<State>,
    pub currents: Vec<Current>,
    pub spikes: Vec<SpikePort>,
    /// Auxiliary definitions: (name, expression), in order.
    pub aliases: Vec<(Ident, Ir)>,
    pub equations: Vec<Equation>,
    /// The spike condition: a conjunction of comparisons, and whether it requires the neuron
    /// not to be refractory at the start of the step; with its text.
    pub threshold: Option<Threshold>,
    pub threshold_per_substep: bool,
    /// The number of spikes sent at once when the threshold is met (dimensionless); one
    /// when `None`.
    pub multiplicity: Option<Ir>,
    /// Conditions that abort with a numerical-instability error, with their text.
    pub unstable: Vec<(Cmp, Ir, Ir, String)>,
    /// Checks on the parameter set: the condition, an optional guard, the text, and the first
    /// parameter the condition names (the one an error reports).
    pub requires: Vec<Require>,
    /// An explicit RKF45 request: (eps_abs, eps_rel, a_y, a_dydt), dimensionless.
    pub solver: Option<[Ir; 4]>,
    pub reset: Vec<Assign>,
    pub bounds: Vec<Bound>,
    pub refractory: Option<Refractory>,
    /// Recorded quantities computed from state and parameters.
    pub recordables: Vec<Recordable>,
}

/// `NAME: UNIT = EXPR;` in `recordables`: a quantity the multimeter records that is not state.
pub struct Recordable {
    pub name: Ident,
    pub unit: Unit,
    pub unit_text: String,
    pub docs: Vec<String>,
    pub ir: Ir,
    pub text: String,
}

/// `require COND [if GUARD];`: a check on the parameter set (validation).
pub struct Require {
    pub cond: (Cmp, Ir, Ir),
    pub guard: Option<(Cmp, Ir, Ir)>,
    pub text: String,
    pub param: usize,
}
