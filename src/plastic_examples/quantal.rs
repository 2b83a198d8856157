//! NEST's `evaluate_quantal_stp_synapse.py`: a driven `iaf_psc_exp` neuron sends its spikes
//! through a deterministic `tsodyks2_synapse` to one neuron and through a stochastic
//! `quantal_stp_synapse` with n release sites to another; over hundreds of stimulation cycles
//! the quantal synapse's mean response approaches the deterministic one. Voltmeters record
//! both responses from the second cycle on; the example compares the mean trial responses
//! (their RMS difference).
//!
//! As NEST's script: the tsodyks2 connection gets its parameters and initial `x` and `u` in
//! its synapse specification; the quantal synapse's defaults are set (so its connection starts
//! with `a` = 1 ready site of `n`, as NEST's does), and NEST's one-step `Simulate` after the
//! cycles (which hands the voltmeters their last sample) is kept.

use super::simulator;
use crate::Result;
use crate::models::registry;
use crate::runtime::consts::ms;
use crate::runtime::{Rule, Sampling, Setting, Value, Window};

/// The protocol (NEST's names in brackets).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuantalProtocol {
    /// Resolution in ms.
    pub resolution: f64,
    /// Seed of the random streams (`rng_seed`).
    pub seed: u64,
    /// Release sites of the quantal synapse (`n_sites`).
    pub n_sites: f64,
    /// Recorded stimulation cycles (`n_trials`); one more runs first, unrecorded.
    pub n_trials: usize,
    /// Driving current while stimulation is on, in pA (`I_stim`).
    pub i_stim: f64,
    /// Stimulation on, in ms (`T_on`).
    pub t_on: f64,
    /// Stimulation off, in ms (`T_off`).
    pub t_off: f64,
    /// `tau_syn_ex` of the three neurons, in ms.
    pub tau_syn_ex: f64,
    /// Both synapses' `U`, and their initial `u` (and the tsodyks2 synapse's initial `x`).
    pub u_inc: f64,
    /// Both synapses' `tau_fac` in ms.
    pub tau_fac: f64,
    /// Both synapses' `tau_rec` in ms.
    pub tau_rec: f64,
}

impl Default for QuantalProtocol {
    /// NEST's values: 10 sites, 500 trials, 376 pA for 500 ms then 1 s off, facilitating.
    fn default() -> Self {
        QuantalProtocol {
            resolution: 0.1,
            seed: 12345,
            n_sites: 10.0,
            n_trials: 500,
            i_stim: 376.0,
            t_on: 500.0,
            t_off: 1000.0,
            tau_syn_ex: 3.0,
            u_inc: 0.02,
            tau_fac: 500.0,
            tau_rec: 200.0,
        }
    }
}

/// What the protocol recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct QuantalRun {
    /// Sample times of the first recorded cycle in ms.
    pub times: Vec<f64>,
    /// Mean over the recorded cycles of the tsodyks2 target's V_m, per sample (mV).
    pub v_tsyn_mean: Vec<f64>,
    /// The same for the quantal synapse's target.
    pub v_qsyn_mean: Vec<f64>,
    /// RMS difference of the two means (mV), the example's measure.
    pub rms_error: f64,
    /// Spikes of the driving neuron over the whole run.
    pub driver_spikes: usize,
    /// The weights the tsodyks2 synapse sent its spikes with (pA), in time order.
    pub sent_tsyn: Vec<f64>,
    /// Per recorded cycle: the sum of the weights the quantal synapse sent (pA).
    pub released_per_trial: Vec<f64>,
}

