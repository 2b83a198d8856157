//! The exchange: once per min-delay slice, what every engine emitted (spikes, the values rate
//! nodes send, and where an engine stopped) reaches every engine, merged in one order.
//!
//! The in-process exchange merges the engines of one process. An exchange between processes
//! (MPI ranks) implements the same trait: it merges its local engines' traffic with its peers'
//! so that every process sees the same merged traffic. Because the merge sorts spikes by
//! (step, node) and keeps the earliest stop, the result does not depend on how nodes are split
//! among engines or processes.
//!
//! Between processes, the exchange also carries what they must agree on outside the slices'
//! traffic ([`Exchange::all_gather`]): the delays that set the slice length, errors that only
//! one process met, recorders' samples of nodes owned elsewhere. [`codec`] writes those as
//! bytes; [`mpi`] (feature `mpi`) is the exchange between MPI ranks.

pub mod codec;
#[cfg(feature = "mpi")]
pub mod mpi;

use crate::error::Result;

/// Where an engine stopped within a slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    /// The step that failed.
    pub step: u64,
    /// The node whose update failed; `None` when the kernel backend failed.
    pub node: Option<u32>,
    /// The condition that failed (for a backend failure, the backend's error as it reads).
    pub reason: &'static str,
    /// The engine that stopped (its index over all processes).
    pub engine: u32,
}

impl Stop {
    /// Order of stops: the earliest step, then the lowest node (a backend failure first).
    fn key(&self) -> (u64, u64) {
        (self.step, self.node.map_or(0, |n| u64::from(n) + 1))
    }
}

/// What engines emit during one slice and every engine must see.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Traffic {
    /// Spikes as (step, node); sorted by (step, node) once merged.
    pub spikes: Vec<(u64, u32)>,
    /// Values rate nodes send: (step at which the value is sent, rate-node index, value).
    pub rates: Vec<(u64, u32, f64)>,
    /// The earliest stop, if an engine stopped.
    pub stop: Option<Stop>,
    /// A request to stop at the end of this slice ([`crate::StopFlag`]) reached some process.
    pub interrupt: bool,
}

impl Traffic {
    /// Empties the traffic, keeping its memory.
    pub fn clear(&mut self) {
        self.spikes.clear();
        self.rates.clear();
        self.stop = None;
        self.interrupt = false;
    }

    /// Adds `other`'s traffic to this one (in no particular order until [`settle`](Self::settle)).
    pub fn append(&mut self, other: &Traffic) {
        self.spikes.extend_from_slice(&other.spikes);
        self.rates.extend_from_slice(&other.rates);
        self.note_stop(other.stop);
        self.interrupt |= other.interrupt;
    }

    /// Keeps the earlier of the current stop and `stop`.
    pub fn note_stop(&mut self, stop: Option<Stop>) {
        if let Some(s) = stop {
            if self.stop.is_none_or(|cur| s.key() < cur.key()) {
                self.stop = Some(s);
            }
        }
    }

    /// Puts merged traffic in its canonical order and, after a stop, keeps what happened
    /// before it: every spike of the steps before the failing step, and the spikes the failing
    /// node emitted earlier in that step. Engines that did not fail ran on to the end of the
    /// slice; what they emitted from the failing step on is dropped, so the kept data do not
    /// depend on how nodes are split among engines.
    pub fn settle(&mut self) {
        self.spikes.sort_unstable();
        if let Some(stop) = self.stop {
            self.spikes
                .retain(|&(s, n)| s < stop.step || (s == stop.step && Some(n) == stop.node));
            self.rates.retain(|&(s, _, _)| s <= stop.step);
        }
    }
}

/// What an exchange between processes moved, summed over a simulator's life (all zero within
/// one process).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ExchangeStats {
    /// Slices whose traffic was exchanged.
    pub slices: u64,
    /// Collective calls (one per slice, and those of agreements and gathered recordings).
    pub collectives: u64,
    /// Bytes this process sent (once, to all peers).
    pub bytes_sent: u64,
    /// Bytes this process received from every process, itself included.
    pub bytes_received: u64,
    /// Wall-clock seconds spent in the collective calls, waiting for peers included.
    pub seconds: f64,
}

