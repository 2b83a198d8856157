//! A population of neurons of one model: SoA state, parameter groups sharing one calibration,
//! and a ring buffer of inputs indexed by arrival step.

use crate::error::{Error, Result};
use crate::model::{Model, Parameters, StateColumns, Value};
use crate::time::Grid;

/// Ring buffer of per-neuron input channels, one slot per future step (NEST's ring_buffer).
#[derive(Clone, Debug, Default)]
pub struct Ring {
    slots: usize,
    width: usize,
    data: Vec<f64>,
}

impl Ring {
    fn new(width: usize) -> Self {
        Self {
            slots: 1,
            width,
            data: vec![0.0; width],
        }
    }

    /// Makes room for inputs `max_delay` steps ahead of `now`, keeping pending values.
    fn reserve(&mut self, now: u64, max_delay: u64) {
        let need = max_delay as usize + 1;
        if need <= self.slots {
            return;
        }
        let mut data = vec![0.0; need * self.width];
        for ahead in 0..self.slots as u64 {
            let s = now + ahead;
            let from = (s % self.slots as u64) as usize * self.width;
            let to = (s % need as u64) as usize * self.width;
            data[to..to + self.width].copy_from_slice(&self.data[from..from + self.width]);
        }
        self.slots = need;
        self.data = data;
    }

    fn slot_mut(&mut self, step: u64) -> &mut [f64] {
        let at = (step % self.slots as u64) as usize * self.width;
        &mut self.data[at..at + self.width]
    }

    fn add(&mut self, step: u64, index: usize, value: f64) {
        self.slot_mut(step)[index] += value;
    }
}

/// Type-erased population, so that a simulator can hold several models.
pub(crate) trait AnyPopulation: Send {
    fn len(&self) -> usize;
    fn reserve(&mut self, now: u64, max_delay: u64);
    fn add_spike(&mut self, step: u64, neuron: usize, receptor: usize, weight: f64) -> Result<()>;
    fn add_current(&mut self, step: u64, neuron: usize, receptor: usize, value: f64) -> Result<()>;
    fn check_receptor(&self, current: bool, receptor: usize) -> Result<()>;
    fn prepare(&mut self, grid: &Grid) -> Result<()>;
    fn update(&mut self, step: u64, spiked: &mut Vec<usize>);
    fn state(&self, var: usize, i: usize) -> f64;
    fn state_index(&self, name: &str) -> Result<usize>;
    fn state_name(&self, var: usize) -> &'static str;
    fn check_finite(&self, time: f64) -> Result<()>;
    fn as_any(&self) -> &dyn std::any::Any;
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
}

/// Neurons of model `M`.
pub(crate) struct Population<M: Model> {
    params: Vec<M::Params>,
    calibrated: Vec<M::Calibrated>,
    calibrated_for: Option<Grid>,
    group_of: Vec<u32>,
    pub(crate) state: M::State,
    ring: Ring,
}

impl<M: Model> Population<M> {
    pub(crate) fn new(n: usize, params: M::Params) -> Result<Self> {
        params.validate()?;
        let mut state = M::State::empty();
        for _ in 0..n {
            state.push_initial();
        }
        Ok(Self {
            params: vec![params],
            calibrated: Vec::new(),
            calibrated_for: None,
            group_of: vec![0; n],
            state,
            ring: Ring::new(n * M::N_CHANNELS),
        })
    }

    pub(crate) fn params_of(&self, i: usize) -> &M::Params {
        &self.params[self.group_of[i] as usize]
    }

    /// Gives neurons `range` the parameter set `p`, sharing a group with identical sets.
    pub(crate) fn assign(&mut self, range: std::ops::Range<usize>, p: M::Params) -> Result<()> {
        p.validate()?;
        let g = match self.params.iter().position(|q| *q == p) {
            Some(g) => g,
            None => {
                self.params.push(p);
                self.params.len() - 1
            }
        };
        for i in range {
            self.group_of[i] = g as u32;
        }
        self.compact();
        self.calibrated_for = None;
        Ok(())
    }

