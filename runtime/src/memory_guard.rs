//! The memory guard: before a connect call allocates, what it will need, against what the
//! machine can give (the smaller of the cgroup's limit minus its use and the kernel's
//! `MemAvailable`) or a limit the user set. A call that would not fit is refused with both
//! numbers, instead of the process being killed halfway through.
//!
//! The estimate counts the bytes a call writes: the (source, target) pairs it draws (8 per
//! connection, freed at the end of the call), what the connection store adds per connection,
//! the duplicate check of `fixed_total_number` without multapses (a hash set of pairs), and the
//! per-node lists of both collections. Memory that is reserved but not written does not count,
//! as the operating system does not give it pages.

use crate::connect::{ConnSpec, Rule};
use crate::error::{Error, Result};

/// Bytes per connection of the drawn pairs, `(u32, u32)`.
const PAIR_BYTES: f64 = 8.0;
/// Bytes per node of a collection's lists (position, population, index and node).
const NODE_BYTES: f64 = 32.0;
/// Bytes per pair of the duplicate check (a hash set of `(usize, usize)` at its load factor).
const SEEN_BYTES: f64 = 36.0;
/// Bernoulli counts are estimated this many standard deviations above their mean.
const BERNOULLI_MARGIN: f64 = 5.0;

/// What a connect call is expected to need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConnectEstimate {
    /// Connections the call makes (for `pairwise_bernoulli`, a bound a few standard
    /// deviations above the mean).
    pub connections: f64,
    /// Bytes it writes at its peak.
    pub bytes: f64,
}

/// The connections `spec` makes between `n_src` sources and `n_tgt` targets (autapses
/// included; they are few).
pub(crate) fn connections(spec: &ConnSpec, n_src: usize, n_tgt: usize) -> f64 {
    let (s, t) = (n_src as f64, n_tgt as f64);
    match spec.rule {
        Rule::AllToAll => s * t,
        Rule::OneToOne => s,
        Rule::FixedIndegree(k) => k as f64 * t,
        Rule::FixedOutdegree(k) => k as f64 * s,
        Rule::FixedTotalNumber(n) => n as f64,
        Rule::PairwiseBernoulli(p) => {
            let p = p.clamp(0.0, 1.0);
            let mean = p * s * t;
            mean + BERNOULLI_MARGIN * (mean * (1.0 - p)).sqrt()
        }
        Rule::PairwisePoisson(mean) => {
            let mean = mean.max(0.0) * s * t;
            mean + BERNOULLI_MARGIN * mean.sqrt()
        }
        Rule::SymmetricPairwiseBernoulli(p) => {
            let p = p.clamp(0.0, 1.0);
            let mean = p * s * t;
            2.0 * (mean + BERNOULLI_MARGIN * (mean * (1.0 - p)).sqrt())
        }
    }
}

/// The estimate of a call whose store adds `store_bytes` per connection.
pub(crate) fn estimate(
    spec: &ConnSpec,
    n_src: usize,
    n_tgt: usize,
    store_bytes: usize,
) -> ConnectEstimate {
    let connections = connections(spec, n_src, n_tgt);
    let mut per_connection = PAIR_BYTES + store_bytes as f64;
    if matches!(spec.rule, Rule::FixedTotalNumber(_)) && !spec.allow_multapses {
        per_connection += SEEN_BYTES;
    }
    let nodes = (n_src + n_tgt) as f64 * NODE_BYTES;
    ConnectEstimate {
        connections,
        bytes: connections * per_connection + nodes,
    }
}

/// Where the memory a call may take comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Budget {
    /// The user's limit.
    Limit(u64),
    /// What the machine has free.
    Available(u64),
}

/// The smaller of the user's `limit` and what the machine has free; `None` when neither is
/// known.
pub(crate) fn budget(limit: Option<u64>) -> Option<Budget> {
    match (limit, available()) {
        (Some(l), Some(a)) if a < l => Some(Budget::Available(a)),
        (Some(l), _) => Some(Budget::Limit(l)),
        (None, a) => a.map(Budget::Available),
    }
}

