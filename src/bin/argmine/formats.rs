//! Writing argument maps in the formats chosen with `--format`, each file atomically.

use crate::output::AtomicFile;
use anyhow::{bail, Context, Result};
use argmine::export::{self, IndexEntry, JsonDocument};
use argmine::{ArgumentMap, Role};
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output format besides the CSV files (which are always written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// sentences.csv, links.csv, documents.csv (always written).
    Csv,
    /// json/<doc_id>.json, one document per file (schemas/argument-map.v1.schema.json).
    Json,
    /// maps.jsonl, one document per line (what `convert` and `render` read).
    Jsonl,
    /// brat/<doc_id>.txt + .ann, and annotation.conf / visual.conf.
    Brat,
    /// aif/<doc_id>.json (AIF: I-, RA- and CA-nodes).
    Aif,
    /// xaif/<doc_id>.json (xAIF, as OVA3 and ARG-tech's tools read it: locutions, propositions,
    /// relations and the text).
    Xaif,
    /// argdown/<doc_id>.argdown.
    Argdown,
    /// dot/<doc_id>.dot (Graphviz).
    Dot,
    /// graphml/<doc_id>.graphml (Gephi, yEd).
    Graphml,
    /// html/<doc_id>.html and html/index.html.
    Html,
}

/// Writes the per-document files of the chosen formats and, at the end, the files over the batch.
pub struct FormatWriter {
    out: PathBuf,
    formats: Vec<Format>,
    jsonl: Option<AtomicFile>,
    index: Vec<IndexEntry>,
    /// Hand annotations to draw into the HTML reports, by document id, and their name.
    gold: std::collections::HashMap<String, argmine::annotation::GoldDocument>,
    gold_name: String,
    /// The file names (without extension, lower-cased) given out so far: every document gets
    /// its own, in every format.
    taken: std::collections::HashSet<String>,
}

/// The folder each per-document format writes into.
fn folder(f: Format) -> Option<&'static str> {
    Some(match f {
        Format::Csv | Format::Jsonl => return None,
        Format::Json => "json",
        Format::Brat => "brat",
        Format::Aif => "aif",
        Format::Xaif => "xaif",
        Format::Argdown => "argdown",
        Format::Dot => "dot",
        Format::Graphml => "graphml",
        Format::Html => "html",
    })
}

/// A relative path for a document id: its '/'-separated parts, with anything that could leave the
/// folder replaced.
fn rel_path(doc_id: &str, ext: &str) -> PathBuf {
    let mut p = PathBuf::new();
    for part in doc_id.split('/') {
        let clean: String = part
            .chars()
            .map(|c| if c == '\\' || c == '\0' { '_' } else { c })
            .collect();
        p.push(match clean.as_str() {
            "" | "." | ".." => "_".to_string(),
            _ => clean,
        });
    }
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    p.set_file_name(format!("{name}.{ext}"));
    p
}

/// Write one file under `out`, atomically, refusing to follow a symbolic link planted on the way.
fn write_file(
    out: &Path,
    path: &Path,
    f: impl FnOnce(&mut AtomicFile) -> argmine::Result<()>,
) -> Result<()> {
    crate::output::refuse_links_below(out, path)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut file = AtomicFile::create(path)?;
    f(&mut file).with_context(|| format!("cannot write {}", path.display()))?;
    file.commit()
}

impl FormatWriter {
    pub fn new(out: &Path, formats: &[Format]) -> Result<Self> {
        let mut formats: Vec<Format> = formats
            .iter()
            .copied()
            .filter(|f| *f != Format::Csv)
            .collect();
        formats.sort_by_key(|f| *f as u8);
        formats.dedup();
        for dir in formats.iter().filter_map(|f| folder(*f)) {
            crate::output::refuse_links_below(out, &out.join(dir).join("x"))?;
        }
        let jsonl = if formats.contains(&Format::Jsonl) {
            Some(AtomicFile::create(&out.join("maps.jsonl"))?)
        } else {
            None
        };
        Ok(Self {
            out: out.to_path_buf(),
            formats,
            jsonl,
            index: Vec::new(),
            gold: Default::default(),
            gold_name: String::new(),
            // The batch's index page is html/index.html: no document's report may take it.
            taken: ["index".to_string()].into(),
        })
    }

    /// Whether no format besides the CSV files and maps.jsonl is written.
    pub fn is_empty(&self) -> bool {
        self.formats.iter().all(|f| folder(*f).is_none())
    }

    /// The path (without extension) of a document's files: [`rel_path`]'s, with `~2`, `~3`, ...
    /// when another document (or the index page) already has it, letter case aside.
    fn unique_stem(&mut self, doc_id: &str) -> PathBuf {
        let base = rel_path(doc_id, "x").with_extension("");
        let mut stem = base.clone();
        let mut n = 1;
        while !self.taken.insert(stem.to_string_lossy().to_lowercase()) {
            n += 1;
            let name = base
                .file_name()
                .map(|x| x.to_string_lossy().into_owned())
                .unwrap_or_default();
            stem = base.with_file_name(format!("{name}~{n}"));
        }
        stem
    }

    /// Draw the hand annotations `gold` (named `name` in the reports) into the HTML reports of
    /// the documents they annotate.
    pub fn with_gold(mut self, gold: Vec<argmine::annotation::GoldDocument>, name: &str) -> Self {
        self.gold = gold.into_iter().map(|d| (d.id.clone(), d)).collect();
        self.gold_name = name.to_string();
        self
    }

