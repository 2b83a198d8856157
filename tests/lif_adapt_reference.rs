//! `lif_adapt` is not a NEST model, so it is checked against an independent reference: the same
//! equations integrated with classical Runge–Kutta at 1/400 of the step, written out by hand
//! here (no propagator, no macro), with the same event order within a step.

use saltatory::consts::{ms, pA};
use saltatory::models::{LifAdapt, LifAdaptParams};
use saltatory::{Simulator, SpikeTrain};

struct Reference {
    p: LifAdaptParams,
}

impl Reference {
    /// d/dt (V, w, I_syn); V is frozen while refractory.
    fn rhs(&self, y: [f64; 3], refractory: bool) -> [f64; 3] {
        let p = &self.p;
        let (v, w, i) = (y[0], y[1], y[2]);
        let dv = if refractory {
            0.0
        } else {
            -(v - p.E_L.value()) / p.tau_m.value() + (i - w + p.I_e.value()) / p.C_m.value()
        };
        // a [nS] · (V − E_L) [mV] is in pA.
        let dw = (p.a.value() * (v - p.E_L.value()) - w) / p.tau_w.value();
        [dv, dw, -i / p.tau_syn.value()]
    }

    fn step(&self, y: [f64; 3], h: f64, refractory: bool) -> [f64; 3] {
        let n = 400;
        let dt = h / n as f64;
        let mut y = y;
        for _ in 0..n {
            let add = |a: [f64; 3], b: [f64; 3], s: f64| {
                [a[0] + s * b[0], a[1] + s * b[1], a[2] + s * b[2]]
            };
            let k1 = self.rhs(y, refractory);
            let k2 = self.rhs(add(y, k1, dt / 2.0), refractory);
            let k3 = self.rhs(add(y, k2, dt / 2.0), refractory);
            let k4 = self.rhs(add(y, k3, dt), refractory);
            for d in 0..3 {
                y[d] += dt / 6.0 * (k1[d] + 2.0 * k2[d] + 2.0 * k3[d] + k4[d]);
            }
        }
        y
    }
}

#[test]
fn lif_adapt_matches_independent_runge_kutta() {
    let h = 0.1;
    let steps = 3000;
    let params = LifAdaptParams {
        I_e: 420.0 * pA,
        ..Default::default()
    };
    let inputs: Vec<(f64, f64)> = (1..60)
        .map(|k| (k as f64 * 4.7, if k % 3 == 0 { -150.0 } else { 90.0 }))
        .collect();

    let mut sim = Simulator::new(h * ms).unwrap();
    let n = sim.create::<LifAdapt>(1, params.clone()).unwrap();
    for (t, w) in &inputs {
        sim.add_spike_train(n, &SpikeTrain::new(&[*t], *w).delay(1.0 * ms))
            .unwrap();
    }
    let rec = sim.record(n, &["V_m", "w", "I_syn"]).unwrap();
    let recorder = sim.record_spikes(n).unwrap();
    sim.simulate(steps as f64 * h * ms).unwrap();
    let trace = sim.trace(rec);

    let reference = Reference { p: params.clone() };
    let mut y = [-70.0, 0.0, 0.0];
    let mut r = 0u32;
    let mut spikes = Vec::new();
    let t_ref_steps = 20;
    for step in 0..steps {
        let refractory = r > 0;
        y = reference.step(y, h, refractory);
        // Spikes emitted at time t arrive after 1 ms: consumed in step t/h - 1 + 10.
        for (t, w) in &inputs {
            if ((t / h).round() as usize) - 1 + 10 == step {
                y[2] += w;
            }
        }
        if refractory {
            r -= 1;
        }
        if y[0] >= params.V_th.value() {
            y[0] = params.V_reset.value();
            y[1] += params.b.value();
            r = t_ref_steps;
            spikes.push(step + 1);
        }
        let tol = |x: f64, scale: f64| 1e-9 * x.abs().max(scale);
        for (k, name) in ["V_m", "w", "I_syn"].iter().enumerate() {
            let ours = trace.series(name, 0).unwrap()[step];
            assert!(
                (ours - y[k]).abs() <= tol(y[k], 1.0),
                "{name} at step {step}: {ours} vs reference {}",
                y[k]
            );
        }
    }
    let ours: Vec<usize> = sim
        .spikes(recorder)
        .times
        .iter()
        .map(|t| (t / h).round() as usize)
        .collect();
    assert!(
        spikes.len() >= 5,
        "scenario must spike repeatedly, got {}",
        spikes.len()
    );
    assert_eq!(ours, spikes);
    // Adaptation is doing something: w grew by several b.
    let w_max = trace
        .series("w", 0)
        .unwrap()
        .iter()
        .cloned()
        .fold(0.0, f64::max);
    assert!(w_max > 2.0 * params.b.value(), "w_max = {w_max}");
}
