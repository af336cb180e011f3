//! Output files written atomically: a temporary file in the same folder, renamed when complete;
//! the lock that keeps two runs out of one output folder; the removal of what killed runs left.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A file that appears under its final name only when [`AtomicFile::commit`] succeeds.
///
/// The temporary file is `.<name>.tmp-<pid>-<random>` beside the destination, created with
/// `O_EXCL` (a planted file or symbolic link at that name is never opened or followed), and
/// renamed over the destination (a symbolic link there is replaced, not followed).
pub struct AtomicFile {
    dest: PathBuf,
    writer: Option<BufWriter<tempfile::NamedTempFile>>,
}

/// The part of a temporary file's name after its destination's: `.tmp-<pid>-`.
fn tmp_marker(pid: u32) -> String {
    format!(".tmp-{pid}-")
}

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<Self> {
        let name = dest.file_name().context("output path has no file name")?;
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let prefix = format!(
            ".{}{}",
            name.to_string_lossy(),
            tmp_marker(std::process::id())
        );
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).rand_bytes(8);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // As File::create: read-write for all, less the umask (not tempfile's 0600).
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot create {}", dest.display()))?;
        Ok(Self {
            dest: dest.to_path_buf(),
            writer: Some(BufWriter::new(tmp)),
        })
    }

    /// Flush, sync and rename into place. On failure the temporary file is removed, so nothing
    /// is left under either name.
    pub fn commit(mut self) -> Result<()> {
        let w = self.writer.take().expect("writer present until commit");
        let tmp = w
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.as_file().sync_all().map(|()| f))
            .with_context(|| format!("cannot write {}", self.dest.display()))?;
        tmp.persist(&self.dest)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot rename to {}", self.dest.display()))?;
        Ok(())
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

// Not committed: dropping the NamedTempFile removes the partial file.

/// Write argument maps, each with the path its `documents.csv` row names, as the CSV files of an
/// `argmine mine` folder (sentences.csv, links.csv, documents.csv), each file atomically.
pub fn write_csv_folder(
    dir: &Path,
    maps: &[(&str, &argmine::ArgumentMap)],
    csv: argmine::export::CsvOptions,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let [s, l, d] =
        ["sentences.csv", "links.csv", "documents.csv"].map(|n| AtomicFile::create(&dir.join(n)));
    let mut e = argmine::export::CsvExporter::with_options(s?, l?, d?, csv)?;
    for (path, map) in maps {
        e.write_map(path, map)?;
    }
    let (s, l, d) = e.finish()?;
    s.commit()?;
    l.commit()?;
    d.commit()?;
    Ok(())
}

/// The pid in a temporary file's name (`.<name>.tmp-<pid>-<random>`, or `.<name>.tmp-<pid>` as
/// argmine 0.1 named them), if it is one.
fn temporary_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let rest = &name[name.rfind(".tmp-")? + 5..];
    let digits = rest.split('-').next()?;
    digits.parse().ok()
}

/// Remove, under `dir` (recursively, not following symbolic links), the temporary files of
/// processes that no longer run (what `kill -9` left behind); returns how many. Only where
/// `/proc` tells which processes run; elsewhere nothing is removed.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    if !Path::new("/proc/self").exists() {
        return 0;
    }
    let me = std::process::id();
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Some(pid) = temporary_pid(&entry.file_name().to_string_lossy()) else {
            continue;
        };
        if pid != me
            && !Path::new("/proc").join(pid.to_string()).exists()
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Remove the temporary files this process left under `dir` (on a second Ctrl-C, which exits
/// without unwinding).
pub fn remove_own_temporaries(dir: &Path) {
    let me = std::process::id();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file()
            && temporary_pid(&entry.file_name().to_string_lossy()) == Some(me)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// An advisory lock on an output folder (`<out>/.argmine-lock`), held until dropped (or the
/// process ends, `kill -9` included): a second run into the same folder stops at once instead of
/// mixing its files with the first's.
pub struct OutLock {
    _file: File,
}

/// The name of the lock file in an output folder.
pub const LOCK_FILE: &str = ".argmine-lock";

impl OutLock {
    /// Take the lock of `out` (a folder that exists), or fail naming the run that holds it.
    pub fn acquire(out: &Path) -> Result<Self> {
        let path = out.join(LOCK_FILE);
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NOFOLLOW);
        }
        let mut file = options
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                bail!(
                    "{} is in use by another argmine run ({}): wait for it to finish, or choose another --out",
                    out.display(),
                    if holder.is_empty() { "process unknown" } else { holder }
                );
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()))
            }
        }
        let args: Vec<String> = std::env::args().collect();
        file.set_len(0)?;
        file.rewind()?;
        write!(file, "pid {}: {}", std::process::id(), args.join(" "))?;
        file.flush()?;
        Ok(Self { _file: file })
    }
}

/// Refuse a symbolic link at `path` or at any folder between `root` and it: argmine writes only
/// inside the output folder, and a planted link would send its files elsewhere.
pub fn refuse_links_below(root: &Path, path: &Path) -> Result<()> {
    let Ok(rel) = path.strip_prefix(root) else {
        return Ok(());
    };
    let mut p = root.to_path_buf();
    for c in rel.components() {
        p.push(c);
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() && p != path => {
                let target = std::fs::read_link(&p).unwrap_or_default();
                bail!(
                    "{} is a symbolic link (to {}): argmine writes only inside {}; remove the link or choose another --out",
                    p.display(),
                    target.display(),
                    root.display()
                );
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_give_their_pid() {
        assert_eq!(temporary_pid(".links.csv.tmp-123-AbC12xyz"), Some(123));
        assert_eq!(temporary_pid(".links.csv.tmp-77"), Some(77));
        assert_eq!(temporary_pid("links.csv.tmp-77"), None);
        assert_eq!(temporary_pid(".notes.txt"), None);
    }
}
