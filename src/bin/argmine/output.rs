//! Output files written atomically: a temporary file in the same folder, renamed when complete.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file that appears under its final name only when [`AtomicFile::commit`] succeeds.
pub struct AtomicFile {
    tmp: PathBuf,
    dest: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<Self> {
        let name = dest.file_name().context("output path has no file name")?;
        let tmp = dest.with_file_name(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        let f = File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(Self {
            tmp,
            dest: dest.to_path_buf(),
            writer: Some(BufWriter::new(f)),
        })
    }

    /// Flush, sync and rename into place. On failure the temporary file is removed, so nothing
    /// is left under either name.
    pub fn commit(mut self) -> Result<()> {
        let w = self.writer.take().expect("writer present until commit");
        let done = w
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot write {}", self.dest.display()))
            .and_then(|()| {
                std::fs::rename(&self.tmp, &self.dest)
                    .with_context(|| format!("cannot rename to {}", self.dest.display()))
            });
        if done.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        done
    }

    fn context(&self, e: std::io::Error) -> std::io::Error {
        std::io::Error::new(
            e.kind(),
            format!("cannot write {}: {e}", self.dest.display()),
        )
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.writer.as_mut().expect("open").write(buf);
        r.map_err(|e| self.context(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.writer.as_mut().expect("open").flush();
        r.map_err(|e| self.context(e))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Not committed: remove the partial file rather than leave it behind.
        if self.writer.is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Write argument maps, each with the path its `documents.csv` row names, as the CSV files of an
/// `argmine mine` folder (sentences.csv, links.csv, documents.csv), each file atomically.
pub fn write_csv_folder(dir: &Path, maps: &[(&str, &argmine::ArgumentMap)]) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let [s, l, d] =
        ["sentences.csv", "links.csv", "documents.csv"].map(|n| AtomicFile::create(&dir.join(n)));
    let mut csv = argmine::export::CsvExporter::new(s?, l?, d?)?;
    for (path, map) in maps {
        csv.write_map(path, map)?;
    }
    let (s, l, d) = csv.finish()?;
    s.commit()?;
    l.commit()?;
    d.commit()?;
    Ok(())
}
