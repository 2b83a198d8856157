//! The Siegert transfer function: the stationary firing rate of a leaky integrate-and-fire
//! neuron driven by white noise of mean `mu` and variance `sigma2` (Siegert 1951; Brunel 2000,
//! eq. 21), with the threshold and reset shifted for synaptic filtering (Fourcaud & Brunel
//! 2002), as siegert_neuron computes it (models/siegert_neuron.cpp):
//!
//! `1/nu = t_ref + tau_m sqrt(pi) ∫_{y_r}^{y_th} e^{u²} (1 + erf u) du`, with
//! `y = (V - mu)/sigma + (alpha/2) sqrt(tau_syn/tau_m)` and `alpha = sqrt(2) |zeta(1/2)|`.
//!
//! The integral is rewritten, as NEST does, with the scaled complementary error function
//! `erfcx(x) = e^{x²} erfc(x)` and Dawson's integral so that no term overflows; the remaining
//! integral of `erfcx` is evaluated by adaptive Gauss–Legendre quadrature to about 1e-14
//! relative, well below the tolerance of NEST's `gsl_integration_qags` (1.49e-8), so that the
//! two agree to the accuracy of NEST's own integral (see [`erfcx`] for where they part).

use std::sync::OnceLock;

/// `sqrt(2) |zeta(1/2)|`: the threshold shift of colored noise (Fourcaud & Brunel 2002).
#[allow(clippy::excessive_precision)]
const ALPHA: f64 = 2.0652531522312172;

/// Rate in spikes/s for drift `mu` (mV) and diffusion `sigma2` (mV²); times in ms, potentials
/// relative to rest in mV. Exactly 0 when the threshold is more than six standard deviations
/// above the mean (NEST's cut-off). NaN when `sigma2` is negative, or zero with `mu` at or
/// above the threshold (there NEST's integration routine aborts the process).
pub fn transfer(
    mu: f64,
    sigma2: f64,
    theta: f64,
    v_reset: f64,
    tau_m: f64,
    tau_syn: f64,
    t_ref: f64,
) -> f64 {
    let sigma = sigma2.sqrt();
    if theta - mu > 6.0 * sigma {
        return 0.0;
    }
    if sigma.is_nan() || sigma == 0.0 {
        return f64::NAN;
    }
    let shift = ALPHA / 2.0 * (tau_syn / tau_m).sqrt();
    let y_th = (theta - mu) / sigma + shift;
    let y_r = (v_reset - mu) / sigma + shift;
    let sqrt_pi = std::f64::consts::PI.sqrt();
    if y_r > 0.0 {
        let q = integral(y_r, y_th);
        let i = 2.0 * dawson(y_th)
            - 2.0 * (y_r * y_r - y_th * y_th).exp() * dawson(y_r)
            - (-y_th * y_th).exp() * q;
        1e3 * (-y_th * y_th).exp() / ((-y_th * y_th).exp() * t_ref + tau_m * sqrt_pi * i)
    } else if y_th < 0.0 {
        let q = integral(-y_th, -y_r);
        1e3 * 1.0 / (t_ref + tau_m * sqrt_pi * q)
    } else {
        let q = integral(y_th, -y_r);
        let i = 2.0 * dawson(y_th) + (-y_th * y_th).exp() * q;
        1e3 * (-y_th * y_th).exp() / ((-y_th * y_th).exp() * t_ref + tau_m * sqrt_pi * i)
    }
}

/// `erfcx(x) = e^{x²} erfc(x)`. Up to x = 8 evaluated as NEST's integrand is,
/// `exp(x² + ln erfc(x))`; above, by the rational approximation of `e^{x²} erfc(x)` that GSL's
/// `gsl_sf_log_erfc` uses there (Hart et al., Computer Approximations, no. 5725), taken
/// directly: NEST exponentiates `x² + (ln R(x) - x²)`, which adds rounding noise of about
/// 1e-16 x² to every value, so for |y| beyond ~1e4 (sigma2 below ~1e-6 mV²) its rate differs from
/// this one by up to a few 1e-9.
// The coefficients as published; they round to the same doubles as GSL's.
#[allow(clippy::excessive_precision)]
pub fn erfcx(x: f64) -> f64 {
    if x > 8.0 {
        const P: [f64; 6] = [
            2.978_865_626_393_992_888_62,
            7.409_740_605_964_741_794_425,
            6.160_209_853_109_630_544_090_6,
            5.019_049_726_784_267_463_450_058,
            1.275_366_644_729_965_952_479_585_264,
            0.564_189_583_547_755_074_125_320_170_4,
        ];
        const Q: [f64; 7] = [
            3.369_075_206_982_752_767_7,
            9.608_965_327_192_787_870_698,
            17.081_440_747_466_004_315_710_95,
            12.048_951_927_855_129_036_034_049_1,
            9.396_034_016_235_054_150_430_579_648,
            2.260_528_520_767_326_969_591_866_945,
            1.0,
        ];
        let num = P.iter().rev().fold(0.0, |acc, &p| x * acc + p);
        let den = Q.iter().rev().fold(0.0, |acc, &q| x * acc + q);
        num / den
    } else {
        (x * x + libm::erfc(x).ln()).exp()
    }
}

