//! Stage 4b: emission of the same update as CUDA C++ source, for the GPU path.
//!
//! The source is self-contained (no CUDA headers: NVRTC compiles it as it is) and also compiles
//! as host C++ through a small shim, which is how it is checked against the Rust kernel on
//! machines without a GPU. It mirrors the Rust kernel of [`crate::emit`] statement for
//! statement: same expression trees, same operation order, same control flow, so that both
//! give the same doubles when compiled without fused multiply-add.
//!
//! Data layout, per population:
//! - `cals`: one block of `double`s per parameter group, in the order of [`CudaKernel::constants`]
//!   (switches as 0/1, step counts as whole numbers);
//! - `state`: column-major, `state[column * n + neuron]`, columns in the order of
//!   [`CudaKernel::columns`];
//! - `inputs`: this step's ring-buffer slot, `inputs[neuron * channels + channel]`, read and
//!   cleared;
//! - `spikes[neuron]`: spikes emitted in this step; `failure[neuron]`: 0, or 1 + the index of
//!   the failure reason.

use syn::Ident;

use crate::ir::{Cmp, Cond, Ir, Op};
use crate::typecheck::{Analysed, AssignOp};

/// A spike jump as the kernel applies it (shared with the Rust emitter).
pub struct Jump {
    pub channel: usize,
    pub target: usize,
    pub op: AssignOp,
    pub coef: Ir,
    /// Name of the precomputed constant, when the coefficient depends on parameters only.
    pub field: Option<Ident>,
    /// Applied after the first accepted sub-step (inputs read inside the RKF45 loop).
    pub in_loop: bool,
}

/// The update scheme, as far as the kernel needs it.
pub enum Advance<'a> {
    /// Propagator with its structural non-zeros, free and while refractory.
    Exact {
        pattern: &'a [Vec<bool>],
        pattern_refr: &'a [Vec<bool>],
        /// Current index of each input column after the constant column.
        inputs: &'a [usize],
    },
    Rkf45,
    Explicit,
}

/// Everything the emitter computed for the Rust kernel that the C kernel needs as well.
pub struct KernelInput<'a> {
    pub nest_name: &'a str,
    pub a: &'a Analysed,
    pub advance: Advance<'a>,
    pub jumps: &'a [Jump],
    /// (current index, target state, operation, constant name) of post-propagation rules.
    pub posts: &'a [(usize, usize, AssignOp, Ident)],
    /// Summed-input channel of each spike port.
    pub summed_channel: &'a [usize],
    pub n_spike_channels: usize,
    /// Power of ten applied to each current on arrival (pA to its declared unit).
    pub current_scales: &'a [i32],
    /// States whose equations are frozen while refractory.
    pub holds: &'a [usize],
    /// State with deferred refractory input, and the switch parameter keeping it.
    pub deferred: Option<(usize, usize)>,
    /// State field holding the refractory time left (ms), when the model records it.
    pub remaining: Option<String>,
    /// States whose start-of-step value the threshold reads (`old(x)`).
    pub olds: &'a [usize],
}

/// The emitted kernel and its layout.
pub struct CudaKernel {
    pub entry: String,
    pub source: String,
    /// Names of the per-group constants, one per double.
    pub constants: Vec<String>,
    /// What each constant is, for the packing code: (field, how many doubles, kind).
    pub constant_fields: Vec<(String, ConstKind)>,
    /// State columns.
    pub columns: Vec<(String, ColumnKind)>,
    /// Failure reasons; code k + 1 in `failure`.
    pub failures: Vec<String>,
}

/// How a calibrated field becomes doubles.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ConstKind {
    Number,
    Switch,
    Count,
    /// A `rows × cols` matrix, row-major.
    Matrix(usize, usize),
    /// GSL control settings (eps_abs, eps_rel, a_y, a_dydt).
    Control,
}

/// How a state column is stored in the Rust state.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Number,
    /// A `u32` counter.
    Count,
}

/// The GSL rkf45 stepper, standard control and evolve_apply in C++ (one copy per source that
/// needs it, guarded so that sources can be concatenated).
const RKF45: &str = include_str!("cuda/rkf45.cuh");

