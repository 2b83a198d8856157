//! Stage 4: the step description. One neuron's update over one step, lowered once from the
//! analysis into statements (loads, propagation or integration, input rules, refractoriness,
//! bounds, threshold and reset, checks, stores). The scalar Rust kernel
//! ([`crate::print_rust`]), the SIMD lanes kernel ([`crate::lanes`], which prints the
//! integration's right-hand side for four neurons and everything else with the scalar
//! printer) and the CUDA C kernel ([`crate::cuda`]) are printers of it, so the three compute the
//! same thing in the same order by construction.
//!
//! The description holds no tokens: names are indices into the analysis ([`Analysed`]), and
//! each printer chooses how to spell them.

use crate::classify::{Affine, Column, Scheme, propagator_pattern};
use crate::ir::{Cmp, Ir};
use crate::typecheck::{Analysed, AssignOp};

/// A constant of a parameter set computed at calibration and read by the kernel as
/// `cal.<name>`.
pub struct Constant {
    pub name: String,
    /// What it is, for the calibrated struct's documentation.
    pub doc: String,
    /// Its value from parameters and `h`.
    pub value: Ir,
    /// When set, a non-finite value is a calibration error described by this text.
    pub must_be_finite: Option<String>,
}

/// A coefficient: a calibration constant, or an expression evaluated in the step.
#[derive(Clone)]
pub enum Coef {
    Constant(usize),
    Expr(Ir),
}

/// What an input rule multiplies its coefficient by.
#[derive(Clone, Copy)]
pub enum Source {
    /// This step's summed spike weight on a channel.
    Spikes(usize),
    /// A current input (latched from the previous step).
    Current(usize),
}

/// The condition of a branch.
#[derive(Clone, Copy)]
pub enum Test {
    /// Refractory at the start of the step.
    Refractory,
    /// Not refractory at the start of the step.
    NotRefractory,
    /// Refractory steps left now (the counter may have been set within the step).
    RefractoryLeft,
    /// Held variables are not held in this step: not refractory at its start, or past the
    /// part of the period they are held for (`hold .. for`; read before the countdown).
    NotHeld,
    /// A switch parameter is on.
    Switch(usize),
    /// The first accepted sub-step of the integration has just been taken.
    FirstSubstep,
}

/// A column of the augmented propagation system that multiplies a propagator entry.
#[derive(Clone, Copy)]
pub enum Operand {
    /// The constant column.
    One,
    State(usize),
    Current(usize),
}

/// Which propagator a propagation uses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Matrix {
    /// `P`, the free propagator.
    Free,
    /// `P_refr`, with the rows of held variables frozen.
    Refractory,
}

/// How a spike sets the refractory counter.
#[derive(Clone, Copy)]
pub enum SetRefractory {
    /// The model has no refractoriness.
    Not,
    /// The refractory period in steps.
    Steps,
    /// One step more, paid back by this step's decrement; none for a period of 0 (NEST's aeif
    /// models, models/aeif_cond_alpha.cpp).
    StepsPaidBack,
}

/// `target op value`.
pub struct Assignment {
    pub target: usize,
    pub op: AssignOp,
    pub value: Ir,
}

/// The spike condition and what a spike does.
pub struct Threshold {
    /// Comparisons that must all hold.
    pub conditions: Vec<(Cmp, Ir, Ir)>,
    pub unless_refractory: bool,
    pub set_refractory: SetRefractory,
    pub reset: Vec<Assignment>,
    /// The number of spikes sent (read before the reset); one when `None`.
    pub multiplicity: Option<Ir>,
}