    /// Write one document.
    pub fn write(&mut self, map: &ArgumentMap, path: &str, text: &str) -> Result<()> {
        if self.is_empty() && !self.formats.contains(&Format::Jsonl) {
            return Ok(());
        }
        let stem = self.unique_stem(&map.doc_id);
        // The stem plus an extension (a `.` inside the stem's last part is not an extension).
        let rel_path = |_: &str, ext: &str| {
            let mut name = stem.as_os_str().to_owned();
            name.push(".");
            name.push(ext);
            PathBuf::from(name)
        };
        let out = self.out.clone();
        let out = &out;
        for f in self.formats.clone() {
            match f {
                Format::Csv => {}
                Format::Jsonl => {
                    let w = self.jsonl.as_mut().expect("opened in new");
                    JsonDocument::new(map, path, text).write_line(w)?;
                }
                Format::Json => write_file(
                    out,
                    &out.join("json").join(rel_path(&map.doc_id, "json")),
                    |w| JsonDocument::new(map, path, text).write_pretty(w),
                )?,
                Format::Brat => {
                    let txt = out.join("brat").join(rel_path(&map.doc_id, "txt"));
                    write_file(out, &txt, |w| Ok(w.write_all(text.as_bytes())?))?;
                    write_file(out, &txt.with_extension("ann"), |w| {
                        export::write_brat_ann(w, map, text)
                    })?;
                }
                Format::Aif => write_file(
                    out,
                    &out.join("aif").join(rel_path(&map.doc_id, "json")),
                    |w| export::write_aif(w, map),
                )?,
                Format::Xaif => write_file(
                    out,
                    &out.join("xaif").join(rel_path(&map.doc_id, "json")),
                    |w| export::write_xaif(w, map, text),
                )?,
                Format::Argdown => write_file(
                    out,
                    &out.join("argdown").join(rel_path(&map.doc_id, "argdown")),
                    |w| export::write_argdown(w, map),
                )?,
                Format::Dot => write_file(
                    out,
                    &out.join("dot").join(rel_path(&map.doc_id, "dot")),
                    |w| export::write_dot(w, map),
                )?,
                Format::Graphml => write_file(
                    out,
                    &out.join("graphml").join(rel_path(&map.doc_id, "graphml")),
                    |w| export::write_graphml(w, map),
                )?,
                Format::Html => {
                    let rel = rel_path(&map.doc_id, "html");
                    let href = rel.to_string_lossy().replace('\\', "/");
                    let gold = match self.gold.get(&map.doc_id) {
                        Some(g) if g.text == text => {
                            Some(export::GoldView::new(g, map, &self.gold_name))
                        }
                        Some(_) => {
                            eprintln!(
                                "argmine: {}: the hand annotation is of another text: not drawn",
                                map.doc_id
                            );
                            None
                        }
                        None => None,
                    };
                    write_file(out, &out.join("html").join(&rel), |w| {
                        export::write_html_with_gold(w, map, path, gold.as_ref())
                    })?;
                    self.index.push(IndexEntry {
                        doc_id: map.doc_id.clone(),
                        title: map.title.clone(),
                        href,
                        counts: [
                            map.sentences.len(),
                            map.count(Role::Claim),
                            map.count(Role::Evidence),
                            map.count(Role::Stance),
                            map.links.len(),
                        ],
                        attacks: map
                            .links
                            .iter()
                            .filter(|l| l.relation == argmine::Relation::Attack)
                            .count(),
                        error: None,
                    });
                }
            }
        }
        Ok(())
    }

    /// List a document that failed in the HTML index (which says why), when HTML is written.
    pub fn failed(&mut self, doc_id: &str, error: &str) {
        if self.formats.contains(&Format::Html) {
            self.index.push(IndexEntry {
                doc_id: doc_id.to_string(),
                error: Some(error.to_string()),
                ..Default::default()
            });
        }
    }

    /// Write the text taken from a PDF or HTML page to text/<doc_id>.txt: the `start` and `end`
    /// offsets of the outputs refer to it.
    pub fn write_text(&mut self, doc_id: &str, text: &str) -> Result<()> {
        let path = self.out.join("text").join(rel_path(doc_id, "txt"));
        write_file(&self.out, &path, |w| Ok(w.write_all(text.as_bytes())?))
    }

    /// Write the files over the batch and commit.
    pub fn finish(self) -> Result<()> {
        if let Some(j) = self.jsonl {
            j.commit()?;
        }
        if self.formats.contains(&Format::Brat) {
            write_file(&self.out, &self.out.join("brat/annotation.conf"), |w| {
                Ok(w.write_all(export::BRAT_ANNOTATION_CONF.as_bytes())?)
            })?;
            write_file(&self.out, &self.out.join("brat/visual.conf"), |w| {
                Ok(w.write_all(export::BRAT_VISUAL_CONF.as_bytes())?)
            })?;
        }
        if self.formats.contains(&Format::Html) {
            let index = self.index;
            write_file(&self.out, &self.out.join("html/index.html"), |w| {
                export::write_index(w, &index)
            })?;
        }
        Ok(())
    }
}

/// Read the documents of a folder written by `mine --format jsonl` (its maps.jsonl).
pub fn read_jsonl(dir: &Path) -> Result<Vec<JsonDocument>> {
    let path = dir.join("maps.jsonl");
    if !path.is_file() {
        bail!(
            "{} not found: convert and render read the maps.jsonl that `argmine mine --format jsonl` writes",
            path.display()
        );
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("{} line {}", path.display(), i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_output_folder() {
        assert_eq!(rel_path("a/b c", "json"), PathBuf::from("a/b c.json"));
        assert_eq!(
            rel_path("../../etc/x", "html"),
            PathBuf::from("_/_/etc/x.html")
        );
        assert_eq!(rel_path("/abs", "dot"), PathBuf::from("_/abs.dot"));
    }
}
