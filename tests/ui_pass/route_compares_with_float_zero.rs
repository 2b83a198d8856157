// A spike route may compare the weight with zero written as a float (`w > 0.0`) or with a unit.
use saltatory::consts::ms;
use saltatory::{Simulator, SpikeTrain, neuron};

neuron! {
    /// Excitatory and inhibitory inputs counted apart.
    pub Count as "count" {
        parameters { tau: ms = 1000.0 where > 0; }
        state { ex: pA;  inh: pA; }
        inputs { spikes w: pA { w > 0.0 => ex += w;  w < 0.0pA => inh += w;  _ => ex += w; } }
        equations { d/dt ex = -ex / tau;  d/dt inh = -inh / tau; }
    }
}

fn main() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n = sim.create::<Count>(1, Default::default()).unwrap();
    sim.add_spike_train(&n, &SpikeTrain::new(&[1.0], 5.0)).unwrap();
    sim.add_spike_train(&n, &SpikeTrain::new(&[1.0], -3.0)).unwrap();
    sim.simulate(3.0 * ms).unwrap();
    let get = |name| match sim.get(&n, name).unwrap()[0] {
        saltatory::Value::Number(v) => v,
        _ => f64::NAN,
    };
    assert!(get("ex") > 4.9 && get("inh") < -2.9, "{} {}", get("ex"), get("inh"));
}
