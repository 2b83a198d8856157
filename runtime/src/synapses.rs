//! Spike synapses ending on one thread's neurons, by source node (compressed sparse rows).
//!
//! A synapse is its target (the offset of the target's input channel in the thread's ring slot,
//! 4 bytes) and its weight and delay. Networks use few distinct (weight, delay) pairs — one per
//! projection when they are homogeneous, as in Brunel's network — so the pairs are kept once in a
//! table and each synapse stores a 2-byte index into it: 6 bytes per synapse. When a thread's
//! synapses carry more than 65,536 distinct pairs (weights or delays drawn from distributions)
//! it stores the f64 weight and u16 delay of every synapse instead; once the rows are built the
//! delay is packed into the target's unused high bits when they suffice (12 bytes; 14 if not).
//! Values are never rounded: weights stay f64 either way.

use std::collections::HashMap;

use crate::arrival::{AddWeight, Arrive};
use crate::ring::Ring;
use crate::store::{ConnectionStore, Delivery, End, Reported, Wire};

/// Largest number of distinct (weight, delay) pairs kept as a table.
const MAX_KINDS: usize = 1 << 16;

/// A row whose synapses do not all share one (weight, delay) pair (or an empty row).
const MIXED: u32 = u32::MAX;

/// The weight and delay of each synapse of a list.
enum Column {
    /// Index into the table of pairs.
    Kind(Vec<u16>),
    /// The values themselves.
    Full { weight: Vec<f64>, delay: Vec<u16> },
    /// The weights; each delay sits in the bits of its target above `shift` (built rows only).
    Packed { weight: Vec<f64>, shift: u32 },
}

impl Default for Column {
    fn default() -> Self {
        Column::Kind(Vec::new())
    }
}

impl Column {
    fn empty_like(&self, capacity: usize) -> Column {
        match self {
            Column::Kind(_) => Column::Kind(Vec::with_capacity(capacity)),
            Column::Full { .. } | Column::Packed { .. } => Column::Full {
                weight: Vec::with_capacity(capacity),
                delay: Vec::with_capacity(capacity),
            },
        }
    }

    fn bytes_per_synapse(&self) -> usize {
        match self {
            Column::Kind(_) => 2,
            Column::Full { .. } => 10,
            Column::Packed { .. } => 8,
        }
    }
}

/// Synapses by source node; connections made since the last `finalize` wait in a pending list.
/// `A` says what a spike adds at its target ([`crate::arrival`]).
#[derive(Default)]
pub(crate) struct Synapses<A: Arrive = AddWeight> {
    start: Vec<u64>,
    target: Vec<u32>,
    value: Column,
    pending_source: Vec<u32>,
    pending_target: Vec<u32>,
    pending_value: Column,
    /// Distinct (weight, delay in steps) pairs, while synapses store indices.
    table: Vec<(f64, u16)>,
    /// For built rows of indices: the one index every synapse of the row has, or [`MIXED`].
    row_kind: Vec<u32>,
    index: HashMap<(u64, u16), u16>,
    /// The last pair looked up in `index` and its kind: consecutive synapses mostly share it.
    last_kind: Option<((u64, u16), u16)>,
    arrive: A,
}

impl<A: Arrive> Synapses<A> {
    pub(crate) fn len(&self) -> usize {
        self.target.len() + self.pending_target.len()
    }

    /// Number of pending synapses, to [`truncate`](Self::truncate) back to.
    pub(crate) fn mark(&self) -> usize {
        self.pending_source.len()
    }

    /// Drops the pending synapses added after `mark` (a connect call that failed).
    pub(crate) fn truncate(&mut self, mark: usize) {
        self.pending_source.truncate(mark);
        self.pending_target.truncate(mark);
        match &mut self.pending_value {
            Column::Kind(kinds) => kinds.truncate(mark),
            Column::Full { weight, delay } => {
                weight.truncate(mark);
                delay.truncate(mark);
            }
            Column::Packed { weight, .. } => weight.truncate(mark),
        }
    }

    /// Adds a synapse from node `source` to ring offset `target`.
    pub(crate) fn push(&mut self, source: u32, target: u32, weight: f64, delay: u16) {
        if let Column::Kind(_) = self.pending_value {
            let key = (weight.to_bits(), delay);
            let cached = self
                .last_kind
                .filter(|(k, _)| *k == key)
                .map(|(_, kind)| kind);
            let kind = match cached.or_else(|| self.index.get(&key).copied()) {
                Some(k) => {
                    self.last_kind = Some((key, k));
                    Some(k)
                }
                None if self.table.len() < MAX_KINDS => {
                    let k = self.table.len() as u16;
                    self.table.push((weight, delay));
                    self.index.insert(key, k);
                    Some(k)
                }
                None => None,
            };
            match (kind, &mut self.pending_value) {
                (Some(k), Column::Kind(kinds)) => kinds.push(k),
                _ => {
                    self.store_values();
                    self.push_value(weight, delay);
                }
            }
        } else {
            self.push_value(weight, delay);
        }
        self.pending_source.push(source);
        self.pending_target.push(target);
    }

