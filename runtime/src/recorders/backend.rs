//! A recorder's backend (NEST's `record_to`) and its event count (NEST's `n_events`).
//!
//! Every recorder collects a slice's events into memory. With the `memory` backend they stay
//! there; with `ascii` or `screen` the new events are printed as rows, handed to the sink, and
//! dropped from memory, as NEST keeps no events for those backends.

use std::path::PathBuf;

use super::Sink;
use super::ascii::AsciiFile;
use super::file_options::{OutputFiles, RecordTo};
use super::rows::RowFormat;
use super::screen::Screen;
use crate::error::Result;

/// Where a recorder's events go, and how many it has recorded.
pub(crate) struct Backend {
    /// How events are printed, when they are.
    pub format: Option<RowFormat>,
    sink: Option<Box<dyn Sink>>,
    /// Events recorded since creation or the last clearing.
    pub n_events: u64,
    /// The rows of the current slice.
    pub rows: String,
}

impl Backend {
    /// Events kept in memory.
    pub(crate) fn memory() -> Self {
        Backend {
            format: None,
            sink: None,
            n_events: 0,
            rows: String::new(),
        }
    }

    /// The backend `to` of recorder number `number` (from 1, in creation order) of `model`,
    /// whose events carry `values`; files go where `files` says.
    pub(crate) fn new(
        to: &RecordTo,
        files: &OutputFiles,
        model: &'static str,
        number: usize,
        values: &[&str],
    ) -> Result<Self> {
        let (format, sink): (RowFormat, Box<dyn Sink>) = match to {
            RecordTo::Memory => return Ok(Self::memory()),
            RecordTo::Screen(rows) => (RowFormat::new(rows, model)?, Box::new(Screen)),
            RecordTo::Ascii(opts) => {
                let format = RowFormat::new(&opts.rows, model)?;
                files.validate(model)?;
                let path = files.file_name(model, number, opts)?;
                let header = format.columns(values);
                let file = AsciiFile::new(model, path, files.overwrite_files, header)?;
                (format, Box::new(file))
            }
        };
        Ok(Backend {
            format: Some(format),
            sink: Some(sink),
            n_events: 0,
            rows: String::new(),
        })
    }

    /// The same backend on a process that writes no output (an MPI rank other than 0, where
    /// the recorder gathers the same events as rank 0): rows are formatted and dropped.
    pub(crate) fn elsewhere(mut self) -> Self {
        if let Some(sink) = &self.sink {
            self.sink = Some(Box::new(Elsewhere {
                files: sink.filenames(),
            }));
        }
        self
    }

    /// Whether events stay in memory.
    pub(crate) fn keeps_events(&self) -> bool {
        self.sink.is_none()
    }

    /// Hands the rows of the slice to the sink.
    pub(crate) fn flush(&mut self) -> Result<()> {
        let result = match &mut self.sink {
            Some(s) if !self.rows.is_empty() => s.write(&self.rows),
            _ => Ok(()),
        };
        self.rows.clear();
        result
    }

    /// Before a run.
    pub(crate) fn begin_run(&mut self) -> Result<()> {
        self.sink.as_mut().map_or(Ok(()), |s| s.begin_run())
    }

    /// After a run, whatever its outcome.
    pub(crate) fn end_run(&mut self) -> Result<()> {
        self.sink.as_mut().map_or(Ok(()), |s| s.end_run())
    }

    /// The files written (NEST's `filenames`).
    pub(crate) fn filenames(&self) -> Vec<PathBuf> {
        self.sink.as_ref().map_or_else(Vec::new, |s| s.filenames())
    }
}

/// The sink of a recorder whose output another process writes: it names that process's files
/// and writes nothing.
struct Elsewhere {
    files: Vec<PathBuf>,
}

impl Sink for Elsewhere {
    fn begin_run(&mut self) -> Result<()> {
        Ok(())
    }
    fn write(&mut self, _rows: &str) -> Result<()> {
        Ok(())
    }
    fn end_run(&mut self) -> Result<()> {
        Ok(())
    }
    fn filenames(&self) -> Vec<PathBuf> {
        self.files.clone()
    }
}