/// Refuses a call whose estimate exceeds the budget.
pub(crate) fn check(estimate: ConnectEstimate, budget: Option<Budget>) -> Result<()> {
    let (bytes, budget) = match budget {
        Some(Budget::Limit(b)) => (b, "the memory limit set for this simulator"),
        Some(Budget::Available(b)) => (b, "the memory available to this process"),
        None => return Ok(()),
    };
    if estimate.bytes <= bytes as f64 {
        return Ok(());
    }
    Err(Error::OutOfMemory {
        what: format!("{:.0} connections", estimate.connections),
        needed: estimate.bytes as u64,
        available: bytes,
        budget,
    })
}

/// The memory this process can still take: the smaller of the cgroup's limit minus its use
/// and `MemAvailable` (Linux); `None` elsewhere.
pub fn available() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok();
    let free = meminfo.as_deref().and_then(mem_available);
    match (free, cgroup_room()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `MemAvailable` of a `/proc/meminfo` text, in bytes.
fn mem_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The cgroup's limit minus its use (v2, else v1), when it has a limit.
fn cgroup_room() -> Option<u64> {
    let read = |p: &str| std::fs::read_to_string(p).ok();
    let pairs = [
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ];
    pairs
        .iter()
        .find_map(|(limit, usage)| room(read(limit)?.trim(), read(usage)?.trim()))
}

/// A cgroup's `limit` minus its `usage` (texts as the files hold them); `None` without a
/// limit ("max", or v1's huge number).
fn room(limit: &str, usage: &str) -> Option<u64> {
    let limit: u64 = limit.parse().ok()?;
    let usage: u64 = usage.parse().ok()?;
    (limit < 1 << 60).then(|| limit.saturating_sub(usage))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_rules() {
        let spec = |rule| ConnSpec::from(rule);
        assert_eq!(connections(&spec(Rule::AllToAll), 30, 20), 600.0);
        assert_eq!(connections(&spec(Rule::OneToOne), 30, 30), 30.0);
        assert_eq!(connections(&spec(Rule::FixedIndegree(5)), 30, 20), 100.0);
        assert_eq!(connections(&spec(Rule::FixedOutdegree(5)), 30, 20), 150.0);
        assert_eq!(connections(&spec(Rule::FixedTotalNumber(7)), 30, 20), 7.0);
        let b = connections(&spec(Rule::PairwiseBernoulli(0.1)), 100, 100);
        // 1000 expected, plus five standard deviations (30).
        assert!((b - 1000.0 - 5.0 * 900f64.sqrt()).abs() < 1e-9, "{b}");
    }

    #[test]
    fn meminfo_and_cgroup_files_are_read() {
        let text = "MemTotal:       24000000 kB\nMemAvailable:   1000 kB\n";
        assert_eq!(mem_available(text), Some(1_024_000));
        assert_eq!(mem_available("MemTotal: 5 kB\n"), None);
        assert_eq!(room("max", "100"), None);
        assert_eq!(room("9223372036854771712", "100"), None);
        assert_eq!(room("1000", "300"), Some(700));
        assert_eq!(room("1000", "3000"), Some(0));
    }

    #[test]
    fn a_call_over_the_budget_is_refused_with_both_numbers() {
        let e = estimate(&ConnSpec::from(Rule::AllToAll), 1000, 1000, 10);
        assert_eq!(e.bytes, 1e6 * 18.0 + 2000.0 * 32.0);
        check(e, Some(Budget::Limit(20_000_000))).unwrap();
        check(e, None).unwrap();
        let err = check(e, Some(Budget::Limit(1_000_000))).unwrap_err();
        let text = err.to_string();
        for part in ["1000000 connections", "18.1 MB", "1.0 MB", "limit"] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
        assert_eq!(budget(Some(10)), Some(Budget::Limit(10)));
    }
}
