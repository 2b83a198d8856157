//! Four neurons side by side: the value type of the SIMD path of RKF45 models.
//!
//! [`Lanes`] holds one `f64` per neuron. Its arithmetic is element-wise IEEE arithmetic, so a
//! lane computes exactly what the scalar kernel computes for that neuron, bit for bit; the
//! compiler turns the element-wise loops into vector instructions (AVX2 where the CPU has it,
//! chosen at run time by the generated code). Mathematical functions call the same scalar
//! libm function per lane, as the scalar kernel does. Conditions that differ between neurons
//! become [`Mask`]s and [`Lanes::select`]; conditions on parameters stay ordinary branches
//! while the four neurons share one parameter set.
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Neurons per [`Lanes`] value (four doubles fill one AVX2 register).
pub const LANES: usize = 4;

/// One `f64` per lane.
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C, align(32))]
pub struct Lanes(pub [f64; LANES]);

/// One condition per lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mask(pub [bool; LANES]);

impl Lanes {
    /// The same value in every lane.
    #[inline(always)]
    pub fn splat(v: f64) -> Lanes {
        Lanes([v; LANES])
    }

    #[inline(always)]
    fn map(self, f: impl Fn(f64) -> f64) -> Lanes {
        let mut out = self.0;
        for v in &mut out {
            *v = f(*v);
        }
        Lanes(out)
    }

    #[inline(always)]
    fn zip(self, other: Lanes, f: impl Fn(f64, f64) -> f64) -> Lanes {
        let mut out = self.0;
        for (v, o) in out.iter_mut().zip(other.0) {
            *v = f(*v, o);
        }
        Lanes(out)
    }

    #[inline(always)]
    fn compare(self, other: Lanes, f: impl Fn(f64, f64) -> bool) -> Mask {
        let mut out = [false; LANES];
        for (l, m) in out.iter_mut().enumerate() {
            *m = f(self.0[l], other.0[l]);
        }
        Mask(out)
    }

    /// `a` where `mask` holds, `b` elsewhere.
    #[inline(always)]
    pub fn select(mask: Mask, a: Lanes, b: Lanes) -> Lanes {
        let mut out = b.0;
        for (l, v) in out.iter_mut().enumerate() {
            if mask.0[l] {
                *v = a.0[l];
            }
        }
        Lanes(out)
    }

    /// Lane-wise `<`.
    #[inline(always)]
    pub fn lt(self, other: Lanes) -> Mask {
        self.compare(other, |a, b| a < b)
    }
    /// Lane-wise `<=`.
    #[inline(always)]
    pub fn le(self, other: Lanes) -> Mask {
        self.compare(other, |a, b| a <= b)
    }
    /// Lane-wise `>`.
    #[inline(always)]
    pub fn gt(self, other: Lanes) -> Mask {
        self.compare(other, |a, b| a > b)
    }
    /// Lane-wise `>=`.
    #[inline(always)]
    pub fn ge(self, other: Lanes) -> Mask {
        self.compare(other, |a, b| a >= b)
    }

    /// Lane-wise [`f64::abs`].
    #[inline(always)]
    pub fn abs(self) -> Lanes {
        self.map(f64::abs)
    }
    /// Lane-wise [`f64::min`].
    #[inline(always)]
    pub fn min(self, other: Lanes) -> Lanes {
        self.zip(other, f64::min)
    }
    /// Lane-wise [`f64::max`].
    #[inline(always)]
    pub fn max(self, other: Lanes) -> Lanes {
        self.zip(other, f64::max)
    }
    /// Lane-wise [`f64::powf`].
    #[inline(always)]
    pub fn powf(self, other: Lanes) -> Lanes {
        self.zip(other, f64::powf)
    }
    /// Lane-wise [`f64::copysign`].
    #[inline(always)]
    pub fn copysign(self, sign: Lanes) -> Lanes {
        self.zip(sign, f64::copysign)
    }
    /// Lane-wise [`f64::sqrt`].
    #[inline(always)]
    pub fn sqrt(self) -> Lanes {
        self.map(f64::sqrt)
    }
}

