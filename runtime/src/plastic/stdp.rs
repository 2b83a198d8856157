//! NEST's `stdp_synapse` rule (models/stdp_synapse.h; Gütig et al. 2003 with the weight
//! dependence of Rubin et al. 2001): on a presynaptic spike, facilitation for each
//! postsynaptic spike since the last presynaptic one, then one depression by the target's
//! trace, then the presynaptic trace `Kplus` is updated. Operations in NEST's order: parity
//! is to the last bit.

use super::PlasticRule;
use crate::archive::PostHistory;
use crate::error::{Error, Result};

/// The parameters of an stdp_synapse (shared by all synapses of a store).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stdp {
    /// Time constant of the presynaptic trace (ms).
    pub tau_plus: f64,
    /// Step size.
    pub lambda: f64,
    /// Asymmetry: depression steps are `alpha · lambda`.
    pub alpha: f64,
    /// Weight dependence exponent of facilitation.
    pub mu_plus: f64,
    /// Weight dependence exponent of depression.
    pub mu_minus: f64,
    /// Largest weight.
    pub w_max: f64,
}

impl Default for Stdp {
    /// NEST's defaults.
    fn default() -> Self {
        Stdp {
            tau_plus: 20.0,
            lambda: 0.01,
            alpha: 1.0,
            mu_plus: 1.0,
            mu_minus: 1.0,
            w_max: 100.0,
        }
    }
}

/// The state of one stdp_synapse besides its weight.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StdpState {
    /// The presynaptic trace just after the last presynaptic spike.
    pub k_plus: f64,
    /// The time of the last presynaptic spike (ms; 0 before the first).
    pub t_last: f64,
}

impl Stdp {
    /// Checks the parameters: finite, `tau_plus` positive.
    pub fn validate(&self) -> Result<()> {
        let fields = [
            ("tau_plus", self.tau_plus, "ms"),
            ("lambda", self.lambda, ""),
            ("alpha", self.alpha, ""),
            ("mu_plus", self.mu_plus, ""),
            ("mu_minus", self.mu_minus, ""),
            ("Wmax", self.w_max, ""),
        ];
        for (name, value, unit) in fields {
            let ok = value.is_finite() && (name != "tau_plus" || value > 0.0);
            if !ok {
                return Err(Error::InvalidParameter {
                    model: "stdp_synapse",
                    name: name.into(),
                    value,
                    unit,
                    expected: if name == "tau_plus" {
                        "a finite value > 0"
                    } else {
                        "a finite value"
                    }
                    .into(),
                });
            }
        }
        Ok(())
    }

    fn facilitate(&self, w: f64, k_plus: f64) -> f64 {
        let norm =
            (w / self.w_max) + (self.lambda * (1.0 - (w / self.w_max)).powf(self.mu_plus) * k_plus);
        if norm < 1.0 {
            norm * self.w_max
        } else {
            self.w_max
        }
    }

    fn depress(&self, w: f64, k_minus: f64) -> f64 {
        let norm = (w / self.w_max)
            - (self.alpha * self.lambda * (w / self.w_max).powf(self.mu_minus) * k_minus);
        if norm > 0.0 { norm * self.w_max } else { 0.0 }
    }
}

impl PlasticRule for Stdp {
    type State = StdpState;

    fn on_pre(
        &self,
        w: &mut f64,
        st: &mut StdpState,
        t_spike: f64,
        delay: f64,
        post: &PostHistory,
    ) -> f64 {
        for e in post.between(st.t_last - delay, t_spike - delay) {
            let minus_dt = st.t_last - (e.t + delay);
            *w = self.facilitate(*w, st.k_plus * (minus_dt / self.tau_plus).exp());
        }
        *w = self.depress(*w, post.k_minus(t_spike - delay));
        st.k_plus = st.k_plus * ((st.t_last - t_spike) / self.tau_plus).exp() + 1.0;
        st.t_last = t_spike;
        *w
    }
}
