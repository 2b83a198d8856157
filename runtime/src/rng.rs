//! Counter-based random numbers: every draw is a pure function of `(seed, key, stream, position)`.
//!
//! A simulation that hands each independent unit of work its own [`Stream`] (for instance
//! `key` = node id and `stream` = step number) gets bitwise-identical results however the work is
//! split between threads, because no generator state is shared or carried between units.
//!
//! # Generator
//!
//! The bit source is Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as
//! easy as 1, 2, 3", SC 2011), implemented here from that description: a 4×32-bit counter and a
//! 2×32-bit key go through 10 rounds, each round two 32×32→64-bit multiplies (multipliers
//! `0xD2511F53`, `0xCD9E8D57`), and the key is bumped between rounds by the Weyl increments
//! `0x9E3779B9`, `0xBB67AE85`. It needs nothing but 32-bit integer arithmetic with 64-bit
//! products, and no tables, so the same function can be emitted as CUDA C.
//!
//! # Mapping of `(seed, key, stream)` onto Philox
//!
//! * Philox key: `[k0, k1]` = low and high halves of `K = mix64(mix64(seed + G) + key)`
//!   (wrapping additions), where `G = 0x9E3779B97F4A7C15` and `mix64` is the splitmix64
//!   finaliser (`z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB;
//!   z ^= z >> 31`), i.e. `mix64(seed + G)` is the first output of splitmix64 seeded with `seed`.
//!   `mix64` is a bijection, so for one seed distinct keys always give distinct Philox keys; two
//!   pairs `(s1, k1) != (s2, k2)` with different seeds collide only if `k2 - k1` equals the
//!   pseudo-random 64-bit difference `mix64(s1 + G) - mix64(s2 + G)`, which never happens for
//!   node-id-sized keys in practice. See [`derive_key`].
//! * Philox counter: `[block_lo, block_hi, stream_lo, stream_hi]`, where `block` is the stream's
//!   internal 64-bit block index (starting at 0, incremented after each block; it wraps after
//!   2^64 blocks, which is unreachable in practice) and `stream` the stream id.
//! * Each block gives four `u32` words, consumed in order `out[0], out[1], out[2], out[3]`.
//!
//! # Stream ids
//!
//! Ids below [`streams::DEVICE_BASE`] (= 2^62) are free for step- or time-indexed use; ids in
//! `[DEVICE_BASE, 2^63)` are for stimulation and recording devices; ids from 2^63 on are built by
//! [`streams::wiring`] for network construction and user programs. See [`streams`].

/// Philox round multiplier for the first word pair.
const PHILOX_M0: u32 = 0xD251_1F53;
/// Philox round multiplier for the second word pair.
const PHILOX_M1: u32 = 0xCD9E_8D57;
/// Weyl increment of key word 0 between rounds (golden ratio).
const PHILOX_W0: u32 = 0x9E37_79B9;
/// Weyl increment of key word 1 between rounds (sqrt(3) - 1).
const PHILOX_W1: u32 = 0xBB67_AE85;

/// Splitmix64 increment (2^64 / golden ratio).
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// 2^-53: the spacing of the 53-bit grid used by [`Stream::uniform`].
const TWO_POW_M53: f64 = 1.0 / 9_007_199_254_740_992.0;
/// 2^-52: the spacing of the 52-bit grid used by [`Stream::uniform_open`].
const TWO_POW_M52: f64 = 1.0 / 4_503_599_627_370_496.0;

/// Below this mean [`Stream::poisson`] uses inversion, at or above it PTRS.
const POISSON_INVERSION_MAX: f64 = 10.0;

/// Philox4x32-10 block function: 4×32-bit counter, 2×32-bit key → 4×32-bit output.
///
/// Each of the 10 rounds maps `(x0, x1, x2, x3)` with key `(k0, k1)` to
/// `(hi(M1·x2) ^ x1 ^ k0, lo(M1·x2), hi(M0·x0) ^ x3 ^ k1, lo(M0·x0))`, where `hi`/`lo` are the
/// upper and lower 32 bits of the 64-bit product; between rounds `k0 += 0x9E3779B9` and
/// `k1 += 0xBB67AE85` (wrapping). This is the standard Philox4x32 with 10 rounds and reproduces
/// the Random123 known-answer vectors.
#[inline]
pub fn philox4x32_10(counter: [u32; 4], key: [u32; 2]) -> [u32; 4] {
    let [mut x0, mut x1, mut x2, mut x3] = counter;
    let [mut k0, mut k1] = key;
    for round in 0..10 {
        if round > 0 {
            k0 = k0.wrapping_add(PHILOX_W0);
            k1 = k1.wrapping_add(PHILOX_W1);
        }
        let p0 = u64::from(PHILOX_M0) * u64::from(x0);
        let p1 = u64::from(PHILOX_M1) * u64::from(x2);
        let (hi0, lo0) = ((p0 >> 32) as u32, p0 as u32);
        let (hi1, lo1) = ((p1 >> 32) as u32, p1 as u32);
        x0 = hi1 ^ x1 ^ k0;
        x1 = lo1;
        x2 = hi0 ^ x3 ^ k1;
        x3 = lo0;
    }
    [x0, x1, x2, x3]
}

/// [`philox4x32_10`] of one counter under many keys: `out[l] = philox4x32_10(counter, keys[l])`.
/// Written lane by lane over fixed-size arrays so that the compiler vectorises the rounds (the
/// 32×32→64-bit products map to packed multiplies); on x86-64 with AVX2 (detected at run time)
/// it is compiled for AVX2, where they do. The results are the scalar function's either way.
pub fn philox4x32_10_keys(counter: [u32; 4], keys: &[[u32; 2]], out: &mut [[u32; 4]]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2.
        unsafe { philox_keys_avx2(counter, keys, out) };
        return;
    }
    philox_keys_lanes(counter, keys, out);
}

