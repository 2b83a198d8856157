//! Ownership: which engine owns which node.
//!
//! A simulation runs on a number of engines (NEST's virtual processes): one per thread, and
//! across processes (MPI ranks) one per thread of every process. Every population is split
//! into as many contiguous shares as there are engines, nearly equal in size, so the load of
//! every model is balanced. A process holds the engines of one contiguous range; the others
//! belong to its peers. Results never depend on the split: random streams are keyed by node,
//! and spikes are merged in (step, node) order before delivery.

use std::ops::Range;

use crate::error::{Error, Result};

/// How the nodes of every population are shared among engines, and which engines this process
/// runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ownership {
    engines: usize,
    local: Range<usize>,
}

impl Ownership {
    /// All `engines` engines in this process (one process, one engine per thread).
    pub fn single_process(engines: usize) -> Result<Self> {
        Self::new(engines, 0..engines)
    }

    /// `engines` engines in all, of which this process runs `local` (a non-empty range).
    pub fn new(engines: usize, local: Range<usize>) -> Result<Self> {
        if engines == 0 || local.start >= local.end || local.end > engines {
            return Err(Error::InvalidNodes(format!(
                "engines {}..{} of {engines}: expected a non-empty range within the engines",
                local.start, local.end
            )));
        }
        Ok(Ownership { engines, local })
    }

    /// Number of engines over all processes.
    pub fn engines(&self) -> usize {
        self.engines
    }

    /// The engines this process runs.
    pub fn local(&self) -> Range<usize> {
        self.local.clone()
    }

    /// The neurons (indices within a population of `n`) that `engine` owns.
    pub fn share(&self, n: usize, engine: usize) -> Range<usize> {
        let base = n / self.engines;
        let extra = n % self.engines;
        let start = engine * base + engine.min(extra);
        let len = base + usize::from(engine < extra);
        start..start + len
    }

    /// The engine owning neuron `i` of a population of `n`, and the neuron's index in that
    /// engine's share.
    pub fn owner(&self, n: usize, i: usize) -> (usize, usize) {
        let base = n / self.engines;
        let extra = n % self.engines;
        let big = (base + 1) * extra;
        if i < big {
            (i / (base + 1), i % (base + 1))
        } else {
            let e = extra + (i - big) / base.max(1);
            (e, i - self.share(n, e).start)
        }
    }

    /// The rank of the process running `engine`, every process running as many engines as
    /// this one.
    pub fn rank_of_engine(&self, engine: usize) -> usize {
        engine / self.local.len().max(1)
    }

    /// Position of `engine` among this process's engines, if it runs here.
    pub fn local_slot(&self, engine: usize) -> Option<usize> {
        self.local
            .contains(&engine)
            .then(|| engine - self.local.start)
    }

    /// The local engine owning neuron `i` of a population of `n` (its slot among this
    /// process's engines) and the neuron's index in it; `None` when a peer owns it.
    pub fn local_owner(&self, n: usize, i: usize) -> Option<(usize, usize)> {
        let (e, j) = self.owner(n, i);
        self.local_slot(e).map(|slot| (slot, j))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_the_population_and_owner_inverts_them() {
        for n in [1, 2, 7, 10, 1001] {
            for engines in [1, 2, 3, 4, 8] {
                let own = Ownership::single_process(engines).unwrap();
                let mut next = 0;
                for e in 0..engines {
                    let r = own.share(n, e);
                    assert_eq!(r.start, next);
                    next = r.end;
                    for i in r.clone() {
                        assert_eq!(own.owner(n, i), (e, i - r.start), "n={n} e={engines} i={i}");
                    }
                }
                assert_eq!(next, n);
            }
        }
    }

    #[test]
    fn a_process_runs_only_its_engines() {
        let own = Ownership::new(4, 2..4).unwrap();
        assert_eq!(own.local_slot(1), None);
        assert_eq!(own.local_slot(3), Some(1));
        // Ten neurons over four engines: 3, 3, 2, 2.
        assert_eq!(own.local_owner(10, 2), None);
        assert_eq!(own.local_owner(10, 6), Some((0, 0)));
        assert_eq!(own.local_owner(10, 9), Some((1, 1)));
        assert!(Ownership::new(4, 3..3).is_err());
        assert!(Ownership::new(2, 1..3).is_err());
        assert!(Ownership::single_process(0).is_err());
    }
}
