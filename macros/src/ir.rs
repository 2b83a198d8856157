//! The typed expression tree produced by unit analysis: every name resolved, every scale
//! conversion explicit (`Scale`), so later stages never look at units again.

/// Arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    pub fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
    pub fn text(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }
}

/// Mathematical functions available in model expressions (all map to the platform libm, as
/// NEST's do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Exp,
    Expm1,
    Ln,
    Log10,
    Log1p,
    Sin,
    Cos,
    Tan,
    Sinh,
    Cosh,
    Tanh,
    Atan,
    Sqrt,
    Abs,
    Min,
    Max,
    Pow,
    /// `copysign(x, s)`: the magnitude of x with the sign of s.
    Copysign,
    /// The complementary error function (no `f64` method: the runtime's libm).
    Erfc,
    /// A uniform draw in [0, 1) (synapse rules only: from the synapse's stream).
    Uniform,
    /// `binomial(n, p)`: the number of successes of n draws of probability p (synapse rules
    /// only).
    Binomial,
}

impl Func {
    /// The names of the functions as model expressions write them (`ln` is also `log`).
    const NAMES: [(&'static str, Func); 22] = [
        ("exp", Func::Exp),
        ("expm1", Func::Expm1),
        ("log", Func::Ln),
        ("ln", Func::Ln),
        ("log10", Func::Log10),
        ("log1p", Func::Log1p),
        ("sin", Func::Sin),
        ("cos", Func::Cos),
        ("tan", Func::Tan),
        ("sinh", Func::Sinh),
        ("cosh", Func::Cosh),
        ("tanh", Func::Tanh),
        ("atan", Func::Atan),
        ("sqrt", Func::Sqrt),
        ("abs", Func::Abs),
        ("min", Func::Min),
        ("max", Func::Max),
        ("pow", Func::Pow),
        ("copysign", Func::Copysign),
        ("erfc", Func::Erfc),
        ("uniform", Func::Uniform),
        ("binomial", Func::Binomial),
    ];

    pub fn from_name(name: &str) -> Option<Func> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }

    /// The functions available, for messages: every name, the drawing ones said apart.
    pub fn available() -> String {
        let names = |draws: bool| -> Vec<&str> {
            let all = Self::NAMES
                .iter()
                .filter(|(n, f)| f.draws() == draws && *n != "ln");
            all.map(|(n, _)| *n).collect()
        };
        format!(
            "{} (and in synapse rules {})",
            names(false).join(", "),
            names(true).join(", ")
        )
    }
    /// Every function with the f64 method implementing it in Rust and the C math function of
    /// the same name in CUDA and on the host.
    const IMPLEMENTATIONS: [(Func, &'static str, &'static str); 21] = [
        (Func::Exp, "exp", "exp"),
        (Func::Expm1, "exp_m1", "expm1"),
        (Func::Ln, "ln", "log"),
        (Func::Log10, "log10", "log10"),
        (Func::Log1p, "ln_1p", "log1p"),
        (Func::Sin, "sin", "sin"),
        (Func::Cos, "cos", "cos"),
        (Func::Tan, "tan", "tan"),
        (Func::Sinh, "sinh", "sinh"),
        (Func::Cosh, "cosh", "cosh"),
        (Func::Tanh, "tanh", "tanh"),
        (Func::Atan, "atan", "atan"),
        (Func::Sqrt, "sqrt", "sqrt"),
        (Func::Abs, "abs", "fabs"),
        (Func::Min, "min", "fmin"),
        (Func::Max, "max", "fmax"),
        (Func::Pow, "powf", "pow"),
        (Func::Copysign, "copysign", "copysign"),
        // Random draws exist in synapse rules only, which have no C or lanes printer.
        (Func::Uniform, "uniform", "uniform"),
        (Func::Binomial, "binomial", "binomial"),
        (Func::Erfc, "erfc", "erfc"),
    ];

    fn implementation(self) -> (Func, &'static str, &'static str) {
        *Self::IMPLEMENTATIONS
            .iter()
            .find(|f| f.0 == self)
            .expect("every function is in the table")
    }

