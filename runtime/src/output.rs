//! Writing recorded data. Files are written to a temporary sibling and renamed into place, so
//! a failure leaves either the complete file or nothing.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::record::Trace;

/// Writes `contents` to `path` completely or not at all.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let name = path.file_name().ok_or_else(|| Error::Io {
        path: path.display().to_string(),
        message: "not a file path".into(),
    })?;
    let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// A trace as CSV: `time,<var>[<neuron>],...`, one row per sample, full f64 precision.
pub fn trace_csv(trace: &Trace) -> String {
    let mut out = String::from("time");
    for name in &trace.names {
        for n in &trace.neurons {
            out.push_str(&format!(",{name}[{n}]"));
        }
    }
    out.push('\n');
    for (k, t) in trace.times.iter().enumerate() {
        out.push_str(&format!("{t}"));
        for var in &trace.values {
            for series in var {
                out.push_str(&format!(",{}", series[k]));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwritable_path_fails_cleanly() {
        let dir = std::env::temp_dir()
            .join("saltatory-no-such-dir-x")
            .join("f.csv");
        let err = write_atomic(&dir, b"x").unwrap_err().to_string();
        assert!(err.contains("cannot write"), "{err}");
        assert!(!dir.exists());
    }

    #[test]
    fn csv_has_header_and_rows() {
        let t = Trace {
            names: vec!["V_m"],
            neurons: vec![0],
            times: vec![0.1, 0.2],
            values: vec![vec![vec![-70.0, -69.5]]],
        };
        assert_eq!(trace_csv(&t), "time,V_m[0]\n0.1,-70\n0.2,-69.5\n");
    }
}

/// Spikes as CSV: `time,sender` with NEST's 1-based global ids.
pub fn spikes_csv(data: &crate::record::SpikeData) -> String {
    let mut out = String::from("time,sender\n");
    for (t, s) in data.times.iter().zip(&data.senders) {
        out.push_str(&format!("{t},{}\n", s + 1));
    }
    out
}

/// Writes spikes as an `(n, 2)` .npy array of (time in ms, 1-based global id).
pub fn write_spikes_npy(path: &Path, data: &crate::record::SpikeData) -> Result<()> {
    let mut columns = Vec::with_capacity(2 * data.len());
    for (t, s) in data.times.iter().zip(&data.senders) {
        columns.push(*t);
        columns.push((*s + 1) as f64);
    }
    crate::npy::write_npy_f64(path, &columns, &[data.len(), 2])
}

/// Writes a trace as an `(samples, 1 + variables · neurons)` .npy array whose columns are as
/// in [`trace_csv`]: time, then each variable for each neuron.
pub fn write_trace_npy(path: &Path, trace: &Trace) -> Result<()> {
    let cols = 1 + trace.values.iter().map(|v| v.len()).sum::<usize>();
    let mut data = Vec::with_capacity(trace.times.len() * cols);
    for (k, t) in trace.times.iter().enumerate() {
        data.push(*t);
        for var in &trace.values {
            for series in var {
                data.push(series[k]);
            }
        }
    }
    crate::npy::write_npy_f64(path, &data, &[trace.times.len(), cols])
}

#[cfg(test)]
mod spike_tests {
    use super::*;
    use crate::record::SpikeData;

    #[test]
    fn spikes_as_csv_and_npy() {
        let d = SpikeData {
            times: vec![1.5, 2.0],
            senders: vec![0, 4],
        };
        assert_eq!(spikes_csv(&d), "time,sender\n1.5,1\n2,5\n");
        let path = std::env::temp_dir().join("saltatory-spikes-test.npy");
        write_spikes_npy(&path, &d).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..6], b"\x93NUMPY");
        assert_eq!(bytes.len(), 128 + 4 * 8);
    }
}
