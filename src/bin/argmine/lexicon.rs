//! `argmine build-lexicon`: count a word lexicon from plain-text files.

use crate::inputs::{self, Source};
use crate::output::AtomicFile;
use anyhow::{Context, Result};
use argmine::normalize::Lexicon;
use rayon::prelude::*;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders of plain text (folders recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Where to write the lexicon (TSV: word, count).
    #[arg(long, short)]
    out: PathBuf,
    /// Which files to take from folders.
    #[arg(long, default_value = "*.txt")]
    glob: String,
    /// Keep only word forms seen at least this often.
    #[arg(long, default_value_t = 3)]
    min_count: u64,
    /// A note written into the file's header (say where the text came from).
    #[arg(long, default_value = "")]
    note: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let inputs = inputs::collect(&args.paths, &args.glob)?;
    let mut failed = 0;
    let parts: Vec<Result<Lexicon, String>> = inputs
        .par_iter()
        .map(|i| {
            let Source::File(p) = &i.source else {
                return Err("standard input is not read here".to_string());
            };
            let bytes = std::fs::read(p).map_err(|e| e.to_string())?;
            let text = argmine::ingest::decode(&bytes).map_err(|e| e.to_string())?;
            let mut l = Lexicon::new();
            l.add_text(&text.text);
            Ok(l)
        })
        .collect();
    let mut lex = Lexicon::new();
    for (i, p) in inputs.iter().zip(parts) {
        match p {
            Ok(l) => lex.merge(l),
            Err(e) => {
                failed += 1;
                eprintln!("argmine: {}: {e}", i.display_path());
            }
        }
    }
    lex.prune(args.min_count);
    let mut f = AtomicFile::create(&args.out)?;
    let note = format!(
        "{}\n{} files, forms seen at least {} times",
        args.note,
        inputs.len() - failed,
        args.min_count
    );
    lex.write(&mut f, note.trim())?;
    f.commit()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "argmine: {} word forms -> {}",
        lex.len(),
        args.out.display()
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
