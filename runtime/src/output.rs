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