/// [`philox_keys_lanes`] with AVX2 intrinsics: eight keys per register, the 32×32→64-bit
/// products of even and odd lanes with two `vpmuludq`, recombined into high and low halves.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn philox_keys_avx2(counter: [u32; 4], keys: &[[u32; 2]], out: &mut [[u32; 4]]) {
    use std::arch::x86_64::*;
    const L: usize = 8;
    let whole = keys.len() / L * L;
    // (hi, lo) of m · x in every lane.
    #[inline(always)]
    unsafe fn mulhilo(m: __m256i, x: __m256i) -> (__m256i, __m256i) {
        // SAFETY: only called from the AVX2 function below.
        unsafe {
            let even = _mm256_mul_epu32(x, m);
            let odd = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), m);
            let lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0b1010_1010);
            let hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0b1010_1010);
            (hi, lo)
        }
    }
    // SAFETY: the caller checked that the CPU has AVX2; loads and stores are unaligned
    // ones of whole local arrays.
    unsafe {
        let m0 = _mm256_set1_epi32(PHILOX_M0 as i32);
        let m1 = _mm256_set1_epi32(PHILOX_M1 as i32);
        let w0 = _mm256_set1_epi32(PHILOX_W0 as i32);
        let w1 = _mm256_set1_epi32(PHILOX_W1 as i32);
        for (kc, oc) in keys[..whole].chunks_exact(L).zip(out.chunks_exact_mut(L)) {
            let mut k0a = [0u32; L];
            let mut k1a = [0u32; L];
            for (l, k) in kc.iter().enumerate() {
                k0a[l] = k[0];
                k1a[l] = k[1];
            }
            let mut k0 = _mm256_loadu_si256(k0a.as_ptr().cast());
            let mut k1 = _mm256_loadu_si256(k1a.as_ptr().cast());
            let mut x0 = _mm256_set1_epi32(counter[0] as i32);
            let mut x1 = _mm256_set1_epi32(counter[1] as i32);
            let mut x2 = _mm256_set1_epi32(counter[2] as i32);
            let mut x3 = _mm256_set1_epi32(counter[3] as i32);
            for round in 0..10 {
                if round > 0 {
                    k0 = _mm256_add_epi32(k0, w0);
                    k1 = _mm256_add_epi32(k1, w1);
                }
                let (hi0, lo0) = mulhilo(m0, x0);
                let (hi1, lo1) = mulhilo(m1, x2);
                x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), k0);
                x1 = lo1;
                x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), k1);
                x3 = lo0;
            }
            let mut words = [[0u32; L]; 4];
            for (w, x) in words.iter_mut().zip([x0, x1, x2, x3]) {
                _mm256_storeu_si256(w.as_mut_ptr().cast(), x);
            }
            for (l, o) in oc.iter_mut().enumerate() {
                *o = [words[0][l], words[1][l], words[2][l], words[3][l]];
            }
        }
    }
    philox_keys_lanes(counter, &keys[whole..], &mut out[whole..]);
}

#[inline(always)]
fn philox_keys_lanes(counter: [u32; 4], keys: &[[u32; 2]], out: &mut [[u32; 4]]) {
    const L: usize = 8;
    for (kc, oc) in keys.chunks(L).zip(out.chunks_mut(L)) {
        let (mut x0, mut x1, mut x2, mut x3) = (
            [counter[0]; L],
            [counter[1]; L],
            [counter[2]; L],
            [counter[3]; L],
        );
        let (mut k0, mut k1) = ([0u32; L], [0u32; L]);
        for (l, k) in kc.iter().enumerate() {
            k0[l] = k[0];
            k1[l] = k[1];
        }
        for round in 0..10 {
            if round > 0 {
                for l in 0..L {
                    k0[l] = k0[l].wrapping_add(PHILOX_W0);
                    k1[l] = k1[l].wrapping_add(PHILOX_W1);
                }
            }
            for l in 0..L {
                let p0 = u64::from(PHILOX_M0) * u64::from(x0[l]);
                let p1 = u64::from(PHILOX_M1) * u64::from(x2[l]);
                x0[l] = (p1 >> 32) as u32 ^ x1[l] ^ k0[l];
                x1[l] = p1 as u32;
                x2[l] = (p0 >> 32) as u32 ^ x3[l] ^ k1[l];
                x3[l] = p0 as u32;
            }
        }
        for (l, o) in oc.iter_mut().enumerate() {
            *o = [x0[l], x1[l], x2[l], x3[l]];
        }
    }
}

/// Streams of one purpose (the same stream id) under many keys, advanced in lockstep: every
/// member draws the same number of words, so they share the block index and the position in
/// the block, and each block is computed for all members at once ([`philox4x32_10_keys`]).
/// Member `i` yields exactly the words of `Stream::new(seed, keys[i], stream)`.
#[derive(Clone, Debug)]
pub struct LockstepStreams {
    stream: [u32; 2],
    keys: Vec<[u32; 2]>,
    block: u64,
    bufs: Vec<[u32; 4]>,
    used: usize,
}

impl LockstepStreams {
    /// Members keyed `(seed, key)` for each of `keys`, all with stream id `stream`.
    pub fn new(seed: u64, keys: impl IntoIterator<Item = u64>, stream: u64) -> Self {
        let keys: Vec<[u32; 2]> = keys.into_iter().map(|k| derive_key(seed, k)).collect();
        LockstepStreams {
            stream: [stream as u32, (stream >> 32) as u32],
            bufs: vec![[0; 4]; keys.len()],
            keys,
            block: 0,
            used: 4,
        }
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Draws one [`Stream::uniform`] for every member, in order, into `out`.
    pub fn uniforms(&mut self, out: &mut [f64]) {
        let hi = self.words();
        let lo = self.words();
        for (k, o) in out.iter_mut().enumerate() {
            let bits = (u64::from(self.bufs[k][hi]) << 32) | u64::from(self.bufs[k][lo]);
            *o = unit_closed_open(bits);
        }
    }

    /// The position in the blocks of the next word, computing the next blocks when needed.
    fn words(&mut self) -> usize {
        if self.used == 4 {
            let b = self.block;
            let counter = [b as u32, (b >> 32) as u32, self.stream[0], self.stream[1]];
            philox4x32_10_keys(counter, &self.keys, &mut self.bufs);
            self.block = b.wrapping_add(1);
            self.used = 0;
        }
        self.used += 1;
        self.used - 1
    }

    /// Member `k` as a [`Stream`] at the current position, to draw further words on its own.
    pub fn split(&self, k: usize) -> Stream {
        Stream {
            key: self.keys[k],
            stream: self.stream,
            block: self.block,
            buf: self.bufs[k],
            used: self.used,
        }
    }
}

/// The splitmix64 output function (a bijection of `u64`).
#[inline]
const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The Philox key `[k0, k1]` used by [`Stream::new`] for `(seed, key)`.
///
/// `K = mix64(mix64(seed + 0x9E3779B97F4A7C15) + key)` (wrapping additions, `mix64` the
/// splitmix64 finaliser), `k0 = K as u32`, `k1 = (K >> 32) as u32`. For a fixed seed the map
/// `key → [k0, k1]` is injective. Exposed so that code generated for other targets (CUDA) can
/// compute the key on the host and reproduce [`Stream`] exactly.
#[inline]
pub const fn derive_key(seed: u64, key: u64) -> [u32; 2] {
    let k = mix64(mix64(seed.wrapping_add(GOLDEN_GAMMA)).wrapping_add(key));
    [k as u32, (k >> 32) as u32]
}

/// Maps 64 random bits to `[0, 1)`: the top 53 bits times 2^-53.
#[inline]
fn unit_closed_open(bits: u64) -> f64 {
    (bits >> 11) as f64 * TWO_POW_M53
}

/// Maps 64 random bits to `(0, 1)`: `(top 52 bits + 1/2) · 2^-52`, all exactly representable,
/// from `2^-53` to `1 - 2^-53`.
#[inline]
fn unit_open(bits: u64) -> f64 {
    ((bits >> 12) as f64 + 0.5) * TWO_POW_M52
}

/// `ln(2π) / 2`.
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_7;

/// Stirling's series `ln Γ(n) - ((n - 1/2) ln n - n + ln(2π)/2)` to the `n^-7` term; the
/// truncation error is below `1/(1188 n^9)` (< 1e-14 for `n >= 17`).
#[inline]
fn stirling_series(n: f64) -> f64 {
    let r = 1.0 / n;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 * (1.0 / 1680.0))))
}

