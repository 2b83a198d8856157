//! Recorders across processes (MPI ranks): every rank's recorders collect the events of all
//! ranks, so that what a user reads, and what rank 0 writes, is what one process records.
//!
//! Spikes need nothing here (every rank receives the merged spikes). Samples are read by
//! probes in the engines that own the sampled nodes: each slice, every rank packs its probes'
//! samples, the exchange gathers them, and the recorders collect every rank's part as if all
//! probes were local. The spikes synapses transmitted (weight recorders) are gathered and
//! merged in their canonical order.

use super::{Entry, ProbeRef, Transmitted};
use crate::engine::Engine;
use crate::error::Result;
use crate::exchange::Exchange;
use crate::exchange::codec::{Reader, Writer};

/// Every rank's probes of each recorder (none for recorders without probes), in rank order.
pub(super) fn probes(
    list: &[Entry],
    engines: &mut [Engine],
    ex: &mut dyn Exchange,
) -> Result<Vec<Vec<Box<ProbeRef>>>> {
    let mut w = Writer::default();
    for (r, entry) in list.iter().enumerate() {
        if !entry.gathers() {
            continue;
        }
        for probe in engines
            .iter_mut()
            .filter_map(|e| e.probes.get_mut(r)?.as_deref_mut())
        {
            w.u64(1);
            probe.pack(&mut w);
        }
        w.u64(0);
    }
    let parts = ex.all_gather(&w.bytes)?;
    let mut out: Vec<Vec<Box<ProbeRef>>> = list.iter().map(|_| Vec::new()).collect();
    for part in &parts {
        let mut rd = Reader::new(part);
        for (r, entry) in list.iter().enumerate() {
            if !entry.gathers() {
                continue;
            }
            while rd.u64()? == 1 {
                out[r].push(entry.recorder.unpack(&mut rd)?);
            }
        }
        rd.finish()?;
    }
    Ok(out)
}

/// The spikes every rank's synapses transmitted in a slice, merged in the order one process
/// gives them: by (step, sender, target), ties in rank order (a target lives on one rank).
pub(crate) fn transmitted(
    mine: Vec<Transmitted>,
    ex: &mut dyn Exchange,
) -> Result<Vec<Transmitted>> {
    let mut w = Writer::default();
    w.u64(mine.len() as u64);
    for t in &mine {
        w.u64(t.store as u64)
            .u64(t.step)
            .u64(t.sender as u64)
            .u64(t.target as u64)
            .f64(t.weight)
            .u64(u64::from(t.receptor));
    }
    let mut all = Vec::new();
    for part in ex.all_gather(&w.bytes)? {
        let mut r = Reader::new(&part);
        for _ in 0..r.u64()? {
            all.push(Transmitted {
                store: r.usize()?,
                step: r.u64()?,
                sender: r.usize()?,
                target: r.usize()?,
                weight: r.f64()?,
                receptor: r.u64()? as u16,
            });
        }
        r.finish()?;
    }
    Transmitted::sort(&mut all);
    Ok(all)
}
