//! `sinusoidal_gamma_generator` (models/sinusoidal_gamma_generator.cpp): a gamma process of
//! real order `order` whose rate is `rate + amplitude · sin(2π frequency t + phase)`.
//!
//! As NEST has it:
//! * the process is drawn step by step from its hazard: step `s` (`t = (s + 1) h`, the end of
//!   the step) fires when a uniform is below `h · order · r(t) · Λ^(order-1) e^(-Λ) /
//!   Γ(order, Λ)`, with `r(t)` the rate at `t` (spikes/ms), `Λ` the integral of `order · r`
//!   since the train's last spike (or since its start) and `Γ(a, x)` the upper incomplete gamma
//!   function; a spike sets `Λ` back to 0;
//! * nothing is drawn while `r(t) <= 0`; the window is a spike generator's (`t_min < s <=
//!   t_max`);
//! * every `simulate` (NEST's pre_run_hook) carries each train's `Λ` forward to the current time
//!   (the same integral, split at that time);
//! * with `individual_spike_trains` every target has its own train and stream; without, one
//!   train from the device's shared stream goes to all targets.

use super::{Step, invalid, shared_stream};
use crate::devices::Stimulus;
use crate::error::Result;
use crate::rng::Stream;
use crate::time::Grid;

const NAME: &str = "sinusoidal_gamma_generator";

/// NEST refuses an order below 1 and rates outside `0 <= amplitude <= rate`.
pub(super) fn validate(stimulus: &Stimulus) -> Result<()> {
    let Stimulus::SinusoidalGamma {
        rate,
        amplitude,
        frequency,
        phase,
        order,
        ..
    } = stimulus
    else {
        unreachable!()
    };
    if !(*order >= 1.0 && order.is_finite()) {
        return Err(invalid(NAME, "order", *order, "", "a finite order >= 1"));
    }
    if !(rate.is_finite() && *amplitude >= 0.0 && amplitude <= rate) {
        let (name, value) = if rate.is_finite() && *rate >= 0.0 {
            ("amplitude", *amplitude)
        } else {
            ("rate", *rate)
        };
        return Err(invalid(
            NAME,
            name,
            value,
            "Hz",
            format!("0 <= amplitude <= rate (rate = {rate} Hz, amplitude = {amplitude} Hz)"),
        ));
    }
    for (name, v, unit) in [("frequency", *frequency, "Hz"), ("phase", *phase, "deg")] {
        if !v.is_finite() {
            return Err(invalid(NAME, name, v, unit, "a finite value"));
        }
    }
    Ok(())
}

/// `ln Γ(a)` for `a > 0`: Lanczos' approximation (g = 7, nine terms; relative error about
/// 1e-15), with the reflection formula below 1/2.
fn ln_gamma(a: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if a < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * a).sin()).ln() - ln_gamma(1.0 - a);
    }
    let x = a - 1.0;
    let mut sum = C[0];
    for (k, c) in C.iter().enumerate().skip(1) {
        sum += c / (x + k as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// `x^(a-1) e^(-x) / Γ(a, x)` (`Γ(a, x)` the upper incomplete gamma function), `a >= 1`,
/// `x >= 0`: for `x < a + 1` from the series of the lower function, beyond from the continued
/// fraction of the upper one (modified Lentz), where the powers and exponentials cancel.
pub(super) fn hazard_ratio(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        // 0^0 = 1: the hazard of order 1 is the rate itself.
        return if a == 1.0 { 1.0 } else { 0.0 };
    }
    const EPS: f64 = 1e-16;
    const TINY: f64 = 1e-300;
    if x < a + 1.0 {
        // P(a, x) = x^a e^(-x) / Γ(a + 1) · Σ x^n / ((a + 1) ... (a + n)).
        let (mut term, mut sum, mut ap) = (1.0, 1.0, a);
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term < sum * EPS {
                break;
            }
        }
        let lg = ln_gamma(a);
        let p = (a * x.ln() - x - lg - a.ln()).exp() * sum;
        let pre = ((a - 1.0) * x.ln() - x - lg).exp();
        return pre / (1.0 - p);
    }
    // Γ(a, x) = e^(-x) x^a · f, f = 1 / (x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / ...)).
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut f = d;
    for i in 1..10_000 {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        f *= delta;
        if (delta - 1.0).abs() < EPS {
            break;
        }
    }
    1.0 / (x * f)
}

/// One train: the time of its last spike (or start) and `Λ` accumulated before it.
#[derive(Clone, Copy)]
struct Train {
    t0: f64,
    lambda0: f64,
}

/// The generator's state in one engine.
pub(super) struct Run {
    /// Rates in spikes/ms, angular frequency in rad/ms, phase in rad.
    rate: f64,
    amplitude: f64,
    om: f64,
    phi: f64,
    order: f64,
    individual: bool,
    /// The time of the last `simulate`'s start in ms (new trains start there).
    now: f64,
    trains: Vec<Train>,
    streams: Vec<Stream>,
    shared: Option<Stream>,
    /// The rate of the last step in spikes/ms (the recordable `rate`, in spikes/s).
    pub(super) current: f64,
}

