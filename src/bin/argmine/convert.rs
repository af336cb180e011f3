//! `argmine convert` and `argmine render`: other formats from the output of an earlier `mine`.

use crate::formats::{read_jsonl, Format, FormatWriter};
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// A folder written by `argmine mine --format jsonl`.
    input: PathBuf,
    /// Where to write.
    #[arg(long, short)]
    out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', required = true)]
    format: Vec<Format>,
    /// Write CSV cells exactly as the text has them (see `argmine mine --csv-raw`).
    #[arg(long)]
    csv_raw: bool,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// A folder written by `argmine mine --format jsonl`.
    input: PathBuf,
    /// Where to write the HTML reports (one per document, and index.html).
    #[arg(long, short)]
    out: PathBuf,
    /// Hand annotations of some of the documents (an annotation file or folder, or a corpus
    /// folder, as `argmine eval --gold` reads): their reports also draw the gold links argmine
    /// missed, outline units whose role differs, and follow every gold chain from an evidence
    /// unit to its root claim step by step.
    #[arg(long)]
    gold: Option<PathBuf>,
}

pub fn convert(args: ConvertArgs) -> Result<ExitCode> {
    convert_with_gold(args, None)
}

fn convert_with_gold(args: ConvertArgs, gold: Option<&std::path::Path>) -> Result<ExitCode> {
    let docs = read_jsonl(&args.input)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let _lock = crate::output::OutLock::acquire(&args.out)?;
    crate::output::remove_stale_temporaries(&args.out);
    let mut w = FormatWriter::new(&args.out, &args.format)?;
    if let Some(g) = gold {
        let annotated = crate::gold::load(g, crate::gold::Format::Auto)?;
        let ids: std::collections::HashSet<&str> =
            annotated.iter().map(|a| a.id.as_str()).collect();
        let matched = docs
            .iter()
            .filter(|d| ids.contains(d.doc_id.as_str()))
            .count();
        if matched == 0 {
            let mut some: Vec<&str> = ids.iter().copied().collect();
            some.sort_unstable();
            some.truncate(3);
            eprintln!(
                "argmine: --gold {} annotates none of these {} (it annotates {}{}): no report shows a hand annotation",
                g.display(),
                crate::mine::counted(docs.len(), "document"),
                some.join(", "),
                if ids.len() > 3 { ", ..." } else { "" }
            );
        } else {
            eprintln!(
                "argmine: the hand annotation of {} drawn into {} of {} reports",
                g.display(),
                crate::mine::thousands(matched),
                crate::mine::thousands(docs.len())
            );
        }
        w = w.with_gold(annotated, &g.display().to_string());
    }
    let maps = docs
        .iter()
        .map(|d| d.to_map())
        .collect::<argmine::Result<Vec<_>>>()?;
    if args.format.contains(&Format::Csv) {
        let pairs: Vec<(&str, &argmine::ArgumentMap)> = docs
            .iter()
            .zip(&maps)
            .map(|(d, m)| (d.path.as_str(), m))
            .collect();
        let csv = argmine::export::CsvOptions { raw: args.csv_raw };
        crate::output::write_csv_folder(&args.out, &pairs, csv)?;
    }
    for (doc, map) in docs.iter().zip(&maps) {
        w.write(map, &doc.path, &doc.text)?;
    }
    w.finish()?;
    eprintln!(
        "argmine: {} -> {}",
        crate::mine::counted(docs.len(), "document"),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn render(args: RenderArgs) -> Result<ExitCode> {
    convert_with_gold(
        ConvertArgs {
            input: args.input,
            out: args.out,
            format: vec![Format::Html],
            csv_raw: false,
        },
        args.gold.as_deref(),
    )
}
