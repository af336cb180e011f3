//! The `argmine` command line: argument parsing, paths, progress bars, messages and exit codes.
//! The NLP (segmenting, features, training, decoding, scoring) is the library's; the binary walks
//! folders, reads and writes files, and calls it.

mod convert;
mod cv;
mod eval;
mod finetune;
mod formats;
mod gold;
mod inputs;
mod lexicon;
mod mine;
mod output;
mod train;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Argument mining for analysis articles: claims, evidence, stances and the links between them.
#[derive(Debug, Parser)]
#[command(name = "argmine", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Turn articles into CSV argument maps (sentences.csv, links.csv, documents.csv).
    Mine(mine::Args),
    /// Write other formats (JSON, brat, AIF, Argdown, DOT, GraphML, HTML) from a mine output.
    Convert(convert::ConvertArgs),
    /// HTML reports (one per document and an index) from a mine output.
    Render(convert::RenderArgs),
    /// Score predictions against gold annotations (roles, links, reachability, with bootstrap CIs).
    Eval(eval::EvalArgs),
    /// Agreement between two annotation sets of the same documents (kappa on roles, link F1).
    Agree(eval::AgreeArgs),
    /// Train the role classifier and the link scorer from annotated corpora.
    Train(train::Args),
    /// Fine-tune a sentence encoder on unit roles (for the `fine_tuned` classifier) or, with
    /// `--links`, on unit pairs (for the `fine_tuned` linker); needs a build with `--features
    /// transformer`.
    Finetune(finetune::Args),
    /// Reproduce the field's evaluation protocols (ArgUNSC, microtexts, CDCP).
    Cv(cv::Args),
    /// Print the default pipeline configuration (JSON), to edit and pass with `--config`.
    Config,
    /// Count a word lexicon from plain-text files (used to repair hyphenation at line breaks).
    BuildLexicon(lexicon::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Mine(a) => mine::run(a),
        Command::Convert(a) => convert::convert(a),
        Command::Render(a) => convert::render(a),
        Command::Eval(a) => eval::run_eval(a),
        Command::Agree(a) => eval::run_agree(a),
        Command::Train(a) => train::run(a),
        Command::Finetune(a) => finetune::run(a),
        Command::Cv(a) => cv::run(a),
        Command::BuildLexicon(a) => lexicon::run(a),
        Command::Config => serde_json::to_string_pretty(&argmine::PipelineConfig::default())
            .map(|s| {
                println!("{s}");
                ExitCode::SUCCESS
            })
            .map_err(Into::into),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("argmine: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
