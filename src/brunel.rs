//! The sparsely connected random network of Brunel (2000) as NEST's examples
//! `brunel_alpha_nest.py` and `brunel_delta_nest.py` build it: NE = 4·order excitatory and
//! NI = order inhibitory neurons, fixed in-degrees CE = 0.1·NE and CI = 0.1·NI, one Poisson
//! generator driving every neuron, all delays 1.5 ms.

use crate::Result;
use crate::models::{IafPscAlpha, IafPscAlphaParams, IafPscDelta, IafPscDeltaParams};
use crate::runtime::consts::{mV, ms, pF};
use crate::runtime::{NodeCollection, Rule, Simulator, Stimulus, SynSpec};

/// Which neuron model the network uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Synapse {
    /// `iaf_psc_alpha` with PSCs normalised to a PSP of amplitude J (brunel_alpha_nest.py).
    Alpha,
    /// `iaf_psc_delta`, weights are PSP jumps J in mV (brunel_delta_nest.py).
    Delta,
}

/// Parameters of the network, with the defaults of NEST's examples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Brunel {
    /// Neuron model.
    pub synapse: Synapse,
    /// Network size: NE = 4·order, NI = order.
    pub order: usize,
    /// Connection probability.
    pub epsilon: f64,
    /// Ratio of inhibitory to excitatory weight.
    pub g: f64,
    /// External rate relative to the threshold rate.
    pub eta: f64,
    /// Synaptic delay in ms.
    pub delay: f64,
    /// PSP amplitude in mV.
    pub j: f64,
    /// Membrane time constant in ms.
    pub tau_m: f64,
    /// Threshold in mV (relative to E_L = 0).
    pub theta: f64,
    /// Synaptic time constant in ms (alpha only).
    pub tau_syn: f64,
}

impl Brunel {
    /// brunel_alpha_nest.py at the given order.
    pub fn alpha(order: usize) -> Self {
        Brunel {
            synapse: Synapse::Alpha,
            order,
            epsilon: 0.1,
            g: 5.0,
            eta: 2.0,
            delay: 1.5,
            j: 0.1,
            tau_m: 20.0,
            theta: 20.0,
            tau_syn: 0.5,
        }
    }

    /// brunel_delta_nest.py at the given order.
    pub fn delta(order: usize) -> Self {
        Brunel {
            synapse: Synapse::Delta,
            ..Self::alpha(order)
        }
    }

    /// Membrane capacitance in pF (250 for alpha, 1 for delta, as in the examples).
    pub fn c_m(&self) -> f64 {
        match self.synapse {
            Synapse::Alpha => 250.0,
            Synapse::Delta => 1.0,
        }
    }
    /// Number of excitatory neurons.
    pub fn ne(&self) -> usize {
        4 * self.order
    }
    /// Number of inhibitory neurons.
    pub fn ni(&self) -> usize {
        self.order
    }
    /// Excitatory in-degree, `int(epsilon · NE)`.
    pub fn ce(&self) -> usize {
        (self.epsilon * self.ne() as f64) as usize
    }
    /// Inhibitory in-degree.
    pub fn ci(&self) -> usize {
        (self.epsilon * self.ni() as f64) as usize
    }

    /// Excitatory weight: pA for alpha (the PSC whose PSP peaks at J), mV for delta.
    pub fn j_ex(&self) -> f64 {
        match self.synapse {
            Synapse::Alpha => self.j / psp_peak_per_pa(self.tau_m, self.c_m(), self.tau_syn),
            Synapse::Delta => self.j,
        }
    }
    /// Inhibitory weight, `-g · J_ex`.
    pub fn j_in(&self) -> f64 {
        -self.g * self.j_ex()
    }
    /// Rate (Hz) of the Poisson generator: `1000 · eta · nu_th · CE`.
    pub fn poisson_rate(&self) -> f64 {
        let ce = self.ce() as f64;
        let nu_th = match self.synapse {
            Synapse::Alpha => {
                (self.theta * self.c_m())
                    / (self.j_ex() * ce * std::f64::consts::E * self.tau_m * self.tau_syn)
            }
            Synapse::Delta => self.theta / (self.j * ce * self.tau_m),
        };
        1000.0 * (self.eta * nu_th) * ce
    }

    /// Creates and connects the network in `sim`.
    pub fn build(&self, sim: &mut Simulator) -> Result<BrunelNetwork> {
        let net = self.populations(sim)?;
        let (ex, all) = (net.ex.clone(), net.all.clone());
        let excitatory = SynSpec::new(self.j_ex(), self.delay);
        let inhibitory = SynSpec::new(self.j_in(), self.delay);
        sim.stimulate(
            Stimulus::Poisson {
                rate: self.poisson_rate(),
            },
            all.clone(),
            excitatory,
        )?;
        sim.connect(ex, all.clone(), Rule::FixedIndegree(self.ce()), excitatory)?;
        sim.connect(
            net.inh.clone(),
            all,
            Rule::FixedIndegree(self.ci()),
            inhibitory,
        )?;
        Ok(net)
    }

