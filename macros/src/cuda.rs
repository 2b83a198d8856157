//! Stage 4b: emission of the same update as CUDA C++ source, for the GPU path.
//!
//! The source is self-contained (no CUDA headers: NVRTC compiles it as it is) and also compiles
//! as host C++ through a small shim, which is how it is checked against the Rust kernel on
//! machines without a GPU. The kernel's statements are the step description
//! ([`crate::step`]) printed by [`crate::print_c`], the printer next to the Rust one, so both
//! compute the same doubles when compiled without fused multiply-add; this module lays out the
//! constants and columns and assembles the source.
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

use crate::print_c::{CPrinter, Code, real};
pub use crate::step::ColumnKind;
use crate::step::{Derivative, StateColumn, Step};
use crate::typecheck::Analysed;

/// The emitted kernel and its layout.
pub struct CudaKernel {
    pub entry: String,
    pub source: String,
    /// The per-group constants: name and how many doubles.
    pub constants: Vec<(String, usize)>,
    /// What each constant is, for the packing code.
    pub constant_fields: Vec<ConstField>,
    /// State columns.
    pub columns: Vec<StateColumn>,
    /// Failure reasons; code k + 1 in `failure`.
    pub failures: Vec<String>,
}

/// A field of the calibrated constants.
pub struct ConstField {
    /// Its name in Rust (a declared parameter's own name).
    pub name: String,
    pub kind: ConstKind,
    /// A declared parameter (`params` of the calibration; `m_<name>` in C), not one of the
    /// step's constants (`step`).
    pub declared: bool,
}

