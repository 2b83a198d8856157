//! A population's receptor layout is a value computed from its parameters: a model whose
//! number of receptors is a parameter (as NEST's `*_multisynapse` models) gets input channels
//! sized per population, routed by receptor type 1..n as NEST numbers them.
//!
//! The model here is written by hand against the `Model` trait: `V` accumulates, each step,
//! the input of receptor k times k, so the trace shows which receptor each input reached.

use saltatory::Simulator;
use saltatory::consts::ms;
use saltatory::runtime::{
    Config, Error, Failure, Grid, Model, ModelMeta, ParamMeta, Parameters, Result, Scheme,
    SpikeTrain, StateColumns, StateMeta, StepCtx, Value,
};
use saltatory::units::DeclaredUnit;

#[derive(Clone, Debug, PartialEq)]
struct ToyParams {
    n_receptors: f64,
}

impl Default for ToyParams {
    fn default() -> Self {
        ToyParams { n_receptors: 2.0 }
    }
}

impl Parameters for ToyParams {
    const MODEL: &'static str = "toy_multisynapse";
    const PARAMS: &'static [ParamMeta] = Toy::META.params;
    fn slot(&self, _k: usize) -> f64 {
        self.n_receptors
    }
    fn set_slot(&mut self, _k: usize, value: f64) {
        self.n_receptors = value;
    }
    fn validate(&self) -> Result<()> {
        let n = self.n_receptors;
        if (1.0..=16.0).contains(&n) && n.fract() == 0.0 {
            return Ok(());
        }
        Err(Error::InvalidParameter {
            model: "toy_multisynapse",
            name: "n_receptors".into(),
            value: n,
            unit: "1",
            expected: "a whole number from 1 to 16".into(),
        })
    }
}

struct ToyState {
    v: Vec<f64>,
}

impl StateColumns for ToyState {
    fn empty() -> Self {
        ToyState { v: Vec::new() }
    }
    fn push_initial(&mut self) {
        self.v.push(0.0);
    }
    fn len(&self) -> usize {
        self.v.len()
    }
    fn get(&self, _var: usize, i: usize) -> f64 {
        self.v[i]
    }
    fn set(&mut self, _var: usize, i: usize, value: f64) {
        self.v[i] = value;
    }
}

struct Toy;

impl Model for Toy {
    type Params = ToyParams;
    type State = ToyState;
    type Calibrated = ();
    const META: ModelMeta = ModelMeta {
        name: "toy_multisynapse",
        rust_name: "Toy",
        doc: "receptors sized by a parameter",
        params: &[ParamMeta {
            name: "n_receptors",
            unit: DeclaredUnit::ONE,
            default: Value::Number(2.0),
            constraint: "1..16",
            doc: "",
            supported: true,
            allow_inf: false,
            bounds: &[],
        }],
        state: &[StateMeta {
            name: "V",
            unit: DeclaredUnit::ONE,
            initial: "0",
            initial_value: 0.0,
            doc: "",
        }],
        inputs: &[],
        definitions: &[],
        equations: &[],
        equation_trees: &[],
        reset_trees: &[],
        notes: &[],
        threshold: "",
        reset: &[],
        refractory: "",
        scheme: Scheme::Explicit,
        scheme_reason: "written by hand",
    };
    const N_CHANNELS: usize = 0;

    fn channels(params: &ToyParams) -> usize {
        params.n_receptors as usize
    }
    fn calibrate(params: &ToyParams, _grid: &Grid) -> Result<()> {
        params.validate()
    }
    fn spike_channel(params: &ToyParams, receptor: usize, _weight: f64) -> Result<usize> {
        let n = params.n_receptors as usize;
        if (1..=n).contains(&receptor) {
            return Ok(receptor - 1);
        }
        Err(Error::UnknownReceptor {
            model: "toy_multisynapse",
            kind: "spike",
            receptor,
            available: format!("1..={n}"),
        })
    }
    fn current_channel(params: &ToyParams, receptor: usize) -> Result<usize> {
        Self::spike_channel(params, receptor, 0.0)
    }
    fn update(
        _calibrated: &[()],
        _group_of: &[u32],
        state: &mut ToyState,
        range: std::ops::Range<usize>,
        inputs: &mut [f64],
        _spiked: &mut Vec<usize>,
        _ctx: &StepCtx,
    ) -> std::result::Result<(), Failure> {
        let channels = inputs.len() / range.len();
        for (inp, i) in inputs.chunks_exact_mut(channels).zip(range) {
            for (k, x) in inp.iter_mut().enumerate() {
                state.v[i] += (k + 1) as f64 * *x;
                *x = 0.0;
            }
        }
        Ok(())
    }
}

#[test]
fn receptors_are_sized_per_population_from_its_parameters() {
    for threads in [1, 2] {
        let mut sim = Simulator::with_config(Config {
            threads,
            progress: false,
            ..Config::default()
        })
        .unwrap();
        let two = sim
            .create::<Toy>(3, ToyParams { n_receptors: 2.0 })
            .unwrap();
        let five = sim
            .create::<Toy>(3, ToyParams { n_receptors: 5.0 })
            .unwrap();
        // One spike of weight 1 to receptor 2 of the first population, receptor 5 of the second.
        let mut train = SpikeTrain::new(&[1.0], 1.0);
        train.receptor = 2;
        sim.add_spike_train(two, &train).unwrap();
        train.receptor = 5;
        sim.add_spike_train(five, &train).unwrap();
        // Receptor 5 does not exist in the first population; receptor 0 in neither (1..n).
        train.receptor = 5;
        let e = sim.add_spike_train(two, &train).unwrap_err().to_string();
        assert!(e.contains("1..=2"), "{e}");
        train.receptor = 0;
        assert!(sim.add_spike_train(five, &train).is_err());
        sim.simulate(5.0 * ms).unwrap();
        let v = |n| sim.get(n, "V").unwrap();
        assert_eq!(v(&two), vec![Value::Number(2.0); 3], "{threads} threads");
        assert_eq!(v(&five), vec![Value::Number(5.0); 3], "{threads} threads");
        // A population keeps its layout: a parameter change that would resize it is refused.
        let e = sim.set(&two, "n_receptors", 3.0).unwrap_err().to_string();
        assert!(e.contains("receptor layout"), "{e}");
        assert!(
            sim.set_params(&five, ToyParams { n_receptors: 4.0 })
                .is_err()
        );
        sim.set(&two, "n_receptors", 2.0).unwrap();
    }
}
