//! `argmine train`: learn the role classifier and the link scorer from annotated corpora.

use crate::gold::{self, Format};
use crate::output::AtomicFile;
use anyhow::{bail, Context, Result};
use argmine::annotation::GoldDocument;
use argmine::model::TrainingSummary;
use argmine::model::{train, TrainSettings};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training data as FORMAT:PATH[@WEIGHT] (FORMAT: argunsc, microtexts, cdcp, brat, json;
    /// WEIGHT: how many times each document counts, default 1); repeat for several corpora.
    /// Microtexts train the link scorer only: their claim/evidence split follows the graph, not
    /// the wording.
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
    /// With the transformer backend: embed under libtorch's CPU autocast (bfloat16 matrix
    /// products; see eval/PERFORMANCE-embed.md).
    #[arg(long)]
    autocast: bool,
    /// Class weights of the role classifier: `balanced` (each class weighs as much as the others
    /// in total) or `none` (every example weighs 1).
    #[arg(long, value_enum, default_value = "balanced")]
    class_weights: ClassWeights,
    /// Class weights of the link scorer (default: as --class-weights).
    #[arg(long, value_enum)]
    link_class_weights: Option<ClassWeights>,
    /// How the link scorer is trained: `pairwise` (each source-candidate pair classified none,
    /// support or attack on its own) or `listwise` (for each source, one softmax over "no link"
    /// and all its candidates, so that candidates compete; no class weights).
    #[arg(long, value_enum, default_value = "pairwise")]
    link_objective: Objective,
    /// Link feature set: 1 (the first), 2 (adds conjunctions of roles with distance and
    /// centrality rank), 3 (2 plus the document's structure: paragraph position, similarity to
    /// the title, paragraph reasons), 4 (3 plus a learned main-claim step: a model of which unit
    /// is the document's main claim, trained with the links, and whether the candidate is it,
    /// learned on gold main claims) or 5 (4 learned on main claims predicted by models trained
    /// without the document, five folds).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=argmine::classify::features::LINK_FEATURES as i64))]
    link_features: u32,
    /// The roles the link scorer trains on: `gold` (the annotated roles; each source's gold
    /// targets are among its candidates) or `crossfit` (each link document's roles predicted by
    /// a role model trained without it, five folds by document, so the scorer learns on roles as
    /// wrong as those of prediction; trains five more role models).
    #[arg(long, value_enum, default_value = "gold")]
    link_roles: LinkRolesArg,
    /// Which units may be a link's target: `claims` (the units the classifier calls claims) or
    /// `argumentative` (every unit it calls claim, evidence or stance; a unit a link points to
    /// becomes a claim, so roles and links are decided together). `argumentative` needs
    /// `--link-roles crossfit`.
    #[arg(long, value_enum, default_value = "claims")]
    link_targets: LinkTargetsArg,
    /// Add link features of the role probabilities (how sure the source's role is, how probable
    /// a claim the candidate is); for use with `--link-roles crossfit`.
    #[arg(long)]
    link_role_probs: bool,
    /// Add link features of the candidate's rank among the source's possible targets by
    /// similarity (in the document, in its paragraph) and its shortfall from the most similar.
    #[arg(long)]
    link_sim_rank: bool,
    /// The main-claim model (link feature sets 4 and 5) also reads the unit's words and cues,
    /// and in greedy decoding the main claim it picks links nowhere.
    #[arg(long)]
    main_words: bool,
    /// Keep a predicted link when the model's probability of a link reaches this.
    #[arg(long, default_value_t = 0.5)]
    link_threshold: f32,
    /// Annotation folders (argmine JSON) whose documents are held out: a `--weak-text` file with
    /// the same sha256 as an annotated document is skipped, so test and development documents
    /// never reach training. Repeatable.
    #[arg(long)]
    holdout: Vec<PathBuf>,
    /// Machine-labelled documents as FORMAT:PATH[@WEIGHT], such as a teacher model's maps turned
    /// into argmine JSON by `scripts/silver.py`: they train the role classifier only, never the
    /// link scorer (a linker would learn its own decoding back). Repeatable.
    #[arg(long, value_name = "SPEC")]
    roles_data: Vec<String>,
}