    fn push_value(&mut self, weight: f64, delay: u16) {
        if let Column::Full {
            weight: w,
            delay: d,
        } = &mut self.pending_value
        {
            w.push(weight);
            d.push(delay);
        }
    }

    /// Switches from table indices to per-synapse values (too many distinct pairs).
    fn store_values(&mut self) {
        let table = std::mem::take(&mut self.table);
        self.index = HashMap::new();
        self.last_kind = None;
        for col in [&mut self.value, &mut self.pending_value] {
            if let Column::Kind(kinds) = col {
                let weight = kinds.iter().map(|&k| table[k as usize].0).collect();
                let delay = kinds.iter().map(|&k| table[k as usize].1).collect();
                *col = Column::Full { weight, delay };
            }
        }
    }

    /// Synapse `k` of the rows (`pending` false) or of the pending list: target, weight and
    /// delay.
    #[inline]
    fn entry(&self, pending: bool, k: usize) -> (u32, f64, u16) {
        let (col, t) = if pending {
            (&self.pending_value, self.pending_target[k])
        } else {
            (&self.value, self.target[k])
        };
        match col {
            Column::Kind(kinds) => {
                let (w, d) = self.table[kinds[k] as usize];
                (t, w, d)
            }
            Column::Full { weight, delay } => (t, weight[k], delay[k]),
            Column::Packed { weight, shift } => {
                (t & ((1u32 << shift) - 1), weight[k], (t >> shift) as u16)
            }
        }
    }

