//! NEST's `screen` backend: every event printed to standard output as it is handed over, one
//! line each, in the ascii file's row format and without its header.

use std::io::Write;

use super::Sink;
use crate::error::{Error, Result};

/// Prints rows to standard output.
pub(crate) struct Screen;

impl Sink for Screen {
    fn begin_run(&mut self) -> Result<()> {
        Ok(())
    }

    fn write(&mut self, rows: &str) -> Result<()> {
        let mut out = std::io::stdout().lock();
        out.write_all(rows.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| Error::Io {
                path: "standard output".into(),
                message: e.to_string(),
            })
    }

    fn end_run(&mut self) -> Result<()> {
        Ok(())
    }
}