/// Moves the traffic of one slice between engines.
pub trait Exchange: Send {
    /// Merges `local`, the traffic of this process's engines, with the traffic of every other
    /// process into `merged`, which every process must receive identical and
    /// [settled](Traffic::settle).
    fn exchange(&mut self, local: &[&Traffic], merged: &mut Traffic) -> Result<()>;

    /// This process's number among the processes (0 in a single process).
    fn rank(&self) -> usize {
        0
    }

    /// Number of processes (1 in a single process).
    fn ranks(&self) -> usize {
        1
    }

    /// Gives every process the `bytes` of every process, in rank order. Collective: every
    /// process calls it at the same point with its own part.
    fn all_gather(&mut self, bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
        Ok(vec![bytes.to_vec()])
    }

    /// What this exchange moved between processes so far.
    fn stats(&self) -> ExchangeStats {
        ExchangeStats::default()
    }
}

/// An exchange's slice merge through its [`Exchange::all_gather`]: this process's engines'
/// traffic as bytes to every process, and every process's merged in canonical order. What an
/// exchange between processes does once per slice.
pub fn merge_gathered<E: Exchange + ?Sized>(
    ex: &mut E,
    local: &[&Traffic],
    merged: &mut Traffic,
) -> Result<()> {
    merged.clear();
    local.iter().for_each(|t| merged.append(t));
    let parts = ex.all_gather(&merged.to_bytes())?;
    merged.clear();
    for part in &parts {
        merged.add_bytes(part)?;
    }
    merged.settle();
    Ok(())
}

/// The exchange of a single process: its engines' traffic is all there is.
#[derive(Clone, Copy, Debug, Default)]
pub struct InProcess;

impl Exchange for InProcess {
    fn exchange(&mut self, local: &[&Traffic], merged: &mut Traffic) -> Result<()> {
        merged.clear();
        for t in local {
            merged.append(t);
        }
        merged.settle();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop(step: u64, node: Option<u32>) -> Option<Stop> {
        Some(Stop {
            step,
            node,
            reason: "test",
            engine: 0,
        })
    }

    #[test]
    fn merging_sorts_spikes_and_keeps_the_earliest_stop() {
        let a = Traffic {
            spikes: vec![(3, 9), (1, 4)],
            rates: vec![(2, 0, 0.5)],
            stop: stop(7, Some(4)),
            ..Traffic::default()
        };
        let b = Traffic {
            spikes: vec![(1, 2), (3, 1)],
            rates: vec![],
            stop: stop(7, Some(2)),
            ..Traffic::default()
        };
        let mut m = Traffic::default();
        InProcess.exchange(&[&a, &b], &mut m).unwrap();
        assert_eq!(m.spikes, vec![(1, 2), (1, 4), (3, 1), (3, 9)]);
        assert_eq!(m.stop, stop(7, Some(2)));
        // The same traffic split differently merges to the same result.
        let mut m2 = Traffic::default();
        InProcess.exchange(&[&b, &a], &mut m2).unwrap();
        assert_eq!(m, m2);
    }

    #[test]
    fn a_stop_keeps_earlier_steps_and_the_failing_nodes_own_spikes() {
        let mut t = Traffic {
            spikes: vec![(4, 1), (5, 0), (5, 3), (5, 7), (6, 3), (3, 8)],
            rates: vec![(5, 0, 1.0), (6, 0, 2.0)],
            stop: stop(5, Some(3)),
            ..Traffic::default()
        };
        t.settle();
        assert_eq!(t.spikes, vec![(3, 8), (4, 1), (5, 3)]);
        assert_eq!(t.rates, vec![(5, 0, 1.0)]);
        // A backend failure keeps no spike of its step.
        let mut t = Traffic {
            spikes: vec![(4, 1), (5, 0)],
            rates: vec![],
            stop: stop(5, None),
            ..Traffic::default()
        };
        t.settle();
        assert_eq!(t.spikes, vec![(4, 1)]);
    }
}