/// The remaining functions of model expressions: the scalar libm function in every lane.
macro_rules! per_lane {
    ($($f:ident),*) => {
        impl Lanes {
            $(
                #[doc = concat!("Lane-wise [`f64::", stringify!($f), "`].")]
                #[inline(always)]
                pub fn $f(self) -> Lanes {
                    self.map(f64::$f)
                }
            )*
        }
    };
}
per_lane!(
    exp, exp_m1, ln, log10, ln_1p, sin, cos, tan, sinh, cosh, tanh, atan
);

impl Lanes {
    /// Lane-wise complementary error function (libm's `erfc`).
    #[inline(always)]
    pub fn erfc(self) -> Lanes {
        self.map(libm::erfc)
    }
}

macro_rules! binary {
    ($($tr:ident $f:ident $op:tt),*) => {$(
        impl $tr for Lanes {
            type Output = Lanes;
            #[inline(always)]
            fn $f(self, o: Lanes) -> Lanes {
                self.zip(o, |a, b| a $op b)
            }
        }
        impl $tr<f64> for Lanes {
            type Output = Lanes;
            #[inline(always)]
            fn $f(self, o: f64) -> Lanes {
                self.map(|a| a $op o)
            }
        }
        impl $tr<Lanes> for f64 {
            type Output = Lanes;
            #[inline(always)]
            fn $f(self, o: Lanes) -> Lanes {
                o.map(|b| self $op b)
            }
        }
    )*};
}
binary!(Add add +, Sub sub -, Mul mul *, Div div /);

impl Neg for Lanes {
    type Output = Lanes;
    #[inline(always)]
    fn neg(self) -> Lanes {
        self.map(|a| -a)
    }
}

/// The arithmetic the RKF45 stepper needs, for one neuron (`f64`) or four ([`Lanes`]), so
/// that both run the same code.
pub trait Real:
    Copy
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    /// A constant in every lane.
    fn splat(v: f64) -> Self;
    /// Absolute value.
    fn abs(self) -> Self;
    /// GSL's `GSL_MAX_DBL(r, self)`: `r` where `r > self`, else `self` (so a NaN `r` leaves
    /// `self` unchanged).
    fn max_gsl(self, r: Self) -> Self;
}

impl Real for f64 {
    #[inline(always)]
    fn splat(v: f64) -> f64 {
        v
    }
    #[inline(always)]
    fn abs(self) -> f64 {
        f64::abs(self)
    }
    #[inline(always)]
    fn max_gsl(self, r: f64) -> f64 {
        if r > self { r } else { self }
    }
}

impl Real for Lanes {
    #[inline(always)]
    fn splat(v: f64) -> Lanes {
        Lanes::splat(v)
    }
    #[inline(always)]
    fn abs(self) -> Lanes {
        Lanes::abs(self)
    }
    #[inline(always)]
    fn max_gsl(self, r: Lanes) -> Lanes {
        self.zip(r, <f64 as Real>::max_gsl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_compute_what_each_scalar_computes() {
        let a = Lanes([1.5, -0.25, 1e-300, f64::NAN]);
        let b = Lanes([3.0, 7.0, -2.0, 1.0]);
        let same = |l: Lanes, f: &dyn Fn(f64, f64) -> f64| {
            for i in 0..LANES {
                assert_eq!(l.0[i].to_bits(), f(a.0[i], b.0[i]).to_bits(), "lane {i}");
            }
        };
        same(a + b, &|x, y| x + y);
        same(a - b, &|x, y| x - y);
        same(a * b, &|x, y| x * y);
        same(a / b, &|x, y| x / y);
        same(a * 3.0, &|x, _| x * 3.0);
        same(3.0 - a, &|x, _| 3.0 - x);
        same(-a, &|x, _| -x);
        same(a.exp(), &|x, _| x.exp());
        same(a.min(b), &|x, y| x.min(y));
        same(a.powf(b), &|x, y| x.powf(y));
        same(Real::max_gsl(b, a), &|x, y| if x > y { x } else { y });
        let m = a.gt(b);
        assert_eq!(m, Mask([false, false, true, false]));
        same(Lanes::select(m, a, b), &|x, y| if x > y { x } else { y });
    }
}