/// A double literal that C parses to the same value.
fn lit(v: f64) -> String {
    if v == f64::INFINITY {
        "SAL_INF".into()
    } else if v == f64::NEG_INFINITY {
        "(-SAL_INF)".into()
    } else if v < 0.0 || (v == 0.0 && v.is_sign_negative()) {
        format!("(-{:?})", -v)
    } else {
        format!("{v:?}")
    }
}

/// A number in the kernel's arithmetic type (`sal_real`: double, or float with
/// `-DSAL_REAL=float`).
fn real(v: f64) -> String {
    format!("(sal_real){}", lit(v))
}

/// C text of an expression, fully parenthesised (the tree, hence the evaluation order, is the
/// Rust kernel's).
pub fn ir_c(ir: &Ir, leaf: &dyn Fn(&Ir) -> String) -> String {
    match ir {
        Ir::Num(v) => real(*v),
        Ir::Neg(a) => format!("(-{})", ir_c(a, leaf)),
        Ir::Bin(op, a, b) => {
            let o = match op {
                Op::Add => "+",
                Op::Sub => "-",
                Op::Mul => "*",
                Op::Div => "/",
            };
            format!("({} {o} {})", ir_c(a, leaf), ir_c(b, leaf))
        }
        Ir::Scale(k, a) => {
            let p = real(10f64.powi(k.abs()));
            let o = if *k > 0 { "*" } else { "/" };
            format!("({} {o} {p})", ir_c(a, leaf))
        }
        Ir::Call(f, args) => {
            let args: Vec<String> = args.iter().map(|x| ir_c(x, leaf)).collect();
            format!("{}({})", f.c_name(), args.join(", "))
        }
        Ir::Select(c, a, b) => {
            let c = match &**c {
                Cond::Refractory => "is_refractory_now".to_string(),
                Cond::Cmp(op, l, r) => cmp_c(*op, &ir_c(l, leaf), &ir_c(r, leaf)),
            };
            format!("({c} ? {} : {})", ir_c(a, leaf), ir_c(b, leaf))
        }
        other => leaf(other),
    }
}

fn cmp_c(c: Cmp, l: &str, r: &str) -> String {
    format!("({l} {} {r})", c.text())
}

fn assign_c(name: &str, op: AssignOp, v: &str) -> String {
    let o = match op {
        AssignOp::Set => "=",
        AssignOp::Add => "+=",
        AssignOp::Sub => "-=",
    };
    format!("{name} {o} {v};")
}

/// Indented lines.
struct Code {
    text: String,
    depth: usize,
}

impl Code {
    fn line(&mut self, s: impl AsRef<str>) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
        self.text.push_str(s.as_ref());
        self.text.push('\n');
    }
    fn open(&mut self, s: impl AsRef<str>) {
        self.line(s);
        self.depth += 1;
    }
    fn close(&mut self, s: &str) {
        self.depth -= 1;
        self.line(s);
    }
    /// A line between two blocks, such as `} else {`.
    fn middle(&mut self, s: &str) {
        self.close(s);
        self.depth += 1;
    }
}

