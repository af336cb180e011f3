//! `argmine mine`: articles in, CSV argument maps out.

use crate::formats::{Format, FormatWriter};
use crate::inputs::{self, Input, Source};
use crate::output::AtomicFile;
use anyhow::{bail, Context, Result};
use argmine::export::CsvExporter;
use argmine::{ArgumentMap, Pipeline, PipelineConfig, Role};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to read (folders recursively); `-` reads one document from standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Folder to write sentences.csv, links.csv and documents.csv into (created if missing).
    #[arg(long, short)]
    out: PathBuf,
    /// Which files to take from folders (matched against the file name).
    #[arg(long, default_value = "*.txt")]
    glob: String,
    /// Documents processed in parallel (default: the number of cores). Output does not depend on it.
    #[arg(long, short)]
    jobs: Option<usize>,
    /// A pipeline configuration (JSON); see `--print-config` for the defaults.
    #[arg(long)]
    config: Option<PathBuf>,
    /// No progress bar and no summary.
    #[arg(long, short)]
    quiet: bool,
    /// Output formats, comma-separated; the CSV files are always written.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "csv")]
    format: Vec<Format>,
}

/// Documents read and processed at a time: bounds memory, keeps the output order.
const CHUNK: usize = 64;

pub fn run(args: Args) -> Result<ExitCode> {
    let config = match &args.config {
        None => PipelineConfig::default(),
        Some(p) => {
            let s = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read config {}", p.display()))?;
            PipelineConfig::from_json(&s).with_context(|| format!("config {}", p.display()))?
        }
    };
    let pipeline = Pipeline::new(&config)?;
    let inputs = inputs::collect(&args.paths, &args.glob)?;
    if inputs.is_empty() {
        bail!("no input files found (looked for {:?})", args.glob);
    }
    if args.out.exists() && !args.out.is_dir() {
        bail!("--out {} exists and is not a folder", args.out.display());
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let files = ["sentences.csv", "links.csv", "documents.csv"]
        .map(|n| AtomicFile::create(&args.out.join(n)));
    let [s, l, d] = files;
    let mut exporter = CsvExporter::new(s?, l?, d?)?;
    let mut formats = FormatWriter::new(&args.out, &args.format)?;

    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if jobs == 0 {
        bail!("--jobs must be at least 1");
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build()?;

    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new(inputs.len() as u64);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} docs ({per_sec}, eta {eta}) {msg}",
            )
            .expect("valid template"),
        );
        b
    };
    let started = Instant::now();
    let mut totals = [0usize; 5]; // sentences, claims, evidence, stance, links
    let mut failed = 0usize;
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<Result<(ArgumentMap, String), String>> =
            pool.install(|| chunk.par_iter().map(|i| process(&pipeline, i)).collect());
        for (input, result) in chunk.iter().zip(results) {
            let path = input.display_path();
            match result {
                Ok((map, text)) => {
                    totals[0] += map.sentences.len();
                    totals[1] += map.count(Role::Claim);
                    totals[2] += map.count(Role::Evidence);
                    totals[3] += map.count(Role::Stance);
                    totals[4] += map.links.len();
                    exporter.write_map(&path, &map)?;
                    formats.write(&map, &path, &text)?;
                }
                Err(e) => {
                    failed += 1;
                    bar.suspend(|| eprintln!("argmine: {path}: {e}"));
                    exporter.write_failure(&input.doc_id, &path, &e)?;
                }
            }
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let (s, l, d) = exporter.finish()?;
    s.commit()?;
    l.commit()?;
    d.commit()?;
    formats.finish()?;
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "argmine: {} documents ({} failed), {} units: {} claims, {} evidence, {} stance; {} links; {:.1}s ({:.0} units/s) -> {}",
            inputs.len(),
            failed,
            totals[0],
            totals[1],
            totals[2],
            totals[3],
            totals[4],
            secs,
            totals[0] as f64 / secs.max(1e-9),
            args.out.display()
        );
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Read, decode and mine one document (returned with its decoded text); the error is the message
/// for documents.csv.
fn process(pipeline: &Pipeline, input: &Input) -> Result<(ArgumentMap, String), String> {
    if let Some(e) = &input.error {
        return Err(e.clone());
    }
    let bytes = match &input.source {
        Source::File(p) => std::fs::read(p).map_err(|e| format!("cannot read: {e}"))?,
        Source::Stdin => {
            let mut b = Vec::new();
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            b
        }
    };
    let decoded = argmine::ingest::decode(&bytes).map_err(|e| e.to_string())?;
    let map = pipeline
        .run(&input.doc_id, &decoded.text)
        .map_err(|e| e.to_string())?;
    Ok((map, decoded.text))
}