/// The sha256 of every document annotated under `dirs` (argmine JSON annotations).
fn held_out(dirs: &[PathBuf]) -> Result<std::collections::BTreeSet<String>> {
    let mut out = std::collections::BTreeSet::new();
    for dir in dirs {
        let files = crate::gold::files(dir, ".json");
        if files.is_empty() {
            bail!("--holdout {}: no annotation files", dir.display());
        }
        for f in files {
            let json = std::fs::read_to_string(&f)
                .with_context(|| format!("cannot read {}", f.display()))?;
            let file: argmine::annotation::AnnotationFile = serde_json::from_str(&json)
                .with_context(|| format!("{}: not an argmine annotation", f.display()))?;
            out.insert(file.sha256);
        }
    }
    Ok(out)
}

/// How examples are weighted by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClassWeights {
    /// n / (k · n_class): every class weighs the same in total.
    Balanced,
    /// Every example weighs 1.
    None,
}

/// The roles the link scorer trains on (see `--link-roles`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinkRolesArg {
    /// The annotated roles.
    Gold,
    /// Roles predicted by models trained without the document.
    Crossfit,
}

/// Which units may be a link's target (see `--link-targets`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinkTargetsArg {
    /// The predicted claims.
    Claims,
    /// Every unit predicted argumentative.
    Argumentative,
}

/// The link scorer's objective (see `--link-objective`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Objective {
    /// Each pair on its own.
    Pairwise,
    /// Candidates compete in one softmax per source.
    Listwise,
}

impl Objective {
    /// The library's value.
    pub fn to_lib(self) -> argmine::model::LinkObjective {
        match self {
            Self::Pairwise => argmine::model::LinkObjective::Pairwise,
            Self::Listwise => argmine::model::LinkObjective::Listwise,
        }
    }
}

/// One `--data` spec, read.
pub struct Spec {
    /// The spec as given.
    pub spec: String,
    /// Its format.
    pub format: Format,
    /// Distinct documents read.
    pub distinct: usize,
    /// The documents, each repeated by the spec's weight.
    pub docs: Vec<GoldDocument>,
}