/// `ln(k!)`: exact product for `k < 16` (15! < 2^53), otherwise Stirling's series for
/// `ln Γ(k + 1)`.
fn ln_factorial(k: u64) -> f64 {
    if k < 16 {
        let mut p = 1.0_f64;
        let mut i = 2;
        while i <= k {
            p *= i as f64;
            i += 1;
        }
        return p.ln();
    }
    let n = (k + 1) as f64;
    (n - 0.5) * n.ln() - n + HALF_LN_2PI + stirling_series(n)
}

/// `ln P(K = k)` for `K ~ Poisson(lambda)`, `ln_lambda = ln(lambda)`.
///
/// For `k >= 16` it is evaluated as
/// `(n - lambda) + k ln_1p((lambda - n)/n) - ln(n)/2 - ln(2π)/2 - stirling_series(n)` with
/// `n = k + 1`, which is algebraically `-lambda + k ln lambda - ln k!` but avoids the
/// cancellation of terms of size `lambda ln lambda`, so it stays accurate for huge `lambda`.
fn ln_poisson_pmf(k: u64, lambda: f64, ln_lambda: f64) -> f64 {
    if k < 16 {
        return k as f64 * ln_lambda - lambda - ln_factorial(k);
    }
    let n = (k + 1) as f64;
    (n - lambda) + k as f64 * ((lambda - n) / n).ln_1p()
        - 0.5 * n.ln()
        - HALF_LN_2PI
        - stirling_series(n)
}

/// Hat, squeeze and transformation constants of PTRS for one `lambda >= 10` (see
/// [`Stream::poisson`]).
struct Ptrs {
    /// `ln(lambda)`.
    ln_lambda: f64,
    /// Tail parameter `a` of the transformation `k = ⌊(2a/us + b) U + lambda + 0.43⌋`.
    a: f64,
    /// Scale parameter `b` of that transformation.
    b: f64,
    /// `1/alpha`, the hat's total area relative to the pmf's (the expected iterations).
    #[cfg_attr(not(test), allow(dead_code))]
    inv_alpha: f64,
    /// `ln(1/alpha)`.
    ln_inv_alpha: f64,
    /// Squeeze bound: `V <= v_r` with `us >= 0.07` accepts at once.
    v_r: f64,
}

impl Ptrs {
    /// Safety factor on Hörmann's `1/alpha` (makes the hat dominate; see [`Stream::poisson`]).
    const HAT_SCALE: f64 = 1.01;
    /// Safety factor on Hörmann's `v_r` (keeps the squeeze inside the acceptance region).
    const SQUEEZE_SCALE: f64 = 0.98;

    fn new(lambda: f64) -> Self {
        let b = 0.931 + 2.53 * lambda.sqrt();
        let a = -0.059 + 0.02483 * b;
        let inv_alpha = Self::HAT_SCALE * (1.1239 + 1.1328 / (b - 3.4));
        let v_r = Self::SQUEEZE_SCALE * (0.9277 - 3.6224 / (b - 2.0));
        Self {
            ln_lambda: lambda.ln(),
            a,
            b,
            inv_alpha,
            ln_inv_alpha: inv_alpha.ln(),
            v_r,
        }
    }
}

/// A stream of random numbers identified by (seed, key, stream id). Drawing advances an internal
/// 64-bit block index; each block yields 4 u32 words, consumed in order.
///
/// Block `b` is `philox4x32_10([b_lo, b_hi, stream_lo, stream_hi], derive_key(seed, key))`; see
/// the [module documentation](self) for the mapping. Two streams with the same
/// `(seed, key, stream)` produce the same words in the same order; the derived samplers
/// ([`uniform`](Self::uniform), [`normal`](Self::normal), [`poisson`](Self::poisson), …) are
/// deterministic functions of those words. A clone continues exactly where the original is.
#[derive(Clone, Debug)]
pub struct Stream {
    /// Philox key derived from `(seed, key)`.
    key: [u32; 2],
    /// Stream id, halves in counter words 2 (low) and 3 (high).
    stream: [u32; 2],
    /// Index of the next block to generate.
    block: u64,
    /// The current block's output.
    buf: [u32; 4],
    /// Number of words of `buf` already consumed (4: none left).
    used: usize,
}

impl Stream {
    /// `seed`: the simulation seed; `key`: e.g. a node id; `stream`: a purpose/time index (e.g. step number, or a constant per use such as CONNECT).
    ///
    /// The stream starts at block 0; no block is generated until the first draw.
    #[inline]
    pub fn new(seed: u64, key: u64, stream: u64) -> Self {
        Self {
            key: derive_key(seed, key),
            stream: [stream as u32, (stream >> 32) as u32],
            block: 0,
            buf: [0; 4],
            used: 4,
        }
    }

    /// The next 32 random bits: word `i % 4` of block `i / 4` for the `i`-th word drawn.
    #[inline]
    pub fn next_u32(&mut self) -> u32 {
        if self.used == 4 {
            let b = self.block;
            self.buf = philox4x32_10(
                [b as u32, (b >> 32) as u32, self.stream[0], self.stream[1]],
                self.key,
            );
            self.block = b.wrapping_add(1);
            self.used = 0;
        }
        let w = self.buf[self.used];
        self.used += 1;
        w
    }

