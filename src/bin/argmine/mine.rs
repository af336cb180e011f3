//! `argmine mine`: articles in, CSV argument maps out (and other formats); `--jsonl -` runs as a
//! map stage over JSON Lines on standard input.

use crate::formats::{Format, FormatWriter};
use crate::inputs::{self, Input, Source};
use crate::output::{AtomicFile, OutLock};
use anyhow::{bail, Context, Result};
use argmine::export::{CsvExporter, CsvOptions, JsonDocument};
use argmine::ingest::Kind;
use argmine::{ArgumentMap, Pipeline, PipelineConfig, Role};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to read (folders recursively); `-` reads one document from standard input.
    #[arg(required_unless_present = "jsonl")]
    paths: Vec<PathBuf>,
    /// Folder to write sentences.csv, links.csv and documents.csv into (created if missing);
    /// required, except with --jsonl.
    #[arg(long, short, required_unless_present = "jsonl")]
    out: Option<PathBuf>,
    /// Which files to take from folders (matched against the file name): plain text, PDFs with
    /// a text layer and HTML pages by default.
    #[arg(long, default_value = "*.{txt,pdf,html,htm}")]
    glob: String,
    /// Documents processed in parallel (default: the number of cores). Output does not depend on it.
    #[arg(long, short)]
    jobs: Option<usize>,
    /// A pipeline configuration (JSON); `argmine config` prints the default one.
    #[arg(long, conflicts_with = "model")]
    config: Option<PathBuf>,
    /// Which model: `default` (the linear model built into the binary), `accurate` (the
    /// fine-tuned encoder: a transformer build and `scripts/setup-accurate.sh`; README says
    /// which to pick) or `baseline` (cue classifier, TF-IDF linker).
    #[arg(long, value_enum)]
    model: Option<Tier>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
    /// Output formats, comma-separated; the CSV files are always written.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "csv")]
    format: Vec<Format>,
    /// Only the documents of shard I of N (0-based), by a hash of their id: N processes or
    /// machines given 0/N ... N-1/N together mine every document exactly once.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(u64, u64)>,
    /// Keep each finished document in <out>/.argmine-parts and reuse what an earlier, interrupted
    /// run finished (killed at any moment, kill -9 included); the CSV files are assembled at the end.
    #[arg(long)]
    resume: bool,
    /// Map stage: read JSON Lines documents ({"id": ..., "text": ...}) from this file (`-` for
    /// standard input) and write one JSON argument map per line to standard output, flushed per
    /// document.
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Write CSV cells exactly as the text has them. By default a cell that a spreadsheet would
    /// run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
    /// leading `'` (OWASP's advice for CSV opened in spreadsheets); `argmine eval` reads both.
    #[arg(long)]
    csv_raw: bool,
    /// Refuse documents larger than this (bytes; K, M, G suffixes: 1024-based), as a per-document
    /// error: mining holds about 24 bytes of memory per byte of the largest document. 0: no limit.
    #[arg(long, value_name = "BYTES", default_value = "32M", value_parser = parse_size)]
    max_document_size: u64,
}

/// A size such as `32M`, `500K`, `2G` or `1048576` (bytes; suffixes are powers of 1024).
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let (digits, unit) = match s.trim().char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => s.trim().split_at(i),
        None => (s.trim(), ""),
    };
    let shift = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches(['B', 'I'])
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        other => return Err(format!("unknown size unit {other:?} (use K, M or G)")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size (e.g. 32M)"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let (i, n) = s.split_once('/').ok_or("expected I/N, e.g. 0/4")?;
    let i: u64 = i
        .parse()
        .map_err(|_| format!("shard index {i:?} is not a number"))?;
    let n: u64 = n
        .parse()
        .map_err(|_| format!("shard count {n:?} is not a number"))?;
    if n == 0 || i >= n {
        return Err(format!("shard {i}/{n}: need 0 <= I < N"));
    }
    Ok((i, n))
}

/// FNV-1a: a stable hash of a document id (the same on every machine and run).
fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Documents read and processed at a time: bounds memory, keeps the output order.
const CHUNK: usize = 256;

/// The models `--model` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Tier {
    /// The linear model built into the binary.
    Default,
    /// The fine-tuned role encoder averaged with its linear model (candidate B), whose linker links.
    Accurate,
    /// The cue classifier and the TF-IDF linker.
    Baseline,
}

