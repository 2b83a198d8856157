//! Embedded Runge–Kutta–Fehlberg 4(5) with GSL's standard step-size control, reproducing GSL's
//! `gsl_odeiv_step_rkf45`, `gsl_odeiv_control_standard` and `gsl_odeiv_evolve_apply` (the old
//! `ode-initval` API NEST uses) operation for operation, so that step acceptance decisions and
//! the step size carried from one NEST step to the next are the same.
//!
//! Coefficients are written as the same quotients as in GSL (ode-initval/rkf45.c) so they round
//! to the same doubles; every sum keeps GSL's left-to-right order; no fused multiply-add.

/// GSL's standard control: `D_i = eps_rel · (a_y |y_i| + a_dydt |h y'_i|) + eps_abs`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Control {
    /// Absolute tolerance.
    pub eps_abs: f64,
    /// Relative tolerance.
    pub eps_rel: f64,
    /// Weight of the state in the relative tolerance.
    pub a_y: f64,
    /// Weight of the derivative in the relative tolerance.
    pub a_dydt: f64,
}

const AH: [f64; 5] = [1.0 / 4.0, 3.0 / 8.0, 12.0 / 13.0, 1.0, 1.0 / 2.0];
const B3: [f64; 2] = [3.0 / 32.0, 9.0 / 32.0];
const B4: [f64; 3] = [1932.0 / 2197.0, -7200.0 / 2197.0, 7296.0 / 2197.0];
const B5: [f64; 4] = [
    8341.0 / 4104.0,
    -32832.0 / 4104.0,
    29440.0 / 4104.0,
    -845.0 / 4104.0,
];
const B6: [f64; 5] = [
    -6080.0 / 20520.0,
    41040.0 / 20520.0,
    -28352.0 / 20520.0,
    9295.0 / 20520.0,
    -5643.0 / 20520.0,
];
const C1: f64 = 902880.0 / 7618050.0;
const C3: f64 = 3953664.0 / 7618050.0;
const C4: f64 = 3855735.0 / 7618050.0;
const C5: f64 = -1371249.0 / 7618050.0;
const C6: f64 = 277020.0 / 7618050.0;
const EC: [f64; 7] = [
    0.0,
    1.0 / 360.0,
    0.0,
    -128.0 / 4275.0,
    -2197.0 / 75240.0,
    1.0 / 50.0,
    2.0 / 55.0,
];
/// The stepper's order as GSL reports it (used by the control).
const ORDER: f64 = 5.0;

/// One RKF45 step of size `h` from `y` (derivative `k1` there). Returns the new state, the
/// error estimate and the derivative at the new state.
#[inline]
fn step<const N: usize>(
    f: &mut impl FnMut(&[f64; N]) -> [f64; N],
    y: &[f64; N],
    h: f64,
    k1: &[f64; N],
) -> ([f64; N], [f64; N], [f64; N]) {
    let mut yt = [0.0; N];
    for i in 0..N {
        yt[i] = y[i] + AH[0] * h * k1[i];
    }
    let k2 = f(&yt);
    for i in 0..N {
        yt[i] = y[i] + h * (B3[0] * k1[i] + B3[1] * k2[i]);
    }
    let k3 = f(&yt);
    for i in 0..N {
        yt[i] = y[i] + h * (B4[0] * k1[i] + B4[1] * k2[i] + B4[2] * k3[i]);
    }
    let k4 = f(&yt);
    for i in 0..N {
        yt[i] = y[i] + h * (B5[0] * k1[i] + B5[1] * k2[i] + B5[2] * k3[i] + B5[3] * k4[i]);
    }
    let k5 = f(&yt);
    for i in 0..N {
        yt[i] = y[i]
            + h * (B6[0] * k1[i] + B6[1] * k2[i] + B6[2] * k3[i] + B6[3] * k4[i] + B6[4] * k5[i]);
    }
    let k6 = f(&yt);
    let mut out = *y;
    for i in 0..N {
        let d = C1 * k1[i] + C3 * k3[i] + C4 * k4[i] + C5 * k5[i] + C6 * k6[i];
        out[i] += h * d;
    }
    let dydt_out = f(&out);
    let mut err = [0.0; N];
    for i in 0..N {
        err[i] =
            h * (EC[1] * k1[i] + EC[3] * k3[i] + EC[4] * k4[i] + EC[5] * k5[i] + EC[6] * k6[i]);
    }
    (out, err, dydt_out)
}

/// How the control judged a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Adjust {
    Decrease,
    Increase,
    Keep,
}

// GSL's two separate bounds are kept as written rather than as `clamp`.
#[allow(clippy::manual_clamp)]
fn hadjust<const N: usize>(
    c: &Control,
    y: &[f64; N],
    yerr: &[f64; N],
    yp: &[f64; N],
    h: &mut f64,
) -> Adjust {
    let h_old = *h;
    let mut rmax = f64::MIN_POSITIVE;
    for i in 0..N {
        let d0 = c.eps_rel * (c.a_y * y[i].abs() + c.a_dydt * (h_old * yp[i]).abs()) + c.eps_abs;
        let r = yerr[i].abs() / d0.abs();
        // GSL_MAX_DBL(r, rmax): a NaN ratio leaves rmax unchanged.
        rmax = if r > rmax { r } else { rmax };
    }
    if rmax > 1.1 {
        let mut r = 0.9 / rmax.powf(1.0 / ORDER);
        if r < 0.2 {
            r = 0.2;
        }
        *h = r * h_old;
        Adjust::Decrease
    } else if rmax < 0.5 {
        let mut r = 0.9 / rmax.powf(1.0 / (ORDER + 1.0));
        if r > 5.0 {
            r = 5.0;
        }
        if r < 1.0 {
            r = 1.0;
        }
        *h = r * h_old;
        Adjust::Increase
    } else {
        Adjust::Keep
    }
}

