// A rate model whose nonlinearity's parameters are named like the generated constants (P1, P2,
// noise_factor) and locals (rate, sent, noise, total) compiles and runs with the same result as
// the same model with other names.
use saltatory::consts::ms;
use saltatory::{Simulator, rate_neuron};

rate_neuron! {
    nonlinearity odd_names {
        parameters { P1: 1 = 2.0;  P2: 1 = 0.5;  noise_factor: 1 = 0.1;  rate: 1 = 1.0;  sent: 1 = 0.0;  total: 1 = 1.0; }
        input(x) = P1 * tanh(P2 * (x - sent)) + noise_factor * rate * total;
    }
    pub OddNames as "odd_names_ipn": input_noise;
}

rate_neuron! {
    nonlinearity plain_names {
        parameters { a: 1 = 2.0;  b: 1 = 0.5;  c: 1 = 0.1;  d: 1 = 1.0;  f: 1 = 0.0;  k: 1 = 1.0; }
        input(x) = a * tanh(b * (x - f)) + c * d * k;
    }
    pub PlainNames as "plain_names_ipn": input_noise;
}

fn run<M: saltatory::Model>() -> Vec<f64> {
    let mut sim = Simulator::new(0.1 * ms).unwrap();
    let n = sim.create::<M>(2, Default::default()).unwrap();
    sim.set(&n, "mu", 1.5).unwrap();
    let rec = sim.record(&n, &["rate"]).unwrap();
    sim.simulate(20.0 * ms).unwrap();
    sim.trace(rec).series("rate", 1).unwrap().to_vec()
}

fn main() {
    let (odd, plain) = (run::<OddNames>(), run::<PlainNames>());
    assert!(odd.iter().any(|&r| r != 0.0));
    assert_eq!(odd, plain);
}