    /// Sets one parameter by name on neurons `range`.
    pub(crate) fn set_by_name(
        &mut self,
        range: std::ops::Range<usize>,
        name: &str,
        value: Value,
    ) -> Result<()> {
        // Validate on a copy first, so that a failure leaves the population unchanged.
        let mut updated = Vec::new();
        for i in range.clone() {
            let mut p = self.params_of(i).clone();
            p.set(name, value)?;
            p.validate()?;
            updated.push(p);
        }
        for (i, p) in range.zip(updated) {
            self.assign(i..i + 1, p)?;
        }
        Ok(())
    }

    /// Drops parameter groups no neuron uses any more.
    fn compact(&mut self) {
        let mut used = vec![false; self.params.len()];
        for &g in &self.group_of {
            used[g as usize] = true;
        }
        if used.iter().all(|&u| u) {
            return;
        }
        let mut remap = vec![0u32; self.params.len()];
        let mut kept = Vec::new();
        for (g, p) in self.params.drain(..).enumerate() {
            if used[g] {
                remap[g] = kept.len() as u32;
                kept.push(p);
            }
        }
        self.params = kept;
        for g in &mut self.group_of {
            *g = remap[*g as usize];
        }
    }

    pub(crate) fn groups(&self) -> usize {
        self.params.len()
    }
}

impl<M: Model> AnyPopulation for Population<M> {
    fn len(&self) -> usize {
        self.group_of.len()
    }
    fn reserve(&mut self, now: u64, max_delay: u64) {
        self.ring.reserve(now, max_delay);
    }
    fn add_spike(&mut self, step: u64, neuron: usize, receptor: usize, weight: f64) -> Result<()> {
        let ch = M::spike_channel(receptor, weight)?;
        self.ring.add(step, neuron * M::N_CHANNELS + ch, weight);
        Ok(())
    }
    fn add_current(&mut self, step: u64, neuron: usize, receptor: usize, value: f64) -> Result<()> {
        let ch = M::current_channel(receptor)?;
        self.ring.add(step, neuron * M::N_CHANNELS + ch, value);
        Ok(())
    }
    fn check_receptor(&self, current: bool, receptor: usize) -> Result<()> {
        if current {
            M::current_channel(receptor).map(|_| ())
        } else {
            M::spike_channel(receptor, 1.0).map(|_| ())
        }
    }
    fn prepare(&mut self, grid: &Grid) -> Result<()> {
        if self.calibrated_for != Some(*grid) {
            self.calibrated = self
                .params
                .iter()
                .map(|p| M::calibrate(p, grid))
                .collect::<Result<_>>()?;
            self.calibrated_for = Some(*grid);
        }
        Ok(())
    }
    fn update(&mut self, step: u64, spiked: &mut Vec<usize>) {
        let n = self.len();
        let slot = self.ring.slot_mut(step);
        M::update(
            &self.calibrated,
            &self.group_of,
            &mut self.state,
            0..n,
            slot,
            spiked,
        );
    }
    fn state(&self, var: usize, i: usize) -> f64 {
        self.state.get(var, i)
    }
    fn state_index(&self, name: &str) -> Result<usize> {
        M::META.state_index(name)
    }
    fn state_name(&self, var: usize) -> &'static str {
        M::META.state[var].name
    }
    fn check_finite(&self, time: f64) -> Result<()> {
        for (var, meta) in M::META.state.iter().enumerate() {
            for i in 0..self.len() {
                let v = self.state.get(var, i);
                if !v.is_finite() {
                    return Err(Error::NonFinite {
                        model: M::META.name,
                        node: i,
                        time,
                        name: meta.name,
                        value: v,
                    });
                }
            }
        }
        Ok(())
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    #[test]
    fn ring_keeps_pending_values_when_grown() {
        let mut r = Ring::new(2);
        r.reserve(5, 2);
        r.add(6, 1, 3.0);
        r.add(7, 0, 4.0);
        r.reserve(5, 10);
        assert_eq!(r.slot_mut(6)[1], 3.0);
        assert_eq!(r.slot_mut(7)[0], 4.0);
        assert_eq!(r.slot_mut(8), &[0.0, 0.0]);
    }
}
