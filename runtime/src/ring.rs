//! Ring buffers of input: for each future step, one slot holding every input channel of every
//! neuron a thread owns (NEST's ring_buffer, one per thread instead of one per neuron).

/// `slots` slots of `width` values; step `s` lives in slot `s % slots`. The slot count is a
/// power of two so that the modulo is a mask on the delivery path.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ring {
    slots: usize,
    width: usize,
    data: Vec<f64>,
}

impl Ring {
    /// Grows to at least `slots` slots of `width` values, keeping the values of steps
    /// `now..now + old slots` in place for each channel that existed before.
    pub(crate) fn ensure(&mut self, now: u64, slots: usize, width: usize) {
        let slots = slots.max(self.slots).max(1).next_power_of_two();
        let width = width.max(self.width);
        if slots == self.slots && width == self.width {
            return;
        }
        let mut data = vec![0.0; slots * width];
        for ahead in 0..self.slots as u64 {
            let s = now + ahead;
            let from = (s % self.slots as u64) as usize * self.width;
            let to = (s % slots as u64) as usize * width;
            data[to..to + self.width].copy_from_slice(&self.data[from..from + self.width]);
        }
        self.slots = slots;
        self.width = width;
        self.data = data;
    }

    #[inline]
    fn slot(&self, step: u64) -> usize {
        (step as usize) & (self.slots - 1)
    }

    pub(crate) fn slot_mut(&mut self, step: u64) -> &mut [f64] {
        let at = self.slot(step) * self.width;
        &mut self.data[at..at + self.width]
    }

    #[inline]
    pub(crate) fn add(&mut self, step: u64, index: u32, value: f64) {
        let at = self.slot(step) * self.width + index as usize;
        self.data[at] += value;
    }

    pub(crate) fn bytes(&self) -> usize {
        self.data.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::Ring;

    #[test]
    fn growing_keeps_pending_values() {
        let mut r = Ring::default();
        r.ensure(5, 3, 2);
        r.add(6, 1, 3.0);
        r.add(7, 0, 4.0);
        r.ensure(5, 11, 4);
        assert_eq!(r.slot_mut(6)[1], 3.0);
        assert_eq!(r.slot_mut(7)[0], 4.0);
        assert_eq!(r.slot_mut(8), &[0.0; 4]);
    }
}