impl ConstField {
    /// Its name in C.
    pub fn c_name(&self) -> String {
        if self.declared {
            crate::names::c(&self.name)
        } else {
            self.name.clone()
        }
    }
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

/// The GSL rkf45 stepper, standard control and evolve_apply in C++ (one copy per source that
/// needs it, guarded so that sources can be concatenated).
const RKF45: &str = include_str!("cuda/rkf45.cuh");

/// Definitions shared by every kernel source (guarded, so that sources can be concatenated).
const PRELUDE: [&str; 17] = [
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
];

/// The per-group constants in the order the kernel reads them: the parameters, `h`, the
/// scheme's constants, the step's constants and the refractory ones.
fn constant_fields(a: &Analysed, step: &Step) -> Vec<ConstField> {
    let nx = a.states.len();
    let mut fields: Vec<ConstField> = a
        .params
        .iter()
        .filter(|p| p.supported)
        .map(|p| {
            let kind = if p.unit.is_some() {
                ConstKind::Number
            } else {
                ConstKind::Switch
            };
            ConstField {
                name: p.name.to_string(),
                kind,
                declared: true,
            }
        })
        .collect();
    let mut own = |name: &str, kind| {
        fields.push(ConstField {
            name: name.into(),
            kind,
            declared: false,
        })
    };
    own("h", ConstKind::Number);
    let exact = step.propagator;
    if let Some(na) = exact {
        own("P", ConstKind::Matrix(nx, na));
    }
    if step.derivatives.is_some() {
        own("control", ConstKind::Control);
    }
    for c in &step.constants {
        own(&c.name, ConstKind::Number);
    }
    if a.refractory.is_some() {
        own("refractory_steps", ConstKind::Count);
        if a.refractory.as_ref().is_some_and(|r| r.hold_for.is_some()) {
            own("hold_steps", ConstKind::Count);
        }
        if let Some(na) = exact {
            own("P_refr", ConstKind::Matrix(nx, na));
        }
        if step.deferred.is_some() {
            own("defer_tau", ConstKind::Number);
        }
    }
    fields
}

/// The constants as (name, doubles).
fn constant_sizes(fields: &[ConstField]) -> Vec<(String, usize)> {
    fields
        .iter()
        .map(|f| {
            let n = match f.kind {
                ConstKind::Matrix(r, c) => r * c,
                ConstKind::Control => 4,
                ConstKind::Number | ConstKind::Switch | ConstKind::Count => 1,
            };
            (f.name.clone(), n)
        })
        .collect()
}

/// The right-hand side functor of RKF45 models.
fn right_hand_side(c: &mut Code, p: &CPrinter, cal_ty: &str, derivatives: &[Derivative]) {
    let a = p.a;
    c.line("");
    c.open(format!("struct {} {{", p.rhs_type));
    c.line(format!("const {cal_ty}& cal;"));
    c.line("sal_real grid_h;");
    c.line("bool is_refractory_now;");
    for k in 0..a.currents.len() {
        c.line(format!("sal_real {};", p.current(k)));
    }
    c.open("__device__ void operator()(const sal_real* sal_y, sal_real* sal_dydt) const {");
    for (i, s) in a.states.iter().enumerate() {
        c.line(format!(
            "const sal_real {} = sal_y[{i}];",
            crate::names::c(&s.name)
        ));
    }
    for (n, ir) in &a.aliases {
        c.line(format!(
            "const sal_real {} = {};",
            crate::names::c(n),
            p.expr(ir)
        ));
    }
    for (i, d) in derivatives.iter().enumerate() {
        let v = match d {
            Derivative::Zero => real(0.0),
            Derivative::Rhs { rhs, held: false } => p.expr(rhs),
            Derivative::Rhs { rhs, held: true } => {
                format!("(is_refractory_now ? {} : {})", real(0.0), p.expr(rhs))
            }
        };
        c.line(format!("sal_dydt[{i}] = {v};"));
    }
    c.close("}");
    c.close("};");
}

/// Emits the kernel of a model's step.
pub fn kernel(nest_name: &str, a: &Analysed, step: &Step) -> CudaKernel {
    let ident = nest_name.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let entry = format!("saltatory_{ident}_update");
    let cal_ty = format!("SalCal_{ident}");
    let fields = constant_fields(a, step);
    let constants = constant_sizes(&fields);
    let doubles: usize = constants.iter().map(|c| c.1).sum();
    let printer = CPrinter {
        a,
        step,
        rhs_type: format!("SalRhs_{ident}"),
    };

    let mut c = Code::default();
    c.line(format!(
        "// Update of NEST's {nest_name} for saltatory's GPU path, generated by neuron!: one thread per neuron."
    ));
    for l in PRELUDE {
        c.line(l);
    }
    if step.derivatives.is_some() {
        c.text.push_str(RKF45);
    }
    c.line("");
    c.open(format!("struct {cal_ty} {{"));
    for field in &fields {
        let f = field.c_name();
        match field.kind {
            ConstKind::Matrix(r, cc) => c.line(format!("double {f}[{r}][{cc}];")),
            ConstKind::Control => c.line(format!("SalControl {f};")),
            ConstKind::Number | ConstKind::Switch | ConstKind::Count => {
                c.line(format!("double {f};"))
            }
        }
    }
    c.close("};");
    if let Some(d) = &step.derivatives {
        right_hand_side(&mut c, &printer, &cal_ty, d);
    }

    c.line("");
    c.line(format!(
        "extern \"C\" __global__ void {entry}(unsigned int n, const double* cals, const unsigned int* group_of,"
    ));
    c.open("    double* state, double* inputs, unsigned int* spikes, unsigned int* failure) {");
    c.line("const unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;");
    c.line("if (i >= n) return;");
    c.line(format!(
        "const {cal_ty}& cal = *reinterpret_cast<const {cal_ty}*>(cals + (unsigned long long)group_of[i] * {doubles});"
    ));
    c.line("const sal_real grid_h = (sal_real)cal.h;");
    c.line("(void)grid_h;");
    c.line("(void)state;");
    c.line(format!(
        "double* inp = inputs + (unsigned long long)i * {};",
        step.channels(a)
    ));
    c.line("failure[i] = 0;");
    c.line("spikes[i] = 0;");
    printer.stmts(&mut c, &step.body);
    c.close("}");

    CudaKernel {
        entry,
        source: c.text,
        constants,
        constant_fields: fields,
        columns: step.columns.clone(),
        failures: step.failures.clone(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Cmp, Cond, Func, Ir, Op};
    use crate::print_c::{ir_c, lit};

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
