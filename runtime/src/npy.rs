//! NumPy `.npy` files (format version 1.0), so that recorded data loads with `numpy.load`.
//!
//! Arrays are stored little-endian (`<f8` for `f64`, `<i8` for `i64`) in C order. The header is
//! padded with spaces and ends with `'\n'` so that the data starts at a multiple of 64 bytes, as
//! NumPy itself writes it. Files are written through [`write_atomic`]: complete or not at all.

use std::path::Path;

use crate::error::{Error, Result};
use crate::output::write_atomic;

/// The magic string that opens every `.npy` file.
const MAGIC: &[u8; 6] = b"\x93NUMPY";
/// Magic, two version bytes and the two-byte header length.
const PREAMBLE_LEN: usize = MAGIC.len() + 2 + 2;
/// The data starts at a multiple of this many bytes.
const ALIGN: usize = 64;

/// Why `data` cannot be stored with `shape`, if it cannot.
fn shape_problem(len: usize, shape: &[usize]) -> Option<String> {
    let product = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    match product {
        None => Some(format!(
            "shape {shape:?} has more elements than fit in memory"
        )),
        Some(n) if n != len => Some(format!(
            "shape {shape:?} holds {n} elements but {len} values were given"
        )),
        Some(_) if header(NpyType::F8, shape).len() > usize::from(u16::MAX) => Some(format!(
            "shape with {} dimensions is too long for a version 1.0 header",
            shape.len()
        )),
        Some(_) => None,
    }
}

#[derive(Clone, Copy)]
enum NpyType {
    F8,
    I8,
}

impl NpyType {
    fn descr(self) -> &'static str {
        match self {
            NpyType::F8 => "<f8",
            NpyType::I8 => "<i8",
        }
    }
}

/// The header dictionary, padded with spaces and a final `'\n'` to the alignment.
fn header(ty: NpyType, shape: &[usize]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    let shape_text = match dims.len() {
        1 => format!("({},)", dims[0]),
        _ => format!("({})", dims.join(", ")),
    };
    let mut text = format!(
        "{{'descr': '{}', 'fortran_order': False, 'shape': {shape_text}, }}",
        ty.descr()
    );
    // One byte is kept for the terminating newline.
    let unpadded = PREAMBLE_LEN + text.len() + 1;
    let padding = (ALIGN - unpadded % ALIGN) % ALIGN;
    text.extend(std::iter::repeat_n(' ', padding));
    text.push('\n');
    text.into_bytes()
}

fn encode(
    ty: NpyType,
    shape: &[usize],
    len: usize,
    payload: impl Iterator<Item = [u8; 8]>,
) -> Vec<u8> {
    if let Some(problem) = shape_problem(len, shape) {
        panic!("cannot encode .npy: {problem}");
    }
    let header = header(ty, shape);
    let header_len = u16::try_from(header.len()).expect("header length checked above");
    let mut out = Vec::with_capacity(PREAMBLE_LEN + header.len() + 8 * len);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[1, 0]);
    out.extend_from_slice(&header_len.to_le_bytes());
    out.extend_from_slice(&header);
    for bytes in payload {
        out.extend_from_slice(&bytes);
    }
    out
}

/// The bytes of a `.npy` file holding `data` (`<f8`, C order) with the given `shape`.
///
/// An empty `shape` stores a single scalar.
///
/// # Panics
/// If the product of `shape` is not `data.len()` (use [`write_npy_f64`] for an error instead).
pub fn npy_f64(data: &[f64], shape: &[usize]) -> Vec<u8> {
    encode(
        NpyType::F8,
        shape,
        data.len(),
        data.iter().map(|v| v.to_le_bytes()),
    )
}

/// The bytes of a `.npy` file holding `data` (`<i8`, C order) with the given `shape`.
///
/// An empty `shape` stores a single scalar.
///
/// # Panics
/// If the product of `shape` is not `data.len()` (use [`write_npy_i64`] for an error instead).
pub fn npy_i64(data: &[i64], shape: &[usize]) -> Vec<u8> {
    encode(
        NpyType::I8,
        shape,
        data.len(),
        data.iter().map(|v| v.to_le_bytes()),
    )
}

fn check(path: &Path, len: usize, shape: &[usize]) -> Result<()> {
    match shape_problem(len, shape) {
        Some(message) => Err(Error::Io {
            path: path.display().to_string(),
            message,
        }),
        None => Ok(()),
    }
}

/// Writes `data` with `shape` as a `<f8` `.npy` file, completely or not at all.
///
/// Fails with [`Error::Io`] if the product of `shape` is not `data.len()` or the file cannot be
/// written; nothing is left at `path` then.
pub fn write_npy_f64(path: &Path, data: &[f64], shape: &[usize]) -> Result<()> {
    check(path, data.len(), shape)?;
    write_atomic(path, &npy_f64(data, shape))
}