/// The name `--model` takes (`accurate`, ...).
impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use clap::ValueEnum;
        let value = self.to_possible_value().expect("no tier is skipped");
        f.write_str(value.get_name())
    }
}

/// Where the accurate tier's folder (the fine-tuned encoder and `linear.bin`) is:
/// `ARGMINE_ACCURATE_MODEL`, else `models/accurate` of the
/// checkout this binary was built from.
fn accurate_model_dir() -> PathBuf {
    std::env::var_os("ARGMINE_ACCURATE_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("models/accurate"))
}

/// The configuration of a `--model` tier, with `copies` copies of an encoder.
pub(crate) fn tier_config(tier: Tier, copies: usize) -> Result<PipelineConfig> {
    Ok(match tier {
        Tier::Default => PipelineConfig::default(),
        Tier::Baseline => PipelineConfig::baseline(),
        Tier::Accurate => {
            if !cfg!(feature = "transformer") {
                bail!(
                    "--model accurate needs a build with the transformer feature: run \
                     `bash scripts/setup-accurate.sh`, then use target/tf/release/argmine (README: \
                     \"Which model to use\")"
                );
            }
            let dir = accurate_model_dir();
            if !dir.join("finetuned.json").is_file() {
                bail!(
                    "--model accurate: no fine-tuned encoder in {} (run `bash scripts/setup-accurate.sh`, \
                     or set ARGMINE_ACCURATE_MODEL to the folder `argmine finetune` wrote)",
                    dir.display()
                );
            }
            if !dir.join(argmine::pipeline::ACCURATE_LINEAR).is_file() {
                bail!(
                    "--model accurate: no {} in {} (the linear model the tier averages with; \
                     run `bash scripts/setup-accurate.sh`, which copies models/accurate-linear/model.bin there)",
                    argmine::pipeline::ACCURATE_LINEAR,
                    dir.display()
                );
            }
            PipelineConfig::accurate(dir, copies)
        }
    })
}

/// The pipeline configuration of `--model`, or at `path`, or the default one; `jobs` is how many
/// documents run at once (an encoder gets as many copies, so that they need not wait). Warns when
/// it uses the default model and the checkout this binary was built from holds a different one.
pub(crate) fn load_config(
    path: &Option<PathBuf>,
    tier: Option<Tier>,
    jobs: Option<usize>,
) -> Result<PipelineConfig> {
    let config = match (path, tier) {
        (_, Some(t)) => tier_config(t, jobs.unwrap_or_else(default_jobs))?,
        (None, None) => PipelineConfig::default(),
        (Some(p), None) => {
            let s = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read config {}", p.display()))?;
            PipelineConfig::from_json(&s).with_context(|| format!("config {}", p.display()))?
        }
    };
    if config.uses_default_model() {
        // The default model is embedded at build time: after `argmine train --out models/default`
        // the binary keeps scoring the old one until it is rebuilt.
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default/model.bin");
        if let Ok(bytes) = std::fs::read(&file) {
            if bytes != argmine::pipeline::embedded_default_model() {
                eprintln!(
                    "argmine: warning: {} is not the default model built into this binary \
                     (retrained since the build?): rebuild (`cargo build --release`) to use it",
                    file.display()
                );
            }
        }
    }
    Ok(config)
}

/// The cores, the default of `--jobs`.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    let jobs = jobs.unwrap_or_else(default_jobs);
    if jobs == 0 {
        bail!("--jobs must be at least 1");
    }
    Ok(rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?)
}

/// What one finished document leaves behind with `--resume`: its rows, ready to be assembled,
/// and its map as a JSON line, from which every other format is written.
#[derive(Debug, Serialize, Deserialize)]
struct Part {
    doc_id: String,
    fingerprint: String,
    /// [`run_key`] of the run that made it: a part of another model, configuration, CSV option
    /// or argmine version is mined again.
    key: String,
    ok: bool,
    #[serde(default)]
    skipped: bool,
    counts: [usize; 5],
    sentences: String,
    links: String,
    documents: String,
    /// The map as a JSON line (empty for a failed document, or when neither `--resume` nor a
    /// format other than CSV needs it).
    jsonl: String,
    /// The text taken from a PDF or HTML page, written to text/<doc_id>.txt (the offsets of the
    /// CSV files refer to it).
    #[serde(default)]
    extracted: Option<String>,
}

