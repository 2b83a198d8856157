//! A recorder's backend (NEST's `record_to`) and its event count (NEST's `n_events`).
//!
//! Every recorder collects a slice's events into memory. With the `memory` backend they stay
//! there; with `ascii` or `screen` the new events are printed as rows, handed to the sink, and
//! dropped from memory, as NEST keeps no events for those backends.

use std::path::PathBuf;

use super::Sink;
use super::ascii::AsciiFile;
use super::file_options::{OutputFiles, RecordTo};
use super::rank_files::RankFile;
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
    /// This process prints only the rows of its own nodes (each rank writes its own file).
    pub own_rows: bool,
}

/// Where this process stands among the processes that record (MPI ranks), and whether the
/// recorder's rows belong to nodes (each written by the rank owning the node) or to a device
/// (written by rank 0).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place {
    pub rank: usize,
    pub ranks: usize,
    pub by_node: bool,
}

impl Backend {
    /// Events kept in memory.
    pub(crate) fn memory() -> Self {
        Backend {
            format: None,
            sink: None,
            n_events: 0,
            rows: String::new(),
            own_rows: false,
        }
    }

    /// The backend `to` of recorder number `number` (from 1, in creation order) of `model`,
    /// whose events carry `values`, on the process at `place`; files go where `files` says.
    /// Across processes, a recorder of nodes writes one file per rank, each with the rows of
    /// the rank's own nodes ([`super::rank_files`]); a recorder of a device writes on rank 0.
    pub(crate) fn new(
        to: &RecordTo,
        files: &OutputFiles,
        model: &'static str,
        number: usize,
        values: &[&str],
        place: Place,
    ) -> Result<Self> {
        let alone = place.ranks == 1;
        let own_rows = !alone && place.by_node;
        let elsewhere = !alone && !place.by_node && place.rank != 0;
        let (format, sink): (RowFormat, Box<dyn Sink>) = match to {
            RecordTo::Memory => return Ok(Self::memory()),
            RecordTo::Screen(rows) if elsewhere => {
                let files = Vec::new();
                (RowFormat::new(rows, model)?, Box::new(Elsewhere { files }))
            }
            RecordTo::Screen(rows) => (RowFormat::new(rows, model)?, Box::new(Screen)),
            RecordTo::Ascii(opts) => {
                let format = RowFormat::new(&opts.rows, model)?;
                files.validate(model)?;
                let path = files.file_name(model, number, opts)?;
                let header = format.columns(values);
                let overwrite = files.overwrite_files;
                let sink: Box<dyn Sink> = if own_rows {
                    let (rank, ranks) = (place.rank, place.ranks);
                    Box::new(RankFile::new(model, &path, rank, ranks, overwrite, header)?)
                } else if elsewhere {
                    Box::new(Elsewhere { files: vec![path] })
                } else {
                    Box::new(AsciiFile::new(model, path, overwrite, header)?)
                };
                (format, sink)
            }
        };
        Ok(Backend {
            format: Some(format),
            sink: Some(sink),
            n_events: 0,
            rows: String::new(),
            own_rows,
        })
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

/// The sink of a recorder whose output rank 0 writes, on the other ranks: it names rank 0's
/// files and writes nothing.
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