    /// The next 64 random bits: two `u32` words, the first drawn is the high half.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let hi = u64::from(self.next_u32());
        let lo = u64::from(self.next_u32());
        (hi << 32) | lo
    }

    /// Uniform in [0, 1) with 53 random bits.
    ///
    /// `(next_u64() >> 11) · 2^-53`: every multiple of 2^-53 in `[0, 1)` with equal probability;
    /// the largest value is `1 - 2^-53`, so 1.0 is never returned. Uses two words.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        unit_closed_open(self.next_u64())
    }

    /// Uniform in (0, 1) (never 0), for logs.
    ///
    /// `((next_u64() >> 12) + 1/2) · 2^-52`: the midpoints of the 2^52 cells of width 2^-52, each
    /// with equal probability, from `2^-53` to `1 - 2^-53` (never 0 or 1). Uses two words.
    #[inline]
    pub fn uniform_open(&mut self) -> f64 {
        unit_open(self.next_u64())
    }

    /// Unbiased integer in [0, n) (n > 0) by rejection (no modulo bias).
    ///
    /// Method: Lemire's multiply-and-reject ("Fast random integer generation in an interval",
    /// ACM TOMS 2019). For `n < 2^32` a 32-bit word `x` is drawn and `m = x · n` (64-bit
    /// product); the draw is rejected while `m mod 2^32 < 2^32 mod n`, otherwise `m >> 32` is
    /// returned. Each result then has exactly `⌊2^32 / n⌋` accepted preimages. For
    /// `n >= 2^32` the same is done with 64-bit words (from [`next_u64`](Self::next_u64)) and a
    /// 128-bit product. The expected number of draws is below 2.
    ///
    /// # Panics
    ///
    /// If `n == 0`.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "Stream::below: n must be positive");
        if n <= u64::from(u32::MAX) {
            let n32 = n as u32;
            // 2^32 mod n, computed lazily (only when a draw lands in the low region).
            let mut threshold: Option<u32> = None;
            loop {
                let m = u64::from(self.next_u32()) * u64::from(n32);
                let low = m as u32;
                if low >= n32 {
                    return m >> 32;
                }
                let t = *threshold.get_or_insert_with(|| n32.wrapping_neg() % n32);
                if low >= t {
                    return m >> 32;
                }
            }
        } else {
            let mut threshold: Option<u64> = None;
            loop {
                let m = u128::from(self.next_u64()) * u128::from(n);
                let low = m as u64;
                if low >= n {
                    return (m >> 64) as u64;
                }
                let t = *threshold.get_or_insert_with(|| n.wrapping_neg() % n);
                if low >= t {
                    return (m >> 64) as u64;
                }
            }
        }
    }

    /// Standard normal (mean 0, variance 1).
    ///
    /// Method: Box–Muller, cosine branch only: `sqrt(-2 ln u1) · cos(2π u2)` with
    /// `u1 = uniform_open()` and `u2 = uniform()`. Always consumes exactly four words (one
    /// block's worth, though not necessarily block-aligned); the sine partner is discarded so
    /// that each call is a fixed function of its own words. `|result| <= sqrt(-2 ln 2^-53) ≈ 8.57`.
    #[inline]
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform_open();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Poisson(lambda): exact for every lambda >= 0 (lambda = 0 → 0).
    ///
    /// Methods:
    /// * `lambda < 10`: inversion by sequential search. One `u = uniform()` is drawn and the
    ///   pmf `p_k` (from `p_0 = e^-lambda`, `p_k = p_{k-1} · lambda / k`) is subtracted from it
    ///   until `u <= p_k`; `k` is returned. If rounding lets the pmf underflow to zero first (a
    ///   `u` within ~1e-16 of 1), the draw is discarded and repeated. Expected cost `lambda + 1`
    ///   iterations, two words.
    /// * `lambda >= 10`: PTRS, the transformed rejection method with squeeze of W. Hörmann ("The
    ///   transformed rejection method for generating Poisson random variables", Insurance:
    ///   Mathematics and Economics 12, 1993), with two safety factors (see below): with
    ///   `b = 0.931 + 2.53 sqrt(lambda)`, `a = -0.059 + 0.02483 b`,
    ///   `1/alpha = 1.01 · (1.1239 + 1.1328 / (b - 3.4))`,
    ///   `v_r = 0.98 · (0.9277 - 3.6224 / (b - 2))`, repeat:
    ///   `U = uniform() - 1/2`, `V = uniform()`, `us = 1/2 - |U|`,
    ///   `k = ⌊(2a/us + b) U + lambda + 0.43⌋`; accept at once if `us >= 0.07` and `V <= v_r`;
    ///   reject if `k < 0` or (`us < 0.013` and `V > us`); otherwise accept iff
    ///   `ln V + ln(1/alpha) - ln(a/us² + b) <= -lambda + k ln lambda - ln k!`. About 1.14–1.34
    ///   iterations (four words each) on average. The right-hand side (the log pmf) is computed
    ///   exactly for `k < 16` and otherwise by Stirling's series (error < 1e-14), in a form free
    ///   of cancellation so that it stays accurate for huge `lambda`.
    ///
    ///   Why the factors 1.01 and 0.98: the method is exact iff, with
    ///   `c(u) = pmf(k(u)) · (a/us² + b) / (1/alpha)`, (i) `c <= 1` everywhere (the hat
    ///   dominates), (ii) `c >= v_r` wherever `us >= 0.07` (the squeeze only accepts inside the
    ///   acceptance region) and (iii) `c <= us` wherever `us < 0.013`. A check over the exact
    ///   `u`-interval of every `k`, for about 331,000 values of `lambda` in `[10, 1e6]` (step
    ///   0.001 below 300) and spot checks up to `1e10`, found that the published constants
    ///   violate (i) slightly (max `c` = 1.0058 at `lambda` ≈ 14.05) and (ii) slightly
    ///   (min `c / v_r` = 0.9937 at `lambda` ≈ 27.23), i.e. tail values of `k` come out with
    ///   relative probability errors of order 1e-5. Raising `1/alpha` by 1% and lowering `v_r`
    ///   by 2% restores all three conditions with margin (max `c` = 0.9958, min `c / v_r` =
    ///   1.0040, max `c / us` = 0.64), at the cost of about 1% more iterations. The unit tests
    ///   re-check (i)–(iii) at the worst cases.
    ///
    /// "Exact" means exact up to double-precision rounding in the pmf/acceptance evaluations.
    ///
    /// # Panics
    ///
    /// If `lambda` is negative, NaN or infinite.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        assert!(
            lambda >= 0.0 && lambda.is_finite(),
            "Stream::poisson: lambda must be finite and >= 0, got {lambda}"
        );
        if lambda == 0.0 {
            0
        } else if lambda < POISSON_INVERSION_MAX {
            self.poisson_inversion(lambda)
        } else {
            self.poisson_ptrs(lambda)
        }
    }

    /// Poisson by inversion (sequential search), for `0 < lambda < 10`.
    fn poisson_inversion(&mut self, lambda: f64) -> u64 {
        let p0 = (-lambda).exp();
        'draw: loop {
            let mut u = self.uniform();
            let mut p = p0;
            let mut k = 0_u64;
            while u > p {
                u -= p;
                k += 1;
                p *= lambda / k as f64;
                if p == 0.0 {
                    continue 'draw;
                }
            }
            return k;
        }
    }

    /// Poisson by Hörmann's PTRS, for `lambda >= 10`.
    fn poisson_ptrs(&mut self, lambda: f64) -> u64 {
        let Ptrs {
            ln_lambda,
            a,
            b,
            ln_inv_alpha,
            v_r,
            ..
        } = Ptrs::new(lambda);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            // For us == 0 (u == -0.5) this is -inf and the draw is rejected below.
            let k = ((2.0 * a / us + b) * u + lambda + 0.43).floor();
            if us >= 0.07 && v <= v_r {
                return k as u64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            let ki = k as u64;
            let lhs = v.ln() + ln_inv_alpha - (a / (us * us) + b).ln();
            if lhs <= ln_poisson_pmf(ki, lambda, ln_lambda) {
                return ki;
            }
        }
    }

    /// Exponential with rate 1.
    ///
    /// Method: inversion, `-ln(uniform_open())`; two words. The result lies in
    /// `[1.1e-16, 36.74]` (the distribution is truncated at the far tail, mass ~1e-16).
    #[inline]
    pub fn exponential(&mut self) -> f64 {
        -self.uniform_open().ln()
    }
}