/// One statement of the step.
pub enum Stmt {
    /// A state variable from its column into a local.
    LoadState(usize),
    /// A current input latched at the end of the previous step.
    LoadCurrent(usize),
    /// A state variable's value at the start of the step (`old(x)`).
    KeepOld(usize),
    /// The refractory counter, and whether it is positive at the start of the step.
    LoadRefractory,
    /// Input kept during refractoriness.
    LoadDeferred,
    /// This step's summed spike weight on a channel, taken (the slot is cleared).
    TakeSpikes(usize),
    /// New state values (all at once) from the propagator's structural non-zeros: for each
    /// updated row, the terms `matrix[row][column] · operand`.
    Propagate {
        matrix: Matrix,
        rows: Vec<(usize, Vec<(usize, Operand)>)>,
    },
    /// RKF45 over the step (GSL's evolve_apply with the carried step size), running
    /// `after_substep` after each accepted sub-step.
    Integrate {
        after_substep: Vec<Stmt>,
    },
    If {
        test: Test,
        then: Vec<Stmt>,
        otherwise: Vec<Stmt>,
    },
    /// A local definition (an alias, by index).
    Let(usize),
    Assign(Assignment),
    /// `target op coef · source`.
    Input {
        target: usize,
        op: AssignOp,
        coef: Coef,
        source: Source,
    },
    /// Spike weight arriving while refractory, decayed to the end of refractoriness and kept.
    Defer {
        coef: Coef,
        channel: usize,
    },
    /// The kept input added to its state variable, and cleared.
    ApplyDeferred(usize),
    /// Marks the first accepted sub-step as past.
    FirstSubstepDone,
    /// Stops with failure `reason` when the comparison holds.
    FailIf {
        cmp: Cmp,
        left: Ir,
        right: Ir,
        reason: usize,
    },
    /// Stops with failure `reason` when a state variable is not finite.
    FailIfNotFinite {
        reason: usize,
    },
    /// One refractory step less.
    CountDown,
    /// Clamps a state variable: `state cmp rhs` must hold.
    Bound {
        state: usize,
        cmp: Cmp,
        rhs: Ir,
    },
    Threshold(Threshold),
    /// The current arriving now on `channel`, scaled by 10^scale into its unit, latched for the
    /// next step.
    Latch {
        current: usize,
        channel: usize,
        scale: i32,
    },
    StoreState(usize),
    StoreRefractory,
    StoreDeferred,
    /// The refractory time left in ms, into its recordable.
    StoreRemaining,
}

/// The derivative of a state variable for RKF45.
pub enum Derivative {
    /// Constant (no equation).
    Zero,
    /// The equation's right-hand side; `held` variables have 0 while refractory.
    Rhs { rhs: Ir, held: bool },
}

/// How a state column is stored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Number,
    /// A `u32` counter.
    Count,
}

/// What a state column holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ColumnId {
    /// A declared state variable.
    State(usize),
    /// The refractory time left (a recordable the model names).
    Remaining,
    /// A current input latched for the next step.
    Latched(usize),
    /// The refractory counter.
    Refractory,
    /// Input kept during refractoriness.
    Deferred,
    /// The RKF45 step size carried between steps.
    IntegrationStep,
}

impl ColumnId {
    /// Whether the model names the column (it lives with the declared variables); the others
    /// are the kernel's own, kept apart so that no declared name can meet them.
    pub fn declared(self) -> bool {
        matches!(self, ColumnId::State(_) | ColumnId::Remaining)
    }
}

/// A state column: what it holds, its field name in its struct, its storage.
#[derive(Clone)]
pub struct StateColumn {
    pub id: ColumnId,
    pub field: String,
    pub kind: ColumnKind,
}

/// A spike port's channels: `(weight condition, channel)` in routing order.
pub struct Route {
    pub receptor: usize,
    pub arms: Vec<(Option<Cmp>, usize)>,
    /// Whether its channels count spikes instead of summing weights.
    pub counted: bool,
}

/// One neuron's update over a step, and the layout it works on.
pub struct Step {
    pub body: Vec<Stmt>,
    /// The right-hand side of RKF45 models, per state variable.
    pub derivatives: Option<Vec<Derivative>>,
    pub constants: Vec<Constant>,
    /// Failure reasons (`FailIf` and `FailIfNotFinite` name them by index).
    pub failures: Vec<String>,
    pub routes: Vec<Route>,
    /// The channel of each spike port's summed input (`Ir::Summed`).
    pub summed_channel: Vec<usize>,
    pub spike_channels: usize,
    /// The state variable that keeps input during refractoriness, and the switch parameter.
    pub deferred: Option<(usize, usize)>,
    /// The recordable holding the refractory time left.
    pub remaining: Option<String>,
    /// The state's columns.
    pub columns: Vec<StateColumn>,
    /// Columns of the augmented system `[states, 1, inputs]` of an exact model.
    pub propagator: Option<usize>,
}

impl Step {
    /// Channels in all: spike channels, then one per current input.
    pub fn channels(&self, a: &Analysed) -> usize {
        self.spike_channels + a.currents.len()
    }

    /// The position of a column in [`Step::columns`].
    pub fn column(&self, id: ColumnId) -> usize {
        self.columns
            .iter()
            .position(|c| c.id == id)
            .expect("a column of this step")
    }

