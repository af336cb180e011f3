//! `argmine eval` and `argmine agree`: scoring against gold annotations.

use crate::gold::{self, Format};
use crate::output::AtomicFile;
use anyhow::{bail, Context, Result};
use argmine::annotation::GoldDocument;
use argmine::eval::{evaluate, PredDocument, Report};
use argmine::export::read_csv_maps;
use argmine::Pipeline;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold annotations: an annotation file or folder, or a corpus folder (ArgUNSC, microtexts,
    /// CDCP, brat).
    #[arg(long)]
    gold: PathBuf,
    /// Format of --gold.
    #[arg(long, value_enum, default_value = "auto")]
    format: Format,
    /// A folder written by `argmine mine` over the gold documents; without it the pipeline is run
    /// on the gold documents' text.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Write the report to <REPORT>.md and <REPORT>.json.
    #[arg(long)]
    report: Option<PathBuf>,
    /// A pipeline configuration (JSON) for the run without --pred.
    #[arg(long, conflicts_with = "model")]
    config: Option<PathBuf>,
    /// The run without --pred with a model `mine --model` names instead of a configuration.
    #[arg(long, value_enum, conflicts_with = "pred")]
    model: Option<crate::mine::Tier>,
    /// Another `argmine mine` folder over the same documents (system A): compare --pred (system
    /// B) with it by a paired bootstrap over documents; --report then writes the comparison.
    #[arg(long, requires = "pred")]
    compare_to: Option<PathBuf>,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

#[derive(Debug, clap::Args)]
pub struct AgreeArgs {
    /// The first annotation set (file or folder).
    a: PathBuf,
    /// The second annotation set of the same documents.
    b: PathBuf,
    /// Format of both sets.
    #[arg(long, value_enum, default_value = "auto")]
    format: Format,
    /// Score only the documents both sets annotate (for example a re-annotated subset); without
    /// it, a document missing from either set is an error.
    #[arg(long)]
    common: bool,
    /// Write the report to <REPORT>.md and <REPORT>.json.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

/// Write `<prefix>.md` and `<prefix>.json` (each atomically), creating the folder.
fn write_md_json(prefix: &Path, md: &str, value: &impl serde::Serialize) -> Result<()> {
    if let Some(dir) = prefix.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut f = AtomicFile::create(&prefix.with_extension("md"))?;
    f.write_all(md.as_bytes())?;
    f.commit()?;
    let mut f = AtomicFile::create(&prefix.with_extension("json"))?;
    serde_json::to_writer_pretty(&mut f, value)?;
    f.write_all(b"\n")?;
    f.commit()?;
    Ok(())
}

fn write_report(prefix: &Path, report: &Report, title: &str, how: &str) -> Result<()> {
    write_md_json(prefix, &report.to_markdown(title, how), report)
}

/// The predictions of an `argmine mine` folder.
fn read_pred_dir(dir: &Path) -> Result<Vec<PredDocument>> {
    let open = |n: &str| {
        std::fs::File::open(dir.join(n))
            .with_context(|| format!("cannot open {}", dir.join(n).display()))
    };
    Ok(read_csv_maps(open("sentences.csv")?, open("links.csv")?)?)
}

/// Each gold document with its prediction (an empty one, reported, when there is none).
fn pair_with_gold<'a>(
    gold: &'a [GoldDocument],
    preds: &'a [PredDocument],
    what: &str,
) -> Result<Vec<(&'a GoldDocument, &'a PredDocument)>> {
    static EMPTY: PredDocument = PredDocument {
        id: String::new(),
        units: Vec::new(),
        links: Vec::new(),
    };
    // Pair by id; a --pred folder made from paths may add folders to the id, so the last path
    // component is tried too.
    let by_id: HashMap<&str, &PredDocument> = preds.iter().map(|p| (p.id.as_str(), p)).collect();
    let by_tail: HashMap<&str, &PredDocument> = preds
        .iter()
        .map(|p| (p.id.rsplit('/').next().unwrap_or(&p.id), p))
        .collect();
    let mut missing = Vec::new();
    let pairs: Vec<_> = gold
        .iter()
        .map(|g| {
            let p = by_id
                .get(g.id.as_str())
                .or_else(|| by_tail.get(g.id.as_str()))
                .copied();
            if p.is_none() {
                missing.push(g.id.clone());
            }
            (g, p.unwrap_or(&EMPTY))
        })
        .collect();
    if missing.len() == gold.len() {
        bail!(
            "{what}: no prediction matches any gold document (ids such as {})",
            gold[0].id
        );
    }
    for m in &missing {
        eprintln!("argmine: {what}: no prediction for gold document {m}: its units count as none");
    }
    Ok(pairs)
}

pub fn run_eval(args: EvalArgs) -> Result<ExitCode> {
    let gold = gold::load(&args.gold, args.format)?;
    let (preds, source) = match &args.pred {
        Some(dir) => {
            let docs = read_pred_dir(dir)?;
            (docs, format!("predictions read from `{}`", dir.display()))
        }
        None => {
            let config = crate::mine::load_config(&args.config, args.model, None)?;
            let pipeline = Pipeline::new(&config)?;
            let maps: Vec<PredDocument> = gold
                .par_iter()
                .map(|g| pipeline.run(&g.id, &g.text).map(|m| PredDocument::from(&m)))
                .collect::<argmine::Result<_>>()?;
            (
                maps,
                "predictions made by running the pipeline on the gold documents' text".to_string(),
            )
        }
    };
    let pairs = pair_with_gold(&gold, &preds, "--pred")?;
    if let Some(a_dir) = &args.compare_to {
        let a_preds = read_pred_dir(a_dir)?;
        let a_pairs = pair_with_gold(&gold, &a_preds, "--compare-to")?;
        let g: Vec<&GoldDocument> = pairs.iter().map(|p| p.0).collect();
        let b: Vec<&PredDocument> = pairs.iter().map(|p| p.1).collect();
        let a: Vec<&PredDocument> = a_pairs.iter().map(|p| p.1).collect();
        let cmp = argmine::eval::compare(&g, &a, &b, args.seed);
        print!("{}", cmp.to_table());
        if let Some(prefix) = &args.report {
            let how = format!(
                "Reproduce: `argmine eval --gold {} --pred {} --compare-to {} --report {}`.",
                args.gold.display(),
                args.pred.as_ref().expect("clap requires --pred").display(),
                a_dir.display(),
                prefix.display()
            );
            write_md_json(prefix, &cmp.to_markdown(&how), &cmp)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = evaluate(&pairs, args.seed);
    print!("{}", report.to_table());
    if let Some(prefix) = &args.report {
        let pred = args
            .pred
            .as_ref()
            .map(|p| format!(" --pred {}", p.display()))
            .unwrap_or_default();
        let config = args
            .config
            .as_ref()
            .map(|p| format!(" --config {}", p.display()))
            .or_else(|| args.model.map(|t| format!(" --model {t}")))
            .unwrap_or_default();
        let how = format!(
            "Gold: `{gold}`; {source}. Reproduce: `argmine eval --gold {gold}{pred}{config} --report {}`.",
            prefix.display(),
            gold = args.gold.display(),
        );
        write_report(
            prefix,
            &report,
            &format!("Evaluation: {}", args.gold.display()),
            &how,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_agree(args: AgreeArgs) -> Result<ExitCode> {
    let a = gold::load(&args.a, args.format)?;
    let b = gold::load(&args.b, args.format)?;
    let a_by_id: HashMap<&str, &GoldDocument> = a.iter().map(|d| (d.id.as_str(), d)).collect();
    let b_by_id: HashMap<&str, &GoldDocument> = b.iter().map(|d| (d.id.as_str(), d)).collect();
    if !args.common {
        for (docs, other, here, there) in [
            (&a, &b_by_id, &args.a, &args.b),
            (&b, &a_by_id, &args.b, &args.a),
        ] {
            if let Some(d) = docs.iter().find(|d| !other.contains_key(d.id.as_str())) {
                bail!(
                    "document {} is annotated in {} but not in {} (--common scores the shared documents only)",
                    d.id,
                    here.display(),
                    there.display()
                );
            }
        }
    }
    let mut shared = Vec::new();
    for d in &a {
        if let Some(&other) = b_by_id.get(d.id.as_str()) {
            if d.text.len() != other.text.len() {
                bail!("document {}: the two sets annotate different texts", d.id);
            }
            shared.push((d, PredDocument::from(other)));
        }
    }
    if shared.is_empty() {
        bail!(
            "{} and {} annotate no document in common",
            args.a.display(),
            args.b.display()
        );
    }
    let pairs: Vec<(&GoldDocument, &PredDocument)> = shared.iter().map(|(d, p)| (*d, p)).collect();
    let report = evaluate(&pairs, args.seed);
    println!(
        "agreement of {} with {} as reference (F1 is symmetric: swapping the sets swaps P and R)",
        args.b.display(),
        args.a.display()
    );
    println!(
        "Cohen's kappa on roles {:.3} [{:.3}, {:.3}]; link F1 strict {:.3}, relaxed {:.3}; observed agreement {:.3}",
        report.kappa.value, report.kappa.lo, report.kappa.hi, report.links_strict.f1.value, report.links_relaxed.f1.value, report.accuracy.value
    );
    print!("{}", report.to_table());
    if let Some(prefix) = &args.report {
        let how = format!(
            "Agreement between `{}` (reference) and `{}`. Reproduce: `argmine agree {} {}{} --report {}`.",
            args.a.display(), args.b.display(), args.a.display(), args.b.display(), if args.common { " --common" } else { "" }, prefix.display()
        );
        write_report(prefix, &report, "Annotator agreement", &how)?;
    }
    Ok(ExitCode::SUCCESS)
}
