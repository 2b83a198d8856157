// An RKF45 model whose names look like the locals of the generated integration (t, y, g, l,
// last, next, ...) must compile and give the same results in SIMD lanes and one at a time.
use saltatory::consts::ms;
use saltatory::{Simulator, SpikeTrain, neuron};

neuron! {
    /// Leaky integrator with a non-linear drive from short-named variables.
    pub Odd as "odd" {
        parameters {
            E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0;
            next: ms = 50.0 where > 0;  active: 1 = 1.0;  start: 1 = 0.5;
        }
        state { V_m: mV = E_L;  t: 1;  y: 1;  l: 1;  g: 1;  now: 1;  end: 1;  outcome: 1;  failure: 1;  last: 1; }
        inputs { spikes w: 1 { _ => t += w; } }
        equations {
            d/dt V_m = -(V_m - E_L) / tau_m + active * exp(t) * (V_th - E_L) / next;
            d/dt t = -t / next;  d/dt y = (start * t - y) / next;  d/dt l = -l / next;  d/dt g = -g / next;
            d/dt now = -now / next;  d/dt end = -end / next;  d/dt outcome = -outcome / next;
            d/dt failure = -failure / next;  d/dt last = -last / next;
        }
        solver rkf45 { abs: 1e-6; rel: 1e-6; y: 1; dydt: 0; }
        threshold V_m >= V_th;
        reset { V_m = V_reset;  y += 1;  l += 1;  g += 1;  now += 1;  end += 1;  outcome += 1;  failure += 1;  last += 1; }
    }
}

fn run(lanes: bool) -> (Vec<f64>, Vec<f64>) {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    sim.set_simd_lanes(lanes);
    let n = sim.create::<Odd>(6, Default::default()).unwrap();
    let first = n.slice(0..1).unwrap();
    sim.add_spike_train(&first, &SpikeTrain::new(&[1.0, 2.0, 3.0], 2.0)).unwrap();
    let rec = sim.record(&n, &["V_m", "last"]).unwrap();
    let spikes = sim.record_spikes(&n).unwrap();
    sim.simulate(40.0 * ms).unwrap();
    let trace = sim.trace(rec);
    (sim.spikes(spikes).times.clone(), trace.series("last", 0).unwrap().to_vec())
}

fn main() {
    let (spikes, last) = run(true);
    assert!(!spikes.is_empty());
    assert!(last.iter().any(|&v| v > 0.0));
    assert_eq!((spikes, last), run(false));
}