    /// Merges pending synapses into the rows of `n_nodes` sources, keeping creation order
    /// within each source.
    pub(crate) fn finalize(&mut self, n_nodes: usize) {
        if self.pending_source.is_empty() && self.start.len() == n_nodes + 1 {
            return;
        }
        let mut start = std::mem::take(&mut self.start);
        start.resize(n_nodes + 1, *start.last().unwrap_or(&0));
        let mut count = vec![0u64; n_nodes + 1];
        for (s, w) in start.windows(2).enumerate() {
            count[s + 1] = w[1] - w[0];
        }
        for &s in &self.pending_source {
            count[s as usize + 1] += 1;
        }
        for i in 0..n_nodes {
            count[i + 1] += count[i];
        }
        let total = count[n_nodes] as usize;
        // A counting sort by source: the old rows first, then the pending synapses in creation
        // order, each written straight to its place. Indices stay indices while both lists
        // have them.
        let kinds =
            matches!(self.value, Column::Kind(_)) && matches!(self.pending_value, Column::Kind(_));
        let mut target = vec![0u32; total];
        let mut value = if kinds {
            Column::Kind(vec![0; total])
        } else {
            Column::Full {
                weight: vec![0.0; total],
                delay: vec![0; total],
            }
        };
        let mut fill = count.clone();
        let old = (0..n_nodes.min(start.len().saturating_sub(1)))
            .flat_map(|src| (start[src] as usize..start[src + 1] as usize).map(move |k| (src, k)));
        let pending = self
            .pending_source
            .iter()
            .enumerate()
            .map(|(k, &src)| (src as usize, k));
        for (from_pending, (src, k)) in old.map(|x| (false, x)).chain(pending.map(|x| (true, x))) {
            let at = fill[src] as usize;
            fill[src] += 1;
            match &mut value {
                Column::Kind(out) => {
                    let (t, col) = if from_pending {
                        (self.pending_target[k], &self.pending_value)
                    } else {
                        (self.target[k], &self.value)
                    };
                    target[at] = t;
                    if let Column::Kind(kinds) = col {
                        out[at] = kinds[k];
                    }
                }
                Column::Full { weight, delay } => {
                    let (t, w, d) = self.entry(from_pending, k);
                    target[at] = t;
                    weight[at] = w;
                    delay[at] = d;
                }
                Column::Packed { .. } => unreachable!("rows are built unpacked"),
            }
        }
        // Delays into the targets' spare high bits, when both fit in 32 bits.
        if let Column::Full { weight, delay } = &mut value {
            let bits = |x: u32| 32 - x.leading_zeros();
            let t_bits = bits(target.iter().copied().max().unwrap_or(0)).max(1);
            let d_bits = bits(u32::from(delay.iter().copied().max().unwrap_or(0)));
            if t_bits + d_bits <= 32 {
                for (t, &d) in target.iter_mut().zip(delay.iter()) {
                    *t |= u32::from(d) << t_bits;
                }
                value = Column::Packed {
                    weight: std::mem::take(weight),
                    shift: t_bits,
                };
            }
        }
        // Rows of one projection share one pair (Brunel's network: every row): delivery then
        // adds one weight into one ring slot for the whole row.
        self.row_kind = match &value {
            Column::Kind(kinds) => count
                .windows(2)
                .map(|w| {
                    let row = &kinds[w[0] as usize..w[1] as usize];
                    match row.first() {
                        Some(&k) if row.iter().all(|&x| x == k) => u32::from(k),
                        _ => MIXED,
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        self.start = count;
        self.target = target;
        self.value = value;
        self.pending_source = Vec::new();
        self.pending_target = Vec::new();
        self.pending_value = self.value.empty_like(0);
    }

    /// Adds the spikes `(step, source)` to the ring at each synapse's delay.
    pub(crate) fn deliver(&mut self, spikes: &[(u64, u32)], ring: &mut Ring) {
        let Synapses {
            start,
            target,
            value,
            table,
            row_kind,
            arrive,
            ..
        } = self;
        for &(s, src) in spikes {
            let node = src as usize;
            if node + 1 >= start.len() {
                continue;
            }
            let row = start[node] as usize..start[node + 1] as usize;
            let targets = &target[row.clone()];
            match value {
                Column::Kind(kinds) => match row_kind[node] {
                    MIXED => {
                        for (&t, &k) in targets.iter().zip(&kinds[row]) {
                            let (w, d) = table[k as usize];
                            arrive.arrive_at(ring, s + d as u64, t, w, src, s);
                        }
                    }
                    k => {
                        let (w, d) = table[k as usize];
                        let slot = ring.slot_mut(s + d as u64);
                        for &t in targets {
                            arrive.arrive(slot, t, w, src, s);
                        }
                    }
                },
                Column::Full { weight, delay } => {
                    for ((&t, &w), &d) in targets.iter().zip(&weight[row.clone()]).zip(&delay[row])
                    {
                        arrive.arrive_at(ring, s + d as u64, t, w, src, s);
                    }
                }
                Column::Packed { weight, shift } => {
                    let mask = (1u32 << *shift) - 1;
                    for (&t, &w) in targets.iter().zip(&weight[row]) {
                        arrive.arrive_at(ring, s + u64::from(t >> *shift), t & mask, w, src, s);
                    }
                }
            }
        }
    }

    /// Calls `f(source, target, weight, delay)` for every synapse, rows first, then pending.
    pub(crate) fn for_each(&self, mut f: impl FnMut(usize, u32, f64, u16)) {
        for src in 0..self.start.len().saturating_sub(1) {
            for k in self.start[src] as usize..self.start[src + 1] as usize {
                let (t, w, d) = self.entry(false, k);
                f(src, t, w, d);
            }
        }
        for k in 0..self.pending_source.len() {
            let (t, w, d) = self.entry(true, k);
            f(self.pending_source[k] as usize, t, w, d);
        }
    }

    /// Bytes held by the finalized tables.
    pub(crate) fn bytes(&self) -> usize {
        self.start.len() * 8
            + self.row_kind.len() * 4
            + self.target.len() * (4 + self.value.bytes_per_synapse())
            + self.table.len() * 16
    }
}

/// Static synapses as one of an engine's connection stores: delivery adds what each spike counts
/// for to its targets' input at the synapse's delay.
impl<A: Arrive> ConnectionStore for Synapses<A> {
    fn push(&mut self, wire: &Wire) {
        Synapses::push(self, wire.source, wire.offset, wire.weight, wire.delay);
    }
    fn len(&self) -> usize {
        Synapses::len(self)
    }
    fn bytes(&self) -> usize {
        Synapses::bytes(self)
    }
    fn reserve(&mut self, additional: usize) {
        self.pending_source.reserve(additional);
        self.pending_target.reserve(additional);
        match &mut self.pending_value {
            Column::Kind(kinds) => kinds.reserve(additional),
            Column::Full { weight, delay } => {
                weight.reserve(additional);
                delay.reserve(additional);
            }
            Column::Packed { weight, .. } => weight.reserve(additional),
        }
    }
    fn bytes_per_new(&self, drawn: bool) -> usize {
        // Source and target, and a table index or the weight and delay themselves.
        8 + if drawn { 10 } else { 2 }
    }
    fn mark(&self) -> usize {
        Synapses::mark(self)
    }
    fn truncate(&mut self, mark: usize) {
        Synapses::truncate(self, mark);
    }
    fn finalize(&mut self, sources: usize, _rows: usize) {
        Synapses::finalize(self, sources);
    }
    fn deliver(&mut self, spikes: &[(u64, u32)], to: &mut Delivery<'_>) {
        Synapses::deliver(self, spikes, to.ring);
    }
    fn each(&self, f: &mut dyn FnMut(Reported)) {
        self.for_each(|source, offset, weight, delay| {
            f(Reported {
                source: source as u32,
                target: End::Offset(offset),
                weight,
                delay,
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &Synapses<AddWeight>) -> Vec<(usize, u32, f64, u16)> {
        let mut out = Vec::new();
        s.for_each(|a, b, c, d| out.push((a, b, c, d)));
        out
    }

    #[test]
    fn uniform_and_mixed_rows_deliver_every_synapse() {
        let mut s = Synapses::<AddWeight>::default();
        // Source 0: one pair throughout; source 1: two pairs; source 2: none.
        for t in [3, 1, 4] {
            s.push(0, t, 0.25, 2);
        }
        s.push(1, 5, 0.5, 1);
        s.push(1, 2, -2.0, 3);
        s.finalize(3);
        assert_eq!(s.row_kind[0], 0);
        assert_eq!(s.row_kind[1], MIXED);
        assert_eq!(s.row_kind[2], MIXED);
        let mut ring = Ring::default();
        ring.ensure(0, 8, 6);
        s.deliver(&[(10, 0), (10, 1), (11, 2), (11, 0)], &mut ring);
        let mut want = [[0.0; 6]; 4];
        for (step, src) in [(10u64, 0usize), (10, 1), (11, 0)] {
            for &(a, t, w, d) in &all(&s) {
                if a == src {
                    want[(step + u64::from(d) - 10) as usize][t as usize] += w;
                }
            }
        }
        for (k, w) in want.iter().enumerate() {
            assert_eq!(ring.slot_mut(10 + k as u64), &w[..], "step {}", 10 + k);
        }
    }

    #[test]
    fn rows_keep_creation_order_in_both_modes() {
        let mut s = Synapses::<AddWeight>::default();
        s.push(1, 10, 0.5, 2);
        s.push(0, 11, -1.0, 3);
        s.push(1, 12, 0.5, 2);
        s.finalize(3);
        // Row starts, one row kind per source, 6 bytes per synapse, the table of pairs.
        assert_eq!(s.bytes(), 4 * 8 + 3 * 4 + 3 * 6 + 2 * 16);
        s.push(0, 13, 0.5, 2);
        s.finalize(3);
        let want = vec![
            (0, 11, -1.0, 3),
            (0, 13, 0.5, 2),
            (1, 10, 0.5, 2),
            (1, 12, 0.5, 2),
        ];
        assert_eq!(all(&s), want);
        // Past the table's capacity every synapse keeps its own values.
        for k in 0..MAX_KINDS as u32 {
            s.push(2, k, k as f64 * 1e-3, 1);
        }
        assert!(matches!(s.value, Column::Full { .. }));
        s.finalize(3);
        // Targets below 2^16 and delays below 4 share the 4 target bytes: 12 bytes per synapse.
        assert!(matches!(s.value, Column::Packed { shift: 16, .. }));
        assert_eq!(s.bytes(), 4 * 8 + (4 + MAX_KINDS) * 12);
        let got = all(&s);
        assert_eq!(&got[..4], &want[..]);
        assert_eq!(
            got[4 + 70_000 % MAX_KINDS],
            (
                2,
                70_000 % MAX_KINDS as u32,
                (70_000 % MAX_KINDS) as f64 * 1e-3,
                1
            )
        );
        assert_eq!(got.len(), 4 + MAX_KINDS);
    }

    #[test]
    fn delivery_adds_weights_at_delays() {
        let mut s = Synapses::<AddWeight>::default();
        s.push(0, 1, 0.25, 2);
        s.push(0, 1, 0.5, 3);
        s.push(1, 0, 1.0, 1);
        s.finalize(2);
        let mut ring = Ring::default();
        ring.ensure(0, 8, 2);
        s.deliver(&[(0, 0), (1, 1)], &mut ring);
        assert_eq!(ring.slot_mut(2)[1], 0.25);
        assert_eq!(ring.slot_mut(3)[1], 0.5);
        assert_eq!(ring.slot_mut(2)[0], 1.0);
    }
}