    /// The channel of current input `k`.
    pub fn current_channel(&self, k: usize) -> usize {
        self.spike_channels + k
    }
}

/// Lowers the analysis and the chosen scheme to the step description.
pub fn describe(a: &Analysed, scheme: &Scheme, remaining: Option<String>) -> Step {
    let mut lower = Lower {
        a,
        constants: Vec::new(),
        failures: a.unstable.iter().map(|u| u.3.clone()).collect(),
    };
    lower.failures.push("a state variable is not finite".into());
    let (routes, summed_channel, spike_channels, jumps) = lower.routes();
    let deferred = a
        .refractory
        .as_ref()
        .and_then(|r| r.defer.as_ref())
        .map(|d| (d.state, d.switch));
    let mut body = lower.loads(spike_channels);
    let (loop_jumps, jumps): (Vec<_>, Vec<_>) = jumps.into_iter().partition(|j| j.1);
    let loop_jumps: Vec<Stmt> = loop_jumps.into_iter().map(|j| j.0).collect();
    body.extend(lower.advance(scheme, loop_jumps));
    body.extend(lower.posts());
    body.extend(jumps.into_iter().map(|j| j.0));
    body.extend(lower.refractory_and_bounds());
    if !a.threshold_per_substep {
        body.extend(lower.threshold());
    }
    for k in 0..a.currents.len() {
        body.push(Stmt::Latch {
            current: k,
            channel: spike_channels + k,
            scale: current_scale(a, k),
        });
    }
    body.extend(lower.stores(remaining.is_some()));
    let columns = columns(a, scheme, deferred, remaining.as_deref());
    let derivatives = matches!(scheme, Scheme::Rkf45 { .. }).then(|| derivatives(a));
    Step {
        body,
        derivatives,
        constants: lower.constants,
        failures: lower.failures,
        routes,
        summed_channel,
        spike_channels,
        deferred,
        remaining,
        columns,
        propagator: match scheme {
            Scheme::Exact { inputs, .. } => Some(a.states.len() + 1 + inputs.len()),
            _ => None,
        },
    }
}

/// Currents arrive in pA (NEST's unit): the power of ten to the unit the input declares.
fn current_scale(a: &Analysed, k: usize) -> i32 {
    let pa = crate::units::Unit::named("pA").expect("pA is a unit");
    let unit = &a.currents[k].unit;
    if unit.same_dim(&pa) {
        -12 - unit.exp10
    } else {
        0
    }
}

/// The state's columns, in the order every printer and the GPU layout use.
fn columns(
    a: &Analysed,
    scheme: &Scheme,
    deferred: Option<(usize, usize)>,
    remaining: Option<&str>,
) -> Vec<StateColumn> {
    let column = |id, field: String, kind| StateColumn { id, field, kind };
    let mut columns: Vec<StateColumn> = a
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| column(ColumnId::State(i), s.name.to_string(), ColumnKind::Number))
        .collect();
    if let Some(r) = remaining {
        columns.push(column(ColumnId::Remaining, r.into(), ColumnKind::Number));
    }
    for (k, c) in a.currents.iter().enumerate() {
        let field = format!("latched_{}", c.name);
        columns.push(column(ColumnId::Latched(k), field, ColumnKind::Number));
    }
    if a.refractory.is_some() {
        let field = "refractory_steps_left".into();
        columns.push(column(ColumnId::Refractory, field, ColumnKind::Count));
    }
    if let Some((s, _)) = deferred {
        let field = format!("deferred_{}", a.states[s].name);
        columns.push(column(ColumnId::Deferred, field, ColumnKind::Number));
    }
    if matches!(scheme, Scheme::Rkf45 { .. }) {
        let field = "integration_step".into();
        columns.push(column(ColumnId::IntegrationStep, field, ColumnKind::Number));
    }
    columns
}

fn derivatives(a: &Analysed) -> Vec<Derivative> {
    let holds: &[usize] = a.refractory.as_ref().map_or(&[], |r| &r.holds);
    (0..a.states.len())
        .map(|i| match a.equations.iter().find(|e| e.state == i) {
            None => Derivative::Zero,
            Some(eq) => Derivative::Rhs {
                rhs: eq.rhs.clone(),
                held: holds.contains(&i),
            },
        })
        .collect()
}

