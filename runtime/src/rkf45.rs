//! Embedded Runge–Kutta–Fehlberg 4(5) with GSL's standard step-size control, reproducing GSL's
//! `gsl_odeiv_step_rkf45`, `gsl_odeiv_control_standard` and `gsl_odeiv_evolve_apply` (the old
//! `ode-initval` API NEST uses) operation for operation, so that step acceptance decisions and
//! the step size carried from one NEST step to the next are the same.
//!
//! Coefficients are written as the same quotients as in GSL (ode-initval/rkf45.c) so they round
//! to the same doubles; every sum keeps GSL's left-to-right order; no fused multiply-add.
//!
//! [`evolve_apply_lanes`] runs the same call for four neurons at once, each with its own time,
//! step size and rejections: lanes are computed together and written only where they belong.
use crate::lanes::{LANES, Lanes, Real};

/// GSL's standard control: `D_i = eps_rel · (a_y |y_i| + a_dydt |h y'_i|) + eps_abs`, with
/// its settings for one neuron (`f64`, [`Control`]) or one per lane ([`Lanes`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerances<T> {
    /// Absolute tolerance.
    pub eps_abs: T,
    /// Relative tolerance.
    pub eps_rel: T,
    /// Weight of the state in the relative tolerance.
    pub a_y: T,
    /// Weight of the derivative in the relative tolerance.
    pub a_dydt: T,
}

/// The control settings of one neuron.
pub type Control = Tolerances<f64>;

impl Tolerances<Lanes> {
    /// Lane `l` takes its settings from `c`.
    #[inline(always)]
    pub fn set_lane(&mut self, l: usize, c: &Control) {
        self.eps_abs.0[l] = c.eps_abs;
        self.eps_rel.0[l] = c.eps_rel;
        self.a_y.0[l] = c.a_y;
        self.a_dydt.0[l] = c.a_dydt;
    }
}

