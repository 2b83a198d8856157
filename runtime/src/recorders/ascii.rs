//! NEST's `ascii` backend: one text file per recorder, streamed.
//!
//! During a `simulate` the rows go to `<file>.part`, each slice's rows in one write as the
//! slice is handed over. When `simulate` ends, successfully or not, the file is synced and
//! renamed to its final name, so it holds exactly what the recorder collected; the next
//! `simulate` renames it back and appends. A run that stops without ending (a panic) leaves
//! the rows it wrote, and the file is renamed when the recorder is dropped.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Sink;
use super::file_options::invalid;
use crate::error::{Error, Result};

/// NEST 3.10's first lines of every file.
pub(crate) const PREAMBLE: &str = "# NEST version: 3.10.0\n# RecordingBackendASCII version: 2\n";

/// A recorder's file.
pub(crate) struct AsciiFile {
    model: &'static str,
    /// The final name.
    path: PathBuf,
    /// The name while a run writes to it.
    part: PathBuf,
    overwrite: bool,
    /// The lines written before the first row.
    header: String,
    /// Open during a run.
    file: Option<File>,
    /// The file exists (a run began).
    created: bool,
    /// A write failed: the file is incomplete and stays `.part`.
    failed: Option<Error>,
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

impl AsciiFile {
    /// The file `path` of a recorder of `model`, starting with `header` (after NEST's
    /// preamble). An existing file is an error unless `overwrite`.
    pub(crate) fn new(
        model: &'static str,
        path: PathBuf,
        overwrite: bool,
        header: String,
    ) -> Result<Self> {
        let mut part = path.clone().into_os_string();
        part.push(".part");
        let f = AsciiFile {
            model,
            part: part.into(),
            path,
            overwrite,
            header: format!("{PREAMBLE}{header}"),
            file: None,
            created: false,
            failed: None,
        };
        f.check_free()?;
        Ok(f)
    }

    /// An existing file may only be replaced with `overwrite_files`.
    fn check_free(&self) -> Result<()> {
        if self.overwrite || !self.path.exists() {
            return Ok(());
        }
        Err(invalid(
            self.model,
            "overwrite_files",
            "false",
            format!(
                "true to replace the existing file {} (or another data_path, data_prefix or label)",
                self.path.display()
            ),
        ))
    }

    fn open(&mut self) -> Result<File> {
        if !self.created {
            self.check_free()?;
            let mut f = File::create(&self.part).map_err(|e| io(&self.part, e))?;
            f.write_all(self.header.as_bytes())
                .map_err(|e| io(&self.part, e))?;
            self.created = true;
            return Ok(f);
        }
        std::fs::rename(&self.path, &self.part).map_err(|e| io(&self.path, e))?;
        OpenOptions::new()
            .append(true)
            .open(&self.part)
            .map_err(|e| io(&self.part, e))
    }

    /// Syncs and closes the file and gives it its final name.
    fn finish(&mut self) -> Result<()> {
        let Some(f) = self.file.take() else {
            return Ok(());
        };
        f.sync_data().map_err(|e| io(&self.part, e))?;
        drop(f);
        std::fs::rename(&self.part, &self.path).map_err(|e| io(&self.path, e))
    }
}

impl Sink for AsciiFile {
    fn begin_run(&mut self) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.file.is_none() {
            self.file = Some(self.open()?);
        }
        Ok(())
    }

    fn write(&mut self, rows: &str) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let Some(f) = &mut self.file else {
            return Ok(());
        };
        if let Err(e) = f.write_all(rows.as_bytes()) {
            let e = io(&self.part, e);
            self.file = None;
            self.failed = Some(e.clone());
            return Err(e);
        }
        Ok(())
    }

    fn end_run(&mut self) -> Result<()> {
        self.finish()
    }

    fn filenames(&self) -> Vec<PathBuf> {
        vec![self.path.clone()]
    }
}

impl Drop for AsciiFile {
    fn drop(&mut self) {
        let _ = self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("saltatory-ascii-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        let _ = std::fs::remove_file(&p);
        p
    }

    #[test]
    fn streams_to_part_and_renames_after_each_run() {
        let p = temp("runs.dat");
        let mut f = AsciiFile::new("spike_recorder", p.clone(), false, "sender\n".into()).unwrap();
        f.begin_run().unwrap();
        f.write("1\t0.100\n").unwrap();
        let part = f.part.clone();
        assert!(part.exists() && !p.exists());
        assert!(std::fs::read_to_string(&part).unwrap().ends_with("0.100\n"));
        f.end_run().unwrap();
        assert!(!part.exists());
        f.begin_run().unwrap();
        f.write("2\t0.200\n").unwrap();
        f.end_run().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text, format!("{PREAMBLE}sender\n1\t0.100\n2\t0.200\n"));
        // Overwriting is refused unless allowed.
        let e = AsciiFile::new("spike_recorder", p.clone(), false, String::new());
        let e = e.err().unwrap().to_string();
        assert!(
            e.contains("overwrite_files") && e.contains("runs.dat"),
            "{e}"
        );
        assert!(AsciiFile::new("spike_recorder", p.clone(), true, String::new()).is_ok());
        let _ = std::fs::remove_file(&p);
    }

    #[test]
    fn a_dropped_run_is_finalised() {
        let p = temp("dropped.dat");
        let mut f = AsciiFile::new("multimeter", p.clone(), false, String::new()).unwrap();
        f.begin_run().unwrap();
        f.write("1\t0.100\t-70.000\n").unwrap();
        drop(f);
        assert!(std::fs::read_to_string(&p).unwrap().ends_with("-70.000\n"));
        let _ = std::fs::remove_file(&p);
    }
}