/// The propagator terms of the rows not skipped: `pattern[i][j]` over the augmented columns
/// `[states, 1, inputs]`.
pub fn propagation(
    pattern: &[Vec<bool>],
    nx: usize,
    inputs: &[usize],
    skip: &[usize],
) -> Vec<(usize, Vec<(usize, Operand)>)> {
    let operand = |j: usize| match j.cmp(&nx) {
        std::cmp::Ordering::Less => Operand::State(j),
        std::cmp::Ordering::Equal => Operand::One,
        std::cmp::Ordering::Greater => Operand::Current(inputs[j - nx - 1]),
    };
    (0..nx)
        .filter(|i| !skip.contains(i))
        .map(|i| {
            let terms = (0..nx + 1 + inputs.len())
                .filter(|&j| pattern[i][j])
                .map(|j| (j, operand(j)))
                .collect();
            (i, terms)
        })
        .collect()
}

/// The structural non-zeros of an exact model's system, free and with held rows frozen.
pub fn patterns(rows: &[Affine], nx: usize, inputs: &[usize], holds: &[usize]) -> Patterns {
    let na = nx + 1 + inputs.len();
    let col = |c: &Column| match c {
        Column::State(s) => *s,
        Column::One => nx,
        Column::Current(k) => nx + 1 + inputs.iter().position(|x| x == k).unwrap(),
    };
    let mut system = vec![vec![false; na]; na];
    let mut entries = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        for (c, coef) in &row.terms {
            system[i][col(c)] = true;
            entries.push((i, col(c), coef.clone()));
        }
    }
    let mut held = system.clone();
    for &h in holds {
        held[h] = vec![false; na];
    }
    Patterns {
        free: propagator_pattern(&system),
        refractory: propagator_pattern(&held),
        entries,
    }
}

/// An exact model's system: its entries and the propagators' structural non-zeros.
pub struct Patterns {
    pub free: Vec<Vec<bool>>,
    pub refractory: Vec<Vec<bool>>,
    /// `(row, column, coefficient)` of the system matrix.
    pub entries: Vec<(usize, usize, Ir)>,
}

/// A spike jump and whether it acts after the first accepted sub-step.
type Jump = (Stmt, bool);

struct Lower<'a> {
    a: &'a Analysed,
    constants: Vec<Constant>,
    failures: Vec<String>,
}