impl Default for Tolerances<Lanes> {
    fn default() -> Self {
        let zero = Lanes::splat(0.0);
        Tolerances {
            eps_abs: zero,
            eps_rel: zero,
            a_y: zero,
            a_dydt: zero,
        }
    }
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
/// error estimate and the derivative at the new state. Generic over one neuron (`f64`) or
/// several side by side ([`Lanes`]), each with its own `h`.
#[inline(always)]
fn step<T: Real, const N: usize>(
    f: &mut impl FnMut(&[T; N]) -> [T; N],
    y: &[T; N],
    h: T,
    k1: &[T; N],
) -> ([T; N], [T; N], [T; N]) {
    let c = T::splat;
    let mut yt = *y;
    for i in 0..N {
        yt[i] = y[i] + c(AH[0]) * h * k1[i];
    }
    let k2 = f(&yt);
    for i in 0..N {
        yt[i] = y[i] + h * (c(B3[0]) * k1[i] + c(B3[1]) * k2[i]);
    }
    let k3 = f(&yt);
    for i in 0..N {
        yt[i] = y[i] + h * (c(B4[0]) * k1[i] + c(B4[1]) * k2[i] + c(B4[2]) * k3[i]);
    }
    let k4 = f(&yt);
    for i in 0..N {
        yt[i] =
            y[i] + h * (c(B5[0]) * k1[i] + c(B5[1]) * k2[i] + c(B5[2]) * k3[i] + c(B5[3]) * k4[i]);
    }
    let k5 = f(&yt);
    for i in 0..N {
        yt[i] = y[i]
            + h * (c(B6[0]) * k1[i]
                + c(B6[1]) * k2[i]
                + c(B6[2]) * k3[i]
                + c(B6[3]) * k4[i]
                + c(B6[4]) * k5[i]);
    }
    let k6 = f(&yt);
    let mut out = *y;
    for i in 0..N {
        let d = c(C1) * k1[i] + c(C3) * k3[i] + c(C4) * k4[i] + c(C5) * k5[i] + c(C6) * k6[i];
        out[i] = out[i] + h * d;
    }
    let dydt_out = f(&out);
    let mut err = *y;
    for i in 0..N {
        err[i] = h
            * (c(EC[1]) * k1[i]
                + c(EC[3]) * k3[i]
                + c(EC[4]) * k4[i]
                + c(EC[5]) * k5[i]
                + c(EC[6]) * k6[i]);
    }
    (out, err, dydt_out)
}

/// The largest ratio of error to tolerance over the state variables (GSL's `rmax`), per
/// lane.
#[inline(always)]
fn max_ratio<T: Real, const N: usize>(
    c: &Tolerances<T>,
    y: &[T; N],
    yerr: &[T; N],
    yp: &[T; N],
    h: T,
) -> T {
    let mut rmax = T::splat(f64::MIN_POSITIVE);
    for i in 0..N {
        let d0 = c.eps_rel * (c.a_y * y[i].abs() + c.a_dydt * (h * yp[i]).abs()) + c.eps_abs;
        let r = yerr[i].abs() / d0.abs();
        rmax = rmax.max_gsl(r);
    }
    rmax
}

/// The control's judgement of a step of size `h_old` that ended at `t_new` with error ratio
/// `rmax` (`gsl_odeiv_control_hadjust` and the retry rule of `gsl_odeiv_evolve_apply`):
/// `Ok(h)` accepts the step and suggests `h` for the next one; `Err(h)` rejects it, to be tried
/// again with `h`.
// GSL's two separate bounds are kept as written rather than as `clamp`.
#[allow(clippy::manual_clamp)]
#[inline]
fn judge(rmax: f64, h_old: f64, t_new: f64) -> Result<f64, f64> {
    if rmax > 1.1 {
        let mut r = 0.9 / rmax.powf(1.0 / ORDER);
        if r < 0.2 {
            r = 0.2;
        }
        let h = r * h_old;
        // Tried again only while the step shrinks and still moves the time; else kept.
        if h.abs() < h_old.abs() && t_new + h != t_new {
            Err(h)
        } else {
            Ok(h_old)
        }
    } else if rmax < 0.5 {
        let mut r = 0.9 / rmax.powf(1.0 / (ORDER + 1.0));
        if r > 5.0 {
            r = 5.0;
        }
        if r < 1.0 {
            r = 1.0;
        }
        Ok(r * h_old)
    } else {
        Ok(h_old)
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
        match judge(max_ratio(control, y, &yerr, &dydt_out, h0), h0, *t) {
            Ok(next) => {
                *h = next;
                *last = Some((*y, dydt_out));
                return;
            }
            Err(retry) => {
                h0 = retry;
                *y = y0;
            }
        }
    }
}

/// The last accepted step of each lane (its state and the derivative there), for the next call
/// of [`evolve_apply_lanes`] to start from, as `last` of [`evolve_apply`].
#[derive(Clone, Copy, Debug)]
pub struct LaneLast<const N: usize> {
    /// Whether the lane holds a step; cleared by the caller when the right-hand side changes.
    pub valid: [bool; LANES],
    y: [Lanes; N],
    dydt: [Lanes; N],
}

impl<const N: usize> Default for LaneLast<N> {
    fn default() -> Self {
        LaneLast {
            valid: [false; LANES],
            y: [Lanes::splat(0.0); N],
            dydt: [Lanes::splat(0.0); N],
        }
    }
}

/// [`evolve_apply`] for four neurons at once: every lane where `active` holds makes one
/// accepted step from its own `t` towards `t1` with its own step size and tolerances,
/// retrying rejected steps as often as it needs; other lanes are left untouched. `f` must compute each lane
/// from that lane alone. Each lane ends bit for bit where [`evolve_apply`] would take it.
// GSL's arguments plus the lanes to advance and the cache; lanes index several arrays at once.
#[allow(clippy::too_many_arguments, clippy::needless_range_loop)]
#[inline(always)]
pub fn evolve_apply_lanes<const N: usize>(
    f: &mut impl FnMut(&[Lanes; N]) -> [Lanes; N],
    control: &Tolerances<Lanes>,
    t: &mut Lanes,
    t1: f64,
    h: &mut Lanes,
    y: &mut [Lanes; N],
    active: [bool; LANES],
    last: &mut LaneLast<N>,
) {
    let t0 = *t;
    let mut h0 = *h;
    let dt = Lanes::splat(t1) - t0;
    let y0 = *y;
    // The derivative at the start: the cached one when every active lane holds its state
    // (the lanes compute independently, so a fresh evaluation gives the same bits).
    let cached = (0..LANES).all(|l| {
        !active[l]
            || (last.valid[l] && (0..N).all(|i| last.y[i].0[l].to_bits() == y0[i].0[l].to_bits()))
    });
    let dydt_in = if cached { last.dydt } else { f(&y0) };
    let mut pending = active;
    while pending.contains(&true) {
        let mut final_step = [false; LANES];
        for l in 0..LANES {
            if h0.0[l] > dt.0[l] {
                h0.0[l] = dt.0[l];
                final_step[l] = true;
            }
        }
        let (new_y, yerr, dydt_out) = step(f, &y0, h0, &dydt_in);
        let rmax = max_ratio(control, &new_y, &yerr, &dydt_out, h0);
        for l in 0..LANES {
            if !pending[l] {
                continue;
            }
            let t_new = if final_step[l] { t1 } else { t0.0[l] + h0.0[l] };
            let next = match judge(rmax.0[l], h0.0[l], t_new) {
                Ok(next) => next,
                Err(retry) => {
                    // Rejected: this lane tries again from its start with the smaller step.
                    h0.0[l] = retry;
                    continue;
                }
            };
            pending[l] = false;
            t.0[l] = t_new;
            h.0[l] = next;
            for i in 0..N {
                y[i].0[l] = new_y[i].0[l];
                last.y[i].0[l] = new_y[i].0[l];
                last.dydt[i].0[l] = dydt_out[i].0[l];
            }
            last.valid[l] = true;
        }
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
    fn lanes_take_each_neuron_where_the_scalar_path_takes_it() {
        // A stiff-ish van der Pol oscillator with a different stiffness and start per lane, so
        // that lanes take different numbers of sub-steps and rejections; each lane must follow
        // the scalar path call by call, bit for bit.
        // Each lane with its own tolerances, as neurons of different parameter sets have.
        let controls = [1e-7, 1e-6, 1e-7, 1e-8].map(|eps| Control {
            eps_abs: eps,
            eps_rel: eps,
            a_y: 0.0,
            a_dydt: 1.0,
        });
        let mu = [0.5, 5.0, 40.0, 200.0];
        let start = [[2.0, 0.0], [0.5, -1.0], [-1.5, 3.0], [2.0, 0.1]];
        let t1 = 0.7;
        let mut scalar_paths = Vec::new();
        let mut rejected = 0;
        for l in 0..LANES {
            let m = mu[l];
            let mut f = |y: &[f64; 2]| [y[1], m * (1.0 - y[0] * y[0]) * y[1] - y[0]];
            let (mut t, mut h, mut y) = (0.0, 0.3, start[l]);
            let mut last = None;
            let mut path = Vec::new();
            while t < t1 {
                let before = t;
                let h_before = h;
                evolve_apply(&mut f, &controls[l], &mut t, t1, &mut h, &mut y, &mut last);
                if t - before < h_before.min(t1 - before) {
                    rejected += 1;
                }
                path.push((t.to_bits(), h.to_bits(), y.map(f64::to_bits)));
            }
            scalar_paths.push(path);
        }
        assert!(rejected > 0, "the test must exercise rejected steps");
        let m = Lanes(mu);
        let mut f = |y: &[Lanes; 2]| [y[1], m * (1.0 - y[0] * y[0]) * y[1] - y[0]];
        let mut t = Lanes::splat(0.0);
        let mut h = Lanes::splat(0.3);
        let mut y = [0, 1].map(|i| Lanes(start.map(|s| s[i])));
        let mut last = LaneLast::default();
        let mut c = Tolerances::default();
        for (l, control) in controls.iter().enumerate() {
            c.set_lane(l, control);
        }
        let mut lane_paths = vec![Vec::new(); LANES];
        loop {
            let active = t.0.map(|v| v < t1);
            if !active.contains(&true) {
                break;
            }
            evolve_apply_lanes(&mut f, &c, &mut t, t1, &mut h, &mut y, active, &mut last);
            for l in (0..LANES).filter(|&l| active[l]) {
                let yl = [y[0].0[l], y[1].0[l]];
                lane_paths[l].push((t.0[l].to_bits(), h.0[l].to_bits(), yl.map(f64::to_bits)));
            }
        }
        let steps: Vec<usize> = scalar_paths.iter().map(Vec::len).collect();
        let (least, most) = (steps.iter().min().unwrap(), steps.iter().max().unwrap());
        assert!(
            most > &(4 * least),
            "lanes must differ in sub-steps: {steps:?}"
        );
        assert_eq!(lane_paths, scalar_paths);
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
