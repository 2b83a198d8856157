//! Exact propagators for linear constant-coefficient systems.
//!
//! A model whose right-hand side is affine in its state, with the step's inputs held constant,
//! is integrated exactly: the augmented system `d/dt [x; u] = [[A, B], [0, 0]] [x; u]` (u = the
//! constant 1 and the latched input currents) has the one-step solution `expm(M·h)`.
//!
//! The exponential is taken in double-double arithmetic (about 106 bits) by scaling and squaring
//! with a Taylor series, then rounded to f64. Small entries (such as the alpha synapse's
//! `dI → V` coupling, ~1e-5 of the largest) therefore come out correct to the last bit or two,
//! which a plain f64 Padé approximant does not guarantee component-wise, and the τ_m = τ_syn case
//! needs no special formula: the matrix is merely defective, which the series does not mind.

use twofloat::TwoFloat;

/// A square matrix in row-major order.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    n: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// The n×n zero matrix.
    pub fn zeros(n: usize) -> Self {
        Self {
            n,
            data: vec![0.0; n * n],
        }
    }
    /// Dimension.
    pub fn dim(&self) -> usize {
        self.n
    }
    /// Entry (row, column).
    pub fn get(&self, r: usize, c: usize) -> f64 {
        self.data[r * self.n + c]
    }
    /// Sets entry (row, column).
    pub fn set(&mut self, r: usize, c: usize, v: f64) {
        self.data[r * self.n + c] = v;
    }
    /// Row-major entries.
    pub fn as_slice(&self) -> &[f64] {
        &self.data
    }
}

type Dd = TwoFloat;

fn dd_matmul(a: &[Dd], b: &[Dd], n: usize) -> Vec<Dd> {
    let mut out = vec![Dd::from(0.0); n * n];
    for i in 0..n {
        for k in 0..n {
            let aik = a[i * n + k];
            if aik.hi() == 0.0 {
                continue;
            }
            for j in 0..n {
                out[i * n + j] += aik * b[k * n + j];
            }
        }
    }
    out
}

/// `expm(m · h)`: the one-step propagator of `d/dt y = m y`.
///
/// Entries that are structurally zero (no path in the coupling graph) come out exactly zero.
pub fn expm_scaled(m: &Matrix, h: f64) -> Matrix {
    let n = m.n;
    let a: Vec<Dd> = m.data.iter().map(|&v| Dd::from(v) * Dd::from(h)).collect();
    // 1-norm in f64 is enough to choose the scaling.
    let norm = (0..n)
        .map(|c| (0..n).map(|r| a[r * n + c].hi().abs()).sum::<f64>())
        .fold(0.0_f64, f64::max);
    let mut squarings = 0u32;
    let mut scale = Dd::from(1.0);
    if norm > 0.125 {
        squarings = (norm / 0.125).log2().ceil() as u32;
        scale = Dd::from(0.5_f64.powi(squarings as i32)); // exact power of two
    }
    let a: Vec<Dd> = a.into_iter().map(|v| v * scale).collect();
    // Taylor series: sum_k a^k / k!, until the term is far below double-double precision.
    let mut result = vec![Dd::from(0.0); n * n];
    for i in 0..n {
        result[i * n + i] = Dd::from(1.0);
    }
    let mut term = result.clone();
    for k in 1..60 {
        term = dd_matmul(&term, &a, n);
        let inv_k = Dd::from(1.0) / Dd::from(k as f64);
        let mut largest = 0.0_f64;
        for v in term.iter_mut() {
            *v *= inv_k;
            largest = largest.max(v.hi().abs());
        }
        for (r, t) in result.iter_mut().zip(&term) {
            *r += *t;
        }
        if largest < 1e-36 {
            break;
        }
    }
    for _ in 0..squarings {
        result = dd_matmul(&result, &result, n);
    }
    Matrix {
        n,
        data: result.into_iter().map(f64::from).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_decay_is_exp() {
        let mut m = Matrix::zeros(1);
        m.set(0, 0, -1.0 / 10.0);
        let p = expm_scaled(&m, 0.1);
        assert_eq!(p.get(0, 0), (-0.01_f64).exp());
    }

    #[test]
    fn defective_block_matches_closed_form() {
        // d/dt [I, dI] = [[-1/τ, 1], [0, -1/τ]]: alpha kernel, P = e^{-h/τ} [[1, h], [0, 1]].
        let tau = 2.0;
        let h = 0.1;
        let mut m = Matrix::zeros(2);
        m.set(0, 0, -1.0 / tau);
        m.set(0, 1, 1.0);
        m.set(1, 1, -1.0 / tau);
        let p = expm_scaled(&m, h);
        let e = (-h / tau).exp();
        assert_eq!(p.get(0, 0), e);
        assert!((p.get(0, 1) - h * e).abs() <= 1e-16 * h * e);
        assert_eq!(p.get(1, 0), 0.0);
    }

    #[test]
    fn large_norm_uses_squaring() {
        let mut m = Matrix::zeros(1);
        m.set(0, 0, -3.0);
        let p = expm_scaled(&m, 10.0);
        let expect = (-30.0_f64).exp();
        assert!((p.get(0, 0) - expect).abs() <= 1e-14 * expect);
    }
}
