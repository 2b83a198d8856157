//! What processes send each other, as bytes: a fixed little-endian layout of the few records
//! they exchange (the slice's traffic, numbers to agree on, errors, recorders' samples).
//! Both ends run the same build, so the layout needs no version.

use std::sync::{Mutex, OnceLock};

use super::{Exchange, Stop, Traffic};
use crate::error::{Error, Result};

/// Appends records to a byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub(crate) fn u32(&mut self, v: u32) -> &mut Self {
        self.bytes.extend_from_slice(&v.to_le_bytes());
        self
    }

    pub(crate) fn f64(&mut self, v: f64) -> &mut Self {
        self.u64(v.to_bits())
    }

    pub(crate) fn str(&mut self, s: &str) -> &mut Self {
        self.u64(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
        self
    }

    pub(crate) fn f64s(&mut self, v: &[f64]) -> &mut Self {
        self.u64(v.len() as u64);
        v.iter().for_each(|&x| {
            self.f64(x);
        });
        self
    }
}

/// Reads records back in the order they were written.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    /// Checks that everything was read.
    pub(crate) fn finish(&self) -> Result<()> {
        if self.bytes.is_empty() {
            return Ok(());
        }
        Err(Error::Backend {
            model: "exchange",
            message: format!("a peer's message has {} bytes too many", self.bytes.len()),
        })
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.bytes.len() < n {
            return Err(Error::Backend {
                model: "exchange",
                message: format!(
                    "a peer's message ends early ({} bytes short)",
                    n - self.bytes.len()
                ),
            });
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    pub(crate) fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        Ok(u64::from_le_bytes(b.try_into().expect("eight bytes")))
    }

    pub(crate) fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes(b.try_into().expect("four bytes")))
    }

    pub(crate) fn usize(&mut self) -> Result<usize> {
        Ok(self.u64()? as usize)
    }

    pub(crate) fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_bits(self.u64()?))
    }

    pub(crate) fn str(&mut self) -> Result<String> {
        let n = self.usize()?;
        Ok(String::from_utf8_lossy(self.take(n)?).into_owned())
    }

    pub(crate) fn f64s(&mut self) -> Result<Vec<f64>> {
        let n = self.usize()?;
        (0..n).map(|_| self.f64()).collect()
    }
}

impl Traffic {
    /// The traffic as bytes, for an exchange between processes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        put_traffic(self, &mut w);
        w.bytes
    }

    /// Adds the traffic `bytes` hold (written by [`to_bytes`](Self::to_bytes)) to this one.
    pub fn add_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        let mut r = Reader::new(bytes);
        add_traffic(&mut r, self)?;
        r.finish()
    }
}

/// Writes a slice's traffic: spikes in 8 bytes each, the step as an offset from the slice's
/// earliest (16 bytes in the unlikely case of a slice of 2^32 steps or more).
fn put_traffic(t: &Traffic, w: &mut Writer) {
    w.u64(t.spikes.len() as u64);
    let base = t.spikes.iter().map(|s| s.0).min().unwrap_or(0);
    let last = t.spikes.iter().map(|s| s.0).max().unwrap_or(0);
    let wide = last - base > u64::from(u32::MAX);
    w.u64(base).u64(u64::from(wide));
    for &(step, node) in &t.spikes {
        if wide {
            w.u64(step - base);
        } else {
            w.u32((step - base) as u32);
        }
        w.u32(node);
    }
    w.u64(t.rates.len() as u64);
    for &(step, index, v) in &t.rates {
        w.u64(step).u64(u64::from(index)).f64(v);
    }
    w.u64(u64::from(t.interrupt));
    match t.stop {
        None => w.u64(0),
        Some(s) => w
            .u64(1)
            .u64(s.step)
            .u64(s.node.map_or(0, |n| u64::from(n) + 1))
            .u64(u64::from(s.engine))
            .str(s.reason),
    };
}