/// One call of `gsl_odeiv_evolve_apply`: one accepted step (after any rejected tries) from `*t`
/// towards `t1`. Updates `y`, `*t` and the suggested step `*h` exactly as GSL does.
///
/// GSL evaluates `f(y)` at the start of every call; the previous call's accepted step already
/// computed it at its end. `last` holds `(y, f(y))` of that step and is used instead when `y` is
/// still that state bit for bit (the caller clears it when the right-hand side itself changes,
/// e.g. when refractoriness starts); it is updated here. `&mut None` always evaluates, as GSL
/// does; the results are the same bit for bit either way.
pub fn evolve_apply<const N: usize>(
    f: &mut impl FnMut(&[f64; N]) -> [f64; N],
    control: &Control,
    t: &mut f64,
    t1: f64,
    h: &mut f64,
    y: &mut [f64; N],
    last: &mut Option<([f64; N], [f64; N])>,
) {
    let t0 = *t;
    let mut h0 = *h;
    let dt = t1 - t0;
    let y0 = *y;
    let dydt_in = match last {
        Some((ly, ld))
            if ly
                .iter()
                .zip(y.iter())
                .all(|(a, b)| a.to_bits() == b.to_bits()) =>
        {
            *ld
        }
        _ => f(y),
    };
    loop {
        let final_step = if h0 > dt {
            h0 = dt;
            true
        } else {
            false
        };
        let (new_y, yerr, dydt_out) = step(f, &y0, h0, &dydt_in);
        *y = new_y;
        *t = if final_step { t1 } else { t0 + h0 };
        let h_old = h0;
        if hadjust(control, y, &yerr, &dydt_out, &mut h0) == Adjust::Decrease {
            let t_curr = *t;
            let t_next = *t + h0;
            if h0.abs() < h_old.abs() && t_next != t_curr {
                *y = y0;
                continue;
            }
            h0 = h_old;
        }
        *h = h0;
        *last = Some((*y, dydt_out));
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponential_decay_is_accurate_and_steps_grow() {
        let c = Control {
            eps_abs: 1e-9,
            eps_rel: 0.0,
            a_y: 1.0,
            a_dydt: 0.0,
        };
        let mut f = |y: &[f64; 1]| [-y[0]];
        let (mut t, mut h, mut y) = (0.0, 1e-3, [1.0]);
        let mut calls = 0;
        while t < 1.0 {
            evolve_apply(&mut f, &c, &mut t, 1.0, &mut h, &mut y, &mut None);
            calls += 1;
        }
        assert_eq!(t, 1.0);
        assert!((y[0] - (-1.0_f64).exp()).abs() < 1e-8, "{}", y[0]);
        assert!(calls < 40, "{calls} sub-steps");
    }

    #[test]
    fn rejected_steps_restart_from_the_saved_state() {
        // A stiff-ish decay with a too-large first step must be rejected and retried.
        let c = Control {
            eps_abs: 1e-6,
            eps_rel: 1e-6,
            a_y: 0.0,
            a_dydt: 1.0,
        };
        let mut f = |y: &[f64; 2]| [-50.0 * y[0], -y[1]];
        let (mut t, mut h, mut y) = (0.0, 0.5, [1.0, 1.0]);
        evolve_apply(&mut f, &c, &mut t, 0.5, &mut h, &mut y, &mut None);
        assert!(t < 0.5, "the first try must have been rejected: t = {t}");
        assert!((y[0] - (-50.0 * t).exp()).abs() < 1e-5);
    }

    #[test]
    fn reusing_the_last_derivative_changes_nothing() {
        let c = Control {
            eps_abs: 1e-8,
            eps_rel: 1e-8,
            a_y: 1.0,
            a_dydt: 0.0,
        };
        let mut calls = [0usize; 2];
        let run = |reuse: bool, calls: &mut usize| {
            let mut f = |y: &[f64; 2]| {
                *calls += 1;
                [y[1], -y[0] - 0.1 * y[1].powi(3)]
            };
            let (mut t, mut h, mut y) = (0.0, 0.01, [1.0, 0.0]);
            let mut last = None;
            let mut path = Vec::new();
            while t < 5.0 {
                if reuse {
                    evolve_apply(&mut f, &c, &mut t, 5.0, &mut h, &mut y, &mut last);
                } else {
                    evolve_apply(&mut f, &c, &mut t, 5.0, &mut h, &mut y, &mut None);
                }
                path.push((t.to_bits(), h.to_bits(), y.map(f64::to_bits)));
            }
            path
        };
        let plain = run(false, &mut calls[0]);
        let reused = run(true, &mut calls[1]);
        assert_eq!(plain, reused);
        // One derivative fewer per accepted step after the first.
        assert_eq!(calls[0] - calls[1], plain.len() - 1, "{calls:?}");
    }

    #[test]
    fn coefficients_are_gsl_quotients() {
        assert_eq!(C1, 16.0 / 135.0);
        assert_eq!(C6, 2.0 / 55.0);
        assert_eq!(B6[4], -5643.0 / 20520.0);
        // 5th minus 4th order weights sum to zero.
        assert!(EC.iter().sum::<f64>().abs() < 1e-16);
    }
}