/// Stream ids reserved for particular uses, so that different purposes never share numbers.
///
/// Layout of the 64-bit stream-id space, by its two top bits:
/// * `00` (below [`DEVICE_BASE`](streams::DEVICE_BASE) = 2^62): per-node streams indexed by the
///   step, e.g. `stream = step` with `key = node id` for a model's noise in one step.
/// * `01` (`[2^62, 2^63)`): devices; device `i` emits from `DEVICE_BASE + i`, keyed by its
///   target node.
/// * `1x` (from [`WIRING`](streams::WIRING) = 2^63): network construction and user programs,
///   `WIRING | index << 8 | purpose` with an index below 2^55 and an 8-bit purpose: the pairs
///   and the values of connect call `index`, the connection values of device `index`, and
///   stream `index` of a user program ([`wiring`](streams::wiring), [`program`](streams::program)).
///   Ids are built only by these functions, which refuse an index that would not fit instead of
///   wrapping into another purpose's range.
pub mod streams {
    /// Per-neuron noise of the models: the stream id is `NEURON_NOISE + step`, keyed by the
    /// node, for steps below `DEVICE_BASE`.
    pub const NEURON_NOISE: u64 = 0;
    /// First stream id of the range `[DEVICE_BASE, 2^63)` reserved for devices.
    pub const DEVICE_BASE: u64 = 1 << 62;
    /// First stream id of network construction and user programs.
    pub const WIRING: u64 = 1 << 63;
    /// Indices of wiring streams are below this (2^55), so that index and purpose fit.
    pub const WIRING_INDICES: u64 = 1 << 55;
    /// Purpose: which pairs connect call `index` connects (random connection rules).
    pub const PAIRS: u8 = 0;
    /// Purpose: the drawn weights and delays of connect call `index`.
    pub const VALUES: u8 = 1;
    /// Purpose: the drawn weights and delays of the connections of device `index`.
    pub const DEVICE_VALUES: u8 = 2;
    /// Purpose: stream `index` of a user program (initial conditions drawn by an example).
    pub const PROGRAM: u8 = 16;

    /// The stream id of `purpose` for `index`; `None` when the index is too large to fit.
    pub const fn wiring(index: u64, purpose: u8) -> Option<u64> {
        if index < WIRING_INDICES {
            Some(WIRING | (index << 8) | purpose as u64)
        } else {
            None
        }
    }

    /// Stream `k` of a user program, apart from every stream the simulator draws from.
    pub const fn program(k: u64) -> Option<u64> {
        wiring(k, PROGRAM)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Philox4x32-10 known-answer vectors: the three `philox4x32 10` lines of the Random123
    /// distribution's `tests/kat_vectors` (columns: counter[4], key[2], expected[4]). Taken from a
    /// stored public copy of that file (found with a text search) and cross-checked against an
    /// independent Python implementation written from Salmon et al. (2011), which reproduced all
    /// three outputs.
    const KAT: [([u32; 4], [u32; 2], [u32; 4]); 3] = [
        (
            [0x0000_0000, 0x0000_0000, 0x0000_0000, 0x0000_0000],
            [0x0000_0000, 0x0000_0000],
            [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8],
        ),
        (
            [0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff],
            [0xffff_ffff, 0xffff_ffff],
            [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd],
        ),
        (
            [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344],
            [0xa409_3822, 0x299f_31d0],
            [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1],
        ),
    ];

    /// Standard normal quantile for a two-sided tail of about 1e-7 (|z| > 5.33: 9.8e-8). Used
    /// for moment tests; by the CLT the standardised sample statistic is ~N(0, 1), so each
    /// such check fails falsely with probability ~1e-7 (< 1e-6).
    const Z_MOMENT: f64 = 5.33;

    /// Upper critical value of chi-square with `df` degrees of freedom by the Wilson–Hilferty
    /// approximation with z = 5.0. Checked numerically (regularised incomplete gamma) to give
    /// an upper tail probability <= 2.9e-7 for every df in 1..=2000, so a chi-square test
    /// against it fails falsely with probability < 1e-6 (given the usual chi-square
    /// approximation, which the >= 50 expected counts per cell used here make accurate).
    fn chi2_critical(df: usize) -> f64 {
        let df = df as f64;
        let h = 2.0 / (9.0 * df);
        df * (1.0 - h + 5.0 * h.sqrt()).powi(3)
    }

    /// Pearson's statistic for observed counts against expected counts.
    fn chi2(observed: &[u64], expected: &[f64]) -> f64 {
        observed
            .iter()
            .zip(expected)
            .map(|(&o, &e)| {
                let d = o as f64 - e;
                d * d / e
            })
            .sum()
    }

    /// Sample mean and (unbiased) variance.
    fn mean_var(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
        (mean, var)
    }

    /// Asserts `|got - want| <= Z_MOMENT * sd`.
    fn assert_close(what: &str, got: f64, want: f64, sd: f64) {
        let z = (got - want) / sd;
        assert!(
            z.abs() <= Z_MOMENT,
            "{what}: got {got}, expected {want} ± {sd} (z = {z})"
        );
    }

    #[test]
    fn rng_philox_known_answers() {
        for (ctr, key, want) in KAT {
            assert_eq!(
                philox4x32_10(ctr, key),
                want,
                "ctr {ctr:08x?} key {key:08x?}"
            );
        }
    }

    #[test]
    fn rng_stream_follows_documented_mapping() {
        let (seed, key, stream) = (0x0123_4567_89ab_cdef, 42, 0xdead_beef_0000_0007);
        // Key derivation as documented, written out independently.
        let g = 0x9E37_79B9_7F4A_7C15_u64;
        let m = |mut z: u64| {
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let k = m(m(seed + g).wrapping_add(key));
        let pk = [k as u32, (k >> 32) as u32];
        assert_eq!(derive_key(seed, key), pk);
        // First output of splitmix64 seeded with 0 (a known value).
        assert_eq!(mix64(g), 0xE220_A839_7B1D_CDAF);

        let mut s = Stream::new(seed, key, stream);
        for block in 0..5_u64 {
            let want = philox4x32_10([block as u32, 0, 0x0000_0007, 0xdead_beef], pk);
            for w in want {
                assert_eq!(s.next_u32(), w);
            }
        }
        // next_u64: first word is the high half.
        let mut a = Stream::new(seed, key, stream);
        let mut b = Stream::new(seed, key, stream);
        for _ in 0..7 {
            let hi = u64::from(b.next_u32());
            let lo = u64::from(b.next_u32());
            assert_eq!(a.next_u64(), (hi << 32) | lo);
        }
        // The block index carries into counter word 1.
        let mut s = Stream::new(seed, key, stream);
        s.block = u64::from(u32::MAX);
        let w0 = philox4x32_10([u32::MAX, 0, 0x0000_0007, 0xdead_beef], pk);
        let w1 = philox4x32_10([0, 1, 0x0000_0007, 0xdead_beef], pk);
        let got: Vec<u32> = (0..8).map(|_| s.next_u32()).collect();
        assert_eq!(got[..4], w0);
        assert_eq!(got[4..], w1);
    }

    #[test]
    fn rng_determinism_and_separation() {
        let draw = |seed, key, stream| {
            let mut s = Stream::new(seed, key, stream);
            (0..64).map(|_| s.next_u32()).collect::<Vec<_>>()
        };
        let base = draw(1, 2, 3);
        assert_eq!(base, draw(1, 2, 3));
        assert_ne!(base, draw(1, 2, 4));
        assert_ne!(base, draw(1, 3, 3));
        assert_ne!(base, draw(2, 2, 3));
        assert_ne!(draw(0, 0, 0), draw(0, 0, streams::WIRING));
        assert_ne!(draw(0, 1, 0), draw(1, 0, 0));

        // Distinct keys under one seed give distinct Philox keys (mix64 is a bijection).
        let mut keys: Vec<[u32; 2]> = (0..10_000).map(|k| derive_key(7, k)).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 10_000);
        // ... and across a few seeds too.
        let mut all: Vec<[u32; 2]> = (0..8)
            .flat_map(|s| (0..2_000).map(move |k| derive_key(s, k)))
            .collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 16_000);

        // A clone continues exactly where the original is (also mid-block).
        let mut s = Stream::new(5, 6, 7);
        s.next_u32();
        let mut c = s.clone();
        for _ in 0..50 {
            assert_eq!(s.next_u64(), c.next_u64());
            assert_eq!(s.normal().to_bits(), c.normal().to_bits());
            assert_eq!(s.poisson(30.0), c.poisson(30.0));
        }
        // Derived samplers are deterministic too.
        let seq = |s: &mut Stream| {
            (
                s.uniform().to_bits(),
                s.normal().to_bits(),
                s.poisson(3.0),
                s.poisson(500.0),
                s.below(1_000_003),
                s.exponential().to_bits(),
            )
        };
        let (mut x, mut y) = (Stream::new(9, 9, 9), Stream::new(9, 9, 9));
        for _ in 0..100 {
            assert_eq!(seq(&mut x), seq(&mut y));
        }
        const { assert!(streams::DEVICE_BASE < streams::WIRING) };
    }