    /// The f64 method implementing the function.
    pub fn method(self) -> &'static str {
        self.implementation().1
    }

    /// A scalar call of the function in Rust: `f64::method(args)`, or the runtime's libm where
    /// `f64` has no method.
    pub fn rust_call(self, args: Vec<proc_macro2::TokenStream>) -> proc_macro2::TokenStream {
        let rt = crate::runtime_path();
        match self {
            Func::Erfc => return quote::quote!(#rt::__private::erfc(#(#args),*)),
            // `draws`: the stream of the spike a synapse rule handles.
            Func::Uniform => return quote::quote!(draws.uniform()),
            Func::Binomial => return quote::quote!(#rt::plastic::binomial(&mut draws, #(#args),*)),
            _ => {}
        }
        let m = quote::format_ident!("{}", self.method());
        quote::quote!(f64::#m(#(#args),*))
    }

    /// The C (CUDA and host libm) function implementing it.
    pub fn c_name(self) -> &'static str {
        self.implementation().2
    }

    pub fn arity(self) -> usize {
        match self {
            Func::Uniform => 0,
            Func::Min | Func::Max | Func::Pow | Func::Copysign | Func::Binomial => 2,
            _ => 1,
        }
    }
    /// Whether the function draws random numbers (synapse rules only).
    pub fn draws(self) -> bool {
        matches!(self, Func::Uniform | Func::Binomial)
    }

    pub fn apply(self, a: &[f64]) -> f64 {
        match self {
            Func::Exp => a[0].exp(),
            Func::Expm1 => a[0].exp_m1(),
            Func::Ln => a[0].ln(),
            Func::Log10 => a[0].log10(),
            Func::Log1p => a[0].ln_1p(),
            Func::Sin => a[0].sin(),
            Func::Cos => a[0].cos(),
            Func::Tan => a[0].tan(),
            Func::Sinh => a[0].sinh(),
            Func::Cosh => a[0].cosh(),
            Func::Tanh => a[0].tanh(),
            Func::Atan => a[0].atan(),
            Func::Sqrt => a[0].sqrt(),
            Func::Abs => a[0].abs(),
            Func::Min => a[0].min(a[1]),
            Func::Max => a[0].max(a[1]),
            Func::Pow => a[0].powf(a[1]),
            Func::Copysign => a[0].copysign(a[1]),
            Func::Erfc => libm::erfc(a[0]),
            // Draws have no value at compile time.
            Func::Uniform | Func::Binomial => f64::NAN,
        }
    }
}

/// A resolved, unit-converted expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ir {
    Num(f64),
    Param(usize),
    State(usize),
    Current(usize),
    /// The weight of the spike being routed (spike jump rules only).
    Weight,
    /// The resolution h in ms.
    H,
    Neg(Box<Ir>),
    Bin(Op, Box<Ir>, Box<Ir>),
    Call(Func, Vec<Ir>),
    /// Multiply by 10^k (emitted as an exact `* 1eK` or `/ 1eK`; k = 0 never appears).
    Scale(i32, Box<Ir>),
    /// An auxiliary definition (`let` in the equations block), by index.
    Alias(usize),
    /// A state variable's value at the start of the step (`old(x)`, thresholds only).
    Old(usize),
    /// The summed input of this step on spike port `k` (update rules only).
    Summed(usize),
    /// `if cond { a } else { b }`.
    Select(Box<Cond>, Box<Ir>, Box<Ir>),
}

/// A condition of a selection.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// The neuron is refractory.
    Refractory,
    /// The presynaptic spike is the first through the synapse (`synapse!` rules only).
    First,
    /// A comparison.
    Cmp(Cmp, Ir, Ir),
}

impl Ir {
    pub fn bin(op: Op, a: Ir, b: Ir) -> Ir {
        Ir::Bin(op, Box::new(a), Box::new(b))
    }

    pub fn scaled(k: i32, e: Ir) -> Ir {
        if k == 0 { e } else { Ir::Scale(k, Box::new(e)) }
    }

    /// Whether the expression mentions anything `pred` selects.
    pub fn mentions(&self, pred: &dyn Fn(&Ir) -> bool) -> bool {
        if pred(self) {
            return true;
        }
        match self {
            Ir::Neg(a) | Ir::Scale(_, a) => a.mentions(pred),
            Ir::Bin(_, a, b) => a.mentions(pred) || b.mentions(pred),
            Ir::Call(_, args) => args.iter().any(|a| a.mentions(pred)),
            Ir::Select(c, a, b) => {
                a.mentions(pred)
                    || b.mentions(pred)
                    || match &**c {
                        Cond::Refractory | Cond::First => false,
                        Cond::Cmp(_, l, r) => l.mentions(pred) || r.mentions(pred),
                    }
            }
            _ => false,
        }
    }

    /// Evaluates an expression made only of numbers (None if it refers to anything else).
    pub fn eval_const(&self) -> Option<f64> {
        Some(match self {
            Ir::Num(v) => *v,
            Ir::Neg(a) => -a.eval_const()?,
            Ir::Scale(k, a) => apply_scale(*k, a.eval_const()?),
            Ir::Bin(op, a, b) => {
                let (a, b) = (a.eval_const()?, b.eval_const()?);
                match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                }
            }
            Ir::Call(f, args) => {
                let v = args
                    .iter()
                    .map(Ir::eval_const)
                    .collect::<Option<Vec<_>>>()?;
                f.apply(&v)
            }
            _ => return None,
        })
    }
}

/// `v · 10^k` with an exact power of ten (division for negative k).
pub fn apply_scale(k: i32, v: f64) -> f64 {
    let p = 10f64.powi(k.abs());
    if k >= 0 { v * p } else { v / p }
}
