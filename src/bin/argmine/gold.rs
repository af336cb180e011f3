//! Finding and reading gold annotations of every supported format.

use anyhow::{bail, Context, Result};
use argmine::annotation::{
    gold_from_file, parse_json, read_argunsc, read_brat, read_cdcp, read_microtext, GoldDocument,
};
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Gold formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Decide from the path: a .json file, or a folder's contents.
    Auto,
    /// argmine's annotation JSON (annotations/README.md).
    Json,
    /// ArgUNSC: a folder with sentence_CP.csv and base.csv.
    Argunsc,
    /// Microtexts: a folder of arggraph .xml files.
    Microtexts,
    /// CDCP: a folder of .txt + .ann.json (searched recursively; the subfolder is the group).
    Cdcp,
    /// brat standoff: a folder of .ann + .txt.
    Brat,
}

pub fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(suffix))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

fn detect(path: &Path) -> Result<Format> {
    if path.is_file() {
        return Ok(Format::Json);
    }
    if !path.is_dir() {
        bail!("gold {} does not exist", path.display());
    }
    let has = |name: &str| path.join(name).exists() || path.join("data").join(name).exists();
    if has("sentence_CP.csv") && has("base.csv") {
        return Ok(Format::Argunsc);
    }
    if !files(path, ".ann.json").is_empty() {
        return Ok(Format::Cdcp);
    }
    if !files(path, ".ann").is_empty() {
        return Ok(Format::Brat);
    }
    if !files(path, ".xml").is_empty() {
        return Ok(Format::Microtexts);
    }
    if !files(path, ".json").is_empty() {
        return Ok(Format::Json);
    }
    bail!("cannot tell the format of {}: use --format", path.display())
}

fn open(p: &Path) -> Result<File> {
    File::open(p).with_context(|| format!("cannot open {}", p.display()))
}

/// Read the gold documents at `path`.
pub fn load(path: &Path, format: Format) -> Result<Vec<GoldDocument>> {
    let format = if format == Format::Auto {
        detect(path)?
    } else {
        format
    };
    let mut docs = Vec::new();
    match format {
        Format::Auto => unreachable!("resolved above"),
        Format::Json => {
            let list = if path.is_file() {
                vec![path.to_path_buf()]
            } else {
                files(path, ".json")
            };
            let mut seen: HashMap<String, PathBuf> = HashMap::new();
            for f in list {
                let json = std::fs::read_to_string(&f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                let file = parse_json(&json, &f)?;
                let doc_path = PathBuf::from(&file.document);
                // The document path is relative to the project root: the nearest folder above
                // the annotation file where it exists, or else the working folder.
                let doc_file = f
                    .ancestors()
                    .skip(1)
                    .map(|root| root.join(&doc_path))
                    .chain(std::iter::once(doc_path.clone()))
                    .find(|p| p.is_file())
                    .with_context(|| {
                        format!("{}: document {} not found", f.display(), doc_path.display())
                    })?;
                let bytes = std::fs::read(&doc_file)
                    .with_context(|| format!("cannot read {}", doc_file.display()))?;
                let doc = gold_from_file(file, &f, &bytes)?;
                if let Some(first) = seen.insert(doc.id.clone(), f.clone()) {
                    bail!(
                        "document {} is annotated twice in {}: {} and {} (point at one set, e.g. annotations/genre)",
                        doc.id,
                        path.display(),
                        first.display(),
                        f.display()
                    );
                }
                docs.push(doc);
            }
        }
        Format::Argunsc => {
            let dir = if path.join("base.csv").exists() {
                path.to_path_buf()
            } else {
                path.join("data")
            };
            docs = read_argunsc(
                open(&dir.join("sentence_CP.csv"))?,
                open(&dir.join("base.csv"))?,
            )?;
        }
        Format::Microtexts => {
            for f in files(path, ".xml") {
                docs.push(read_microtext(open(&f)?, &f.display().to_string())?);
            }
        }
        Format::Cdcp => {
            for f in files(path, ".ann.json") {
                let name = f.file_name().unwrap_or_default().to_string_lossy();
                let id = name.trim_end_matches(".ann.json").to_string();
                let group = f
                    .parent()
                    .and_then(Path::file_name)
                    .map_or(String::new(), |g| g.to_string_lossy().into_owned());
                let txt = f.with_file_name(format!("{id}.txt"));
                docs.push(read_cdcp(&id, open(&txt)?, open(&f)?, &group)?);
            }
        }
        Format::Brat => {
            for f in files(path, ".ann") {
                let txt = f.with_extension("txt");
                let text = std::fs::read(&txt)
                    .with_context(|| format!("cannot read {}", txt.display()))?;
                let text = argmine::ingest::decode(&text)
                    .with_context(|| format!("{}", txt.display()))?
                    .text;
                let id = f
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                docs.push(read_brat(&id, &text, open(&f)?, &f.display().to_string())?);
            }
        }
    }
    if docs.is_empty() {
        bail!("no gold documents found at {}", path.display());
    }
    Ok(docs)
}
