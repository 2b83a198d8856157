//! Where a recorder's data go (NEST's `record_to`) and the settings of its files: the device's
//! `label`, `precision`, `time_in_steps` and `file_extension`, and the simulator-wide
//! `data_path`, `data_prefix` and `overwrite_files` (NEST's kernel properties).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where a recorder sends what it records (NEST's `record_to`).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum RecordTo {
    /// Kept in memory, read with `Simulator::spikes` or `Simulator::trace` (NEST's `memory`).
    #[default]
    Memory,
    /// Written to one text file per recorder, streamed slice by slice (NEST's `ascii`).
    Ascii(AsciiOptions),
    /// Printed to standard output, one line per event (NEST's `screen`).
    Screen(RowOptions),
}

impl RecordTo {
    /// A file with NEST's default settings (no label, precision 3, times in ms).
    pub fn ascii() -> Self {
        RecordTo::Ascii(AsciiOptions::default())
    }

    /// Standard output with NEST's default settings (precision 3, times in ms).
    pub fn screen() -> Self {
        RecordTo::Screen(RowOptions::default())
    }
}

/// How each event is printed: NEST's `precision` and `time_in_steps`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowOptions {
    /// Digits after the decimal point of times and values (NEST's default: 3).
    pub precision: i64,
    /// Times as the step and the offset within it (`time_step`, `time_offset`) instead of ms.
    pub time_in_steps: bool,
}

impl Default for RowOptions {
    fn default() -> Self {
        RowOptions {
            precision: 3,
            time_in_steps: false,
        }
    }
}

/// The largest `precision` accepted.
pub(crate) const MAX_PRECISION: i64 = 100;

impl RowOptions {
    /// The precision as a digit count, or an error naming the recorder.
    pub(crate) fn digits(&self, model: &'static str) -> Result<usize> {
        if (0..=MAX_PRECISION).contains(&self.precision) {
            return Ok(self.precision as usize);
        }
        Err(Error::InvalidParameter {
            model,
            name: "precision".into(),
            value: self.precision as f64,
            unit: "",
            expected: format!(
                "a whole number of digits after the decimal point from 0 to {MAX_PRECISION}"
            ),
        })
    }
}

/// A recorder's file: NEST's device properties of the `ascii` backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsciiOptions {
    /// Names the file in place of the recorder's model name when not empty.
    pub label: String,
    /// The file name's extension, without the dot (NEST's default: `dat`).
    pub file_extension: String,
    /// Number formatting.
    pub rows: RowOptions,
}

impl Default for AsciiOptions {
    fn default() -> Self {
        AsciiOptions {
            label: String::new(),
            file_extension: "dat".into(),
            rows: RowOptions::default(),
        }
    }
}

/// Where files go, for every recorder created after they are set (NEST's kernel properties
/// `data_path`, `data_prefix` and `overwrite_files`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputFiles {
    /// Folder of the files; empty for the current directory. It must exist.
    pub data_path: PathBuf,
    /// Put before every file name.
    pub data_prefix: String,
    /// Whether an existing file may be replaced; when false an existing file is an error.
    pub overwrite_files: bool,
}

/// An [`Error::InvalidOutput`] of `model`.
pub(crate) fn invalid(
    model: &'static str,
    name: &'static str,
    value: impl Into<String>,
    expected: impl Into<String>,
) -> Error {
    Error::InvalidOutput {
        recorder: model,
        name,
        value: value.into(),
        expected: expected.into(),
    }
}

impl OutputFiles {
    /// Checks the settings: the folder exists, the prefix names no folder.
    pub(crate) fn validate(&self, model: &'static str) -> Result<()> {
        let dir = self.dir();
        if !dir.is_dir() {
            let what = if dir.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            return Err(invalid(
                model,
                "data_path",
                self.data_path.display().to_string(),
                format!("an existing folder ({} {what})", dir.display()),
            ));
        }
        if self.data_prefix.contains(['/', '\0']) {
            return Err(invalid(
                model,
                "data_prefix",
                &self.data_prefix,
                "a file name prefix without '/' (set the folder with data_path)",
            ));
        }
        Ok(())
    }

    /// The folder of the files.
    pub(crate) fn dir(&self) -> &Path {
        if self.data_path.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &self.data_path
        }
    }

    /// The file of recorder number `number` (counted from 1 in creation order) of `model`:
    /// `<data_path>/<data_prefix><label or model>-<number>.<file_extension>`.
    pub(crate) fn file_name(
        &self,
        model: &'static str,
        number: usize,
        opts: &AsciiOptions,
    ) -> Result<PathBuf> {
        let name_ok = |s: &str| !s.contains(['/', '\0']);
        if !name_ok(&opts.label) {
            return Err(invalid(
                model,
                "label",
                &opts.label,
                "a name without '/' (set the folder with data_path)",
            ));
        }
        if opts.file_extension.is_empty() || !name_ok(&opts.file_extension) {
            return Err(invalid(
                model,
                "file_extension",
                &opts.file_extension,
                "a non-empty extension without '/'",
            ));
        }
        let label = if opts.label.is_empty() {
            model
        } else {
            &opts.label
        };
        let name = format!(
            "{}{label}-{number}.{}",
            self.data_prefix, opts.file_extension
        );
        Ok(self.data_path.join(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_the_settings() {
        let files = OutputFiles {
            data_path: "out".into(),
            data_prefix: "run1_".into(),
            overwrite_files: false,
        };
        let opts = AsciiOptions::default();
        let p = files.file_name("spike_recorder", 3, &opts).unwrap();
        assert_eq!(p, Path::new("out/run1_spike_recorder-3.dat"));
        let labelled = AsciiOptions {
            label: "exc".into(),
            file_extension: "txt".into(),
            ..opts
        };
        let p = OutputFiles::default()
            .file_name("voltmeter", 1, &labelled)
            .unwrap();
        assert_eq!(p, Path::new("exc-1.txt"));
    }

    #[test]
    fn bad_settings_are_named() {
        let bad = AsciiOptions {
            label: "a/b".into(),
            ..Default::default()
        };
        let e = OutputFiles::default()
            .file_name("multimeter", 1, &bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("label") && e.contains("a/b"), "{e}");
        let e = RowOptions {
            precision: -1,
            time_in_steps: false,
        }
        .digits("spike_recorder")
        .unwrap_err()
        .to_string();
        assert!(e.contains("precision") && e.contains("-1"), "{e}");
        let files = OutputFiles {
            data_path: "/no/such/folder/here".into(),
            ..Default::default()
        };
        let e = files.validate("spike_recorder").unwrap_err().to_string();
        assert!(
            e.contains("data_path") && e.contains("does not exist"),
            "{e}"
        );
    }
}