    #[test]
    fn wiring_stream_ids_are_distinct_and_never_wrap() {
        use streams::*;
        let purposes = [PAIRS, VALUES, DEVICE_VALUES, PROGRAM];
        let indices = [0, 1, 2, 255, 256, WIRING_INDICES - 1];
        let mut ids: Vec<u64> = indices
            .iter()
            .flat_map(|&i| purposes.iter().map(move |&p| wiring(i, p).unwrap()))
            .collect();
        assert!(ids.iter().all(|&id| id >= WIRING));
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
        // An index that does not fit is refused, not wrapped into another purpose.
        assert_eq!(wiring(WIRING_INDICES, PAIRS), None);
        assert_eq!(wiring(u64::MAX, DEVICE_VALUES), None);
        assert_eq!(program(0), Some(WIRING + 16));
    }

    #[test]
    fn philox_lanes_match_the_scalar_function_on_every_path() {
        let keys: Vec<[u32; 2]> = (0..37u64).map(|k| derive_key(5, k * 7919)).collect();
        let counter = [3, 0xFFFF_FFFF, 17, 1 << 31];
        let want: Vec<[u32; 4]> = keys.iter().map(|&k| philox4x32_10(counter, k)).collect();
        let mut out = vec![[0; 4]; keys.len()];
        philox4x32_10_keys(counter, &keys, &mut out);
        assert_eq!(out, want);
        let mut out = vec![[0; 4]; keys.len()];
        philox_keys_lanes(counter, &keys, &mut out);
        assert_eq!(out, want);
    }

    #[test]
    fn lockstep_streams_reproduce_single_streams() {
        let keys: Vec<u64> = (0..21).map(|k| k * 7919 + 3).collect();
        let mut batch = LockstepStreams::new(11, keys.iter().copied(), 1 << 62);
        let mut singles: Vec<Stream> = keys.iter().map(|&k| Stream::new(11, k, 1 << 62)).collect();
        let mut u = vec![0.0; keys.len()];
        for _ in 0..9 {
            batch.uniforms(&mut u);
            for (k, s) in singles.iter_mut().enumerate() {
                assert_eq!(u[k], s.uniform());
            }
        }
        // A member split off continues its own stream.
        let mut split = batch.split(4);
        assert_eq!(split.next_u64(), singles[4].next_u64());
        let mut out = [[0u32; 4]; 3];
        let key_list = [[1, 2], [3, 4], [5, 6]];
        philox4x32_10_keys([9, 8, 7, 6], &key_list, &mut out);
        for (o, k) in out.iter().zip(key_list) {
            assert_eq!(*o, philox4x32_10([9, 8, 7, 6], k));
        }
    }

    #[test]
    fn rng_unit_interval_bounds() {
        // Extreme inputs of the bit-to-float maps.
        assert_eq!(unit_closed_open(0), 0.0);
        assert!(unit_closed_open(u64::MAX) < 1.0);
        assert_eq!(unit_closed_open(u64::MAX), 1.0 - TWO_POW_M53);
        assert!(unit_open(0) > 0.0);
        assert_eq!(unit_open(0), TWO_POW_M53);
        assert!(unit_open(u64::MAX) < 1.0);
        assert_eq!(unit_open(u64::MAX), 1.0 - TWO_POW_M53);
        // Sampled.
        let mut s = Stream::new(11, 0, 0);
        for _ in 0..200_000 {
            let u = s.uniform();
            assert!((0.0..1.0).contains(&u));
            let v = s.uniform_open();
            assert!(v > 0.0 && v < 1.0);
            let e = s.exponential();
            assert!(e > 0.0 && e.is_finite());
        }
    }

    #[test]
    fn rng_uniform_moments() {
        let n = 1_000_000;
        let mut s = Stream::new(2024, 1, 0);
        let xs: Vec<f64> = (0..n).map(|_| s.uniform()).collect();
        let (mean, var) = mean_var(&xs);
        let nf = n as f64;
        assert_close("uniform mean", mean, 0.5, (1.0 / 12.0 / nf).sqrt());
        // Var(s^2) ≈ (mu4 - sigma^4)/n = (1/80 - 1/144)/n.
        assert_close(
            "uniform variance",
            var,
            1.0 / 12.0,
            ((1.0 / 80.0 - 1.0 / 144.0) / nf).sqrt(),
        );
        // 100 equal cells.
        let mut counts = [0_u64; 100];
        for x in &xs {
            counts[(x * 100.0) as usize] += 1;
        }
        let expected = [nf / 100.0; 100];
        let stat = chi2(&counts, &expected);
        assert!(stat < chi2_critical(99), "uniform chi2 {stat}");
    }