/// Runs the example's protocol.
pub fn evaluate_quantal_stp(p: &QuantalProtocol) -> Result<QuantalRun> {
    let mut sim = simulator(p.resolution, p.seed)?;
    let mut reg = registry();
    let tau = [("tau_syn_ex", Setting::from(p.tau_syn_ex))];
    let neurons = reg.create(&mut sim, "iaf_psc_exp", 3, &tau)?;
    let (driver, tsyn_target, qsyn_target) = (
        neurons.slice(0..1)?,
        neurons.slice(1..2)?,
        neurons.slice(2..3)?,
    );
    let shared = [
        ("U", Value::Number(p.u_inc)),
        ("u", Value::Number(p.u_inc)),
        ("tau_fac", Value::Number(p.tau_fac)),
        ("tau_rec", Value::Number(p.tau_rec)),
    ];
    let mut tsyn = shared.to_vec();
    tsyn.extend([
        ("weight", Value::Number(1.0)),
        ("x", Value::Number(p.u_inc)),
    ]);
    let tsyn = reg.synapse_in_with(&mut sim, "tsodyks2_synapse", &tsyn)?;
    sim.connect(driver.clone(), tsyn_target.clone(), Rule::AllToAll, tsyn)?;
    let mut qsyn = shared.to_vec();
    qsyn.extend([
        ("weight", Value::Number(1.0 / p.n_sites)),
        ("n", Value::Number(p.n_sites)),
    ]);
    reg.set_defaults("quantal_stp_synapse", &qsyn)?;
    let qsyn = reg.synapse_in(&mut sim, "quantal_stp_synapse")?;
    sim.connect(driver.clone(), qsyn_target.clone(), Rule::AllToAll, qsyn)?;
    let cycle = p.t_on + p.t_off;
    let sampling = Sampling {
        interval: p.resolution,
        offset: 0.0,
        window: Window {
            start: cycle,
            ..Window::default()
        },
    };
    let meters = [
        sim.record_with(tsyn_target, &["V_m"], sampling)?,
        sim.record_with(qsyn_target, &["V_m"], sampling)?,
    ];
    let stores: Vec<_> = [tsyn.store, qsyn.store].into_iter().flatten().collect();
    let sent = [
        sim.weight_recorder(&stores[..1], Window::default())?,
        sim.weight_recorder(&stores[1..], Window::default())?,
    ];
    let spikes = sim.record_spikes(driver.clone())?;
    for _ in 0..=p.n_trials {
        sim.set_status(driver.clone(), &[("I_e", Setting::from(p.i_stim))])?;
        sim.simulate(p.t_on * ms)?;
        sim.set_status(driver.clone(), &[("I_e", Setting::from(0.0))])?;
        sim.simulate(p.t_off * ms)?;
    }
    sim.simulate(p.resolution * ms)?;
    let per_trial = (cycle / p.resolution).round() as usize;
    let mean = |k: usize| {
        trial_mean(
            sim.trace(meters[k]).series("V_m", 0).unwrap_or(&[]),
            per_trial,
            p.n_trials,
        )
    };
    let (v_tsyn_mean, v_qsyn_mean) = (mean(0), mean(1));
    let rms = v_tsyn_mean
        .iter()
        .zip(&v_qsyn_mean)
        .map(|(a, b)| (a - b) * (a - b));
    let rms_error = (rms.sum::<f64>() / per_trial as f64).sqrt();
    let q = sim.weights(sent[1]);
    let mut released_per_trial = vec![0.0; p.n_trials];
    for (&t, &w) in q.times.iter().zip(&q.weights) {
        let k = ((t - cycle) / cycle).floor();
        if k >= 0.0 && (k as usize) < p.n_trials {
            released_per_trial[k as usize] += w;
        }
    }
    let times = sim
        .trace(meters[0])
        .times
        .iter()
        .take(per_trial)
        .copied()
        .collect();
    Ok(QuantalRun {
        times,
        v_tsyn_mean,
        v_qsyn_mean,
        rms_error,
        driver_spikes: sim.spikes(spikes).len(),
        sent_tsyn: sim.weights(sent[0]).weights.clone(),
        released_per_trial,
    })
}

/// The mean over `trials` consecutive blocks of `per_trial` samples, sample by sample (NEST's
/// example reshapes the samples into trials and averages over them).
fn trial_mean(samples: &[f64], per_trial: usize, trials: usize) -> Vec<f64> {
    let mut sum = vec![0.0; per_trial];
    for trial in samples.chunks_exact(per_trial).take(trials) {
        sum.iter_mut().zip(trial).for_each(|(s, v)| *s += v);
    }
    sum.iter().map(|s| s / trials as f64).collect()
}