/// Parse FORMAT:PATH[@WEIGHT] specs and read them.
pub fn load_specs(specs: &[String]) -> Result<Vec<Spec>> {
    let mut out = Vec::new();
    for spec in specs {
        // FORMAT:PATH[@WEIGHT]: a weight repeats every document that many times per epoch, so
        // a small in-genre set can count as much as a large out-of-genre corpus.
        let (body, weight) = match spec.rsplit_once('@') {
            Some((b, w)) if !w.is_empty() && w.bytes().all(|c| c.is_ascii_digit()) => {
                let w: usize = w
                    .parse()
                    .map_err(|e| anyhow::anyhow!("--data {spec:?}: weight {w:?}: {e}"))?;
                if w == 0 || w > 1000 {
                    bail!("--data {spec:?}: the weight must be 1 to 1000");
                }
                (b, w)
            }
            _ => (spec.as_str(), 1),
        };
        let Some((fmt, path)) = body.split_once(':') else {
            bail!("--data {spec:?}: expected FORMAT:PATH, e.g. argunsc:../shared/corpora/argunsc");
        };
        let format =
            Format::from_str(fmt, true).map_err(|e| anyhow::anyhow!("--data {spec:?}: {e}"))?;
        let docs = gold::load(std::path::Path::new(path), format)
            .with_context(|| format!("--data {spec}"))?;
        let distinct = docs.len();
        let docs = docs
            .iter()
            .flat_map(|d| std::iter::repeat_n(d, weight))
            .cloned()
            .collect();
        out.push(Spec {
            spec: spec.clone(),
            format,
            distinct,
            docs,
        });
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
    settings.train.balanced = args.class_weights == ClassWeights::Balanced;
    settings.link_balanced =
        args.link_class_weights.unwrap_or(args.class_weights) == ClassWeights::Balanced;
    if !(0.0..=1.0).contains(&args.link_threshold) {
        bail!("--link-threshold must be between 0 and 1");
    }
    settings.threshold = args.link_threshold;
    settings.link_objective = args.link_objective.to_lib();
    settings.features.link_features = args.link_features;
    settings.features.link_role_probs = args.link_role_probs;
    settings.features.link_sim_rank = args.link_sim_rank;
    settings.features.main_words = args.main_words;
    settings.link_roles = match args.link_roles {
        LinkRolesArg::Gold => argmine::model::LinkRoles::Gold,
        LinkRolesArg::Crossfit => argmine::model::LinkRoles::Crossfit,
    };
    settings.link_targets = match args.link_targets {
        LinkTargetsArg::Claims => argmine::model::LinkTargets::Claims,
        LinkTargetsArg::Argumentative => argmine::model::LinkTargets::Argumentative,
    };
    settings.check()?;
    settings.threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut role_docs = Vec::new();
    let mut link_docs = Vec::new();
    let mut summary = TrainingSummary::default();
    for Spec {
        spec,
        format,
        distinct,
        docs,
    } in data
    {
        summary.data.push(spec);
        summary.documents.push(distinct);
        if format != Format::Microtexts {
            role_docs.extend(docs.iter().cloned());
        }
        link_docs.extend(docs);
    }
    for Spec {
        spec,
        distinct,
        docs,
        ..
    } in load_specs(&args.roles_data)?
    {
        summary.data.push(format!("roles only: {spec}"));
        summary.documents.push(distinct);
        role_docs.extend(docs);
    }
    let started = std::time::Instant::now();
    let mut unlabelled = Vec::new();
    let holdout = held_out(&args.holdout)?;
    let mut skipped = 0;
    if !args.weak_text.is_empty() {
        let pipeline = argmine::Pipeline::new(&argmine::PipelineConfig::baseline())?;
        for input in crate::inputs::collect(&args.weak_text, "*.txt")? {
            let crate::inputs::Source::File(p) = &input.source else {
                continue;
            };
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            if holdout.contains(&argmine::util::sha256_hex(&bytes)) {
                skipped += 1;
                continue;
            }
            let text =
                argmine::ingest::decode(&bytes).with_context(|| format!("{}", p.display()))?;
            unlabelled.push(pipeline.units(&text.text)?);
        }
        summary.data.push(format!(
            "weak stance text: {}{}",
            args.weak_text
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if skipped > 0 {
                format!(" ({skipped} held-out documents skipped)")
            } else {
                String::new()
            }
        ));
        summary.documents.push(unlabelled.len());
    }
    let texts = argmine::model::train::texts_to_embed(&role_docs, &link_docs, &unlabelled);
    let cache = embed_texts(args.backend, &texts, args.autocast)?;
    let emb = cache.as_ref().map(|c| (argmine::embed::MINILM, c));
    let model = train(&role_docs, &link_docs, &unlabelled, &settings, emb, summary);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let bin = args.out.join("model.bin");
    let mut f = AtomicFile::create(&bin)?;
    model.write(&mut f)?;
    f.commit()?;
    // The header as written, weights checksum included.
    let written = argmine::model::ArgModel::from_file(&bin)?;
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

/// Embed `texts` with the backend's encoder (nothing for `linear`).
pub fn embed_texts(
    backend: Backend,
    texts: &[String],
    autocast: bool,
) -> Result<Option<argmine::embed::EmbCache>> {
    if backend == Backend::Linear {
        return Ok(None);
    }
    let cfg = argmine::embed::TransformerConfig {
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        autocast,
        ..Default::default()
    };
    let embedder = argmine::embed::embedder(argmine::embed::MINILM, &cfg)?;
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let mut cache = argmine::embed::EmbCache::default();
    cache.fill(embedder.as_ref(), &refs)?;
    eprintln!(
        "argmine: embedded {} distinct texts (of {}) in {:.1}s",
        cache.len(),
        texts.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(Some(cache))
}