    #[test]
    fn rng_normal_moments() {
        let n = 1_000_000;
        let nf = n as f64;
        let mut s = Stream::new(2024, 2, 0);
        let xs: Vec<f64> = (0..n).map(|_| s.normal()).collect();
        let (mean, var) = mean_var(&xs);
        assert_close("normal mean", mean, 0.0, (1.0 / nf).sqrt());
        assert_close("normal variance", var, 1.0, (2.0 / nf).sqrt());
        // Raw third and fourth moments: Var(x^3) = 15, Var(x^4) = 105 - 9 = 96.
        let m3 = xs.iter().map(|x| x * x * x).sum::<f64>() / nf;
        let m4 = xs.iter().map(|x| x * x * x * x).sum::<f64>() / nf;
        assert_close("normal third moment", m3, 0.0, (15.0 / nf).sqrt());
        assert_close("normal fourth moment", m4, 3.0, (96.0 / nf).sqrt());
        // Tail frequencies P(|Z| > t) for t = 1, 2, 3 (binomial).
        for (t, p) in [
            (1.0, 0.317_310_507_862_914_1),
            (2.0, 0.045_500_263_896_358_4),
            (3.0, 0.002_699_796_063_260_2),
        ] {
            let c = xs.iter().filter(|x| x.abs() > t).count() as f64;
            assert_close(
                &format!("P(|Z| > {t})"),
                c / nf,
                p,
                (p * (1.0 - p) / nf).sqrt(),
            );
        }
    }

    #[test]
    fn rng_exponential_moments() {
        let n = 1_000_000;
        let nf = n as f64;
        let mut s = Stream::new(2024, 3, 0);
        let xs: Vec<f64> = (0..n).map(|_| s.exponential()).collect();
        let (mean, var) = mean_var(&xs);
        assert_close("exponential mean", mean, 1.0, (1.0 / nf).sqrt());
        // mu4 = 9 for Exp(1): Var(s^2) ≈ (9 - 1)/n.
        assert_close("exponential variance", var, 1.0, (8.0 / nf).sqrt());
        let p = (-1.0_f64).exp();
        let c = xs.iter().filter(|&&x| x > 1.0).count() as f64;
        assert_close("P(X > 1)", c / nf, p, (p * (1.0 - p) / nf).sqrt());
    }

    #[test]
    fn rng_ln_factorial() {
        let mut direct = 0.0_f64;
        for k in 0..=300_u64 {
            if k > 0 {
                direct += (k as f64).ln();
            }
            let got = ln_factorial(k);
            assert!(
                (got - direct).abs() <= 1e-12 * direct.max(1.0),
                "ln {k}! = {got}, direct sum {direct}"
            );
        }
        // 20! = 2432902008176640000.
        assert!((ln_factorial(20) - 2_432_902_008_176_640_000_f64.ln()).abs() < 1e-13);
    }

    #[test]
    fn rng_ln_poisson_pmf() {
        // Against the log-space recurrence ln p_k = ln p_{k-1} + ln lambda - ln k.
        for lambda in [10.0_f64, 25.0, 1000.0, 12345.6] {
            let mut lp = -lambda;
            for k in 0..=(3.0 * lambda) as u64 {
                if k > 0 {
                    lp += lambda.ln() - (k as f64).ln();
                }
                let got = ln_poisson_pmf(k, lambda, lambda.ln());
                assert!(
                    (got - lp).abs() <= 1e-9 * lp.abs().max(1.0),
                    "lambda {lambda} k {k}: {got} vs {lp}"
                );
            }
        }
        // Huge lambda near the mode: ln p ≈ -ln(2π lambda)/2 - (k - lambda)^2 / (2 lambda).
        let lambda = 1e12_f64;
        for k in [1_000_000_000_000_u64, 1_000_001_000_000, 999_998_000_000] {
            let x = k as f64 - lambda;
            let approx = -0.5 * (std::f64::consts::TAU * lambda).ln() - x * x / (2.0 * lambda);
            let got = ln_poisson_pmf(k, lambda, lambda.ln());
            assert!((got - approx).abs() < 1e-4, "k {k}: {got} vs {approx}");
        }
    }

    /// PTRS is exact iff, with `c(u) = pmf(k(u)) (a/us² + b) / (1/alpha)`: (i) `c <= 1`
    /// everywhere, (ii) `c >= v_r` where `us >= 0.07`, (iii) `c <= us` where `us < 0.013`.
    /// `k(u)` is increasing, so each `k` owns an exact interval `[u_k, u_{k+1})` (from the
    /// closed-form inverse of the transformation); on it `c` is largest at the end farthest
    /// from 0 and smallest at the end nearest 0 (or at 0). The pmf comes from the log-space
    /// recurrence. Checked on a fine grid around the worst cases of the unscaled constants
    /// (lambda ≈ 14.05 for (i), ≈ 27.23 for (ii), 10 for (iii)) and at a spread of others.
    #[test]
    fn rng_ptrs_conditions() {
        let mut lambdas: Vec<f64> = (0..=200).map(|i| 10.0 + 0.01 * f64::from(i)).collect();
        lambdas.extend((0..=200).map(|i| 13.5 + 0.01 * f64::from(i)));
        lambdas.extend((0..=200).map(|i| 26.5 + 0.01 * f64::from(i)));
        lambdas.extend([33.25, 50.0, 100.0, 333.3, 1000.0, 4321.0, 1.0e4]);
        let (mut max_c, mut min_sq, mut max_low) = (0.0_f64, f64::INFINITY, 0.0_f64);
        for &lambda in &lambdas {
            let Ptrs {
                a,
                b,
                inv_alpha,
                v_r,
                ..
            } = Ptrs::new(lambda);
            let g_prime = |u: f64| {
                let us = 0.5 - u.abs();
                a / (us * us) + b
            };
            // u with (2a/us + b) u + lambda + 0.43 = y.
            let g_inv = |y: f64| {
                let t = y - lambda - 0.43;
                let y2 = t.abs();
                let p = 2.0 * a + 0.5 * b + y2;
                (y2 / (p + (p * p - 2.0 * b * y2).sqrt())).copysign(t)
            };
            let sd = lambda.sqrt();
            let kmax = (lambda + 40.0 * sd + 40.0) as u64;
            let mut ln_p = -lambda;
            for k in 0..=kmax {
                if k > 0 {
                    ln_p += lambda.ln() - (k as f64).ln();
                }
                let p = ln_p.exp();
                let (u0, u1) = (g_inv(k as f64), g_inv(k as f64 + 1.0));
                if p == 0.0 || u1 <= u0 {
                    continue;
                }
                let c = |u: f64| p * g_prime(u) / inv_alpha;
                let far = if u0.abs() > u1.abs() { u0 } else { u1 };
                max_c = max_c.max(c(far));
                let (s0, s1) = (u0.max(-0.43), u1.min(0.43));
                if s0 < s1 {
                    let near = if s0 <= 0.0 && s1 >= 0.0 {
                        0.0
                    } else if s0.abs() < s1.abs() {
                        s0
                    } else {
                        s1
                    };
                    min_sq = min_sq.min(c(near) / v_r);
                }
                for (l0, l1) in [(u0, u1.min(-0.487)), (u0.max(0.487), u1)] {
                    if l0 < l1 {
                        let uf = if l0.abs() > l1.abs() { l0 } else { l1 };
                        let us = 0.5 - uf.abs();
                        if us > 0.0 {
                            max_low = max_low.max(c(uf) / us);
                        }
                    }
                }
            }
        }
        assert!(max_c <= 0.997, "(i) hat: max c = {max_c}");
        assert!(min_sq >= 1.003, "(ii) squeeze: min c / v_r = {min_sq}");
        assert!(max_low <= 0.7, "(iii) low region: max c / us = {max_low}");
    }