    /// Creates the two populations in `sim`, unconnected, with `V_m` = 0.
    pub fn populations(&self, sim: &mut Simulator) -> Result<BrunelNetwork> {
        let (ne, ni) = (self.ne(), self.ni());
        let (ex, inh): (NodeCollection, NodeCollection) = match self.synapse {
            Synapse::Alpha => {
                let p = IafPscAlphaParams {
                    C_m: self.c_m() * pF,
                    tau_m: self.tau_m * ms,
                    tau_syn_ex: self.tau_syn * ms,
                    tau_syn_in: self.tau_syn * ms,
                    t_ref: 2.0 * ms,
                    E_L: 0.0 * mV,
                    V_reset: 0.0 * mV,
                    V_th: self.theta * mV,
                    ..Default::default()
                };
                let e = sim.create::<IafPscAlpha>(ne, p.clone())?;
                let i = sim.create::<IafPscAlpha>(ni, p)?;
                sim.set(&e, "V_m", 0.0)?;
                sim.set(&i, "V_m", 0.0)?;
                (e.into(), i.into())
            }
            Synapse::Delta => {
                let p = IafPscDeltaParams {
                    C_m: self.c_m() * pF,
                    tau_m: self.tau_m * ms,
                    t_ref: 2.0 * ms,
                    E_L: 0.0 * mV,
                    V_reset: 0.0 * mV,
                    V_th: self.theta * mV,
                    ..Default::default()
                };
                let e = sim.create::<IafPscDelta>(ne, p.clone())?;
                let i = sim.create::<IafPscDelta>(ni, p)?;
                sim.set(&e, "V_m", 0.0)?;
                sim.set(&i, "V_m", 0.0)?;
                (e.into(), i.into())
            }
        };
        let all = ex.clone() + &inh;
        Ok(BrunelNetwork { ex, inh, all })
    }
}

/// The populations of a built network.
#[derive(Clone, Debug)]
pub struct BrunelNetwork {
    /// Excitatory neurons.
    pub ex: NodeCollection,
    /// Inhibitory neurons.
    pub inh: NodeCollection,
    /// Both, excitatory first.
    pub all: NodeCollection,
}

/// Peak of the PSP (mV) caused by an alpha PSC of 1 pA amplitude in a LIF neuron
/// (the normalisation of NEST's brunel_alpha example, `ComputePSPnorm`).
pub fn psp_peak_per_pa(tau_m: f64, c_m: f64, tau_syn: f64) -> f64 {
    let a = tau_m / tau_syn;
    let b = 1.0 / tau_syn - 1.0 / tau_m;
    // Time of the maximum, from the lower branch of the Lambert W function.
    let t_max = 1.0 / b * (-lambert_w_minus1(-(-1.0 / a).exp() / a) - 1.0 / a);
    std::f64::consts::E / (tau_syn * c_m * b)
        * (((-t_max / tau_m).exp() - (-t_max / tau_syn).exp()) / b
            - t_max * (-t_max / tau_syn).exp())
}

/// The lower real branch W₋₁ of the Lambert W function, for x in [-1/e, 0).
pub fn lambert_w_minus1(x: f64) -> f64 {
    debug_assert!((-1.0 / std::f64::consts::E..0.0).contains(&x));
    // Start from the asymptotic expansion, then Halley's iteration on w·e^w = x.
    let l1 = (-x).ln();
    let mut w = l1 - (-l1).ln();
    if x < -0.25 {
        w = -1.0 - (2.0 * (1.0 + std::f64::consts::E * x)).sqrt();
    }
    for _ in 0..50 {
        let ew = w.exp();
        let f = w * ew - x;
        let step = f / (ew * (w + 1.0) - (w + 2.0) * f / (2.0 * w + 2.0));
        w -= step;
        if step.abs() <= 1e-15 * w.abs() {
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambert_w_lower_branch() {
        for x in [-0.3678, -0.3, -0.1, -0.0244, -1e-5] {
            let w = lambert_w_minus1(x);
            assert!(w <= -1.0);
            assert!(
                (w * w.exp() - x).abs() <= 1e-15 * x.abs().max(1e-300) * 10.0,
                "x = {x}: w = {w}"
            );
        }
    }

    #[test]
    fn brunel_alpha_constants() {
        let b = Brunel::alpha(2500);
        assert_eq!((b.ne(), b.ni(), b.ce(), b.ci()), (10000, 2500, 1000, 250));
        // The PSP of J_ex pA peaks at J = 0.1 mV: check against a direct scan of the PSP.
        let (tm, ts, c) = (20.0, 0.5, 250.0);
        let psp = |t: f64| {
            let b = 1.0 / ts - 1.0 / tm;
            std::f64::consts::E / (ts * c * b)
                * (((-t / tm).exp() - (-t / ts).exp()) / b - t * (-t / ts).exp())
        };
        let coarse = (1..100_000)
            .map(|k| k as f64 * 1e-4)
            .fold(0.0, |b: f64, t| if psp(t) > psp(b) { t } else { b });
        let peak = (-1000..1000)
            .map(|k| psp(coarse + k as f64 * 1e-7))
            .fold(0.0, f64::max);
        assert!((psp_peak_per_pa(tm, c, ts) - peak).abs() < 1e-9 * peak);
        assert!(b.j_ex() > 0.0 && b.j_in() == -5.0 * b.j_ex());
        assert!(b.poisson_rate() > 0.0);
    }
}