/// Reads a slice's traffic and adds it to `into`.
fn add_traffic(r: &mut Reader<'_>, into: &mut Traffic) -> Result<()> {
    let n = r.usize()?;
    let base = r.u64()?;
    let wide = r.u64()? != 0;
    into.spikes.reserve(n.min(r.bytes.len() / 8));
    for _ in 0..n {
        let offset = if wide { r.u64()? } else { u64::from(r.u32()?) };
        into.spikes.push((base.wrapping_add(offset), r.u32()?));
    }
    let n = r.usize()?;
    for _ in 0..n {
        into.rates.push((r.u64()?, r.u64()? as u32, r.f64()?));
    }
    into.interrupt |= r.u64()? != 0;
    if r.u64()? == 1 {
        let step = r.u64()?;
        let node = r.u64()?.checked_sub(1).map(|n| n as u32);
        let engine = r.u64()? as u32;
        let reason = intern(&r.str()?);
        into.note_stop(Some(Stop {
            step,
            node,
            reason,
            engine,
        }));
    }
    Ok(())
}

/// The reason of a peer's stop as the `'static` text a [`Stop`] holds: each distinct text is
/// kept once (there are as many as the models have failure conditions).
pub(crate) fn intern(text: &str) -> &'static str {
    static TEXTS: OnceLock<Mutex<Vec<&'static str>>> = OnceLock::new();
    let mut texts = TEXTS
        .get_or_init(Default::default)
        .lock()
        .expect("not poisoned");
    if let Some(t) = texts.iter().find(|t| **t == text) {
        return t;
    }
    let t: &'static str = Box::leak(text.to_owned().into_boxed_str());
    texts.push(t);
    t
}

/// Every process's numbers, in rank order (each gives as many).
pub(crate) fn gather_u64s(ex: &mut dyn Exchange, mine: &[u64]) -> Result<Vec<Vec<u64>>> {
    let mut w = Writer::default();
    mine.iter().for_each(|&v| {
        w.u64(v);
    });
    let parts = ex.all_gather(&w.bytes)?;
    parts
        .iter()
        .map(|p| {
            let mut r = Reader::new(p);
            (0..mine.len()).map(|_| r.u64()).collect()
        })
        .collect()
}

/// Every process's values, concatenated in rank order (each may give any number).
pub(crate) fn gather_f64s(ex: &mut dyn Exchange, mine: &[f64]) -> Result<Vec<f64>> {
    if ex.ranks() == 1 {
        return Ok(mine.to_vec());
    }
    let mut w = Writer::default();
    w.f64s(mine);
    let mut all = Vec::new();
    for part in ex.all_gather(&w.bytes)? {
        let mut r = Reader::new(&part);
        all.extend(r.f64s()?);
        r.finish()?;
    }
    Ok(all)
}

/// One outcome for every process: when some process failed, the error of the lowest failing
/// rank, which the other processes return as [`Error::Peer`] with its message (a process that
/// failed with the same message keeps its own error). Collective.
pub(crate) fn agree<T>(ex: &mut dyn Exchange, outcome: Result<T>) -> Result<T> {
    if ex.ranks() == 1 {
        return outcome;
    }
    let mine = outcome.as_ref().err().map(ToString::to_string);
    let mut w = Writer::default();
    match &mine {
        None => w.u64(0),
        Some(m) => w.u64(1).str(m),
    };
    let parts = ex.all_gather(&w.bytes)?;
    for (rank, part) in parts.iter().enumerate() {
        let mut r = Reader::new(part);
        if r.u64()? == 1 {
            let message = r.str()?;
            if mine.as_ref() == Some(&message) {
                return outcome;
            }
            return Err(Error::Peer { rank, message });
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spikes_far_apart_read_back() {
        let t = Traffic {
            spikes: vec![(5, 1), (5 + (1 << 33), 2)],
            ..Traffic::default()
        };
        let mut back = Traffic::default();
        back.add_bytes(&t.to_bytes()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn traffic_reads_back_as_written() {
        let t = Traffic {
            spikes: vec![(1 << 40, 9), ((1 << 40) + 19, u32::MAX)],
            rates: vec![(2, 0, -0.5), (2, 7, f64::MIN_POSITIVE)],
            stop: Some(Stop {
                step: 7,
                node: Some(0),
                reason: "V_m diverged",
                engine: 3,
            }),
            interrupt: true,
        };
        let bytes = t.to_bytes();
        let mut back = Traffic::default();
        back.add_bytes(&bytes).unwrap();
        assert_eq!(back, t);
        // A message cut short, or too long, is an error, not a panic.
        for len in 0..bytes.len() {
            let cut = Traffic::default().add_bytes(&bytes[..len]);
            assert!(cut.is_err(), "{len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Traffic::default().add_bytes(&longer).is_err());
    }
}
