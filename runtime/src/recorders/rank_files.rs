//! A recorder's file in a distributed simulation: every rank writes the rows of the nodes it
//! owns to a file of its own, `<name>-<rank>.<extension>` beside the file one process would
//! write (NEST too writes one file per process), and rank 0 writes a manifest,
//! `<file of one process>.manifest`, that lists them. [`merge_rank_files`] reads a manifest
//! and gives the text of the file one process writes.

use std::path::{Path, PathBuf};

use super::Sink;
use super::ascii::AsciiFile;
use crate::error::{Error, Result};

/// The first line of a manifest.
const MANIFEST_HEAD: &str =
    "# saltatory: one recorder's rows, one file per rank; merge with merge_rank_files\n";

/// The file of `rank` for the one-process file `path`: `-<rank>` before the extension.
pub(crate) fn rank_path(path: &Path, rank: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let name = match path.extension() {
        Some(ext) => format!("{stem}-{rank}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{rank}"),
    };
    path.with_file_name(name)
}

/// The manifest of the one-process file `path`.
pub(crate) fn manifest_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".manifest");
    name.into()
}

/// A rank's file, and on rank 0 the manifest naming every rank's.
pub(crate) struct RankFile {
    file: AsciiFile,
    /// Rank 0: where the manifest goes and what it lists, until it is written.
    manifest: Option<(PathBuf, Vec<PathBuf>)>,
}

impl RankFile {
    /// Rank `rank`'s part of the one-process file `path`, of `ranks` ranks.
    pub(crate) fn new(
        model: &'static str,
        path: &Path,
        rank: usize,
        ranks: usize,
        overwrite: bool,
        header: String,
    ) -> Result<Self> {
        let file = AsciiFile::new(model, rank_path(path, rank), overwrite, header)?;
        let parts = (0..ranks).map(|r| rank_path(path, r)).collect();
        let manifest = (rank == 0).then(|| (manifest_path(path), parts));
        Ok(RankFile { file, manifest })
    }

    /// Writes the manifest (once, atomically: a temporary file renamed).
    fn write_manifest(&mut self) -> Result<()> {
        let Some((path, parts)) = &self.manifest else {
            return Ok(());
        };
        let mut text = String::from(MANIFEST_HEAD);
        for p in parts {
            text += &p
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            text.push('\n');
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".part");
        let io = |e: std::io::Error| Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)?;
        self.manifest = None;
        Ok(())
    }
}

impl Sink for RankFile {
    fn begin_run(&mut self) -> Result<()> {
        self.file.begin_run()?;
        self.write_manifest()
    }
    fn write(&mut self, rows: &str) -> Result<()> {
        self.file.write(rows)
    }
    fn end_run(&mut self) -> Result<()> {
        self.file.end_run()
    }
    fn filenames(&self) -> Vec<PathBuf> {
        self.file.filenames()
    }
}

/// The text of the file one process would have written, from the manifest at `manifest` and
/// the rank files it lists (in its folder): the header, then every rank's rows in the order
/// of one process, by time, then sender, then the remaining columns as they stand (each
/// node's rows come from one rank, in their order there).
pub fn merge_rank_files(manifest: &Path) -> Result<String> {
    let io = |p: &Path, e: std::io::Error| Error::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let listing = std::fs::read_to_string(manifest).map_err(|e| io(manifest, e))?;
    let Some(names) = listing.strip_prefix(MANIFEST_HEAD) else {
        return Err(Error::Io {
            path: manifest.display().to_string(),
            message: "not a manifest of saltatory's rank files".into(),
        });
    };
    let folder = manifest.parent().unwrap_or(Path::new(""));
    // The rank files lie beside the manifest: plain names only.
    if let Some(bad) = names
        .lines()
        .find(|n| n.is_empty() || n.contains(['/', '\\']) || *n == "..")
    {
        return Err(Error::Io {
            path: manifest.display().to_string(),
            message: format!("{bad:?} is not a file name beside the manifest"),
        });
    }
    let mut header = None;
    let mut rows: Vec<(RowKey, &str)> = Vec::new();
    let texts: Vec<String> = names
        .lines()
        .map(|n| std::fs::read_to_string(folder.join(n)).map_err(|e| io(&folder.join(n), e)))
        .collect::<Result<_>>()?;
    for (text, name) in texts.iter().zip(names.lines()) {
        let body_at = text
            .find("\nsender")
            .and_then(|i| text[i + 1..].find('\n').map(|j| i + j + 2));
        let Some(body_at) = body_at else {
            return Err(Error::Io {
                path: folder.join(name).display().to_string(),
                message: "no column line (sender ...)".into(),
            });
        };
        header.get_or_insert(&text[..body_at]);
        for line in text[body_at..].lines() {
            rows.push((RowKey::of(line), line));
        }
    }
    // A stable sort keeps each rank's own order for equal keys.
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = header.unwrap_or_default().to_string();
    for (_, line) in rows {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

/// The order of rows: time (the step, or ms as printed: both in the second column), then
/// sender.
#[derive(Clone, Copy, PartialEq)]
struct RowKey(f64, u64);

impl RowKey {
    fn of(line: &str) -> Self {
        let mut cols = line.split('\t');
        let sender = cols.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        let time = cols.next().and_then(|c| c.parse().ok()).unwrap_or(f64::NAN);
        RowKey(time, sender)
    }

    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(self.1.cmp(&other.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_files_sit_beside_the_one_process_file() {
        let p = Path::new("out/run_spike_recorder-3.dat");
        assert_eq!(rank_path(p, 1), Path::new("out/run_spike_recorder-3-1.dat"));
        assert_eq!(
            manifest_path(p),
            Path::new("out/run_spike_recorder-3.dat.manifest")
        );
    }

    #[test]
    fn merging_restores_the_order_of_one_process() {
        let dir = std::env::temp_dir().join(format!("saltatory-rank-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let one = dir.join("voltmeter-1.dat");
        let head =
            "# NEST version: 3.10.0\n# RecordingBackendASCII version: 2\nsender\ttime_ms\tV_m\n";
        std::fs::write(
            rank_path(&one, 0),
            format!("{head}1\t1.000\t-70.0\n2\t1.000\t-69.0\n1\t2.000\t-68.0\n2\t2.000\t-67.0\n"),
        )
        .unwrap();
        std::fs::write(
            rank_path(&one, 1),
            format!("{head}3\t1.000\t-66.0\n3\t2.000\t-65.0\n"),
        )
        .unwrap();
        let mut m = RankFile::new("voltmeter", &one, 0, 2, true, String::new()).unwrap();
        m.write_manifest().unwrap();
        let merged = merge_rank_files(&manifest_path(&one)).unwrap();
        let rows = "1\t1.000\t-70.0\n2\t1.000\t-69.0\n3\t1.000\t-66.0\n1\t2.000\t-68.0\n2\t2.000\t-67.0\n3\t2.000\t-65.0\n";
        assert_eq!(merged, format!("{head}{rows}"));
        std::fs::write(manifest_path(&one), "something else").unwrap();
        assert!(merge_rank_files(&manifest_path(&one)).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
