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
    /// `linear` (hashed features only) or `transformer` (plus all-MiniLM-L6-v2 sentence
    /// embeddings; needs a build with `--features transformer`).
    #[arg(long, value_enum, default_value = "linear")]
    backend: Backend,
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
    let mut texts = unit_texts(&role_docs);
    texts.extend(unit_texts(&link_docs));
    for units in &unlabelled {
        let cues = argmine::classify::cues::doc_cues(units);
        for (u, c) in units.iter().zip(&cues) {
            if argmine::learn::weak_stance(c) {
                texts.push(u.text.clone());
            }
        }
    }
    let cache = embed_texts(args.backend, &texts)?;
    let emb = cache.as_ref().map(|c| (argmine::embed::MINILM, c));
    let model = train(&role_docs, &link_docs, &unlabelled, &settings, emb, summary);
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

/// The feature backend of a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    /// Hashed lexical features and cues.
    Linear,
    /// The same plus all-MiniLM-L6-v2 sentence embeddings.
    Transformer,
}

/// The (folded) texts of the units of `docs`, as the features look them up.
pub fn unit_texts(docs: &[GoldDocument]) -> Vec<String> {
    docs.iter()
        .flat_map(|d| {
            argmine::learn::gold_sentences(d)
                .into_iter()
                .map(|u| u.text)
        })
        .collect()
}

/// Embed `texts` with the backend's encoder (nothing for `linear`).
pub fn embed_texts(backend: Backend, texts: &[String]) -> Result<Option<argmine::embed::EmbCache>> {
    if backend == Backend::Linear {
        return Ok(None);
    }
    let cfg = argmine::embed::TransformerConfig {
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ..Default::default()
    };
    let embedder = argmine::embed::embedder(argmine::embed::MINILM, &cfg)?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let mut cache = argmine::embed::EmbCache::default();
    cache.fill(embedder.as_ref(), &refs)?;
    eprintln!(
        "argmine: embedded {} texts in {:.1}s",
        texts.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(Some(cache))
}