/// What decides a run's output besides the inputs: the argmine version, the configuration, the
/// bytes of every model it names (files hashed; in folders, the JSON files, which carry their
/// weights' sha256, and the sizes and times of the rest), the default model built in, and the CSV
/// option. `--resume` reuses only parts with the same key.
fn run_key(config: &PipelineConfig, csv: CsvOptions) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    let json = serde_json::to_value(config)?;
    h.update(json.to_string());
    h.update([csv.raw as u8]);
    if config.uses_default_model() {
        h.update(argmine::pipeline::embedded_default_model());
    }
    fn strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match v {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut paths = Vec::new();
    strings(&json, &mut paths);
    for p in paths.into_iter().map(Path::new) {
        if p.is_file() {
            h.update(std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?);
        } else if p.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list {}", p.display()))?
                .flatten()
                .map(|e| e.path())
                .collect();
            entries.sort();
            for e in entries.iter().filter(|e| e.is_file()) {
                h.update(e.file_name().unwrap_or_default().as_encoded_bytes());
                if e.extension().is_some_and(|x| x == "json") {
                    h.update(std::fs::read(e)?);
                } else if let Ok(m) = e.metadata() {
                    h.update(m.len().to_le_bytes());
                    if let Ok(t) = m.modified() {
                        h.update(format!("{t:?}"));
                    }
                }
            }
        }
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// A document just mined: its part, and the message for stderr when it failed or was skipped.
type Mined = (Part, Option<String>);

/// Size and modification time: a changed input is mined again.
fn fingerprint(input: &Input) -> Option<String> {
    let Source::File(p) = &input.source else {
        return None;
    };
    let m = std::fs::metadata(p).ok()?;
    let t = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{}:{}.{:09}",
        m.len(),
        t.as_secs(),
        t.subsec_nanos()
    ))
}

fn part_path(dir: &Path, doc_id: &str) -> PathBuf {
    dir.join(format!("{:016x}.part", fnv(doc_id)))
}

/// An earlier run's part for `input`: `Ok(None)` when there is none (or it failed, or the input
/// changed), `Err(())` when it was made with another model, configuration or version.
fn read_part(dir: &Path, input: &Input, key: &str) -> Result<Option<Part>, ()> {
    let Some(part) = std::fs::read(part_path(dir, &input.doc_id))
        .ok()
        .and_then(|b| serde_json::from_slice::<Part>(&b).ok())
    else {
        return Ok(None);
    };
    if part.doc_id != input.doc_id || Some(&part.fingerprint) != fingerprint(input).as_ref() {
        return Ok(None);
    }
    if part.key != key {
        return Err(());
    }
    Ok((part.ok && !part.jsonl.is_empty()).then_some(part))
}

/// The CSV rows (and JSON line) of one result, without headers.
fn rows(
    input: &Input,
    result: &Result<(ArgumentMap, String, Kind), String>,
    jsonl: bool,
    key: &str,
    csv: CsvOptions,
) -> Result<Part> {
    let mut e = CsvExporter::rows_only(Vec::new(), Vec::new(), Vec::new(), csv);
    let path = input.display_path();
    let mut counts = [0; 5];
    let mut line = Vec::new();
    match result {
        _ if input.skip.is_some() => e.write_skipped(
            &input.doc_id,
            &path,
            input.skip.as_deref().unwrap_or_default(),
        )?,
        Ok((map, text, _)) => {
            e.write_map(&path, map)?;
            counts = [
                map.sentences.len(),
                map.count(Role::Claim),
                map.count(Role::Evidence),
                map.count(Role::Stance),
                map.links.len(),
            ];
            if jsonl {
                JsonDocument::new(map, &path, text).write_line(&mut line)?;
            }
        }
        Err(err) => e.write_failure(&input.doc_id, &path, err)?,
    }
    let (s, l, d) = e.finish()?;
    let body = |b: Vec<u8>| String::from_utf8(b).expect("csv writes UTF-8");
    Ok(Part {
        doc_id: input.doc_id.clone(),
        fingerprint: fingerprint(input).unwrap_or_default(),
        key: key.to_string(),
        ok: result.is_ok(),
        skipped: input.skip.is_some(),
        counts,
        sentences: body(s),
        links: body(l),
        documents: body(d),
        jsonl: String::from_utf8(line).expect("JSON is UTF-8"),
        extracted: match result {
            Ok((_, text, kind)) if *kind != Kind::Text => Some(text.clone()),
            _ => None,
        },
    })
}