/// Emits the kernel.
pub fn kernel(k: &KernelInput) -> CudaKernel {
    let a = k.a;
    let nx = a.states.len();
    let ident = k
        .nest_name
        .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let entry = format!("saltatory_{ident}_update");
    let cal_ty = format!("SalCal_{ident}");
    let refr = a.refractory.is_some();

    // ---- constants ---------------------------------------------------------------------
    let mut fields: Vec<(String, ConstKind)> = Vec::new();
    for p in a.params.iter().filter(|p| p.supported) {
        let kind = if p.unit.is_some() {
            ConstKind::Number
        } else {
            ConstKind::Switch
        };
        fields.push((p.name.to_string(), kind));
    }
    fields.push(("h".into(), ConstKind::Number));
    let na = match &k.advance {
        Advance::Exact { inputs, .. } => nx + 1 + inputs.len(),
        _ => 0,
    };
    match &k.advance {
        Advance::Exact { .. } => fields.push(("P".into(), ConstKind::Matrix(nx, na))),
        Advance::Rkf45 => fields.push(("control".into(), ConstKind::Control)),
        Advance::Explicit => {}
    }
    for j in k.jumps {
        if let Some(f) = &j.field {
            fields.push((f.to_string(), ConstKind::Number));
        }
    }
    for (_, _, _, f) in k.posts {
        fields.push((f.to_string(), ConstKind::Number));
    }
    if refr {
        fields.push(("refractory_steps".into(), ConstKind::Count));
        if matches!(k.advance, Advance::Exact { .. }) {
            fields.push(("P_refr".into(), ConstKind::Matrix(nx, na)));
        }
        if k.deferred.is_some() {
            fields.push(("defer_tau".into(), ConstKind::Number));
        }
    }
    let mut constants = Vec::new();
    for (f, kind) in &fields {
        match kind {
            ConstKind::Matrix(r, c) => {
                for i in 0..*r {
                    for j in 0..*c {
                        constants.push(format!("{f}[{i}][{j}]"));
                    }
                }
            }
            ConstKind::Control => {
                for s in ["eps_abs", "eps_rel", "a_y", "a_dydt"] {
                    constants.push(format!("{f}.{s}"));
                }
            }
            _ => constants.push(f.clone()),
        }
    }

    // ---- state columns -----------------------------------------------------------------
    let mut columns: Vec<(String, ColumnKind)> = a
        .states
        .iter()
        .map(|s| (s.name.to_string(), ColumnKind::Number))
        .collect();
    for c in &a.currents {
        columns.push((format!("latched_{}", c.name), ColumnKind::Number));
    }
    if refr {
        columns.push(("refractory_steps_left".into(), ColumnKind::Count));
    }
    let deferred_name = k
        .deferred
        .map(|(s, _)| format!("deferred_{}", a.states[s].name));
    if let Some(d) = &deferred_name {
        columns.push((d.clone(), ColumnKind::Number));
    }
    if matches!(k.advance, Advance::Rkf45) {
        columns.push(("integration_step".into(), ColumnKind::Number));
    }
    if let Some(r) = &k.remaining {
        columns.push((r.clone(), ColumnKind::Number));
    }
    let col = |name: &str| -> usize {
        columns
            .iter()
            .position(|(c, _)| c == name)
            .expect("a column of this kernel")
    };

    // ---- failures ----------------------------------------------------------------------
    let mut failures: Vec<String> = a.unstable.iter().map(|u| u.3.clone()).collect();
    failures.push("a state variable is not finite".into());

    // ---- leaves ------------------------------------------------------------------------
    let param_leaf = |i: usize| -> String {
        let p = &a.params[i];
        if p.unit.is_some() {
            format!("((sal_real)cal.{})", p.name)
        } else {
            format!("(cal.{} != 0.0)", p.name)
        }
    };
    let leaf = |x: &Ir| -> String {
        match x {
            Ir::Param(i) => param_leaf(*i),
            Ir::State(i) => a.states[*i].name.to_string(),
            Ir::Current(i) => a.currents[*i].name.to_string(),
            Ir::H => "grid_h".into(),
            Ir::Alias(i) => a.aliases[*i].0.to_string(),
            Ir::Old(i) => format!("old_{}", a.states[*i].name),
            Ir::Summed(p) => format!("spikes_{}", k.summed_channel[*p]),
            _ => "SAL_UNREACHABLE".into(),
        }
    };
    let e = |ir: &Ir| ir_c(ir, &leaf);

    let mut c = Code {
        text: String::new(),
        depth: 0,
    };
    c.line(format!(
        "// Update of NEST's {} for saltatory's GPU path, generated by neuron!: one thread per neuron.",
        k.nest_name
    ));
    for l in [
        "#ifndef SALTATORY_PRELUDE",
        "#define SALTATORY_PRELUDE",
        "#ifdef __CUDACC__",
        "#define SAL_INF __longlong_as_double(0x7ff0000000000000LL)",
        "#else",
        "#define SAL_INF HUGE_VAL",
        "#endif",
        "// The arithmetic type: double (the default, as the CPU path) or float (-DSAL_REAL=float).",
        "#ifndef SAL_REAL",
        "#define SAL_REAL double",
        "#endif",
        "typedef SAL_REAL sal_real;",
        "// GSL's step control starts from the smallest positive normal number (DBL_MIN).",
        "#ifndef SAL_MIN_POSITIVE",
        "#define SAL_MIN_POSITIVE 2.2250738585072014e-308",
        "#endif",
        "#endif",
    ] {
        c.line(l);
    }
    if matches!(k.advance, Advance::Rkf45) {
        c.text.push_str(RKF45);
    }
    c.line("");
    c.open(format!("struct {cal_ty} {{"));
    for (f, kind) in &fields {
        match kind {
            ConstKind::Matrix(r, cc) => c.line(format!("double {f}[{r}][{cc}];")),
            ConstKind::Control => c.line(format!("SalControl {f};")),
            _ => c.line(format!("double {f};")),
        }
    }
    c.close("};");
    let cal_len = constants.len();

    // ---- right-hand side (RKF45) ---------------------------------------------------------
    let state_names: Vec<String> = a.states.iter().map(|s| s.name.to_string()).collect();
    if matches!(k.advance, Advance::Rkf45) {
        c.line("");
        c.open(format!("struct SalRhs_{ident} {{"));
        c.line(format!("const {cal_ty}& cal;"));
        c.line("sal_real grid_h;");
        c.line("bool is_refractory_now;");
        for cur in &a.currents {
            c.line(format!("sal_real {};", cur.name));
        }
        c.open("__device__ void operator()(const sal_real* sal_y, sal_real* sal_dydt) const {");
        for (i, n) in state_names.iter().enumerate() {
            c.line(format!("const sal_real {n} = sal_y[{i}];"));
        }
        for (n, ir) in &a.aliases {
            c.line(format!("const sal_real {n} = {};", e(ir)));
        }
        for i in 0..nx {
            let v = match a.equations.iter().find(|q| q.state == i) {
                None => real(0.0),
                Some(q) => {
                    if k.holds.contains(&i) {
                        format!("(is_refractory_now ? {} : {})", real(0.0), e(&q.rhs))
                    } else {
                        e(&q.rhs)
                    }
                }
            };
            c.line(format!("sal_dydt[{i}] = {v};"));
        }
        c.close("}");
        c.close("};");
    }

    // ---- kernel ------------------------------------------------------------------------
    c.line("");
    c.line(format!(
        "extern \"C\" __global__ void {entry}(unsigned int n, const double* cals, const unsigned int* group_of,"
    ));
    c.open("    double* state, double* inputs, unsigned int* spikes, unsigned int* failure) {");
    c.line("const unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;");
    c.line("if (i >= n) return;");
    c.line(format!(
        "const {cal_ty}& cal = *reinterpret_cast<const {cal_ty}*>(cals + (unsigned long long)group_of[i] * {cal_len});"
    ));
    c.line("const sal_real grid_h = (sal_real)cal.h;");
    c.line("(void)grid_h;");
    let nc = k.n_spike_channels + a.currents.len();
    c.line(format!(
        "double* inp = inputs + (unsigned long long)i * {nc};"
    ));
    c.line("failure[i] = 0;");
    c.line("spikes[i] = 0;");
    let at = |name: &str| format!("state[{}ull * n + i]", col(name));
    for n in &state_names {
        c.line(format!("sal_real {n} = (sal_real){};", at(n)));
    }
    for cur in &a.currents {
        c.line(format!(
            "const sal_real {} = (sal_real){};",
            cur.name,
            at(&format!("latched_{}", cur.name))
        ));
    }
    for &o in k.olds {
        let n = &state_names[o];
        c.line(format!("const sal_real old_{n} = {n};"));
    }
    if refr {
        c.line(format!(
            "unsigned int refractory = (unsigned int){};",
            at("refractory_steps_left")
        ));
        c.line("const bool is_refractory = refractory > 0;");
        c.line("(void)is_refractory;");
    }
    if let Some(d) = &deferred_name {
        c.line(format!("sal_real {d} = (sal_real){};", at(d)));
    }
    for ch in 0..k.n_spike_channels {
        c.line(format!(
            "const sal_real spikes_{ch} = (sal_real)inp[{ch}]; inp[{ch}] = 0.0;"
        ));
    }

    let jump_c = |j: &Jump| -> String {
        let s = format!("spikes_{}", j.channel);
        let coef = match &j.field {
            Some(f) => format!("((sal_real)cal.{f})"),
            None => e(&j.coef),
        };
        let apply = assign_c(&state_names[j.target], j.op, &format!("{coef} * {s}"));
        if k.holds.contains(&j.target) {
            let when_refractory = match (k.deferred, &deferred_name) {
                (Some((st, sw)), Some(d)) if st == j.target => format!(
                    " else if ({}) {{ {d} += {coef} * {s} * exp(-(sal_real)refractory * grid_h / (sal_real)cal.defer_tau); }}",
                    param_leaf(sw)
                ),
                _ => String::new(),
            };
            format!("if (!is_refractory) {{ {apply} }}{when_refractory}")
        } else {
            apply
        }
    };
    let fail = |code: usize| format!("{{ failure[i] = {code}; return; }}");

    // 1. Advance over the step.
    match &k.advance {
        Advance::Exact {
            pattern,
            pattern_refr,
            inputs,
        } => {
            let col_name = |j: usize| -> Option<String> {
                if j < nx {
                    Some(state_names[j].clone())
                } else if j == nx {
                    None
                } else {
                    Some(a.currents[inputs[j - nx - 1]].name.to_string())
                }
            };
            let prop = |c: &mut Code, pat: &[Vec<bool>], field: &str, skip: &[usize]| {
                let rows: Vec<usize> = (0..nx).filter(|i| !skip.contains(i)).collect();
                for &i in &rows {
                    let terms: Vec<String> = (0..na)
                        .filter(|&j| pat[i][j])
                        .map(|j| match col_name(j) {
                            Some(v) => format!("((sal_real)cal.{field}[{i}][{j}]) * {v}"),
                            None => format!("((sal_real)cal.{field}[{i}][{j}])"),
                        })
                        .collect();
                    c.line(format!(
                        "const sal_real sal_next_{i} = {};",
                        terms.join(" + ")
                    ));
                }
                for &i in &rows {
                    c.line(format!("{} = sal_next_{i};", state_names[i]));
                }
            };
            if refr {
                c.open("if (!is_refractory) {");
                prop(&mut c, pattern, "P", &[]);
                c.middle("} else {");
                prop(&mut c, pattern_refr, "P_refr", k.holds);
                c.close("}");
            } else {
                prop(&mut c, pattern, "P", &[]);
            }
        }
        Advance::Explicit => {
            let (switch, then, otherwise) = a.update.as_ref().expect("an update rule");
            let stmts = |c: &mut Code, list: &[crate::typecheck::UpdateStmt]| {
                for st in list {
                    match st {
                        crate::typecheck::UpdateStmt::Let(i) => {
                            let (n, ir) = &a.aliases[*i];
                            c.line(format!("const sal_real {n} = {};", e(ir)));
                        }
                        crate::typecheck::UpdateStmt::Assign(asg) => {
                            c.line(assign_c(&state_names[asg.target], asg.op, &e(&asg.rhs)));
                        }
                    }
                }
            };
            match switch {
                Some(sw) => {
                    c.open(format!("if ({}) {{", param_leaf(*sw)));
                    stmts(&mut c, then);
                    c.middle("} else {");
                    stmts(&mut c, otherwise);
                    c.close("}");
                }
                None => {
                    c.open("{");
                    stmts(&mut c, then);
                    c.close("}");
                }
            }
        }
        Advance::Rkf45 => {
            let list = state_names.join(", ");
            c.line(format!("sal_real sal_y[{nx}] = {{{list}}};"));
            c.line("sal_real sal_t = 0.0;");
            c.line("const sal_real sal_t1 = (sal_real)cal.h;");
            c.line(format!(
                "sal_real sal_h = (sal_real){};",
                at("integration_step")
            ));
            c.line("// NEST starts the carried step at the resolution.");
            c.line("if (sal_h <= 0.0) sal_h = sal_t1;");
            let currents: String = a
                .currents
                .iter()
                .map(|cur| format!(", {}", cur.name))
                .collect();
            c.line(format!(
                "SalRhs_{ident} sal_f{{cal, grid_h, false{currents}}};"
            ));
            let loop_jumps: Vec<String> =
                k.jumps.iter().filter(|j| j.in_loop).map(jump_c).collect();
            if !loop_jumps.is_empty() {
                c.line("bool first_substep = true;");
            }
            c.open("while (sal_t < sal_t1) {");
            c.line(format!(
                "sal_f.is_refractory_now = {};",
                if refr { "refractory > 0" } else { "false" }
            ));
            c.line(format!(
                "sal_rkf45_evolve_apply<{nx}>(sal_f, cal.control, &sal_t, sal_t1, &sal_h, sal_y);"
            ));
            for (i, n) in state_names.iter().enumerate() {
                c.line(format!("{n} = sal_y[{i}];"));
            }
            for (code, (cmp, l, r, _)) in a.unstable.iter().enumerate() {
                c.line(format!(
                    "if {} {}",
                    cmp_c(*cmp, &e(l), &e(r)),
                    fail(code + 1)
                ));
            }
            c.line(format!(
                "for (int sal_k = 0; sal_k < {nx}; ++sal_k) if (!isfinite(sal_y[sal_k])) {}",
                fail(failures.len())
            ));
            if !loop_jumps.is_empty() {
                // Inputs read inside the sub-step loop act after its first accepted sub-step
                // (models/aeif_psc_delta.cpp).
                c.open("if (first_substep) {");
                c.line("first_substep = false;");
                for l in &loop_jumps {
                    c.line(l);
                }
                if let (Some((st, _)), Some(d)) = (k.deferred, &deferred_name) {
                    c.line(format!(
                        "if (!is_refractory) {{ {} += {d}; {d} = 0.0; }}",
                        state_names[st]
                    ));
                }
                c.close("}");
            }
            if a.threshold_per_substep {
                threshold(&mut c, k, &e, &state_names);
            }
            for (i, n) in state_names.iter().enumerate() {
                c.line(format!("sal_y[{i}] = {n};"));
            }
            c.close("}");
            c.line(format!("{} = sal_h;", at("integration_step")));
        }
    }
    // 2. Input rules applied after propagation.
    for (cur, target, op, f) in k.posts {
        c.line(assign_c(
            &state_names[*target],
            *op,
            &format!("((sal_real)cal.{f}) * {}", a.currents[*cur].name),
        ));
    }
    // 3. Spike input.
    for j in k.jumps.iter().filter(|j| !j.in_loop) {
        c.line(jump_c(j));
    }
    // 4. Refractory bookkeeping and bounds.
    let bounds: Vec<String> = a
        .bounds
        .iter()
        .map(|b| {
            let n = &state_names[b.state];
            let r = e(&b.rhs);
            match b.cmp {
                Cmp::Ge => format!("if ({n} < {r}) {n} = {r};"),
                _ => format!("if ({n} > {r}) {n} = {r};"),
            }
        })
        .collect();
    if a.threshold_per_substep {
        c.line("if (refractory > 0) refractory -= 1;");
        for b in &bounds {
            c.line(b);
        }
    } else if refr {
        c.open("if (is_refractory) {");
        c.line("refractory -= 1;");
        c.middle("} else {");
        if let (Some((st, _)), Some(d)) = (k.deferred, &deferred_name) {
            c.line(format!("{} += {d}; {d} = 0.0;", state_names[st]));
        }
        for b in &bounds {
            c.line(b);
        }
        c.close("}");
    } else {
        for b in &bounds {
            c.line(b);
        }
    }
    // 5. Threshold and reset.
    if !a.threshold_per_substep {
        threshold(&mut c, k, &e, &state_names);
    }
    // 6. Currents arriving now act from the next step on.
    for (idx, (cur, scale)) in a.currents.iter().zip(k.current_scales).enumerate() {
        let ch = k.n_spike_channels + idx;
        let v = format!("inp[{ch}]");
        let v = match scale.cmp(&0) {
            std::cmp::Ordering::Equal => v,
            std::cmp::Ordering::Greater => format!("({v} * {})", lit(10f64.powi(*scale))),
            std::cmp::Ordering::Less => format!("({v} / {})", lit(10f64.powi(-scale))),
        };
        c.line(format!(
            "{} = {v}; inp[{ch}] = 0.0;",
            at(&format!("latched_{}", cur.name))
        ));
    }
    for n in &state_names {
        c.line(format!("{} = {n};", at(n)));
    }
    if refr {
        c.line(format!(
            "{} = (double)refractory;",
            at("refractory_steps_left")
        ));
    }
    if let Some(d) = &deferred_name {
        c.line(format!("{} = {d};", at(d)));
    }
    if let Some(r) = &k.remaining {
        c.line(format!("{} = cal.h * (double)refractory;", at(r)));
    }
    c.close("}");

    CudaKernel {
        entry,
        source: c.text,
        constants,
        constant_fields: fields,
        columns,
        failures,
    }
}