/// Writes `data` with `shape` as a `<i8` `.npy` file, completely or not at all.
///
/// Fails with [`Error::Io`] if the product of `shape` is not `data.len()` or the file cannot be
/// written; nothing is left at `path` then.
pub fn write_npy_i64(path: &Path, data: &[i64], shape: &[usize]) -> Result<()> {
    check(path, data.len(), shape)?;
    write_atomic(path, &npy_i64(data, shape))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads back what this module writes: (descr, fortran_order, shape, data offset).
    fn parse(bytes: &[u8]) -> (String, bool, Vec<usize>, usize) {
        assert_eq!(&bytes[..6], MAGIC);
        assert_eq!(&bytes[6..8], &[1, 0]);
        let len = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
        let text = std::str::from_utf8(&bytes[10..10 + len]).unwrap();
        assert!(text.ends_with('\n'));
        let field = |key: &str| {
            let start = text.find(&format!("'{key}': ")).unwrap() + key.len() + 4;
            &text[start..]
        };
        let descr = field("descr")[1..4].to_string();
        let fortran = field("fortran_order").starts_with("True");
        let shape_text = field("shape");
        let inner = &shape_text[1..shape_text.find(')').unwrap()];
        let shape = inner
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        (descr, fortran, shape, 10 + len)
    }

    #[test]
    fn header_is_aligned_and_terminated() {
        for shape in [&[][..], &[0], &[3], &[2, 2], &[4, 5, 6], &[123_456_789, 1]] {
            let h = header(NpyType::F8, shape);
            assert_eq!((PREAMBLE_LEN + h.len()) % ALIGN, 0, "{shape:?}");
            assert_eq!(*h.last().unwrap(), b'\n');
            assert!(h.is_ascii());
        }
        let text = String::from_utf8(header(NpyType::I8, &[7])).unwrap();
        assert!(text.starts_with("{'descr': '<i8', 'fortran_order': False, 'shape': (7,), }"));
        let text = String::from_utf8(header(NpyType::F8, &[])).unwrap();
        assert!(text.contains("'shape': (), }"));
    }

    #[test]
    fn round_trip_f64() {
        let data: Vec<f64> = (0..24).map(|i| f64::from(i) * 0.5 - 3.25).collect();
        let bytes = npy_f64(&data, &[2, 3, 4]);
        let (descr, fortran, shape, offset) = parse(&bytes);
        assert_eq!(descr, "<f8");
        assert!(!fortran);
        assert_eq!(shape, vec![2, 3, 4]);
        assert_eq!(offset % ALIGN, 0);
        let back: Vec<f64> = bytes[offset..]
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(back, data);
    }

    #[test]
    fn round_trip_i64() {
        let data = [i64::MIN, -1, 0, 1, i64::MAX];
        let bytes = npy_i64(&data, &[5]);
        let (descr, _, shape, offset) = parse(&bytes);
        assert_eq!(descr, "<i8");
        assert_eq!(shape, vec![5]);
        let back: Vec<i64> = bytes[offset..]
            .chunks_exact(8)
            .map(|c| i64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(back, data);
    }

    /// `[[1.0, 2.0], [3.0, -0.5]]` as `<f8`. These bytes were checked once by hand: written to a
    /// file, `numpy.load` (NumPy 2.4) gave back the same array with dtype float64 and shape
    /// (2, 2), and `numpy.save` of that array produced exactly these bytes.
    #[test]
    fn exact_bytes_of_2x2_f64() {
        let mut expected = Vec::new();
        expected.extend_from_slice(b"\x93NUMPY\x01\x00\x76\x00");
        expected.extend_from_slice(b"{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }");
        expected.extend(std::iter::repeat_n(b' ', 58));
        expected.push(b'\n');
        assert_eq!(expected.len(), 128);
        // 1.0, 2.0, 3.0, -0.5 as little-endian IEEE 754 doubles, as numpy.save wrote them.
        expected.extend_from_slice(&[
            0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0x08, 0x40,
            0, 0, 0, 0, 0, 0, 0xe0, 0xbf,
        ]);
        assert_eq!(npy_f64(&[1.0, 2.0, 3.0, -0.5], &[2, 2]), expected);
    }

    /// `[[1, -2], [3, 4]]` as `<i8`, checked by hand like the `f64` case above.
    #[test]
    fn exact_bytes_of_2x2_i64() {
        let bytes = npy_i64(&[1, -2, 3, 4], &[2, 2]);
        assert_eq!(&bytes[..10], b"\x93NUMPY\x01\x00\x76\x00");
        assert_eq!(&bytes[10..26], b"{'descr': '<i8',");
        assert_eq!(
            &bytes[128..],
            &[
                1, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 3, 0, 0, 0,
                0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0
            ][..]
        );
    }

    #[test]
    fn writes_file_and_rejects_wrong_shape() {
        let dir = std::env::temp_dir().join(format!("saltatory-npy-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.npy");
        write_npy_f64(&path, &[1.0, 2.0, 3.0], &[3]).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            npy_f64(&[1.0, 2.0, 3.0], &[3])
        );

        let bad = dir.join("bad.npy");
        let err = write_npy_i64(&bad, &[1, 2, 3], &[2, 2]).unwrap_err();
        assert!(
            err.to_string().contains("holds 4 elements but 3 values"),
            "{err}"
        );
        assert!(!bad.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unwritable_path_leaves_nothing() {
        let path = std::env::temp_dir()
            .join("saltatory-npy-no-such-dir")
            .join("x.npy");
        assert!(write_npy_f64(&path, &[1.0], &[1]).is_err());
        assert!(!path.exists());
    }

    #[test]
    #[should_panic(expected = "holds 2 elements")]
    fn npy_panics_on_wrong_shape() {
        let _ = npy_f64(&[1.0], &[2]);
    }
}
