//! Finding the input files: files and folders (recursive), `-` for standard input.

use anyhow::{Context, Result};
use globset::{Glob, GlobMatcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

/// A document to process, or a path that could not be listed.
#[derive(Debug, Clone)]
pub struct Input {
    pub doc_id: String,
    pub source: Source,
    /// Set when the path could not be read while listing (the document is reported as failed).
    pub error: Option<String>,
    /// Set for an entry of a folder that is not a document (a FIFO, a socket, a broken link, a
    /// link to a folder): reported in documents.csv with status `skipped`, never opened.
    pub skip: Option<String>,
}

impl Input {
    pub fn display_path(&self) -> String {
        match &self.source {
            Source::File(p) => p.display().to_string(),
            Source::Stdin => "-".to_string(),
        }
    }
}

/// The id of a document: its path relative to the folder it was found in, without a `.txt`,
/// `.pdf`, `.html` or `.htm` extension, with `/` separators; for a file named directly, its name
/// without that extension. (`a.txt` and `a.pdf` in one run become `a` and `a~2`.)
fn doc_id(root: Option<&Path>, path: &Path) -> String {
    let rel = root
        .and_then(|r| path.strip_prefix(r).ok())
        .unwrap_or_else(|| Path::new(path.file_name().unwrap_or(path.as_os_str())));
    let known = |e: &std::ffi::OsStr| {
        let e = e.to_string_lossy().to_ascii_lowercase();
        matches!(e.as_str(), "txt" | "pdf" | "html" | "htm")
    };
    let rel = if rel.extension().is_some_and(known) {
        rel.with_extension("")
    } else {
        rel.to_path_buf()
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What kind of thing a path is, following symbolic links, for the message about a non-file.
fn kind(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if m.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// An input that is not read: `error` for a path named on the command line (a failed document),
/// `skip` for a folder entry (a skipped one).
fn refused(root: Option<&Path>, path: &Path, msg: String, named: bool) -> Input {
    Input {
        doc_id: doc_id(root, path),
        source: Source::File(path.to_path_buf()),
        error: named.then(|| msg.clone()),
        skip: (!named).then_some(msg),
    }
}

/// List the documents named by `paths`: files as given, folders walked recursively for files
/// whose name matches `glob` (sorted, so the order does not depend on the file system).
/// Symbolic links to files are followed; links to folders are not (no loops) and are reported as
/// skipped, as are FIFOs, sockets, devices and broken links whose name matches. Paths that do not
/// exist, and non-regular files named directly (a FIFO would block the run), are inputs with an
/// error, so that they are reported like any other failed document.
pub fn collect(paths: &[PathBuf], glob: &str) -> Result<Vec<Input>> {
    let matcher: GlobMatcher = Glob::new(glob)
        .with_context(|| format!("bad --glob {glob:?}"))?
        .compile_matcher();
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input {
                doc_id: "stdin".into(),
                source: Source::Stdin,
                error: None,
                skip: None,
            });
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => out.push(refused(None, p, format!("cannot read: {e}"), true)),
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                for entry in walkdir::WalkDir::new(p)
                    .follow_links(false)
                    .sort_by_file_name()
                {
                    match entry {
                        Ok(e) if e.depth() == 0 || e.file_type().is_dir() => {}
                        Ok(e) => {
                            let (path, matches) = (e.path(), matcher.is_match(e.file_name()));
                            let link = e.file_type().is_symlink();
                            let skip = |msg: String| refused(Some(p), path, msg, false);
                            match std::fs::metadata(path) {
                                Ok(m) if m.is_file() && matches => found.push(Input {
                                    doc_id: doc_id(Some(p), path),
                                    source: Source::File(path.to_path_buf()),
                                    error: None,
                                    skip: None,
                                }),
                                Ok(m) if m.is_file() => {}
                                Ok(m) if m.is_dir() => found.push(skip(
                                    "a symbolic link to a folder: not followed (name the folder itself to mine it)".into(),
                                )),
                                Ok(m) if matches => found.push(skip(format!(
                                    "{}{}: argmine reads regular files",
                                    if link { "a symbolic link to " } else { "" },
                                    kind(&m)
                                ))),
                                Err(err) if link && matches => {
                                    found.push(skip(format!("a broken symbolic link: {err}")))
                                }
                                Err(err) if matches => {
                                    found.push(skip(format!("cannot read: {err}")))
                                }
                                _ => {}
                            }
                        }
                        Err(e) => {
                            let path = e.path().unwrap_or(p).to_path_buf();
                            found.push(refused(Some(p), &path, format!("cannot list: {e}"), true))
                        }
                    }
                }
                out.extend(found);
            }
            Ok(m) if m.is_file() => out.push(Input {
                doc_id: doc_id(None, p),
                source: Source::File(p.clone()),
                error: None,
                skip: None,
            }),
            Ok(m) => out.push(refused(
                None,
                p,
                format!("{}: argmine reads regular files", kind(&m)),
                true,
            )),
        }
    }
    // Ids must be unique within a run: a repeated id gets a suffix ~2, ~3, ...
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in &mut out {
        let n = seen.entry(i.doc_id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            i.doc_id = format!("{}~{}", i.doc_id, n);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_paths() {
        let root = Path::new("/data/ungdc");
        assert_eq!(
            doc_id(
                Some(root),
                Path::new("/data/ungdc/Session 55 - 2000/AFG_55_2000.txt")
            ),
            "Session 55 - 2000/AFG_55_2000"
        );
        assert_eq!(doc_id(None, Path::new("../x/seed.txt")), "seed");
        assert_eq!(doc_id(None, Path::new("notes.md")), "notes.md");
    }
}