/// Dawson's integral `D(x) = e^{-x²} ∫_0^x e^{t²} dt`, for any real x (odd function).
pub fn dawson(x: f64) -> f64 {
    if x < 0.0 {
        return -dawson(-x);
    }
    if x > 50.0 {
        // D(x) = 1/(2x) Σ_k (2k-1)!! / (2x²)^k, asymptotically; terms fall by (2k+1)/(2x²).
        let r = 1.0 / (2.0 * x * x);
        let (mut term, mut sum) = (1.0, 1.0);
        for k in 1..30 {
            term *= (2 * k - 1) as f64 * r;
            sum += term;
            if term < 1e-17 * sum {
                break;
            }
        }
        return sum / (2.0 * x);
    }
    // ∫_0^x e^{t² - x²} dt with u = x - t: ∫_0^x e^{-u (2x - u)} du, bounded by 1.
    adaptive(&|u: f64| (-u * (2.0 * x - u)).exp(), 0.0, x)
}

/// `∫_a^b erfcx(x) dx` (negative when b < a).
fn integral(a: f64, b: f64) -> f64 {
    if b < a {
        return -adaptive(&erfcx, b, a);
    }
    adaptive(&erfcx, a, b)
}

/// Nodes and weights of the 20-point Gauss–Legendre rule on [-1, 1], by Newton's method on the
/// Legendre polynomial.
fn gauss_legendre() -> &'static [(f64, f64)] {
    static RULE: OnceLock<Vec<(f64, f64)>> = OnceLock::new();
    RULE.get_or_init(|| {
        const N: usize = 20;
        let mut rule = Vec::with_capacity(N);
        for i in 0..N {
            let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (N as f64 + 0.5)).cos();
            let mut dp = 0.0;
            for _ in 0..100 {
                // P_N(x) and its derivative by the three-term recurrence.
                let (mut p0, mut p1) = (1.0, x);
                for k in 2..=N {
                    let p2 = ((2 * k - 1) as f64 * x * p1 - (k - 1) as f64 * p0) / k as f64;
                    p0 = p1;
                    p1 = p2;
                }
                dp = N as f64 * (x * p1 - p0) / (x * x - 1.0);
                let dx = p1 / dp;
                x -= dx;
                if dx.abs() < 1e-17 {
                    break;
                }
            }
            rule.push((x, 2.0 / ((1.0 - x * x) * dp * dp)));
        }
        rule
    })
}

fn gl(f: &dyn Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    let (c, r) = (0.5 * (a + b), 0.5 * (b - a));
    r * gauss_legendre()
        .iter()
        .map(|&(x, w)| w * f(c + r * x))
        .sum::<f64>()
}

/// Adaptive Gauss–Legendre quadrature: an interval is accepted when its rule agrees with the
/// sum over its halves to its share of 1e-14 of the whole integral, or to rounding.
fn adaptive(f: &dyn Fn(f64) -> f64, a: f64, b: f64) -> f64 {
    if a == b {
        return 0.0;
    }
    let whole = gl(f, a, b);
    let tol = 1e-14 * whole.abs().max(f64::MIN_POSITIVE);
    let mut total = 0.0;
    let mut stack = vec![(a, b, whole, 0u32)];
    while let Some((lo, hi, est, depth)) = stack.pop() {
        let mid = 0.5 * (lo + hi);
        let (left, right) = (gl(f, lo, mid), gl(f, mid, hi));
        let refined = left + right;
        let diff = (refined - est).abs();
        // Accept at the tolerance share of this interval, or once the rules differ only by
        // the rounding of the integrand.
        if diff <= tol * (hi - lo) / (b - a)
            || diff <= 1e-13 * (left.abs() + right.abs())
            || depth >= 30
            || !refined.is_finite()
        {
            total += refined;
        } else {
            stack.push((lo, mid, left, depth + 1));
            stack.push((mid, hi, right, depth + 1));
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_legendre_integrates_polynomials_exactly() {
        let s: f64 = gauss_legendre().iter().map(|w| w.1).sum();
        assert!((s - 2.0).abs() < 1e-14);
        let x38 = gl(&|x: f64| x.powi(38), -1.0, 1.0);
        assert!((x38 - 2.0 / 39.0).abs() < 1e-15);
    }

    #[test]
    fn dawson_matches_known_values() {
        // Maximum of D at x = 0.9241388730..., D = 0.5410442246...
        assert!((dawson(0.924_138_873_004_591_8) - 0.541_044_224_635_181_1).abs() < 1e-15);
        assert!((dawson(1.0) - 0.538_079_506_912_768_4).abs() < 1e-15);
        // Both forms agree where they meet: the integral at x = 50 and the asymptotic series
        // just above, corrected by the slope D'(x) = 1 - 2 x D(x).
        let (x0, dx) = (50.0, 1e-9);
        let below = dawson(x0);
        let above = dawson(x0 + dx) - (1.0 - 2.0 * x0 * below) * dx;
        assert!((below - above).abs() < 1e-13 * below, "{below} {above}");
    }

    #[test]
    fn erfcx_is_continuous_at_the_switch() {
        let (a, b) = (erfcx(8.0), erfcx(8.000_000_000_001));
        assert!((a - b).abs() < 1e-12 * a, "{a} {b}");
        assert!((erfcx(0.0) - 1.0).abs() < 1e-16);
    }

    #[test]
    fn cut_off_and_noise_free_limit() {
        assert_eq!(transfer(0.0, 1.0, 15.0, 0.0, 5.0, 0.0, 2.0), 0.0);
        // sigma → 0 above threshold: 1e3 / (t_ref + tau_m ln((mu - V_r)/(mu - theta))).
        let nu = transfer(20.0, 1e-6, 15.0, 0.0, 5.0, 0.0, 2.0);
        let limit = 1e3 / (2.0 + 5.0 * (20.0_f64 / 5.0).ln());
        assert!((nu - limit).abs() < 1e-3 * limit, "{nu} vs {limit}");
        assert!(transfer(20.0, -1.0, 15.0, 0.0, 5.0, 0.0, 2.0).is_nan());
    }
}
