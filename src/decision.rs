//! The decision-making network of NEST's example `rate_neuron_dm.py`: two `lin_rate_ipn` units
//! with rectified output inhibit each other instantaneously; after 100 ms of equal drive their
//! mean inputs are set to 1 + dE and 1 - dE, and one unit wins.

use crate::Result;
use crate::models::LinRateIpn;
use crate::runtime::consts::ms;
use crate::runtime::{Config, Rule, Simulator, SynSpec};

/// The rates of both units after every step.
pub struct Decision {
    /// Sample times in ms.
    pub times: Vec<f64>,
    /// Rate of the unit with the larger input.
    pub d1: Vec<f64>,
    /// Rate of the unit with the smaller input.
    pub d2: Vec<f64>,
}

/// Runs the example's protocol with noise `sigma`, input difference `d_e` and resolution `dt`
/// (ms): 100 ms with mu = 0, then 100 ms with mu = 1 ± d_e.
pub fn decision_making(sigma: f64, d_e: f64, dt: f64, seed: u64) -> Result<Decision> {
    let mut sim = Simulator::with_config(Config {
        resolution: ms * dt,
        seed,
        ..Config::default()
    })?;
    let d1 = sim.create::<LinRateIpn>(1, Default::default())?;
    let d2 = sim.create::<LinRateIpn>(1, Default::default())?;
    for d in [&d1, &d2] {
        sim.set(d, "lambda", 0.1)?;
        sim.set(d, "sigma", sigma)?;
        sim.set(d, "tau", 1.0)?;
        sim.set(d, "rectify_output", true)?;
    }
    let inhibition = SynSpec::rate_instantaneous(-0.2);
    sim.connect(d1, d2, Rule::AllToAll, inhibition)?;
    sim.connect(d2, d1, Rule::AllToAll, inhibition)?;
    let r1 = sim.record(d1, &["rate"])?;
    let r2 = sim.record(d2, &["rate"])?;
    sim.simulate(ms * 100.0)?;
    sim.set(&d1, "mu", 1.0 + d_e)?;
    sim.set(&d2, "mu", 1.0 - d_e)?;
    sim.simulate(ms * 100.0)?;
    Ok(Decision {
        times: sim.trace(r1).times.clone(),
        d1: sim.trace(r1).values[0][0].clone(),
        d2: sim.trace(r2).values[0][0].clone(),
    })
}