    /// Draws `n` Poisson(lambda) variates and checks mean, variance and a chi-square against the
    /// pmf with cells pooled to >= 50 expected counts.
    fn check_poisson(lambda: f64, seed: u64, n: usize) {
        let nf = n as f64;
        let mut s = Stream::new(seed, 0, 0);
        let xs: Vec<u64> = (0..n).map(|_| s.poisson(lambda)).collect();
        let fs: Vec<f64> = xs.iter().map(|&x| x as f64).collect();
        let (mean, var) = mean_var(&fs);
        assert_close(
            &format!("poisson({lambda}) mean"),
            mean,
            lambda,
            (lambda / nf).sqrt(),
        );
        // mu4 = lambda (1 + 3 lambda): Var(s^2) ≈ (lambda + 2 lambda^2)/n.
        assert_close(
            &format!("poisson({lambda}) variance"),
            var,
            lambda,
            ((lambda + 2.0 * lambda * lambda) / nf).sqrt(),
        );

        // pmf by the log-space recurrence ln p_k = ln p_{k-1} + ln lambda - ln k (independent of
        // the sampler's ln_factorial).
        let kmax = (lambda + 40.0 * lambda.sqrt() + 40.0) as usize;
        let mut pmf = Vec::with_capacity(kmax + 1);
        let mut lp = -lambda;
        for k in 0..=kmax {
            if k > 0 {
                lp += lambda.ln() - (k as f64).ln();
            }
            pmf.push(lp.exp());
        }
        let mut tail_after = vec![0.0_f64; kmax + 1];
        for k in (0..kmax).rev() {
            tail_after[k] = tail_after[k + 1] + pmf[k + 1];
        }
        let mut hist = vec![0_u64; kmax + 2];
        for &x in &xs {
            hist[(x as usize).min(kmax + 1)] += 1;
        }
        // Pool into cells [lo, hi) with expected >= 50; the last cell is open-ended.
        let mut cells_obs = Vec::new();
        let mut cells_exp = Vec::new();
        let (mut o, mut e) = (0_u64, 0.0_f64);
        for k in 0..=kmax {
            o += hist[k];
            e += pmf[k] * nf;
            if e >= 50.0 && tail_after[k] * nf >= 50.0 {
                cells_obs.push(o);
                cells_exp.push(e);
                o = 0;
                e = 0.0;
            }
        }
        o += hist[kmax + 1];
        cells_obs.push(o);
        cells_exp.push(e);
        let total: f64 = cells_exp.iter().sum();
        assert!((total - nf).abs() < 1e-6 * nf, "pmf mass {}", total / nf);
        let df = cells_obs.len() - 1;
        let stat = chi2(&cells_obs, &cells_exp);
        let crit = chi2_critical(df);
        assert!(
            stat < crit,
            "poisson({lambda}) chi2 {stat} >= {crit} (df {df})"
        );
    }

    #[test]
    fn rng_poisson_small() {
        check_poisson(0.5, 101, 1_000_000);
        check_poisson(3.0, 102, 1_000_000);
    }

    #[test]
    fn rng_poisson_large() {
        check_poisson(25.0, 103, 1_000_000);
        check_poisson(1000.0, 104, 1_000_000);
    }

    #[test]
    fn rng_poisson_edges() {
        let mut s = Stream::new(1, 2, 3);
        for _ in 0..100 {
            assert_eq!(s.poisson(0.0), 0);
        }
        // Both sides of the method switch, and a very large mean.
        check_poisson(9.999, 105, 200_000);
        check_poisson(10.0, 106, 200_000);
        let big = 1e12;
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| s.poisson(big) as f64).collect();
        let (mean, var) = mean_var(&xs);
        assert_close("poisson(1e12) mean", mean, big, (big / n as f64).sqrt());
        assert_close(
            "poisson(1e12) variance",
            var,
            big,
            ((big + 2.0 * big * big) / n as f64).sqrt(),
        );
    }

    #[test]
    #[should_panic(expected = "lambda must be finite")]
    fn rng_poisson_rejects_negative() {
        Stream::new(0, 0, 0).poisson(-1.0);
    }

    #[test]
    #[should_panic(expected = "n must be positive")]
    fn rng_below_rejects_zero() {
        Stream::new(0, 0, 0).below(0);
    }

    #[test]
    fn rng_below_uniform_small() {
        let n = 600_000;
        let mut s = Stream::new(77, 1, 0);
        let mut counts = [0_u64; 3];
        for _ in 0..n {
            counts[s.below(3) as usize] += 1;
        }
        let stat = chi2(&counts, &[n as f64 / 3.0; 3]);
        assert!(stat < chi2_critical(2), "below(3) chi2 {stat}");
        // Trivial and extreme ranges.
        for _ in 0..100 {
            assert_eq!(s.below(1), 0);
            assert!(s.below(u64::MAX) < u64::MAX);
            assert!(s.below(1 << 32) < 1 << 32);
        }
    }

    #[test]
    fn rng_below_uniform_large() {
        let range: u64 = (1 << 32) + 5;
        let cells: u64 = 64;
        let n = 640_000;
        let mut s = Stream::new(77, 2, 0);
        let mut counts = vec![0_u64; cells as usize];
        let mut above_u32 = 0_u64;
        for _ in 0..n {
            let x = s.below(range);
            assert!(x < range);
            if x > u64::from(u32::MAX) {
                above_u32 += 1;
            }
            counts[(u128::from(x) * u128::from(cells) / u128::from(range)) as usize] += 1;
        }
        // Exact cell sizes: cell c holds x in [ceil(c·range/cells), ceil((c+1)·range/cells)).
        let start = |c: u64| (u128::from(c) * u128::from(range)).div_ceil(u128::from(cells));
        let expected: Vec<f64> = (0..cells)
            .map(|c| (start(c + 1) - start(c)) as f64 / range as f64 * n as f64)
            .collect();
        let stat = chi2(&counts, &expected);
        assert!(stat < chi2_critical(63), "below(2^32+5) chi2 {stat}");
        // P(x >= 2^32) = 5/range ≈ 1.2e-9: essentially never over 640k draws.
        assert!(above_u32 <= 1);
        // The top cell must be reachable (values use the full range).
        assert!(counts[cells as usize - 1] > 0);
    }
}
