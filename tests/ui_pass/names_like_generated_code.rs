// Names a model may well use (c, m, p, i, k, x, h-like) must not collide with generated code.
use saltatory::consts::ms;
use saltatory::{Simulator, SpikeTrain, neuron};

neuron! {
    /// LIF with variables named like short locals.
    pub Lif as "lif" {
        parameters {
            E_L: mV = -70.0;  tau_m: ms = 10.0 where > 0;  V_th: mV = -55.0;  V_reset: mV = -70.0;
            tau_c: ms = 50.0 where > 0;  m: 1 = 1.0;  p: 1 = 0.5;  k: 1 = 1.0;
        }
        state { V_m: mV = E_L;  c: 1;  i: 1;  x: 1; }
        inputs { spikes w: mV { _ => V_m += w; } }
        equations {
            d/dt V_m = -m * (V_m - E_L) / tau_m;
            d/dt c = -c / tau_c;  d/dt i = -k * i / tau_c;  d/dt x = (p * c - x) / tau_c;
        }
        threshold V_m >= V_th;
        reset { V_m = V_reset;  c += 1;  i += 2; }
    }
}

fn main() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n = sim.create::<Lif>(1, Default::default()).unwrap();
    sim.add_spike_train(&n, &SpikeTrain::new(&[1.0, 2.0], 20.0)).unwrap();
    let rec = sim.record(&n, &["c", "i", "x"]).unwrap();
    let spikes = sim.record_spikes(&n).unwrap();
    sim.simulate(10.0 * ms).unwrap();
    assert_eq!(sim.spikes(spikes).len(), 2);
    let t = sim.trace(rec);
    assert!(t.series("c", 0).unwrap()[99] > 1.0);
    assert!(t.series("x", 0).unwrap()[99] > 0.0);
}