/// Threshold test and reset, as the Rust kernel does it.
fn threshold(c: &mut Code, k: &KernelInput, e: &dyn Fn(&Ir) -> String, states: &[String]) {
    let a = k.a;
    let Some((comparisons, unless_refractory, _)) = &a.threshold else {
        return;
    };
    let mut conds: Vec<String> = comparisons
        .iter()
        .map(|(cmp, l, r)| cmp_c(*cmp, &e(l), &e(r)))
        .collect();
    if *unless_refractory {
        conds.insert(0, "!is_refractory".into());
    }
    c.open(format!("if ({}) {{", conds.join(" && ")));
    match (a.refractory.is_some(), a.threshold_per_substep) {
        (false, _) => {}
        (true, false) => c.line("refractory = (unsigned int)cal.refractory_steps;"),
        // NEST's aeif models: RC + 1 steps, paid back by this step's decrement
        // (models/aeif_cond_alpha.cpp).
        (true, true) => c.line(
            "refractory = cal.refractory_steps > 0.0 ? (unsigned int)cal.refractory_steps + 1 : 0;",
        ),
    }
    for rs in &a.reset {
        c.line(assign_c(&states[rs.target], rs.op, &e(&rs.rhs)));
    }
    c.line("spikes[i] += 1;");
    c.close("}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Func;

    #[test]
    fn literals_parse_back_to_the_same_double() {
        for v in [
            0.1,
            -70.0,
            1e-6,
            1.797_693_134_862_315_7e308,
            5e-324,
            2.0 / 3.0,
            1e20,
        ] {
            let text = lit(v);
            let t = text.trim_start_matches("(-").trim_end_matches(')');
            let back: f64 = t.parse().unwrap();
            assert_eq!(if v < 0.0 { -back } else { back }, v, "{text}");
        }
        assert_eq!(lit(f64::INFINITY), "SAL_INF");
        assert_eq!(lit(f64::NEG_INFINITY), "(-SAL_INF)");
    }

    #[test]
    fn expressions_keep_the_tree_and_its_order() {
        let leaf = |x: &Ir| match x {
            Ir::Param(i) => format!("p{i}"),
            Ir::State(i) => format!("s{i}"),
            _ => "?".into(),
        };
        // a - (b - c) keeps its parentheses; (a - b) - c gets them too (fully parenthesised).
        let e = Ir::bin(
            Op::Sub,
            Ir::Param(0),
            Ir::bin(Op::Sub, Ir::Param(1), Ir::State(0)),
        );
        assert_eq!(ir_c(&e, &leaf), "(p0 - (p1 - s0))");
        let e = Ir::Call(
            Func::Min,
            vec![Ir::State(0), Ir::Neg(Box::new(Ir::Param(2)))],
        );
        assert_eq!(ir_c(&e, &leaf), "fmin(s0, (-p2))");
        let e = Ir::Scale(-3, Box::new(Ir::State(1)));
        assert_eq!(ir_c(&e, &leaf), "(s1 / (sal_real)1000.0)");
        let e = Ir::Select(
            Box::new(Cond::Cmp(Cmp::Gt, Ir::Param(0), Ir::Num(0.0))),
            Box::new(Ir::Call(Func::Exp, vec![Ir::State(0)])),
            Box::new(Ir::Num(0.0)),
        );
        assert_eq!(
            ir_c(&e, &leaf),
            "((p0 > (sal_real)0.0) ? exp(s0) : (sal_real)0.0)"
        );
    }

    #[test]
    fn every_function_has_a_c_name() {
        for name in [
            "exp", "expm1", "log", "log10", "log1p", "sin", "cos", "tan", "sinh", "cosh", "tanh",
            "atan", "sqrt", "abs", "min", "max", "pow",
        ] {
            let c = Func::from_name(name).unwrap().c_name();
            assert!(c == name || (name, c) == ("abs", "fabs") || c == format!("f{name}"));
        }
    }
}
