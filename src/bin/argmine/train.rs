//! `argmine train`: learn the role classifier and the link scorer from annotated corpora.

use crate::gold::{self, Format};
use crate::output::AtomicFile;
use anyhow::{bail, Context, Result};
use argmine::annotation::GoldDocument;
use argmine::learn::model::TrainingSummary;
use argmine::learn::{train, TrainSettings};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training data as FORMAT:PATH (FORMAT: argunsc, microtexts, cdcp, brat, json); repeat for
    /// several corpora. Microtexts train the link scorer only: their claim/evidence split follows
    /// the graph, not the wording.
    #[arg(long, required = true)]
    data: Vec<String>,
    /// Folder to write model.bin (and model.json, its header in readable form) into.
    #[arg(long)]
    out: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// L2 penalty.
    #[arg(long, default_value_t = 1e-5)]
    l2: f32,
    /// AdaGrad learning rate.
    #[arg(long, default_value_t = 0.03)]
    learning_rate: f32,
    /// Seed of the example order.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Unannotated plain text (files or folders of *.txt) to draw weak stance labels from; the
    /// pipeline segments it and the weak-label rule picks the stance units.
    #[arg(long)]
    weak_text: Vec<PathBuf>,
    /// Do not derive weak stance labels.
    #[arg(long)]
    no_weak_stance: bool,
}

/// Parse FORMAT:PATH specs and read them: (spec, format, documents).
pub fn load_specs(specs: &[String]) -> Result<Vec<(String, Format, Vec<GoldDocument>)>> {
    let mut out = Vec::new();
    for spec in specs {
        let Some((fmt, path)) = spec.split_once(':') else {
            bail!("--data {spec:?}: expected FORMAT:PATH, e.g. argunsc:../shared/corpora/argunsc");
        };
        let format =
            Format::from_str(fmt, true).map_err(|e| anyhow::anyhow!("--data {spec:?}: {e}"))?;
        let docs = gold::load(std::path::Path::new(path), format)
            .with_context(|| format!("--data {spec}"))?;
        out.push((spec.clone(), format, docs));
    }
    Ok(out)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let data = load_specs(&args.data)?;
    let mut settings = TrainSettings::default();
    settings.train.epochs = args.epochs;
    settings.train.l2 = args.l2;
    settings.train.learning_rate = args.learning_rate;
    settings.train.seed = args.seed;
    settings.weak_stance = !args.no_weak_stance;
    let mut role_docs = Vec::new();
    let mut link_docs = Vec::new();
    let mut summary = TrainingSummary::default();
    for (spec, format, docs) in data {
        summary.data.push(spec);
        summary.documents.push(docs.len());
        if format != Format::Microtexts {
            role_docs.extend(docs.iter().cloned());
        }
        link_docs.extend(docs);
    }
    let started = std::time::Instant::now();
    let mut unlabelled = Vec::new();
    if !args.weak_text.is_empty() {
        let pipeline = argmine::Pipeline::new(&argmine::PipelineConfig::baseline())?;
        for input in crate::inputs::collect(&args.weak_text, "*.txt")? {
            let crate::inputs::Source::File(p) = &input.source else {
                continue;
            };
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            let text =
                argmine::ingest::decode(&bytes).with_context(|| format!("{}", p.display()))?;
            unlabelled.push(pipeline.units(&text.text)?);
        }
        summary.data.push(format!(
            "weak stance text: {}",
            args.weak_text
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        summary.documents.push(unlabelled.len());
    }
    let model = train(&role_docs, &link_docs, &unlabelled, &settings, summary);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let bin = args.out.join("model.bin");
    let mut f = AtomicFile::create(&bin)?;
    model.write(&mut f)?;
    f.commit()?;
    // The header as written, weights checksum included.
    let written = argmine::learn::model::ArgModel::from_file(&bin)?;
    let mut f = AtomicFile::create(&args.out.join("model.json"))?;
    serde_json::to_writer_pretty(&mut f, &written.header)?;
    std::io::Write::write_all(&mut f, b"\n")?;
    f.commit()?;
    let t = &written.header.training;
    eprintln!(
        "argmine: trained in {:.1}s on {} role examples (claim/evidence/stance/none {:?}, {} weak stance) and {} link pairs (none/support/attack {:?}) -> {}",
        started.elapsed().as_secs_f64(),
        t.role_examples.iter().sum::<usize>(),
        t.role_examples,
        t.weak_stance,
        t.link_examples.iter().sum::<usize>(),
        t.link_examples,
        bin.display()
    );
    Ok(ExitCode::SUCCESS)
}