impl Run {
    pub(super) fn new(stimulus: &Stimulus) -> Self {
        let Stimulus::SinusoidalGamma {
            rate,
            amplitude,
            frequency,
            phase,
            order,
            individual_spike_trains,
        } = stimulus
        else {
            unreachable!()
        };
        Run {
            rate: 1e-3 * rate,
            amplitude: 1e-3 * amplitude,
            om: frequency * (2.0 * std::f64::consts::PI / 1000.0),
            phi: phase * (std::f64::consts::PI / 180.0),
            order: *order,
            individual: *individual_spike_trains,
            now: 0.0,
            trains: Vec::new(),
            streams: Vec::new(),
            shared: None,
            current: 0.0,
        }
    }

    /// The integral of `order · r` from `ta` to `tb` (ms).
    fn delta_lambda(&self, ta: f64, tb: f64) -> f64 {
        if ta == tb {
            return 0.0;
        }
        let mut d = self.order * self.rate * (tb - ta);
        if self.amplitude.abs() > 0.0 && self.om.abs() > 0.0 {
            d += -self.order * self.amplitude / self.om
                * ((self.om * tb + self.phi).cos() - (self.om * ta + self.phi).cos());
        }
        d
    }

    /// New parameters between runs at step `now_step`: every train's `Λ` is first carried
    /// forward to now with the old ones (NEST's pre_run_hook integrates with the previous
    /// run's parameters, `P_prev_`); the trains and random streams go on.
    pub(super) fn change(&mut self, stimulus: &Stimulus, grid: &Grid, now_step: u64) {
        self.prepare(grid, now_step);
        let next = Run::new(stimulus);
        (self.rate, self.amplitude, self.om, self.phi) =
            (next.rate, next.amplitude, next.om, next.phi);
        self.order = next.order;
    }

    /// NEST's pre_run_hook: every train's `Λ` is carried forward to the current time.
    pub(super) fn prepare(&mut self, grid: &Grid, now_step: u64) {
        self.now = grid.ms_of_step(now_step);
        for k in 0..self.trains.len() {
            let tr = self.trains[k];
            self.trains[k] = Train {
                t0: self.now,
                lambda0: tr.lambda0 + self.delta_lambda(tr.t0, self.now),
            };
        }
    }

    fn hazard(&self, train: Train, t: f64, h: f64, r: f64) -> f64 {
        let lambda = train.lambda0 + self.delta_lambda(train.t0, t);
        h * self.order * r * hazard_ratio(self.order, lambda)
    }

    pub(super) fn emit(&mut self, step: &mut Step<'_>) {
        // The end of the step as NEST's Time gives it in ms (from tics).
        let t = step.grid.ms_of_step(step.s + 1);
        let r = self.rate + self.amplitude * (self.om * t + self.phi).sin();
        self.current = r;
        if !(r > 0.0 && step.spike_window(step.s as i64)) {
            return;
        }
        let n = if self.individual {
            step.targets.len()
        } else {
            1
        };
        if self.trains.len() != n {
            let start = Train {
                t0: self.now,
                lambda0: 0.0,
            };
            self.trains.resize(n, start);
        }
        let fired = Train {
            t0: t,
            lambda0: 0.0,
        };
        if self.individual {
            for k in 0..n {
                let p = self.hazard(self.trains[k], t, step.h, r);
                if step.target_streams(&mut self.streams)[k].uniform() < p {
                    self.trains[k] = fired;
                    step.send(k, 1);
                }
            }
        } else {
            let p = self.hazard(self.trains[0], t, step.h, r);
            let shared = self
                .shared
                .get_or_insert_with(|| shared_stream(step.seed, step.id));
            if shared.uniform() < p {
                self.trains[0] = fired;
                step.send_all(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazard_ratio_is_the_gamma_hazard() {
        // Order 1: the exponential's hazard is 1 at every age.
        for x in [0.0, 0.3, 2.0, 50.0, 700.0] {
            assert!((hazard_ratio(1.0, x) - 1.0).abs() < 1e-12, "{x}");
        }
        // Order 2: Γ(2, x) = (1 + x) e^(-x), so the ratio is x / (1 + x).
        for x in [0.01, 0.5, 2.9, 3.1, 40.0, 900.0] {
            let want = x / (1.0 + x);
            assert!(
                (hazard_ratio(2.0, x) - want).abs() < 1e-12 * want.max(1.0),
                "{x}"
            );
        }
        // Order 3: Γ(3, x) = (2 + 2x + x²) e^(-x); ratio x² / (2 + 2x + x²).
        for x in [0.2, 3.9, 4.1, 12.0] {
            let want = x * x / (2.0 + 2.0 * x + x * x);
            assert!((hazard_ratio(3.0, x) - want).abs() < 1e-12, "{x}");
        }
        // Half-integer order against the closed form of Γ(3/2, x) = √x e^(-x) + (√π/2) erfc(√x)
        // at x = 1 (erfc(1) = 0.157299207050285...).
        let g = (-1.0f64).exp() + std::f64::consts::PI.sqrt() / 2.0 * 0.157_299_207_050_285_13;
        let want = (-1.0f64).exp() / g;
        assert!((hazard_ratio(1.5, 1.0) - want).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
        assert!((ln_gamma(10.0) - 362_880.0f64.ln()).abs() < 1e-12);
    }
}
