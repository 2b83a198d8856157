// A spike rule that replaces a variable by the step's input, said with `set`.
use saltatory::consts::ms;
use saltatory::{Simulator, SpikeTrain, neuron};

neuron! {
    /// Keeps the summed weight of the last step's spikes in `last`.
    pub Last as "last_input" {
        parameters { tau: ms = 10.0 where > 0; }
        state { x: 1;  last: 1; }
        inputs { spikes w: 1 { _ => set last = w; } }
        equations { d/dt x = -x / tau; }
    }
}

fn main() {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n = sim.create::<Last>(1, Default::default()).unwrap();
    sim.add_spike_train(&n, &SpikeTrain::new(&[1.0, 1.0, 3.0], 2.0)).unwrap();
    let rec = sim.record(&n, &["last"]).unwrap();
    sim.simulate(5.0 * ms).unwrap();
    let last = sim.trace(rec).series("last", 0).unwrap().to_vec();
    // Spikes at 1 ms and 3 ms with a 1 ms delay arrive in the steps ending at 2 and 4 ms
    // (samples 19 and 39); in every other step `last` is the input of that step, none.
    let nonzero: Vec<(usize, f64)> = last.iter().copied().enumerate().filter(|(_, v)| *v != 0.0).collect();
    assert_eq!(nonzero, vec![(19, 4.0), (39, 2.0)], "{last:?}");
}