impl Lower<'_> {
    fn constant(
        &mut self,
        name: String,
        doc: String,
        value: Ir,
        must_be_finite: Option<String>,
    ) -> usize {
        self.constants.push(Constant {
            name,
            doc,
            value,
            must_be_finite,
        });
        self.constants.len() - 1
    }

    fn holds(&self) -> &[usize] {
        self.a.refractory.as_ref().map_or(&[], |r| &r.holds)
    }

    /// Channels per spike port and arm, and the jumps each arm applies.
    fn routes(&mut self) -> (Vec<Route>, Vec<usize>, usize, Vec<Jump>) {
        let a = self.a;
        let (mut routes, mut summed, mut jumps) = (Vec::new(), Vec::new(), Vec::new());
        let mut channel = 0;
        for port in &a.spikes {
            summed.push(channel);
            let mut arms = Vec::new();
            if port.arms.is_empty() {
                // A port without jump rules: one channel, read by the update rule.
                arms.push((None, channel));
                channel += 1;
            }
            for arm in &port.arms {
                for j in &arm.jumps {
                    let jump = self.jump(j.target, j.op, &j.rhs, channel);
                    jumps.push((jump, port.after_first_substep));
                }
                arms.push((arm.cond, channel));
                channel += 1;
            }
            routes.push(Route {
                receptor: port.receptor,
                arms,
                counted: port.counted,
            });
        }
        (routes, summed, channel, jumps)
    }

    /// A jump `target op coef · w`, guarded by refractoriness when its target is held.
    fn jump(&mut self, target: usize, op: AssignOp, rhs: &Ir, channel: usize) -> Stmt {
        let a = self.a;
        let value = crate::classify::weight_coefficient(rhs).unwrap_or(Ir::Num(0.0));
        let coef = if value.mentions(&|x| matches!(x, Ir::State(_))) {
            Coef::Expr(value)
        } else {
            let name = format!("jump_{}", self.constants.len());
            let x = &a.states[target].name;
            let doc = format!("Jump per unit weight into `{x}`.");
            let what = format!("coefficient of the spike rule into `{x}`");
            Coef::Constant(self.constant(name, doc, value, Some(what)))
        };
        let apply = Stmt::Input {
            target,
            op,
            coef: coef.clone(),
            source: Source::Spikes(channel),
        };
        if !self.holds().contains(&target) {
            return apply;
        }
        let test = self.not_held();
        let defer = a.refractory.as_ref().and_then(|r| r.defer.as_ref());
        let otherwise = match defer {
            // Kept, decayed to the end of refractoriness (models/iaf_psc_delta.cpp).
            Some(d) if d.state == target => vec![Stmt::If {
                test: Test::Switch(d.switch),
                then: vec![Stmt::Defer { coef, channel }],
                otherwise: Vec::new(),
            }],
            _ => Vec::new(),
        };
        Stmt::If {
            test,
            then: vec![apply],
            otherwise,
        }
    }

    /// The test of a step in which held variables move freely.
    fn not_held(&self) -> Test {
        match self.a.refractory.as_ref() {
            Some(r) if r.hold_for.is_some() => Test::NotHeld,
            _ => Test::NotRefractory,
        }
    }

    fn loads(&self, spike_channels: usize) -> Vec<Stmt> {
        let a = self.a;
        let mut body: Vec<Stmt> = (0..a.states.len()).map(Stmt::LoadState).collect();
        body.extend((0..a.currents.len()).map(Stmt::LoadCurrent));
        body.extend(olds(a).into_iter().map(Stmt::KeepOld));
        if a.refractory.is_some() {
            body.push(Stmt::LoadRefractory);
        }
        if self.deferred().is_some() {
            body.push(Stmt::LoadDeferred);
        }
        body.extend((0..spike_channels).map(Stmt::TakeSpikes));
        body
    }

    fn deferred(&self) -> Option<usize> {
        let r = self.a.refractory.as_ref()?;
        r.defer.as_ref().map(|d| d.state)
    }

    /// 1. Propagation, integration or the update rule over the step.
    fn advance(&mut self, scheme: &Scheme, loop_jumps: Vec<Stmt>) -> Vec<Stmt> {
        let a = self.a;
        let nx = a.states.len();
        match scheme {
            Scheme::Exact { rows, inputs, .. } => {
                let p = patterns(rows, nx, inputs, self.holds());
                let free = Stmt::Propagate {
                    matrix: Matrix::Free,
                    rows: propagation(&p.free, nx, inputs, &[]),
                };
                if a.refractory.is_none() {
                    return vec![free];
                }
                let held = Stmt::Propagate {
                    matrix: Matrix::Refractory,
                    rows: propagation(&p.refractory, nx, inputs, self.holds()),
                };
                vec![Stmt::If {
                    test: self.not_held(),
                    then: vec![free],
                    otherwise: vec![held],
                }]
            }
            Scheme::Explicit { .. } => {
                // A model without equations or update rule changes only by its events.
                let Some((switch, then, otherwise)) = a.update.as_ref() else {
                    return Vec::new();
                };
                let lower = |list: &[crate::typecheck::UpdateStmt]| -> Vec<Stmt> {
                    list.iter()
                        .map(|st| match st {
                            crate::typecheck::UpdateStmt::Let(i) => Stmt::Let(*i),
                            crate::typecheck::UpdateStmt::Assign(asg) => Stmt::Assign(Assignment {
                                target: asg.target,
                                op: asg.op,
                                value: asg.rhs.clone(),
                            }),
                        })
                        .collect()
                };
                match switch {
                    Some(sw) => vec![Stmt::If {
                        test: Test::Switch(*sw),
                        then: lower(then),
                        otherwise: lower(otherwise),
                    }],
                    None => lower(then),
                }
            }
            Scheme::Rkf45 { .. } => vec![self.integrate(loop_jumps)],
        }
    }

    fn integrate(&mut self, loop_jumps: Vec<Stmt>) -> Stmt {
        let a = self.a;
        let mut after: Vec<Stmt> = a
            .unstable
            .iter()
            .enumerate()
            .map(|(reason, (cmp, l, r, _))| Stmt::FailIf {
                cmp: *cmp,
                left: l.clone(),
                right: r.clone(),
                reason,
            })
            .collect();
        after.push(Stmt::FailIfNotFinite {
            reason: self.failures.len() - 1,
        });
        if !loop_jumps.is_empty() {
            // Inputs read inside the sub-step loop act after its first accepted sub-step, and
            // input kept during refractoriness is added there too (models/aeif_psc_delta.cpp).
            let mut first = vec![Stmt::FirstSubstepDone];
            first.extend(loop_jumps);
            if let Some(d) = self.deferred() {
                first.push(Stmt::If {
                    test: Test::NotRefractory,
                    then: vec![Stmt::ApplyDeferred(d)],
                    otherwise: Vec::new(),
                });
            }
            after.push(Stmt::If {
                test: Test::FirstSubstep,
                then: first,
                otherwise: Vec::new(),
            });
        }
        if a.threshold_per_substep {
            after.extend(self.threshold());
        }
        Stmt::Integrate {
            after_substep: after,
        }
    }

    /// 2. Input rules applied after propagation.
    fn posts(&mut self) -> Vec<Stmt> {
        let a = self.a;
        let mut out = Vec::new();
        for (k, c) in a.currents.iter().enumerate() {
            let Some(p) = &c.post else { continue };
            let coef = crate::classify::affine(&p.rhs, &a.aliases)
                .and_then(|af| af.terms.get(&Column::Current(k)).cloned())
                .unwrap_or(Ir::Num(0.0));
            let name = format!("post_{}", c.name);
            let doc = format!(
                "Coefficient of input `{}` in its post-propagation rule.",
                c.name
            );
            let coef = Coef::Constant(self.constant(name, doc, coef, None));
            out.push(Stmt::Input {
                target: p.target,
                op: p.op,
                coef,
                source: Source::Current(k),
            });
        }
        out
    }

    /// 4. Refractory bookkeeping and bounds.
    fn refractory_and_bounds(&self) -> Vec<Stmt> {
        let a = self.a;
        let bounds: Vec<Stmt> = a
            .bounds
            .iter()
            .map(|b| Stmt::Bound {
                state: b.state,
                cmp: b.cmp,
                rhs: b.rhs.clone(),
            })
            .collect();
        if a.threshold_per_substep {
            // The spike inside the step set the counter one higher, to pay for this decrement
            // (models/aeif_cond_alpha.cpp).
            let mut out = vec![Stmt::If {
                test: Test::RefractoryLeft,
                then: vec![Stmt::CountDown],
                otherwise: Vec::new(),
            }];
            out.extend(bounds);
            out
        } else if a.refractory.is_some() {
            let mut otherwise: Vec<Stmt> = self
                .deferred()
                .map(Stmt::ApplyDeferred)
                .into_iter()
                .collect();
            otherwise.extend(bounds);
            vec![Stmt::If {
                test: Test::Refractory,
                then: vec![Stmt::CountDown],
                otherwise,
            }]
        } else {
            bounds
        }
    }

    /// 5. Threshold and reset.
    fn threshold(&self) -> Option<Stmt> {
        let a = self.a;
        let (conditions, unless_refractory, _) = a.threshold.as_ref()?;
        let set_refractory = match (a.refractory.is_some(), a.threshold_per_substep) {
            (false, _) => SetRefractory::Not,
            (true, false) => SetRefractory::Steps,
            (true, true) => SetRefractory::StepsPaidBack,
        };
        Some(Stmt::Threshold(Threshold {
            conditions: conditions.clone(),
            unless_refractory: *unless_refractory,
            set_refractory,
            reset: a
                .reset
                .iter()
                .map(|r| Assignment {
                    target: r.target,
                    op: r.op,
                    value: r.rhs.clone(),
                })
                .collect(),
            multiplicity: a.multiplicity.clone(),
        }))
    }

    fn stores(&self, remaining: bool) -> Vec<Stmt> {
        let a = self.a;
        let mut out: Vec<Stmt> = (0..a.states.len()).map(Stmt::StoreState).collect();
        if a.refractory.is_some() {
            out.push(Stmt::StoreRefractory);
        }
        if remaining {
            out.push(Stmt::StoreRemaining);
        }
        if self.deferred().is_some() {
            out.push(Stmt::StoreDeferred);
        }
        out
    }
}

/// States whose start-of-step value the threshold reads (`old(x)`).
pub fn olds(a: &Analysed) -> Vec<usize> {
    (0..a.states.len())
        .filter(|i| {
            a.threshold.as_ref().is_some_and(|t| {
                t.0.iter().any(|(_, l, r)| {
                    l.mentions(&|x| *x == Ir::Old(*i)) || r.mentions(&|x| *x == Ir::Old(*i))
                })
            })
        })
        .collect()
}