pub fn run(args: Args) -> Result<ExitCode> {
    let config = load_config(&args.config, args.model, args.jobs)?;
    let pipeline = Pipeline::new(&config)?;
    let limit = (args.max_document_size > 0).then_some(args.max_document_size);
    if let Some(src) = &args.jsonl {
        return run_jsonl(&pipeline, src, args.jobs, limit);
    }
    let out = args
        .out
        .clone()
        .expect("clap requires --out without --jsonl");
    let csv = CsvOptions { raw: args.csv_raw };
    let mut inputs = inputs::collect(&args.paths, &args.glob)?;
    if let Some((i, n)) = args.shard {
        inputs.retain(|x| fnv(&x.doc_id) % n == i);
    }
    if inputs.is_empty() && args.shard.is_none() {
        bail!("no input files found (looked for {:?})", args.glob);
    }
    if out.exists() && !out.is_dir() {
        bail!("--out {} exists and is not a folder", out.display());
    }
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    // One run at a time in a folder; what killed runs left is removed under the lock.
    let _lock = OutLock::acquire(&out)?;
    crate::output::remove_stale_temporaries(&out);
    let pool = pool(args.jobs)?;
    let parts_dir = out.join(".argmine-parts");
    let key = run_key(&config, csv)?;
    if args.resume {
        crate::output::refuse_links_below(&out, &parts_dir.join("x"))?;
        std::fs::create_dir_all(&parts_dir)
            .with_context(|| format!("cannot create {}", parts_dir.display()))?;
        if inputs.iter().any(|i| i.source == Source::Stdin) {
            bail!("--resume needs files: standard input cannot be read again");
        }
    }
    let mut outputs = Outputs::create(&out, &args.format)?;
    // The map of each document as JSON: for --resume's parts, maps.jsonl and the other formats.
    let want_json = args.resume || !outputs.formats.is_empty() || outputs.wants_jsonl();
    let bar = progress_bar(args.quiet, inputs.len());
    let interrupted = on_interrupt(&out);
    let stop = || interrupted.load(std::sync::atomic::Ordering::SeqCst);
    let started = Instant::now();
    let mut tally = Tally::default();
    let saved = std::sync::atomic::AtomicUsize::new(0);
    for chunk in inputs.chunks(CHUNK) {
        if stop() {
            break;
        }
        // With --resume, documents an earlier run finished with the same model are taken as
        // they are; parts of another model, configuration or version are mined again.
        let done: Vec<Option<Part>> = chunk
            .iter()
            .map(|i| {
                if !args.resume {
                    return None;
                }
                read_part(&parts_dir, i, &key).unwrap_or_else(|()| {
                    tally.stale += 1;
                    None
                })
            })
            .collect();
        // Each document's part is saved as soon as it is mined, so a kill loses only the
        // documents in progress.
        let results: Vec<Option<Result<Mined>>> = pool.install(|| {
            chunk
                .par_iter()
                .zip(&done)
                .map(|(i, p)| {
                    if p.is_some() || stop() {
                        return None;
                    }
                    let r = process(&pipeline, i, limit);
                    let message = r.as_ref().err().cloned();
                    let part = rows(i, &r, want_json, &key, csv);
                    Some(part.and_then(|part| {
                        if args.resume {
                            save_part(&parts_dir, i, &part)?;
                            saved.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        Ok((part, message))
                    }))
                })
                .collect()
        });
        if stop() {
            // What finished is in the parts (with --resume); no final file is written.
            break;
        }
        for ((input, prev), result) in chunk.iter().zip(done).zip(results) {
            let part = match (prev, result) {
                (Some(p), _) => {
                    tally.reused += 1;
                    p
                }
                (None, Some(r)) => {
                    let (part, message) = r?;
                    if let Some(e) = message {
                        let what = if part.skipped { "skipped: " } else { "" };
                        bar.suspend(|| eprintln!("argmine: {}: {what}{e}", input.display_path()));
                        if !part.skipped {
                            outputs.formats.failed(&part.doc_id, &e);
                        }
                    }
                    part
                }
                (None, None) => unreachable!("processed when no part was found"),
            };
            if let Some(text) = &part.extracted {
                outputs.formats.write_text(&part.doc_id, text)?;
            }
            if part.ok && !outputs.formats.is_empty() {
                let doc: JsonDocument = serde_json::from_str(&part.jsonl)
                    .with_context(|| format!("{}: the saved map", input.display_path()))?;
                outputs
                    .formats
                    .write(&doc.to_map()?, &doc.path, &doc.text)?;
            }
            tally.add(&part);
            outputs.write(&part)?;
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    if stop() {
        let kept = saved.load(std::sync::atomic::Ordering::SeqCst) + tally.reused;
        eprintln!(
            "argmine: interrupted after {} of {} documents; no output file was completed{}",
            if args.resume { kept } else { tally.finished },
            inputs.len(),
            if args.resume {
                ": run the same command again to continue"
            } else {
                " (use --resume to keep finished documents)"
            }
        );
        return Ok(ExitCode::from(130));
    }
    outputs.commit()?;
    if !args.quiet {
        eprintln!(
            "{}",
            tally.summary(
                inputs.len(),
                args.resume,
                started.elapsed().as_secs_f64(),
                &out
            )
        );
    }
    Ok(if tally.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The output files of a run, written under temporary names and committed together at the end.
struct Outputs {
    sentences: AtomicFile,
    links: AtomicFile,
    documents: AtomicFile,
    jsonl: Option<AtomicFile>,
    formats: FormatWriter,
}

impl Outputs {
    fn create(out: &Path, format: &[Format]) -> Result<Self> {
        let mut sentences = AtomicFile::create(&out.join("sentences.csv"))?;
        let mut links = AtomicFile::create(&out.join("links.csv"))?;
        let mut documents = AtomicFile::create(&out.join("documents.csv"))?;
        CsvExporter::write_headers(&mut sentences, &mut links, &mut documents)?;
        let other: Vec<Format> = format
            .iter()
            .copied()
            .filter(|f| *f != Format::Jsonl)
            .collect();
        let jsonl = if format.contains(&Format::Jsonl) {
            Some(AtomicFile::create(&out.join("maps.jsonl"))?)
        } else {
            None
        };
        Ok(Self {
            sentences,
            links,
            documents,
            jsonl,
            formats: FormatWriter::new(out, &other)?,
        })
    }

    fn wants_jsonl(&self) -> bool {
        self.jsonl.is_some()
    }

    /// Appends one document's rows (in input order).
    fn write(&mut self, part: &Part) -> Result<()> {
        self.sentences.write_all(part.sentences.as_bytes())?;
        self.links.write_all(part.links.as_bytes())?;
        self.documents.write_all(part.documents.as_bytes())?;
        if let Some(j) = self.jsonl.as_mut() {
            j.write_all(part.jsonl.as_bytes())?;
        }
        Ok(())
    }

    fn commit(self) -> Result<()> {
        self.sentences.commit()?;
        self.links.commit()?;
        self.documents.commit()?;
        if let Some(j) = self.jsonl {
            j.commit()?;
        }
        self.formats.finish()
    }
}

/// What a run has done so far.
#[derive(Default)]
struct Tally {
    /// Units, claims, evidence, stance, links.
    totals: [usize; 5],
    failed: usize,
    skipped: usize,
    reused: usize,
    /// Parts of an earlier run with another model, configuration or version: mined again.
    stale: usize,
    finished: usize,
}

impl Tally {
    fn add(&mut self, part: &Part) {
        self.failed += (!part.ok && !part.skipped) as usize;
        self.skipped += part.skipped as usize;
        for (t, c) in self.totals.iter_mut().zip(part.counts) {
            *t += c;
        }
        self.finished += 1;
    }

    fn summary(&self, documents: usize, resume: bool, secs: f64, out: &Path) -> String {
        let t = &self.totals;
        format!(
            "argmine: {} ({} failed{}{}{}), {}: {} claims, {} evidence, {} stance; {}; {:.1} s ({} units/s) -> {}",
            counted(documents, "document"),
            thousands(self.failed),
            if self.skipped > 0 { format!(", {} skipped", thousands(self.skipped)) } else { String::new() },
            if resume { format!(", {} reused from an earlier run", thousands(self.reused)) } else { String::new() },
            if self.stale > 0 {
                format!(", {} mined again: their saved parts were made with another model, configuration or argmine version", thousands(self.stale))
            } else {
                String::new()
            },
            counted(t[0], "unit"),
            thousands(t[1]),
            thousands(t[2]),
            thousands(t[3]),
            counted(t[4], "link"),
            secs,
            thousands((t[0] as f64 / secs.max(1e-9)).round() as usize),
            out.display()
        )
    }
}

/// `n` with a comma between each group of three digits (`12,345`).
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` and `noun`, plural unless `n` is 1 (`1 document`, `2,048 documents`).
pub(crate) fn counted(n: usize, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// Writes a finished document's rows where --resume finds them.
fn save_part(parts_dir: &Path, input: &Input, part: &Part) -> Result<()> {
    let mut f = AtomicFile::create(&part_path(parts_dir, &input.doc_id))?;
    serde_json::to_writer(&mut f, part)?;
    f.commit()
}

/// The progress bar: hidden with --quiet or when standard error is not a terminal.
fn progress_bar(quiet: bool, len: usize) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(len as u64);
    b.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} docs ({rate}, eta {eta}) {msg}",
        )
        .expect("valid template")
        .with_key(
            "rate",
            |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1} docs/s", s.per_sec());
            },
        ),
    );
    b
}

/// Ctrl-C (or SIGTERM) stops after the documents under way: what is finished is kept in the
/// parts with --resume, and no output file appears half-written under its final name. First
/// signal: finish the documents in progress, write what is done, exit 130. A second: stop now (a
/// single long document can take minutes), removing this run's temporary files; finished
/// --resume parts stay. Returns the flag the first signal sets.
fn on_interrupt(out: &Path) -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = interrupted.clone();
    let out_dir = out.to_path_buf();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, std::sync::atomic::Ordering::SeqCst) {
            crate::output::remove_own_temporaries(&out_dir);
            eprintln!("argmine: stopped");
            std::process::exit(130);
        }
        eprintln!("argmine: interrupted: finishing the documents in progress (again to stop now)");
    });
    interrupted
}

/// One input line of the map stage.
#[derive(Debug, Deserialize)]
struct JsonlInput {
    id: serde_json::Value,
    text: String,
}

/// Map stage over JSON Lines: read, mine in parallel chunks, write in input order, flush per line.
fn run_jsonl(
    pipeline: &Pipeline,
    src: &Path,
    jobs: Option<usize>,
    limit: Option<u64>,
) -> Result<ExitCode> {
    let pool = pool(jobs)?;
    let reader: Box<dyn BufRead> = if src.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        if src.is_dir() {
            bail!(
                "--jsonl {} is a folder: give a JSON Lines file or - for standard input",
                src.display()
            );
        }
        Box::new(std::io::BufReader::new(
            std::fs::File::open(src).with_context(|| format!("cannot open {}", src.display()))?,
        ))
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0usize;
    // A line that cannot be read ends the input: the stream is broken, not one document (a read
    // error repeats for ever otherwise). Invalid UTF-8 spoils one line only: the reader has
    // consumed it.
    let mut read_error = None;
    let mut lines = reader
        .lines()
        .enumerate()
        .map_while(|(n, line)| match line {
            // A byte order mark before the first line is not part of the JSON.
            Ok(l) if n == 0 && l.starts_with('\u{feff}') => {
                Some((n, Ok(l.trim_start_matches('\u{feff}').to_string())))
            }
            Ok(l) => Some((n, Ok(l))),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => Some((n, Err(e.to_string()))),
            Err(e) => {
                read_error = Some(format!("cannot read line {}: {e}", n + 1));
                None
            }
        })
        .peekable();
    // Small chunks: a pipe delivers documents as they come.
    let chunk_size = pool.current_num_threads().max(1) * 2;
    while lines.peek().is_some() {
        let chunk: Vec<(usize, Result<String, String>)> = lines.by_ref().take(chunk_size).collect();
        // One output line per input line, so that the n-th output answers the n-th input.
        let results: Vec<Result<String, (String, String)>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|(n, line)| {
                    let line = match line {
                        Ok(l) if l.trim().is_empty() => {
                            return Err((
                                format!("line {}", n + 1),
                                "blank line: no document".into(),
                            ))
                        }
                        Ok(l) => l,
                        Err(e) => return Err((format!("line {}", n + 1), e.clone())),
                    };
                    let doc: JsonlInput = match serde_json::from_str(line) {
                        Ok(d) => d,
                        Err(e) => {
                            return Err((
                                format!("line {}", n + 1),
                                format!("not a {{\"id\", \"text\"}} object: {e}"),
                            ))
                        }
                    };
                    let id = match &doc.id {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    if let Some(max) = limit.filter(|&max| doc.text.len() as u64 > max) {
                        return Err((
                            id,
                            format!(
                                "text of {} bytes, more than --max-document-size {max}",
                                doc.text.len()
                            ),
                        ));
                    }
                    match pipeline.run(&id, &doc.text) {
                        Ok(map) => {
                            let mut buf = Vec::new();
                            JsonDocument::new(&map, "-", &doc.text)
                                .write_line(&mut buf)
                                .map_err(|e| (id.clone(), e.to_string()))
                                .map(|_| String::from_utf8(buf).expect("JSON is UTF-8"))
                        }
                        Err(e) => Err((id, e.to_string())),
                    }
                })
                .collect()
        });
        for r in results {
            let line = match r {
                Ok(line) => line,
                Err((id, e)) => {
                    failed += 1;
                    eprintln!("argmine: {id}: {e}");
                    format!("{}\n", serde_json::json!({"doc_id": id, "error": e}))
                }
            };
            match out.write_all(line.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => {}
                // A closed pipe means the consumer is done: stop quietly.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    return Ok(ExitCode::SUCCESS)
                }
                // Anything else (a full disk behind a redirection) loses output: an error.
                Err(e) => bail!("cannot write to standard output: {e}"),
            }
        }
    }
    drop(lines);
    if let Some(e) = read_error {
        bail!("{}: {e}", src.display());
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Read, decode (or extract, for a PDF or HTML page) and mine one document, returned with the
/// text its offsets refer to and what kind of file it was; the error is the message for
/// documents.csv.
fn process(
    pipeline: &Pipeline,
    input: &Input,
    limit: Option<u64>,
) -> Result<(ArgumentMap, String, Kind), String> {
    if let Some(e) = input.error.as_ref().or(input.skip.as_ref()) {
        return Err(e.clone());
    }
    let too_large = |n: u64, max: u64| {
        format!(
            "{n} bytes, more than --max-document-size {max}: mining holds about 24 bytes of memory \
             per byte of a document; split it, or raise the limit (0: none)"
        )
    };
    let bytes = match &input.source {
        Source::File(p) => {
            let f = std::fs::File::open(p).map_err(|e| format!("cannot read: {e}"))?;
            let len = f.metadata().map(|m| m.len()).unwrap_or(0);
            if let Some(max) = limit.filter(|&max| len > max) {
                return Err(too_large(len, max));
            }
            let mut b = Vec::with_capacity(len as usize);
            let mut r = f.take(limit.map_or(u64::MAX, |max| max + 1));
            r.read_to_end(&mut b)
                .map_err(|e| format!("cannot read: {e}"))?;
            b
        }
        Source::Stdin => {
            let mut b = Vec::new();
            std::io::stdin()
                .take(limit.map_or(u64::MAX, |max| max + 1))
                .read_to_end(&mut b)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            b
        }
    };
    if let Some(max) = limit.filter(|&max| bytes.len() as u64 > max) {
        return Err(too_large(bytes.len() as u64, max));
    }
    let name = match &input.source {
        Source::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()),
        Source::Stdin => None,
    };
    let doc = argmine::ingest::extract(&bytes, name.as_deref()).map_err(|e| e.to_string())?;
    let mut map = pipeline
        .run(&input.doc_id, &doc.text)
        .map_err(|e| e.to_string())?;
    map.title = doc.title;
    Ok((map, doc.text, doc.kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_count_in_words_people_read() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(399_685), "399,685");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(counted(1, "document"), "1 document");
        assert_eq!(counted(4793, "document"), "4,793 documents");
        assert_eq!(counted(0, "link"), "0 links");
    }

    #[test]
    fn shards_parse_and_partition() {
        assert_eq!(parse_shard("1/4"), Ok((1, 4)));
        assert!(
            parse_shard("4/4").is_err() && parse_shard("x").is_err() && parse_shard("0/0").is_err()
        );
        let ids: Vec<String> = (0..1000).map(|i| format!("doc{i}")).collect();
        let mut seen = vec![0; 1000];
        for shard in 0..3 {
            for (k, id) in ids.iter().enumerate() {
                if fnv(id) % 3 == shard {
                    seen[k] += 1;
                }
            }
        }
        assert!(
            seen.iter().all(|&c| c == 1),
            "every document in exactly one shard"
        );
    }
}
