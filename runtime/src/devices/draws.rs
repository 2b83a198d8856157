//! The random numbers of devices: shared and per-target streams, Poisson numbers from a
//! table, binomial numbers.

use super::*;

/// Stream key of a device's draws shared by all its targets (mother trains, shared trains):
/// above every node index, which keys the per-target streams.
pub(crate) const SHARED_KEY: u64 = 1 << 32;

/// The stream of a device's draws shared by all its targets: every engine holding a copy of
/// the device draws the same numbers.
pub(crate) fn shared_stream(seed: u64, id: u64) -> Stream {
    Stream::new(seed, SHARED_KEY, streams::DEVICE_BASE + id)
}

/// Poisson numbers for one fixed mean: inversion through a precomputed cumulative table for
/// small means (one uniform per draw), the stream's general sampler otherwise.
#[derive(Clone, Debug)]
pub(crate) struct PoissonSampler {
    pub(crate) lambda: f64,
    pub(crate) cdf: Vec<f64>,
    /// `guide[b]`: how many cumulative probabilities are at or below `b / GUIDE`, where the
    /// search for a uniform in `[b / GUIDE, (b + 1) / GUIDE)` starts.
    guide: Box<[u8; GUIDE]>,
}

/// Buckets of the guide table (a power of two, so that `u · GUIDE` is exact).
pub(crate) const GUIDE: usize = 256;

impl PoissonSampler {
    pub(crate) fn new(lambda: f64) -> Self {
        let mut cdf = Vec::new();
        if lambda < 10.0 {
            let mut p = (-lambda).exp();
            let mut total = p;
            cdf.push(total);
            let mut k = 0.0;
            while 1.0 - total > 1e-16 && p > 0.0 {
                k += 1.0;
                p *= lambda / k;
                total += p;
                cdf.push(total);
            }
        }
        // The table has at most a few dozen entries (mean below 10, tail to 1e-16).
        let mut guide = Box::new([0u8; GUIDE]);
        for (b, g) in guide.iter_mut().enumerate() {
            let edge = b as f64 / GUIDE as f64;
            *g = u8::try_from(cdf.iter().filter(|&&c| c <= edge).count())
                .expect("a Poisson table of fewer than 256 entries");
        }
        PoissonSampler { lambda, cdf, guide }
    }

    pub(crate) fn sample(&self, rng: &mut Stream) -> u64 {
        if self.cdf.is_empty() {
            return rng.poisson(self.lambda);
        }
        let u = rng.uniform();
        match self.lookup(u) {
            Some(k) => k,
            // Beyond the table (probability < 1e-16): draw exactly.
            None => rng.poisson(self.lambda),
        }
    }

    /// The count a uniform `u` in [0, 1) gives by the table: the number of cumulative
    /// probabilities at or below `u`, or None beyond the table. The guide table gives the count
    /// at the lower edge of `u`'s bucket (exact: `u · GUIDE` is a power-of-two scaling), and the
    /// search goes on from there, usually not at all.
    #[inline]
    pub(crate) fn lookup(&self, u: f64) -> Option<u64> {
        let k = self.count(u);
        (k < self.cdf.len() as u64).then_some(k)
    }

    /// The number of cumulative probabilities at or below `u` (the table's length when `u`
    /// lies beyond it).
    #[inline]
    pub(crate) fn count(&self, u: f64) -> u64 {
        // u in [0, 1): u · 256 is exact and below 256 (`as u8` saturates, which only matters
        // for u = 1 - 2^-53 rounding up, where bucket 255 is still right).
        let mut k = self.guide[usize::from((u * GUIDE as f64) as u8)] as usize;
        while k < self.cdf.len() && self.cdf[k] <= u {
            k += 1;
        }
        k as u64
    }
}

/// How many of `n` processes move on in a step where each does with probability `p`: binomial,
/// or Poisson of mean `n p` capped at `n` where NEST approximates the binomial by it
/// (gamma_sup_generator, ppd_sup_generator: `n >= 100` and `p <= 0.01`, or `n >= 500` and
/// `n p <= 0.1`).
pub(crate) fn transitions(n: u64, p: f64, rng: &mut Stream) -> u64 {
    if n == 0 {
        return 0;
    }
    if (n >= 100 && p <= 0.01) || (n >= 500 && p * n as f64 <= 0.1) {
        return rng.poisson(p * n as f64).min(n);
    }
    binomial(n, p, rng)
}

/// A binomial number of successes in `n` trials of probability `p`, exactly: for `p <= 1/2`
/// by geometric gaps between successes (`floor(ln U / ln(1 - p))` failures before each, `U`
/// uniform in (0, 1)), about `n p + 1` uniforms; for `p > 1/2` as `n` minus the failures.
pub(crate) fn binomial(n: u64, p: f64, rng: &mut Stream) -> u64 {
    if p <= 0.0 || n == 0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if p > 0.5 {
        return n - binomial(n, 1.0 - p, rng);
    }
    let log_q = (-p).ln_1p();
    let mut successes = 0;
    // Trials used so far, as f64 so that a huge gap cannot overflow.
    let mut used = 0.0;
    loop {
        used += (rng.uniform_open().ln() / log_q).floor() + 1.0;
        if used > n as f64 {
            return successes;
        }
        successes += 1;
    }
}

/// The targets' streams of device `id`, created on first use.
pub(crate) fn streams_for<'a>(
    streams: &'a mut Vec<Stream>,
    targets: &[DeviceTarget],
    seed: u64,
    id: u64,
) -> &'a mut [Stream] {
    if streams.len() != targets.len() {
        *streams = targets
            .iter()
            .map(|t| Stream::new(seed, t.node as u64, streams::DEVICE_BASE + id))
            .collect();
    }
    streams
}
